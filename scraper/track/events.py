"""Typed change events: what changed on a language's page between two readings.

`diff_records` compares two PageRecords through keyed views (models by id, history sections by
announcement date, entries by model id) with DeepDiff, and turns each difference into a typed
Event. Labels, padding, order, backticks and link forms are not in the views, so a change of
formatting alone produces no event.

A retirement is one value, `{"date": ISO or null, "kind": RetirementKind, "label": text or null}`
(the label only where the words are the value: `coarse` and `unrecognised`), in the `before` and
`after` of retirement events and in the rows and entries of `model_added`, `listing_changed` and
`deprecation_announced`. A cell the tool could not read is `{"unread": "<the cell as written>"}`
in place of its value, and its appearing, changing and resolving are `value_not_understood` /
`value_understood` events (`field` says which cell).
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scraper.read.records import DeprecationEntry, ModelStatus, PageRecord, RetirementKind

EventType = Literal[
    "model_added",
    "model_removed",
    "state_changed",
    "deprecated_on_changed",
    "retirement_date_changed",
    "retirement_date_firmed",
    "retirement_date_unfirmed",
    "replacement_changed",
    "value_not_understood",
    "value_understood",
    "listing_changed",
    "deprecation_announced",
    "deprecation_removed",
    "deprecation_entry_added",
    "deprecation_entry_removed",
    "retirement_noted",
    "parameter_deprecation_changed",
    "section_renamed",
    "page_text_changed",
    "finding_appeared",
    "finding_resolved",
]

# Order of event types within a model's group in reports (most important first).
EVENT_ORDER: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

# The cells whose reading can fail on its own (`value_not_understood`).
UnreadCell = Literal["model_id", "state", "deprecated_on", "retirement", "replacement"]
# The retirement kinds whose label is the value itself (there is no day to publish).
WORDS_ARE_THE_VALUE: frozenset[str] = frozenset({"coarse", "unrecognised"})

STATUS_ANCHOR = "model-status"
PARAMETERS_ANCHOR = "api-parameter-deprecations"
PAGE_URL = "https://platform.claude.com/docs/{lang}/about-claude/model-deprecations"


class Event(BaseModel):
    """One change on one language's page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Stable, unique id (date, language, type, subject, change hash).")
    date: datetime.date = Field(description="Day of the run (or capture) that saw the change.")
    type: EventType
    language: str
    model_id: str | None = None
    subject: str = Field(description="What changed: a model id, a section, parameters.")
    before: Any = Field(
        default=None,
        description="The value before (null: none). A retirement is {date, kind, label}; an "
        "unread cell {unread: text}; a row (model_added) {state, deprecated_on, retirement}.",
    )
    after: Any = Field(default=None, description="The value after, shaped as `before`.")
    anchor: str | None = Field(default=None, description="Section of the page it is in.")
    link: str
    shift_days: int | None = Field(
        default=None, description="For retirement_date_changed: new minus old date, in days."
    )
    text_diff: str | None = Field(default=None, description="For page_text_changed.")
    model_ids: list[str] = Field(
        default_factory=list,
        description="Every model the change concerns (also those of an announcement), sorted.",
    )
    source: Literal["note"] | None = Field(
        default=None,
        description="'note' when only a callout states the model's fate (no table lists it); "
        "null for the tables and the rest of the page.",
    )
    field: UnreadCell | None = Field(
        default=None,
        description="For value_not_understood / value_understood: the cell it is about.",
    )

    @model_validator(mode="before")
    @classmethod
    def _fill_model_ids(cls, data: Any) -> Any:
        """Models named by `model_id` or by an announcement's entries, so filters miss none."""
        if isinstance(data, dict) and not data.get("model_ids"):
            ids = {data["model_id"]} if data.get("model_id") else set()
            for value in (data.get("before"), data.get("after")):
                if isinstance(value, dict) and isinstance(value.get("entries"), dict):
                    ids.update(value["entries"])
            data = {**data, "model_ids": sorted(ids)}
        return data

    def summary(self) -> str:
        """One line, for commit messages and feed titles."""
        said = _NOTE_SUMMARIES.get(self.type) if self.source == "note" else None
        return f"[{self.language}] {(said or _SUMMARIES[self.type])(self)}"


def _entries(value: Any) -> str:
    models = sorted(value.get("entries", {})) if isinstance(value, dict) else []
    return ", ".join(models) or "no models"


