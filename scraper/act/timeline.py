"""Each model's life, read from the history of one language's snapshots.

The history is the git history of `snapshots/<lang>/<YYYY-MM-DD>.json` in a data directory
(every version ever committed, so a snapshot replaced by a second run on the same day is kept),
plus dated files on disk that git does not have yet; without git, the dated files alone.
From it, for each model: first seen, each state with the day it was first observed, deprecation
and retirement dates over time, replacements over time, and when it left the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from scraper.read.records import (
    RetirementKind,
    State,
    json_schema,
)
from scraper.track.events import WORDS_ARE_THE_VALUE, undated_retirement_words
from scraper.track.history import History, HistorySource, Listing, ModelView, Snapshot, versions

# -- the timeline --------------------------------------------------------------------------------


class _Seen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    on: date = Field(description="The day of the first snapshot that showed it.")


class ListingSeen(_Seen):
    listing: Listing = Field(
        description="status_table: in the status table; note: only a note (a callout) states "
        "its fate; history_only: only in the deprecation history; absent: no longer named on "
        "the page."
    )


class StateSeen(_Seen):
    state: State | None
    label: str | None = Field(description="The state as the page prints it.")


class DeprecatedOnSeen(_Seen):
    deprecated_on: date | None


class RetirementSeen(_Seen):
    retirement_date: date | None
    not_before: bool | None = Field(description="True when the date is 'not sooner than'.")
    kind: RetirementKind | None = Field(
        default=None,
        description="What the retirement says (as `ModelStatus.retirement_kind`): date, "
        "not_sooner_than, to_be_announced, coarse, unrecognised; null when none is known.",
    )
    label: str | None = Field(
        default=None,
        description="For `coarse` and `unrecognised`: the retirement as the page prints it.",
    )


class ReplacementSeen(_Seen):
    replacement: str | None


class AnnouncementSeen(_Seen):
    announced_on: date | None = Field(description="The history section naming the model.")
    anchor: str | None


class ModelTimeline(BaseModel):
    """One model's life as the page told it, change by change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model_id: str
    first_seen: date
    last_seen: date = Field(description="The last snapshot that named the model.")
    left_status_table_on: date | None = Field(
        description="The first snapshot without it in the status table (and none since); null "
        "while it is listed."
    )
    gone_on: date | None = Field(
        description="The first snapshot that no longer names it at all (and none since)."
    )
    listing: list[ListingSeen]
    states: list[StateSeen]
    deprecated_on: list[DeprecatedOnSeen]
    retirement: list[RetirementSeen]
    replacements: list[ReplacementSeen]
    announcements: list[AnnouncementSeen]


class SnapshotRef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    on: date
    revision: str = Field(description="The commit sha, or 'working tree'.")


class TimelineDocument(BaseModel):
    """`deprecation-tracker timeline --json`."""

    model_config = ConfigDict(extra="forbid")

    language: str
    source: HistorySource = Field(description="git, or the dated files on disk.")
    source_detail: str
    snapshots: list[SnapshotRef]
    models: list[ModelTimeline]


def timelines(history: History) -> list[ModelTimeline]:
    """Every model's timeline, in the order models were first seen (then by id)."""
    days = [s.day for s in history.snapshots]
    found = [_timeline(model_id, seen, days) for model_id, seen in versions(history).items()]
    return sorted(found, key=lambda t: (t.first_seen, t.model_id))


def timeline_document(history: History, model_id: str | None = None) -> TimelineDocument:
    models = timelines(history)
    if model_id is not None:
        models = [t for t in models if t.model_id == model_id]
    return TimelineDocument(
        language=history.language,
        source=history.source,
        source_detail=history.describe(),
        snapshots=[SnapshotRef(on=s.day, revision=s.revision) for s in history.snapshots],
        models=models,
    )


def timeline_schema() -> dict[str, Any]:
    return json_schema(TimelineDocument, "timeline.schema.json")


