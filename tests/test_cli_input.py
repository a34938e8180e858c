"""The `fetch` and `parse` commands: quiet on failure, clear about bad input, honest labels."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pageserver import (  # server_fixture is the `server` fixture
    PageServer,
    Reply,
    markdown_page,
    page_path,
    server_fixture,  # noqa: F401
)

from scraper.cli import main
from scraper.read.parse import MAX_FILE_BYTES, parse_text

# A port nothing listens on: connections are refused at once.
DEAD = "http://127.0.0.1:9"
HINT = "(check the network connection, or point --base-url at a reachable mirror)"


def test_fetch_prints_its_summary_on_stdout(
    server: PageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.route(page_path("de"), Reply(200, markdown_page("de")))
    code = main(["fetch", "--languages", "de,fr", "--base-url", server.url])
    out, err = capsys.readouterr()
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(
        "de     ok      md   3 models, 1 history section"
    )  # one, not "1 sections"
    assert lines[1].startswith("fr     FAILED  fr: HTTP 404 for ")
    assert len(lines) == 2
    assert err == ""  # no per-request lines without --verbose


@pytest.mark.parametrize("output", ["--out", "--json"])
def test_fetch_writes_the_records_parse_gives(
    server: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    """The summary counts the pages as read; the records written (--out) or printed (--json)
    are the models' records of the same bodies, as `parse` gives them."""
    body = markdown_page("de")
    server.route(page_path("de"), Reply(200, body))
    args = ["fetch", "--languages", "de", "--base-url", server.url]
    code = main([*args, "--out", str(tmp_path)] if output == "--out" else [*args, "--json"])
    out, err = capsys.readouterr()
    expected = parse_text(
        body,
        url=server.url + page_path("de"),
        language="de",
        sha256=hashlib.sha256(body.encode()).hexdigest(),
    ).to_json()
    summary = "de     ok      md   3 models, 1 history section\n"
    assert code == 0
    if output == "--out":
        assert (out, err) == (summary, "")
        assert (tmp_path / "de.json").read_text("utf-8") == expected
    else:
        assert err == summary
        assert json.loads(out) == {"de": json.loads(expected)}


def test_fetch_verbose_shows_each_request(
    server: PageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.route(page_path("de"), Reply(200, markdown_page("de")))
    main(["fetch", "--languages", "de", "--base-url", server.url, "--verbose"])
    err = capsys.readouterr().err
    assert f"de: md {server.url}{page_path('de')} -> ok" in err


def test_fetch_without_network_is_one_line_per_language_with_a_hint() -> None:
    # A real process, as a user runs it: nothing but the summary, retries stay quiet.
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "fetch", "--languages", "en,ja", "--base-url", DEAD],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 1
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert [line[:14] for line in lines] == ["en     FAILED ", "ja     FAILED "]
    for line in lines:
        assert "could not connect to 127.0.0.1 after 4 attempts" in line
        assert line.endswith(HINT)


@pytest.mark.parametrize("flag", ["--page-deadline", "--total-deadline"])
@pytest.mark.parametrize("value", ["0", "-3", "soon", "inf"])
def test_deadlines_must_be_positive_seconds(
    flag: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["fetch", flag, value])
    assert exit_.value.code == 2
    assert "is not a number of seconds above 0" in capsys.readouterr().err


def test_fetch_deadline_flags_reach_the_fetcher(
    server: PageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.route(page_path("de"), Reply(200, markdown_page("de"), drip=0.05))
    code = main(["fetch", "--languages", "de", "--base-url", server.url, "--page-deadline", "0.5"])
    assert code == 1
    assert "no complete page within the page deadline of 0.5s" in capsys.readouterr().out


def test_parse_a_directory_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is a directory" in err and "no such file" not in err


def test_parse_a_missing_file_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "nothing.md")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize("markdown", [False, True])
def test_parse_refuses_a_file_past_the_size_cap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], markdown: bool
) -> None:
    big = tmp_path / "en__2026-01-01__big.md"
    big.write_text(markdown_page("en") + "x" * MAX_FILE_BYTES)
    code = main(["parse", str(big), *(["--markdown"] if markdown else [])])
    assert code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "is too large for a page (at most 5 MB)" in err


def test_parse_says_when_the_page_is_not_in_its_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english = markdown_page("en") + (
        "\nThese models will be retired and you should move to the replacement before the date "
        "that is shown. When that date has passed, requests to them will fail for you.\n"
    )
    labelled_ja = tmp_path / "ja__2026-01-01__mirror.md"
    labelled_ja.write_text(english)
    assert main(["parse", str(labelled_ja)]) == 0
    assert "the page's own text is in en, but it is labelled ja" in capsys.readouterr().err
    plain = tmp_path / "page.md"
    plain.write_text(english)
    assert main(["parse", str(plain), "--lang", "de"]) == 0
    assert "labelled de" in capsys.readouterr().err
    assert main(["parse", str(plain), "--lang", "en"]) == 0
    assert "labelled" not in capsys.readouterr().err


@pytest.mark.parametrize("verbose", [False, True])
def test_run_prints_request_lines_only_with_verbose(
    server: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], verbose: bool
) -> None:
    # Nothing is routed: every request answers 404, quickly.
    command = ["run", "--languages", "de", "--base-url", server.url]
    command += ["--data-dir", str(tmp_path), "--no-commit", *(["--verbose"] if verbose else [])]
    assert main(command) == 1
    out, err = capsys.readouterr()
    (line,) = [line for line in out.splitlines() if line.startswith("de ")]
    assert line.startswith("de     failed    HTTP 404 for ")
    request_lines = [line for line in err.splitlines() if "-> HTTP 404" in line]
    assert len(request_lines) == (2 if verbose else 0)


def test_language_codes_in_any_case_are_the_pages_codes(
    server: PageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    for lang in ("en", "de", "pt-BR"):
        server.route(page_path(lang), Reply(200, markdown_page(lang)))
    code = main(["fetch", "--languages", "EN,De", "--languages", "PT-br", "--base-url", server.url])
    out = capsys.readouterr().out
    assert code == 0, out
    assert [line.split()[:2] for line in out.splitlines()] == [
        ["en", "ok"], ["de", "ok"], ["pt-BR", "ok"],
    ]  # fmt: skip
    asked = {request.path for request in server.requests()}
    assert asked == {page_path("en"), page_path("de"), page_path("pt-BR")}


def test_a_404_under_a_wrong_base_path_says_so_not_that_codes_are_case_sensitive(
    server: PageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # The page is there, but the user gave the docs folder instead of the site's root.
    server.route(page_path("en"), Reply(200, markdown_page("en")))
    code = main(["fetch", "--languages", "EN", "--base-url", f"{server.url}/docs/"])
    out = capsys.readouterr().out
    assert code == 1
    (line,) = out.splitlines()
    assert f"{server.url}/docs/docs/en/about-claude/model-deprecations.md" in line
    assert "case-sensitive" not in line
    assert line.endswith(
        f"(no page at that address: is --base-url {server.url}/docs (it has the path /docs) the "
        "site's root? The tracker adds /docs/en/about-claude/model-deprecations to it, e.g. "
        "https://platform.claude.com)"
    )
