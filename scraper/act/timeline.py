"""Each model's life, read from the history of one language's snapshots.

The history is the git history of `snapshots/<lang>/<YYYY-MM-DD>.json` in a data directory
(every version ever committed, so a snapshot replaced by a second run on the same day is kept),
plus dated files on disk that git does not have yet; without git, the dated files alone.
From it, for each model: first seen, each state with the day it was first observed, deprecation
and retirement dates over time, replacements over time, and when it left the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scraper.read.records import (
    Deprecation,
    DeprecationEntry,
    PageRecord,
    RetirementKind,
    State,
    json_schema,
)
from scraper.words import counted

Listing = Literal["status_table", "note", "history_only", "absent"]
HistorySource = Literal["git", "files"]
_DATED_JSON = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")


class HistoryError(Exception):
    """No history could be read; the message says what to do."""


# -- the history of snapshots ------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """One version of a language's record, as of the day in its file name."""

    day: date
    record: PageRecord
    revision: str  # a commit sha, or "working tree" for a file git does not have


@dataclass(frozen=True)
class History:
    language: str
    source: HistorySource
    snapshots: tuple[Snapshot, ...]
    skipped: tuple[str, ...] = ()  # versions that could not be read, and why

    def describe(self) -> str:
        """Where the history came from, in a line ("git history: 21 commits, ...")."""
        if not self.snapshots:
            return f"no snapshots of {self.language}"
        days = f"{self.snapshots[0].day} to {self.snapshots[-1].day}"
        if self.source == "files":
            return (
                f"{counted(len(self.snapshots), 'dated snapshot file')} of {self.language} on disk "
                f"(no git history), {days}"
            )
        loose = sum(1 for s in self.snapshots if s.revision == "working tree")
        extra = f", {loose} not committed yet" if loose else ""
        snapshots = counted(len(self.snapshots), "snapshot")
        return f"git history of {self.language}: {snapshots}{extra}, {days}"


def snapshot_dir(data_dir: Path, language: str) -> Path:
    return data_dir / "snapshots" / language


def languages_on_disk(data_dir: Path) -> list[str]:
    """Languages that have dated snapshots in `data_dir`, English first."""
    from scraper.publish.report import language_rank

    root = data_dir / "snapshots"
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    found = [p.name for p in folders if any(_DATED_JSON.match(f.name) for f in p.iterdir())]
    return sorted(found, key=language_rank)


def load_history(
    data_dir: Path, language: str = "en", *, source: HistorySource | None = None
) -> History:
    """The snapshots of `language` in `data_dir`, oldest first.

    `source=None` uses git when the data directory is in a repository with commits, else the
    dated files; `"files"` reads only the files (cheap: what a nightly run needs).
    """
    if not data_dir.is_dir():
        raise HistoryError(
            f"{data_dir}: no such directory; give the data directory with --data-dir"
        )
    if source != "files":
        found = _git_history(data_dir, language)
        if found is not None:
            return found
    return _file_history(data_dir, language)


def _file_history(data_dir: Path, language: str) -> History:
    snapshots, skipped = [], []
    folder = snapshot_dir(data_dir, language)
    paths = sorted(p for p in folder.glob("*.json") if _DATED_JSON.match(p.name))
    for path in paths:
        day, record, problem = _read_snapshot(path.name, path.read_bytes(), str(path))
        if day is None or record is None:
            skipped.append(problem)
            continue
        snapshots.append(Snapshot(day, record, "working tree"))
    return History(language, "files", tuple(snapshots), tuple(skipped))


def _git_history(data_dir: Path, language: str) -> History | None:
    """The history from git, or None when `data_dir` has no git history of its snapshots."""
    try:
        import git
    except ImportError:  # GitPython without a git executable: the files are the history
        return None
    try:
        with git.Repo(data_dir, search_parent_directories=True) as repo:
            snapshots, skipped = _git_snapshots(repo, data_dir, language)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError):
        return None  # not a repository, or one git refuses to read (e.g. another owner's)
    if not snapshots and not skipped:
        return None
    # Files written with --no-commit (or edited since) are part of the history too.
    last = {s.day: s.record for s in snapshots}
    for loose in _file_history(data_dir, language).snapshots:
        if last.get(loose.day) != loose.record:
            snapshots.append(loose)
    ordered = sorted(enumerate(snapshots), key=lambda pair: (pair[1].day, pair[0]))
    return History(language, "git", tuple(s for _, s in ordered), tuple(skipped))


