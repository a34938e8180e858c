"""Does a day cost the same after 1000 days as after 25? Run by hand (it takes minutes):

    uv run python bench/bench_history.py            # 25 vs 1000 days (issue 14's targets)
    uv run python bench/bench_history.py --long 200 # a quicker look

A synthetic history (tests/synthetic.py: the corpus's captures of one day, then a change a day)
is replayed into two data directories, side by side in one run:

1. replay: days 1-25 into an empty data directory, against days LONG+1..LONG+25 into one that
   holds days 1..LONG already (replayed without commits, then committed at once). CPU of the
   process (its git children included) per changed day, and peak memory.
   [CPU ratio <= 1.25, memory ratio <= 1.25, peak <= 100 MB, <= 50 ms per changed day]
2. the nightly `run` (a local server, 12 languages) on the 25-day, WARMUP-day and LONG-day
   directories, with the next day's pages (changed) and with the last day's again
   (unchanged). Medians of REPEAT runs, each on a fresh copy of the directory.
   [CPU ratio <= 1.25]

CPU is user + system time from the process's own rusage (os.wait4), so the other work on a
shared machine counts less than in wall time (wall is shown too).

Days 1-25 are not a typical day: the history starts from one day's captures, on which every
translation agrees with English, and the translations begin to follow English's changes only
after their first lags run out; the feeds hold fewer than FEED_DAYS days. A day there carries
about a third of the events of a later day (whose cost follows its events: the feeds, the
translations' findings, the bytes git hashes). So the replay is also measured after a warm-up:
days WARMUP+1..WARMUP+25 of a WARMUP-day history (default 60: the longest translation lag plus
the feeds' window) against the long history's, and per event as well as per changed day.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import History, write_history  # noqa: E402

from bench import Measure, serve  # noqa: E402
from bench import measure as measure_process  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
COMMAND = [sys.executable, "-m", "scraper"]
SHORT = 25
TARGET_RATIO = 1.25
TARGET_PEAK_MB = 100
TARGET_MS_PER_DAY = 50


def measure(command: list[str]) -> Measure:
    # The partner platforms' pages are not served here: without this a `run` would try the
    # internet for them (and fail, exit 1), and measure that too.
    return measure_process(command, env={**os.environ, "DEPRECATION_TRACKER_PLATFORMS": "none"})


def git(data: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(data), *args], capture_output=True, text=True)
    return done.stdout.strip()


def copy(data: Path, target: Path) -> None:
    """A copy of a data directory as if it had always been there: git's index keeps each
    file's inode and change time, which a copy changes, so git would read every file of the
    history again on the first look (a cost of the benchmark, not of a nightly run)."""
    shutil.copytree(data, target, symlinks=True)
    git(target, "update-index", "-q", "--refresh")


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


def changed_days(data: Path, first: str) -> tuple[int, int]:
    """Days with a report (a day that changed something) from ISO day `first` on, and their
    events."""
    reports = [p for p in (data / "diffs").glob("????-??-??.json") if p.stem >= first]
    events = sum(len(json.loads(p.read_text(encoding="utf-8"))["events"]) for p in reports)
    return len(reports), events


def replay_days(
    history: History, data: Path | None, first: int, work: Path
) -> tuple[Measure, tuple[int, int]]:
    archive = write_history(work / f"archive-{first}", history, first, first + SHORT - 1)
    target = work / f"replay-{first}"
    if data is not None:
        copy(data, target)
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
            copy(data, target)
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


def report(
    name_a: str, a: Measure, a_days: tuple[int, int], name_b: str, b: Measure,
    b_days: tuple[int, int],
) -> None:  # fmt: skip
    """One replay against another: per changed day, per event, memory."""
    (days_a, events_a), (days_b, events_b) = a_days, b_days
    per_day_a, per_day_b = a.cpu / max(days_a, 1), b.cpu / max(days_b, 1)
    per_event_a, per_event_b = a.cpu / max(events_a, 1), b.cpu / max(events_b, 1)
    day_ratio, event_ratio = per_day_b / per_day_a, per_event_b / per_event_a
    mem_ratio = b.peak_mb / a.peak_mb
    print(f"  {name_a:<26} against {name_b}")
    print(f"    changed days, events        {days_a:5d} {events_a:6d}   {days_b:5d} {events_b:6d}")
    print(
        f"    CPU per changed day         {per_day_a * 1000:6.0f} ms   {per_day_b * 1000:9.0f} ms"
        f"   {day_ratio:5.2f}   <= {TARGET_RATIO} {verdict(day_ratio)}"
    )
    print(
        f"    CPU per event               {per_event_a * 1000:6.1f} ms   "
        f"{per_event_b * 1000:9.1f} ms   {event_ratio:5.2f}   <= {TARGET_RATIO} "
        f"{verdict(event_ratio)}"
    )
    print(
        f"    wall, whole replay          {a.wall:7.1f} s   {b.wall:10.1f} s"
        f"   {b.wall / a.wall:5.2f}"
    )
    print(
        f"    peak memory                 {a.peak_mb:6.0f} MB   {b.peak_mb:9.0f} MB"
        f"   {mem_ratio:5.2f}   <= {TARGET_RATIO} {verdict(mem_ratio)}, "
        f"<= {TARGET_PEAK_MB} MB {'ok' if b.peak_mb <= TARGET_PEAK_MB else 'OVER'}"
    )
    slowest = max(per_day_a, per_day_b) * 1000
    print(
        f"    CPU per changed day <= {TARGET_MS_PER_DAY} ms: "
        f"{'ok' if slowest <= TARGET_MS_PER_DAY else 'OVER'} ({slowest:.0f} ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=int, default=1000, help="days of the long history")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per nightly measure")
    parser.add_argument(
        "--warmup", type=int, default=60, help="days before the warmed-up short window"
    )
    args = parser.parse_args()
    if not (CORPUS / "pages").is_dir():
        print(f"{CORPUS} not found: the synthetic history is built on the corpus")
        return 1
    if not SHORT <= args.warmup < args.long:
        parser.error(f"--warmup must be from {SHORT} to below --long ({args.long})")
    history = History(CORPUS, args.long + SHORT + 1, seed=args.seed)
    version = sys.version.split()[0]
    print(f"python {version}; history of {history.days} days from {history.base_day}")
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        short_dir = prefill(history, SHORT, work)
        long_dir = prefill(history, args.long, work)
        print(f"prefilled {SHORT} and {args.long} days in {time.perf_counter() - start:.0f} s")

        warm_dir = prefill(history, args.warmup, work)
        short, short_days = replay_days(history, None, 1, work)
        warm, warm_days = replay_days(history, warm_dir, args.warmup + 1, work)
        long, long_days = replay_days(history, long_dir, args.long + 1, work)
        print(f"\nreplay of {SHORT} days (CPU of the process and its git children)")
        report(f"days 1-{SHORT}", short, short_days, f"days {args.long + 1}-", long, long_days)
        report(f"days {args.warmup + 1}-", warm, warm_days, f"days {args.long + 1}-", long,
               long_days)  # fmt: skip

        print(
            f"\nnightly run (median of {args.repeat}), CPU:  {SHORT} days   {args.warmup} days"
            f"   {args.long} days   ratios to {args.long} (target <= {TARGET_RATIO})"
        )
        for label, offset in (("changed", 1), ("unchanged", 0)):
            found = [
                nightly(history, folder, days + 1, days + offset, args.repeat, work)
                for folder, days in ((short_dir, SHORT), (warm_dir, args.warmup),
                                     (long_dir, args.long))
            ]  # fmt: skip
            a, w, b = found
            codes = {m.code for m in found}
            print(
                f"  {label:10} {a.cpu:8.2f} s {w.cpu:9.2f} s {b.cpu:9.2f} s"
                f"   {b.cpu / a.cpu:5.2f} {verdict(b.cpu / a.cpu)}"
                f"  {b.cpu / w.cpu:5.2f} {verdict(b.cpu / w.cpu)}"
                + ("" if codes == {0} else f"  (exits {a.code}, {w.code}, {b.code})")
            )
            print(
                f"  {label:10} wall {a.wall:5.2f} s {w.wall:9.2f} s {b.wall:9.2f} s; peak memory "
                f"{a.peak_mb:.0f}, {w.peak_mb:.0f}, {b.peak_mb:.0f} MB"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
