"""Usage errors, for every command and every option: one line on stderr, exit status 2, never
a traceback. The table names, per row, the option (or argument) it gives a bad value; a test
checks that every option of every command has a row, so a new option cannot skip this."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.cli import build_parser, main

DEAD = "http://127.0.0.1:9"  # nothing listens: a row that slipped through fails fast, offline

# (option or argument the row is about, the command line, words the message must hold).
# `{file}` is an existing file, `{dir}` an existing folder, `{missing}` a path that is not there.
BAD: list[tuple[str, list[str], str]] = [
    # parse
    ("FILE_OR_URL", ["parse", "ftp://example.com/page.md"], "is not an http(s) URL"),
    ("FILE_OR_URL", ["parse", "http://"], "is not an http(s) URL"),
    ("FILE_OR_URL", ["parse", "{missing}"], "no such file"),
    ("FILE_OR_URL", ["parse", "{dir}"], "is a directory"),
    ("--lang", ["parse", "{file}", "--lang", "xx"], "unknown language 'xx'"),
    ("--markdown", ["parse", "{file}", "--markdown=yes"], "ignored explicit argument"),
    ("--platform", ["parse", "{file}", "--platform", "azure"], "invalid choice: 'azure'"),
    ("--data-dir", ["parse", "{file}", "--data-dir", "{missing}"], "no such folder"),
    ("--data-dir", ["parse", "{file}", "--data-dir", "{file}"], "not a folder"),
    # partner platforms
    ("--platforms", ["run", "--platforms", "azure"], "azure: not a platform"),
    ("--platforms", ["run", "--platforms", ","], "not a platform"),
    ("--platform-url", ["run", "--platform-url", "bedrock"], "give NAME=URL"),
    ("--platform-url", ["run", "--platform-url", "aws=https://x.test"], "give NAME=URL"),
    ("--platform-url", ["run", "--platform-url", "vertex=notaurl"], "is not an http(s) URL"),
    ("--platforms", ["replay", "{dir}", "--platforms", "gcp"], "gcp: not a platform"),
    ("--platforms", ["calendar", "--platforms=1"], "ignored explicit argument"),
    # fetch
    ("--languages", ["fetch", "--languages", "en,xx"], "unknown language 'xx'"),
    ("--languages", ["fetch", "--languages", ","], "no language code"),
    ("--base-url", ["fetch", "--base-url", "notaurl"], "is not an http(s) URL"),
    ("--base-url", ["fetch", "--base-url", "https://"], "is not an http(s) URL"),
    ("--base-url", ["fetch", "--base-url", "http://host:99999"], "Port out of range"),
    ("--base-url", ["fetch", "--base-url", "http://a b.test"], "spaces or control characters"),
    ("--base-url", ["fetch", "--base-url", "https://x.test/?lang=en"], "without ?query"),
    ("--page-deadline", ["fetch", "--page-deadline", "0"], "number of seconds above 0"),
    ("--total-deadline", ["fetch", "--total-deadline", "nan"], "number of seconds above 0"),
    ("--verbose", ["fetch", "--verbose=1"], "ignored explicit argument"),
    ("--out", ["fetch", "--out", "{file}"], "is a file, not a folder"),
    ("--json", ["fetch", "--json=1"], "ignored explicit argument"),
    # run
    ("--languages", ["run", "--languages", "klingon"], "unknown language"),
    ("--base-url", ["run", "--base-url", "notaurl"], "is not an http(s) URL"),
    ("--page-deadline", ["run", "--page-deadline", "-1"], "number of seconds above 0"),
    ("--total-deadline", ["run", "--total-deadline", "inf"], "number of seconds above 0"),
    ("--verbose", ["run", "--verbose=no"], "ignored explicit argument"),
    ("--data-dir", ["run", "--data-dir", "{file}"], "is a file, not a folder"),
    ("--no-commit", ["run", "--no-commit=1"], "ignored explicit argument"),
    ("--quiet", ["run", "--quiet=1"], "ignored explicit argument"),
    ("--lock-wait", ["run", "--lock-wait", "-1"], "number of seconds, 0 or more"),
    ("--lock-wait", ["run", "--lock-wait", "nan"], "number of seconds, 0 or more"),
    ("--date", ["run", "--date", "2026-02-30"], "is not a date like"),
    ("--site-url", ["run", "--site-url", "javascript:alert(1)"], "is not an http(s) URL"),
    ("--repo-url", ["run", "--repo-url", "github.com/o/r"], "is not an http(s) URL"),
    ("--push", ["run", "--push=1"], "ignored explicit argument"),
    ("--github", ["run", "--github=1"], "ignored explicit argument"),
    ("--github-issues", ["run", "--github-issues=1"], "ignored explicit argument"),
    # replay
    ("DIR", ["replay", "{missing}"], "no such folder"),
    ("DIR", ["replay", "{file}"], "is a file, not a folder"),
    ("--languages", ["replay", "{dir}", "--languages", "e n"], "unknown language"),
    ("--data-dir", ["replay", "{dir}", "--data-dir", "{file}"], "is a file, not a folder"),
    ("--no-commit", ["replay", "{dir}", "--no-commit=1"], "ignored explicit argument"),
    ("--quiet", ["replay", "{dir}", "--quiet=1"], "ignored explicit argument"),
    ("--quiet", ["check", "--quiet=1"], "ignored explicit argument"),
    ("--lock-wait", ["replay", "{dir}", "--lock-wait", "soon"], "number of seconds"),
    ("--rebuild", ["replay", "{dir}", "--rebuild=1"], "ignored explicit argument"),
    ("--site-url", ["replay", "{dir}", "--site-url", "ftp://x"], "is not an http(s) URL"),
    ("--repo-url", ["replay", "{dir}", "--repo-url", "x"], "is not an http(s) URL"),
    # check
    ("--data-dir", ["check", "--data-dir", "{file}"], "is a file, not a folder"),
    ("--data-dir", ["check", "--data-dir", "{missing}"], "translations.json"),
    ("--json", ["check", "--json=1"], "ignored explicit argument"),
    ("--fail-on", ["check", "--fail-on", "everything"], "invalid choice"),
    # schema
    ("--write", ["schema", "--write", "{file}"], "is a file, not a folder"),
    # calendar
    ("--data-dir", ["calendar", "--data-dir", "{file}"], "is a file, not a folder"),
    ("--snapshot", ["calendar", "--snapshot", "ftp://x/latest.json"], "is not an http(s) URL"),
    ("--snapshot", ["calendar", "--snapshot", "x", "--data-dir", "{dir}"], "not allowed with"),
    ("--out", ["calendar", "--out", "{dir}"], "is a directory"),
    # timeline
    ("MODEL", ["timeline", "claude-x", "--snapshot", "{file}"], "not a history"),
    ("--data-dir", ["timeline", "--data-dir", "{file}"], "is a file, not a folder"),
    ("--data-dir", ["timeline", "--data-dir", "{missing}"], "no such directory"),
    ("--snapshot", ["timeline", "--snapshot", "gopher://x"], "is not an http(s) URL"),
    ("--language", ["timeline", "--language", "xx"], "unknown language 'xx'"),
    ("--json", ["timeline", "--json=1"], "ignored explicit argument"),
    # export-sqlite
    ("FILE", ["export-sqlite", "{dir}", "--data-dir", "{dir}"], "is a directory"),
    ("--data-dir", ["export-sqlite", "x.db", "--data-dir", "{file}"], "is a file, not a folder"),
    ("--languages", ["export-sqlite", "x.db", "--languages", "xx"], "unknown language"),
    ("--replace", ["export-sqlite", "x.db", "--replace=1"], "ignored explicit argument"),
    # site
    ("--out", ["site", "--out", "{file}"], "is a file, not a folder"),
    ("--out", ["site"], "the following arguments are required: --out"),
    ("--data-dir", ["site", "--out", "o", "--data-dir", "{file}"], "is a file, not a folder"),
    ("--snapshot", ["site", "--out", "o", "--snapshot", "file://x"], "is not an http(s) URL"),
    ("--today", ["site", "--out", "o", "--today", "today"], "is not a date like"),
    ("--days", ["site", "--out", "o", "--days", "-1"], "a whole number, 0 or more"),
    ("--days", ["site", "--out", "o", "--days", "1.5"], "a whole number, 0 or more"),
    ("--repo-url", ["site", "--out", "o", "--repo-url", "ftp://x"], "is not an http(s) URL"),
    # audit
    ("PATH", ["audit", "{missing}"], "no such file or directory"),
    ("--format", ["audit", "--format", "xml"], "invalid choice"),
    ("--fail-on", ["audit", "--fail-on", "legacy"], "invalid choice"),
    ("--today", ["audit", "--today", "03/01/2026"], "is not a date like"),
    ("--all", ["audit", "--all=1"], "ignored explicit argument"),
    ("--allow", ["audit", "--allow", "{missing}"], "no such file"),
    ("--allow", ["audit", "--allow", "{dir}"], "is a directory"),
    ("--max-size", ["audit", "--max-size", "lots"], "is not a size"),
    ("--max-size", ["audit", "--max-size", "inf"], "is not a size"),
    ("--max-size", ["audit", "--max-size", "0"], "must be positive"),
    ("--data-dir", ["audit", "--data-dir", "{file}"], "is a file, not a folder"),
    ("--snapshot", ["audit", "--snapshot", "ftp://x/models.json"], "is not an http(s) URL"),
    ("--base-url", ["audit", "--base-url", "platform.claude.com"], "is not an http(s) URL"),
    ("--base-url", ["audit", "--base-url", DEAD, "--data-dir", "{dir}"], "not allowed with"),
    # no command, or an unknown one
    ("COMMAND", [], "give a command"),
    ("COMMAND", ["frobnicate"], "invalid choice"),
]


def fill(argv: list[str], tmp_path: Path) -> list[str]:
    a_file = tmp_path / "a-file.md"
    a_file.write_text("not a page\n", "utf-8")
    places = {"{file}": str(a_file), "{dir}": str(tmp_path), "{missing}": str(tmp_path / "no")}
    return [places.get(word, word) for word in argv]


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "argv", "message"), BAD, ids=[" ".join(row[1]) or "(none)" for row in BAD]
)
def test_a_bad_value_is_one_line_and_exit_2(
    option: str,
    argv: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = run_cli(fill(argv, tmp_path), capsys)
    assert "Traceback" not in err
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert message in err


def every_option() -> set[tuple[str, str]]:
    """(command, option or argument) for everything a user can give a command."""
    parser = build_parser()
    found: set[tuple[str, str]] = set()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            long = [o for o in action.option_strings if o.startswith("--")]
            label = long[0] if long else (action.metavar or action.dest)
            found.add((name, str(label)))
    return found


def test_every_option_of_every_command_has_a_bad_value_in_the_table() -> None:
    covered = {(argv[0], option) for option, argv, _ in BAD if argv}
    missing = sorted(every_option() - covered)
    assert missing == [], f"add rows to BAD for: {missing}"


def value_options() -> list[tuple[str, str]]:
    """(command, option) for the options that take a value."""
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(
        (name, action.option_strings[-1])
        for name, sub in commands.choices.items()
        for action in sub._actions
        if action.option_strings and action.nargs != 0 and action.option_strings[0] != "-h"
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(option=st.sampled_from(value_options()), value=st.text(max_size=40))
def test_any_value_of_any_option_parses_or_is_a_one_line_usage_error(
    option: tuple[str, str], value: str
) -> None:
    """Parsing only (nothing runs): a value is accepted, or refused as a usage error; no
    other exception escapes an option's check, whatever the text (NUL, surrogates, huge)."""
    import contextlib
    import io

    command, flag = option
    required = ["--out", "o"] if command == "site" and flag != "--out" else []
    positional = {"replay": ["."], "export-sqlite": ["x.db"], "parse": ["x"]}.get(command, [])
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            build_parser().parse_args([command, *positional, *required, f"{flag}={value}"])
        except SystemExit as exit_:
            assert exit_.code == 2
            assert len(err.getvalue().splitlines()) == 1, err.getvalue()