def _git_snapshots(repo: Any, data_dir: Path, language: str) -> tuple[list[Snapshot], list[str]]:
    """Every committed version of the dated snapshots, in commit order."""
    snapshots: list[Snapshot] = []
    skipped: list[str] = []
    if not repo.head.is_valid() or repo.working_tree_dir is None:
        return snapshots, skipped
    top = Path(repo.working_tree_dir).resolve()
    folder = snapshot_dir(data_dir.resolve(), language)
    if not folder.is_relative_to(top):
        return snapshots, skipped
    # Paths verbatim (not C-quoted), whatever characters the data directory's name has.
    where = folder.relative_to(top).as_posix()
    log = repo.git.execute(
        [
            *("git", "-c", "core.quotePath=false", "log", "--reverse", "--format=%x00%H"),
            *("--name-only", "--diff-filter=AM", "--", where),
        ]
    )
    for block in log.split("\x00")[1:]:
        sha, *names = [line for line in block.splitlines() if line]
        commit = repo.commit(sha)
        for name in names:
            file_name = name.rpartition("/")[2]
            if not _DATED_JSON.match(file_name):
                continue
            data = (commit.tree / name).data_stream.read()
            day, record, problem = _read_snapshot(file_name, data, f"{name} at {sha[:10]}")
            if day is None or record is None:
                skipped.append(problem)
                continue
            snapshots.append(Snapshot(day, record, sha))
    return snapshots, skipped


def _read_snapshot(
    file_name: str, data: bytes, where: str
) -> tuple[date | None, PageRecord | None, str]:
    try:
        day = date.fromisoformat(file_name.removesuffix(".json"))
    except ValueError:
        return None, None, f"{where}: not a date in the file name; skipped"
    record, problem = _read_record(data, where)
    return day, record, problem


def _read_record(data: bytes, where: str) -> tuple[PageRecord | None, str]:
    try:
        return PageRecord.model_validate_json(data), ""
    except ValidationError as error:
        return None, f"{where}: not a page record ({error.error_count()} problem(s)); skipped"


# -- what a snapshot says about each model -------------------------------------------------------


@dataclass(frozen=True)
class ModelView:
    """What one snapshot says about one model (the status table first, then the history)."""

    listing: Listing
    state: State | None = None
    state_label: str | None = None
    deprecated_on: date | None = None
    retirement_date: date | None = None
    retirement_not_before: bool | None = None
    retirement_label: str | None = None
    # What the retirement says (null: no retirement known); `retirement_year` for `coarse`.
    retirement_kind: RetirementKind | None = None
    retirement_year: int | None = None
    replacement: str | None = None
    announced_on: date | None = None  # the newest history section naming it
    announcement_anchor: str | None = None
    retired_on: date | None = None  # that section's "was retired on" note
    note_section: str | None = None  # for listing "note": the section of the callout


ABSENT = ModelView(listing="absent")


