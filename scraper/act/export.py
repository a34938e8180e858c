"""`export-sqlite`: a data directory's whole history as one SQLite database, for `sqlite3` or
Datasette.

Tables:
    snapshots       each version of each language's record (day, commit)
    models          each model of each language as last seen, with first/last seen and removal
    model_versions  each distinct state of a model over time (valid_from/valid_to), removals kept
    events          every change event from diffs/<date>.json
    findings        the translation findings of snapshots/latest.json

Written with sqlite-utils into a temporary file that replaces FILE only when complete, so a
failed export never leaves half a database or destroys the previous one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper.act.timeline import timelines
from scraper.track.history import History, ModelView, languages_on_disk, load_history, versions


class ExportError(Exception):
    """The export could not be written; the message says what to do."""


@dataclass
class ExportSummary:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # language -> where its history came from
    skipped: list[str] = field(default_factory=list)


def export_sqlite(
    data_dir: Path,
    out: Path,
    *,
    replace: bool = False,
    languages: Sequence[str] | None = None,
) -> ExportSummary:
    """Write the database of `data_dir` to `out` (refused if it exists, unless `replace`)."""
    import sqlite_utils

    if out.is_dir():
        raise ExportError(f"{out} is a directory; give a file name such as tracker.db")
    if out.exists() and not replace:
        raise ExportError(f"{out} exists; pass --replace to overwrite it")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent}: no such directory")
    chosen = list(languages) if languages else languages_on_disk(data_dir)
    if not chosen and not (data_dir / "diffs").is_dir():
        raise ExportError(
            f"{data_dir}: no snapshots/ or diffs/ here; give the data directory with --data-dir"
        )
    summary = ExportSummary(out)
    histories = []
    for language in chosen:
        history = load_history(data_dir, language)
        histories.append(history)
        summary.sources[language] = history.describe()
        summary.skipped += history.skipped

    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite_utils.Database(tmp)
    try:
        tables: dict[str, tuple[list[dict[str, Any]], list[str] | None]] = {
            "snapshots": (list(_snapshot_rows(histories)), ["language", "position"]),
            "models": (list(_model_rows(histories)), ["language", "model_id"]),
            "model_versions": (
                list(_version_rows(histories)),
                ["language", "model_id", "version"],
            ),
            "events": (list(_event_rows(data_dir, summary)), ["id"]),
            "findings": (list(_finding_rows(data_dir, summary)), None),
        }
        for name, (rows, pk) in tables.items():
            _create(db, name, rows, pk)
            summary.rows[name] = len(rows)
        for table, columns in _INDEXES:  # their columns are always there (see _COLUMNS)
            db.table(table).create_index(columns, if_not_exists=True)
        db.close()
        os.replace(tmp, out)
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    return summary


_INDEXES = [
    ("model_versions", ["model_id"]),
    ("model_versions", ["valid_from"]),
    ("events", ["model_id"]),
    ("events", ["date"]),
    ("events", ["type"]),
    ("findings", ["language"]),
]

# Columns every table has even when empty, so queries and Datasette facets work on a new repo.
_COLUMNS: dict[str, dict[str, type]] = {
    "snapshots": {"language": str, "position": int, "day": str, "revision": str, "models": int},
    "models": {"language": str, "model_id": str, "first_seen": str, "state": str},
    "model_versions": {
        "language": str,
        "model_id": str,
        "version": int,
        "valid_from": str,
        "valid_to": str,
        "listing": str,
        "removed": int,
    },
    "events": {
        **{"id": str, "date": str, "type": str, "language": str, "model_id": str},
        "source": str,  # "note" for a model only a note states
    },
    "findings": {"kind": str, "language": str, "model_id": str, "message": str},
}


def _create(db: Any, name: str, rows: list[dict[str, Any]], pk: list[str] | None) -> None:
    table = db[name]
    table.create(_COLUMNS[name], pk=pk[0] if pk and len(pk) == 1 else pk)
    if rows:
        table.insert_all(rows, alter=True)  # new fields in newer files become columns


def _snapshot_rows(histories: Sequence[History]) -> Iterator[dict[str, Any]]:
    for history in histories:
        for position, snapshot in enumerate(history.snapshots):
            yield {
                "language": history.language,
                "position": position,
                "day": snapshot.day.isoformat(),
                "revision": snapshot.revision,
                "models": len(snapshot.record.models),
                "source_url": snapshot.record.source.url,
                "sha256": snapshot.record.source.sha256,
            }


def _view_columns(view: ModelView) -> dict[str, Any]:
    return {
        "listing": view.listing,
        "state": view.state,
        "state_label": view.state_label,
        "deprecated_on": _iso(view.deprecated_on),
        "retirement_date": _iso(view.retirement_date),
        "retirement_not_before": view.retirement_not_before,
        "retirement_label": view.retirement_label,
        "replacement": view.replacement,
        "announced_on": _iso(view.announced_on),
        "announcement_anchor": view.announcement_anchor,
        "retired_on": _iso(view.retired_on),
        "note_section": view.note_section,  # listing "note": the section of the callout
    }


def _model_rows(histories: Sequence[History]) -> Iterator[dict[str, Any]]:
    for history in histories:
        lives = {t.model_id: t for t in timelines(history)}
        for model_id, seen in sorted(versions(history).items()):
            life = lives[model_id]
            last_view = [view for _, view in seen if view.listing != "absent"][-1]
            yield {
                "language": history.language,
                "model_id": model_id,
                "first_seen": life.first_seen.isoformat(),
                "last_seen": life.last_seen.isoformat(),
                "left_status_table_on": _iso(life.left_status_table_on),
                "gone_on": _iso(life.gone_on),
                **_view_columns(last_view),
                "listing": seen[-1][1].listing,  # "absent" when the page names it no more
                "versions": len(seen),
            }


def _version_rows(histories: Sequence[History]) -> Iterator[dict[str, Any]]:
    for history in histories:
        for model_id, seen in sorted(versions(history).items()):
            for number, (snapshot, view) in enumerate(seen):
                following = seen[number + 1][0].day if number + 1 < len(seen) else None
                yield {
                    "language": history.language,
                    "model_id": model_id,
                    "version": number,
                    "valid_from": snapshot.day.isoformat(),
                    "valid_to": _iso(following),
                    "revision": snapshot.revision,
                    "removed": view.listing == "absent",
                    **_view_columns(view),
                }


def _event_rows(data_dir: Path, summary: ExportSummary) -> Iterator[dict[str, Any]]:
    for path in sorted((data_dir / "diffs").glob("????-??-??.json")):
        data = _read_json(path, summary)
        events = data.get("events") if isinstance(data, dict) else None
        if not isinstance(events, list):
            summary.skipped.append(f"{path}: no events list; skipped")
            continue
        for event in events:
            if isinstance(event, dict) and "id" in event:
                yield {key: _cell(value) for key, value in event.items()}


def _finding_rows(data_dir: Path, summary: ExportSummary) -> Iterator[dict[str, Any]]:
    path = data_dir / "snapshots" / "latest.json"
    if not path.is_file():
        return
    data = _read_json(path, summary)
    if not isinstance(data, dict):
        return
    translations = data.get("translations")
    found = translations.get("findings") if isinstance(translations, dict) else None
    if found is None:
        found = data.get("findings")
    for finding in found if isinstance(found, list) else []:
        if isinstance(finding, dict):
            yield {key: _cell(value) for key, value in finding.items()}


def _read_json(path: Path, summary: ExportSummary) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        summary.skipped.append(f"{path}: not readable JSON ({error}); skipped")
        return None


def _cell(value: Any) -> Any:
    """Nested values as JSON text (SQLite's json_* functions and Datasette read it)."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