def _timeline(
    model_id: str, seen: Sequence[tuple[Snapshot, ModelView]], days: Sequence[date]
) -> ModelTimeline:
    present = [(s, v) for s, v in seen if v.listing != "absent"]
    table = [(s, v) for s, v in present if v.listing == "status_table"]
    # States and deprecation dates: as the table gives them, or a note where no table lists it.
    stated = [(s, v) for s, v in present if v.listing in ("status_table", "note")]
    listing = _changes(seen, lambda v: (v.listing,))
    wheres = [where for _, (where,) in listing]
    gone_on = listing[-1][0] if wheres[-1] == "absent" else None
    left = None
    if table and wheres[-1] != "status_table":
        last_listed = max(i for i, where in enumerate(wheres) if where == "status_table")
        left = listing[last_listed + 1][0]
    return ModelTimeline(
        model_id=model_id,
        first_seen=present[0][0].day,
        last_seen=max(day for day in days if gone_on is None or day < gone_on),
        left_status_table_on=left,
        gone_on=gone_on,
        listing=[ListingSeen(on=on, listing=where) for on, (where,) in listing],
        # A state changes when it does, not when only its word does (a re-translated label);
        # an unread state changes with its words. The label is the first one of the state.
        states=[
            StateSeen(on=on, state=state, label=_label_on(stated, on))
            for on, (state, _unread) in _changes(
                stated, lambda v: (v.state, None if v.state else v.state_label)
            )
        ],
        deprecated_on=[
            DeprecatedOnSeen(on=on, deprecated_on=value)
            for on, (value,) in _changes(stated, lambda v: (v.deprecated_on,))
        ],
        retirement=[
            RetirementSeen(on=on, retirement_date=day, not_before=flag, kind=kind, label=label)
            for on, (day, flag, kind, label) in _changes(present, _retirement_key)
        ],
        replacements=[
            ReplacementSeen(on=on, replacement=value)
            for on, (value,) in _changes(present, lambda v: (v.replacement,))
        ],
        announcements=[
            AnnouncementSeen(on=on, announced_on=day, anchor=anchor)
            for on, (day, anchor) in _changes(
                present, lambda v: (v.announced_on, v.announcement_anchor)
            )
        ],
    )


def _retirement_key(view: ModelView) -> tuple[Any, ...]:
    """A retirement as it changes: its day, "not sooner than", kind, and the words only where
    they are the value (a re-translated "Not sooner than" is not a change)."""
    day = view.retirement_date
    kind = view.retirement_kind if view.retirement_kind != "not_applicable" else None
    label = view.retirement_label if kind in WORDS_ARE_THE_VALUE else None
    return (day, day and view.retirement_not_before, kind, label)


def _label_on(seen: Iterable[tuple[Snapshot, ModelView]], day: date) -> str | None:
    return next((v.state_label for s, v in seen if s.day == day), None)


def _changes(
    seen: Iterable[tuple[Snapshot, ModelView]], key: Any
) -> list[tuple[date, tuple[Any, ...]]]:
    """(day, value) each time `key(view)` changed; leading "nothing known" values dropped."""
    found: list[tuple[date, tuple[Any, ...]]] = []
    for snapshot, view in seen:
        value = key(view)
        if not found and all(part is None for part in value):
            continue
        if not found or found[-1][1] != value:
            found.append((snapshot.day, value))
    return found


# -- text -----------------------------------------------------------------------------------------

_LISTING_WORDS: dict[Listing, str] = {
    "status_table": "in the status table",
    "note": "named in a note (no table lists it)",
    "history_only": "only in the deprecation history (no longer in the status table)",
    "absent": "no longer on the page",
}


def render_text(document: TimelineDocument) -> str:
    """The timelines as people read them: per model, one line per day something changed."""
    lines = [f"Timelines from the {document.source_detail}.", ""]
    for timeline in document.models:
        lines.append(timeline.model_id)
        for day, phrases in sorted(_phrases(timeline).items()):
            lines.append(f"  {day.isoformat()}  {'; '.join(phrases)}")
        lines.append("")
    return "\n".join(lines)


def _phrases(timeline: ModelTimeline) -> dict[date, list[str]]:
    said: dict[date, list[str]] = {}
    for index, listing in enumerate(timeline.listing):
        where = _LISTING_WORDS[listing.listing]
        if index == 0:
            where = "first seen, " + where.removesuffix(" (no longer in the status table)")
        elif listing.listing == "status_table":
            was_listed = any(seen.listing == "status_table" for seen in timeline.listing[:index])
            where = "back in the status table" if was_listed else "now in the status table"
        said.setdefault(listing.on, []).append(where)
    for state in timeline.states:
        said.setdefault(state.on, []).append(
            state.state
            or (f"state not understood ({state.label})" if state.label else "no state stated")
        )
    for deprecated in timeline.deprecated_on:
        value = deprecated.deprecated_on
        said.setdefault(deprecated.on, []).append(
            f"deprecated on {value.isoformat()}" if value else "no deprecation date any more"
        )
    for retirement in timeline.retirement:
        said.setdefault(retirement.on, []).append(_retirement_words(retirement))
    for replacement in timeline.replacements:
        said.setdefault(replacement.on, []).append(
            f"replacement {replacement.replacement}"
            if replacement.replacement
            else "no replacement given"
        )
    for phrases in said.values():
        if "deprecated" in phrases and any(p.startswith("deprecated on ") for p in phrases):
            phrases.remove("deprecated")  # "deprecated on DATE" says both
    return said


def _retirement_words(retirement: RetirementSeen) -> str:
    day = retirement.retirement_date
    undated = undated_retirement_words(retirement.kind, retirement.label)
    if undated:
        return undated
    if day is None:
        return "no retirement date any more"
    if retirement.not_before:
        return f"retires not sooner than {day.isoformat()}"
    return f"retires on {day.isoformat()}"
