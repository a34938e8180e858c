"""`audit`'s cheap paths change no answer.

The audit reads a local snapshot as plain JSON (`act/plain_snapshot.py`) instead of through the
pydantic models, passes over undecoded every file whose lowered bytes hold no `claude[-:@]`,
pre-checks .gitignore rules with their own regexes before pathspec's check, and writes its
records (dataclasses) with orjson. Each test here holds one of those to the slow path it stands
in for: the same facts, the same hits, the same ignore decisions, the same text.
"""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
from conftest import corpus_pages
from hypothesis import given, settings
from hypothesis import strategies as st
from notepages import deprecated, note_record, retiring
from test_audit import RECORD, write_latest

from scraper.act import plain_snapshot, reference
from scraper.act.audit import (
    _ID_START,
    AuditOptions,
    _Counts,
    _gitignore,
    _scan_file,
    audit,
    hits_in_notebook,
    hits_in_text,
    json_text,
    plain,
    render_json,
)
from scraper.act.plain_snapshot import KEYS, read_plain
from scraper.act.reference import NoReference, load_reference
from scraper.read.model_ids import find_ids
from scraper.read.records import dump_json

# -- the prefilter ---------------------------------------------------------------------------


def test_no_other_character_matches_a_letter_of_claude_case_insensitively() -> None:
    """Why lowering the bytes (ASCII only) loses nothing: `find_ids` matches `claude` with
    IGNORECASE, and no non-ASCII character (the Kelvin sign, a long s, a dotted capital I)
    matches one of its letters that way."""
    others = "".join(chr(code) for code in range(0x80, 0x110000) if not 0xD800 <= code < 0xE000)
    assert re.findall("[claude]", others, re.IGNORECASE) == []


# Pieces a text is made of: ids and near misses in every case, separators, other scripts.
PIECES = [
    "claude-3-opus-20240229",
    "CLAUDE-3-OPUS-20240229",
    "Claude-Sonnet-4-5",
    "cLaUdE-2.1",
    "anthropic.claude-3-haiku-20240307-v1:0",
    "us.anthropic.claude-v2:1",
    "claude-3-haiku@20240307",
    "claude:1",
    "claude@latest",
    "claude",
    "Claude",
    "claude_3",
    "xclaude-3",
    "-",
    ":",
    "@",
    " ",
    "\n",
    "\r\n",
    "\t",
    "é",
    "İ",
    "\u212a",
    "日本",
    "\ufeff",
    "\ud800",  # a lone surrogate: written as bytes that are not UTF-8
    '"',
    "v1",
    "2",
]


def _as_bytes(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "replace")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=12),
    st.sampled_from(["utf-8", "latin-1", "cp1252"]),
)
def test_the_prefilter_never_passes_over_a_file_with_an_id(
    pieces: list[str], encoding: str
) -> None:
    """Whatever the bytes (UTF-8, a legacy 8-bit encoding, invalid sequences), a file the
    prefilter passes over is one whose decoded text holds no id."""
    data = _as_bytes("".join(pieces), encoding)
    text = data.decode("utf-8", errors="replace")
    if list(find_ids(text)):
        assert _ID_START.search(data.lower()) is not None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
@pytest.mark.parametrize(
    "body",
    [
        'M = "CLAUDE-3-OPUS-20240229"\r\n',
        "# Claude, Claude, Claude\n" * 50 + 'x = "Claude-3-Haiku@20240307"\n',
        "Café: claude-2.1 ou claude-instant-1.2\n",
        "no id here, only Claude and claude_3 and xclaude-3\n",
        "ﬁ \u212a İ claude\n" * 3,
    ],
)
def test_a_file_gives_the_hits_of_its_decoded_text(
    tmp_path: Path, encoding: str, body: str
) -> None:
    path = tmp_path / "a.py"
    path.write_bytes(body.encode(encoding, errors="replace"))
    counts = _Counts()
    expected = hits_in_text(path.read_bytes().decode("utf-8", errors="replace"))
    assert _scan_file(str(path), 5_000_000, counts) == expected
    assert counts.scanned == 1


