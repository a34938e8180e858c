"""What writing the feeds costs a day, on a long history. Run by hand (it takes a few minutes):

    uv run python bench/bench_feeds.py                 # a 210-day synthetic history
    uv run python bench/bench_feeds.py --data DIR      # a data directory already filled

A synthetic history (tests/synthetic.py, as bench_history.py builds it) is replayed into a data
directory without commits; then `runner._write_feeds` is timed, each measure in a new process
(as the nightly `run` is), on the newest day:

- before: every day of the feeds' window read, validated and rendered (`json_feed`,
  `atom_feed`): what `_write_feeds` did before the days' entries were kept;
- cold: no entries kept (.tracker/feeds/ empty: a new clone, a new version of the tool);
- nightly: the entries of the day before kept, the newest day new (its report staged, as a run
  has it): what a nightly `run` with changes pays;
- again: every day kept, nothing new (a second run on the same day, a partner-only change);
- replay: as nightly, in the process and with the store that wrote the day before (a
  `replay`, which runs every day in one process).

CPU time (process_time) of `_write_feeds` alone, the median of REPEAT measures, and its share
of a whole day's target (issue 14: 50 ms a changed day).
"""

from __future__ import annotations

import argparse
import json
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

MODES = ("before", "cold", "nightly", "again", "replay")
DAY_TARGET_MS = 50
FEEDS = ("feed.json", "feed.atom")


def measure(data: Path, mode: str) -> float:
    """CPU milliseconds of one `_write_feeds` in `mode` (run in a process of its own)."""
    from scraper.publish import feed_cache
    from scraper.publish.feeds import FEED_DAYS, atom_feed, json_feed
    from scraper.publish.links import Links
    from scraper.runner import _write_feeds
    from scraper.track.events import Event
    from scraper.track.platforms import recent_platform_events
    from scraper.track.store import Store

    links = Links(repo_url="https://github.com/example/tracker")
    shutil.rmtree(data / ".tracker" / "feeds", ignore_errors=True)
    newest = Store(data).all_event_days()[-1]
    report = data / "diffs" / f"{newest.isoformat()}.json"
    if mode in ("nightly", "again", "replay"):
        yesterday = Store(data)
        if mode != "again":
            yesterday.remove(report)  # the day before: its feeds, without the newest day
        _write_feeds(yesterday, links)
    if mode != "replay":
        feed_cache._MADE.clear()  # a new process: nothing in memory
        feed_cache._SOURCE.clear()
    store = yesterday if mode == "replay" else Store(data)  # a replay keeps one store
    if mode in ("nightly", "replay"):  # the newest day's report as the run stages it
        staged = report.read_text(encoding="utf-8")
        report.unlink()
        store.write(report, staged)
    start = time.process_time()
    if mode == "before":
        recent: list[Event] = []
        for past in store.all_event_days()[-FEED_DAYS:]:
            recent.extend(Event.model_validate(e) for e in store.day_events(past))
        partners = recent_platform_events(store, FEED_DAYS)
        urls = {"home_page_url": links.home_page_url, "platform_events": partners}
        json_text = json_feed(recent, feed_url=links.data_url("diffs/feed.json"), **urls)
        atom_text = atom_feed(recent, feed_url=links.data_url("diffs/feed.atom"), **urls)
        store.write(store.diffs / "feed.json", json_text)
        store.write(store.diffs / "feed.atom", atom_text)
    else:
        _write_feeds(store, links)
    spent = time.process_time() - start
    if mode in ("nightly", "replay"):
        report.write_text(staged, encoding="utf-8")
    return spent * 1000


def measured(data: Path, mode: str) -> float:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", mode, "--data", str(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def describe(data: Path) -> str:
    from scraper.publish.feeds import FEED_DAYS

    reports = sorted((data / "diffs").glob("????-??-??.json"))
    window = reports[-FEED_DAYS:]
    events = sum(len(json.loads(p.read_text(encoding="utf-8"))["events"]) for p in window)
    sizes = {name: (data / "diffs" / name).stat().st_size / 1e6 for name in FEEDS}
    return (
        f"{len(reports)} days with a report; the feeds' {len(window)} days hold {events} events "
        f"({events / max(len(window), 1):.0f} a day); feed.json {sizes['feed.json']:.2f} MB, "
        f"feed.atom {sizes['feed.atom']:.2f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=210, help="days of the synthetic history")
    parser.add_argument("--data", type=Path, help="a data directory already filled")
    parser.add_argument("--repeat", type=int, default=5, help="measures per figure")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(f"{measure(args.data, args.measure):.3f}")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as tmp:
        work = Path(tmp)
        if args.data is None:
            from bench_history import CORPUS, prefill
            from synthetic import History

            if not (CORPUS / "pages").is_dir():
                print(f"{CORPUS} not found: the synthetic history is built on the corpus")
                return 1
            start = time.perf_counter()
            source = prefill(History(CORPUS, args.days + 1, seed=args.seed), args.days, work)
            print(f"prefilled {args.days} days in {time.perf_counter() - start:.0f} s")
        else:
            source = args.data
        data = work / "data"
        shutil.copytree(source, data, symlinks=True, ignore=shutil.ignore_patterns(".git"))
        print(describe(data))
        print(f"\n_write_feeds, CPU ms (median of {args.repeat}, each in a new process)")
        for mode in MODES:
            figures = [measured(data, mode) for _ in range(args.repeat)]
            median = statistics.median(figures)
            share = 100 * median / DAY_TARGET_MS
            print(
                f"  {mode:8} {median:7.1f} ms   (min {min(figures):.1f})   {share:4.0f}% of a day"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
