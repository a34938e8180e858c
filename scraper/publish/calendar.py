"""The retirement calendar (`snapshots/retirements.ics`): one all-day event per model retirement.

Built with the `icalendar` library. Each model keeps one UID for ever (derived from its id), so a
subscribed calendar moves the event when the page moves the date; `SEQUENCE` counts those moves,
read from the history of snapshots (and from the previous calendar file, for users who keep one
from a published snapshot). Nothing comes from the clock: `DTSTAMP` is the day the current date
was first seen, so the same data always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent

from scraper.read.records import PageRecord, State
from scraper.track.events import STATUS_ANCHOR, page_url, undated_retirement_words
from scraper.track.history import History, ModelView, Snapshot, load_history, model_views

GENERATOR = "claude-deprecation-tracker"
UID_DOMAIN = "claude-deprecation-tracker"
CALENDAR_NAME = "Claude model retirements"
ALARM_DAYS = (90, 30, 7)


class CalendarError(Exception):
    """A previous calendar could not be read; the message says what to do."""


@dataclass(frozen=True)
class Retirement:
    """A model's retirement as one record of the page states it."""

    model_id: str
    day: date
    not_before: bool
    state: State | None  # None: only the deprecation history names the model
    retired: bool  # shown retired, or its history section says it was retired
    deprecated_on: date | None
    replacement: str | None
    url: str
    from_note: bool = False  # only a note (a callout) states it: no table lists the model


@dataclass(frozen=True)
class Revision:
    """How often a model's retirement moved (the event's SEQUENCE), and since when it is as now."""

    sequence: int
    since: date


def uid(model_id: str) -> str:
    return f"{model_id}@{UID_DOMAIN}"


# Retirements without a day: no dated event, a line in the calendar's description instead.
def undated(record: PageRecord) -> list[str]:
    """`claude-x: retirement to be announced`, per model whose retirement has no day."""
    return _undated(model_views(record))


def _undated(views: Mapping[str, ModelView]) -> list[str]:
    return [
        f"{model_id}: {words}"
        for model_id, view in sorted(views.items())
        if view.retirement_date is None
        and (words := undated_retirement_words(view.retirement_kind, view.retirement_label))
    ]


def retirements(record: PageRecord) -> list[Retirement]:
    """Every model with a retirement date: the status table's, else a note's (a model no table
    lists), else the deprecation history's. A table that says "to be announced" (or a coarse
    time, or words the tool does not read) has no day: no event, whatever the history said."""
    return _retirements(record, model_views(record))


def _retirements(record: PageRecord, views: Mapping[str, ModelView]) -> list[Retirement]:
    found = []
    for model_id, view in views.items():
        if view.retirement_date is None:
            continue
        anchor = view.note_section or view.announcement_anchor or STATUS_ANCHOR
        found.append(
            Retirement(
                model_id=model_id,
                day=view.retirement_date,
                not_before=bool(view.retirement_not_before),
                state=view.state,
                retired=view.state == "retired" or (view.state is None and bool(view.retired_on)),
                deprecated_on=view.deprecated_on,
                replacement=view.replacement,
                url=page_url(record.language, anchor),
                from_note=view.listing == "note",
            )
        )
    return sorted(found, key=lambda r: (r.day, r.model_id))


def revisions(history: History) -> dict[str, Revision]:
    """Per model: how many times its retirement (date or "not sooner than") changed, and the day
    of the snapshot that first showed the current one."""
    current: dict[str, tuple[date, bool]] = {}
    found: dict[str, Revision] = {}
    for snapshot in history.snapshots:
        for retirement in retirements(snapshot.record):
            value = (retirement.day, retirement.not_before)
            before = current.get(retirement.model_id)
            if before == value:
                continue
            current[retirement.model_id] = value
            moves = found[retirement.model_id].sequence + 1 if before is not None else 0
            found[retirement.model_id] = Revision(sequence=moves, since=snapshot.day)
    return found


@dataclass(frozen=True)
class _Previous:
    sequence: int
    day: date
    tentative: bool
    stamp: date


def read_previous(data: bytes) -> dict[str, _Previous]:
    """The events of a calendar this module wrote before, by UID."""
    try:
        calendar = Calendar.from_ical(data)
        found = {}
        for event in calendar.walk("VEVENT"):
            start = event.decoded("DTSTART")
            stamp = event.decoded("DTSTAMP")
            found[str(event["UID"])] = _Previous(
                sequence=int(event.get("SEQUENCE", 0)),
                day=start.date() if isinstance(start, datetime) else start,
                tentative=str(event.get("STATUS", "")).upper() == "TENTATIVE",
                stamp=stamp.date() if isinstance(stamp, datetime) else stamp,
            )
        return found
    except (ValueError, KeyError, TypeError) as error:
        raise CalendarError(
            f"the previous calendar could not be read ({error}); write to another file or delete it"
        ) from None


def retirement_calendar(
    record: PageRecord | None,
    *,
    history: Mapping[str, Revision] | None = None,
    previous: Mapping[str, _Previous] | None = None,
    as_of: date | None = None,
) -> str:
    """The iCalendar text (RFC 5545) of a record's retirements.

    `history` gives each model's SEQUENCE and DTSTAMP; `previous` (a calendar written before)
    raises SEQUENCE where the date moved since; `as_of` (the snapshot's day) stamps events
    neither knows.
    """
    views = model_views(record) if record is not None else {}  # read once for both
    found = _retirements(record, views) if record is not None else []
    return _render(
        tuple((r, _revision(r, (history or {}).get(r.model_id), previous, as_of)) for r in found),
        tuple(_undated(views)),
    )


