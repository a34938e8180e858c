"""The feeds' entries kept in .tracker/feeds/ (issue 14): a day's feeds cost what the new day
adds, and are byte for byte the feeds made from every day's events (`json_feed`, `atom_feed`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from recordparts import history, record, status

import scraper.publish.feed_cache as feed_cache
from scraper.publish.feeds import FEED_DAYS, DayEntries, atom_feed, json_feed
from scraper.publish.links import Links
from scraper.publish.report import render_day_json
from scraper.read.languages import LANGUAGE_NAMES
from scraper.read.records import PageRecord, dump_json
from scraper.runner import _write_feeds, replay
from scraper.track.events import Event, diff_records
from scraper.track.platforms import PlatformEvent, recent_platform_events
from scraper.track.store import Store

FIRST = date(2026, 3, 2)
DAYS = FEED_DAYS + 8  # with QUIET days left out, 33 reports: the oldest are not in the feeds
TRANSLATIONS = ("de", "ja", "fr", "ko", "pt-BR")
RELATIVE = Links()
ABSOLUTE = Links(repo_url="https://github.com/example/tracker")
# Words a kept entry could carry that look like the feeds' own splice points.
TRICKY = 'Models <b> & "retire" \x07<kept-entries />\n  "items": [] ünïcödé 日本語.'


def english(number: int) -> PageRecord:
    """The English page on day `number`: a model deprecated every day, one retirement moved
    every third day, a reworded overview every fifth."""
    models, deprecations = [], []
    for n in range(number + 1):
        retires = date(2027, 1, 1) + timedelta(days=n + (30 if n % 3 == 0 and n < number else 0))
        models.append(status(f"claude-test-{n}", "deprecated", FIRST, retires))
        deprecations.append(history(FIRST + timedelta(days=n), f"Claude Test {n}",
                                    (f"claude-test-{n}", retires, "claude-next")))  # fmt: skip
    models.append(status(f"claude-new-{number}", "active"))
    overview = f"Models retire ({number // 5}). {TRICKY if number % 5 == 4 else ''}"
    return record("en", models, deprecations, overview=overview)


def translated(lang: str, number: int) -> PageRecord:
    """A translation: the English page of the day before."""
    return english(max(number - 1, 0)).model_copy(update={"language": lang})


def finding(lang: str, day: date, words: str, kind: str = "finding_appeared") -> Event:
    text = f"The {LANGUAGE_NAMES[lang]} page {words}"
    finding_id = f"{lang}/lagging/models/{abs(hash(words)) % 10**8}"
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


def day_events(number: int) -> list[Event]:
    """The events of day `number` (1..): the pages' changes, then findings, some shared."""
    day = FIRST + timedelta(days=number)
    events = diff_records(english(number - 1), english(number), day)
    for lang in TRANSLATIONS:
        events += diff_records(translated(lang, number - 1), translated(lang, number), day)
    if number % 4 == 0:
        events += [finding(lang, day, "omits claude-test-9.") for lang in TRANSLATIONS]
        events += [finding("de", day, f"lags by {number} days {TRICKY}")]
    if number % 4 == 2 and number > 2:
        events += [finding(lang, day, "omits claude-test-9.", "finding_resolved") for lang in
                   TRANSLATIONS[:2]]  # fmt: skip
    return events


def platform_event(day: date, number: int) -> PlatformEvent:
    return PlatformEvent(
        id=f"{day.isoformat()}/bedrock/platform_date_moved/claude-test-{number}",
        date=day,
        type="platform_date_moved",
        platform="bedrock",
        platform_id=f"anthropic.claude-test-{number}-v1:0",
        model_id=f"claude-test-{number}",
        kind="eol",
        before=["2027-01-01"],
        after=["2027-02-01"],
        shift_days=31,
        link="https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html",
    )


def write_report(data: Path, number: int, events: list[Event] | None = None) -> date:
    day = FIRST + timedelta(days=number)
    text = render_day_json(day, day_events(number) if events is None else events)
    (data / "diffs").mkdir(parents=True, exist_ok=True)
    (data / "diffs" / f"{day.isoformat()}.json").write_text(text, encoding="utf-8")
    return day


def write_platforms(data: Path, day: date, numbers: range) -> None:
    folder = data / "diffs" / "platforms"
    folder.mkdir(parents=True, exist_ok=True)
    events = [platform_event(day, n).model_dump(mode="json") for n in numbers]
    text = dump_json({"date": day.isoformat(), "events": events})
    (folder / f"{day.isoformat()}.json").write_text(text, encoding="utf-8")


