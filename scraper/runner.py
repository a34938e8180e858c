"""The orchestration of the nightly `run` and the `replay` of an archive of captures.

Both go through `apply_readings`: for each language, compare the new reading with the last
good snapshot, guard against broken or stale readings, turn changes into events, then write
snapshots, the day's report and the feeds, and commit once.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from scraper import PROJECT_URL
from scraper.publish.links import Links
from scraper.publish.report import (
    FirstSnapshot,
    commit_message,
    count_changes,
    not_updated,
)
from scraper.read.languages import LANGUAGES, language_rank
from scraper.read.parse import decode, file_format, markdown_copy, parse_text, read_page_bytes
from scraper.read.partners.platforms import PLATFORMS
from scraper.read.records import PageRecord, dump_json
from scraper.track import guards
from scraper.track.consistency import Finding, all_findings
from scraper.track.events import Event, diff_records, same_content
from scraper.track.history_index import HistoryIndex, current_index, save_index
from scraper.track.latest import LatestDocument, LatestLanguage
from scraper.track.platforms import PlatformReading, PlatformsResult, apply_platform_readings
from scraper.track.store import CommitError, Store, checkpoint
from scraper.track.translations import (
    Staleness,
    TranslationsDocument,
    finding_events,
    translations_document,
)
from scraper.words import counted

if TYPE_CHECKING:
    from scraper.fetch import FetchOptions
    from scraper.publish.catalog import ModelsDocument
    from scraper.read.partners.records import PlatformName
    from scraper.track.platforms import PlatformCapture

Status = Literal["first", "changed", "unchanged", "held", "failed"]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Reading:
    """What was read for one language: a record (and its Markdown text), or an error."""

    language: str
    record: PageRecord | None = None
    markdown: str | None = None
    error: str | None = None
    not_modified: bool = False


@dataclass(frozen=True)
class Outcome:
    language: str
    status: Status
    message: str
    events: tuple[Event, ...] = ()
    kept: date | None = None  # held or failed: the day of the last good snapshot still in place
    held_since: date | None = None  # held: the first day of the ongoing hold


class HistoryOrderError(ValueError):
    """A run or capture would put an older reading on top of a newer one."""


@dataclass
class RunResult:
    day: date
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    commit: str | None = None
    written: list[str] = field(default_factory=list)
    firsts: dict[str, FirstSnapshot] = field(default_factory=dict)
    commit_error: str | None = None  # git refused; the files are written, the next run commits
    recovered: str | None = None  # what was done to finish an interrupted run first
    # The holds still going on after this run, of the languages it read (a language that failed
    # tonight stays held since the day its hold began): one failure issue each until it ends.
    holds: dict[str, guards.Hold] = field(default_factory=dict)
    platforms: PlatformsResult = field(default_factory=PlatformsResult)  # partner pages

    @property
    def ok(self) -> bool:
        if self.commit_error is not None:
            return False
        statuses: list[str] = [o.status for o in self.outcomes.values()]
        statuses += [o.status for o in self.platforms.outcomes.values()]
        return all(status not in ("held", "failed") for status in statuses)


def fingerprint(record: PageRecord) -> str:
    data = record.model_dump(mode="json", exclude={"source"})
    return hashlib.sha256(dump_json(data).encode()).hexdigest()[:16]


def apply_readings(
    store: Store,
    readings: Sequence[Reading],
    day: date,
    *,
    commit: bool = True,
    commit_date: date | None = None,
    links: Links | None = None,
    platform_readings: Sequence[PlatformReading] = (),
    keep_indexes: bool = True,
) -> RunResult:
    """Compare, guard, write and commit one run's readings (the heart of `run` and `replay`).

    `links` says where the data is published (feed URLs); default: relative links.
    `platform_readings` are the partner platforms' pages, tracked beside the languages.
    `keep_indexes` writes the history's indexes to .tracker/ (a replay does it once, at its end:
    they grow with the history, and a cache a replay did not keep is extended next time).
    """
    result = RunResult(day=day)
    # Every language's last good record, read once; kept current as readings are accepted.
    latest = {lang: rec for lang in LANGUAGES if (rec := store.latest(lang)) is not None}
    english_anchors = _english_anchors(latest, readings)
    by_language = {r.language: r for r in readings}
    for lang in sorted(by_language, key=language_rank):
        staged = dict(store.pending)
        try:
            outcome, accepted = _apply_one(
                store, by_language[lang], latest.get(lang), day, english_anchors
            )
        except Exception as error:  # one language's surprise never stops the others
            store.pending = staged  # nothing half-done for it
            cause = f"unexpected error while comparing: {type(error).__name__}: {error}"
            outcome, accepted = Outcome(lang, "failed", cause), None
        if accepted is not None:
            latest[lang] = accepted.normalized()
        if outcome.status == "first" and accepted is not None:
            result.firsts[lang] = FirstSnapshot.of(accepted)
        if outcome.status in ("held", "failed"):
            outcome = replace(outcome, kept=store.latest_date(lang))
        result.outcomes[lang] = outcome
        result.events.extend(outcome.events)
        if (hold := store.hold(lang)) is not None:
            result.holds[lang] = hold

    result.platforms = apply_platform_readings(store, platform_readings, day)
    translations = _translations(store, latest, result, day, links or Links())
    if result.events or result.platforms.events:
        _write_day(store, day, result, links or Links())
    elif latest and not (store.diffs / "feed.json").is_file():
        _write_feeds(store, links or Links())  # a first run publishes (empty) feeds: no 404
    if latest:
        _write_latest(store, latest, result.findings, translations)
    result.written = store.pending_files()
    checkpoint("staged")
    # The run log's entry is part of the transaction: a day finished from its journal after a
    # kill is logged as read too (a replay run again must not read its pages a second time).
    entry = {
        "day": day.isoformat(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "outcomes": {lang: [o.status, o.message] for lang, o in result.outcomes.items()},
        "events": len(result.events),
    }
    try:
        result.commit = store.save(
            _commit_message(result), day=day, commit=commit, when=commit_date, log=entry
        )
    except CommitError as error:
        result.commit_error = str(error)
        store.log_run({**entry, "commit": None, "commit_error": result.commit_error})
    if keep_indexes:
        _keep_indexes(store)
    return result


def _keep_indexes(store: Store) -> None:
    for lang in list(store.indexes):
        save_index(store, lang)


def held_texts(result: RunResult) -> dict[str, list[str]]:
    """What the report and the commit say of each held language: "not updated since ...: why"."""
    return {
        o.language: [not_updated(o.held_since, o.message) if o.held_since else o.message]
        for o in result.outcomes.values()
        if o.status == "held"
    }


def _commit_message(result: RunResult) -> str:
    from scraper.publish.platforms import platform_commit_lines

    held = held_texts(result)
    failed = {o.language: o.message for o in result.outcomes.values() if o.status == "failed"}
    message = commit_message(result.events, held=held, failed=failed, firsts=result.firsts)
    if not result.events and result.platforms.events:  # the subject says what did change
        subject = f"Partner platforms: {len(result.platforms.events)} changes"
        message = subject + message[message.find("\n") :] if "\n" in message else subject
    return message + platform_commit_lines(result.platforms)


def _english_anchors(latest: dict[str, PageRecord], readings: Sequence[Reading]) -> dict[str, str]:
    """Section anchors of translations mapped to English ones, by announcement date.

    Translated Markdown has no English anchor ids, but the live page uses English slugs in
    every language, so links in reports point at the English anchor of the same section.
    """
    english = next((r.record for r in readings if r.language == "en" and r.record), None)
    english = english or latest.get("en")
    return {d.announced_on.isoformat(): d.anchor for d in english.deprecations} if english else {}


def _apply_one(
    store: Store,
    reading: Reading,
    old: PageRecord | None,
    day: date,
    english_anchors: dict[str, str],
) -> tuple[Outcome, PageRecord | None]:
    """The outcome for one language, and the record that became its last good one (if any)."""
    lang = reading.language
    if reading.error is not None:
        return Outcome(lang, "failed", reading.error), None
    if reading.not_modified or reading.record is None:
        # The validators sent are those of the last good reading: the page is that one again.
        store.clear_hold(lang)
        return Outcome(lang, "unchanged", "not modified since the last run (HTTP 304)"), None
    new = reading.record
    if old is not None and same_content(old, new):
        store.clear_hold(lang)
        return Outcome(lang, "unchanged", "no change"), None
    # Held only on evidence that the copy is damaged or not the page moving forward (see
    # guards). A value the reader does not understand is no such evidence: it is published as
    # written, its warning in the record, and the rest of the page is followed as usual.
    reasons = guards.check(old, new, day, reading.markdown)
    note = ""
    if reasons:
        hold = guards.update_hold(store.hold(lang), reasons, fingerprint(new), day)
        if not guards.confirmed(hold):
            store.save_hold(lang, hold)
            return Outcome(lang, "held", hold.reason, held_since=hold.held_since), None
        note = f" (accepted after being seen on {hold.days_seen} days: {hold.reason})"
    if moved := guards.moved_warnings(old, new, reading.markdown):
        new = new.model_copy(update={"warnings": [*new.warnings, *moved]})
    anchors = _anchor_map(new, english_anchors)
    events = diff_records(old, new, day, anchors=anchors)
    store.save_snapshot(new, day, reading.markdown)
    if old is None:
        said = f"first snapshot: {counted(len(new.models), 'model')}{note}"
        return Outcome(lang, "first", said), new
    said = counted(count_changes(events), "change")  # as the day's report counts them
    return Outcome(lang, "changed", f"{said}{note}", tuple(events)), new


def _anchor_map(record: PageRecord, english_anchors: dict[str, str]) -> dict[str, str]:
    if record.language == "en":
        return {}
    return {
        d.anchor: english_anchors[d.announced_on.isoformat()]
        for d in record.deprecations
        if d.announced_on.isoformat() in english_anchors
    }


def _write_day(store: Store, day: date, result: RunResult, links: Links) -> None:
    from scraper.publish.report import render_day_json, render_day_report

    # A second run on the same day adds to that day's events (ids are unique per change).
    earlier = [Event.model_validate(e) for e in store.day_events(day)]
    seen = {e.id for e in earlier}
    events = earlier + [e for e in result.events if e.id not in seen]
    held = held_texts(result)
    failed = {o.language: o.message for o in result.outcomes.values() if o.status == "failed"}
    from scraper.track.platforms import day_platform_events, platform_sections

    report = render_day_report(day, events, held=held, failed=failed, firsts=result.firsts)
    partners = platform_sections(day_platform_events(store, day), result.platforms.outcomes)
    store.write(
        store.diffs / f"{day.isoformat()}.md", report + ("\n" + partners if partners else "")
    )
    store.write(store.diffs / f"{day.isoformat()}.json", render_day_json(day, events))
    _write_feeds(store, links)


def _write_feeds(store: Store, links: Links) -> None:
    from scraper.publish.feed_cache import cached_feeds
    from scraper.publish.feeds import FEED_DAYS
    from scraper.track.platforms import recent_platform_events

    # Whole days: the newest FEED_DAYS days with events, however many items they make. Each
    # day's entries are kept in .tracker/feeds/: only a new or changed day is rendered.
    json_text, atom_text = cached_feeds(
        store,
        store.all_event_days()[-FEED_DAYS:],
        home_page_url=links.home_page_url,
        json_feed_url=links.data_url("diffs/feed.json"),
        atom_feed_url=links.data_url("diffs/feed.atom"),
        platform_events=recent_platform_events(store, FEED_DAYS),
    )
    store.write(store.diffs / "feed.json", json_text)
    store.write(store.diffs / "feed.atom", atom_text)


# -- where each translation stands ---------------------------------------------------------------

TRANSLATIONS_JSON = "diffs/translations.json"
SCHEMA_URL = f"{PROJECT_URL}/raw/main/schema"  # the tool's published schemas


def _translations(
    store: Store, latest: dict[str, PageRecord], result: RunResult, day: date, links: Links
) -> TranslationsDocument:
    """Judge every translation against the English history; findings that came or went are
    events of the day; diffs/translations.md|json and snapshots/models.json are written."""
    from scraper.publish.catalog import models_document
    from scraper.publish.translations import render_translations_md

    dates = {lang: store.latest_date(lang) for lang in latest}
    index = current_index(store, "en", _retirements) if "en" in latest else None
    previous = _previous_translations(store)
    stale, references = _staleness(store, latest, result, index, previous)
    result.findings = all_findings(latest, dates, index=index, english_for=references)
    document = translations_document(
        result.findings,
        dates,
        stale=stale,
        english_of={lang: when for lang, (when, _) in references.items()},
    )
    # Relative to diffs/, where the day reports sit, when the publication place is unknown.
    matrix_url = links.blob_url("diffs/translations.md") or "translations.md"
    result.events.extend(finding_events(previous, document, day, matrix_url=matrix_url))
    if latest:
        store.write(store.root / TRANSLATIONS_JSON, document.to_json())
        store.write(store.diffs / "translations.md", render_translations_md(document))
        models = models_document(
            latest, result.findings, schema_url=f"{SCHEMA_URL}/models.schema.json", stale=stale
        )
        models = _with_platforms(store, models, latest.get("en"))
        store.write(store.snapshots / "models.json", models.to_json())
    return document


def _with_platforms(
    store: Store, models: ModelsDocument, english: PageRecord | None
) -> ModelsDocument:
    """models.json with each model's fate on every partner platform; snapshots/platforms.json."""
    from scraper.publish.platform_fates import platforms_document
    from scraper.track.platforms import latest_platform_records

    records = latest_platform_records(store)
    if not records:
        return models
    document = platforms_document(records, english)
    store.write(store.snapshots / "platforms.json", document.to_json())
    joined = [
        m.model_copy(update={"platforms": document.models.get(m.model_id, [])})
        for m in models.models
    ]
    return models.model_copy(update={"models": joined})


