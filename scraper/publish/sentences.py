"""Changes in words: the sentences people read in day reports, commit messages and feeds.

Pure functions over events. A language's changes of one day become `Line`s: one headline
sentence per model (models with exactly the same changes share one line), one per announcement,
parameter row, finding or reworded section. Dates read "20 April 2026" (day, month in words, year:
no reader takes it for 04/20 or 20/04); the data files keep ISO dates. No program words (`None`,
`True`, field names) reach a sentence: every value goes through a wording table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from scraper import human_dates
from scraper.human_dates import iso_day as _iso
from scraper.read.languages import LANGUAGE_NAMES
from scraper.track.events import (
    EVENT_ORDER,
    PARAMETERS_ANCHOR,
    STATUS_ANCHOR,
    UNREAD_WORDS,
    Event,
    as_retirement,
    is_unread,
    retirement_words,
    unread_words,
)
from scraper.words import join_words

human_date = human_dates.human_date  # reports say days as findings do (scraper/human_dates.py)

# How a model's state reads after "is now" / "was".
STATE_WORDS: dict[str | None, str] = {
    "active": "active",
    "legacy": "legacy",
    "deprecated": "deprecated",
    "retired": "retired",
    None: "without a readable state",
}

# Parameter-table columns as a reader names them.
PARAMETER_FIELDS: dict[str, str] = {
    "status": "status",
    "behavior": "behaviour",
    "replacement": "replacement",
}

FINDING_TYPES = ("finding_appeared", "finding_resolved")
HISTORY_TYPES = ("deprecation_announced", "deprecation_removed", "retirement_noted")
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def language_label(lang: str) -> str:
    """`German (de)`; an unknown code as it is."""
    name = LANGUAGE_NAMES.get(lang)
    return f"{name} ({lang})" if name else lang


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


def anchor_date(anchor: str | None) -> date | None:
    """The announcement date a history anchor starts with (`2025-06-30-claude-opus-3-model`)."""
    match = _ISO_PREFIX.match(anchor or "")
    return _iso(match[1]) if match else None


def section_label(anchor: str | None) -> str:
    """What a link to a part of the page is called, so its text names its target."""
    if not anchor:
        return "page"
    if anchor == STATUS_ANCHOR:
        return "status table"
    if anchor == PARAMETERS_ANCHOR:
        return "API parameter table"
    announced = anchor_date(anchor)
    if announced is not None:
        return f"announcement of {human_date(announced)}"
    words = " ".join(anchor.replace("-", " ").split())
    return f"section “{words[:1].upper() + words[1:]}”"


def shift_words(days: int | None) -> str:
    """` (32 days later)` for a moved date; empty when there is no shift."""
    if not days:
        return ""
    unit = "day" if abs(days) == 1 else "days"
    return f" ({abs(days)} {unit} {'later' if days > 0 else 'earlier'})"


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Line:
    """One sentence about one day's changes on one language's page.

    With one model, `text` follows the model id (` is now deprecated: …` or `: retires on …`);
    otherwise (several models, named in it, or a page-level change) it is the whole sentence.
    """

    kind: str  # the most important event type in it (orders lines, picks the commit subject)
    models: tuple[str, ...]
    text: str
    short: str  # a few words for a commit subject
    links: tuple[Link, ...] = ()
    detail: tuple[str, ...] = ()  # further sentences (an announcement's entries)
    diff: str | None = None  # a page-text change's diff

    def plain(self) -> str:
        """The sentence as plain text (commit messages, feeds)."""
        head = self.models[0] + self.text if len(self.models) == 1 else self.text
        return head if head.endswith((".", ":")) else head + "."


# -- one language's lines ------------------------------------------------------------------------


def language_lines(events: Iterable[Event]) -> list[Line]:
    """Every change of one language on one day as sentences, most important first."""
    events = sorted(events, key=_event_key)
    announced = _announced_entries(events)
    by_model: dict[str, list[Event]] = {}
    by_note: dict[str, list[Event]] = {}  # models only a callout states: their own sentences
    page_level: list[Event] = []
    for event in events:
        if event.model_id is not None and event.source == "note":
            by_note.setdefault(event.model_id, []).append(event)
        elif event.model_id is not None and event.type not in (*FINDING_TYPES, *HISTORY_TYPES):
            by_model.setdefault(event.model_id, []).append(event)
        else:
            page_level.append(event)
    # Models whose changes are exactly the same share one line ("the replacement of 5 models…").
    groups: dict[str, list[str]] = {}
    for model_id in sorted(by_model):
        key = _signature(by_model[model_id], announced.get(model_id))
        groups.setdefault(key, []).append(model_id)
    lines = [
        replace(
            model_line(
                tuple(ids),
                by_model[ids[0]],
                announced.get(ids[0]),
                len(ids) > 1,
                sections=_history_anchors(e for model_id in ids for e in by_model[model_id]),
            ),
            links=_links(e for model_id in ids for e in by_model[model_id]),
        )
        for ids in groups.values()
    ]
    lines += [note_line(model_id, by_note[model_id]) for model_id in sorted(by_note)]
    lines.sort(key=_line_rank)
    lines += [history_line(e) for e in page_level if e.type in HISTORY_TYPES]
    rows: dict[str, list[Event]] = {}  # one line per parameter row, whatever fields changed
    for event in page_level:
        if event.type == "parameter_deprecation_changed":
            rows.setdefault(event.subject, []).append(event)
    lines += [parameter_line(row) for row in rows.values()]
    lines += [finding_line(e) for e in page_level if e.type in FINDING_TYPES]
    lines += [renamed_line(e) for e in page_level if e.type == "section_renamed"]
    lines += [text_line(e) for e in page_level if e.type == "page_text_changed"]
    return lines


def event_line(event: Event) -> Line:
    """One event alone as a sentence (a feed item)."""
    if event.model_id is not None and event.source == "note":
        return note_line(event.model_id, [event])
    if event.model_id is not None and event.type not in (*FINDING_TYPES, *HISTORY_TYPES):
        return model_line((event.model_id,), [event], None, False)
    return language_lines([event])[0]


def _event_key(event: Event) -> tuple[Any, ...]:
    return (EVENT_ORDER.index(event.type), event.model_id or "", event.anchor != STATUS_ANCHOR,
            event.id)  # fmt: skip


def _line_rank(line: Line) -> tuple[int, str]:
    first = -1 if line.kind == "deprecated" else EVENT_ORDER.index(line.kind)
    return (first, line.models[0] if line.models else "")


def _announced_entries(events: Sequence[Event]) -> dict[str, dict[str, Any]]:
    """Models of announcements made that day: their retirement date and replacement."""
    found: dict[str, dict[str, Any]] = {}
    for event in events:
        if event.type == "deprecation_announced" and isinstance(event.after, dict):
            for model_id, entry in (event.after.get("entries") or {}).items():
                found.setdefault(model_id, dict(entry or {}))
    return found


def _history_anchors(events: Iterable[Event]) -> tuple[str, ...]:
    """The announcements that events of a group of models sit in, in page order (newest first)."""
    found = {e.anchor for e in events if e.anchor and e.anchor != STATUS_ANCHOR}
    return tuple(sorted(found, reverse=True))


def _sections_words(anchors: Sequence[str]) -> str:
    """`announcements of 30 June 2025 and 21 January 2025` (or each part's own label)."""
    days = [anchor_date(a) for a in anchors]
    if all(days):
        return f"announcements of {join_words([human_date(d) for d in days if d])}"
    return join_words([section_label(a) for a in anchors])


def _signature(events: Sequence[Event], entry: Mapping[str, Any] | None) -> str:
    # Where a change sits in the history is left out: the same change in two sections is one.
    parts = [[e.type, e.anchor == STATUS_ANCHOR, e.before, e.after] for e in events]
    return json.dumps([parts, entry], sort_keys=True, default=str)


# -- a model's line -----------------------------------------------------------------------------


def retirement(value: Any, retire: str = "retires") -> str:
    """A retirement in words, with its kind: `retires not sooner than 14 May 2026`,
    `retirement to be announced`, `retires in Q3 2027 (as written)`."""
    return retirement_words(value, retires=retire, say=human_date)


def _was_retirement(value: Any) -> str:
    """What a retirement was, after "was": `14 May 2026`, `not sooner than 14 May 2026`, `to be
    announced`, `Q3 2027 (as written)`, `none`."""
    found = as_retirement(value)
    if found is None:
        return "none"
    day = human_date(found["date"]) if found.get("date") else ""
    label = found.get("label") or ""
    return {
        "date": day,
        "not_sooner_than": f"not sooner than {day}",
        "to_be_announced": "to be announced",
        "coarse": f"{label} (as written)",
    }.get(str(found["kind"]), f"'{label}'")


def _day(value: Any) -> Any:
    found = as_retirement(value)
    return found.get("date") if found else None


def _retirement_change(event: Event, retire: str) -> str:
    """`retires on 20 April 2026 (was not sooner than 14 May 2026; 24 days earlier)`."""
    if event.before is None:
        return retirement(event.after, retire)
    if event.after is None:
        return f"no retirement date any more (was {_was_retirement(event.before)})"
    shift = shift_words(event.shift_days).strip(" ()")
    return f"{retirement(event.after, retire)} (was {_was_retirement(event.before)}" + (
        f"; {shift})" if shift else ")"
    )


def model_line(
    models: tuple[str, ...],
    events: Sequence[Event],
    entry: Mapping[str, Any] | None,
    plural: bool,
    sections: Sequence[str] = (),
) -> Line:
    """The headline sentence of a model (or of models with the very same changes).

    `sections`: the announcements the whole group's history events sit in (the models of a
    group share their changes, not always the section: one sentence must name every section).
    """
    be, was = ("are", "were") if plural else ("is", "was")
    retire = "retire" if plural else "retires"
    kinds: dict[str, Event] = {e.type: e for e in events}
    status = [e for e in events if e.anchor == STATUS_ANCHOR]
    history = [e for e in events if e.anchor != STATUS_ANCHOR]
    main, short, facts = "", "", []
    kind: str = events[0].type
    if added := kinds.get("model_added"):
        row = added.after if isinstance(added.after, dict) else {}
        main = f"{be} new in the status table, {_state(row.get('state'))}"
        short = "added"
        facts += _row_facts(row, retire)
    elif removed := kinds.get("model_removed"):
        row = removed.before if isinstance(removed.before, dict) else {}
        listed = ", ".join([_state(row.get("state")), *_row_facts(row, retire, past=True)])
        main = f"{was} removed from the status table (listed as {listed})"
        short = "removed from the status table"
    elif moved := kinds.get("listing_changed"):
        main, short = _listing_words(moved, be, retire)
    elif changed := kinds.get("state_changed"):
        before = _state(changed.before) if changed.before is not None else "unreadable"
        main = f"{be} now {_state(changed.after)} ({was} {before})"
        short = f"now {_state(changed.after)}"
        if changed.after == "deprecated":
            kind = "deprecated"
    state_now = kinds["state_changed"].after if "state_changed" in kinds else None
    new_retirement = None
    told_retirement = False  # a fact about the status table's retirement was given
    for event in status:
        if event.type == "deprecated_on_changed":
            facts.append(_change("deprecated on {a}", "deprecation date", event))
        elif event.type == "retirement_date_changed":
            new_retirement = event.after
            told_retirement = True
            facts.append(_retirement_change(event, "retired" if state_now == "retired" else retire))
            short = short or f"retirement {_moved(event)}"
        elif event.type == "retirement_date_firmed":
            facts.append(f"retirement on {human_date(_day(event.after))} is now a fixed date "
                         "(was “not sooner than”)")  # fmt: skip
            short = short or "retirement date fixed"
            told_retirement = True
        elif event.type == "retirement_date_unfirmed":
            facts.append(f"{retire} not sooner than {human_date(_day(event.after))} "
                         "(was a fixed date)")  # fmt: skip
            short = short or "retirement date now tentative"
            told_retirement = True
    for event in events:
        if event.type == "value_not_understood":
            facts.append(_unread_fact(event))
            short = short or f"{_field_noun(event.field)} not read"
        elif event.type == "value_understood":
            facts.append(_understood_fact(event, retire))
            short = short or f"{_field_noun(event.field)} read again"
    replaced = False
    # A group's models may share a change made in different announcements: say all of them.
    several = plural and len(sections) > 1
    for event in history:
        where = _sections_words(sections) if several else section_label(event.anchor)
        if event.type == "replacement_changed":
            replaced = True
            facts.append(_recommends(where, event.before, event.after, plural=several))
            short = short or "replacement changed"
        elif event.type == "retirement_date_changed" and event.after != new_retirement:
            says = "say" if several else "says"
            facts.append(f"the {where} now {says}: {_retirement_change(event, retire)}")
            short = short or f"retirement {_moved(event)}"
        elif event.type == "deprecation_entry_added":
            row = event.after if isinstance(event.after, dict) else {}
            facts.append(f"added to the {where}")
            entry = {**row, **(entry or {})}
            short = short or "added to the deprecation history"
        elif event.type == "deprecation_entry_removed":
            facts.append(f"removed from the {where}")
            short = short or "removed from the deprecation history"
    if entry:
        # `retirement_date`: an entry of an event stored before retirements had kinds.
        retires = entry.get("retirement") or entry.get("retirement_date")
        if retires and not told_retirement and not added:
            facts.append(retirement(retires, retire))
        if entry.get("replacement") and not replaced and not is_unread(entry["replacement"]):
            facts.append(f"replaced by {entry['replacement']}")
        elif is_unread(entry.get("replacement")):
            facts.append(unread_words("replacement", entry["replacement"]))
    links = _links(events)
    short = short or "changed"
    facts = list(dict.fromkeys(facts))  # one change in several sections is said once
    if plural:
        text = _group_text(models, main, facts, events, sections)
        short = f"{len(models)} models {short}" if main else f"{short} for {len(models)} models"
        return Line(kind, models, text, short, links)
    if main:
        text = " " + main + (": " + ", ".join(facts) if facts else "")
    else:
        text = ": " + ", ".join(facts)
    return Line(kind, models, text, f"{models[0]} {short}", links)


def _listing_words(event: Event, be: str, retire: str) -> tuple[str, str]:
    """A model that moved between a note and the status table: (headline, short)."""
    after = event.after if isinstance(event.after, dict) else {}
    before = event.before if isinstance(event.before, dict) else {}
    if after.get("listing") == "status_table":
        said = ", ".join([_state(after.get("state")), *_row_facts(after, retire)])
        return (f"{be} now in the status table: {said} (until now only named in a note)",
                "now in the status table")  # fmt: skip
    fate = _note_fate(after)
    listed = ", ".join([_state(before.get("state")), *_row_facts(before, retire, past=True)])
    said = f"; a note names it: {', '.join(fate)}" if fate else "; a note still names it"
    return (f"{be} no longer in the status table (listed as {listed}){said}",
            "no longer in the status table, named in a note")  # fmt: skip


def _unread_fact(event: Event) -> str:
    """`retirement: 'soonish', not a date the tool reads` (and what it was, if it was read)."""
    said = unread_words(event.field, event.after)
    if event.before is None or is_unread(event.before):
        return said
    return f"{said} (was {_value_words(event.field, event.before)})"


def _field_noun(field: str | None) -> str:
    """What a field's value is called in a sentence: `retirement`, `state`, else `value`."""
    return UNREAD_WORDS.get(field or "", ("value", ""))[0]


def _understood_fact(event: Event, retire: str) -> str:
    noun = _field_noun(event.field)
    now = retirement(event.after, retire) if event.field == "retirement" else (
        _value_words(event.field, event.after))  # fmt: skip
    text = event.before.get("unread") if isinstance(event.before, dict) else None
    if isinstance(event.before, dict) and event.before.get("kind") == "unrecognised":
        text = event.before.get("label")
    return f"{noun} read again: {now} (was '{text or ''}', not read)"


def _value_words(field: str | None, value: Any) -> str:
    if value is None:
        return "none"
    if field == "retirement":
        return _was_retirement(value)
    if field == "deprecated_on":
        return human_date(value)
    if field == "state":
        return _state(value)
    return str(value)


def _recommends(where: str, before: Any, after: Any, *, plural: bool = False) -> str:
    """A replacement rewritten in an announcement (often an old one: a retroactive change);
    `plural`: `where` names several announcements."""
    names, recommends = ("name", "recommend") if plural else ("names", "recommends")
    if is_unread(after):
        return f"the {where} {names} as replacement {unread_words('replacement', after)}"
    if before is None or is_unread(before):
        return f"the {where} now {recommends} {after}"
    if after is None:
        return f"the {where} no longer {recommends} {before}"
    return f"the {where} now {recommends} {after} instead of {before}"


def _group_text(
    models: Sequence[str],
    main: str,
    facts: list[str],
    events: Sequence[Event],
    sections: Sequence[str] = (),
) -> str:
    """A sentence about several models with the very same changes, naming them once."""
    changed = events[0]
    named = f"{len(models)} models ({join_words(list(models))})"
    nouns = {"replacement_changed": "replacement", "retirement_date_changed": "retirement",
             "deprecated_on_changed": "deprecation date"}  # fmt: skip
    single = not main and len(events) == 1 and changed.type in nouns
    if single and changed.type == "replacement_changed" and changed.anchor != STATUS_ANCHOR:
        several = len(sections) > 1  # the same rewrite in several announcements (five at once)
        where = _sections_words(sections) if several else section_label(changed.anchor)
        said = _recommends(where, changed.before, changed.after, plural=several)
        return f"{said[:1].upper()}{said[1:]} for {named}"
    if single and changed.before is not None and changed.after is not None:
        field = "retirement" if changed.type == "retirement_date_changed" else "deprecated_on"
        before, after = (
            _value_words(field, v) if changed.type != "replacement_changed" else str(v)
            for v in (changed.before, changed.after)
        )
        return (
            f"The {nouns[changed.type]} of {named} changed from {before} "
            f"to {after}{shift_words(changed.shift_days)}"
        )
    if main:
        return f"{named} {main}" + (": " + ", ".join(facts) if facts else "")
    return f"{named}: " + ", ".join(facts)


def _row_facts(row: Mapping[str, Any], retire: str, past: bool = False) -> list[str]:
    facts = []
    if is_unread(row.get("model_id")):
        facts.append(unread_words("model_id", row["model_id"]))
    if is_unread(row.get("deprecated_on")):
        facts.append(unread_words("deprecated_on", row["deprecated_on"]))
    elif row.get("deprecated_on"):
        facts.append(f"deprecated on {human_date(row['deprecated_on'])}")
    if row.get("retirement"):
        facts.append(retirement(row["retirement"], "retirement" if past else retire))
    elif row.get("retirement_date"):  # an event stored before retirements had kinds
        verb = "retirement" if past else retire
        qualifier = "not sooner than" if row.get("retirement_not_before") else "on"
        facts.append(f"{verb} {qualifier} {human_date(row['retirement_date'])}")
    return facts


def _state(value: Any) -> str:
    if is_unread(value):
        return unread_words("state", value)
    return STATE_WORDS.get(value, str(value))


def _change(first: str, noun: str, event: Event, *, dates: bool = True) -> str:
    """`first` when a value appears, else "no X any more" or "X changed from A to B"."""
    say = human_date if dates else str
    before, after = event.before, event.after
    if before is None:
        return first.format(a=say(after)) if first else f"{noun} set to {say(after)}"
    if after is None:
        return f"no {noun} any more (was {say(before)})"
    verb = "moved" if dates else "changed"
    return f"{noun} {verb} from {say(before)} to {say(after)}{shift_words(event.shift_days)}"


def _moved(event: Event) -> str:
    found = as_retirement(event.after)
    if found is None:
        return "date removed"
    if found.get("date"):
        return f"moved to {human_date(found['date'])}"
    return {"to_be_announced": "to be announced", "coarse": "now coarse"}.get(
        str(found["kind"]), "not read"
    )


def _links(events: Iterable[Event]) -> tuple[Link, ...]:
    seen: dict[str, Link] = {}
    for event in events:
        fragment = event.link.partition("#")[2]
        seen.setdefault(event.link, Link(section_label(fragment or event.anchor), event.link))
    return tuple(seen.values())


# -- a model only a note states -------------------------------------------------------------------

# (fact when a value appears, noun for "no X any more" / "X moved from A to B", values are dates)
_NOTE_FACTS: dict[str, tuple[str, str, bool]] = {
    "deprecated_on_changed": ("deprecated on {a}", "deprecation date", True),
    "replacement_changed": ("replaced by {a}", "replacement", False),
}


def note_line(model_id: str, events: Sequence[Event]) -> Line:
    """A model whose fate only a callout states: it is named in a note, not in a table."""
    events = sorted(events, key=_event_key)
    kinds = {e.type: e for e in events}
    kind: str = events[0].type
    links = tuple(
        Link(f"note in the {section_label(e.link.partition('#')[2] or e.anchor)}", e.link)
        for e in {e.link: e for e in events}.values()
    )
    if added := kinds.get("model_added"):
        facts = _note_fate(added.after)
        text = " is named in a note" + (": " + ", ".join(facts) if facts else "")
        return Line(kind, (model_id,), text, f"{model_id} named in a note", links)
    if removed := kinds.get("model_removed"):
        facts = _note_fate(removed.before)
        said = f" (it said: {', '.join(facts)})" if facts else ""
        listed = isinstance(removed.after, dict) and removed.after.get("listing") == "status_table"
        said += "; the status table lists it" if listed else ""
        return Line(kind, (model_id,), f" is no longer named in a note{said}",
                    f"{model_id} no longer named in a note", links)  # fmt: skip
    facts = []
    short = "note changed"
    for event in events:
        if event.type == "state_changed":
            if event.after is None:
                facts.append(f"no state stated any more (was {_state(event.before)})")
                continue
            was = f" (was {_state(event.before)})" if event.before is not None else ""
            facts.append(f"now {_state(event.after)}{was}")
            short = f"now {_state(event.after)}"
            kind = "deprecated" if event.after == "deprecated" else kind
        elif event.type == "retirement_date_changed":
            facts.append(_retirement_change(event, "will be retired"))
            short = short if short != "note changed" else f"retirement {_moved(event)}"
        elif event.type in _NOTE_FACTS:
            first, noun, dates = _NOTE_FACTS[event.type]
            facts.append(_change(first, noun, event, dates=dates))
            if short == "note changed":
                short = f"{noun} changed"
    return Line(kind, (model_id,), ", named in a note: " + ", ".join(facts),
                f"{model_id} {short} (note)", links)  # fmt: skip


def _note_fate(value: Any) -> list[str]:
    """What a note states of a model, in words: `deprecated`, `will be retired on …`."""
    fate = value if isinstance(value, Mapping) else {}
    facts = [_state(fate["state"])] if fate.get("state") else []
    if fate.get("deprecated_on"):
        facts.append(f"deprecated on {human_date(fate['deprecated_on'])}")
    if fate.get("retirement"):
        facts.append(retirement(fate["retirement"], "will be retired"))
    elif fate.get("retirement_date"):  # an event stored before retirements had kinds
        facts.append(f"will be retired on {human_date(fate['retirement_date'])}")
    if fate.get("replacement"):
        facts.append(f"replaced by {fate['replacement']}")
    return facts


# -- page-level lines ---------------------------------------------------------------------------


def _announcement(event: Event) -> tuple[str, str]:
    """(`announcement of 19 February 2026`, title) from a history event's subject."""
    day, _, title = event.subject.partition(": ")
    return f"announcement of {human_date(day)}", title.strip()


def history_line(event: Event) -> Line:
    where, title = _announcement(event)
    named = f" (“{title}”)" if title else ""
    link = Link(where, event.link)
    if event.type == "deprecation_announced":
        section = event.after if isinstance(event.after, dict) else {}
        entries = section.get("entries") or {}
        detail = tuple(
            _entry_sentence(model_id, entry or {}) for model_id, entry in sorted(entries.items())
        )
        count = len(entries)
        if section.get("retired_on"):
            them = "the models were" if count != 1 else "the model was"
            detail += (f"It says {them} retired on {human_date(section['retired_on'])}.",)
        about = f": {count} model{'s' if count != 1 else ''}" if count else ""
        if len(detail) == 1 and count == 1:  # one model: said in the sentence itself
            about, detail = ": " + detail[0].removesuffix("."), ()
        text = f"New {where}{named}{about}"
        return Line(event.type, (), text, f"new {where}", (link,), detail)
    if event.type == "deprecation_removed":
        return Line(event.type, (), f"The {where}{named} was removed from the page",
                    f"{where} removed")  # fmt: skip
    models = event.model_ids or []
    names = join_words(models) or "its models"
    were = "were" if len(models) != 1 else "was"
    if event.before is None:
        text = f"The {where} now says {names} {were} retired on {human_date(event.after)}"
    elif event.after is None:
        text = f"The {where} no longer says when {names} {were} retired (it said " + (
            f"{human_date(event.before)})"
        )
    else:
        text = (
            f"The {where} now says {names} {were} retired on {human_date(event.after)} "
            f"(it said {human_date(event.before)})"
        )
    return Line(event.type, (), text, f"retirement noted in the {where}", (link,))


def _entry_sentence(model_id: str, entry: Mapping[str, Any]) -> str:
    retires = entry.get("retirement")
    if retires is None and entry.get("retirement_date"):  # an event stored before kinds
        retires = entry["retirement_date"]
    replacement = entry.get("replacement")
    parts = [retirement(retires) if retires else "no retirement date given"]
    if is_unread(replacement):
        parts.append(unread_words("replacement", replacement))
    else:
        parts.append(f"replaced by {replacement}" if replacement else "no replacement named")
    return f"{model_id} {', '.join(parts)}."


def parameter_line(events: Sequence[Event]) -> Line:
    """One row of the API parameter table: added, removed, or which of its cells changed."""
    first = events[0]
    name = first.subject
    noun = "Parameters" if "," in name else "Parameter"
    link = Link(section_label(PARAMETERS_ANCHOR), first.link)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for event in events:
        before.update(event.before if isinstance(event.before, dict) else {})
        after.update(event.after if isinstance(event.after, dict) else {})
    if first.before is None:
        text = f"{noun} {name} added: " + _row_words(after)
        short = f"{noun.lower()} {name} added"
    elif first.after is None:
        text = f"{noun} {name} removed (was: {_row_words(before)})"
        short = f"{noun.lower()} {name} removed"
    else:
        changes = [
            f"{PARAMETER_FIELDS.get(key, key)} changed from {_quoted(before.get(key))} "
            f"to {_quoted(after.get(key))}"
            for key in sorted(before.keys() | after.keys())
            if before.get(key) != after.get(key)
        ]
        text = f"{noun} {name}: " + "; ".join(changes)
        short = f"{noun.lower()} {name} changed"
    return Line(first.type, (), text, short, (link,))


def _row_words(row: Mapping[str, Any]) -> str:
    return "; ".join(
        f"{PARAMETER_FIELDS.get(key, key)} {_quoted(value)}" for key, value in sorted(row.items())
    )


def _quoted(value: Any) -> str:
    return "nothing" if value in (None, "") else f"“{value}”"


def finding_line(event: Event) -> Line:
    """One finding alone (a feed item); the day's report groups them across pages instead."""
    verb = "New" if event.type == "finding_appeared" else "Resolved, no longer so"
    subject = event.subject.rstrip(".")
    short = "new" if event.type == "finding_appeared" else "resolved"
    return Line(event.type, (), f"{verb}: {subject}", f"{short} finding: {subject}",
                (Link("translation matrix", event.link),))  # fmt: skip


def _section_name(event: Event) -> str:
    """What the section an event is in is called: `announcement of …`, `status table`, or its
    heading as the page writes it (case kept), else words from its anchor."""
    fragment = event.link.partition("#")[2] or event.anchor
    named = section_label(fragment)
    if not named.startswith("section “") or event.subject in ("", event.anchor, fragment):
        return named
    return f"section “{event.subject}”"


def text_line(event: Event) -> Line:
    where = _section_name(event)
    diff = event.text_diff or _fallback_diff(event.before, event.after)
    return Line(event.type, (), f"Wording changed in the {where}", f"wording of the {where}",
                (Link(where, event.link),), diff=diff)  # fmt: skip


def renamed_line(event: Event) -> Line:
    """A re-translated heading: one section under a new name, its body's diff if it changed.
    Said among the wording changes (its kind is `page_text_changed`)."""
    also = ", whose wording changed too," if event.text_diff else ""
    text = f"The section “{event.before}”{also} is now called “{event.after}”"
    link = Link(f"“{event.after}”", event.link)  # the sentence ends with its link's words
    return Line("page_text_changed", (), text, f"section “{event.after}” renamed", (link,),
                diff=event.text_diff)  # fmt: skip


def first_snapshot_words(models: int, announcements: int) -> str:
    """`first snapshot: 10 models, 6 announcements` (said once, instead of every model)."""
    return (
        f"first snapshot: {models} model{'s' if models != 1 else ''}, "
        f"{announcements} announcement{'s' if announcements != 1 else ''}"
    )


def _fallback_diff(before: Any, after: Any) -> str:
    return f"-{before or ''}\n+{after or ''}"
