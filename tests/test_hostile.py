"""Hostile pages: pathological lines, deep nesting, control characters.

No reader may take super-linear time (a 200 KB page parses in well under a second whatever it
holds), no nesting may crash it (it reads the page or raises a clear PageError), and control
characters never get past the readers.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from pageserver import html_page, markdown_page

from scraper.cli import main
from scraper.read.extract import PageError
from scraper.read.parse import markdown_copy, parse_text, read_file

# Each about 200 KB: runs that made a regex rescan the rest of the line from every position.
PATHOLOGICAL = {
    "brackets": "[" * 200_000,
    "comment openers": "<!--" * 50_000,
    "autolink openers": "<http://" * 25_000,
    "link openers": "[a](" * 50_000,
    "image openers": "![a](" * 40_000,
    "underscores": "__a" * 70_000,
    "stars": "*a" * 100_000,
    "bold openers": "**a " * 50_000,
    "heading spaces": "# a" + " " * 200_000 + "b",
    "heading ids": "# " + "{#" * 100_000,
    "one long word": "a" * 200_000,
    "backticks in a row": "| " + "`" * 200_000 + " |",
    "pipes": "|" * 200_000,
    "backslashes": "\\" * 200_000,
    "parens in bold": "**x (" + "a(" * 100_000 + "**",
    "digits": "1" * 200_000,
    "month words": "June 1 " * 30_000,
    "tags": "<a" * 100_000,
    "cjk years": "2025年" * 40_000,
    "anchor links": "[](#" * 50_000,
    "unclosed callouts": "<Note>\n" * 30_000,
}
BUDGET = 1.0  # seconds; these take 0.05-0.3 s here, the quadratic forms took 10-150 s


def _timed_parse(text: str, fmt: str) -> float:
    start = time.perf_counter()
    with contextlib.suppress(PageError):
        parse_text(text, url="hostile.md", language="en", fmt=fmt)  # type: ignore[arg-type]
    return time.perf_counter() - start


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_markdown_parses_in_linear_time(name: str) -> None:
    line = PATHOLOGICAL[name]
    page = markdown_page("en")
    for placed in (line, f"<Note>\n{line}\n</Note>", f"| claude-x | {line} | N/A | N/A |"):
        took = _timed_parse(page + "\n" + placed + "\n", "md")
        assert took < BUDGET, f"{name}: {took:.2f}s"


@pytest.mark.parametrize("name", ["brackets", "comment openers", "autolink openers", "tags"])
def test_pathological_html_parses_in_time(name: str) -> None:
    page = html_page("en").replace("</main>", f"<p>{PATHOLOGICAL[name]}</p></main>")
    assert _timed_parse(page, "html") < 2 * BUDGET  # the HTML parser itself is slower per byte


# --- nesting ----------------------------------------------------------------------------------

NESTED = {
    "500 nested Warning (md)": ("md", "<Warning>\n" * 500 + "deep\n" + "</Warning>\n" * 500),
    "500 nested Warning on one line (md)": ("md", "<Warning>" * 500 + "deep" + "</Warning>" * 500),
    "500 nested Warning (html)": ("html", "<Warning>" * 500 + "deep" + "</Warning>" * 500),
    "5000 nested divs": ("html", "<div>" * 5000 + "deep" + "</div>" * 5000),
    "20000 unclosed spans": ("html", "<span>" * 20000 + "deep"),
    "10000 unclosed list items": ("html", "<ul><li>" * 10000 + "deep"),
    "unclosed table cells": ("html", "<table><tr><td>" * 3000 + "deep"),
}


@pytest.mark.parametrize("name", NESTED)
def test_deep_nesting_is_read_or_refused_never_a_crash(name: str) -> None:
    fmt, junk = NESTED[name]
    if fmt == "md":
        text = markdown_page("en") + "\n" + junk
    else:
        text = html_page("en").replace("</main>", junk + "</main>")
    record = parse_text(text, url="nested", language="en", fmt=fmt)  # type: ignore[arg-type]
    assert {m.model_id for m in record.models} == {
        "claude-sample-5",
        "claude-sample-4-1",
        "claude-sample-3-9",
    }


@pytest.mark.parametrize("name", NESTED)
def test_reading_one_bad_capture_raises_nothing_but_page_error(name: str, tmp_path: Path) -> None:
    # What `replay` does with each capture: read_file, then the Markdown copy.
    fmt, junk = NESTED[name]
    path = tmp_path / f"en__2026-01-01__junk.{fmt}"
    path.write_text(junk, encoding="utf-8")
    with pytest.raises(PageError):
        read_file(path)


def test_a_page_that_is_nothing_but_nesting_is_a_page_error_with_a_reason() -> None:
    with pytest.raises(PageError, match="status table not found"):
        parse_text("<div>" * 50_000, url="x", language="en", fmt="html")


# --- control characters ------------------------------------------------------------------------

CONTROLS = "\x1b[31m\x1b]0;pwned\x07\u202e\u2066\x00\x07\x08\x7f\x9b\u202a"
NEVER = "\x1b\x00\x07\x08\x7f\x9b\u202a\u202e\u2066"  # the characters that must not pass


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_control_characters_never_reach_the_record(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = markdown_page("de") if fmt == "md" else html_page("de")
    # In a state cell, a title, a model's row and a heading.
    hostile = (
        page.replace("Aktiv", f"Ak{CONTROLS}tiv")
        .replace("Auslaufende", f"{CONTROLS}Auslaufende")
        .replace("Claude Sample 3.9", f"Claude{CONTROLS} Sample 3.9")
    )
    if fmt == "html":  # and as character references, which the HTML parser decodes
        hostile = hostile.replace("Modellstatus", "Modell&#27;[31m&#x202E;status")
    path = tmp_path / f"de__2026-01-01__hostile.{fmt}"
    path.write_bytes(hostile.encode("utf-8"))
    assert main(["parse", str(path)]) == 0
    out, err = capsys.readouterr()
    for char in NEVER:
        assert char not in out and char not in err, repr(char)
    assert "\\u001b" not in out and "\\u202e" not in out  # nor escaped inside the JSON
    # Only the controls go: the printable rest of an escape sequence is kept as written.
    written = "".join(c for c in CONTROLS if c.isprintable())
    assert written == "[31m]0;pwned"
    assert f'"state_label": "Ak{written}tiv"' in out


def test_control_characters_are_stripped_from_the_markdown_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "de__2026-01-01__hostile.html"
    path.write_text(html_page("de").replace("Aktiv", "Ak&#27;[2Jtiv\u202e"), encoding="utf-8")
    assert main(["parse", str(path), "--markdown"]) == 0
    out = capsys.readouterr().out
    assert not set(NEVER) & set(out)
    assert "**Ak[2Jtiv**" in out  # the escape's ESC is gone, its printable rest stays


@pytest.mark.parametrize("name", [n for n in NESTED if NESTED[n][0] == "html"])
def test_the_markdown_copy_of_a_deeply_nested_page_is_made(name: str, tmp_path: Path) -> None:
    # `replay` and `run` store the page's Markdown copy: markdownify recurses once per level.
    junk = NESTED[name][1]
    path = tmp_path / "en__2026-01-01__nested.html"
    path.write_text(html_page("en").replace("</main>", junk + "</main>"), encoding="utf-8")
    record, text = read_file(path)
    copy = markdown_copy(text, "html")
    assert "claude-sample-3-9" in copy and "deep" in copy
    assert record.language == "en"
