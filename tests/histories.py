"""Data directories with a history, made the way users make them: `deprecation-tracker replay`
of dated captures into a real git repository.

`small_history` replays our own pages (built with `trackpages`) over four days; `corpus_history`
replays the English captures of ../shared/corpus once per test session (it takes seconds).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from trackpages import (
    ALPHA,
    BETA,
    DELTA,
    GAMMA,
    HISTORY,
    ROWS,
    HistoryEntry,
    HistorySection,
    StatusRow,
    page_text,
    with_row,
    without_row,
)

from scraper.cli import main

EPSILON = "claude-epsilon-6"
DAY_1, DAY_2 = date(2026, 1, 5), date(2026, 2, 10)
DAY_3, DAY_4 = date(2026, 3, 15), date(2026, 5, 1)

BETA_SECTION = HistorySection(
    date(2026, 2, 9),
    "Claude Beta 4",
    (HistoryEntry(date(2026, 8, 1), BETA, ALPHA),),
)

# Day 2: alpha's earliest retirement moves; beta is deprecated (fixed date, replaced by alpha).
ROWS_2 = with_row(
    with_row(ROWS, ALPHA, retirement=date(2027, 6, 1)),
    BETA,
    state="deprecated",
    deprecated_on=date(2026, 2, 9),
    retirement=date(2026, 8, 1),
    not_before=False,
)
HISTORY_2 = (BETA_SECTION, *HISTORY)

# Day 3: beta's date moves; gamma's replacement changes; epsilon appears.
ROWS_3 = (
    *with_row(ROWS_2, BETA, retirement=date(2026, 9, 15)),
    StatusRow(EPSILON, "active", retirement=date(2028, 1, 1), not_before=True),
)
HISTORY_3 = (
    HistorySection(
        BETA_SECTION.announced_on,
        BETA_SECTION.title,
        (HistoryEntry(date(2026, 9, 15), BETA, ALPHA),),
    ),
    HistorySection(
        HISTORY[0].announced_on,
        HISTORY[0].title,
        (HistoryEntry(date(2026, 4, 30), GAMMA, EPSILON),),
    ),
    HISTORY[1],
)

# Day 4: gamma retired; delta (retired long ago) leaves the page altogether.
ROWS_4 = with_row(without_row(ROWS_3, DELTA), GAMMA, state="retired")
HISTORY_4 = HISTORY_3[:2]

# A second run on day 4 read a newer page: epsilon's earliest date moved again.
ROWS_4_LATER = with_row(ROWS_4, EPSILON, retirement=date(2028, 3, 1))

DAYS: dict[date, tuple[tuple[StatusRow, ...], tuple[HistorySection, ...]]] = {
    DAY_1: (ROWS, HISTORY),
    DAY_2: (ROWS_2, HISTORY_2),
    date(2026, 2, 20): (ROWS_2, HISTORY_2),  # unchanged: no snapshot
    DAY_3: (ROWS_3, HISTORY_3),
    # Delta's history section goes: a suspicious loss is held until read on 3 different days.
    date(2026, 4, 29): (ROWS_4, HISTORY_4),
    date(2026, 4, 30): (ROWS_4, HISTORY_4),
    DAY_4: (ROWS_4, HISTORY_4),
}


def write_captures(folder: Path, days: dict[date, tuple[tuple[StatusRow, ...], ...]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for day, (rows, history) in days.items():
        text = page_text("en", rows, history)
        (folder / f"en__{day.isoformat()}__fixture.md").write_text(text, encoding="utf-8")
    return folder


def replay(archive: Path, data: Path, *options: str) -> None:
    assert main(["replay", str(archive), "--data-dir", str(data), "-q", *options]) == 0


@dataclass(frozen=True)
class SmallHistory:
    data: Path  # replayed with commits, plus a second run on day 4
    loose: Path  # the same days replayed with --no-commit: no git history


@pytest.fixture(scope="module")
def small_history(tmp_path_factory: pytest.TempPathFactory) -> SmallHistory:
    root = tmp_path_factory.mktemp("history")
    archive = write_captures(root / "archive", DAYS)
    replay(archive, root / "data")
    later = write_captures(root / "later", {DAY_4: (ROWS_4_LATER, HISTORY_4)})
    # Another capture of the same day (a capture already applied is skipped by its name).
    name = f"en__{DAY_4.isoformat()}__fixture.md"
    (later / name).rename(later / name.replace("fixture", "later"))
    replay(later, root / "data")
    replay(archive, root / "loose", "--no-commit")
    return SmallHistory(root / "data", root / "loose")


_CORPUS_DATA: dict[str, Path] = {}


def corpus_history(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory replayed from the English captures of the corpus (once per session)."""
    if "en" not in _CORPUS_DATA:
        root = tmp_path_factory.mktemp("corpus-en")
        archive = root / "archive"
        archive.mkdir()
        for capture in sorted((corpus_dir / "pages").glob("en__*")):
            shutil.copy2(capture, archive / capture.name)
        replay(archive, root / "data")
        _CORPUS_DATA["en"] = root / "data"
    return _CORPUS_DATA["en"]
