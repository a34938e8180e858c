"""The JSON Schemas in schema/ are generated from the models and must be kept current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.cli import main

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"


def test_schemas_in_the_repository_are_current(tmp_path: Path) -> None:
    assert main(["schema", "--write", str(tmp_path)]) == 0
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert generated == sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    for name in generated:
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == (tmp_path / name).read_text(
            encoding="utf-8"
        ), f"schema/{name} is stale: run `uv run deprecation-tracker schema --write schema`"


@pytest.mark.parametrize(
    "name",
    ["page-record", "latest", "day-events", "translations", "models", "timeline", "audit-report"],
)
def test_schema_names_its_dialect_and_id(name: str) -> None:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{name}.schema.json"
    assert schema["type"] == "object"


def test_what_a_run_writes_validates_against_the_published_schemas(tmp_path: Path) -> None:
    """Feed consumers read snapshots/latest.json and diffs/<date>.json: they match the schemas."""
    from datetime import date

    import jsonschema
    from trackpages import GAMMA, ROWS, record, with_row

    from scraper.runner import Reading, apply_readings
    from scraper.track.store import Store

    store = Store(tmp_path)
    first = [Reading(lang, record(lang)) for lang in ("en", "de")]
    apply_readings(store, first, date(2026, 3, 1), commit=False)
    moved = with_row(ROWS, GAMMA, retirement=date(2026, 9, 30))
    second = [Reading(lang, record(lang, moved)) for lang in ("en", "de")]
    result = apply_readings(store, second, date(2026, 3, 5), commit=False)
    assert result.events, "the fixture change must produce events to validate"

    def check(document: Path, schema_name: str) -> None:
        schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(document.read_text(encoding="utf-8")), schema)

    check(tmp_path / "snapshots" / "latest.json", "latest.schema.json")
    check(tmp_path / "snapshots" / "latest" / "de.json", "page-record.schema.json")
    check(tmp_path / "snapshots" / "en" / "2026-03-05.json", "page-record.schema.json")
    check(tmp_path / "diffs" / "2026-03-05.json", "day-events.schema.json")
