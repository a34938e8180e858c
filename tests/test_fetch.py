"""Fault tests of the fetcher against a real local HTTP server (see pageserver.py)."""

from __future__ import annotations

import importlib.util
import time
from dataclasses import replace
from email.utils import formatdate
from pathlib import Path
from typing import Any

import httpx
import pytest
from pageserver import (  # server_fixture is the `server` fixture
    SOFT_404_PAGE,
    PageServer,
    Reply,
    html_page,
    markdown_page,
    page_path,
    server_fixture,  # noqa: F401
)

from scraper.fetch import (
    USER_AGENT,
    FetchError,
    FetchOptions,
    FetchResult,
    Validators,
    _same_site,
    fetch_languages,
    fetch_url,
    page_url,
    parse_retry_after,
)
from scraper.read.languages import LANGUAGES

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"


def base_url_hint(server: PageServer, lang: str) -> str:
    return (
        "(no page at that address: is --base-url the site's root? The tracker adds "
        f"/docs/{lang}/about-claude/model-deprecations to it, e.g. https://platform.claude.com)"
    )


HTML = "text/html; charset=utf-8"

# What the HTML URL serves: a real HTML page (needs scraper/read/read_html.py), or a body the
# Markdown reader can read (so the fallback path is tested even without the HTML reader).
AT_HTML_URL = pytest.mark.parametrize(
    "served",
    [
        pytest.param(
            "html",
            marks=pytest.mark.skipif(
                importlib.util.find_spec("scraper.read.read_html") is None,
                reason="scraper/read/read_html.py (the HTML reader) is not there yet",
            ),
        ),
        "md",
    ],
)


def html_url_reply(lang: str, served: str) -> Reply:
    body = html_page(lang) if served == "html" else markdown_page(lang)
    return Reply(200, body, content_type=HTML)


def options(server: PageServer, **changes: Any) -> FetchOptions:
    """Fast options against the local server: tiny backoff, short timeouts."""
    fast = FetchOptions(
        base_url=server.url, retries=2, backoff_base=0.01, connect_timeout=2.0, read_timeout=2.0
    )
    return replace(fast, **changes)


def fetch_one(server: PageServer, lang: str, **changes: Any) -> FetchResult:
    return fetch_languages([lang], options(server, **changes))[lang]


def urls(server: PageServer, lang: str) -> tuple[str, str]:
    return page_url(lang, "md", server.url), page_url(lang, "html", server.url)


def test_the_markdown_twin_is_read_first(server: PageServer) -> None:
    modified = formatdate(0, usegmt=True)
    server.route(
        page_path("en"),
        Reply(200, markdown_page("en"), etag='"v1"', headers={"Last-Modified": modified}),
    )
    result = fetch_one(server, "en")
    md_url, _ = urls(server, "en")
    assert (result.status, result.format, result.url, result.error) == (
        "fetched",
        "md",
        md_url,
        None,
    )
    assert result.body == markdown_page("en").encode()
    assert result.record is not None and result.record.language == "en"
    assert result.record.source.format == "md"
    assert [m.model_id for m in result.record.models] == [
        "claude-sample-3-9", "claude-sample-4-1", "claude-sample-5",
    ]  # fmt: skip
    assert result.validators == Validators(format="md", etag='"v1"', last_modified=modified)
    assert result.attempts == (f"md {md_url} -> ok (HTTP 200, {len(result.body)} bytes)",)
    assert [r.path for r in server.requests()] == [page_path("en")]  # no HTML request
    assert server.requests()[0].headers["user-agent"] == USER_AGENT


