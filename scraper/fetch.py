"""Fetch the deprecations page over HTTP in any number of languages at once.

The only module that talks to the network. For each language it reads the Markdown twin
(`....md`) first and falls back to the HTML page; it retries what is worth retrying (connection
errors, timeouts, 429, 5xx, truncated bodies), follows redirects only within Anthropic's docs
sites, caps the body size, and accepts a body only once it parses as the page in the language
asked for. Failures are values (`FetchResult.error`), never exceptions, so one language cannot
spoil the others.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import hashlib
import math
import random
import re
import ssl
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Literal

import httpx

from scraper import DEFAULT_BASE_URL, PROJECT_URL, __version__
from scraper.read.extract import PageError
from scraper.read.languages import LANGUAGES
from scraper.read.parse import decode, is_soft_404, parse_plain, sniff_format
from scraper.read.plain import PageRecord, SourceFormat
from scraper.read.read_md import unfinished_ending

if TYPE_CHECKING:
    from scraper.read import records

PAGE_PATH = "/docs/{lang}/about-claude/model-deprecations"

USER_AGENT = f"claude-deprecation-tracker/{__version__} (+{PROJECT_URL})"
# Anthropic's docs hosts redirect to one another (HTTP 307); any other host is off the site.
DOCS_HOSTS = frozenset({"docs.anthropic.com", "docs.claude.com", "platform.claude.com"})
MAX_REDIRECTS = 5

_FORMATS: tuple[SourceFormat, ...] = ("md", "html")
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_NETWORK_HINT = "check the network connection, or point --base-url at a reachable mirror"
_ACCEPT: dict[SourceFormat, str] = {
    "md": "text/markdown, text/plain;q=0.9, */*;q=0.1",
    "html": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
}


@dataclass(frozen=True)
class Validators:
    """What a conditional request needs, per language: kept from the last good read."""

    format: SourceFormat | None = None  # which form (URL) the validators belong to
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """The outcome for one language. `error` is set exactly when `status` is "failed"."""

    language: str
    status: Literal["fetched", "not_modified", "failed"]
    url: str | None  # final URL actually read (after redirects)
    # Which URL gave the body: "md" the Markdown twin, "html" the page. How the body itself was
    # read is `record.source.format` (a mirror may serve Markdown at the HTML URL).
    format: SourceFormat | None
    body: bytes | None
    page: PageRecord | None  # the page as read, when fetched (plain records: see `record`)
    validators: Validators  # to store for the next run
    error: str | None  # starts with the language: "zh-CN: ..."
    attempts: tuple[str, ...]  # human log: "md https://... -> HTTP 404", "html ... -> ok"

    @functools.cached_property
    def record(self) -> records.PageRecord | None:
        """The page's record when fetched, validated by the models on first use: a caller
        that only counts what was read (`fetch`'s summary) never imports pydantic."""
        from scraper.read.records import page_record

        return None if self.page is None else page_record(self.page)


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch: where from, how many at once, and how patiently."""

    base_url: str = DEFAULT_BASE_URL
    concurrency: int = 6
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3  # extra attempts after the first, per URL
    backoff_base: float = 1.0  # seconds; exponential with full jitter
    max_retry_after: float = 60.0  # cap on an honoured Retry-After (and on any backoff wait)
    max_bytes: int = 5_000_000  # of the decoded body: a gzip bomb stops at this size
    # Wall-clock limits: per language (both forms, retries and waits included) and for the
    # whole fetch. A read timeout alone never ends a body that trickles a byte at a time.
    page_deadline: float = 180.0
    total_deadline: float = 900.0  # a nightly job: 12 languages, 6 at a time, within 15 min


_DEFAULT_OPTIONS = FetchOptions()


class FetchError(OSError):
    """A URL could not be read (raised by `fetch_url` only; `fetch_languages` never raises)."""


def page_url(language: str, fmt: SourceFormat = "html", base_url: str = DEFAULT_BASE_URL) -> str:
    """The page's address in `language`; the Markdown twin is the same URL plus `.md`."""
    url = base_url.rstrip("/") + PAGE_PATH.format(lang=language)
    return url + ".md" if fmt == "md" else url


def fetch_languages(
    languages: Sequence[str],
    options: FetchOptions = _DEFAULT_OPTIONS,
    validators: Mapping[str, Validators] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, FetchResult]:
    """Fetch and read the page in each language, concurrently; never raises for one language.

    `validators` are those stored from the last run (for conditional requests); `progress`
    receives one line per request outcome, prefixed with the language.
    """
    results: dict[str, FetchResult] = {}

    async def fetch_into_results() -> None:
        results.update(await fetch_languages_async(languages, options, validators, progress))

    # The main task returns None: on Python 3.11, asyncio.run formats the main task's repr,
    # its result included, when it restores the SIGINT handler; the repr of 12 records and
    # bodies cost ~10 ms of a fetch.
    asyncio.run(fetch_into_results())
    return results


async def fetch_languages_async(
    languages: Sequence[str],
    options: FetchOptions = _DEFAULT_OPTIONS,
    validators: Mapping[str, Validators] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, FetchResult]:
    """`fetch_languages` for callers already inside an event loop."""
    _check_options(options)
    stored = validators or {}
    unique = list(dict.fromkeys(languages))
    async with _client(options) as client:
        fetcher = _Fetcher(client, options, progress)
        # Set before the tasks are made: each copies this context.
        _TOTAL_DEADLINE.set(asyncio.get_running_loop().time() + options.total_deadline)
        tasks = {
            lang: asyncio.ensure_future(fetcher.language(lang, stored.get(lang, Validators())))
            for lang in unique
        }
        if tasks:
            await asyncio.wait(tasks.values(), timeout=options.total_deadline)
        results: dict[str, FetchResult] = {}
        for lang, task in tasks.items():
            if task.done():
                results[lang] = task.result()  # `language` returns every failure as a value
                continue
            task.cancel()
            error = (
                f"{lang}: stopped: the whole fetch passed its deadline of "
                f"{options.total_deadline:g}s (--total-deadline)"
            )
            results[lang] = _failed(
                lang, stored.get(lang, Validators()), error, fetcher.logs.get(lang, [])
            )
        await asyncio.gather(*tasks.values(), return_exceptions=True)
    return results


def fetch_url(url: str, options: FetchOptions = _DEFAULT_OPTIONS) -> tuple[str, SourceFormat, str]:
    """Read any one URL (e.g. a mirror) with the same retries, size cap and redirect rules.

    Returns (text, sniffed format, final URL). Raises FetchError with an actionable message.
    """

    async def run() -> _Answer:
        async with _client(options) as client:
            fetcher = _Fetcher(client, replace(options, base_url=url), None)
            fmt: SourceFormat = "md" if url.endswith(".md") else "html"
            async with _page_timeout(options.page_deadline):
                return await fetcher.get(fmt, url, {}, lambda entry: None)

    _check_options(options)
    try:
        answer = asyncio.run(run())
    except _Failure as failure:
        raise FetchError(f"{url}: {failure.reason}") from None
    except TimeoutError:
        raise FetchError(f"{url}: no complete answer within {options.page_deadline:g}s") from None
    if answer.body is None:
        raise FetchError(f"{url}: HTTP {answer.status} without a body")
    text = decode(answer.body)
    return text, sniff_format(text), answer.url


# --- internals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Answer:
    """A final HTTP answer for one URL: 2xx with its body, 304, or a redirect to follow."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes | None = None
    location: str | None = None


class _Failure(Exception):
    """Why one URL did not give the page; `reason` does not repeat the language or the URL."""

    def __init__(
        self,
        reason: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        not_found: bool = False,
        network: bool = False,
        detail: str = "",
    ) -> None:
        super().__init__(reason)
        self.reason = reason + (f" ({detail})" if detail else "")
        self.retryable = retryable
        self.retry_after = retry_after
        self.not_found = not_found  # a 404-like answer: the address itself may be wrong
        self.network = network  # the server could not be reached at all
        self._short, self._detail = reason, detail

    def too_long_to_wait(self, asked: float, left: float, deadline: str) -> _Failure:
        """The same failure, saying the server asked for a wait longer than the time left."""
        return _Failure(
            f"{self._short}; the server asked to wait {asked:.0f} s (Retry-After), more than "
            f"the {max(left, 0):.0f} s left before {deadline}; not waited for",
            not_found=self.not_found,
            network=self.network,
        )

    def after(self, attempts: int) -> _Failure:
        """The same failure, saying how many attempts were made."""
        detail = f" ({self._detail})" if self._detail else ""
        return _Failure(
            f"{self._short} after {attempts} attempts{detail}",
            not_found=self.not_found,
            network=self.network,
        )


def _failed(lang: str, known: Validators, error: str, attempts: list[str]) -> FetchResult:
    """A failure keeps the stored validators, so the next run can still ask conditionally."""
    return FetchResult(
        language=lang,
        status="failed",
        url=None,
        format=None,
        body=None,
        page=None,
        validators=known,
        error=error,
        attempts=tuple(attempts),
    )


def _check_options(options: FetchOptions) -> None:
    problems = [
        name
        for name, ok in (
            ("concurrency >= 1", options.concurrency >= 1),
            ("retries >= 0", options.retries >= 0),
            ("connect_timeout > 0", options.connect_timeout > 0),
            ("read_timeout > 0", options.read_timeout > 0),
            ("backoff_base >= 0", options.backoff_base >= 0),
            ("max_retry_after >= 0", options.max_retry_after >= 0),
            ("max_bytes > 0", options.max_bytes > 0),
            ("page_deadline > 0", options.page_deadline > 0),
            ("total_deadline > 0", options.total_deadline > 0),
        )
        if not ok
    ]
    if problems:
        raise ValueError(f"invalid FetchOptions: need {', '.join(problems)}")
    if not options.base_url.startswith(("http://", "https://")):
        raise ValueError(f"invalid FetchOptions: base_url {options.base_url!r} is not http(s)")


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes ~50 ms: once per process, not once per call.
    return httpx.create_ssl_context()


def _client(options: FetchOptions) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        # Only encodings `_read_capped` decodes itself, a bounded piece at a time.
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        verify=_ssl_context(),
        timeout=httpx.Timeout(
            connect=options.connect_timeout,
            read=options.read_timeout,
            write=options.connect_timeout,
            pool=options.connect_timeout,
        ),
        limits=httpx.Limits(
            max_connections=options.concurrency, max_keepalive_connections=options.concurrency
        ),
        follow_redirects=False,  # followed by hand, only within the site
    )


class _Fetcher:
    def __init__(
        self,
        client: httpx.AsyncClient,
        options: FetchOptions,
        progress: Callable[[str], None] | None,
    ) -> None:
        self.client = client
        self.options = options
        self.progress = progress
        self.base = httpx.URL(options.base_url)
        self.slots = asyncio.Semaphore(options.concurrency)
        self.logs: dict[str, list[str]] = {}  # per language, also for one stopped midway

    async def language(self, lang: str, known: Validators) -> FetchResult:
        """Fetch one language; every failure, even an unexpected one, becomes a result."""
        attempts = self.logs.setdefault(lang, [])

        def log(entry: str) -> None:
            attempts.append(entry)
            if self.progress is not None:
                self.progress(f"{lang}: {entry}")

        def failed(error: str) -> FetchResult:
            return _failed(lang, known, error, attempts)

        if not _LANGUAGE_CODE.match(lang):
            return failed(f"{lang}: not a language code (expected one like en, pt-BR, zh-CN)")
        deadline = self.options.page_deadline
        try:
            async with _page_timeout(deadline):
                return await self._language(lang, known, log, attempts)
        except TimeoutError:
            return failed(
                f"{lang}: no complete page within the page deadline of {deadline:g}s "
                "(the server is too slow; --page-deadline)"
            )
        except Exception as error:  # one language must never take the others down
            return failed(f"{lang}: unexpected error: {type(error).__name__}: {error}")

    async def _language(
        self, lang: str, known: Validators, log: Callable[[str], None], attempts: list[str]
    ) -> FetchResult:
        failures: list[tuple[str, _Failure]] = []
        for fmt in _FORMATS:  # the Markdown twin first: the cleanest input
            url = page_url(lang, fmt, self.options.base_url)
            # Validators belong to the URL they came from: only send them back there.
            conditional = _conditional_headers(known) if known.format == fmt else {}
            try:
                answer = await self.get(fmt, url, conditional, log)
            except _Failure as failure:
                # Without its traceback: the frames it holds hold the body read so far.
                failures.append((url, failure.with_traceback(None)))
                continue
            size = f"HTTP {answer.status}, {len(answer.body or b'')} bytes"
            if answer.status == 304 and conditional:
                log(f"{fmt} {answer.url} -> HTTP 304 not modified")
                validators = _validators(fmt, answer.headers, known)
                return FetchResult(
                    language=lang,
                    status="not_modified",
                    url=answer.url,
                    format=fmt,
                    body=None,
                    page=None,
                    validators=validators,
                    error=None,
                    attempts=tuple(attempts),
                )
            try:
                if answer.status == 304:
                    raise _Failure("HTTP 304 to a request that was not conditional")
                page = self._accept(lang, fmt, answer)
            except _Failure as failure:
                log(f"{fmt} {answer.url} -> {size}, rejected: {failure.reason}")
                failures.append((url, failure))
                continue
            log(f"{fmt} {answer.url} -> ok ({size})")
            return FetchResult(
                language=lang,
                status="fetched",
                url=answer.url,
                format=fmt,
                body=answer.body,
                page=page,
                validators=_validators(fmt, answer.headers, None),
                error=None,
                attempts=tuple(attempts),
            )
        hint = _not_found_hint(lang, self.options.base_url)
        return _failed(lang, known, _summary(lang, failures, hint), attempts)

    def _accept(self, lang: str, fmt: SourceFormat, answer: _Answer) -> PageRecord:
        """The body read, if it is the page in `lang`; else a _Failure saying why."""
        body = answer.body or b""
        text = decode(body)

        if is_soft_404(text):
            raise _Failure(
                f"soft 404 (HTTP {answer.status} with a 'Not Found' page)", not_found=True
            )
        sniffed = sniff_format(text)
        if fmt == "md" and sniffed == "html":
            raise _Failure("HTML instead of Markdown at the .md URL")
        if sniffed == "md" and (problem := unfinished_ending(text)):
            raise _Failure(f"truncated body: {problem}")
        try:
            page = parse_plain(
                text,
                url=answer.url,
                language=lang,
                fmt=sniffed,
                sha256=hashlib.sha256(body).hexdigest(),
                require_language=True,
            )
        except PageError as error:
            reason = f"not the page: {_without_prefix(str(error), lang, answer.url)}"
            raise _Failure(reason) from None
        except Exception as error:  # a reader bug must not hide the other form of the page
            reason = f"the page could not be read: {type(error).__name__}: {error}"
            raise _Failure(reason) from None
        return page

    async def get(
        self, fmt: SourceFormat, url: str, headers: dict[str, str], log: Callable[[str], None]
    ) -> _Answer:
        """GET `url` with retries and backoff; raises _Failure for the last attempt's problem."""
        tries = self.options.retries + 1
        headers = {"Accept": _ACCEPT[fmt], **headers}
        for attempt in range(1, tries + 1):
            try:
                return await self._follow(fmt, url, headers, log)
            except _Failure as failure:
                if not failure.retryable:
                    raise
                if attempt == tries:
                    raise failure.after(attempt) if tries > 1 else failure from None
                left, deadline = _time_left()
                asked = failure.retry_after
                if asked is not None and left is not None and asked >= left:
                    # The server's wait outlasts us: retrying sooner only asks to be refused.
                    raise failure.too_long_to_wait(asked, left, deadline) from None
                delay = self._delay(attempt, asked)
                if left is not None and delay >= left:  # waiting would only end at the deadline
                    raise failure.after(attempt) from None
                log(f"{fmt} {url}: retry {attempt} of {self.options.retries} in {delay:.2f}s")
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.options.max_retry_after)
        ceiling = min(self.options.backoff_base * 2 ** (attempt - 1), self.options.max_retry_after)
        return random.uniform(0, ceiling)  # full jitter: spread retries of many clients

    async def _follow(
        self, fmt: SourceFormat, url: str, headers: dict[str, str], log: Callable[[str], None]
    ) -> _Answer:
        """One attempt: GET and follow up to MAX_REDIRECTS redirects within the site."""
        current = httpx.URL(url)
        for _ in range(MAX_REDIRECTS + 1):
            try:
                async with self.slots:
                    answer = await self._request(current, headers)
            except _Failure as failure:
                log(f"{fmt} {current} -> {failure.reason}")
                raise
            if answer.location is None:
                return answer
            try:
                target = current.join(answer.location)
            except httpx.InvalidURL:
                raise _Failure(f"redirect to an invalid address {answer.location!r}") from None
            log(f"{fmt} {current} -> HTTP {answer.status} redirect to {target}")
            if not _same_site(target, self.base):
                raise _Failure(f"redirect to {target} leaves the site; not followed")
            current = target
        raise _Failure(f"more than {MAX_REDIRECTS} redirects (the last to {current})")

    async def _request(self, url: httpx.URL, headers: dict[str, str]) -> _Answer:
        """One GET, no redirects followed; the body is streamed and capped."""
        options = self.options
        try:
            request = self.client.build_request("GET", url, headers=headers)
            response = await self.client.send(request, stream=True)
            try:
                return await self._answer(url, response)
            finally:
                await response.aclose()
        except httpx.ConnectTimeout:
            detail = f"connect timeout {options.connect_timeout:g}s"
            raise _Failure("timed out", detail=detail, retryable=True, network=True) from None
        except httpx.ReadTimeout:
            detail = f"read timeout {options.read_timeout:g}s"
            raise _Failure("timed out", detail=detail, retryable=True) from None
        except httpx.TimeoutException as error:
            raise _Failure("timed out", detail=type(error).__name__, retryable=True) from None
        except httpx.ConnectError as error:
            reason = f"could not connect to {url.host}"
            raise _Failure(reason, detail=str(error), retryable=True, network=True) from None
        except httpx.RemoteProtocolError as error:
            reason = "the server closed the connection without a complete answer"
            raise _Failure(reason, detail=str(error), retryable=True) from None
        except (httpx.NetworkError, httpx.ProxyError) as error:
            detail = str(error) or type(error).__name__
            raise _Failure("network error", detail=detail, retryable=True, network=True) from None
        except httpx.HTTPError as error:
            detail = f"{type(error).__name__}: {error}"
            raise _Failure("request failed", detail=detail) from None

    async def _answer(self, url: httpx.URL, response: httpx.Response) -> _Answer:
        status = response.status_code
        if status in _REDIRECT_STATUSES and "location" in response.headers:
            return _Answer(
                str(url), status, response.headers, location=response.headers["location"]
            )
        if status == 304:
            return _Answer(str(url), status, response.headers)
        if status == 429 or status >= 500:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            label = f"HTTP {status}" + (" (rate limited)" if status == 429 else "")
            raise _Failure(label, retryable=True, retry_after=retry_after)
        if not 200 <= status < 300:
            raise _Failure(f"HTTP {status}", not_found=status in (404, 410))
        body = await _read_capped(response, self.options.max_bytes)
        return _Answer(str(url), status, response.headers, body=body)