READ: frozenset[Status] = frozenset({"first", "changed", "unchanged"})  # the page was read


def _staleness(
    store: Store,
    latest: dict[str, PageRecord],
    result: RunResult,
    index: HistoryIndex | None,
    previous: TranslationsDocument | None,
) -> tuple[dict[str, Staleness], dict[str, tuple[date | None, PageRecord]]]:
    """The translations not read today (failed, held, or no reading) and not since English
    changed, and the English revision each is compared with: the one current on the day it was
    last read. A translation English has not moved away from keeps its verdict."""
    english = store.latest_date("en")
    stale: dict[str, Staleness] = {}
    references: dict[str, tuple[date | None, PageRecord]] = {}
    if index is None or english is None:
        return stale, references
    for lang in latest:
        outcome = result.outcomes.get(lang)
        if lang == "en" or (outcome is not None and outcome.status in READ):
            continue
        was = previous.languages.get(lang) if previous is not None else None
        since = (
            was.stale_since
            if was is not None and was.verdict == "stale" and was.stale_since
            else store.last_read(lang, READ)
        ) or store.latest_date(lang)
        if since is None or since >= english:
            continue  # English has not changed since it was read: its verdict still holds
        stale[lang] = Staleness(since, _not_read(outcome))
        revision = index.revision_on(since)
        if revision is not None:
            references[lang] = (revision, store.snapshot("en", revision))
    return stale, references