def model_views(record: PageRecord) -> dict[str, ModelView]:
    """Every model the record names: in its status table, in a note (a callout stating the fate
    of a model no table lists), or only in its deprecation history."""
    history: dict[str, tuple[Deprecation, DeprecationEntry]] = {}
    for section in sorted(record.deprecations, key=lambda d: (d.announced_on, d.anchor)):
        for entry in section.entries:  # the newest section naming a model wins
            history[entry.model_id] = (section, entry)
    views: dict[str, ModelView] = {}
    for model in record.models:
        named = history.get(model.model_id)
        # The table's retirement, whatever its kind ("to be announced" included); the history's
        # date only where the table gives none ("N/A", e.g. a retired model).
        kind = "unrecognised" if "retirement_date" in model.not_understood else (
            model.retirement_kind)  # fmt: skip
        from_table = kind != "not_applicable"
        views[model.model_id] = ModelView(
            listing="status_table",
            state=model.state,
            state_label=model.state_label,
            deprecated_on=model.deprecated_on,
            retirement_date=model.retirement_date if from_table else _entry_date(named),
            retirement_not_before=model.retirement_not_before if from_table else False,
            retirement_label=model.retirement_label,
            retirement_kind=kind if from_table else _entry_kind(named),
            retirement_year=model.retirement_year if from_table else _entry_year(named),
            **_from_history(named),
        )
    notes = {note.model_id: note for note in record.note_models}  # as events.py: the last wins
    for model_id, note in notes.items():
        if model_id in views:
            continue  # the table says more than a note can
        named = history.get(model_id)
        stated = note.date if note.date_kind == "retirement" else None
        retirement = stated or _entry_date(named)
        views[model_id] = ModelView(
            listing="note",
            state=note.state,
            deprecated_on=note.date if note.date_kind == "deprecation" else None,
            retirement_date=retirement,
            retirement_not_before=False if retirement is not None else None,
            retirement_kind="date" if stated else _entry_kind(named),
            retirement_year=None if stated else _entry_year(named),
            **{**_from_history(named), "replacement": note.replacement or _replacement(named)},
            note_section=note.section,
        )
    for model_id, named_only in history.items():
        if model_id not in views:
            views[model_id] = ModelView(
                listing="history_only",
                retirement_date=_entry_date(named_only),
                retirement_not_before=False,
                retirement_kind=_entry_kind(named_only),
                retirement_year=_entry_year(named_only),
                **_from_history(named_only),
            )
    return views


def _entry_date(named: tuple[Deprecation, DeprecationEntry] | None) -> date | None:
    return named[1].retirement_date if named else None


def _entry_kind(named: tuple[Deprecation, DeprecationEntry] | None) -> RetirementKind | None:
    """The kind of a history entry's retirement; null where it gives none."""
    if named is None or named[1].retirement_kind == "not_applicable":
        return None
    return "unrecognised" if "retirement_date" in named[1].not_understood else (
        named[1].retirement_kind)  # fmt: skip


def _entry_year(named: tuple[Deprecation, DeprecationEntry] | None) -> int | None:
    return named[1].retirement_year if named else None


def _replacement(named: tuple[Deprecation, DeprecationEntry] | None) -> str | None:
    return named[1].replacement if named else None


def _from_history(named: tuple[Deprecation, DeprecationEntry] | None) -> dict[str, Any]:
    """What the newest history section naming a model says of it."""
    if named is None:
        return {}
    section, entry = named
    return {
        "replacement": entry.replacement,
        "announced_on": section.announced_on,
        "announcement_anchor": section.anchor,
        "retired_on": section.retired_on,
    }


def versions(history: History) -> dict[str, list[tuple[Snapshot, ModelView]]]:
    """Each model's distinct views over time (a new entry only when something changed),
    including `ABSENT` when a model once seen is named no more."""
    found: dict[str, list[tuple[Snapshot, ModelView]]] = {}
    for snapshot in history.snapshots:
        views = model_views(snapshot.record)
        for model_id in sorted(set(found) | set(views)):
            view = views.get(model_id, ABSENT)
            seen = found.setdefault(model_id, [])
            if not seen or seen[-1][1] != view:
                seen.append((snapshot, view))
    return found


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


_WORDS_ARE_THE_VALUE = ("coarse", "unrecognised")


def _retirement_key(view: ModelView) -> tuple[Any, ...]:
    """A retirement as it changes: its day, "not sooner than", kind, and the words only where
    they are the value (a re-translated "Not sooner than" is not a change)."""
    day = view.retirement_date
    kind = view.retirement_kind if view.retirement_kind != "not_applicable" else None
    label = view.retirement_label if kind in _WORDS_ARE_THE_VALUE else None
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
    if retirement.kind == "to_be_announced":
        return "retirement to be announced"
    if retirement.kind == "coarse":
        return f"retires in {retirement.label} (as written)"
    if retirement.kind == "unrecognised":
        return f"retirement: '{retirement.label}', not a date the tool reads"
    if day is None:
        return "no retirement date any more"
    if retirement.not_before:
        return f"retires not sooner than {day.isoformat()}"
    return f"retires on {day.isoformat()}"
