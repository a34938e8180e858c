"""JSON Feed and Atom, from real diff events and small records."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

from recordparts import history, program_words, record, status

from scraper import PROJECT_URL
from scraper.publish.feeds import (
    EPOCH,
    EXTENSION,
    TAG_PREFIX,
    atom_feed,
    feed_id,
    item_title,
    json_feed,
    newest_first,
)
from scraper.read.records import (
    Section,
)
from scraper.track.events import Event, diff_records
from scraper.track.pipeline import replay

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
        event = by_id[item["id"].removeprefix(TAG_PREFIX).replace("%20", " ")]
        assert item["url"] == event.link
        assert item["title"] == item_title(event)
        assert item["date_published"] == f"{event.date.isoformat()}T00:00:00Z"
        assert item["tags"][:2] == [event.type, event.language]
        assert item["content_text"].startswith(item_title(event))
        assert item["content_html"].startswith("<p>")
        assert item[EXTENSION]["event"] == json.loads(event.model_dump_json())


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
    # A tag URI, not the URL: the feed keeps its identity wherever it is published.
    assert root.findtext(f"{ATOM}id") == f"{TAG_PREFIX}feed"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{HOME}/feed.atom"
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
    event = three_days()[-1].model_copy(update={"text_diff": "bad\x01char & <tag>"})
    root = ET.fromstring(atom_feed([event], home_page_url=HOME, feed_url="f"))
    assert "badchar & <tag>" in (root.findtext(f"{ATOM}entry/{ATOM}content") or "")


# -- one id, model ids, the spec's required fields -----------------------------------------------


def atom_entries(text: str) -> list[ET.Element]:
    return ET.fromstring(text.encode()).findall(f"{ATOM}entry")


def check_json_feed(feed: dict[str, Any]) -> None:
    """What JSON Feed 1.1 requires (and this feed promises) of the document and every item."""
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert isinstance(feed["items"], list)
    for key in ("home_page_url", "feed_url"):
        assert key not in feed or feed[key].startswith(("https://", "http://"))
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids))
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_text") or item.get("content_html")  # one of them is required
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", item["date_published"])
        custom = [key for key in item if key not in JSON_FEED_ITEM_KEYS]
        # Extensions: "_" then a letter, an object with `about` (spec, "Extensions").
        assert custom == [EXTENSION]
        assert re.fullmatch(r"_[a-z][a-z_]*", EXTENSION)
        assert item[EXTENSION]["about"].startswith("https://")
        assert item[EXTENSION]["model_ids"] == sorted(item[EXTENSION]["model_ids"])


JSON_FEED_ITEM_KEYS = {
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "tags", "language",
    "attachments",
}  # fmt: skip


def test_json_feed_follows_the_spec_and_its_extension_has_about() -> None:
    feed = render_json(three_days())
    check_json_feed(feed)
    # `about` documents the extension: the tool's README, wherever the data is published.
    assert feed["items"][0][EXTENSION]["about"] == f"{PROJECT_URL}#json-feed-extension"


def test_the_same_event_has_the_same_id_in_both_feeds() -> None:
    events = three_days()
    json_ids = [item["id"] for item in render_json(events)["items"]]
    atom = atom_feed(events, home_page_url=HOME, feed_url=f"{HOME}/feed.atom")
    atom_ids = [e.findtext(f"{ATOM}id") for e in atom_entries(atom)]
    assert json_ids == atom_ids == [feed_id(e) for e in newest_first(events)]
    spaced = next(e for e in events if " " in e.id)  # a section title in the id
    assert feed_id(spaced) in json_ids and " " not in feed_id(spaced)


def test_announcements_and_retirement_notes_name_their_models() -> None:
    events = three_days()
    announced = next(e for e in events if e.type == "deprecation_announced")
    assert announced.model_id is None and announced.model_ids == ["claude-test-1"]
    section = history(date(2026, 1, 5), "Two", ("claude-a", None, "x"), ("claude-b", None, None))
    noted = diff_records(
        record("en", [], [section]),
        record("en", [], [section.model_copy(update={"retired_on": date(2026, 3, 1)})]),
        date(2026, 3, 1),
    )
    assert [(e.type, e.model_ids) for e in noted] == [
        ("retirement_noted", ["claude-a", "claude-b"])
    ]
    events += noted
    items = {item["id"]: item for item in render_json(events)["items"]}
    for event in (announced, *noted):
        item = items[feed_id(event)]
        assert item[EXTENSION]["model_ids"] == event.model_ids
        assert set(event.model_ids) <= set(item["tags"])
    # Atom: one category per model, in a scheme of its own.
    atom = atom_feed(events, home_page_url=HOME, feed_url="f")
    [entry] = [e for e in atom_entries(atom) if e.findtext(f"{ATOM}id") == feed_id(noted[0])]
    models = [c.get("term") for c in entry.findall(f"{ATOM}category")
              if c.get("scheme") == TAG_PREFIX + "model"]  # fmt: skip
    assert models == ["claude-a", "claude-b"]
    # A consumer filtering by model sees the announcement of its deprecation.
    for_a = [i for i in items.values() if "claude-a" in i[EXTENSION]["model_ids"]]
    assert [i[EXTENSION]["event"]["type"] for i in for_a] == ["retirement_noted"]


def test_model_ids_are_filled_for_events_stored_without_them() -> None:
    stored = three_days()[0].model_dump(mode="json")
    del stored["model_ids"]
    assert Event.model_validate(stored).model_ids == [stored["model_id"]]


def test_feed_titles_are_sentences() -> None:
    titles = [item["title"] for item in render_json(three_days())["items"]]
    assert "German: claude-test-1 is now deprecated (was active)." in titles
    assert (
        "English: claude-test-1: retires on 20 May 2026 (was 20 April 2026; 30 days later)."
        in titles
    )
    assert all(program_words(title) == [] for title in titles)


def test_corpus_replay_feeds_are_valid_with_matching_ids(corpus_dir: Path, tmp_path: Path) -> None:
    replay(corpus_dir / "pages", tmp_path, commit=False)
    feed = json.loads((tmp_path / "diffs" / "feed.json").read_text(encoding="utf-8"))
    check_json_feed(feed)
    assert len(feed["items"]) == 200
    atom = (tmp_path / "diffs" / "feed.atom").read_text(encoding="utf-8")
    atom_ids = [e.findtext(f"{ATOM}id") for e in atom_entries(atom)]
    assert len(set(atom_ids)) == len(atom_ids)
    assert atom_ids == [item["id"] for item in feed["items"]]
    assert [
        program_words(item["title"]) for item in feed["items"] if program_words(item["title"])
    ] == []
    announced = [i for i in feed["items"] if "deprecation_announced" in i["tags"]]
    assert announced and all(i[EXTENSION]["model_ids"] for i in announced)


# -- iCalendar ----------------------------------------------------------------------------------