def test_fetching_formats_no_result(server: PageServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """`fetch_languages` never formats its results: asyncio.run (3.11) writes out the main
    task's repr, result included, when the SIGINT handler it installed is restored."""
    import signal

    from scraper.read.records import PageRecord

    formatted: list[str] = []

    def counted_repr(record: PageRecord) -> str:
        formatted.append(record.language)
        return "PageRecord(...)"

    monkeypatch.setattr(PageRecord, "__repr__", counted_repr)
    for lang in ("en", "de"):
        server.route(page_path(lang), Reply(200, markdown_page(lang)))
    # asyncio.run installs its own handler only over the default one (a test runner's may differ).
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        results = fetch_languages(["en", "de"], options(server))
    finally:
        signal.signal(signal.SIGINT, before)
    assert [results[lang].status for lang in ("en", "de")] == ["fetched", "fetched"]
    assert formatted == []


def test_not_modified_when_the_validators_match(server: PageServer) -> None:
    server.route(page_path("en"), Reply(200, markdown_page("en"), etag='"v1"'))
    stored = Validators(format="md", etag='"v1"', last_modified="Thu, 01 Jan 2026 00:00:00 GMT")
    result = fetch_languages(["en"], options(server), {"en": stored})["en"]
    assert result.status == "not_modified"
    assert (result.body, result.record, result.error) == (None, None, None)
    assert result.format == "md" and result.url == page_url("en", "md", server.url)
    assert result.validators == stored
    assert result.attempts[-1].endswith("-> HTTP 304 not modified")
    sent = server.requests()[0].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Thu, 01 Jan 2026 00:00:00 GMT"


def test_validators_are_only_sent_back_to_the_form_they_came_from(server: PageServer) -> None:
    # en: last read from the HTML page, but the twin works now: a plain GET, fully read.
    server.route(page_path("en"), Reply(200, markdown_page("en"), etag='"md-1"'))
    # de: the twin is gone, the HTML page is unchanged: a 304 for the HTML page.
    server.route(page_path("de", "html"), Reply(200, html_page("de"), etag='"html-1"'))
    stored = {lang: Validators(format="html", etag='"html-1"') for lang in ("en", "de")}
    results = fetch_languages(["en", "de"], options(server), stored)
    assert results["en"].status == "fetched" and results["en"].format == "md"
    assert results["en"].validators == Validators(format="md", etag='"md-1"')
    assert "if-none-match" not in server.requests(page_path("en"))[0].headers
    assert results["de"].status == "not_modified" and results["de"].format == "html"
    assert "if-none-match" not in server.requests(page_path("de"))[0].headers
    assert server.requests(page_path("de", "html"))[0].headers["if-none-match"] == '"html-1"'


@AT_HTML_URL
def test_falls_back_to_the_html_page_when_the_twin_is_missing(
    server: PageServer, served: str
) -> None:
    server.route(page_path("ja", "html"), html_url_reply("ja", served))
    result = fetch_one(server, "ja")
    md_url, html_url = urls(server, "ja")
    assert (result.status, result.format, result.url, result.error) == (
        "fetched", "html", html_url, None,
    )  # fmt: skip
    assert result.record is not None and result.record.source.format == served
    assert len(result.record.models) == 3
    assert result.attempts[0] == f"md {md_url} -> HTTP 404"
    assert result.attempts[1].startswith(f"html {html_url} -> ok")


def test_404_for_a_code_in_the_wrong_case_names_the_pages_code(server: PageServer) -> None:
    result = fetch_one(server, "pt-br")  # a library caller; the CLI reads it as pt-BR
    md_url, html_url = urls(server, "pt-br")
    assert result.status == "failed" and result.record is None and result.body is None
    assert result.error == (
        f"pt-br: HTTP 404 for {md_url} and {html_url} "
        "(the page's code is pt-BR: its URLs are case-sensitive)"
    )
    assert len(server.requests()) == 2  # a 404 is not retried
    unknown = fetch_one(server, "xx")
    assert unknown.error is not None
    assert unknown.error.endswith("('xx' is not one of the page's languages: en, de, es, fr, "
                                  "id, it, ja, ko, pt-BR, ru, zh-CN, zh-TW)")  # fmt: skip


def test_404_for_a_known_code_points_at_the_base_url(server: PageServer) -> None:
    result = fetch_one(server, "pt-BR")
    md_url, html_url = urls(server, "pt-BR")
    assert result.error == f"pt-BR: HTTP 404 for {md_url} and {html_url} " + base_url_hint(
        server, "pt-BR"
    )
    assert "case-sensitive" not in result.error


def test_soft_404_is_not_the_page(server: PageServer) -> None:
    for fmt in ("md", "html"):
        server.route(page_path("es", fmt), Reply(200, SOFT_404_PAGE, content_type=HTML))
    result = fetch_one(server, "es")
    md_url, html_url = urls(server, "es")
    assert result.status == "failed"
    assert result.error == (
        f"es: soft 404 (HTTP 200 with a 'Not Found' page) for {md_url} and {html_url} "
        + base_url_hint(server, "es")
    )
    assert "rejected: soft 404" in result.attempts[0]


def test_429_waits_as_long_as_retry_after_says(server: PageServer) -> None:
    server.route(
        page_path("ko"),
        Reply(429, "slow down", headers={"Retry-After": "1"}),
        Reply(200, markdown_page("ko")),
    )
    started = time.monotonic()
    result = fetch_one(server, "ko", backoff_base=0.01)
    waited = time.monotonic() - started
    assert result.status == "fetched" and result.format == "md"
    assert 0.95 <= waited < 3.0  # Retry-After, not the 0.01s backoff
    md_url, _ = urls(server, "ko")
    assert result.attempts[:2] == (
        f"md {md_url} -> HTTP 429 (rate limited)",
        f"md {md_url}: retry 1 of 2 in 1.00s",
    )
    assert len(server.requests()) == 2


def test_retry_after_is_capped(server: PageServer) -> None:
    server.route(
        page_path("ko"),
        Reply(503, "busy", headers={"Retry-After": "100"}),  # within the page deadline
        Reply(200, markdown_page("ko")),
    )
    started = time.monotonic()
    result = fetch_one(server, "ko", max_retry_after=0.05)
    assert result.status == "fetched"
    assert time.monotonic() - started < 1.0
    assert "retry 1 of 2 in 0.05s" in result.attempts[1]


def test_a_server_error_is_retried(server: PageServer) -> None:
    server.route(page_path("fr"), Reply(500, "oops"), Reply(200, markdown_page("fr")))
    result = fetch_one(server, "fr")
    assert result.status == "fetched" and result.format == "md"
    assert result.attempts[0].endswith("-> HTTP 500")
    assert len(server.requests(page_path("fr"))) == 2


def test_persistent_server_errors_are_reported_with_the_attempt_count(server: PageServer) -> None:
    for fmt in ("md", "html"):
        server.route(page_path("it", fmt), Reply(503, "down"))
    result = fetch_one(server, "it", retries=2)
    md_url, html_url = urls(server, "it")
    assert result.error == f"it: HTTP 503 after 3 attempts for {md_url} and {html_url}"
    assert len(server.requests(page_path("it"))) == 3
    assert len(server.requests(page_path("it", "html"))) == 3


def test_other_client_errors_are_not_retried(server: PageServer) -> None:
    for fmt in ("md", "html"):
        server.route(page_path("id", fmt), Reply(403, "no"))
    result = fetch_one(server, "id")
    md_url, html_url = urls(server, "id")
    assert result.error == f"id: HTTP 403 for {md_url} and {html_url}"  # no language hint
    assert len(server.requests()) == 2


def test_a_timeout_is_retried_then_reported(server: PageServer) -> None:
    for fmt in ("md", "html"):
        server.route(page_path("ja", fmt), Reply(200, markdown_page("ja"), delay=2.0))
    started = time.monotonic()
    result = fetch_one(server, "ja", retries=1, read_timeout=0.15)
    assert time.monotonic() - started < 1.5
    md_url, html_url = urls(server, "ja")
    assert result.status == "failed"
    assert result.error == (
        f"ja: timed out after 2 attempts (read timeout 0.15s) for {md_url} and {html_url}"
    )
    assert len(server.requests()) == 4


def test_a_truncated_body_is_retried(server: PageServer) -> None:
    page = markdown_page("de")
    server.route(page_path("de"), Reply(200, page, truncate_to=100), Reply(200, page))
    result = fetch_one(server, "de")
    assert result.status == "fetched" and result.body == page.encode()
    assert "-> truncated body" in result.attempts[0]


def test_a_truncated_body_is_never_accepted(server: PageServer) -> None:
    for fmt in ("md", "html"):
        server.route(page_path("de", fmt), Reply(200, markdown_page("de"), truncate_to=100))
    result = fetch_one(server, "de", retries=1)
    assert result.status == "failed" and result.record is None
    assert result.error is not None
    assert result.error.startswith("de: truncated body after 2 attempts (")
    assert len(server.requests()) == 4


@AT_HTML_URL
def test_html_at_the_markdown_url_falls_back_to_the_html_page(
    server: PageServer, served: str
) -> None:
    server.route(page_path("fr"), Reply(200, html_page("fr"), content_type=HTML))
    server.route(page_path("fr", "html"), html_url_reply("fr", served))
    result = fetch_one(server, "fr")
    assert result.status == "fetched" and result.format == "html"
    assert result.url == page_url("fr", "html", server.url)
    assert "rejected: HTML instead of Markdown at the .md URL" in result.attempts[0]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "streamed"])
