"""Long synthetic histories of the page: real captures as the base, then days that change it.

The base is the newest day of ../shared/corpus on which every language was captured, read at run
time (never copied into the project). Each day after it, the English page changes in one of the
ways the real page changes: a retirement date moves, a model is added, deprecated, and leaves
the status table once retired. Each translation makes the same change in its own words
(the cells are taken from its own page) some days later, as real translations follow English.
The changes work on the status table's cells, so they are the same in every language; the same
seed gives the same pages, byte for byte.

`write_history(folder, days, seed)` writes `LANG__YYYY-MM-DD__synthetic.md` captures, the shape
`deprecation-tracker replay` reads; `pages_on(day)` gives one day's pages (for a `run` against a
local server). Used by bench/bench_history.py and tests/test_synthetic.py.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from scraper.read.languages import LANGUAGES
from scraper.read.parse import parse_text

_CAPTURE = re.compile(r"^(?P<lang>[A-Za-z-]+)__(?P<day>\d{4}-\d{2}-\d{2})__.+\.md$")
_ROW = re.compile(r"^\|\s*`(?P<id>claude-[a-z0-9.-]+)`\s*\|")
MAX_ADDED = 5  # models added by the history at any time (the page stays about the same size)
MAX_LAG = 30  # days a translation may take to follow an English change


class NoBaseError(Exception):
    """The corpus has no day on which every language was captured as Markdown."""


@dataclass(frozen=True)
class Change:
    """One change of the status table, as cells: a cell of one row takes another row's cell."""

    kind: str  # "retirement" | "deprecate" | "add" | "remove"
    model_id: str
    source_id: str  # the row whose cells are copied ("add": the new row copies it)


def base_pages(corpus: Path) -> tuple[date, dict[str, str]]:
    """The newest day with a Markdown capture of every language, and those pages."""
    by_day: dict[date, dict[str, Path]] = {}
    for path in sorted((corpus / "pages").glob("*.md")):
        match = _CAPTURE.match(path.name)
        if match and match["lang"] in LANGUAGES:
            by_day.setdefault(date.fromisoformat(match["day"]), {})[match["lang"]] = path
    complete = [day for day, found in by_day.items() if set(found) >= set(LANGUAGES)]
    if not complete:
        raise NoBaseError(f"{corpus}: no day with a Markdown capture of all 12 languages")
    day = max(complete)
    return day, {lang: by_day[day][lang].read_text(encoding="utf-8") for lang in LANGUAGES}