_DECODE_STEP = 256 * 1024  # decoded bytes per step: no large temporary buffers

# The loop times by which the current language's page, and the whole fetch, must be done (each
# language runs in its own task, hence its own context).
_PAGE_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "page_deadline", default=None
)
_TOTAL_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "total_deadline", default=None
)


def _page_timeout(seconds: float) -> asyncio.Timeout:
    """The current page's deadline: a timeout, and the same instant for `_time_left` (so no
    retry waits past it)."""
    deadline = asyncio.get_running_loop().time() + seconds
    _PAGE_DEADLINE.set(deadline)
    return asyncio.timeout_at(deadline)


def _time_left() -> tuple[float | None, str]:
    """Seconds left before the nearer deadline (the page's, or the whole fetch's), if one is
    set, and how to name that deadline."""
    now = asyncio.get_running_loop().time()
    left: list[tuple[float, str]] = [
        (deadline - now, name)
        for deadline, name in (
            (_PAGE_DEADLINE.get(), "the page deadline (--page-deadline)"),
            (_TOTAL_DEADLINE.get(), "the whole fetch's deadline (--total-deadline)"),
        )
        if deadline is not None
    ]
    return min(left) if left else (None, "")


class _Decoder:
    """Decodes a body's Content-Encoding a bounded piece at a time (a gzip bomb cannot expand
    past the cap in memory: each step yields at most what is left of it)."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self.inflate: zlib._Decompress | None = None
        elif encoding in ("gzip", "x-gzip"):
            self.inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.inflate = zlib.decompressobj(zlib.MAX_WBITS)  # zlib-wrapped, as the RFC says
        else:
            raise _Failure(f"unsupported Content-Encoding {encoding!r} (asked for gzip, deflate)")
        self.started = False
        self.raw_deflate_allowed = encoding == "deflate"

    def feed(self, chunk: bytes, body: bytearray, limit: int) -> None:
        """Append what `chunk` decodes to to `body`, in steps, stopping once past `limit`."""
        if self.inflate is None:
            body += chunk
            return
        data = chunk
        while data and len(body) <= limit:
            step = min(limit - len(body) + 1, _DECODE_STEP)
            try:
                body += self.inflate.decompress(data, step)
            except zlib.error as error:
                if not self.started and self.raw_deflate_allowed:
                    self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # some servers: raw
                    self.raw_deflate_allowed = False
                    continue
                raise _Failure("body could not be decompressed", detail=str(error)) from None
            self.started = True
            data = self.inflate.unconsumed_tail

    def finished(self) -> bool:
        return self.inflate is None or self.inflate.eof


async def _read_capped(response: httpx.Response, limit: int) -> bytes:
    """The decoded body, or a _Failure as soon as it passes `limit` bytes (checked early from
    Content-Length), or when fewer bytes came than Content-Length announced."""
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "")
    if declared.isdigit() and int(declared) > limit:
        raise _Failure(f"body larger than {limit} bytes (Content-Length: {declared})")
    decoder = _Decoder(encoding)
    body = bytearray()
    received = 0
    try:
        async for chunk in response.aiter_raw():
            received += len(chunk)
            decoder.feed(chunk, body, limit)
            if len(body) > limit:
                body.clear()  # a kept traceback would keep the frame, and this, alive
                decoded = " decoded" if encoding else ""
                raise _Failure(f"body larger than {limit} bytes{decoded}")
    except httpx.RemoteProtocolError as error:
        # Connection closed before Content-Length bytes: never accept half a page.
        raise _Failure("truncated body", detail=str(error), retryable=True) from None
    if declared.isdigit() and received < int(declared):
        detail = f"{received} of {declared} bytes"
        raise _Failure("truncated body", detail=detail, retryable=True)
    if not decoder.finished():
        raise _Failure(
            "truncated body", detail=f"the {encoding} stream is incomplete", retryable=True
        )
    return bytes(body)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date), or None."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC by the standard
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _same_site(target: httpx.URL, base: httpx.URL) -> bool:
    """A redirect target on base's host (no downgrade to http), or between the docs hosts."""
    if target.scheme not in ("http", "https"):
        return False
    if target.host == base.host and target.port == base.port:
        return target.scheme == base.scheme or target.scheme == "https"
    return target.scheme == "https" and base.host in DOCS_HOSTS and target.host in DOCS_HOSTS