def test_an_oversize_body_is_refused(server: PageServer, chunked: bool) -> None:
    big = markdown_page("de") + "x" * 5000
    for fmt in ("md", "html"):
        server.route(page_path("de", fmt), Reply(200, big, chunked=chunked))
    result = fetch_one(server, "de", max_bytes=1000)
    md_url, html_url = urls(server, "de")
    declared = "" if chunked else f" (Content-Length: {len(big.encode())})"
    assert result.error == f"de: body larger than 1000 bytes{declared} for {md_url} and {html_url}"
    assert len(server.requests()) == 2  # not retried


def test_a_redirect_within_the_site_is_followed(server: PageServer) -> None:
    moved = "/docs/fr/about-claude/model-deprecations-2.md"
    server.route(page_path("fr"), Reply(307, headers={"Location": moved}))
    server.route(moved, Reply(200, markdown_page("fr")))
    result = fetch_one(server, "fr")
    assert result.status == "fetched" and result.url == server.url + moved
    md_url, _ = urls(server, "fr")
    assert result.attempts[0] == f"md {md_url} -> HTTP 307 redirect to {server.url}{moved}"


def test_a_redirect_off_the_site_is_refused(server: PageServer) -> None:
    server.route(page_path("fr"), Reply(302, headers={"Location": "https://evil.example/"}))
    server.route(page_path("fr", "html"), Reply(301, headers={"Location": "//evil.example/x"}))
    result = fetch_one(server, "fr")
    md_url, html_url = urls(server, "fr")
    assert result.status == "failed"
    assert result.error == (
        f"fr: redirect to https://evil.example/ leaves the site; not followed for {md_url}; "
        f"redirect to http://evil.example/x leaves the site; not followed for {html_url}"
    )
    assert len(server.requests()) == 2