# -- the words of a retirement and of an unread cell (shared with publish/sentences.py) -----------

# How a retirement reads, by kind: `{retires}` is the verb ("retires", "retire", "retired"),
# `{day}` the date as the caller writes it, `{label}` the cell as the page prints it.
RETIREMENT_WORDS: dict[str, str] = {
    "date": "{retires} on {day}",
    "not_sooner_than": "{retires} not sooner than {day}",
    "to_be_announced": "retirement to be announced",
    "coarse": "{retires} in {label} (as written)",
    "unrecognised": "retirement: '{label}', not a date the tool reads",
    "not_applicable": "no retirement date",
}

# What an unread cell should have been, for "state: 'Aktiv?', not a state the tool reads".
UNREAD_WORDS: dict[str, tuple[str, str]] = {
    "model_id": ("model", "a model id"),
    "state": ("state", "a state"),
    "deprecated_on": ("deprecation date", "a date"),
    "retirement": ("retirement", "a date"),
    "replacement": ("replacement", "a model id"),
}


def as_retirement(value: Any) -> dict[str, Any] | None:
    """A retirement as events carry it; an older event's bare ISO date was a fixed day."""
    if value is None or (isinstance(value, dict) and "kind" in value):
        return value
    return {"date": str(value), "kind": "date", "label": None}


def retirement_words(
    value: Any, *, retires: str = "retires", say: Callable[[Any], str] = str
) -> str:
    """`retires not sooner than 2026-05-14`, `retirement to be announced`, ... (`say`: days)."""
    found = as_retirement(value)
    if found is None:
        return RETIREMENT_WORDS["not_applicable"]
    day = say(found["date"]) if found.get("date") else ""
    words = RETIREMENT_WORDS.get(str(found["kind"]), RETIREMENT_WORDS["unrecognised"])
    return words.format(retires=retires, day=day, label=found.get("label") or "")


# Kinds whose retirement has no day: said in words (never as a date), with no countdown.
UNDATED_KINDS: frozenset[str] = frozenset({"to_be_announced", "coarse", "unrecognised"})


def undated_retirement_words(kind: str | None, label: str | None) -> str | None:
    """`retirement to be announced`, `retires in Q3 2027 (as written)`, ...; None for a kind
    with a day (or none)."""
    if kind not in UNDATED_KINDS:
        return None
    words = " ".join((label or "").split())
    return RETIREMENT_WORDS[str(kind)].format(retires="retires", day="", label=words)


def is_unread(value: Any) -> bool:
    """A cell the tool could not read: `{"unread": text}`, or an unrecognised retirement."""
    return isinstance(value, dict) and ("unread" in value or value.get("kind") == "unrecognised")


def unread_words(field: str | None, value: Any) -> str:
    """`state: 'Aktiv?', not a state the tool reads`."""
    if isinstance(value, dict) and value.get("kind") == "unrecognised":
        return retirement_words(value)
    noun, what = UNREAD_WORDS.get(field or "", ("value", "a value"))
    text = value.get("unread", "") if isinstance(value, dict) else value
    return f"{noun}: '{text}', not {what} the tool reads"


def _show_value(field: str | None, value: Any) -> str:
    if field == "retirement":
        return retirement_words(value)
    if is_unread(value):
        return unread_words(field, value)
    return _show(value)


