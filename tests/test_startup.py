"""What each command imports at start: the heavy libraries only where a command needs them.

Each case runs the real command in a fresh interpreter (as a user's shell would) and lists the
modules it loaded. `fetch` and `parse` of a Markdown page read no HTML, diff no records, touch
no git repository and write no calendar, so bs4, lxml, markdownify, deepdiff, git, icalendar and
sqlite-utils must stay out of them, and `fetch`'s summary needs no pydantic either; `--help`
loads neither httpx nor pydantic; `audit` loads none of the fetch or HTML machinery, and no
pydantic unless the snapshot needs the models. A top-level import added to a module on one of
these paths fails here with the module that pulled it in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pageserver import PageServer, Reply, markdown_page, page_path, server_fixture  # noqa: F401

from scraper.read.languages import LANGUAGES

# Top-level package names of the libraries only some commands need.
HEAVY = ("bs4", "lxml", "markdownify", "deepdiff", "git", "gitdb", "icalendar", "sqlite_utils")

# Runs one command through `scraper.cli.main` and prints the top-level packages it loaded.
PROBE = """
import json, sys
from scraper.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as done:  # --help
    code = done.code
sys.stdout.flush()
print("\\n" + json.dumps(sorted(sys.modules)))
raise SystemExit(code)
"""


def loaded(*args: str, cwd: Path | None = None) -> set[str]:
    """The top-level packages a command loads."""
    return {name.partition(".")[0] for name in modules_loaded(*args, cwd=cwd)}


def modules_loaded(*args: str, cwd: Path | None = None) -> set[str]:
    """Every module a command loads."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    packages: list[str] = json.loads(done.stdout.splitlines()[-1])
    return set(packages)


def test_fetch_of_twelve_languages_loads_no_heavy_library(server: PageServer) -> None:
    for lang in LANGUAGES:
        server.route(page_path(lang), Reply(200, markdown_page(lang)))
    modules = loaded("fetch", "--base-url", server.url)
    assert "httpx" in modules  # the probe saw the real work
    assert modules.isdisjoint(HEAVY), sorted(modules & set(HEAVY))


def test_fetch_summary_loads_no_pydantic(server: PageServer) -> None:
    """The summary counts the pages as read (`read/plain.py`): no record models are built,
    and pydantic (a quarter of the command's CPU) is not imported."""
    for lang in LANGUAGES:
        server.route(page_path(lang), Reply(200, markdown_page(lang)))
    ours = modules_loaded("fetch", "--base-url", server.url)
    assert {"scraper.read.extract", "scraper.read.plain"} <= ours  # every page was read
    assert "scraper.read.records" not in ours
    assert {m.partition(".")[0] for m in ours}.isdisjoint({"pydantic", "pydantic_core"})


@pytest.mark.parametrize("output", [["--json"], ["--out", "records"]])
def test_fetch_writing_records_loads_the_models(
    server: PageServer, tmp_path: Path, output: list[str]
) -> None:
    """Records written (`--out`) or printed (`--json`) are the models' own, validated."""
    server.route(page_path("de"), Reply(200, markdown_page("de")))
    modules = loaded("fetch", "--languages", "de", "--base-url", server.url, *output, cwd=tmp_path)
    assert "pydantic" in modules


def test_fetch_loads_only_the_fetch_and_markdown_reading_modules(server: PageServer) -> None:
    """Nothing of tracking, publishing, acting or the run's orchestration; no HTML reader
    and no partner readers while every language's Markdown twin is served."""
    for lang in LANGUAGES:
        server.route(page_path(lang), Reply(200, markdown_page(lang)))
    ours = {m for m in modules_loaded("fetch", "--base-url", server.url) if m.startswith("scraper")}
    assert {"scraper.fetch", "scraper.read.read_md", "scraper.read.extract"} <= ours
    expected = {"scraper", "scraper.cli", "scraper.cli_partners", "scraper.words", "scraper.fetch"}
    assert {m for m in ours if not m.startswith("scraper.read")} == expected
    unneeded = ("scraper.read.partners", "scraper.read.read_html")
    assert {m for m in ours if m.startswith(unneeded)} == set()


