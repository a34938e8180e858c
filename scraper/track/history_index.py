"""What a day needs from a language's history, kept as incremental state instead of re-read.

Each run judges translations against every earlier English revision (was a translated value one
English stated before?) and counts, for the calendar, how often each model's retirement moved.
Both used to re-read and re-parse every snapshot of the history, every day: a day's cost grew
with the history's length. A `HistoryIndex` holds what those questions need, built once per
revision when the revision is written:

- per fact of the page (`consistency.facts`), the runs of revisions over which it held one value
  (a value that never changes is one run however long the history);
- per model, the calendar's revision (how often its retirement moved, and since when).

It is kept in `.tracker/index/<lang>.json` (a cache, never committed), with the signature of
every snapshot file it was built from; a run checks the signatures against the files and
rebuilds the index from the snapshots when they differ (a pull, a rewritten day, a new clone).
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from scraper.read.records import PageRecord
from scraper.track.consistency import Fact, facts

if TYPE_CHECKING:
    from scraper.track.store import Store

INDEX_VERSION = 1
ABSENT = "\x00absent"  # the state of a fact a revision does not state (not a JSON text)
# How a record states its retirements: (model, day, "not sooner than"). The calendar's reading,
# given by the run's orchestration, so that track/ does not import publish/.
RetirementReader = Callable[[PageRecord], Iterable[tuple[str, date, bool]]]


def _value(fact: Fact) -> str:
    return json.dumps(fact.value, sort_keys=True, ensure_ascii=False, default=str)


def _key(key: tuple[str, str]) -> str:
    return f"{key[0]}\t{key[1]}"


@dataclass
class Retirement:
    """A model's retirement as the calendar counts its moves: the value, how often it moved,
    and the day of the first snapshot that showed the current value."""

    day: str
    not_before: bool
    sequence: int
    since: str


@dataclass
class HistoryIndex:
    """The revisions of one language, oldest first, as runs of fact values."""

    language: str
    days: list[date] = field(default_factory=list)
    signatures: dict[str, str] = field(default_factory=dict)  # ISO day -> snapshot signature
    runs: dict[str, list[tuple[date, str]]] = field(default_factory=dict)
    retirements: dict[str, Retirement] = field(default_factory=dict)
    # ISO day -> "size:mtime_ns" of the file on disk: a signature not re-read while it holds.
    stats: dict[str, str] = field(default_factory=dict)
    # How a record states its retirements (None: they are not counted).
    reader: RetirementReader | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(
        cls,
        language: str,
        history: Iterable[tuple[date, PageRecord]],
        reader: RetirementReader | None = None,
    ) -> HistoryIndex:
        """The index of `history` (any order)."""
        index = cls(language, reader=reader)
        for day, record in sorted(history, key=lambda pair: pair[0]):
            index.add(day, record)
        return index

    def add(self, day: date, record: PageRecord | None, signature: str = "") -> None:
        """Index the revision of `day`, which must be newer than every indexed one (None: a
        snapshot this version cannot read, left out of the comparisons as before)."""
        newest = next(reversed(self.signatures), None)  # days are added oldest first
        if newest is not None and day.isoformat() <= newest:
            raise ValueError(f"revision {day} is not newer than {newest}")
        self.signatures[day.isoformat()] = signature
        if record is None:
            return
        stated = {_key(k): _value(f) for k, f in facts(record).items()}
        for key, held in self.runs.items():
            if key not in stated and held[-1][1] != ABSENT:
                held.append((day, ABSENT))
        for key, value in stated.items():
            runs = self.runs.get(key)
            if runs is None:
                # Not stated by the revisions before this one.
                self.runs[key] = (
                    [(self.days[0], ABSENT), (day, value)] if self.days else [(day, value)]
                )
            elif runs[-1][1] != value:
                runs.append((day, value))
        self._count_retirements(day, record)
        self.days.append(day)

    def _count_retirements(self, day: date, record: PageRecord) -> None:
        if self.reader is None:
            return
        for model_id, when, not_before in self.reader(record):
            before = self.retirements.get(model_id)
            value = (when.isoformat(), not_before)
            if before is not None and (before.day, before.not_before) == value:
                continue
            moves = before.sequence + 1 if before is not None else 0
            self.retirements[model_id] = Retirement(value[0], value[1], moves, day.isoformat())

    def said_before(
        self, key: tuple[str, str], mine: Fact | None, before: date | None
    ) -> date | None:
        """The newest revision before `before` (all, when None) that stated what `mine` states
        (absent when `mine` is None): as a scan of the revisions newest first would find."""
        limit = len(self.days) if before is None else bisect_left(self.days, before)
        if limit == 0:
            return None
        target = ABSENT if mine is None else _value(mine)
        runs = self.runs.get(_key(key))
        if runs is None:  # no revision ever stated it
            return self.days[limit - 1] if target == ABSENT else None
        for i in range(len(runs) - 1, -1, -1):
            start, value = runs[i]
            if start > self.days[limit - 1]:
                continue  # the run starts after the revisions asked about
            if value != target:
                continue
            end = runs[i + 1][0] if i + 1 < len(runs) else None
            upper = limit if end is None else min(limit, bisect_left(self.days, end))
            return self.days[upper - 1]
        return None

    def revision_on(self, day: date) -> date | None:
        """The revision current on `day` (the newest not after it)."""
        position = bisect_right(self.days, day)
        return self.days[position - 1] if position else None

    def revisions(self) -> dict[str, tuple[int, date]]:
        """Per model: how often its retirement moved, and since when it is as now."""
        return {
            model: (found.sequence, date.fromisoformat(found.since))
            for model, found in self.retirements.items()
        }

    # -- kept in .tracker/index/ ---------------------------------------------------------------
    def to_json(self) -> str:
        data = {
            "version": INDEX_VERSION,
            "language": self.language,
            "days": [d.isoformat() for d in self.days],
            "signatures": self.signatures,
            "stats": self.stats,
            "runs": {
                key: [[d.isoformat(), v] for d, v in runs]
                for key, runs in sorted(self.runs.items())
            },
            "retirements": {
                model: [r.day, r.not_before, r.sequence, r.since]
                for model, r in sorted(self.retirements.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, reader: RetirementReader | None = None) -> HistoryIndex | None:
        """The index a run kept, or None when it is not one this version reads."""
        try:
            data: dict[str, Any] = json.loads(text)
            if data.get("version") != INDEX_VERSION:
                return None
            return cls(
                language=data["language"],
                days=[date.fromisoformat(d) for d in data["days"]],
                signatures=dict(data["signatures"]),
                stats=dict(data["stats"]),
                runs={
                    key: [(date.fromisoformat(d), v) for d, v in runs]
                    for key, runs in data["runs"].items()
                },
                retirements={
                    model: Retirement(day, bool(not_before), int(sequence), since)
                    for model, (day, not_before, sequence, since) in data["retirements"].items()
                },
                reader=reader,
            )
        except (ValueError, KeyError, TypeError):
            return None


def signature(data: bytes) -> str:
    """What identifies a snapshot file's content."""
    return hashlib.sha256(data).hexdigest()[:20]


