"""Does a day cost the same after 1000 days as after 25? Run by hand (it takes minutes):

    uv run python bench/bench_history.py            # 25 vs 1000 days (issue 14's targets)
    uv run python bench/bench_history.py --long 200 # a quicker look

A synthetic history (tests/synthetic.py: the corpus's captures of one day, then a change a day)
is replayed into two data directories, side by side in one run:

1. replay: days 1-25 into an empty data directory, against days LONG+1..LONG+25 into one that
   holds days 1..LONG already (replayed without commits, then committed at once). CPU of the
   process (its git children included) per changed day, and peak memory.
   [CPU ratio <= 1.25, memory ratio <= 1.25, peak <= 100 MB, <= 50 ms per changed day]
2. the nightly `run` (a local server, 12 languages) on the 25-day and the LONG-day directory:
   with the next day's pages (changed) and with the last day's again (unchanged). Medians of
   REPEAT runs, each on a fresh copy of the directory.  [CPU ratio <= 1.25]

CPU is user + system time from the process's own rusage (os.wait4), so the other work on a
shared machine counts less than in wall time (wall is shown too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import History, write_history  # noqa: E402

from bench import serve  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
COMMAND = [sys.executable, "-m", "scraper"]
SHORT = 25
TARGET_RATIO = 1.25
TARGET_PEAK_MB = 100
TARGET_MS_PER_DAY = 50


@dataclass(frozen=True)
class Measure:
    cpu: float  # seconds, user + system, children included
    wall: float
    peak_mb: float
    code: int


def measure(command: list[str]) -> Measure:
    start = time.perf_counter()
    # The partner platforms' pages are not served here: without this a `run` would try the
    # internet for them (and fail, exit 1), and measure that too.
    env = {**os.environ, "DEPRECATION_TRACKER_PLATFORMS": "none"}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    scale = 1 if sys.platform == "darwin" else 1024
    return Measure(
        cpu=usage.ru_utime + usage.ru_stime,
        wall=wall,
        peak_mb=usage.ru_maxrss * scale / 1e6,
        code=os.waitstatus_to_exitcode(status),
    )


def git(data: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(data), *args], capture_output=True, text=True)
    return done.stdout.strip()


def prefill(history: History, days: int, work: Path) -> Path:
    """A data directory holding days 1..`days`, committed (replayed without commits: faster)."""
    archive = write_history(work / f"archive-1-{days}", history, 1, days)
    data = work / f"data-{days}"
    subprocess.run(
        [*COMMAND, "replay", str(archive), "--data-dir", str(data), "-q", "--no-commit"],
        check=False,
        capture_output=True,
    )
    subprocess.run(["git", "init", "-q", str(data)], check=True)
    git(data, "add", "--all")
    git(data, "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-qm", "x")
    shutil.rmtree(archive)
    return data


def changed_days(data: Path, first: str) -> int:
    """Days with a report (a day that changed something) from ISO day `first` on."""
    return sum(1 for p in (data / "diffs").glob("????-??-??.json") if p.stem >= first)


def replay_days(history: History, data: Path | None, first: int, work: Path) -> tuple[Measure, int]:
    archive = write_history(work / f"archive-{first}", history, first, first + SHORT - 1)
    target = work / f"replay-{first}"
    if data is not None:
        shutil.copytree(data, target, symlinks=True)
    found = measure([*COMMAND, "replay", str(archive), "--data-dir", str(target), "-q"])
    changed = changed_days(target, history.day(first).isoformat())
    shutil.rmtree(archive)
    shutil.rmtree(target)
    return found, changed


def nightly(
    history: History, data: Path, number: int, pages: int, repeat: int, work: Path
) -> Measure:
    """Median `run` on day `number` (the pages of day `pages` served locally), on copies of
    `data`."""
    server, base = serve({k: v.encode() for k, v in history.pages_on(pages).items()})
    try:
        found = []
        for attempt in range(repeat):
            target = work / f"run-{number}-{attempt}"
            shutil.copytree(data, target, symlinks=True)
            day = history.day(number).isoformat()
            command = [*COMMAND, "run", "--base-url", base, "--data-dir", str(target)]
            found.append(measure([*command, "--date", day, "-q"]))
            shutil.rmtree(target)
    finally:
        server.shutdown()
    return Measure(
        cpu=statistics.median(m.cpu for m in found),
        wall=statistics.median(m.wall for m in found),
        peak_mb=statistics.median(m.peak_mb for m in found),
        code=max(m.code for m in found),
    )


def verdict(ratio: float, target: float = TARGET_RATIO) -> str:
    return "ok" if ratio <= target else "OVER"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=int, default=1000, help="days of the long history")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per nightly measure")
    args = parser.parse_args()
    if not (CORPUS / "pages").is_dir():
        print(f"{CORPUS} not found: the synthetic history is built on the corpus")
        return 1
    history = History(CORPUS, args.long + SHORT + 1, seed=args.seed)
    version = sys.version.split()[0]
    print(f"python {version}; history of {history.days} days from {history.base_day}")
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        short_dir = prefill(history, SHORT, work)
        long_dir = prefill(history, args.long, work)
        print(f"prefilled {SHORT} and {args.long} days in {time.perf_counter() - start:.0f} s")

        short, short_days = replay_days(history, None, 1, work)
        long, long_days = replay_days(history, long_dir, args.long + 1, work)
        per_short = short.cpu / max(short_days, 1)
        per_long = long.cpu / max(long_days, 1)
        cpu_ratio = per_long / per_short
        mem_ratio = long.peak_mb / short.peak_mb
        print("\nreplay of 25 days             days 1-25      " + f"days {args.long + 1}-"
              f"{args.long + SHORT}   ratio   target")  # fmt: skip
        print(f"  changed days                {short_days:8d}   {long_days:14d}")
        print(
            f"  CPU per changed day         {per_short * 1000:6.0f} ms   {per_long * 1000:11.0f} ms"
            f"   {cpu_ratio:5.2f}   <= {TARGET_RATIO} {verdict(cpu_ratio)}"
        )
        print(
            f"  wall, whole replay          {short.wall:7.1f} s   {long.wall:12.1f} s"
            f"   {long.wall / short.wall:5.2f}"
        )
        print(
            f"  peak memory                 {short.peak_mb:6.0f} MB   {long.peak_mb:11.0f} MB"
            f"   {mem_ratio:5.2f}   <= {TARGET_RATIO} {verdict(mem_ratio)}, "
            f"<= {TARGET_PEAK_MB} MB {'ok' if long.peak_mb <= TARGET_PEAK_MB else 'OVER'}"
        )
        slowest = max(per_short, per_long) * 1000
        print(
            f"  CPU per changed day, target <= {TARGET_MS_PER_DAY} ms: "
            f"{'ok' if slowest <= TARGET_MS_PER_DAY else 'OVER'} ({slowest:.0f} ms)"
        )

        print(f"\nnightly run (median of {args.repeat})   {SHORT} days       {args.long} days"
              "   ratio   target")  # fmt: skip
        for label, offset in (("changed", 1), ("unchanged", 0)):
            a = nightly(history, short_dir, SHORT + 1, SHORT + offset, args.repeat, work)
            b = nightly(history, long_dir, args.long + 1, args.long + offset, args.repeat, work)
            ratio = b.cpu / a.cpu
            print(
                f"  {label:10} CPU              {a.cpu:6.2f} s   {b.cpu:11.2f} s   {ratio:5.2f}"
                f"   <= {TARGET_RATIO} {verdict(ratio)}"
                + ("" if a.code == b.code == 0 else f"  (exit {a.code}, {b.code})")
            )
            print(
                f"  {label:10} wall             {a.wall:6.2f} s   {b.wall:11.2f} s"
                f"   {b.wall / a.wall:5.2f}"
            )
            print(
                f"  {label:10} peak memory      {a.peak_mb:5.0f} MB   {b.peak_mb:10.0f} MB"
                f"   {b.peak_mb / a.peak_mb:5.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