def test_a_redirect_loop_stops(server: PageServer) -> None:
    server.route(page_path("fr"), Reply(308, headers={"Location": page_path("fr")}))
    result = fetch_one(server, "fr")
    assert result.error is not None and result.error.startswith("fr: more than 5 redirects")
    assert len(server.requests(page_path("fr"))) == 6


@pytest.mark.parametrize(
    ("target", "base", "allowed"),
    [
        ("https://platform.claude.com/docs/x", "https://platform.claude.com", True),
        ("https://platform.claude.com/docs/x", "https://docs.anthropic.com", True),
        ("https://docs.claude.com/docs/x", "https://platform.claude.com", True),
        ("http://platform.claude.com/docs/x", "https://docs.claude.com", False),  # downgrade
        ("http://127.0.0.1:8000/x", "http://127.0.0.1:8000", True),
        ("https://127.0.0.1:8000/x", "http://127.0.0.1:8000", True),  # upgrade
        ("http://127.0.0.1:9000/x", "http://127.0.0.1:8000", False),
        ("https://claude.com.evil.example/", "https://platform.claude.com", False),
        ("https://platform.claude.com/x", "http://127.0.0.1:8000", False),
        ("ftp://platform.claude.com/x", "https://platform.claude.com", False),
    ],
)
def test_same_site_rule(target: str, base: str, allowed: bool) -> None:
    assert _same_site(httpx.URL(target), httpx.URL(base)) is allowed


@AT_HTML_URL
def test_the_english_page_for_another_language_is_rejected(server: PageServer, served: str) -> None:
    server.route(page_path("fr"), Reply(200, markdown_page("en")))
    server.route(page_path("fr", "html"), html_url_reply("en", served))
    result = fetch_one(server, "fr")
    md_url, html_url = urls(server, "fr")
    assert result.status == "failed" and result.record is None
    assert result.error == (
        "fr: not the page: the server sent the en page instead (translation missing?) "
        f"for {md_url} and {html_url}"
    )


