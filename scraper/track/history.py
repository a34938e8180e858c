"""A language's snapshots over time, and each model as one snapshot shows it.

The history is the git history of `snapshots/<lang>/<YYYY-MM-DD>.json` in a data directory
(every version ever committed, so a snapshot replaced by a second run on the same day is kept),
plus dated files on disk that git does not have yet; without git, the dated files alone.
The timeline (`act/`) and the calendar (`publish/`) read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from scraper.read.languages import language_rank
from scraper.read.records import (
    Deprecation,
    DeprecationEntry,
    PageRecord,
    RetirementKind,
    State,
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
        kind = model.retirement_kind
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
    return named[1].retirement_kind


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