@lru_cache(maxsize=16)  # a replay renders the same calendar on many days: build it once
def _render(events: tuple[tuple[Retirement, Revision], ...], without_day: tuple[str, ...]) -> str:
    calendar = Calendar()
    calendar.add("prodid", f"-//{GENERATOR}//retirements//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    said = "When each Claude model retires, from Anthropic's model deprecations page."
    if without_day:  # said once, here: a dated event would invent a day
        said += " Without a day (no event): " + "; ".join(without_day) + "."
    calendar.add("x-wr-caldesc", said)
    # A calendar's text is its own lines, then each event's, then its END line; an event is
    # rendered once and kept, since from one day to the next most events stay as they were.
    head: str = calendar.to_ical().decode("utf-8")
    end = "END:VCALENDAR\r\n"
    assert head.endswith(end)
    body = "".join(_event_text(retirement, revision) for retirement, revision in events)
    return head[: -len(end)] + body + end


@lru_cache(maxsize=1024)
def _event_text(retirement: Retirement, revision: Revision) -> str:
    body: bytes = _event(retirement, revision).to_ical()
    return body.decode("utf-8")


def _revision(
    retirement: Retirement,
    known: Revision | None,
    previous: Mapping[str, _Previous] | None,
    as_of: date | None,
) -> Revision:
    # Without history or a previous file, the best stamp the data has: the snapshot's day.
    fallback = as_of or retirement.deprecated_on or retirement.day
    before = (previous or {}).get(uid(retirement.model_id))
    if before is None:
        return known or Revision(sequence=0, since=fallback)
    if (before.day, before.tentative) != (retirement.day, retirement.not_before):
        from_previous = Revision(sequence=before.sequence + 1, since=max(fallback, before.stamp))
    else:
        from_previous = Revision(sequence=before.sequence, since=before.stamp)
    # SEQUENCE never goes down, whichever source knows more moves.
    return max(known or from_previous, from_previous, key=lambda r: (r.sequence, r.since))


def title(retirement: Retirement) -> str:
    """The event's title, a sentence: "claude-opus-5: retires not sooner than 2027-07-24"."""
    day = retirement.day.isoformat()
    if retirement.not_before:
        return f"{retirement.model_id}: retires not sooner than {day}"
    if retirement.retired:
        return f"{retirement.model_id}: retired on {day}"
    return f"{retirement.model_id}: retires on {day}"


_STATE_WORDS: dict[State | None, str] = {
    "active": "is active",
    "legacy": "is legacy",
    "deprecated": "is deprecated",
    "retired": "is retired",
    None: "is no longer in the status table (only the deprecation history names it)",
}


# A model only a note states: what the note says, instead of where a table lists it.
_NOTE_STATE_WORDS: dict[State | None, str] = {
    **{state: f"is named in a note on the page (no table lists it), which says it {words}"
       for state, words in _STATE_WORDS.items() if state is not None},
    None: "is named in a note on the page (no table lists it)",
}  # fmt: skip


def description(retirement: Retirement) -> str:
    model_id, day = retirement.model_id, retirement.day.isoformat()
    words = _NOTE_STATE_WORDS if retirement.from_note else _STATE_WORDS
    state = words[retirement.state]
    if retirement.deprecated_on is not None:
        state += f" (deprecated on {retirement.deprecated_on.isoformat()})"
    if retirement.not_before:
        when = (
            f"It retires not sooner than {day}: the page gives the earliest date, which may "
            "still move (this event is tentative)."
        )
    elif retirement.retired:
        when = f"It was retired on {day}."
    else:
        when = f"It retires on {day}."
    replacement = (
        f"Recommended replacement: {retirement.replacement}."
        if retirement.replacement
        else "The page names no replacement."
    )
    return "\n".join([f"{model_id} {state}.", when, replacement, "", retirement.url])


def _event(retirement: Retirement, revision: Revision) -> CalendarEvent:
    event = CalendarEvent()
    event.add("uid", uid(retirement.model_id))
    event.add("dtstamp", datetime.combine(revision.since, time(0, 0), tzinfo=UTC))
    event.add("dtstart", retirement.day)
    event.add("dtend", retirement.day + timedelta(days=1))
    event.add("sequence", revision.sequence)
    event.add("status", "TENTATIVE" if retirement.not_before else "CONFIRMED")
    event.add("summary", title(retirement))
    event.add("description", description(retirement))
    event.add("url", retirement.url)
    event.add("transp", "TRANSPARENT")
    for days in ALARM_DAYS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-days))
        alarm.add("description", f"In {days} days: {title(retirement)}")
        event.add_component(alarm)
    return event


# -- from a data directory or a published snapshot -----------------------------------------------


def calendar_language(languages: Iterable[str]) -> str | None:
    """The language whose record the calendar follows: English, else the first there is."""
    from scraper.read.languages import language_rank

    ordered = sorted(languages, key=language_rank)
    return ordered[0] if ordered else None


def data_dir_calendar(
    data_dir: Path,
    records: Mapping[str, PageRecord],
    snapshots: Callable[[str], Sequence[tuple[date, PageRecord]]] | None = None,
) -> str:
    """The calendar a data directory publishes: its last good record, with SEQUENCE from the
    dated snapshots of the same language (what `run` writes to snapshots/retirements.ics).

    `snapshots(language)` gives them where the files on disk are not the whole story (a run
    computes everything before it writes); by default they are read from the data directory.
    """
    language = calendar_language(records)
    if language is None:
        return retirement_calendar(None)
    if snapshots is None:
        history = load_history(data_dir, language, source="files")
    else:
        dated = sorted(snapshots(language), key=lambda pair: pair[0])
        found = tuple(Snapshot(day, record, "working tree") for day, record in dated)
        history = History(language, "files", found)
    return retirement_calendar(records[language], history=revisions(history))