QUIET = {5, 14, 23, 32}  # days without a report (nothing changed)
EMPTY = DAYS - 4  # a report without events


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data directory with reports of days 1..DAYS - 1 but QUIET ones, and partner platform
    events: before the window, on days with a report, on a quiet day and on the newest."""
    for number in range(1, DAYS):
        if number not in QUIET:
            write_report(tmp_path, number, [] if number == EMPTY else None)
    for number in (2, 14, 20, EMPTY, DAYS - 1):
        write_platforms(tmp_path, FIRST + timedelta(days=number), range(number % 3 + 1))
    return tmp_path


@pytest.fixture(autouse=True)
def new_process() -> Iterator[None]:
    feed_cache._MADE.clear()  # each test starts as a new process would
    yield
    feed_cache._MADE.clear()


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The days whose entries are made (not taken from what was kept)."""
    days: list[date] = []
    made = feed_cache.day_entries

    def spy(day: date, events: Any, **urls: Any) -> DayEntries:
        days.append(day)
        return made(day, events, **urls)

    monkeypatch.setattr(feed_cache, "day_entries", spy)
    return days


def reference(store: Store, links: Links) -> tuple[str, str]:
    """The feeds as `_write_feeds` made them before: every day's events read, validated and
    rendered (`json_feed`, `atom_feed`)."""
    events = [Event.model_validate(e) for day in store.all_event_days()[-FEED_DAYS:]
              for e in store.day_events(day)]  # fmt: skip
    partners = recent_platform_events(store, FEED_DAYS)
    urls: dict[str, Any] = {"home_page_url": links.home_page_url, "platform_events": partners}
    return (
        json_feed(events, feed_url=links.data_url("diffs/feed.json"), **urls),
        atom_feed(events, feed_url=links.data_url("diffs/feed.atom"), **urls),
    )


def nightly(data: Path, links: Links = RELATIVE, store: Store | None = None) -> Store:
    """`_write_feeds` in a new process (what the run writes), checked against `reference`."""
    feed_cache._MADE.clear()
    store = store or Store(data)
    _write_feeds(store, links)
    written = (store.read_data("diffs/feed.json"), store.read_data("diffs/feed.atom"))
    assert written == reference(store, links)
    return store


def kept_days(data: Path) -> list[str]:
    return sorted(p.stem for p in (data / ".tracker" / "feeds").glob("*.json"))


def window(data: Path) -> list[str]:
    return sorted(p.stem for p in (data / "diffs").glob("????-??-??.json"))[-FEED_DAYS:]


# -- the same bytes, rendering only what changed -----------------------------------------------


def test_a_first_run_renders_every_day_and_keeps_them(data: Path, rendered: list[date]) -> None:
    store = nightly(data)
    assert len(rendered) == FEED_DAYS
    assert kept_days(data) == window(data)
    feed = json.loads(store.read_data("diffs/feed.json") or "")
    # The data are what the test means: partner items among the days, odd words carried.
    assert any("bedrock" in i["tags"] for i in feed["items"][1:-1])
    assert any("<kept-entries />" in i["content_text"] for i in feed["items"])
    assert "&lt;kept-entries /&gt;" in (store.read_data("diffs/feed.atom") or "")


def test_the_next_night_renders_only_the_new_day(data: Path, rendered: list[date]) -> None:
    nightly(data)
    oldest = window(data)[0]
    rendered.clear()
    # The next day, as a run stages it: its report is seen through the store, not the disk.
    store = Store(data)
    day = FIRST + timedelta(days=DAYS)
    store.write(store.diffs / f"{day.isoformat()}.json", render_day_json(day, day_events(DAYS)))
    nightly(data, store=store)
    assert rendered == [day]
    assert oldest not in kept_days(data)  # the day that left the window is forgotten
    assert kept_days(data) == [d.isoformat() for d in store.all_event_days()[-FEED_DAYS:]]
    rendered.clear()
    nightly(data, store=store)  # nothing new: nothing rendered
    assert rendered == []


def test_a_second_run_on_the_same_day_renders_that_day_again(
    data: Path, rendered: list[date]
) -> None:
    nightly(data)
    rendered.clear()
    store = Store(data)
    newest = store.all_event_days()[-1]
    earlier = [Event.model_validate(e) for e in store.day_events(newest)]
    more = [finding(lang, newest, "omits claude-test-3.") for lang in ("de", "ko")]
    store.write(store.diffs / f"{newest.isoformat()}.json", render_day_json(newest, earlier + more))
    nightly(data, store=store)
    assert rendered == [newest]


