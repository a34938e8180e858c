"""A real HTTP server on 127.0.0.1 whose answers each test scripts, plus small pages to serve.

    def test_something(server: PageServer) -> None:
        server.route("/docs/en/about-claude/model-deprecations.md", Reply(500), Reply(200, page))
        ...
        assert server.requests("/docs/en/about-claude/model-deprecations.md")[0].headers[...]

Each path answers with its scripted replies in order; the last one repeats. Unscripted paths
answer 404. Every request is logged (path and lower-cased headers) for assertions.
The pages built here are our own wording in the page's shape, not copies of Anthropic's text.
"""

from __future__ import annotations

import html
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from scraper.read.dates import format_date

PAGE_PATH = "/docs/{lang}/about-claude/model-deprecations"


def page_path(lang: str, fmt: str = "md") -> str:
    return PAGE_PATH.format(lang=lang) + (".md" if fmt == "md" else "")


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/markdown; charset=utf-8"
    delay: float = 0.0  # seconds to wait before answering (to trigger read timeouts)
    truncate_to: int | None = None  # announce the full Content-Length, send this many bytes, close
    etag: str | None = None  # sent as ETag; a request whose If-None-Match matches gets a 304
    chunked: bool = False  # Transfer-Encoding: chunked, no Content-Length (size unknown upfront)
    content_length: int | None = None  # announce this Content-Length instead of the true one
    drip: float | None = None  # send the body one byte per `drip` seconds (a trickling server)


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]  # names lower-cased


class PageServer:
    """A scripted server running in a background thread; `url` is its base URL."""

    def __init__(self) -> None:
        self._routes: dict[str, list[Reply]] = {}
        self._log: list[Request] = []
        self._in_flight = 0
        self.max_in_flight = 0  # most requests being answered at the same time
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.page_server = self
        self.url = f"http://127.0.0.1:{self._httpd.server_port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    def route(self, path: str, *replies: Reply) -> None:
        """Script the answers for `path` (without query); the last one repeats."""
        assert replies, "give at least one Reply"
        with self._lock:
            self._routes[path] = list(replies)

    def requests(self, path: str | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self._log if path is None or r.path == path]

    def close(self) -> None:
        self.stopping.set()  # wakes handlers sleeping in a delay
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _count(self, change: int) -> None:
        with self._lock:
            self._in_flight += change
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _next_reply(self, request: Request) -> Reply:
        with self._lock:
            self._log.append(request)
            replies = self._routes.get(request.path)
            if not replies:
                return Reply(404, f"no route for {request.path}\n", content_type="text/plain")
            return replies.pop(0) if len(replies) > 1 else replies[0]


