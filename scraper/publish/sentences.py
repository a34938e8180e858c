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
from scraper.track.events import EVENT_ORDER, PARAMETERS_ANCHOR, STATUS_ANCHOR, Event

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
_QUALIFIER_TYPES = ("retirement_date_firmed", "retirement_date_unfirmed")
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


def join_words(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


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
            model_line(tuple(ids), by_model[ids[0]], announced.get(ids[0]), len(ids) > 1),
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


def _signature(events: Sequence[Event], entry: Mapping[str, Any] | None) -> str:
    # Where a change sits in the history is left out: the same change in two sections is one.
    parts = [[e.type, e.anchor == STATUS_ANCHOR, e.before, e.after] for e in events]
    return json.dumps([parts, entry], sort_keys=True, default=str)


# -- a model's line -----------------------------------------------------------------------------


def model_line(
    models: tuple[str, ...],
    events: Sequence[Event],
    entry: Mapping[str, Any] | None,
    plural: bool,
) -> Line:
    """The headline sentence of a model (or of models with the very same changes)."""
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
    elif changed := kinds.get("state_changed"):
        before = _state(changed.before) if changed.before is not None else "unreadable"
        main = f"{be} now {_state(changed.after)} ({was} {before})"
        short = f"now {_state(changed.after)}"
        if changed.after == "deprecated":
            kind = "deprecated"
    new_retirement = None
    told_retirement = False  # a fact about the status table's retirement date was given
    for event in status:
        if event.type == "deprecated_on_changed":
            facts.append(_change("deprecated on {a}", "deprecation date", event))
        elif event.type == "retirement_date_changed":
            new_retirement = event.after
            told_retirement = True
            facts.append(_retirement_fact(event, kinds, retire, bool(main)))
            short = short or f"retirement {_moved(event)}"
        elif event.type in _QUALIFIER_TYPES and main and told_retirement:
            continue  # said with the new date: "retires on 20 April 2026 (was not sooner than …)"
        elif event.type == "retirement_date_firmed":
            facts.append(("now a fixed date" if told_retirement else
                          f"retirement on {human_date(event.after)} is now a fixed date")
                         + " (was “not sooner than”)")  # fmt: skip
            short = short or "retirement date fixed"
            told_retirement = True
        elif event.type == "retirement_date_unfirmed":
            facts.append("now only “not sooner than” (was a fixed date)" if told_retirement else
                         f"{retire} not sooner than {human_date(event.after)} "
                         "(was a fixed date)")  # fmt: skip
            short = short or "retirement date now tentative"
            told_retirement = True
    replaced = False
    for event in history:
        where = section_label(event.anchor)
        if event.type == "replacement_changed":
            replaced = True
            facts.append(_change("replaced by {a}", "replacement", event, dates=False))
            short = short or "replacement changed"
        elif event.type == "retirement_date_changed" and event.after != new_retirement:
            facts.append(_change(f"the {where} gives retirement on {{a}}",
                                 f"retirement date in the {where}", event))  # fmt: skip
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
        if entry.get("retirement_date") and not told_retirement and not added:
            facts.append(f"{retire} on {human_date(entry['retirement_date'])}")
        if entry.get("replacement") and not replaced:
            facts.append(f"replaced by {entry['replacement']}")
    links = _links(events)
    short = short or "changed"
    if plural:
        text = _group_text(models, main, facts, events)
        short = f"{len(models)} models {short}" if main else f"{short} for {len(models)} models"
        return Line(kind, models, text, short, links)
    if main:
        text = " " + main + (": " + ", ".join(facts) if facts else "")
    else:
        text = ": " + ", ".join(facts)
    return Line(kind, models, text, f"{models[0]} {short}", links)


def _retirement_fact(event: Event, kinds: Mapping[str, Event], retire: str, headline: bool) -> str:
    """The status table's new retirement date; after a headline, the new date leads."""
    if event.before is None:
        return f"{retire} on {human_date(event.after)}"
    if not headline or event.after is None:
        return _change("", "retirement date", event)
    state = kinds["state_changed"].after if "state_changed" in kinds else None
    now = "not sooner than" if "retirement_date_unfirmed" in kinds else "on"
    then = "not sooner than " if "retirement_date_firmed" in kinds else ""
    verb = "retirement date" if state == "retired" else retire
    if verb == "retirement date" and now == "on":
        now = ""
    return f"{verb} {now} {human_date(event.after)} (was {then}{human_date(event.before)})".replace(
        "  ", " "
    )


def _group_text(models: Sequence[str], main: str, facts: list[str], events: Sequence[Event]) -> str:
    """A sentence about several models with the very same changes, naming them once."""
    changed = events[0]
    named = f"{len(models)} models ({join_words(list(models))})"
    nouns = {"replacement_changed": "replacement", "retirement_date_changed": "retirement date",
             "deprecated_on_changed": "deprecation date"}  # fmt: skip
    single = not main and len(events) == 1 and changed.type in nouns
    if single and changed.before is not None and changed.after is not None:
        dates = changed.type != "replacement_changed"
        before, after = (
            human_date(v) if dates else str(v) for v in (changed.before, changed.after)
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
    if row.get("deprecated_on"):
        facts.append(f"deprecated on {human_date(row['deprecated_on'])}")
    if row.get("retirement_date"):
        verb = "retirement" if past else retire
        qualifier = "not sooner than" if row.get("retirement_not_before") else "on"
        facts.append(f"{verb} {qualifier} {human_date(row['retirement_date'])}")
    return facts


def _state(value: Any) -> str:
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
    if event.after is None:
        return "date removed"
    return f"moved to {human_date(event.after)}"


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
    "retirement_date_changed": ("will be retired on {a}", "retirement date", True),
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
        elif event.type in _NOTE_FACTS:
            first, noun, dates = _NOTE_FACTS[event.type]
            facts.append(_change(first, noun, event, dates=dates))
            if short == "note changed":
                moved = event.type == "retirement_date_changed"
                short = f"retirement {_moved(event)}" if moved else f"{noun} changed"
    return Line(kind, (model_id,), ", named in a note: " + ", ".join(facts),
                f"{model_id} {short} (note)", links)  # fmt: skip


def _note_fate(value: Any) -> list[str]:
    """What a note states of a model, in words: `deprecated`, `will be retired on …`."""
    fate = value if isinstance(value, Mapping) else {}
    facts = [_state(fate["state"])] if fate.get("state") else []
    if fate.get("deprecated_on"):
        facts.append(f"deprecated on {human_date(fate['deprecated_on'])}")
    if fate.get("retirement_date"):
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
        if section.get("retired_on"):
            detail += (f"It says the models were retired on {human_date(section['retired_on'])}.",)
        count = len(entries)
        about = f": {count} model{'s' if count != 1 else ''}" if count else ""
        if len(detail) == 1:  # one model: said in the sentence itself
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
    retirement = entry.get("retirement_date")
    replacement = entry.get("replacement")
    parts = [f"retires on {human_date(retirement)}" if retirement else "no retirement date given"]
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


def text_line(event: Event) -> Line:
    fragment = event.link.partition("#")[2] or event.anchor
    where = section_label(fragment)
    diff = event.text_diff or _fallback_diff(event.before, event.after)
    return Line(event.type, (), f"Wording changed in the {where}", f"wording of the {where}",
                (Link(where, event.link),), diff=diff)  # fmt: skip


def first_snapshot_words(models: int, announcements: int) -> str:
    """`first snapshot: 10 models, 6 announcements` (said once, instead of every model)."""
    return (
        f"first snapshot: {models} model{'s' if models != 1 else ''}, "
        f"{announcements} announcement{'s' if announcements != 1 else ''}"
    )


def _fallback_diff(before: Any, after: Any) -> str:
    return f"-{before or ''}\n+{after or ''}"