def test_an_id_far_into_a_large_file_or_a_notebook_is_found(tmp_path: Path) -> None:
    """No window: the whole file is searched, its last bytes included."""
    big = tmp_path / "big.md"
    big.write_bytes(b"Claude " * 600_000 + b"\nclaude-3-opus-20240229")
    found = _scan_file(str(big), 5_000_000, _Counts())
    assert [(hit.line, hit.written) for hit in found] == [(2, "claude-3-opus-20240229")]
    notebook = tmp_path / "n.ipynb"
    cells = [{"cell_type": "code", "source": ["x = 1\n"] * 2000 + ['m = "CLAUDE-2.1"\n']}]
    notebook.write_text(json.dumps({"cells": cells}, indent=1), "utf-8")
    text = notebook.read_text("utf-8")
    assert _scan_file(str(notebook), 5_000_000, _Counts()) == hits_in_notebook(text)
    assert [hit.written for hit in hits_in_notebook(text)] == ["CLAUDE-2.1"]


def test_a_file_that_is_only_prose_about_claude_is_not_decoded(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Claude wrote this. CLAUDE: hello.\n" * 100, "utf-8")
    # a byte that would fail the decoding: the file is passed over before it is decoded
    (tmp_path / "b.md").write_bytes(b"Claude \xff\xfe\n")
    report = audit([tmp_path], RECORD, AuditOptions(today=date(2026, 3, 1), cwd=tmp_path))
    assert report.findings == []
    assert report.summary.files_scanned == 2


# -- the .gitignore pre-check ----------------------------------------------------------------

IGNORE_LINES = [
    "*.log",
    "build/",
    "/top.py",
    "docs/**/*.md",
    "!keep.log",
    "a?c.py",
    "[ab]*.ts",
    "**/gen",
    "src/",
    "!src/keep/",
    "deep/**",
    "name with space.py",
    r"\#hash.py",
    "*.py",
    "!*_test.py",
    "",
    "# comment",
]
NAMES = ["a.py", "abc.py", "b_test.py", "x.log", "keep.log", "top.py", "gen/", "build/", "src/"]
DIRS = ["", "src/", "docs/a/", "deep/x/", "keep/", "src/keep/", "build/y/"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(IGNORE_LINES), max_size=6))
def test_the_pre_check_decides_as_pathspec_does(tmp_path_factory: Any, lines: list[str]) -> None:
    directory = tmp_path_factory.mktemp("ignore")
    (directory / ".gitignore").write_text("\n".join(lines) + "\n", "utf-8")
    [ignore] = _gitignore(str(directory))
    for folder in DIRS:
        for name in NAMES:
            path = folder + name
            assert ignore.decides(path) == ignore.spec.check_file(path).include, path


# -- the plain snapshot ----------------------------------------------------------------------


def test_the_plain_reader_knows_the_keys_the_models_require_and_allow() -> None:
    from scraper.publish.published import MAX_SNAPSHOT_BYTES, latest_path
    from scraper.read import records
    from scraper.track.latest import LatestDocument, LatestLanguage

    models = {
        "LatestDocument": LatestDocument,
        "LatestLanguage": LatestLanguage,
        "PageRecord": records.PageRecord,
        "ModelStatus": records.ModelStatus,
        "Deprecation": records.Deprecation,
        "DeprecationEntry": records.DeprecationEntry,
        "NoteModel": records.NoteModel,
    }
    assert set(KEYS) == set(models)
    for name, model in models.items():
        required, allowed = KEYS[name]
        fields = model.model_fields
        assert required == {key for key, info in fields.items() if info.is_required()}, name
        names = {key for key in fields} | {info.alias for info in fields.values() if info.alias}
        assert required | allowed == names, name
    assert get_args(records.RetirementKind) == plain_snapshot.RETIREMENT_KINDS
    assert plain_snapshot.MAX_SNAPSHOT_BYTES == MAX_SNAPSHOT_BYTES
    assert reference._latest_path(Path("d")) == latest_path(Path("d"))


