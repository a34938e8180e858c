"""Fetch+parse against a bare download, run by hand: `uv run python bench/bench_fetch.py [PAIRS]`.

Serves the newest capture of each of the 12 languages on a loopback server, then times, side
by side and in alternating order, PAIRS times (default 15):

- the bare download: a fresh interpreter that imports httpx and downloads the 12 `.md` pages
  concurrently over 6 connections, and does nothing with them;
- `deprecation-tracker fetch --base-url ...`: a fresh interpreter that fetches the same 12
  pages, parses them into page records and prints its summary.

Both include the process start. The figure is the median of the per-pair ratios (the machine
is shared, so single runs are noisy; a pair runs back to back under the same load), with the
medians of each side beside it.                                            [target: <= 1.5x]

Run it with bytecode compiled (`uv sync --compile-bytecode`, as the nightly job does): without
.pyc files every start recompiles the imported modules and both sides measure the compiler.
uv compiles the installed libraries, not the tool's own modules in a checkout: Python writes
those on the first start, unless PYTHONDONTWRITEBYTECODE is set, as in some sandboxes and
containers; the bench compiles them itself first, so `fetch` is not timed compiling ~15 of
its own modules at every start while the bare download reads httpx's .pyc files.
"""

from __future__ import annotations

import compileall
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import COMMAND, CORPUS, ROOT, newest_pages, serve
from scraper.read.languages import LANGUAGES

# The bare download: what any tool must at least do to get the 12 pages.
BARE = """
import asyncio, sys
import httpx

async def main(base):
    limits = httpx.Limits(max_connections=6)
    async with httpx.AsyncClient(limits=limits) as client:
        paths = [f"/docs/{lang}/about-claude/model-deprecations.md" for lang in sys.argv[2:]]
        replies = await asyncio.gather(*(client.get(base + path) for path in paths))
    for reply in replies:
        reply.raise_for_status()

asyncio.run(main(sys.argv[1]))
"""


def timed(command: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU (user + system) is steadier on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])}... failed:\n{done.stderr.decode()}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return took, cpu


def main() -> int:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    pages = newest_pages()
    if len(pages) < len(LANGUAGES):
        raise SystemExit(f"needs ../shared/corpus ({CORPUS}) for the 12 pages")
    compileall.compile_dir(ROOT / "scraper", quiet=1)  # as the first start writes them
    server, base = serve(pages)
    bare = [sys.executable, "-c", BARE, base, *LANGUAGES]
    fetch = [*COMMAND, "fetch", "--base-url", base]
    try:
        timed(bare), timed(fetch)  # warm the disk cache and the server
        bare_times, fetch_times, ratios, cpu_ratios = [], [], [], []
        for index in range(pairs):
            # alternate which goes first, so neither always runs on a warmer machine
            if index % 2:
                took_fetch, took_bare = timed(fetch), timed(bare)
            else:
                took_bare, took_fetch = timed(bare), timed(fetch)
            bare_times.append(took_bare)
            fetch_times.append(took_fetch)
            ratios.append(took_fetch[0] / took_bare[0])
            cpu_ratios.append(took_fetch[1] / took_bare[1])
    finally:
        server.shutdown()
    print(f"python {sys.version.split()[0]}; {pairs} paired runs; medians (wall, CPU)")
    for name, times in (
        ("bare httpx download of 12 pages (6 connections)", bare_times),
        ("deprecation-tracker fetch (12 pages, parsed)   ", fetch_times),
    ):
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(f"{name}: {wall:.3f} s wall, {cpu:.3f} s CPU")
    print(
        f"ratio fetch/bare: {statistics.median(ratios):.2f}x wall (median of pairs; quartiles "
        f"{_quartiles(ratios)}), {statistics.median(cpu_ratios):.2f}x CPU  [target <= 1.5x]"
    )
    return 0


def _quartiles(values: list[float]) -> str:
    low, _, high = statistics.quantiles(values, n=4)
    return f"{low:.2f}-{high:.2f}"


if __name__ == "__main__":
    raise SystemExit(main())
