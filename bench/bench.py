"""Speed figures, run by hand: `uv run python bench/bench.py` (targets in brackets).

1. `deprecation-tracker --help` start-up                          [< 0.3 s]
2. parsing Markdown pages on one core                              [>= 200 pages/s]
3. all 12 languages fetched from a local server and parsed         [< 1.5 s wall, process included]
4. `run` against a local server where nothing changed              [< 2 s, no writes, no commit]
5. `replay` of the whole shared corpus, with commits               [< 15 s]
6. peak memory (ru_maxrss) of `fetch` of 12 languages               [< 150 MB]
7. peak memory of `fetch` when all 12 answer with a gzip bomb       [< 150 MB]
8. parse time of the worst of the pathological 200 KB pages         [< 1 s]

Pages come from ../shared/corpus (the newest capture of each language); without it, 2-5 use a
small page built here.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
sys.path.insert(0, str(ROOT))

from scraper.read.languages import LANGUAGES  # noqa: E402

COMMAND = [sys.executable, "-m", "scraper"]


def best_of(runs: int, command: list[str], **kwargs: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True, **kwargs)  # type: ignore[call-overload]
        times.append(time.perf_counter() - start)
    return min(times)


def newest_pages() -> dict[str, bytes]:
    pages: dict[str, bytes] = {}
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.md")):
            pages[path.name.split("__")[0]] = path.read_bytes()  # sorted: newest wins
    english = pages.get("en")
    for lang in LANGUAGES:
        if lang not in pages and english is not None:
            pages[lang] = english.replace(b"/docs/en/", f"/docs/{lang}/".encode())
    return pages


class _Pages(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, bytes]] = {}
    encoding: ClassVar[str | None] = None  # Content-Encoding of every body (a bomb: "gzip")

    def do_GET(self) -> None:
        body = self.pages.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/markdown; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.encoding:
            self.send_header("Content-Encoding", self.encoding)
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def serve(pages: dict[str, bytes], encoding: str | None = None) -> tuple[ThreadingHTTPServer, str]:
    _Pages.pages = {
        f"/docs/{lang}/about-claude/model-deprecations{suffix}": body
        for lang, body in pages.items()
        for suffix in (".md", "")
    }
    _Pages.encoding = encoding
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> int:
    from scraper.read.parse import parse_text

    print(f"python {sys.version.split()[0]}; corpus {'found' if CORPUS.is_dir() else 'absent'}")
    help_time = best_of(7, [*COMMAND, "--help"])
    print(f"1. --help start-up: {help_time * 1000:.0f} ms (best of 7)  [target < 300 ms]")

    pages = newest_pages()
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))] or [
        b.decode() for b in pages.values()
    ]
    parse_text(texts[0], url="warm-up")
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < 3.0:
        for text in texts:
            parse_text(text, url="bench")
            count += 1
    rate = count / (time.perf_counter() - start)
    print(
        f"2. parse: {rate:.0f} Markdown pages/s on one core ({len(texts)} distinct pages)"
        "  [target >= 200/s]"
    )

    server, base = serve(pages)
    try:
        fetch_time = best_of(5, [*COMMAND, "fetch", "--base-url", base])
        print(
            f"3. fetch+parse 12 languages from a local server: {fetch_time:.2f} s wall, "
            "interpreter start included (best of 5)  [target < 1.5 s]"
        )
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            first = [*COMMAND, "run", "--base-url", base, "--data-dir", str(data), "-q"]
            subprocess.run(first, check=True, capture_output=True)
            head = _git(data, "rev-parse", "HEAD")
            before = _tree_state(data)
            again = best_of(5, first)
            changed = _tree_state(data) != before or _git(data, "rev-parse", "HEAD") != head
            print(
                f"4. run with nothing changed: {again:.2f} s (best of 5); "
                f"files or commits changed: {'YES' if changed else 'no'}  [target < 2 s, no]"
            )
    finally:
        server.shutdown()

    if CORPUS.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run(
                [*COMMAND, "replay", str(CORPUS), "--data-dir", tmp, "-q"],
                check=False,
                capture_output=True,
            )
            took = time.perf_counter() - start
            commits = _git(Path(tmp), "rev-list", "--count", "HEAD")
            print(
                f"5. replay of the shared corpus: {took:.2f} s, {commits} commits  [target < 15 s]"
            )
    else:
        print("5. replay: skipped (../shared/corpus absent)")

    server, base = serve(pages)
    try:
        peak, code = peak_memory([*COMMAND, "fetch", "--base-url", base])
        print(f"6. fetch of 12 languages: peak memory {peak:.0f} MB (exit {code})  [< 150 MB]")
    finally:
        server.shutdown()
    bomb = gzip_bomb(1_000_000_000)
    server, base = serve(dict.fromkeys(LANGUAGES, bomb), encoding="gzip")
    try:
        start = time.perf_counter()
        peak, code = peak_memory([*COMMAND, "fetch", "--base-url", base])
        took = time.perf_counter() - start
        print(
            f"7. fetch where all 12 languages send a gzip bomb ({len(bomb) / 1e6:.1f} MB -> "
            f"1 GB each): peak memory {peak:.0f} MB, {took:.1f} s (exit {code})  [< 150 MB]"
        )
    finally:
        server.shutdown()
    worst, name = worst_pathological_parse(texts[0])
    print(f"8. worst pathological 200 KB page ({name}): parsed in {worst:.2f} s  [< 1 s]")
    return 0


@dataclass(frozen=True)
class Measure:
    """One subprocess, from its own rusage (so other work on a shared machine counts less)."""

    cpu: float  # seconds, user + system, its children included
    wall: float
    peak_mb: float  # peak resident memory
    code: int  # exit code


def measure(command: list[str], env: dict[str, str] | None = None) -> Measure:
    """Run `command` (output discarded) and measure it."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return Measure(
        cpu=usage.ru_utime + usage.ru_stime,
        wall=wall,
        peak_mb=usage.ru_maxrss * scale / 1e6,
        code=os.waitstatus_to_exitcode(status),
    )


