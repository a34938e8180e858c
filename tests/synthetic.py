"""Long synthetic histories of the page: real captures as the base, then days that change it.

The base is the newest day of ../shared/corpus on which every language was captured, read at run
time (never copied into the project). Each day after it, the English page changes in one of the
ways the real page changes: a retirement date moves, a state changes, a model is added, a model
added earlier leaves the status table. Each translation makes the same change in its own words
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
MAX_ADDED = 4  # models added by the history at any time (the page stays the same size)
MAX_LAG = 30  # days a translation may take to follow an English change


class NoBaseError(Exception):
    """The corpus has no day on which every language was captured as Markdown."""


@dataclass(frozen=True)
class Change:
    """One change of the status table, as cells: a cell of one row takes another row's cell."""

    kind: str  # "retirement" | "state" | "add" | "remove"
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
        # A state comes with its deprecation date (an active model has none).
        columns = (1, 2) if change.kind == "state" else (3,)
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

    def _plausible(self, state_of: str, retirement_of: str) -> bool:
        """A row with the state and deprecation date of one base row and the retirement of
        another is one the page could have: retired after deprecated, not retired early."""
        deprecated, state = self._dates[state_of][0], self._dates[state_of][2]
        retires = self._dates[retirement_of][1]
        if deprecated is not None and retires is not None and retires < deprecated:
            return False
        return not (state == "retired" and retires is not None and retires > self.base_day)

    def day(self, number: int) -> date:
        """Day 1 is the base capture itself; day n is n-1 days later."""
        return self.base_day + timedelta(days=number - 1)

    def changes(self) -> list[tuple[int, Change, dict[str, int]]]:
        """(English day, change, the day each translation makes it), one change per day from
        day 2: a fixed list, so a longer history starts with the same days as a shorter one."""
        rng = random.Random(self.seed)
        models = list(self._base_rows["en"])
        # Each row's cells are base rows' cells: (whose state and deprecation date, whose
        # retirement). A change is made only when the row stays one the page could have (it
        # retires after it was deprecated).
        rows = {model: (model, model) for model in models}
        added: list[str] = []
        out = []
        for number in range(2, self.days + 1):
            roll = rng.random()
            target, source = rng.choice(models), rng.choice(models)
            if roll < 0.06 and len(added) < MAX_ADDED:
                new = f"claude-synthetic-{number}-{self.day(number).strftime('%Y%m%d')}"
                change = Change("add", new, source)
                added.append(new)
            elif roll < 0.1 and added:
                change = Change("remove", added.pop(0), "")
            elif roll < 0.55 and self._plausible(rows[target][0], source):
                change = Change("retirement", target, source)
                rows[target] = (rows[target][0], source)
            elif self._plausible(source, rows[target][1]):
                change = Change("state", target, source)
                rows[target] = (source, rows[target][1])
            else:
                change = Change("state", target, target)  # the page is the same that day
            lags = {lang: number + rng.randint(0, MAX_LAG) for lang in LANGUAGES if lang != "en"}
            out.append((number, change, {"en": number, **lags}))
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
