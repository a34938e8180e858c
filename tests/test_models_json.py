"""snapshots/models.json (one entry per model, English as the reference) and the versioned
snapshot documents: what a run writes matches the published schemas."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from conftest import corpus_pages
from test_note_models import NEXT, PREVIEW, with_note
from trackpages import ALPHA, BETA, DELTA, GAMMA, ROWS, page_text, record, url, with_row

from scraper.cli import main
from scraper.publish.catalog import models_document
from scraper.read.parse import parse_text
from scraper.runner import Reading, apply_readings
from scraper.track.consistency import all_findings
from scraper.track.store import Store

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"
DAY = date(2026, 3, 1)


def english_with_note() -> object:
    text = with_note(page_text("en"), f"`{PREVIEW}` is deprecated. Move to `{NEXT}`.")
    return parse_text(text, url=url("en"), language="en", fmt="md")


def test_one_entry_per_model_sorted_with_note_models_and_translations() -> None:
    english = english_with_note()
    german = record("de", with_row(ROWS, ALPHA, state="legacy"))
    records = {"en": english, "de": german}
    dates = {"en": DAY, "de": DAY}
    document = models_document(records, all_findings(records, dates))
    ids = [m.model_id for m in document.models]
    assert ids == sorted([ALPHA, BETA, GAMMA, DELTA, PREVIEW])

    by_id = {m.model_id: m for m in document.models}
    gamma = by_id[GAMMA]
    assert (gamma.state, gamma.deprecated_on, gamma.retirement_date) == (
        "deprecated",
        date(2026, 1, 15),
        date(2026, 4, 30),
    )
    assert gamma.retirement_not_before is False and gamma.replacement == ALPHA
    assert gamma.announced_in is not None and gamma.announced_in.announced_on == date(2026, 1, 15)
    assert gamma.source == "status_table"
    assert gamma.translations["de"].model_dump() == {"state": "deprecated", "verdict": "current"}
    assert by_id[ALPHA].retirement_not_before is True and by_id[ALPHA].announced_in is None
    assert by_id[ALPHA].translations["de"].model_dump() == {
        "state": "legacy",
        "verdict": "conflict",
    }

    preview = by_id[PREVIEW]
    assert (preview.source, preview.state, preview.replacement) == ("note", "deprecated", NEXT)
    assert preview.translations["de"].model_dump() == {"state": None, "verdict": "conflict"}

    data = json.loads(document.to_json())
    assert data["schema_version"] == 1 and data["$schema"].endswith("models.schema.json")
    assert list(data) == sorted(data)


def test_without_english_there_are_no_models() -> None:
    assert models_document({"de": record("de")}, []).models == []


def validate(path: Path, schema_name: str) -> dict:
    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    return data


def test_a_run_writes_versioned_documents_that_match_their_schemas(tmp_path: Path) -> None:
    store = Store(tmp_path)
    readings = [Reading("en", english_with_note()), Reading("de", record("de"))]
    apply_readings(store, readings, DAY, commit=False)
    models = validate(tmp_path / "snapshots" / "models.json", "models.schema.json")
    latest = validate(tmp_path / "snapshots" / "latest.json", "latest.schema.json")
    translations = validate(tmp_path / "diffs" / "translations.json", "translations.schema.json")
    assert models["$schema"].endswith("/schema/models.schema.json")
    assert latest["schema_version"] == 1 and latest["$schema"].endswith("latest.schema.json")
    assert latest["translations"] == translations
    assert PREVIEW in {m["model_id"] for m in models["models"] if m["source"] == "note"}
    # The published loader still reads what is written.
    from scraper.publish.published import load_latest

    assert load_latest(tmp_path).schema_version == 1
    # Nothing changes, nothing is rewritten.
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.json")}
    apply_readings(Store(tmp_path), readings, date(2026, 3, 2), commit=False)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.json")} == before


def test_claude_mythos_preview_in_models_json_from_the_corpus(tmp_path: Path) -> None:
    archive, data = tmp_path / "archive", tmp_path / "data"
    archive.mkdir()
    for pattern in ("en__2026-07-21__*.md", "id__2026-07-21__*.md"):
        found = corpus_pages(pattern)
        if not found:
            pytest.skip(f"../shared/corpus: no capture matches {pattern}")
        shutil.copy2(found[0], archive / found[0].name)
    assert main(["replay", str(archive), "--data-dir", str(data), "--no-commit", "-q"]) == 0
    models = validate(data / "snapshots" / "models.json", "models.schema.json")
    [mythos] = [m for m in models["models"] if m["model_id"] == "claude-mythos-preview"]
    assert mythos["source"] == "note"
    assert (mythos["state"], mythos["retirement_date"]) == (None, "2026-07-21")
    assert mythos["replacement"] == "claude-mythos-5"
    assert mythos["translations"]["id"]["verdict"] == "conflict"  # June 30 in Indonesian