def _both_ways(
    snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[reference.Reference, reference.Reference, list[str], list[str]]:
    plain_notes: list[str] = []
    read = load_reference(snapshot=str(snapshot), notes=plain_notes)
    with monkeypatch.context() as patched:  # as before: every file through the models
        patched.setattr(reference, "read_plain", lambda where: None)
        model_notes: list[str] = []
        through_models = load_reference(snapshot=str(snapshot), notes=model_notes)
    return read, through_models, plain_notes, model_notes


def _records() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = [
        {"en": RECORD},
        {"de": RECORD.model_copy(update={"language": "de"})},  # no English: a note says so
        {"en": note_record(retiring(date(2026, 7, 21)))},
        {"en": note_record(deprecated())},
    ]
    captures = corpus_pages("en__*.md")
    if captures:
        from scraper.read.parse import parse_file

        found.append({"en": parse_file(captures[-1], None)})
    return found


@pytest.mark.parametrize("records", _records(), ids=lambda r: ",".join(r))
def test_a_latest_json_gives_the_facts_the_models_give(
    tmp_path: Path, records: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = write_latest(tmp_path, records)
    assert read_plain(str(snapshot)) is not None  # the plain reader read it
    read, through_models, plain_notes, model_notes = _both_ways(snapshot, monkeypatch)
    assert read == through_models
    assert plain_notes == model_notes
    assert read.facts  # something to compare


def test_a_models_json_gives_the_facts_the_models_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scraper.publish.catalog import models_document

    snapshot = tmp_path / "models.json"
    body = json.loads(models_document({"en": RECORD}, []).to_json())
    body["platforms"] = {"bedrock": {}}  # a field of a newer tracker: ignored by both
    snapshot.write_text(json.dumps(body), "utf-8")
    assert read_plain(str(snapshot)) is not None
    read, through_models, _, _ = _both_ways(snapshot, monkeypatch)
    assert read == through_models
    assert read.source.kind == "models_json"


def _edit(document: dict[str, Any], change: str) -> None:
    """One change the plain reader must leave to the models."""
    record = document["languages"]["en"]["record"]
    row, section = record["models"][0], record["deprecations"][0]
    if change == "no kind":  # a record written before retirement kinds
        del row["retirement_kind"]
    elif change == "entry without kind":
        del section["entries"][0]["retirement_kind"]
    elif change == "state spelled otherwise":
        row["state"] = "Deprecated"
    elif change == "week date":
        row["retirement_date"] = "2026-W16-1"
    elif change == "date with a time":
        section["announced_on"] = "2026-02-01T00:00:00"
    elif change == "key of no model":
        row["colour"] = "red"
    elif change == "missing key":
        del record["warnings"]
    elif change == "string for a flag":
        row["retirement_not_before"] = "false"
    elif change == "findings not a list":
        document["findings"] = {}
    elif change == "number for an id":
        row["model_id"] = 3
    elif change == "not a number":
        document["findings"] = [{"score": float("nan")}]
    else:
        raise AssertionError(change)


CHANGES = [
    "no kind",
    "entry without kind",
    "state spelled otherwise",
    "week date",
    "date with a time",
    "key of no model",
    "missing key",
    "string for a flag",
    "findings not a list",
    "number for an id",
    "not a number",
]


@pytest.mark.parametrize("change", CHANGES)
def test_what_the_plain_reader_does_not_read_the_models_read_or_reject(
    tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same answer as before this reader existed: the facts, or the same error."""
    snapshot = write_latest(tmp_path, {"en": RECORD})
    document = json.loads(snapshot.read_text("utf-8"))
    _edit(document, change)
    snapshot.write_text(json.dumps(document), "utf-8")
    assert read_plain(str(snapshot)) is None
    with monkeypatch.context() as patched:
        patched.setattr(reference, "read_plain", lambda where: None)
        try:
            expected: Any = load_reference(snapshot=str(snapshot))
        except NoReference as error:
            expected = str(error)
    try:
        found: Any = load_reference(snapshot=str(snapshot))
    except NoReference as error:
        found = str(error)
    assert found == expected


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b"[]", b'{"languages": {}}', b"\xff\xfe{}", b'{"models": [{}]}'],
)
def test_a_broken_snapshot_says_what_it_said_before(tmp_path: Path, content: bytes) -> None:
    snapshot = tmp_path / "latest.json"
    snapshot.write_bytes(content)
    assert read_plain(str(snapshot)) is None
    with pytest.raises(NoReference, match="not"):
        load_reference(snapshot=str(snapshot))


def test_a_snapshot_with_no_records_says_to_run_the_tracker(tmp_path: Path) -> None:
    snapshot = tmp_path / "latest.json"
    snapshot.write_text('{"languages": {}, "findings": []}', "utf-8")
    assert read_plain(str(snapshot)) is not None
    with pytest.raises(NoReference, match="run the tracker first"):
        load_reference(snapshot=str(snapshot))


def test_a_directory_or_a_missing_file_is_left_to_the_models(tmp_path: Path) -> None:
    assert read_plain(str(tmp_path)) is None
    assert read_plain(str(tmp_path / "nowhere.json")) is None
    assert read_plain("https://example.test/latest.json") is None
    with pytest.raises(NoReference, match="is a directory"):
        load_reference(snapshot=str(tmp_path))


# -- the report's text -----------------------------------------------------------------------


def test_the_json_report_is_the_text_dump_json_gives(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('A = "claude-3-opus-20240229"  # Clàude\n', "utf-8")
    (tmp_path / "b.ts").write_text('const b = "claude-2.1";\n', "utf-8")
    report = audit([tmp_path], RECORD, AuditOptions(today=date(2026, 3, 1), cwd=tmp_path))
    assert len(report.findings) == 2
    assert render_json(report) == dump_json(plain(report))


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_a_file_name_that_is_not_utf8_is_written_as_json_would(tmp_path: Path) -> None:
    """orjson refuses the lone surrogate Python gives such a name; `json` writes it."""
    name = os.fsdecode(b"caf\xe9.py")
    (tmp_path / name).write_text('M = "claude-3-opus-20240229"\n', "utf-8")
    report = audit([tmp_path], RECORD, AuditOptions(today=date(2026, 3, 1), cwd=tmp_path))
    assert [finding.path for finding in report.findings] == [name]
    assert json_text(report) == dump_json(plain(report))
    assert "\\udce9" not in json_text(report)  # written as is, as json.dumps(ensure_ascii=False)


# -- reading a file --------------------------------------------------------------------------


@pytest.mark.parametrize("max_bytes", [100, 65_535, 65_536, 65_537, 5_000_000])
def test_a_file_read_without_asking_its_size_reads_as_one_asked(
    tmp_path: Path, max_bytes: int
) -> None:
    """Around the first read's size and the limit: the same bytes, or the same `too large`,
    whether the listing said the file is regular (one read) or not (its size asked first)."""
    from scraper.act.audit import FIRST_READ, _read_up_to

    for size in (0, 99, 100, 101, FIRST_READ - 1, FIRST_READ, FIRST_READ + 1, 200_001):
        path = tmp_path / f"{size}.py"
        body = (b"x" * size)[: max(0, size - 24)] + b"claude-3-opus-20240229\n"[:size]
        path.write_bytes(body.ljust(size, b"y"))
        results = []
        for regular in (True, False):
            descriptor = os.open(path, os.O_RDONLY)
            try:
                results.append(_read_up_to(descriptor, max_bytes, regular))
            finally:
                os.close(descriptor)
        expected = path.read_bytes() if size <= max_bytes else None
        assert results == [expected, expected], (size, max_bytes)


# Byte pieces of a file: ids and near misses, line ends, invalid and truncated UTF-8.
BYTE_PIECES = [
    *(piece.encode("utf-8", errors="surrogatepass") for piece in PIECES),
    b"\xff",
    b"\xe2\x82",  # the start of a three-byte character, cut short
    b"\xc3",
    b"\r",
    b"\n\n",
    b"\x0b",
    b"\xe2\x80\xa8",  # LINE SEPARATOR: not a line end for the audit
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BYTE_PIECES), max_size=16))
def test_decoding_only_the_lines_with_a_candidate_gives_the_hits_of_the_whole_text(
    pieces: list[bytes],
) -> None:
    from scraper.act.audit import hits_in_bytes

    data = b"".join(pieces)
    assert hits_in_bytes(data) == hits_in_text(data.decode("utf-8", errors="replace"))