def _conditional_headers(known: Validators) -> dict[str, str]:
    headers = {}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


def _validators(fmt: SourceFormat, headers: httpx.Headers, known: Validators | None) -> Validators:
    """Validators from an answer; a 304 that omits them keeps the stored ones."""
    etag, modified = headers.get("etag"), headers.get("last-modified")
    if known is not None:
        etag, modified = etag or known.etag, modified or known.last_modified
    return Validators(format=fmt, etag=etag, last_modified=modified)


def _summary(lang: str, failures: list[tuple[str, _Failure]], not_found_hint: str) -> str:
    """One message for both forms of the page: what went wrong where, and what to check."""
    reasons = [failure.reason for _, failure in failures]
    if len(set(reasons)) == 1:
        message = f"{lang}: {reasons[0]} for {' and '.join(url for url, _ in failures)}"
    else:
        message = f"{lang}: " + "; ".join(f"{f.reason} for {url}" for url, f in failures)
    if all(failure.not_found for _, failure in failures):
        message += f" ({not_found_hint})"
    elif all(failure.network for _, failure in failures):
        message += f" ({_NETWORK_HINT})"
    return message


def _not_found_hint(lang: str, base_url: str) -> str:
    """Why both forms of a page may be missing: a code the page does not use, else an address
    that is not the site's root (a mirror's path, or a URL that already holds /docs/...)."""
    if lang not in LANGUAGES:
        canonical = {code.casefold(): code for code in LANGUAGES}.get(lang.casefold())
        if canonical:
            return f"the page's code is {canonical}: its URLs are case-sensitive"
        return f"{lang!r} is not one of the page's languages: {', '.join(LANGUAGES)}"
    path = httpx.URL(base_url).path.rstrip("/")
    given = f" {base_url.rstrip('/')} (it has the path {path})" if path else ""
    return (
        f"no page at that address: is --base-url{given} the site's root? The tracker adds "
        f"{PAGE_PATH.format(lang=lang)} to it, e.g. {DEFAULT_BASE_URL}"
    )


def _without_prefix(message: str, lang: str, url: str) -> str:
    """Parser messages start with the language or URL; ours already say both."""
    for prefix in (f"{lang}: ", f"{url}: "):
        message = message.removeprefix(prefix)
    return message