class Page:
    """A page's lines, with its status table's rows by model id."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        rows = [i for i, line in enumerate(self.lines) if _ROW.match(line)]
        # The status table is the first table of model rows: its rows are consecutive lines.
        end = rows[0]
        while end + 1 < len(self.lines) and _ROW.match(self.lines[end + 1]):
            end += 1
        self.start, self.end = rows[0], end

    def rows(self) -> dict[str, list[str]]:
        out = {}
        for line in self.lines[self.start : self.end + 1]:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            match = _ROW.match(line)
            assert match is not None
            out[match["id"]] = cells
        return out

    def apply(self, change: Change, base: dict[str, list[str]]) -> None:
        rows = self.rows()
        if change.kind == "add":
            if change.model_id in rows or change.source_id not in base:
                return
            cells = [f"`{change.model_id}`", *base[change.source_id][1:]]
            self.lines.insert(self.end + 1, "| " + " | ".join(cells) + " |")
            self.end += 1
            return
        index = self._index(change.model_id)
        if index is None:
            return
        if change.kind == "remove":
            del self.lines[index]
            self.end -= 1
            return
        # A deprecated model takes a deprecated row's state and dates.
        columns = (1, 2, 3) if change.kind == "deprecate" else (3,)
        source = base.get(change.source_id)
        if source is None:
            return
        cells = rows[change.model_id]
        for column in columns:
            cells[column] = source[column]
        self.lines[index] = "| " + " | ".join(cells) + " |"

    def _index(self, model_id: str) -> int | None:
        for i in range(self.start, self.end + 1):
            match = _ROW.match(self.lines[i])
            if match and match["id"] == model_id:
                return i
        return None

    def text(self) -> str:
        return "\n".join(self.lines)


class History:
    """A history of `days` days after the base day, deterministic by `seed`."""

    def __init__(self, corpus: Path, days: int, seed: int = 1) -> None:
        self.base_day, self.base = base_pages(corpus)
        self.days = days
        self.seed = seed
        self._base_rows = {lang: Page(text).rows() for lang, text in self.base.items()}
        english = parse_text(self.base["en"], url="base.md", language="en", fmt="md")
        self._dates = {
            m.model_id: (m.deprecated_on, m.retirement_date, m.state) for m in english.models
        }

    def day(self, number: int) -> date:
        """Day 1 is the base capture itself; day n is n-1 days later."""
        return self.base_day + timedelta(days=number - 1)

    def changes(self) -> list[tuple[int, Change, dict[str, int]]]:
        """(English day, change, the day each translation makes it), one change a day from day
        2: a fixed list, so a longer history starts with the same days as a shorter one.

        Changes go the way the real page goes (the guards hold anything else): a model is added
        (active), a model added earlier is deprecated (with a deprecated model's dates), and
        leaves the table once its retirement date has passed; an active model's earliest
        retirement date moves. Each translation follows in order, up to MAX_LAG days late.
        """
        rng = random.Random(self.seed)
        active = [m for m, (_, _, state) in self._dates.items() if state == "active"]
        deprecated = [m for m, (_, _, state) in self._dates.items() if state == "deprecated"]
        rows = {m: m for m in active}  # an active row -> the base row its retirement is from
        added: dict[str, str | None] = {}  # model -> the deprecated row whose dates it took
        out = []
        following = dict.fromkeys(LANGUAGES, 0)  # the day each language made its last change
        for number in range(2, self.days + 1):
            today = self.day(number)
            roll = rng.random()
            fresh = [m for m, source in added.items() if source is None]
            gone = [
                m
                for m, source in added.items()
                if source is not None and (self._dates[source][1] or today) < today
            ]
            if roll < 0.12 and len(added) < MAX_ADDED:
                new = f"claude-synthetic-{number}-{today.strftime('%Y%m%d')}"
                change = Change("add", new, rng.choice(active))
                added[new] = None
                rows[new] = change.source_id
            elif roll < 0.24 and fresh and deprecated:
                change = Change("deprecate", rng.choice(fresh), rng.choice(deprecated))
                added[change.model_id] = change.source_id
                rows.pop(change.model_id)
            elif roll < 0.36 and gone:
                change = Change("remove", gone[0], "")
                del added[change.model_id]
            else:
                target = rng.choice(sorted(rows))
                change = Change("retirement", target, rng.choice(active))
                rows[target] = change.source_id
            when = {}
            for lang in LANGUAGES:
                lag = 0 if lang == "en" else rng.randint(0, MAX_LAG)
                following[lang] = when[lang] = max(following[lang], number + lag)
            out.append((number, change, when))
        return out

    def pages(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Every day's 12 pages, day 1 first (each language's page as it reads that day)."""
        by_day: dict[int, list[tuple[str, Change]]] = {}
        for _, change, when in self.changes():
            for lang, number in when.items():
                by_day.setdefault(number, []).append((lang, change))
        pages = {lang: Page(text) for lang, text in self.base.items()}
        for number in range(1, self.days + 1):
            for lang, change in by_day.get(number, []):
                pages[lang].apply(change, self._base_rows[lang])
            yield number, {lang: page.text() for lang, page in pages.items()}

    def pages_on(self, number: int) -> dict[str, str]:
        for day, pages in self.pages():
            if day == number:
                return pages
        raise ValueError(f"day {number} is not in a {self.days}-day history")


def write_history(folder: Path, history: History, first: int = 1, last: int | None = None) -> Path:
    """Captures of days `first`..`last` in `folder` (LANG__YYYY-MM-DD__synthetic.md)."""
    folder.mkdir(parents=True, exist_ok=True)
    last = history.days if last is None else last
    for number, pages in history.pages():
        if number < first:
            continue
        if number > last:
            break
        day = history.day(number).isoformat()
        for lang, text in pages.items():
            (folder / f"{lang}__{day}__synthetic.md").write_text(text, encoding="utf-8")
    return folder