class _Server(ThreadingHTTPServer):
    page_server: PageServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout, size cap) resets the connection: not a test failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: _Server

    def do_GET(self) -> None:
        self.server.page_server._count(+1)
        try:
            self._answer()
        finally:
            self.server.page_server._count(-1)

    def _answer(self) -> None:
        page_server = self.server.page_server
        path = self.path.split("?", 1)[0]
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = page_server._next_reply(Request(path=path, headers=headers))
        if reply.delay and page_server.stopping.wait(reply.delay):
            self.close_connection = True
            return
        body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
        if reply.etag is not None and headers.get("if-none-match") == reply.etag:
            self.send_response(304)
            self.send_header("ETag", reply.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        if reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            length = len(body) if reply.content_length is None else reply.content_length
            self.send_header("Content-Length", str(length))
        if reply.etag is not None:
            self.send_header("ETag", reply.etag)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if reply.truncate_to is not None:
            self.wfile.write(body[: reply.truncate_to])
            self.wfile.flush()
            self.close_connection = True
            return
        if reply.drip is not None:
            for start in range(len(body)):
                if page_server.stopping.wait(reply.drip):
                    break
                self.wfile.write(body[start : start + 1])
                self.wfile.flush()
            self.close_connection = True
            return
        if reply.content_length is not None and reply.content_length < len(body):
            self.wfile.write(body[: reply.content_length])  # the client reads only that much
            return
        if reply.chunked:
            for start in range(0, len(body), 1024):
                piece = body[start : start + 1024]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


@pytest.fixture(name="server")
def server_fixture() -> Iterator[PageServer]:
    """A fresh scripted server per test."""
    server = PageServer()
    try:
        yield server
    finally:
        server.close()


# Our own words for a few page elements, per language: title, "Overview", the four lifecycle
# terms (Active, Legacy, Deprecated, Retired), "Model status", "Deprecation history".
_WORDS: dict[str, tuple[str, str, tuple[str, str, str, str], str, str]] = {
    "en": ("Retiring models", "Overview", ("Active", "Legacy", "Deprecated", "Retired"),
           "Model status", "Deprecation history"),
    "de": ("Auslaufende Modelle", "Überblick", ("Aktiv", "Altbestand", "Abgekündigt",
           "Abgeschaltet"), "Modellstatus", "Verlauf"),
    "es": ("Modelos en retirada", "Resumen", ("Activo", "Heredado", "Obsoleto", "Retirado"),
           "Estado de los modelos", "Historial"),
    "fr": ("Retrait des modèles", "Aperçu", ("Actif", "Hérité", "Obsolète", "Retiré"),
           "État des modèles", "Historique"),
    "id": ("Penghentian model", "Ikhtisar", ("Aktif", "Lama", "Usang", "Pensiun"),
           "Status model", "Riwayat"),
    "it": ("Dismissione dei modelli", "Panoramica", ("Attivo", "Precedente", "Deprecato",
           "Ritirato"), "Stato dei modelli", "Cronologia"),
    "ja": ("モデルの提供終了予定", "概要", ("有効", "旧版", "非推奨", "提供終了"),
           "モデルの状況", "履歴"),
    "ko": ("모델 지원 종료 안내", "개요", ("활성", "레거시", "중단 예정", "종료됨"),
           "모델 상태", "기록"),
    "pt-BR": ("Retirada de modelos", "Visão geral", ("Ativo", "Legado", "Descontinuado",
              "Aposentado"), "Situação dos modelos", "Histórico"),
    "ru": ("Вывод моделей", "Обзор", ("Активна", "Устаревшая", "Выводится", "Выведена"),
           "Состояние моделей", "История"),
    "zh-CN": ("模型停用安排", "概览", ("可用", "旧版", "已弃用", "已停用"), "模型状态", "历史"),
    "zh-TW": ("模型停用安排", "概覽", ("可用", "舊版", "已棄用", "已停用"), "模型狀態", "歷史"),
}  # fmt: skip

# (model id, state index into the four terms, deprecated on, retirement date)
_MODELS: tuple[tuple[str, int, date | None, date | None], ...] = (
    ("claude-sample-5", 0, None, None),
    ("claude-sample-4-1", 1, None, None),
    ("claude-sample-3-9", 2, date(2026, 1, 15), date(2026, 7, 15)),
)


def markdown_page(lang: str, *, link_lang: str | None = None) -> str:
    """A small page in the `.md` twin's shape, in `lang`: H1, Overview list of four bold terms,
    a 4-column status table, and one `### YYYY-MM-DD: ...` history section with its table."""
    title, overview, terms, status, history = _WORDS[lang]
    links = link_lang or lang
    rows = "\n".join(
        f"| {model} | {terms[state]} | {_date(deprecated, lang)} | {_date(retirement, lang)} |"
        for model, state, deprecated, retirement in _MODELS
    )
    listing = "\n".join(f"- **{term}**: {n}/4" for n, term in enumerate(terms, start=1))
    return f"""# {title}

[→](/docs/{links}/about-claude/models/overview) · [↗](/docs/{links}/api/overview)

---

## {overview}

{listing}

## {status}

| Model | State | Deprecated | Retirement |
|---|---|---|---|
{rows}

## {history}

### 2026-01-15: Claude Sample 3.9

| Retirement | Model | Replacement |
|---|---|---|
| {format_date(date(2026, 7, 15), lang)} | `claude-sample-3-9` | `claude-sample-5` |
"""


def html_page(lang: str, *, title: str | None = None) -> str:
    """The same page as server-rendered HTML (headings, a list with <strong>, real tables)."""
    heading, overview, terms, status, history = _WORDS[lang]
    esc = html.escape
    items = "".join(f"<li><strong>{esc(t)}</strong>: {n}/4</li>" for n, t in enumerate(terms, 1))
    rows = "".join(
        f"<tr><td><span>{model}</span></td><td>{esc(terms[state])}</td>"
        f"<td>{esc(_date(deprecated, lang))}</td><td>{esc(_date(retirement, lang))}</td></tr>"
        for model, state, deprecated, retirement in _MODELS
    )
    retired = esc(format_date(date(2026, 7, 15), lang))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{esc(title or heading)}</title></head>
<body><main>
<h1>{esc(heading)}</h1>
<p><a href="/docs/{lang}/about-claude/models/overview">→</a></p>
<h2 id="overview">{esc(overview)}</h2>
<ul>{items}</ul>
<h2 id="model-status">{esc(status)}</h2>
<div class="overflow-x-auto"><table>
<thead><tr><th>Model</th><th>State</th><th>Deprecated</th><th>Retirement</th></tr></thead>
<tbody>{rows}</tbody></table></div>
<h2 id="deprecation-history">{esc(history)}</h2>
<h3 id="2026-01-15-claude-sample-3-9">2026-01-15: Claude Sample 3.9</h3>
<div class="overflow-x-auto"><table>
<thead><tr><th>Retirement</th><th>Model</th><th>Replacement</th></tr></thead>
<tbody><tr><td>{retired}</td><td><code>claude-sample-3-9</code></td>
<td><code>claude-sample-5</code></td></tr></tbody></table></div>
</main></body></html>
"""


SOFT_404_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Not Found - Claude API Docs</title></head>
<body><h1>Not Found</h1><p>We could not find that page.</p></body></html>
"""


def _date(value: date | None, lang: str) -> str:
    return format_date(value, lang) if value else "N/A"
