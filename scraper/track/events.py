"""Typed change events: what changed on a language's page between two readings.

`diff_records` compares two PageRecords through keyed views (models by id, history sections by
announcement date, entries by model id) with DeepDiff, and turns each difference into a typed
Event. Labels, padding, order, backticks and link forms are not in the views, so a change of
formatting alone produces no event.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scraper.read.records import PageRecord

EventType = Literal[
    "model_added",
    "model_removed",
    "state_changed",
    "deprecated_on_changed",
    "retirement_date_changed",
    "retirement_date_firmed",
    "retirement_date_unfirmed",
    "replacement_changed",
    "deprecation_announced",
    "deprecation_removed",
    "deprecation_entry_added",
    "deprecation_entry_removed",
    "retirement_noted",
    "parameter_deprecation_changed",
    "page_text_changed",
    "finding_appeared",
    "finding_resolved",
]

# Order of event types within a model's group in reports (most important first).
EVENT_ORDER: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

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
    before: Any = None
    after: Any = None
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


_SUMMARIES: dict[str, Callable[[Event], str]] = {
    "model_added": lambda e: f"{e.subject} added to the status table ({_show(e.after)})",
    "model_removed": lambda e: f"{e.subject} removed from the status table",
    "state_changed": lambda e: f"{e.subject}: {_show(e.before)} → {_show(e.after)}",
    "deprecated_on_changed": lambda e: (
        f"{e.subject}: deprecated on {_show(e.before)} → {_show(e.after)}"
    ),
    "retirement_date_changed": lambda e: (
        f"{e.subject}: retirement {_show(e.before)} → {_show(e.after)}{shift_text(e.shift_days)}"
    ),
    "retirement_date_firmed": lambda e: (
        f"{e.subject}: retirement date {_show(e.after)} is now fixed (was 'not sooner than')"
    ),
    "retirement_date_unfirmed": lambda e: (
        f"{e.subject}: retirement date {_show(e.after)} is now only 'not sooner than'"
    ),
    "replacement_changed": lambda e: (
        f"{e.subject}: replacement {_show(e.before)} → {_show(e.after)}"
    ),
    "deprecation_announced": lambda e: f"deprecation announced {e.subject} ({_entries(e.after)})",
    "deprecation_removed": lambda e: f"deprecation section {e.subject} removed",
    "deprecation_entry_added": lambda e: f"{e.subject} added to history section {e.anchor}",
    "deprecation_entry_removed": lambda e: f"{e.subject} removed from history section {e.anchor}",
    "retirement_noted": lambda e: f"retired on {_show(e.after)} (noted in {e.subject})",
    "parameter_deprecation_changed": lambda e: (
        f"API parameter deprecation {e.subject}: {_show(e.before)} → {_show(e.after)}"
    ),
    "page_text_changed": lambda e: f"text of section '{e.subject}' changed",
    "finding_appeared": lambda e: f"new finding: {e.subject}",
    "finding_resolved": lambda e: f"resolved: {e.subject}",
}


# A note-stated model is in no table: its coming and going is said of the note.
_NOTE_SUMMARIES: dict[str, Callable[[Event], str]] = {
    "model_added": lambda e: f"{e.subject} named in a note ({_note_fate(e.after)})",
    "model_removed": lambda e: f"{e.subject} no longer named in a note",
}


def _note_fate(value: Any) -> str:
    """`deprecated, retirement: 2026-07-21`: what a note states, leaving out what it does not."""
    fate = value if isinstance(value, dict) else {}
    parts = [str(fate["state"])] if fate.get("state") else []
    for key in ("deprecated_on", "retirement_date", "replacement"):
        if fate.get(key):
            parts.append(f"{key.replace('_', ' ')}: {fate[key]}")
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
    return f" ({days:+d} days)" if days else ""


def page_url(lang: str, anchor: str | None = None) -> str:
    url = PAGE_URL.format(lang=lang)
    return f"{url}#{anchor}" if anchor else url


def _view(record: PageRecord) -> dict[str, Any]:
    """What counts as the page's content, keyed so that reordering is not a change."""
    history = {d.anchor: f"history/{d.announced_on.isoformat()}" for d in record.deprecations}
    return {
        "models": {
            m.model_id: {
                "state": m.state,
                "deprecated_on": m.deprecated_on,
                "retirement_date": m.retirement_date,
                "retirement_not_before": m.retirement_not_before,
            }
            for m in record.models
        },
        "deprecations": {
            d.announced_on.isoformat(): {
                "title": d.title,
                "retired_on": d.retired_on,
                "entries": {
                    e.model_id: {"retirement_date": e.retirement_date, "replacement": e.replacement}
                    for e in d.entries
                },
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
        view[note.model_id] = {
            "state": note.state,
            "deprecated_on": note.date if note.date_kind == "deprecation" else None,
            "retirement_date": note.date if note.date_kind == "retirement" else None,
            "replacement": note.replacement,
            "section": note.section,
        }
    return view


def same_content(old: PageRecord, new: PageRecord) -> bool:
    """True when two readings say the same thing (formatting and source aside)."""
    return _view(old) == _view(new) and old.warnings == new.warnings


_PATH = re.compile(r"\['((?:[^'\\]|\\.)*)'\]")


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
    diff = DeepDiff(before, after, ignore_order=True, verbose_level=2, threshold_to_diff_deeper=0)
    events: list[Event] = []

    def emit(kind: EventType, **fields: Any) -> None:
        anchor = fields.get("anchor")
        link_anchor = (anchors or {}).get(anchor, anchor) if anchor else None
        events.append(_event(kind, lang=lang, on=on, link=page_url(lang, link_anchor), **fields))

    for change in (
        "dictionary_item_added",
        "dictionary_item_removed",
        "values_changed",
        "type_changes",
    ):
        for path, detail in dict(diff.get(change, {})).items():
            keys = tuple(_PATH.findall(path))
            _translate(change, keys, detail, before, after, emit, anchors_of)
    return sorted(events, key=lambda e: (EVENT_ORDER.index(e.type), e.model_id or "", e.id))


def _translate(
    change: str,
    keys: tuple[str, ...],
    detail: Any,
    before: dict[str, Any],
    after: dict[str, Any],
    emit: Any,
    anchors_of: dict[str, str],
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
        _translate_note_model(keys, old, new, after, emit)
        return
    if part == "models":
        model_id = keys[1]
        if len(keys) == 2:
            kind = "model_added" if added else "model_removed"
            emit(kind, model_id=model_id, before=old, after=new, anchor=STATUS_ANCHOR)
            return
        field = keys[2]
        if field == "state":
            emit("state_changed", model_id=model_id, before=old, after=new, anchor=STATUS_ANCHOR)
        elif field == "deprecated_on":
            emit(
                "deprecated_on_changed",
                model_id=model_id,
                before=old,
                after=new,
                anchor=STATUS_ANCHOR,
            )
        elif field == "retirement_date":
            emit(
                "retirement_date_changed",
                model_id=model_id,
                before=old,
                after=new,
                anchor=STATUS_ANCHOR,
                shift_days=_days(old, new),
            )
        elif field == "retirement_not_before":
            firmed = old is True and new is False
            unfirmed = old is False and new is True
            date_before = before["models"][model_id]["retirement_date"]
            date_now = after["models"][model_id]["retirement_date"]
            # Only a date that is there before and after can become (un)firm; a date that came
            # or went ("N/A") is a retirement_date_changed, not a change of its qualifier.
            if (firmed or unfirmed) and date_before is not None and date_now is not None:
                emit(
                    "retirement_date_firmed" if firmed else "retirement_date_unfirmed",
                    model_id=model_id,
                    before=date_now,
                    after=date_now,
                    anchor=STATUS_ANCHOR,
                )
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
        elif field == "title":
            emit(
                "page_text_changed",
                before=old,
                after=new,
                anchor=anchor,
                text_diff=_text_diff(str(old or ""), str(new or "")),
                subject=anchor,
            )
        elif field == "entries":
            model_id = keys[3]
            if len(keys) == 4:
                kind = "deprecation_entry_added" if added else "deprecation_entry_removed"
                emit(kind, model_id=model_id, before=old, after=new, anchor=anchor)
            elif keys[4] == "replacement":
                emit("replacement_changed", model_id=model_id, before=old, after=new, anchor=anchor)
            elif keys[4] == "retirement_date":
                emit(
                    "retirement_date_changed",
                    model_id=model_id,
                    before=old,
                    after=new,
                    anchor=anchor,
                    shift_days=_days(old, new),
                )
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
            subject=anchor,
            text_diff=_text_diff(old or "", new or ""),
        )


_NOTE_FIELD_EVENTS: dict[str, EventType] = {
    "state": "state_changed",
    "deprecated_on": "deprecated_on_changed",
    "retirement_date": "retirement_date_changed",
    "replacement": "replacement_changed",
}


def _translate_note_model(
    keys: tuple[str, ...], old: Any, new: Any, after: dict[str, Any], emit: Any
) -> None:
    """A note-stated model: the same typed events as a status-table row, anchored at the note."""
    model_id = keys[1]
    note = after["note_models"].get(model_id) or old or {}
    anchor = note.get("section") if isinstance(note, dict) else None
    if len(keys) == 2:
        kind: EventType = "model_added" if new is not None else "model_removed"
        emit(kind, model_id=model_id, before=old, after=new, anchor=anchor, source="note")
        return
    kind_of_field = _NOTE_FIELD_EVENTS.get(keys[2])
    if kind_of_field is None:  # the callout moved to another section: not a change of fate
        return
    extra = {"shift_days": _days(old, new)} if kind_of_field == "retirement_date_changed" else {}
    emit(
        kind_of_field,
        model_id=model_id,
        before=old,
        after=new,
        anchor=anchor,
        source="note",
        **extra,
    )


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
