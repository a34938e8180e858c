"""kill -9 of a real `python -m scraper run` at many points, then the next run: nothing lost.

A run is a transaction (see scraper/track/store.py). Each test copies a data directory (a real git
repository) holding day one, starts a real run of day two against a loopback page server,
kills it with SIGKILL at a named step (the test-only DEPRECATION_TRACKER_KILL_AT hook) or at
a random moment, then runs again. The data directory must end exactly as after an
uninterrupted run: every file committed, the day's events present exactly once, the same
commits (trees and messages).
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import subprocess_runs as runs
from pageserver import PageServer, Reply, page_path
from test_track import CHANGED_HISTORY, CHANGED_ROWS
from trackpages import GAMMA, ROWS, page_text, with_row

DAY_ONE, DAY_TWO, DAY_THREE = "2026-03-01", "2026-03-05", "2026-03-06"


def site(**pages: str) -> PageServer:
    server = PageServer()
    for lang, text in pages.items():
        server.route(page_path(lang, "md"), Reply(200, text))
    return server


@dataclass(frozen=True)
class Reference:
    day_one: Path  # the state after day one, to copy
    day_two: Path  # day two run without interruption
    seconds: float  # how long the day-two run took
    files: int  # files the day-two run committed


@pytest.fixture(scope="module")
def new_site() -> Iterator[PageServer]:
    moved = with_row(ROWS, GAMMA, retirement=__import__("datetime").date(2026, 6, 1))
    server = site(en=page_text("en", CHANGED_ROWS, CHANGED_HISTORY), de=page_text("de", moved))
    yield server
    server.close()


@pytest.fixture(scope="module")
def reference(new_site: PageServer, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    old_site = site(en=page_text("en"), de=page_text("de"))
    try:
        day_one = tmp_path_factory.mktemp("kill") / "day-one"
        subprocess.run(["git", "init", "-q", str(day_one)], check=True)
        code, out, err = runs.in_process(old_site.url, day_one, DAY_ONE)
        assert code == 0, out + err
    finally:
        old_site.close()
    day_two = day_one.with_name("day-two")
    shutil.copytree(day_one, day_two)
    started = time.monotonic()
    done = runs.run(new_site.url, day_two, DAY_TWO)  # a whole run, interpreter start included
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs.event_ids(day_two, DAY_TWO), "day two must have events to lose"
    files = len(runs.git(day_two, "show", "--name-only", "--format=", "HEAD").split())
    assert files >= 8
    return Reference(day_one, day_two, seconds, files)


def fresh_copy(reference: Reference, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(reference.day_one, data)
    return data


def assert_like_uninterrupted(data: Path, reference: Reference) -> None:
    assert runs.uncommitted(data) == []
    assert runs.tree(data) == runs.tree(reference.day_two)
    ids = runs.event_ids(data, DAY_TWO)
    assert len(ids) == len(set(ids))
    assert ids == runs.event_ids(reference.day_two, DAY_TWO)
    assert runs.history(data) == runs.history(reference.day_two)
    assert not (data / ".tracker" / "journal.json").exists()


# Steps in the order a run reaches them; "file-N" is after the N-th data file was written.
STEPS = [
    "fetched",
    "before-journal",
    "after-journal",
    "file-1",
    "file-last",
    "after-add",
    "after-commit",
]
JOURNALED = STEPS[STEPS.index("after-journal") :]


@pytest.mark.parametrize("step", STEPS)
def test_a_run_killed_at_a_step_is_finished_by_the_next_run(
    step: str, reference: Reference, new_site: PageServer, tmp_path: Path
) -> None:
    data = fresh_copy(reference, tmp_path)
    kill_at = f"file-{reference.files}" if step == "file-last" else step
    killed = runs.run(new_site.url, data, DAY_TWO, kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert (data / ".tracker" / "journal.json").exists() == (step in JOURNALED)

    code, out, err = runs.in_process(new_site.url, data, DAY_TWO)
    assert code == 0, out + err
    if step in JOURNALED:
        assert f"finished the interrupted run of {DAY_TWO}" in out
    assert_like_uninterrupted(data, reference)


def test_a_run_killed_after_its_journal_is_finished_by_the_next_day_s_run(
    reference: Reference, new_site: PageServer, tmp_path: Path
) -> None:
    data = fresh_copy(reference, tmp_path)
    killed = runs.run(new_site.url, data, DAY_TWO, kill_at="file-4")
    assert killed.returncode == -signal.SIGKILL
    # The next night: the dead run's day keeps its events, and the page has not changed since.
    code, out, err = runs.in_process(new_site.url, data, DAY_THREE)
    assert code == 0, out + err
    assert "nothing changed" in out
    assert not (data / "diffs" / f"{DAY_THREE}.json").exists()
    assert_like_uninterrupted(data, reference)


@pytest.mark.parametrize("seed", range(3))
def test_a_run_killed_at_a_random_moment_loses_nothing(
    seed: int, reference: Reference, new_site: PageServer, tmp_path: Path
) -> None:
    data = fresh_copy(reference, tmp_path)
    delay = random.Random(seed).uniform(0.05, reference.seconds)
    process = runs.start(new_site.url, data, DAY_TWO)
    time.sleep(delay)
    process.kill()  # SIGKILL to the run (a git child, if any, finishes on its own)
    process.communicate(timeout=60)
    runs.wait_for_git(data)

    code, out, err = runs.in_process(new_site.url, data, DAY_TWO)
    assert code == 0, f"killed after {delay:.2f}s\n{out}{err}"
    assert_like_uninterrupted(data, reference)