def _not_read(outcome: Outcome | None) -> str:
    if outcome is None:
        return "not fetched in this run"
    return f"{outcome.status}: {outcome.message}"


def _previous_translations(store: Store) -> TranslationsDocument | None:
    from pydantic import ValidationError

    text = store.read_data(TRANSLATIONS_JSON)
    if text is None:
        return None
    try:
        return TranslationsDocument.model_validate_json(text)
    except ValidationError:
        return None  # an older layout: no appeared/resolved events this once


def _retirements(record: PageRecord) -> list[tuple[str, date, bool]]:
    """The retirements the calendar reads from a record (what its SEQUENCE counts moves of)."""
    from scraper.publish.calendar import retirements

    return [(r.model_id, r.day, r.not_before) for r in retirements(record)]


def _write_latest(
    store: Store,
    latest: dict[str, PageRecord],
    findings: list[Finding],
    translations: TranslationsDocument | None = None,
) -> None:
    from scraper.publish.calendar import Revision, calendar_language, retirement_calendar

    document = LatestDocument(
        schema_url=f"{SCHEMA_URL}/latest.schema.json",
        translations=translations,
        languages={
            lang: LatestLanguage(
                snapshot_date=store.latest_date(lang),
                held_since=hold.held_since if (hold := store.hold(lang)) else None,
                held_reason=hold.reason if hold else None,
                record=record.normalized(),
            )
            for lang, record in latest.items()
        },
        findings=findings,
    )
    data = document.model_dump(mode="json", by_alias=True)
    store.write(store.snapshots / "latest.json", dump_json(data))
    language = calendar_language(latest)
    # The moves of each retirement come from the history's index, not a re-read of history.
    revisions = (
        {
            model: Revision(sequence=sequence, since=since)
            for model, (sequence, since) in current_index(store, language, _retirements)
            .revisions()
            .items()
        }
        if language is not None
        else None
    )
    calendar = retirement_calendar(latest[language] if language else None, history=revisions)
    store.write(store.snapshots / "retirements.ics", calendar)