def test_parse_of_a_markdown_page_loads_no_network_or_heavy_library(tmp_path: Path) -> None:
    page = tmp_path / "en.md"
    page.write_text(markdown_page("en"), "utf-8")
    modules = loaded("parse", str(page), "--lang", "en")
    assert "pydantic" in modules
    assert modules.isdisjoint({*HEAVY, "httpx", "httpcore", "anyio"})


def test_help_loads_neither_httpx_nor_pydantic() -> None:
    modules = loaded("--help")
    assert "argparse" in modules
    assert modules.isdisjoint({*HEAVY, "httpx", "pydantic", "pydantic_core"})


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_audit_loads_no_fetch_or_html_library_nor_pydantic(tmp_path: Path, fmt: str) -> None:
    """A local snapshot is read as plain JSON and the report's records are dataclasses: the
    audit's start-up (which was most of its cost) loads no pydantic."""
    from test_audit import RECORD, write_latest

    latest = write_latest(tmp_path / "data", {"en": RECORD})
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text('M = "claude-3-haiku-20240307"\n', "utf-8")
    (tmp_path / "src" / ".gitignore").write_text("build/\n", "utf-8")
    modules = loaded(
        "audit", "src", "--snapshot", str(latest), "--today", "2026-03-01", "--format", fmt,
        cwd=tmp_path,
    )  # fmt: skip
    assert "pathspec" in modules  # the probe saw the real work: the .gitignore was read
    assert modules.isdisjoint({*HEAVY, "httpx", "httpcore", "anyio", "pydantic", "pydantic_core"})


def test_audit_of_a_data_directory_without_partner_data_loads_no_pydantic(tmp_path: Path) -> None:
    from test_audit import RECORD, write_latest

    write_latest(tmp_path, {"en": RECORD})
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text('M = "claude-3-haiku-20240307"\n', "utf-8")
    modules = loaded("audit", "src", "--today", "2026-03-01", cwd=tmp_path)
    assert "pathspec" not in modules  # no .gitignore, no allow-list: no pattern to match
    assert modules.isdisjoint({*HEAVY, "httpx", "pydantic", "pydantic_core"})


def test_audit_loads_pydantic_where_it_must_read_through_the_models(tmp_path: Path) -> None:
    """A snapshot the plain reader leaves to the models (here one written before retirement
    kinds) is still read: the models work out what it means."""
    from test_audit import RECORD, write_latest

    latest = write_latest(tmp_path / "data", {"en": RECORD})
    document = json.loads(latest.read_text("utf-8"))
    for row in document["languages"]["en"]["record"]["models"]:
        del row["retirement_kind"]
    latest.write_text(json.dumps(document), "utf-8")
    (tmp_path / "a.py").write_text('M = "claude-3-haiku-20240307"\n', "utf-8")
    modules = loaded(
        "audit", "a.py", "--snapshot", str(latest), "--today", "2026-03-01", cwd=tmp_path
    )
    assert "pydantic" in modules


# Bodies around the soft-404 pattern: each spelling it accepts, near misses, other scripts and
# characters whose case folding is unusual (a capital dotted I lowers to two characters).
SOFT_404_CASES = [
    "<title>Not Found - Docs</title>",
    "<TITLE>\n  not found</TITLE>",
    "# Not Found\n\nWe could not find that page.",
    "intro\n#   NOT FOUND\n",
    "Sorry: Page Not Found.",
    "Page not foundation",
    "Not Foundry",
    "Not\u00a0Found",
    "not  found",
    "İ# Not Found",
    "İİ\n# Not Found",
    "\u212a\n# Not Found",
    "# Not Found\n| a | b |\n|---|---|\n",
    "<!doctype html><title>Not Found</title><table></table>",
    "<!doctype html><title>Not Found</title>",
    "x" * 19_986 + "Page not found",  # ends exactly where the search stops
    "x" * 19_987 + "Page not found",
    "",
]


