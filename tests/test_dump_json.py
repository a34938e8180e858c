"""`dump_json` writes orjson's text only where it is byte for byte `json.dumps`'s."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

import scraper.read.records as records
from scraper.cli import main
from scraper.read.records import dump_json


def stdlib(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Kind(StrEnum):
    RETIRED = "retired"


@dataclasses.dataclass
class Point:
    x: int


def test_every_character_is_escaped_as_json_does() -> None:
    # Control characters, quotes, backslashes, DEL, line separators, astral: every code point
    # but the surrogates, as keys and as values.
    chars = [chr(c) for c in range(0x11000) if not 0xD800 <= c < 0xE000]
    data = {c: [c + "x", {"k": c}] for c in chars}
    assert dump_json(data) == stdlib(data)


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        {"a": [], "b": {}, "c": [[]]},
        {"é": 1, "e": 2, "\U0001f600": 3, "\uffff": 4, "Z": 5},  # code point order
        [True, False, None, 0, -1, 2**63 - 1, -(2**63)],
        {"tuple": (1, "2")},
        "alone",
        7,
        None,
    ],
)
def test_plain_data_is_the_same_text(data: Any) -> None:
    assert dump_json(data) == stdlib(data)


@pytest.mark.parametrize(
    "data",
    [
        1e16,  # json: 1e+16
        {"a": {"b": [2.5e10, 1e-05, 0.1]}},
        [1.0],
        {"key": 3.0},
        2**70,  # beyond orjson's 64 bits
        {1: "a", 2: "b"},  # non-str keys: json turns them into strings
        {"a": "\ud800"},  # a lone surrogate
        {"kind": Kind.RETIRED},  # a str subclass
        {"line": "1.5 looks like a float, but is a string", "n": "2e3"},
    ],
)
def test_where_orjson_could_differ_json_writes_it(data: Any) -> None:
    assert dump_json(data) == stdlib(data)


@pytest.mark.parametrize("data", [{"day": date(2026, 1, 2)}, [Point(1)], {"s": {1, 2}}])
def test_what_json_cannot_write_is_still_an_error(data: Any) -> None:
    # orjson would write dates and dataclasses; the data files never held them.
    with pytest.raises(TypeError):
        dump_json(data)


def test_floats_go_to_json_not_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    used = []
    monkeypatch.setattr(records, "_dump_json_stdlib", lambda d: used.append(d) or stdlib(d))
    dump_json({"n": 1, "s": "1.5"})
    assert used == []
    dump_json({"n": 1.5})
    assert used == [{"n": 1.5}]


def test_a_corpus_replay_writes_the_same_bytes(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file a replay of the real captures writes through dump_json, compared."""
    checked = []

    def both(data: Any) -> str:
        text = dump_json(data)
        assert text == stdlib(data)
        checked.append(len(text))
        return text

    for module in _users_of_dump_json():
        monkeypatch.setattr(module, "dump_json", both)
    pages = sorted((corpus_dir / "pages").glob("en__*.md"))[-3:]
    archive = tmp_path / "archive"
    archive.mkdir()
    for page in pages:
        (archive / page.name).write_bytes(page.read_bytes())
    assert main(["replay", str(archive), "--data-dir", str(tmp_path / "data"), "-q",
                 "--no-commit"]) == 0  # fmt: skip
    assert len(checked) > 10 and sum(checked) > 100_000


def _users_of_dump_json() -> list[Any]:
    import sys

    import scraper.cli
    import scraper.runner  # noqa: F401

    return [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("scraper") and getattr(module, "dump_json", None) is dump_json
    ]