# -- the nightly run --------------------------------------------------------------------------


PLATFORMS_VARIABLE = "DEPRECATION_TRACKER_PLATFORMS"


def default_platforms() -> tuple[PlatformName, ...]:
    """Every platform, unless $DEPRECATION_TRACKER_PLATFORMS names some (or `none`)."""
    from scraper.cli_partners import platforms_from

    value = os.environ.get(PLATFORMS_VARIABLE, "").strip()
    return platforms_from(value) if value else tuple(PLATFORMS)


def run(
    data_dir: Path,
    *,
    languages: Sequence[str] = LANGUAGES,
    base_url: str | None = None,
    commit: bool = True,
    day: date | None = None,
    progress: Progress | None = None,
    options: FetchOptions | None = None,
    links: Links | None = None,
    lock_wait: float = 10.0,
    platforms: Sequence[PlatformName] | None = None,
    platform_urls: Mapping[str, str] | None = None,
) -> RunResult:
    """Fetch every language, compare with the last snapshots, write and commit what changed.

    The partner `platforms`' pages are fetched too (default: all, or those named by
    $DEPRECATION_TRACKER_PLATFORMS), from `platform_urls` where given; each is its own source:
    one failing or held stops nothing else.

    `options` tunes the fetcher (timeouts, retries); `base_url`, when given, overrides its site.
    One run at a time per data directory: another waits up to `lock_wait` seconds (BusyError).
    A run that was interrupted is finished first. Raises HistoryOrderError when `day` is
    before the newest snapshot of one of `languages`.
    """
    store = Store(data_dir)
    day = day or datetime.now(UTC).date()
    with store.locked(lock_wait):
        recovered = store.recover(commit=commit)
        if recovered and progress:
            progress(recovered)
        _refuse_going_back(store, languages, day)
        chosen = default_platforms() if platforms is None else platforms
        partners = (chosen, platform_urls)
        result = _run_locked(
            store, languages, base_url, commit, day, progress, options, links, partners
        )
        result.recovered = recovered
        return result