def test_damaged_kept_files_are_made_again_never_used(data: Path, rendered: list[date]) -> None:
    nightly(data)
    folder = data / ".tracker" / "feeds"
    files = sorted(folder.glob("*.json"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    header, _, payload = texts[3].partition("\n")
    damages = {
        0: "garbage \x00\xff{",
        1: "",
        2: texts[2][: len(texts[2]) // 2],  # truncated
        3: header + "\n" + payload.replace("claude-test", "claude-tesT", 1),  # same length
        4: texts[5],  # another day's entries (its key)
        5: texts[5].replace('"version": 1', '"version": 0'),
        6: texts[6].replace('"event_ids": ["', '"event_ids": ["x', 1),
        7: "[1, 2]\n",
        8: texts[8].replace('"json_items": ', '"json_items": 1', 1),
    }
    for position, text in damages.items():
        files[position].write_text(text, encoding="utf-8")
    (folder / "2020-01-01.json").write_text(texts[9], encoding="utf-8")  # a day long gone
    rendered.clear()
    nightly(data)
    assert sorted(d.isoformat() for d in rendered) == sorted(files[p].stem for p in damages)
    assert kept_days(data) == window(data)
    rendered.clear()
    nightly(data)  # made again, and kept again
    assert rendered == []


def test_relative_and_absolute_links_are_kept_apart(data: Path, rendered: list[date]) -> None:
    nightly(data, RELATIVE)
    store = nightly(data, ABSOLUTE)
    assert len(rendered) == 2 * FEED_DAYS  # the URLs are in the key: all made again
    absolute = store.read_data("diffs/feed.json") or ""
    assert ABSOLUTE.data_url("diffs/translations.md") in absolute
    rendered.clear()
    nightly(data, ABSOLUTE)
    assert rendered == []


def test_a_day_reread_in_the_same_process_is_not_served_stale(
    data: Path, rendered: list[date]
) -> None:
    """A replay keeps the days in memory: a changed report is still seen."""
    store = Store(data)
    _write_feeds(store, RELATIVE)
    newest = store.all_event_days()[-1]
    extra = finding("ja", newest, "omits claude-test-4.")
    earlier = [Event.model_validate(e) for e in store.day_events(newest)]
    store.write(
        store.diffs / f"{newest.isoformat()}.json", render_day_json(newest, [*earlier, extra])
    )
    rendered.clear()
    _write_feeds(store, RELATIVE)
    assert rendered == [newest]
    assert (store.read_data("diffs/feed.json"), store.read_data("diffs/feed.atom")) == reference(
        store, RELATIVE
    )


def test_another_version_of_the_tool_makes_the_entries_again(
    data: Path, rendered: list[date], monkeypatch: pytest.MonkeyPatch
) -> None:
    nightly(data)
    monkeypatch.setattr(feed_cache, "_source_digest", lambda: "another version of the sentences")
    rendered.clear()
    nightly(data)
    assert len(rendered) == FEED_DAYS


def test_reports_one_day_cannot_stand_for_give_the_same_feeds(
    data: Path, rendered: list[date]
) -> None:
    """An event dated another day, or one id in two days' reports: the feeds group by the
    events' own days and keep an id's first event, as before."""
    nightly(data)
    store = Store(data)
    days = store.all_event_days()
    moved = [e.model_copy(update={"date": days[-5]}) for e in day_events(DAYS - 1)[:3]]
    earlier = next(day for day in reversed(days[:-1]) if store.day_events(day))
    again = Event.model_validate(store.day_events(earlier)[0])
    events = [*day_events(DAYS - 1)[3:], *moved]
    store.write(store.diffs / f"{days[-1].isoformat()}.json", render_day_json(days[-1], events))
    nightly(data, store=store)
    store = Store(data)
    events = [*day_events(DAYS - 1), again.model_copy(update={"date": days[-1]})]
    store.write(store.diffs / f"{days[-1].isoformat()}.json", render_day_json(days[-1], events))
    nightly(data, store=store)


def test_a_cache_that_cannot_be_written_costs_time_not_the_feeds(
    data: Path, rendered: list[date]
) -> None:
    (data / ".tracker").mkdir()
    (data / ".tracker" / "feeds").write_text("a file where the folder goes", encoding="utf-8")
    nightly(data)
    nightly(data)
    assert len(rendered) == 2 * FEED_DAYS  # nothing kept: every day made again, right


def test_no_reports_give_empty_feeds(tmp_path: Path) -> None:
    nightly(tmp_path)
    nightly(tmp_path, ABSOLUTE)
    write_platforms(tmp_path, FIRST, range(2))  # partner events only
    nightly(tmp_path)


def test_kept_entries_read_back_as_written() -> None:
    day = FIRST + timedelta(days=4)
    entries = DayEntries(day, '    {\n      "a": 1\n    }', "<entry>é\n</entry>")
    kept = feed_cache.KeptDay("k", ("an id",), entries)
    written = kept.to_text().encode("utf-8")
    assert feed_cache.KeptDay.from_bytes(written, "k", day) == kept
    assert feed_cache.KeptDay.from_bytes(written, "other", day) is None
    assert feed_cache.KeptDay.from_bytes(written, "k", day + timedelta(days=1)) is None
    assert feed_cache.KeptDay.from_bytes(written + b" ", "k", day) is None
    assert feed_cache.KeptDay.from_bytes(written.replace("é".encode(), b"\xff"), "k", day) is None


# -- a replay, day after day, and the corpus -----------------------------------------------------


def test_a_replay_writes_the_feeds_every_day_gives(corpus_dir: Path, tmp_path: Path) -> None:
    replay(corpus_dir / "pages", tmp_path, commit=False)
    store = Store(tmp_path)
    assert kept_days(tmp_path) == window(tmp_path)
    written = ((tmp_path / "diffs" / "feed.json").read_text(encoding="utf-8"),
               (tmp_path / "diffs" / "feed.atom").read_text(encoding="utf-8"))  # fmt: skip
    assert written == reference(store, RELATIVE)
    nightly(tmp_path)  # and from the kept files, in a new process
