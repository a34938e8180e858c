"""JSON Feed and Atom, from real diff events and small records."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

from recordparts import history, record, status

from scraper.events import Event, diff_records
from scraper.feeds import EPOCH, TAG_PREFIX, atom_feed, json_feed
from scraper.records import (
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