def peak_memory(command: list[str]) -> tuple[float, int]:
    """Peak resident memory (MB) of one subprocess, and its exit code."""
    found = measure(command)
    return found.peak_mb, found.code


def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes, gzip-compressed (about 1/1000 of that)."""
    stream = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1_000_000
    return b"".join(stream.compress(block) for _ in range(size // len(block))) + stream.flush()


# Lines that made a regex rescan the rest of the line from every position (each ~200 KB).
PATHOLOGICAL = {
    "[ x 200000": "[" * 200_000,
    "<!-- x 50000": "<!--" * 50_000,
    "<http:// x 25000": "<http://" * 25_000,
    "[a]( x 50000": "[a](" * 50_000,
    "__a x 70000": "__a" * 70_000,
    "**a x 50000": "**a " * 50_000,
    "backslashes": "\\" * 200_000,
    "backticks in a row": "| " + "`" * 200_000 + " |",
    "pipes": "|" * 200_000,
    "one long word": "a" * 200_000,
    "unclosed <Note> x 30000": "<Note>\n" * 30_000,
    "500 nested <Warning>": "<Warning>\n" * 500 + "x\n" + "</Warning>\n" * 500,
}


def worst_pathological_parse(page: str) -> tuple[float, str]:
    from scraper.read.extract import PageError
    from scraper.read.parse import parse_text

    times = {}
    for name, line in PATHOLOGICAL.items():
        text = page + "\n" + line + "\n"
        start = time.perf_counter()
        with contextlib.suppress(PageError):
            parse_text(text, url="bench.md", language="en", fmt="md")
        times[name] = time.perf_counter() - start
    name = max(times, key=lambda n: times[n])
    return times[name], name


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    return done.stdout.strip()


def _tree_state(root: Path) -> dict[str, float]:
    return {
        str(p.relative_to(root)): p.stat().st_mtime
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts and ".tracker" not in p.parts
    }


if __name__ == "__main__":
    raise SystemExit(main())