@pytest.mark.parametrize("body", SOFT_404_CASES, ids=range(len(SOFT_404_CASES)))
def test_the_soft_404_prefilter_changes_no_answer(body: str) -> None:
    """`is_soft_404` searches for "not found" before running its pattern: the same answers as
    the pattern alone."""
    from scraper.read.parse import _SOFT_404, is_soft_404, sniff_format

    head = body[:20000]
    pattern_alone = bool(_SOFT_404.search(head)) and (
        "<table" not in body if sniff_format(body) == "html" else "|" not in head
    )
    assert is_soft_404(body) is pattern_alone


# Every character the text cleaners treat specially lies in the Basic Multilingual Plane.
BMP = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)


def test_strip_controls_fast_path_skips_only_text_without_controls() -> None:
    """A printable text is returned as is: no character the control pattern removes is
    printable, so the pattern would have removed nothing."""
    from scraper.read.document import _CONTROLS, strip_controls

    assert [c for c in BMP if _CONTROLS.fullmatch(c) and c.isprintable()] == []
    assert not "\x1b".isprintable()
    for text in (
        "plain", "a\u202eb", "x\x1b[31my", "tab\there", "\ufdd0", "日本語", "",
        "lines\nand\ttabs\n", "line\n\x1b[31mred\n", "line\n\u200bzero\n", "cr\r\nlf\n\x0c",
    ):  # fmt: skip
        assert strip_controls(text) == _CONTROLS.sub("", text)  # an escape's `[31m` stays


def test_clean_text_collapses_exactly_the_whitespace_a_regex_would() -> None:
    import re
    import unicodedata

    from scraper.read.document import _CONTROLS, clean_text

    spaces = re.compile(r"\s+")
    assert {c for c in BMP if spaces.fullmatch(c)} == {c for c in BMP if c.isspace()}
    for text in (
        "  a \t b\n\nc  ",
        "\u3000全角\u3000スペース\u2028",
        "x\x1cy\x1fz\x85w",
        "no\xa0break\u200bzero",
        "",
    ):
        expected = text.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ")
        expected = _CONTROLS.sub("", expected)
        expected = spaces.sub(" ", unicodedata.normalize("NFC", expected)).strip()
        assert clean_text(text) == expected


def test_fetch_as_the_process_command_runs_without_the_cycle_collector(
    server: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`fetch` as the process's own command (no argv given) pauses the cycle collector and
    freezes what it built before the process ends; called with argv (a library caller's, a
    test's), the collector is left alone."""
    import gc

    import scraper.fetch
    from scraper.cli import main

    for lang in LANGUAGES:
        server.route(page_path(lang), Reply(200, markdown_page(lang)))
    collecting: list[bool] = []  # whether the collector was on while the pages were fetched
    fetch_languages = scraper.fetch.fetch_languages

    def watched(*args: Any, **kwargs: Any) -> dict[str, scraper.fetch.FetchResult]:
        collecting.append(gc.isenabled())
        return fetch_languages(*args, **kwargs)

    frozen: list[bool] = []  # this test process keeps collecting: the freeze is only noted
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.isenabled()))
    monkeypatch.setattr(scraper.fetch, "fetch_languages", watched)
    command = ["fetch", "--base-url", server.url]
    monkeypatch.setattr(sys, "argv", ["deprecation-tracker", *command])
    assert gc.isenabled()
    assert main() == 0
    assert (collecting, frozen, gc.isenabled()) == ([False], [False], True)
    assert main(command) == 0
    assert (collecting, frozen, gc.isenabled()) == ([False, True], [False], True)