_SUMMARIES: dict[str, Callable[[Event], str]] = {
    "model_added": lambda e: f"{e.subject} added to the status table ({_row(e.after)})",
    "model_removed": lambda e: f"{e.subject} removed from the status table",
    "state_changed": lambda e: f"{e.subject}: {_show(e.before)} → {_show(e.after)}",
    "deprecated_on_changed": lambda e: (
        f"{e.subject}: deprecated on {_show(e.before)} → {_show(e.after)}"
    ),
    "retirement_date_changed": lambda e: (
        f"{e.subject}: {retirement_words(e.before)} → {retirement_words(e.after)}"
        f"{shift_text(e.shift_days)}"
    ),
    "retirement_date_firmed": lambda e: (
        f"{e.subject}: {retirement_words(e.after)} is now a fixed date (was 'not sooner than')"
    ),
    "retirement_date_unfirmed": lambda e: (
        f"{e.subject}: {retirement_words(e.after)}, now only 'not sooner than' (was a fixed date)"
    ),
    "replacement_changed": lambda e: (
        f"{e.subject}: replacement {_show_value('replacement', e.before)} → "
        f"{_show_value('replacement', e.after)}"
    ),
    "value_not_understood": lambda e: f"{e.subject}: {unread_words(e.field, e.after)}",
    "value_understood": lambda e: (
        f"{e.subject}: {UNREAD_WORDS.get(e.field or '', ('value', ''))[0]} read again: "
        f"{_show_value(e.field, e.after)} (was {unread_words(e.field, e.before)})"
    ),
    "listing_changed": lambda e: (
        f"{e.subject}: now {_LISTED.get(_listing(e.after), 'on the page')} "
        f"({_row(e.after)}), was {_LISTED.get(_listing(e.before), 'on the page')}"
    ),
    "deprecation_announced": lambda e: f"deprecation announced {e.subject} ({_entries(e.after)})",
    "deprecation_removed": lambda e: f"deprecation section {e.subject} removed",
    "deprecation_entry_added": lambda e: (
        f"{e.subject} added to history section {e.anchor} ({_entry(e.after)})"
    ),
    "deprecation_entry_removed": lambda e: f"{e.subject} removed from history section {e.anchor}",
    "retirement_noted": lambda e: f"retired on {_show(e.after)} (noted in {e.subject})",
    "parameter_deprecation_changed": lambda e: (
        f"API parameter deprecation {e.subject}: {_show(e.before)} → {_show(e.after)}"
    ),
    "section_renamed": lambda e: f"the section '{e.before}' is now called '{e.after}'",
    "page_text_changed": lambda e: f"text of section '{e.subject}' changed",
    "finding_appeared": lambda e: f"new finding: {e.subject}",
    "finding_resolved": lambda e: f"resolved: {e.subject}",
}

_LISTED: dict[str, str] = {"status_table": "in the status table", "note": "named in a note"}


def _listing(value: Any) -> str:
    return str(value.get("listing", "")) if isinstance(value, dict) else ""


def _row(value: Any) -> str:
    """`deprecated, retires not sooner than 2026-05-14`: a row's (or a note's) state and dates."""
    row = value if isinstance(value, dict) else {}
    state = row.get("state")
    parts = [unread_words("state", state) if is_unread(state) else str(state or "no state")]
    if row.get("deprecated_on"):
        parts.append(f"deprecated on {_show_value('deprecated_on', row['deprecated_on'])}")
    if "retirement" in row:
        parts.append(retirement_words(row["retirement"]))
    return ", ".join(parts)


def _entry(value: Any) -> str:
    entry = value if isinstance(value, dict) else {}
    return retirement_words(entry.get("retirement"))


# A note-stated model is in no table: its coming and going is said of the note.
_NOTE_SUMMARIES: dict[str, Callable[[Event], str]] = {
    "model_added": lambda e: f"{e.subject} named in a note ({_note_fate(e.after)})",
    "model_removed": lambda e: f"{e.subject} no longer named in a note",
}


def _note_fate(value: Any) -> str:
    """`deprecated, retires on 2026-07-21`: what a note states, leaving out what it does not."""
    fate = value if isinstance(value, dict) else {}
    parts = [str(fate["state"])] if fate.get("state") else []
    if fate.get("deprecated_on"):
        parts.append(f"deprecated on: {fate['deprecated_on']}")
    if fate.get("retirement"):
        parts.append(retirement_words(fate["retirement"]))
    if fate.get("replacement"):
        parts.append(f"replacement: {fate['replacement']}")
    return ", ".join(parts) or "no state or date"


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict):
        if "state" in value:
            return str(value.get("state"))
        if "title" in value:
            return str(value["title"])
        return ", ".join(f"{k}: {v}" for k, v in sorted(value.items()))
    return str(value)


def shift_text(days: int | None) -> str:
    """ " (+32 days)" for a moved date; empty when there is no shift."""
    return f" ({days:+d} day{'' if abs(days) == 1 else 's'})" if days else ""


def page_url(lang: str, anchor: str | None = None) -> str:
    url = PAGE_URL.format(lang=lang)
    return f"{url}#{anchor}" if anchor else url