def _refuse_going_back(store: Store, languages: Sequence[str], day: date) -> None:
    for lang in languages:
        newest = store.latest_date(lang)
        if newest is not None and day < newest:
            raise HistoryOrderError(
                f"--date {day} is before the newest snapshot of {lang} ({newest}): history "
                "only moves forward. Use a later date, or replay old captures into a new "
                "--data-dir (replay --rebuild)."
            )


def _run_locked(
    store: Store,
    languages: Sequence[str],
    base_url: str | None,
    commit: bool,
    day: date,
    progress: Progress | None,
    options: FetchOptions | None,
    links: Links | None,
    partners: tuple[Sequence[PlatformName], Mapping[str, str] | None] = ((), None),
) -> RunResult:
    from scraper.fetch import FetchOptions, Validators, fetch_languages
    from scraper.fetch_platforms import fetch_platforms
    from scraper.read.partners.ids import catalog_of

    cached = store.http_validators()
    validators = {
        lang: Validators(**data)  # type: ignore[arg-type]
        for lang, data in cached.items()
        if lang in languages and store.has_snapshot(lang)
    }
    options = options or FetchOptions()
    if base_url:
        options = replace(options, base_url=base_url)
    results = fetch_languages(list(languages), options, validators=validators, progress=progress)
    checkpoint("fetched")
    readings = []
    for lang in languages:
        fetched = results[lang]
        if fetched.status == "failed":
            readings.append(Reading(lang, error=fetched.error))
        elif fetched.status == "not_modified":
            readings.append(Reading(lang, not_modified=True))
        else:
            assert fetched.page is not None and fetched.body is not None
            try:
                record = fetched.record  # the models validate the page here
                assert record is not None
                markdown = markdown_copy(decode(fetched.body), record.source.format)
            except Exception as error:  # one language's surprise never stops the others
                cause = f"unexpected error while reading: {type(error).__name__}: {error}"
                readings.append(Reading(lang, error=cause))
                continue
            readings.append(Reading(lang, record=record, markdown=markdown))
    english = next((r.record for r in readings if r.language == "en" and r.record), None)
    english = english or store.latest("en")
    platform_readings = fetch_platforms(
        partners[0],
        urls=partners[1],
        options=options,
        catalog=catalog_of(english) if english else None,
    )
    result = apply_readings(
        store, readings, day, commit=commit, links=links, platform_readings=platform_readings
    )
    for lang in languages:
        fetched = results[lang]
        if fetched.status != "failed" and result.outcomes[lang].status != "held":
            cached[lang] = {
                "format": fetched.validators.format,
                "etag": fetched.validators.etag,
                "last_modified": fetched.validators.last_modified,
            }
    store.save_http_validators(cached)
    return result


