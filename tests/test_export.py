"""`export-sqlite`: the history as a SQLite database (models, versions, events, findings)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from histories import (
    DAY_1,
    DAY_3,
    DAY_4,
    EPSILON,
    SmallHistory,
    corpus_history,
    replay,
    small_history,
    write_captures,
)
from notepages import (
    FIRST_RETIREMENT,
    MOVED_RETIREMENT,
    NOTE_DAY_2,
    NOTE_DAY_3,
    NOTE_DAY_4,
    NOTE_DAYS,
    PREVIEW,
    SUCCESSOR,
    replay_notes,
)
from trackpages import BETA, DELTA, GAMMA, ROWS, page_text, without_row

from scraper.cli import main

__all__ = ["small_history"]  # the fixture, imported


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export-sqlite", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(db: Path, sql: str, *params: Any) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(sql, params)]


@pytest.fixture(scope="module")
def database(small_history: SmallHistory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("export") / "tracker.db"
    assert main(["export-sqlite", str(db), "--data-dir", str(small_history.data)]) == 0
    return db


def test_the_tables_and_their_keys(database: Path) -> None:
    found = rows(database, "select name from sqlite_master where type = 'table'")
    tables = {r["name"] for r in found}
    assert {"snapshots", "models", "model_versions", "events", "findings"} <= tables
    keys = {
        table: [r["name"] for r in rows(database, f"pragma table_info({table})") if r["pk"]]
        for table in ("models", "model_versions", "events")
    }
    assert keys == {
        "models": ["language", "model_id"],
        "model_versions": ["language", "model_id", "version"],
        "events": ["id"],
    }
    snapshots = rows(database, "select day, revision from snapshots order by position")
    assert [s["day"] for s in snapshots] == [str(d) for d in (DAY_1, "2026-02-10", DAY_3)] + [
        str(DAY_4)
    ] * 2
    assert all(len(s["revision"]) == 40 for s in snapshots)  # commits


def test_each_version_over_time_with_removals_kept(database: Path) -> None:
    beta = rows(
        database,
        "select valid_from, valid_to, state, retirement_date, retirement_not_before, "
        "replacement from model_versions where model_id = ? order by version",
        BETA,
    )
    assert beta == [
        {
            "valid_from": "2026-01-05",
            "valid_to": "2026-02-10",
            "state": "legacy",
            "retirement_date": "2026-12-01",
            "retirement_not_before": 1,
            "replacement": None,
        },
        {
            "valid_from": "2026-02-10",
            "valid_to": "2026-03-15",
            "state": "deprecated",
            "retirement_date": "2026-08-01",
            "retirement_not_before": 0,
            "replacement": "claude-alpha-5",
        },
        {
            "valid_from": "2026-03-15",
            "valid_to": None,
            "state": "deprecated",
            "retirement_date": "2026-09-15",
            "retirement_not_before": 0,
            "replacement": "claude-alpha-5",
        },
    ]
    delta = rows(
        database,
        "select valid_from, listing, removed, state from model_versions where model_id = ? "
        "order by version",
        DELTA,
    )
    assert delta == [
        {"valid_from": "2026-01-05", "listing": "status_table", "removed": 0, "state": "retired"},
        {"valid_from": "2026-05-01", "listing": "absent", "removed": 1, "state": None},
    ]
    [model] = rows(database, "select * from models where model_id = ?", DELTA)
    assert (model["listing"], model["gone_on"]) == ("absent", "2026-05-01")
    assert model["state"] == "retired"  # as last seen
    # Both versions of day 4 (two runs that day) are kept.
    epsilon = rows(
        database, "select retirement_date from model_versions where model_id = ?", EPSILON
    )
    assert [r["retirement_date"] for r in epsilon] == ["2028-01-01", "2028-03-01"]


def test_models_as_last_seen(database: Path) -> None:
    models = {r["model_id"]: r for r in rows(database, "select * from models")}
    assert set(models) == {r.model_id for r in ROWS} | {EPSILON}
    gamma = models[GAMMA]
    assert (gamma["state"], gamma["replacement"], gamma["first_seen"]) == (
        "retired",
        EPSILON,
        "2026-01-05",
    )
    assert gamma["versions"] == len(
        rows(database, "select 1 from model_versions where model_id = ?", GAMMA)
    )


def test_events_are_those_of_the_diffs(small_history: SmallHistory, database: Path) -> None:
    expected = [
        event
        for path in sorted((small_history.data / "diffs").glob("????-??-??.json"))
        for event in json.loads(path.read_text(encoding="utf-8"))["events"]
    ]
    exported = {r["id"]: r for r in rows(database, "select * from events")}
    assert len(exported) == len(expected) > 5
    for event in expected:
        row = exported[event["id"]]
        assert (row["date"], row["type"], row["model_id"]) == (
            event["date"],
            event["type"],
            event["model_id"],
        )
        if isinstance(event["after"], dict):  # nested values are JSON text
            assert json.loads(row["after"]) == event["after"]
    moved = rows(
        database,
        "select shift_days from events where type = 'retirement_date_changed' "
        "and model_id = ? and anchor = 'model-status' order by date",
        BETA,
    )
    assert [r["shift_days"] for r in moved] == [-122, 45]


def test_findings_come_from_latest_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # German lags: a model English lists is missing there, a translation finding.
    archive = write_captures(tmp_path / "archive", {DAY_1: (ROWS, ())})
    german = page_text("de", without_row(ROWS, GAMMA), ())
    (archive / f"de__{DAY_1}__fixture.md").write_text(german, encoding="utf-8")
    replay(archive, tmp_path / "data")
    db = tmp_path / "out.db"
    assert export(capsys, str(db), "--data-dir", str(tmp_path / "data"))[0] == 0
    findings = rows(db, "select kind, aspect, language, model_id from findings")
    # No earlier English says German's list, so the gap is a conflict, not a lag.
    missing = {"kind": "conflict", "aspect": "models", "language": "de", "model_id": GAMMA}
    assert missing in findings
    assert {r["language"] for r in rows(db, "select distinct language from models")} == {"en", "de"}
    # The newer shape of latest.json keeps them under translations.findings.
    latest = tmp_path / "data" / "snapshots" / "latest.json"
    document = json.loads(latest.read_text(encoding="utf-8"))
    document["translations"] = {
        "findings": [{"language": "de", "verdict": "lagging", "lag_days": 3}]
    }
    del document["findings"]
    latest.write_text(json.dumps(document), encoding="utf-8")
    assert export(capsys, str(db), "--data-dir", str(tmp_path / "data"), "--replace")[0] == 0
    assert rows(db, "select language, verdict, lag_days from findings") == [
        {"language": "de", "verdict": "lagging", "lag_days": 3}
    ]


def test_an_existing_file_is_refused_unless_replace(
    small_history: SmallHistory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "tracker.db"
    db.write_bytes(b"precious")
    code, _, err = export(capsys, str(db), "--data-dir", str(small_history.data))
    assert code == 2 and "exists; pass --replace" in err
    assert db.read_bytes() == b"precious"
    code, out, _ = export(capsys, str(db), "--data-dir", str(small_history.data), "--replace")
    assert code == 0 and out.startswith(f"wrote {db}: 5 snapshots, 5 models, ")
    assert rows(db, "select count(*) as n from models") == [{"n": 5}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.db"]  # no temporary left


def test_without_git_and_on_an_empty_directory(
    small_history: SmallHistory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "loose.db"
    code, _, err = export(capsys, str(db), "--data-dir", str(small_history.loose))
    assert code == 0 and "(no git history)" in err
    assert rows(db, "select count(*) as n from snapshots") == [{"n": 4}]
    code, _, err = export(capsys, str(tmp_path / "x.db"), "--data-dir", str(tmp_path / "empty"))
    assert code == 2 and "no snapshots/ or diffs/ here" in err
    code, _, err = export(capsys, str(tmp_path), "--data-dir", str(small_history.loose))
    assert code == 2 and "is a directory" in err


def test_a_broken_day_file_is_skipped_with_a_warning(
    small_history: SmallHistory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(small_history.loose, data)
    (data / "diffs" / "2026-06-01.json").write_text("{not json", encoding="utf-8")
    code, _, err = export(capsys, str(tmp_path / "x.db"), "--data-dir", str(data))
    assert code == 0 and "2026-06-01.json: not readable JSON" in err


def test_models_only_a_note_states_are_exported_with_listing_note(tmp_path: Path) -> None:
    data = replay_notes(tmp_path, NOTE_DAYS)
    db = tmp_path / "notes.db"
    assert main(["export-sqlite", str(db), "--data-dir", str(data)]) == 0
    [preview] = rows(db, "select * from models where model_id = ?", PREVIEW)
    assert (preview["first_seen"], preview["gone_on"]) == (NOTE_DAY_2.isoformat(), "2026-08-10")
    assert (preview["listing"], preview["state"], preview["replacement"]) == (
        "absent",  # the last snapshot names it no more
        "deprecated",  # as last seen
        SUCCESSOR,
    )
    versions = rows(
        db,
        "select valid_from, listing, state, retirement_date, note_section, removed "
        "from model_versions where model_id = ? order by version",
        PREVIEW,
    )
    assert [tuple(v.values()) for v in versions] == [
        (NOTE_DAY_2.isoformat(), "note", None, FIRST_RETIREMENT.isoformat(), "model-status", 0),
        (NOTE_DAY_3.isoformat(), "note", None, MOVED_RETIREMENT.isoformat(), "model-status", 0),
        (NOTE_DAY_4.isoformat(), "note", "deprecated", None, "model-status", 0),
        ("2026-08-10", "absent", None, None, None, 1),
    ]
    events = rows(db, "select type, source from events where model_id = ? order by date", PREVIEW)
    assert (events[0]["type"], events[0]["source"]) == ("model_added", "note")
    assert {e["source"] for e in events} == {"note"}
    wording = rows(db, "select source from events where type = 'page_text_changed'")
    assert wording and all(r["source"] is None for r in wording)


def test_an_empty_export_has_the_events_source_column(tmp_path: Path) -> None:
    (tmp_path / "data" / "diffs").mkdir(parents=True)
    db = tmp_path / "empty.db"
    assert main(["export-sqlite", str(db), "--data-dir", str(tmp_path / "data")]) == 0
    columns = {r["name"] for r in rows(db, "pragma table_info(events)")}
    assert "source" in columns


def test_corpus_export(
    corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    data = corpus_history(corpus_dir, tmp_path_factory)
    db = tmp_path / "corpus.db"
    assert main(["export-sqlite", str(db), "--data-dir", str(data)]) == 0
    haiku = rows(
        db,
        "select valid_from, state, retirement_date from model_versions "
        "where model_id = 'claude-3-haiku-20240307' order by version",
    )
    assert haiku[0]["valid_from"] == "2025-05-02"
    assert {"valid_from": "2026-02-20", "state": "deprecated", "retirement_date": "2026-04-20"} in (
        haiku
    )
    [opus] = rows(db, "select * from models where model_id = 'claude-3-opus-20240229'")
    assert (opus["left_status_table_on"], opus["listing"]) == ("2026-01-15", "history_only")
    types = {r["type"] for r in rows(db, "select distinct type from events")}
    assert {"model_added", "state_changed", "retirement_date_changed"} <= types
    # A preview model only a note states: in the export from the day its note appeared.
    mythos = rows(
        db,
        "select valid_from, listing, retirement_date, note_section from model_versions "
        "where model_id = 'claude-mythos-preview' order by version",
    )
    assert mythos[0] == {
        "valid_from": "2026-07-21",
        "listing": "note",
        "retirement_date": "2026-07-21",
        "note_section": "model-status",
    }
    [latest] = rows(
        db, "select listing, state from models where model_id = 'claude-mythos-preview'"
    )
    assert latest == {"listing": "note", "state": "deprecated"}