def _retirement(kind: RetirementKind, day: date | None, label: str) -> dict[str, Any] | None:
    """A retirement as one value (null: the page gives none). The label only where the words are
    the value, so a re-translated "Not sooner than" is not a change."""
    if kind == "not_applicable":
        return None
    return {"date": day, "kind": kind, "label": label if kind in WORDS_ARE_THE_VALUE else None}


def _unread(text: str) -> dict[str, str]:
    return {"unread": text}


def _row_view(m: ModelStatus) -> dict[str, Any]:
    """A status-table row: each cell's value, or the cell as written where it was not read."""
    unread = set(m.not_understood)
    # An older record flags an unread state only by a label without a state.
    state_unread = "state" in unread or (m.state is None and bool(m.state_label.strip()))
    kind = m.retirement_kind
    row: dict[str, Any] = {
        "state": _unread(m.state_label) if state_unread else m.state,
        "deprecated_on": _unread(m.deprecated_label)
        if "deprecated_on" in unread
        else m.deprecated_on,
        "retirement": _retirement(kind, m.retirement_date, m.retirement_label),
    }
    if "model_id" in unread:
        row["model_id"] = _unread(m.model_id)
    return row


def _entry_view(e: DeprecationEntry) -> dict[str, Any]:
    kind = e.retirement_kind
    unread_replacement = "replacement" in e.not_understood
    return {
        "retirement": _retirement(kind, e.retirement_date, e.retirement_label),
        "replacement": _unread(e.replacement_label) if unread_replacement else e.replacement,
    }


def _view(record: PageRecord) -> dict[str, Any]:
    """What counts as the page's content, keyed so that reordering is not a change."""
    history = {d.anchor: f"history/{d.announced_on.isoformat()}" for d in record.deprecations}
    return {
        "models": {m.model_id: _row_view(m) for m in record.models},
        "deprecations": {
            d.announced_on.isoformat(): {
                "title": d.title,
                "retired_on": d.retired_on,
                "entries": {e.model_id: _entry_view(e) for e in d.entries},
            }
            for d in record.deprecations
        },
        "parameters": {
            ", ".join(p.parameters): {
                "status": p.status,
                "behavior": p.behavior,
                "replacement": p.replacement,
            }
            for p in record.parameter_deprecations
        },
        "note_models": _note_models_view(record),
        # History sections are keyed by date: translated anchors change with re-translation.
        "sections": {history.get(s.anchor, s.anchor): s.text for s in record.sections},
    }


def _note_models_view(record: PageRecord) -> dict[str, Any]:
    """Models a callout speaks of, in the status table's terms (so the same events follow)."""
    view: dict[str, Any] = {}
    for note in record.note_models:
        retires = note.date if note.date_kind == "retirement" else None
        view[note.model_id] = {
            "state": note.state,
            "deprecated_on": note.date if note.date_kind == "deprecation" else None,
            "retirement": _retirement("date", retires, "") if retires else None,
            "replacement": note.replacement,
            "section": note.section,
        }
    return view


def same_content(old: PageRecord, new: PageRecord) -> bool:
    """True when two readings say the same thing (formatting and source aside)."""
    return _view(old) == _view(new) and old.warnings == new.warnings


def diff_records(
    old: PageRecord | None, new: PageRecord, on: date, anchors: dict[str, str] | None = None
) -> list[Event]:
    """Events that turn `old` into `new` (None: first reading; nothing to compare)."""
    if old is None:
        return []
    from deepdiff import DeepDiff  # heavy import, only when comparing

    lang = new.language
    before, after = _view(old), _view(new)
    anchors_of = {
        d.announced_on.isoformat(): d.anchor for d in (*old.deprecations, *new.deprecations)
    }
    # threshold_to_diff_deeper=0: DeepDiff 8+ otherwise reports a dict whose keys mostly
    # changed as one value change (path too short to say which model or section).
    # The tree view gives each path as its keys: a key with quotes or brackets (the text of a
    # model cell the tool could not read) cannot be cut out of a path string reliably.
    was, now = _differing(before, after)
    diff = DeepDiff(was, now, ignore_order=True, view="tree", threshold_to_diff_deeper=0)
    events: list[Event] = []
    done: set[tuple[str, ...]] = set()  # cells already said (DeepDiff may name a value's parts)
    # A section is named by its heading as the page writes it ("Penghentian parameter API").
    titles = {s.anchor: s.title for s in (*old.sections, *new.sections)}

    def emit(kind: EventType, **fields: Any) -> None:
        anchor = fields.get("anchor")
        link_anchor = (anchors or {}).get(anchor, anchor) if anchor else None
        events.append(_event(kind, lang=lang, on=on, link=page_url(lang, link_anchor), **fields))

    renamed = _renamed_sections(old, new, emit)
    for change in (
        "dictionary_item_added",
        "dictionary_item_removed",
        "values_changed",
        "type_changes",
    ):
        for level in diff.get(change, ()):
            keys = tuple(str(key) for key in level.path(output_format="list"))
            if keys[:2] in renamed:
                continue
            detail: Any = {"old_value": level.t1, "new_value": level.t2}
            if change == "dictionary_item_added":
                detail = level.t2
            elif change == "dictionary_item_removed":
                detail = level.t1
            _translate(change, keys, detail, before, after, emit, anchors_of, done, titles)
    events = _one_model_across_listings(events, before, after)
    return sorted(events, key=lambda e: (EVENT_ORDER.index(e.type), e.model_id or "", e.id))