# -- replay -------------------------------------------------------------------------------------

_CAPTURE = re.compile(
    r"^(?P<lang>" + "|".join(map(re.escape, LANGUAGES)) + r")__(?P<day>\d{4}-\d{2}-\d{2})__"
    r"(?P<rest>.+)\.(?P<ext>md|html|txt)$"
)
_FORMAT_PREFERENCE = {"md": 0, "html": 1, "txt": 2}


@dataclass(frozen=True)
class Capture:
    path: Path
    language: str
    day: date
    ext: str


def find_captures(directory: Path) -> tuple[list[Capture], list[str]]:
    """Captures named LANG__YYYY-MM-DD__anything.(md|html|txt), and the names not understood."""
    captures, ignored = [], []
    for path in sorted(directory.iterdir()):
        match = _CAPTURE.match(path.name)
        if not path.is_file():
            continue
        if match is None:
            ignored.append(path.name)
            continue
        try:
            day = date.fromisoformat(match["day"])
        except ValueError:
            ignored.append(path.name)
            continue
        captures.append(Capture(path, match["lang"], day, match["ext"]))
    return captures, ignored


def pick_daily(captures: Sequence[Capture]) -> tuple[list[Capture], list[Capture]]:
    """One capture per language and day: the page's own Markdown, else HTML, else mirror text.

    Several captures of one page on one day are the same page seen through different copies;
    replaying all of them would turn their differences (a lagging mirror, a converter's noise)
    into false events. The others are returned as skipped.
    """
    best: dict[tuple[str, date], Capture] = {}
    for capture in sorted(captures, key=lambda c: (_FORMAT_PREFERENCE[c.ext], c.path.name)):
        best.setdefault((capture.language, capture.day), capture)
    chosen = sorted(best.values(), key=lambda c: (c.day, c.language))
    skipped = [c for c in captures if best[(c.language, c.day)] is not c]
    return chosen, skipped