def current_index(store: Store, language: str, reader: RetirementReader) -> HistoryIndex:
    """The index of `language`'s snapshots as the store holds them now (staged ones included):
    kept in memory by the store, else read from .tracker/index/ and verified against the
    snapshot files, extended with the newer snapshots, rebuilt from all of them when it does not
    match."""
    index = store.indexes.get(language)
    if index is None:
        text = store.read_cache(_cache_name(language))
        index = HistoryIndex.from_json(text, reader) if text else None
        if index is not None and (index.language != language or not _verified(store, index)):
            index = None
    days = store.snapshot_days(language)
    indexed = sorted(date.fromisoformat(d) for d in (index.signatures if index else {}))
    if index is None or days[: len(indexed)] != indexed or _rewritten(store, index):
        index, indexed = HistoryIndex(language, reader=reader), []
    for day in days[len(indexed) :]:
        data = store.snapshot_bytes(language, day)
        index.add(day, _record(store, language, day), signature(data))
    store.indexes[language] = index
    return index


def save_index(store: Store, language: str) -> None:
    """Keep the index of `language` in .tracker/index/ (after the run's files are written)."""
    index = store.indexes.get(language)
    if index is None:
        return
    for day in index.signatures.keys() - index.stats.keys():  # the days written this run
        stat = store.snapshot_stat(language, date.fromisoformat(day))
        if stat is not None:
            index.stats[day] = stat
    store.write_cache(_cache_name(language), index.to_json())


def _cache_name(language: str) -> str:
    return f"index/{language}.json"


def _record(store: Store, language: str, day: date) -> PageRecord | None:
    """The snapshot's record (one this run wrote is not parsed again; the others are not kept:
    a rebuild reads the whole history once); None for one written by an older version of the
    records: not comparable."""
    from pydantic import ValidationError

    try:
        return store.snapshot(language, day, keep=False)
    except ValidationError:
        return None


def _verified(store: Store, index: HistoryIndex) -> bool:
    """Every indexed snapshot file is still the one indexed (by its stat, else its content)."""
    stats = store.snapshot_stats(index.language)
    for day, expected in index.signatures.items():
        if day in stats and stats[day] == index.stats.get(day):
            continue
        when = date.fromisoformat(day)
        try:
            data = store.snapshot_bytes(index.language, when)
        except FileNotFoundError:
            return False
        if signature(data) != expected:
            return False
        stat = store.snapshot_stat(index.language, when)
        if stat is not None:
            index.stats[day] = stat  # the same file, touched (a checkout): trusted by stat again
    return True


def _rewritten(store: Store, index: HistoryIndex) -> bool:
    """A staged snapshot replaces an indexed day (a second run on the same day)."""
    for day in store.staged_snapshot_days(index.language):
        known = index.signatures.get(day.isoformat())
        if known is not None and known != signature(store.snapshot_bytes(index.language, day)):
            return True
    return False
