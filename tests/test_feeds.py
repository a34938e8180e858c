"""JSON Feed and Atom, from real diff events and small records."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from recordparts import history, program_words, record, status

from scraper import PROJECT_URL
from scraper.publish.feeds import (
    EPOCH,
    EXTENSION,
    FEED_DAYS,
    TAG_PREFIX,
    atom_feed,
    feed_id,
    feed_items,
    json_feed,
)
from scraper.publish.report import change_key, count_changes, finding_words, render_day_report
from scraper.read.languages import LANGUAGE_NAMES, LANGUAGES
from scraper.read.records import (
    Section,
)
from scraper.runner import replay
from scraper.track.events import Event, diff_records, page_url
from scraper.words import counted

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


def finding(lang: str, day: date, message: str, kind: str = "finding_appeared") -> Event:
    """A finding event as `translations.finding_events` makes them (message per page)."""
    name = LANGUAGE_NAMES[lang]
    text = message.format(page=f"The {name} page")
    finding_id = f"{lang}/lagging/models/{abs(hash(message)) % 10**8}"
    data = {"id": finding_id, "kind": "lagging", "language": lang, "message": text}
    return Event(
        id=f"{day.isoformat()}/{lang}/{kind}/{finding_id}",
        date=day,
        type=kind,  # type: ignore[arg-type]
        language=lang,
        subject=text,
        before=data if kind == "finding_resolved" else None,
        after=data if kind == "finding_appeared" else None,
        anchor=f"lang-{lang}",
        link=f"translations.md#lang-{lang}",
    )


TRANSLATIONS = [lang for lang in LANGUAGES if lang != "en"]
OMITS = "{page} omits claude-test-9, as the English page of 1 January 2026 did (4 days behind)."


def render_json(events: list[Event], days: int = FEED_DAYS, **urls: str) -> dict[str, Any]:
    urls = urls or {"home_page_url": HOME, "feed_url": f"{HOME}/feed.json"}
    data: dict[str, Any] = json.loads(json_feed(events, days=days, **urls))
    return data


# -- one item per change --------------------------------------------------------------------------


def test_json_feed_has_the_1_1_fields_and_one_item_per_change() -> None:
    events = three_days()
    feed = render_json(events)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["home_page_url"] == HOME and feed["feed_url"] == f"{HOME}/feed.json"
    assert feed["title"] == "Claude model deprecations"
    items = feed["items"]
    # As many items as the report counts changes: claude-test-1's four events of 5 January are
    # one item, as they are one sentence and one change.
    assert len(items) == count_changes(events) < len(events)
    by_id = {e.id: e for e in events}
    for item in items:
        grouped = [by_id[e["id"]] for e in item[EXTENSION]["events"]]
        assert len({change_key(e) for e in grouped}) == 1
        assert {feed_id(e) for e in grouped} == {item["id"]}
        first = grouped[0]
        assert item["url"].startswith(page_url(first.language))
        assert item["title"].startswith(f"{LANGUAGE_NAMES[first.language]}: ")
        assert item["date_published"] == f"{first.date.isoformat()}T00:00:00Z"
        assert item["tags"][-1 - len(item[EXTENSION]["model_ids"])] == first.language
        assert item["content_text"].startswith(item["title"])
        assert item["content_html"].startswith("<p>")
    [deprecated] = [i for i in items if i["id"].endswith("2026-01-05/en/model/claude-test-1")]
    assert deprecated["title"].startswith("English: claude-test-1 is now deprecated (was active)")
    assert {"state_changed", "deprecated_on_changed"} <= set(deprecated["tags"])


def test_feed_keeps_whole_days_newest_first() -> None:
    feed = render_json(three_days())
    dates = [item["date_published"] for item in feed["items"]]
    assert dates == sorted(dates, reverse=True)
    assert dates[0].startswith("2026-02-01") and dates[-1].startswith("2026-01-05")
    newest = render_json(three_days(), days=1)["items"]
    assert [i["id"] for i in newest] == [
        i["id"] for i in feed["items"] if i["date_published"].startswith("2026-02-01")
    ]
    # Forty days of changes: the newest FEED_DAYS days, every item of each.
    many = [
        e.model_copy(update={"date": date(2026, 3, 1) + timedelta(days=n), "id": f"{n}/{e.id}"})
        for n in range(40)
        for e in three_days()[:3]
    ]
    kept = render_json(many)["items"]
    days_kept = {i["date_published"] for i in kept}
    assert len(days_kept) == FEED_DAYS
    assert len(kept) == FEED_DAYS * count_changes(three_days()[:3])


def test_findings_never_push_changes_out_and_a_shared_finding_is_one_item() -> None:
    day = date(2026, 7, 21)
    findings = [
        finding(lang, day, f"{{page}} omits claude-test-{n}, as the English page of "
                "1 January 2026 did (4 days behind).")
        for lang in TRANSLATIONS
        for n in range(30)
    ]  # fmt: skip
    changes = [e for e in three_days() if e.language == "de"]
    changes = [e.model_copy(update={"date": day, "language": "id"}) for e in changes]
    items = render_json([*findings, *changes])["items"]
    # 330 finding events are 30 findings, each said once for the 11 translations.
    shared = [i for i in items if "finding_appeared" in i["tags"]]
    assert len(shared) == 30
    assert all(len(i[EXTENSION]["languages"]) == 11 for i in shared)
    assert shared[0]["title"].startswith("New finding in 11 translations: Omits claude-test-")
    assert (
        "German" in shared[0]["content_text"]
        and "Chinese (Traditional)" in shared[0]["content_text"]
    )
    # The Indonesian page's change is there, before the findings of its day.
    assert items[0]["title"].startswith("Indonesian: claude-test-1 is now deprecated")
    assert len(items) == 30 + count_changes(changes)


def test_finding_items_link_to_the_matrix_or_to_the_page() -> None:
    day = date(2026, 7, 21)
    events = [finding("de", day, OMITS), finding("fr", day, OMITS), finding("ja", day, "{page} x")]
    items = {i.languages: i for i in feed_items(events, feed_url=f"{HOME}/raw/HEAD/diffs/f.json")}
    assert items[("de", "fr")].url == f"{HOME}/raw/HEAD/diffs/translations.md"
    assert items[("ja",)].url == f"{HOME}/raw/HEAD/diffs/translations.md#lang-ja"
    unknown = {i.languages: i for i in feed_items(events)}
    assert unknown[("de", "fr")].url == page_url("de")  # no relative link in a feed
    # The same finding on the same day has one id, whichever pages share it.
    again = feed_items([finding("de", day, OMITS)])[0]
    assert again.id == items[("de", "fr")].id


def test_odd_events_still_make_valid_items() -> None:
    """An event no sentence covers (no model, a model-level type) and a finding in an older
    shape (no "The <Language> page" subject) are items, not a crash."""
    base = three_days()[0]
    odd = base.model_copy(update={"model_id": None, "model_ids": [], "id": "odd/1"})
    older = finding("de", base.date, "{page} x").model_copy(update={"subject": "Something else."})
    feed = render_json([odd, older], home_page_url="", feed_url="")
    check_json_feed(feed)
    assert len(feed["items"]) == 2
    check_atom(atom_feed([odd, older]))
    assert json.loads(json_feed([]))["items"] == []


def test_json_feed_ids_are_unique_and_stable() -> None:
    events = three_days()
    first = json_feed(events, home_page_url=HOME, feed_url=f"{HOME}/feed.json")
    again = json_feed(events[::-1] + events[:3], home_page_url=HOME, feed_url=f"{HOME}/feed.json")
    assert first == again  # order of the input and repeated events do not matter
    ids = [item["id"] for item in json.loads(first)["items"]]
    assert len(ids) == len(set(ids)) == count_changes(events)
    # A later render with one more day keeps the earlier ids.
    more = render_json([*events, *three_days()[:1]])
    assert set(ids) <= {item["id"] for item in more["items"]}


def test_text_changes_carry_their_diff() -> None:
    feed = render_json(three_days())
    text_item = next(i for i in feed["items"] if "page_text_changed" in i["tags"])
    assert "-Models retire.\n+Models <b> & retire." in text_item["content_text"]
    assert "&lt;b&gt; &amp; retire." in text_item["content_html"]


# -- links: absolute when known, none made up ----------------------------------------------------


def test_without_a_known_place_the_feeds_have_no_relative_links() -> None:
    events = three_days()
    for relative in ({}, {"home_page_url": "../", "feed_url": "feed.json"}):
        feed = json.loads(json_feed(events, **relative))
        check_json_feed(feed)
        assert "feed_url" not in feed
        assert feed["home_page_url"] == EN_PAGE  # what the feed follows: a working URL
        assert "url" not in feed["authors"][0]
        atom = atom_feed(events, **relative)
        root = check_atom(atom)
        assert root.find(f"{ATOM}link[@rel='self']") is None
        assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == EN_PAGE
        assert 'href="../"' not in atom and 'href="feed' not in atom
        assert root.find(f"{ATOM}author/{ATOM}uri") is None


def test_with_a_known_place_the_feeds_link_to_it() -> None:
    feed_url = f"{HOME}/raw/HEAD/diffs/feed.atom"
    root = check_atom(atom_feed(three_days(), home_page_url=HOME, feed_url=feed_url))
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == feed_url
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == HOME
    assert root.findtext(f"{ATOM}author/{ATOM}uri") == HOME


# -- Atom ---------------------------------------------------------------------------------------


def check_atom(text: str) -> ET.Element:
    """Well-formed, with what RFC 4287 requires of the feed and of every entry."""
    root = ET.fromstring(text.encode())
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}"), required
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    links = root.findall(f"{ATOM}link")
    assert links and all(link.get("href", "").startswith("https://") for link in links)
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.findtext(f"{ATOM}updated", ""))
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href", "").startswith("https://")
        ids.append(entry.findtext(f"{ATOM}id") or "")
    assert len(ids) == len(set(ids))
    assert all(i.startswith(TAG_PREFIX) and not re.search(r"\s", i) for i in ids)
    return root


def test_atom_is_well_formed_with_one_entry_per_change() -> None:
    events = three_days()
    text = atom_feed(events, title="T", home_page_url=HOME, feed_url=f"{HOME}/feed.atom")
    root = check_atom(text)
    # A tag URI, not the URL: the feed keeps its identity wherever it is published.
    assert root.findtext(f"{ATOM}id") == f"{TAG_PREFIX}feed"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{HOME}/feed.atom"
    assert root.findtext(f"{ATOM}updated") == "2026-02-01T00:00:00Z"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == count_changes(events)
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


def test_atom_days_and_empty_feed() -> None:
    newest = atom_feed(three_days(), home_page_url=HOME, feed_url="f", days=1)
    assert len(ET.fromstring(newest).findall(f"{ATOM}entry")) == count_changes(
        e for e in three_days() if e.date == date(2026, 2, 1)
    )
    empty = check_atom(atom_feed([], home_page_url=HOME, feed_url="f"))
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
    assert set(feed) <= JSON_FEED_KEYS
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert isinstance(feed["items"], list)
    for key in ("home_page_url", "feed_url"):
        assert key not in feed or feed[key].startswith(("https://", "http://"))
    assert feed["home_page_url"]  # the page the feed describes, always given
    for author in feed["authors"]:
        assert author["name"] and set(author) <= {"name", "url", "avatar"}
        assert "url" not in author or author["url"].startswith("https://")
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids))
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_text") or item.get("content_html")  # one of them is required
        assert item["url"].startswith(("https://", "http://"))
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", item["date_published"])
        custom = [key for key in item if key not in JSON_FEED_ITEM_KEYS]
        # Extensions: "_" then a letter, an object with `about` (spec, "Extensions").
        assert custom == [EXTENSION]
        assert re.fullmatch(r"_[a-z][a-z_]*", EXTENSION)
        assert item[EXTENSION]["about"].startswith("https://")
        assert item[EXTENSION]["model_ids"] == sorted(item[EXTENSION]["model_ids"])
        assert item[EXTENSION]["events"] and item[EXTENSION]["languages"]


JSON_FEED_KEYS = {
    "version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url",
    "icon", "favicon", "authors", "language", "expired", "hubs", "items",
}  # fmt: skip
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


def test_the_same_item_has_the_same_id_in_both_feeds() -> None:
    events = three_days()
    json_ids = [item["id"] for item in render_json(events)["items"]]
    atom = atom_feed(events, home_page_url=HOME, feed_url=f"{HOME}/feed.atom")
    atom_ids = [e.findtext(f"{ATOM}id") for e in atom_entries(atom)]
    assert json_ids == atom_ids == [item.id for item in feed_items(events)]
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
    assert [[e["type"] for e in i[EXTENSION]["events"]] for i in for_a] == [["retirement_noted"]]


def test_model_ids_are_filled_for_events_stored_without_them() -> None:
    stored = three_days()[0].model_dump(mode="json")
    del stored["model_ids"]
    assert Event.model_validate(stored).model_ids == [stored["model_id"]]


def test_feed_titles_are_sentences() -> None:
    titles = [item["title"] for item in render_json(three_days())["items"]]
    assert "German: claude-test-1 is now deprecated (was active): deprecated on 5 January 2026, " \
        "retires on 20 April 2026." in titles  # fmt: skip
    assert (
        "English: claude-test-1: retires on 20 May 2026 (was 20 April 2026; 30 days later)."
        in titles
    )
    assert all(program_words(title) == [] for title in titles)


def test_corpus_replay_feeds_are_valid_whole_days_one_item_per_change(
    corpus_dir: Path, tmp_path: Path
) -> None:
    replay(corpus_dir / "pages", tmp_path, commit=False)
    feed = json.loads((tmp_path / "diffs" / "feed.json").read_text(encoding="utf-8"))
    check_json_feed(feed)
    atom = (tmp_path / "diffs" / "feed.atom").read_text(encoding="utf-8")
    check_atom(atom)
    atom_ids = [e.findtext(f"{ATOM}id") for e in atom_entries(atom)]
    assert atom_ids == [item["id"] for item in feed["items"]]
    assert [
        program_words(item["title"]) for item in feed["items"] if program_words(item["title"])
    ] == []
    announced = [i for i in feed["items"] if "deprecation_announced" in i["tags"]]
    assert announced and all(i[EXTENSION]["model_ids"] for i in announced)
    # Every day the feed keeps is whole: as many change items per page as the day's report
    # counts changes, and each finding once, however many translations share it.
    days = sorted({i["date_published"][:10] for i in feed["items"]})
    assert len(days) <= FEED_DAYS
    for day in days:
        path = tmp_path / "diffs" / f"{day}.json"
        events = [Event.model_validate(e) for e in json.loads(path.read_text())["events"]]
        items = [i for i in feed["items"] if i["date_published"].startswith(day)]
        report = render_day_report(date.fromisoformat(day), events)
        for lang in {e.language for e in events if change_key(e)}:
            mine = [i for i in items if i[EXTENSION]["languages"] == [lang]
                    and not i["tags"][0].startswith("finding_")]  # fmt: skip
            said = counted(count_changes(e for e in events if e.language == lang), "change")
            assert f"{said} on [the {LANGUAGE_NAMES[lang]} page]" in report
            assert len(mine) == count_changes(e for e in events if e.language == lang)
        shared = {(e.type, finding_words(e)) for e in events if e.type.startswith("finding_")}
        assert len([i for i in items if i["tags"][0].startswith("finding_")]) == len(shared)
    # 21 July 2026: the Indonesian page's changes are all there, beside the English ones.
    july = [i for i in feed["items"] if i["date_published"].startswith("2026-07-21")]
    assert sum(i[EXTENSION]["languages"] == ["id"] for i in july) > 30


# -- iCalendar ----------------------------------------------------------------------------------


# -- a day's items are made once (issue 14: a day's cost does not grow with the feed) ------------


def test_a_days_items_are_made_once_while_its_events_are_the_same() -> None:
    events = three_days()
    first = feed_items(events)
    again = feed_items([e.model_copy() for e in events])  # equal events, other objects
    assert again == first
    assert all(a is b for a, b in zip(again, first, strict=True))  # kept, not made again
    # A newer day leaves the older days' items as they were made.
    newer = [*events, finding("de", date(2026, 3, 1), OMITS)]
    assert all(any(a is b for b in first) for a in feed_items(newer)[1:])
    # The same JSON Feed text either way.
    assert render_json(events) == render_json([e.model_copy() for e in events])


def test_a_day_whose_events_changed_is_made_again_not_served_stale() -> None:
    day = date(2026, 3, 1)
    before = feed_items([finding("de", day, OMITS)])
    # The same event id with other words: equal ids are not trusted, the events are compared.
    changed = finding("de", day, OMITS).model_copy(update={"subject": "Other words."})
    changed = changed.model_copy(update={"after": {**(changed.after or {}), "message": "New."}})
    after = feed_items([changed])
    assert after[0].id == before[0].id or after[0].title != before[0].title
    assert after[0].events == (changed,)
    assert before[0].events != after[0].events
    feed = json.loads(json_feed([changed], feed_url=f"{HOME}/feed.json"))
    assert feed["items"][0][EXTENSION]["events"][0]["subject"] == "Other words."


def test_kept_items_give_the_text_a_fresh_render_gives() -> None:
    import scraper.publish.feeds as feeds

    events = three_days()
    newer = [
        *events,
        finding("de", date(2026, 3, 1), OMITS),
        finding("fr", date(2026, 3, 1), OMITS),
    ]
    urls = {"home_page_url": HOME, "feed_url": f"{HOME}/feed.atom"}
    atom_feed(events, **urls)  # the older days' entries are made here (one is last in its feed)
    json_feed(events, **urls)
    kept = (atom_feed(newer, **urls), json_feed(newer, **urls))
    for cache in (feeds._DAY_ITEMS, feeds._JSON_ITEMS):
        cache.clear()
    assert kept == (atom_feed(newer, **urls), json_feed(newer, **urls))