def test_twelve_languages_at_once(server: PageServer) -> None:
    for lang in LANGUAGES:
        server.route(page_path(lang), Reply(200, markdown_page(lang), delay=0.1))
    started = time.monotonic()
    results = fetch_languages(LANGUAGES, options(server, concurrency=6))
    elapsed = time.monotonic() - started
    assert list(results) == list(LANGUAGES)
    for lang, result in results.items():
        assert (result.status, result.format, result.error) == ("fetched", "md", None), lang
        assert result.record is not None and result.record.language == lang
        assert len(result.record.models) == 3
    assert {r.headers["user-agent"] for r in server.requests()} == {USER_AGENT}
    assert "claude-deprecation-tracker/" in USER_AGENT and "github.com" in USER_AGENT
    assert 2 <= server.max_in_flight <= 6  # concurrent, and bounded
    assert elapsed < 1.0  # 12 x 0.1s one after another would take 1.2s


def test_one_failing_language_does_not_affect_the_others(server: PageServer) -> None:
    server.route(page_path("en"), Reply(200, markdown_page("en")))
    server.route(page_path("de"), Reply(500, "boom"))
    server.route(page_path("de", "html"), Reply(500, "boom"))
    server.route(page_path("ru"), Reply(200, "# Empty\n\nNo table here.\n"))
    lines: list[str] = []
    results = fetch_languages(
        ["en", "de", "ru", "../etc"], options(server, retries=0), progress=lines.append
    )
    assert results["en"].status == "fetched" and results["en"].record is not None
    assert results["de"].error is not None and results["de"].error.startswith("de: HTTP 500 for")
    assert results["ru"].error is not None
    assert results["ru"].error.startswith("ru: not the page: status table not found")
    assert (
        results["../etc"].error
        == "../etc: not a language code (expected one like en, pt-BR, zh-CN)"
    )
    assert any(line.startswith("en: md ") and "-> ok" in line for line in lines)
    assert all(line.split(": ", 1)[0] in {"en", "de", "ru"} for line in lines)


def test_failures_keep_the_stored_validators(server: PageServer) -> None:
    stored = Validators(format="md", etag='"v7"')
    result = fetch_languages(["ko"], options(server), {"ko": stored})["ko"]
    assert result.status == "failed" and result.validators == stored


def test_an_unreachable_server_is_reported() -> None:
    with PageServerClosed() as base_url:
        opts = FetchOptions(base_url=base_url, retries=1, backoff_base=0.01)
        result = fetch_languages(["en"], opts)["en"]
    assert result.error is not None
    assert result.error.startswith("en: could not connect to 127.0.0.1 after 2 attempts")


def test_fetch_url_reads_one_address(server: PageServer) -> None:
    server.route("/mirror/en.md", Reply(200, markdown_page("en")))
    text, fmt, final = fetch_url(server.url + "/mirror/en.md", options(server))
    assert (text, fmt, final) == (markdown_page("en"), "md", server.url + "/mirror/en.md")
    with pytest.raises(FetchError, match=r"/mirror/missing: HTTP 404$"):
        fetch_url(server.url + "/mirror/missing", options(server))


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="concurrency >= 1"):
        fetch_languages(["en"], FetchOptions(concurrency=0))


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 0 ", 0.0),
        ("-3", 0.0),
        ("Thu, 01 Jan 1970 00:01:40 GMT", 90.0),  # 100s after the epoch, "now" is 10s
        ("Thu, 01 Jan 1970 00:00:05 GMT", 0.0),  # in the past
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=10.0) == seconds


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus of real captures not found at {CORPUS}")
def test_a_real_capture_served_locally_is_read(server: PageServer) -> None:
    for lang in ("de", "ja"):
        capture = CORPUS / f"{lang}__2025-12-21__shiertier-coco-4e33808.md"
        if not capture.is_file():
            pytest.skip(f"corpus capture {capture.name} not found")
        server.route(page_path(lang), Reply(200, capture.read_bytes()))
    results = fetch_languages(["de", "ja"], options(server))
    for lang, result in results.items():
        assert result.status == "fetched", result.error
        assert result.record is not None and result.record.language == lang
        assert len(result.record.models) >= 5


class PageServerClosed:
    """The base URL of a port that nobody listens on (a server started, then closed)."""

    def __enter__(self) -> str:
        server = PageServer()
        server.close()
        return server.url

    def __exit__(self, *exc: object) -> None:
        pass
