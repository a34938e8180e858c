"""JSON Feed, Atom and the retirement calendar, from real diff events and small records."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

from recordparts import history, record, status

from scraper.events import Event, diff_records
from scraper.feeds import EPOCH, TAG_PREFIX, atom_feed, json_feed, retirement_calendar
from scraper.records import (
    PageRecord,
    Section,
)

HOME = "https://github.com/example/tracker"
ATOM = "{http://www.w3.org/2005/Atom}"
EN_PAGE = "https://platform.claude.com/docs/en/about-claude/model-deprecations"


def three_days() -> list[Event]:
    """Events of three runs: a deprecation, a date move and a wording change (with `&` and `<`)."""
    day_1 = record(
        "en",
        [status("claude-test-1", "active"), status("claude-test-2", "active")],
        overview="Models retire.",
    )
    day_2 = record(
        "en",
        [
            status("claude-test-1", "deprecated", date(2026, 1, 5), date(2026, 4, 20)),
            status("claude-test-2", "active"),
        ],
        [
            history(
                date(2026, 1, 5), "Claude Test 1 model", ("claude-test-1", date(2026, 4, 20), "x")
            )
        ],
        overview="Models retire.",
    )
    day_3 = day_2.model_copy(
        update={
            "models": [
                status("claude-test-1", "deprecated", date(2026, 1, 5), date(2026, 5, 20)),
                status("claude-test-2", "active"),
            ],
            "sections": [Section(anchor="overview", title="Overview", text="Models <b> & retire.")],
        }
    )
    german = [
        record("de", [status("claude-test-1", "active")]),
        record("de", [status("claude-test-1", "deprecated", date(2026, 1, 5), date(2026, 4, 20))]),
    ]
    return [
        *diff_records(day_1, day_2, date(2026, 1, 5)),
        *diff_records(german[0], german[1], date(2026, 1, 6)),
        *diff_records(day_2, day_3, date(2026, 2, 1)),
    ]


def render_json(events: list[Event], limit: int = 200) -> dict[str, Any]:
    text = json_feed(events, home_page_url=HOME, feed_url=f"{HOME}/feed.json", limit=limit)
    data: dict[str, Any] = json.loads(text)
    return data


# -- JSON Feed ---------------------------------------------------------------------------------


def test_json_feed_has_the_1_1_fields() -> None:
    events = three_days()
    feed = render_json(events)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["home_page_url"] == HOME and feed["feed_url"] == f"{HOME}/feed.json"
    assert feed["title"] == "Claude model deprecations"
    items = feed["items"]
    assert isinstance(items, list) and len(items) == len(events)
    by_id = {e.id: e for e in events}
    for item in items:
        event = by_id[item["id"]]
        assert item["url"] == event.link
        assert item["title"] == event.summary()
        assert item["date_published"] == f"{event.date.isoformat()}T00:00:00Z"
        assert item["tags"] == [t for t in (event.type, event.language, event.model_id) if t]
        assert item["content_text"].startswith(event.summary())
        assert item["content_html"].startswith("<p>")


def test_json_feed_is_newest_first_and_bounded() -> None:
    feed = render_json(three_days())
    dates = [item["date_published"] for item in feed["items"]]
    assert dates == sorted(dates, reverse=True)
    assert dates[0].startswith("2026-02-01") and dates[-1].startswith("2026-01-05")
    limited = render_json(three_days(), limit=2)["items"]
    assert [i["id"] for i in limited] == [i["id"] for i in feed["items"][:2]]


def test_json_feed_ids_are_unique_and_stable() -> None:
    events = three_days()
    first = json_feed(events, home_page_url=HOME, feed_url=f"{HOME}/feed.json")
    again = json_feed(events[::-1] + events[:3], home_page_url=HOME, feed_url=f"{HOME}/feed.json")
    assert first == again  # order of the input and repeated events do not matter
    ids = [item["id"] for item in json.loads(first)["items"]]
    assert len(ids) == len(set(ids)) == len(events)
    # A later render with one more day keeps the earlier ids.
    more = render_json([*events, *three_days()[:1]])
    assert set(ids) <= {item["id"] for item in more["items"]}


def test_text_changes_carry_their_diff() -> None:
    feed = render_json(three_days())
    text_item = next(i for i in feed["items"] if "page_text_changed" in i["tags"])
    assert "-Models retire.\n+Models <b> & retire." in text_item["content_text"]
    assert "&lt;b&gt; &amp; retire." in text_item["content_html"]


# -- Atom ---------------------------------------------------------------------------------------


def test_atom_is_well_formed_with_one_entry_per_event() -> None:
    events = three_days()
    text = atom_feed(events, title="T", home_page_url=HOME, feed_url=f"{HOME}/feed.atom")
    root = ET.fromstring(text.encode())
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == f"{HOME}/feed.atom"
    assert root.findtext(f"{ATOM}updated") == "2026-02-01T00:00:00Z"
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(events)
    ids = [e.findtext(f"{ATOM}id") or "" for e in entries]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith(TAG_PREFIX) and not re.search(r"\s", i) for i in ids)
    first = entries[0]
    assert first.findtext(f"{ATOM}updated", "").startswith("2026-02-01")
    link = first.find(f"{ATOM}link")
    assert link is not None and link.get("href", "").startswith(EN_PAGE + "#")
    text_entry = next(
        e
        for e in entries
        if "page_text_changed" in (c.get("term") for c in e.findall(f"{ATOM}category"))
    )
    assert "+Models <b> & retire." in (text_entry.findtext(f"{ATOM}content") or "")


def test_atom_ids_are_stable_and_follow_the_event_ids() -> None:
    events = three_days()
    render = atom_feed(events, home_page_url=HOME, feed_url=f"{HOME}/feed.atom")
    assert render == atom_feed(events[::-1], home_page_url=HOME, feed_url=f"{HOME}/feed.atom")
    ids = [e.findtext(f"{ATOM}id") for e in ET.fromstring(render).findall(f"{ATOM}entry")]
    history_event = next(e for e in events if e.type == "deprecation_announced")
    assert " " in history_event.id  # its subject holds the section title
    assert TAG_PREFIX + history_event.id.replace(" ", "%20") in ids


def test_atom_limit_and_empty_feed() -> None:
    limited = atom_feed(three_days(), home_page_url=HOME, feed_url="f", limit=3)
    assert len(ET.fromstring(limited).findall(f"{ATOM}entry")) == 3
    empty = ET.fromstring(atom_feed([], home_page_url=HOME, feed_url="f"))
    assert empty.findtext(f"{ATOM}updated") == EPOCH
    assert empty.findall(f"{ATOM}entry") == []


def test_atom_drops_characters_xml_cannot_carry() -> None:
    event = three_days()[-1].model_copy(update={"subject": "bad\x01char & <tag>"})
    root = ET.fromstring(atom_feed([event], home_page_url=HOME, feed_url="f"))
    assert "badchar & <tag>" in (root.findtext(f"{ATOM}entry/{ATOM}content") or "")


# -- iCalendar ----------------------------------------------------------------------------------


def calendar_records() -> dict[str, PageRecord]:
    english = record(
        "en",
        [
            status("claude-test-2", "deprecated", date(2025, 10, 28), date(2026, 2, 19)),
            status("claude-test-1", "active", None, date(2026, 9, 1), not_before=True),
            status("claude-test-3", "deprecated", date(2025, 6, 30), date(2026, 2, 19)),
            status("claude-test-4", "active"),  # no date: no event
        ],
        [
            history(
                date(2025, 10, 28),
                "Claude Test 2 model",
                ("claude-test-2", date(2026, 2, 19), "claude-test-9"),
            ),
            history(
                date(2025, 6, 30),
                "Claude Test 3 model",
                ("claude-test-3", date(2026, 2, 19), "claude-test-8"),
                ("claude-test-0", date(2025, 7, 21), None),
            ),
        ],
    )
    german = record("de", [status("claude-test-7", "active", None, date(2030, 1, 1))])
    return {"de": german, "en": english}


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_calendar_has_crlf_lines_folded_at_75_octets() -> None:
    text = retirement_calendar(calendar_records())
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)  # the long DESCRIPTION was folded
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)


def test_calendar_has_one_event_per_dated_model_sorted_by_date() -> None:
    lines = unfold(retirement_calendar(calendar_records()))
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 4
    uids = [line.removeprefix("UID:") for line in lines if line.startswith("UID:")]
    assert uids == [
        "claude-test-0@claude-deprecation-tracker",  # only in the history: still retires
        "claude-test-2@claude-deprecation-tracker",
        "claude-test-3@claude-deprecation-tracker",
        "claude-test-1@claude-deprecation-tracker",
    ]
    starts = [line for line in lines if line.startswith("DTSTART")]
    assert starts == [
        "DTSTART;VALUE=DATE:20250721",
        "DTSTART;VALUE=DATE:20260219",
        "DTSTART;VALUE=DATE:20260219",
        "DTSTART;VALUE=DATE:20260901",
    ]
    assert "claude-test-7" not in "\n".join(lines)  # English wins over German


def test_calendar_summary_description_and_stamp() -> None:
    text = retirement_calendar(calendar_records())
    lines = unfold(text)
    assert "SUMMARY:claude-test-2 retires" in lines
    assert "SUMMARY:claude-test-1 retires not sooner than" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:State: deprecated"))
    assert "Replacement: claude-test-9" in description
    assert f"{EN_PAGE}#2025-10-28-claude-test-2-model" in description
    assert description.count("\\n") == 3  # four lines, newlines escaped
    stamps = [line for line in lines if line.startswith("DTSTAMP:")]
    assert "DTSTAMP:20251028T000000Z" in stamps  # from the data, not the clock
    assert retirement_calendar(calendar_records()) == text


def test_calendar_falls_back_to_another_language_and_escapes_text() -> None:
    records = calendar_records()
    del records["en"]
    records["ja"] = record(
        "ja",
        [status("claude-test-5", "deprecated", date(2025, 1, 1), date(2026, 3, 3))],
        [
            history(
                date(2025, 1, 1),
                "Claude Test 5",
                ("claude-test-5", date(2026, 3, 3), "新しいモデル; 詳細は, ドキュメントを参照" * 3),
            ),
        ],
    )
    text = retirement_calendar(records)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    assert [line for line in lines if line.startswith("UID:")] == [
        "UID:claude-test-7@claude-deprecation-tracker"
    ]  # German comes before Japanese in LANGUAGES
    del records["de"]
    lines = unfold(retirement_calendar(records))
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "新しいモデル\\; 詳細は\\, ドキュメントを参照" in description


def test_empty_calendar_is_still_a_calendar() -> None:
    assert retirement_calendar({}).split("\r\n")[:-1][-1] == "END:VCALENDAR"