def replay(
    archive: Path,
    data_dir: Path,
    *,
    languages: Sequence[str] | None = None,
    commit: bool = True,
    progress: Progress | None = None,
    links: Links | None = None,
    rebuild: bool = False,
    lock_wait: float = 10.0,
    platforms: Sequence[PlatformName] | None = None,
    on_day: Callable[[RunResult], None] | None = None,
    keep_events: bool = True,
) -> list[RunResult]:
    """Process an archive of captures in date order, as if each day had been a nightly run.

    History only moves forward: a capture not newer than what the data directory already holds
    for its language is skipped (with a message), so replaying an archive twice changes
    nothing. `rebuild` asks for a replay into an empty data directory (HistoryOrderError if it
    has history). A commit that fails stops the replay (its result carries `commit_error`).
    Partner platforms' captures (`<platform>__YYYY-MM-DD__name.md|html`) are replayed beside
    the languages, for `platforms` (default: all, or $DEPRECATION_TRACKER_PLATFORMS).
    Each day's result comes without its `findings` (the day's files hold them). `on_day` is
    given each day's result, whole, as soon as the day is done; with `keep_events` False the
    returned results keep their outcomes, holds and commits but not their events nor the files
    written (a long replay's memory then does not grow with its days: `on_day` sees them).
    """
    from scraper.track.platforms import find_platform_captures, pick_platform_captures

    store = Store(data_dir)
    say = progress or (lambda message: None)
    with store.locked(lock_wait):
        if rebuild and store.has_history():
            raise HistoryOrderError(
                f"{store.root} already has history (snapshots/ or diffs/); --rebuild replays "
                "into an empty data directory: give a new --data-dir, or leave out --rebuild "
                "to add only captures newer than that history."
            )
        recovered = store.recover(commit=commit)
        if recovered:
            say(recovered)
        captures, ignored = find_captures(archive)
        partner_captures, ignored = find_platform_captures(archive, ignored)
        chosen_platforms = default_platforms() if platforms is None else platforms
        partners, partners_skipped = pick_platform_captures(
            store, partner_captures, chosen_platforms
        )
        for message in partners_skipped:
            say(message)
        if languages:
            captures = [c for c in captures if c.language in languages]
        chosen, skipped = pick_daily(captures)
        for name in ignored:
            say(
                f"ignored {name} (not LANG__YYYY-MM-DD__name.md|html|txt, nor "
                "PLATFORM__YYYY-MM-DD__name.md|html)"
            )
        for capture in skipped:
            say(
                f"skipped {capture.path.name} (another capture of {capture.language} "
                f"on {capture.day} is preferred)"
            )
        chosen, behind = _newer_than_history(store, chosen)
        for capture, reason in behind:
            say(f"skipped {capture.path.name}: {reason}")
        try:
            return _replay_days(
                store, chosen, partners, commit, links, recovered, say, on_day, keep_events
            )
        finally:
            _keep_indexes(store)


def _replay_days(
    store: Store,
    chosen: Sequence[Capture],
    partners: Sequence[PlatformCapture],
    commit: bool,
    links: Links | None,
    recovered: str | None,
    say: Progress,
    on_day: Callable[[RunResult], None] | None = None,
    keep_events: bool = True,
) -> list[RunResult]:
    from scraper.read.extract import PageError
    from scraper.read.partners.ids import catalog_of
    from scraper.track.platforms import read_platform_capture

    results: list[RunResult] = []
    reader = CaptureReader()
    for day in sorted({c.day for c in chosen} | {c.day for c in partners}):
        readings = []
        for capture in (c for c in chosen if c.day == day):
            try:
                readings.append(reader.read(capture))
            except (PageError, OSError) as error:
                cause = f"{capture.path.name}: {error}"
                readings.append(Reading(capture.language, error=cause))
            except Exception as error:  # one capture's surprise never stops the replay
                cause = f"{capture.path.name}: unexpected error: {type(error).__name__}: {error}"
                readings.append(Reading(capture.language, error=cause))
        english = next((r.record for r in readings if r.language == "en" and r.record), None)
        english = english or store.latest("en")
        catalog = catalog_of(english) if english else None
        platform_readings = [read_platform_capture(c, catalog) for c in partners if c.day == day]
        result = apply_readings(
            store,
            readings,
            day,
            commit=commit,
            commit_date=day,
            links=links,
            platform_readings=platform_readings,
            keep_indexes=False,
        )
        if not results:
            result.recovered = recovered
        # A day's findings are every inconsistency on the pages that day (hundreds; the day's
        # report and translations.json hold them): kept for all days, a long replay's memory
        # would grow with its length. The events, outcomes and commit stay.
        result.findings = []
        results.append(result)
        summary = ", ".join(
            [f"{o.language} {o.status}" for o in result.outcomes.values()]
            + [f"{o.platform} {o.status}" for o in result.platforms.outcomes.values()]
        )
        say(
            f"{day}: {summary}; "
            f"{counted(count_changes(result.events) + len(result.platforms.events), 'change')}"
            + (f"; commit {result.commit[:10]}" if result.commit else "")
        )
        for lang, said in held_texts(result).items():
            say(f"{day}: {lang} held: {said[0]}")
        if on_day is not None:
            on_day(result)
        if not keep_events:
            results[-1] = _without_events(result)
        if result.commit_error:
            break
    return results