def _differing(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two views without the entries they share: DeepDiff then walks only what changed (a
    day changes a row or two of a page), and reports the same paths, since an entry equal on
    both sides gives none."""
    pruned: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    for part in before.keys() | after.keys():
        old, new = before.get(part), after.get(part)
        if old == new:
            continue
        if not (isinstance(old, dict) and isinstance(new, dict)):
            pruned[0][part], pruned[1][part] = old, new
            continue
        shared = {key for key in old.keys() & new.keys() if old[key] == new[key]}
        pruned[0][part] = {key: value for key, value in old.items() if key not in shared}
        pruned[1][part] = {key: value for key, value in new.items() if key not in shared}
    return pruned


def _renamed_sections(old: PageRecord, new: PageRecord, emit: Any) -> set[tuple[str, ...]]:
    """Sections whose heading was re-translated (new anchor, same place or same body): one
    `section_renamed` each, with a text diff only where the body changed too. Returns the view
    keys they cover, so they are not also said as one section gone and another come."""
    history = {d.anchor for d in (*old.deprecations, *new.deprecations)}
    old_anchors = [s.anchor for s in old.sections if s.anchor not in history]
    new_anchors = [s.anchor for s in new.sections if s.anchor not in history]
    old_of = {s.anchor: s for s in old.sections}
    new_of = {s.anchor: s for s in new.sections}
    gone = [a for a in old_anchors if a not in new_of]
    came = [a for a in new_anchors if a not in old_of]
    pairs: list[tuple[str, str]] = []
    for anchor in list(gone):  # the same body under another heading, wherever it is now
        same = next((c for c in came if new_of[c].text == old_of[anchor].text), None)
        if same is not None:
            pairs.append((anchor, same))
            gone.remove(anchor)
            came.remove(same)
    for anchor in list(gone):  # else the section at the same place among the page's sections
        place = old_anchors.index(anchor)
        if place < len(new_anchors) and new_anchors[place] in came:
            pairs.append((anchor, new_anchors[place]))
            came.remove(new_anchors[place])
    covered: set[tuple[str, ...]] = set()
    for was, now in sorted(pairs, key=lambda pair: new_anchors.index(pair[1])):
        then, today = old_of[was], new_of[now]
        changed = then.text != today.text
        covered |= {("sections", was), ("sections", now)}
        if then.title == today.title:  # only the anchor's spelling: the body says the rest
            if changed:
                emit("page_text_changed", before=then.text, after=today.text, anchor=now,
                     subject=today.title, text_diff=_text_diff(then.text, today.text))  # fmt: skip
            continue
        emit(
            "section_renamed",
            before=then.title,
            after=today.title,
            anchor=now,
            subject=today.title,
            text_diff=_text_diff(then.text, today.text) if changed else None,
        )
    return covered


def _translate(
    change: str,
    keys: tuple[str, ...],
    detail: Any,
    before: dict[str, Any],
    after: dict[str, Any],
    emit: Any,
    anchors_of: dict[str, str],
    done: set[tuple[str, ...]],
    titles: dict[str, str],
) -> None:
    added = change == "dictionary_item_added"
    if added:
        old, new = None, detail
    elif change == "dictionary_item_removed":
        old, new = detail, None
    else:  # values_changed, type_changes (e.g. a date that became None)
        old, new = detail["old_value"], detail["new_value"]
    part = keys[0]
    if part == "note_models":
        _translate_note_model(keys, old, new, before, after, emit, done)
        return
    if part == "models":
        model_id = keys[1]
        if len(keys) == 2:
            kind = "model_added" if added else "model_removed"
            emit(kind, model_id=model_id, before=old, after=new, anchor=STATUS_ANCHOR)
            return
        rows = before["models"][model_id], after["models"][model_id]
        _cell_event(keys[:3], *rows, emit, done, model_id=model_id, anchor=STATUS_ANCHOR)
        return
    if part == "deprecations":
        announced = keys[1]
        section_after = after["deprecations"].get(announced)
        section_before = before["deprecations"].get(announced)
        anchor = anchors_of.get(announced, announced)
        if len(keys) == 2:
            kind = "deprecation_announced" if added else "deprecation_removed"
            subject = (section_after or section_before or {}).get("title", "")
            emit(
                kind,
                model_id=None,
                before=old,
                after=new,
                anchor=anchor,
                subject=f"{announced}: {subject}",
            )
            return
        field = keys[2]
        if field == "retired_on":
            emit(
                "retirement_noted",
                before=old,
                after=new,
                anchor=anchor,
                model_ids=sorted((section_after or section_before)["entries"]),
                subject=f"{announced}: {(section_after or section_before)['title']}",
            )
        elif field == "title":  # a re-translated heading: the section is renamed
            emit(
                "section_renamed",
                before=old,
                after=new,
                anchor=anchor,
                subject=str(new or ""),
            )
        elif field == "entries":
            model_id = keys[3]
            if len(keys) == 4:
                kind = "deprecation_entry_added" if added else "deprecation_entry_removed"
                emit(kind, model_id=model_id, before=old, after=new, anchor=anchor)
                return
            assert section_before is not None and section_after is not None
            entries = section_before["entries"][model_id], section_after["entries"][model_id]
            _cell_event(keys[:5], *entries, emit, done, model_id=model_id, anchor=anchor)
        return
    if part == "parameters":
        if len(keys) == 3:  # one field of a row: say which
            old, new = {keys[2]: old}, {keys[2]: new}
        emit(
            "parameter_deprecation_changed",
            before=old,
            after=new,
            anchor=PARAMETERS_ANCHOR,
            subject=keys[1],
        )
        return
    if part == "sections":
        key = keys[1]
        anchor = key
        if key.startswith("history/"):
            announced = key.removeprefix("history/")
            if (announced in before["deprecations"]) != (announced in after["deprecations"]):
                return  # a history section came or went: deprecation_announced/removed says it
            anchor = anchors_of.get(announced, key)
        emit(
            "page_text_changed",
            before=old,
            after=new,
            anchor=anchor,
            subject=anchor if key.startswith("history/") else titles.get(key) or anchor,
            text_diff=_text_diff(old or "", new or ""),
        )


# The change of each cell's value, when both readings read it.
_CELL_EVENTS: dict[str, EventType] = {
    "state": "state_changed",
    "deprecated_on": "deprecated_on_changed",
    "retirement": "retirement_date_changed",
    "replacement": "replacement_changed",
}


def _cell_event(
    cell: tuple[str, ...],
    was: dict[str, Any],
    now: dict[str, Any],
    emit: Any,
    done: set[tuple[str, ...]],
    **where: Any,
) -> None:
    """The change of the cell at view path `cell` (its last key names it in the rows `was` and
    `now`), said once however many of its parts DeepDiff names: not understood (newly, or other
    words), understood again, or a change of its value (a retirement whose day stayed and only
    lost or gained "not sooner than" is `retirement_date_firmed` / `_unfirmed`)."""
    if cell in done:
        return
    done.add(cell)
    field = cell[-1]
    old, new = was.get(field), now.get(field)
    kind = _CELL_EVENTS.get(field)
    if kind is None or old == new:
        return  # e.g. the callout moved to another section: not a change of fate
    if is_unread(new):
        emit("value_not_understood", before=old, after=new, field=field, **where)
        return
    if is_unread(old):
        emit("value_understood", before=old, after=new, field=field, **where)
        return
    extra: dict[str, Any] = {}
    if field == "retirement":
        day_before = old.get("date") if old else None
        day_after = new.get("date") if new else None
        kinds = (old or {}).get("kind"), (new or {}).get("kind")
        if day_before is not None and day_before == day_after:
            if kinds == ("not_sooner_than", "date"):
                kind = "retirement_date_firmed"
            elif kinds == ("date", "not_sooner_than"):
                kind = "retirement_date_unfirmed"
        extra["shift_days"] = _days(day_before, day_after)
    emit(kind, before=old, after=new, **where, **extra)


def _translate_note_model(
    keys: tuple[str, ...],
    old: Any,
    new: Any,
    before: dict[str, Any],
    after: dict[str, Any],
    emit: Any,
    done: set[tuple[str, ...]],
) -> None:
    """A note-stated model: the same typed events as a status-table row, anchored at the note."""
    model_id = keys[1]
    note = after["note_models"].get(model_id) or before["note_models"].get(model_id) or {}
    anchor = note.get("section")
    if len(keys) == 2:
        kind: EventType = "model_added" if new is not None else "model_removed"
        if new is None and model_id in after["models"]:
            new = {"listing": "status_table"}  # the note went; the table still lists the model
        emit(kind, model_id=model_id, before=old, after=new, anchor=anchor, source="note")
        return
    notes = before["note_models"][model_id], after["note_models"][model_id]
    _cell_event(keys[:3], *notes, emit, done, model_id=model_id, anchor=anchor, source="note")


def _one_model_across_listings(
    events: list[Event], before: dict[str, Any], after: dict[str, Any]
) -> list[Event]:
    """A model that moved between a note and the status table is one model: one
    `listing_changed` instead of a table row added and a note's model removed (or the reverse).
    Its before/after are the note's and the row's values, with `listing`."""
    moved: dict[str, Event] = {}
    for event in events:
        model_id = event.model_id or ""
        if event.source is not None or event.type not in ("model_added", "model_removed"):
            continue
        added = event.type == "model_added"
        # Into the table from a note that named it before; out of the table into a note.
        note = (before if added else after)["note_models"].get(model_id)
        if note is None:
            continue
        note_fate = {k: v for k, v in note.items() if k != "section"}
        row = event.after if added else event.before
        listed = ({"listing": "note", **note_fate}, {"listing": "status_table", **(row or {})})
        old, new = listed if added else listed[::-1]
        moved[model_id] = _event(
            "listing_changed",
            lang=event.language,
            on=event.date,
            link=event.link,
            model_id=model_id,
            before=old,
            after=new,
            anchor=STATUS_ANCHOR,
        )
    if not moved:
        return events
    kept = []
    for event in events:
        listing = moved.get(event.model_id or "")
        # Both the row's coming (or going) and the note's are in the one event.
        if listing is not None and event.type in ("model_added", "model_removed"):
            into_table = listing.after["listing"] == "status_table"
            if event.source is None or (event.type == "model_removed") == into_table:
                continue
        kept.append(event)
    return [*kept, *moved.values()]


def _days(old: Any, new: Any) -> int | None:
    if isinstance(old, date) and isinstance(new, date):
        return (new - old).days
    return None


def _json(value: Any) -> Any:
    """Dates to ISO strings, recursively, so events serialise plainly."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in sorted(value.items())}
    return value


def _text_diff(old: str, new: str, limit: int = 40) -> str:
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
    lines = list(diff)
    lines = [line for line in lines[2:] if not line.startswith("@@")]
    if len(lines) > limit:
        lines = [*lines[:limit], f"… {len(lines) - limit} more lines"]
    return "\n".join(lines)


def _event(
    kind: EventType, *, lang: str, on: date, link: str, subject: str | None = None, **fields: Any
) -> Event:
    subject = subject or fields.get("model_id") or fields.get("anchor") or ""
    # Values reach events as the view holds them (dates included): plain JSON from here on.
    fields["before"], fields["after"] = _json(fields.get("before")), _json(fields.get("after"))
    change = json.dumps(
        [fields["before"], fields["after"], fields.get("anchor")],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    digest = hashlib.sha256(change.encode()).hexdigest()[:10]
    event_id = f"{on.isoformat()}/{lang}/{kind}/{subject}/{digest}"
    return Event(
        id=event_id, date=on, type=kind, language=lang, link=link, subject=subject, **fields
    )