def _without_events(result: RunResult) -> RunResult:
    """What a long replay keeps of a day once it is said: outcomes, holds, commit; no events
    and no list of files written (tens a day: kept for every day, they were a 1000-day
    replay's growing memory)."""
    outcomes = {name: replace(o, events=()) for name, o in result.platforms.outcomes.items()}
    return replace(
        result,
        events=[],
        written=[],
        outcomes={lang: replace(o, events=()) for lang, o in result.outcomes.items()},
        platforms=PlatformsResult(outcomes=outcomes),
    )


class CaptureReader:
    """Reads a replay's captures. Most days most languages' pages are byte for byte the ones
    read the day before: such a capture is not parsed again, its record is the last one with
    this capture as its source (parsing depends on the bytes, the language and the format
    only, so the record is the one a parse would give)."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[str, str, Reading]] = {}  # language -> (sha256, ext, reading)

    def read(self, capture: Capture) -> Reading:
        body = read_page_bytes(capture.path)
        digest = hashlib.sha256(body).hexdigest()
        # The source is the capture's name, not where the archive happens to sit on this
        # machine: replaying the same captures anywhere gives the same snapshots.
        url = capture.path.name
        last = self._last.get(capture.language)
        if last is not None and last[:2] == (digest, capture.ext) and last[2].record is not None:
            record = last[2].record
            source = record.source.model_copy(update={"url": url})
            return replace(last[2], record=record.model_copy(update={"source": source}))
        text = decode(body)
        fmt = file_format(capture.path, text)
        record = parse_text(text, url=url, language=capture.language, fmt=fmt, sha256=digest)
        reading = Reading(capture.language, record, markdown_copy(text, fmt))
        self._last[capture.language] = (digest, capture.ext, reading)
        return reading


def _newer_than_history(
    store: Store, chosen: Sequence[Capture]
) -> tuple[list[Capture], list[tuple[Capture, str]]]:
    """Captures to replay, and those already behind the data directory's history (and why).

    A capture is behind when it is older than its language's newest snapshot or the last day
    a held reading was seen, or is the very capture that newest snapshot was made from; when
    its language was read on a later day (the run log: an unchanged page writes no snapshot);
    or when it is older than the newest day the data directory holds (a report, or
    any language's snapshot). History only moves forward for the whole directory: an old
    day's report is never written again with what later days knew, nor committed after them.
    """
    languages = sorted({*LANGUAGES, *(c.language for c in chosen)})
    days = [d for d in (store.latest_date(lang) for lang in languages) if d is not None]
    directory = max([*days, *store.all_event_days()[-1:]], default=None)
    keep, behind = [], []
    for capture in chosen:
        lang = capture.language
        newest = store.latest_date(lang)
        hold = store.hold(lang)
        latest = store.latest(lang) if newest == capture.day else None
        read = store.last_read(lang, READ)
        if newest is not None and capture.day < newest:
            behind.append((capture, f"older than the newest snapshot of {lang} ({newest})"))
        elif hold is not None and capture.day < hold.last_seen:
            behind.append((capture, f"older than {lang}'s held reading of {hold.last_seen}"))
        elif latest is not None and latest.source.url == capture.path.name:
            behind.append((capture, f"already applied (the snapshot of {lang} of {newest})"))
        elif read is not None and capture.day < read:
            behind.append((capture, f"older than the last day {lang} was read ({read})"))
        elif directory is not None and capture.day < directory:
            behind.append(
                (capture, f"older than the data directory's newest day ({directory}): history "
                 "only moves forward (replay into a new --data-dir to include it)")
            )  # fmt: skip
        else:
            keep.append(capture)
    return keep, behind
