"""The feeds' entries kept between runs, so that a day's feeds cost what the new day adds.

A feed holds the newest `FEED_DAYS` days with events, and every changed day writes it again.
Reading, validating and rendering the whole window each time cost several times what the rest
of the day costs; but a day's entries (`feeds.DayEntries`) depend only on that day's events and
the feeds' URLs. So each day's entries are kept in `.tracker/feeds/<day>.json` (a cache, never
committed; losing it only costs time), under a key: a digest of the day's report
(`diffs/<day>.json` as staged, byte for byte), the feeds' URLs, the cache format, the Python
version and the tool's own source. Only a day whose key changed (a new day, a second run on the
same day, another URL, another version of the tool) is read, validated and rendered again; an
entry whose key or checksum does not match (stale, damaged, foreign) is rebuilt, never used.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import pydantic

from scraper.publish.feeds import (
    ABOUT,
    FEED_DAYS,
    DayEntries,
    atom_feed,
    atom_feed_of,
    day_entries,
    feed_days,
    json_feed,
    json_feed_of,
)
from scraper.track.events import Event
from scraper.track.platforms import PlatformEvent

if TYPE_CHECKING:
    from scraper.track.store import Store

CACHE_VERSION = 1
FOLDER = "feeds"  # in .tracker/


@dataclass(frozen=True)
class KeptDay:
    """A day's entries with what they were made from: the key, and its events' ids."""

    key: str
    event_ids: tuple[str, ...]
    entries: DayEntries

    def to_text(self) -> str:
        """A header line (JSON), then the JSON Feed items and the Atom entries, one after the
        other (the header holds their lengths and a checksum: no separator they could hold)."""
        payload = self.entries.json_items + self.entries.atom_entries
        header: dict[str, Any] = {
            "version": CACHE_VERSION,
            "key": self.key,
            "day": self.entries.day.isoformat(),
            "event_ids": list(self.event_ids),
            "json_items": len(self.entries.json_items),
            "atom_entries": len(self.entries.atom_entries),
        }
        header["crc32"] = _checksum(header, payload.encode("utf-8"))
        return json.dumps(header, sort_keys=True) + "\n" + payload

    @classmethod
    def from_bytes(cls, data: bytes | None, key: str, day: date) -> KeptDay | None:
        """The day kept under `key`, or None when `data` is not that (absent, stale, damaged)."""
        if not data:
            return None
        first, _, raw = data.partition(b"\n")
        try:
            header: dict[str, Any] = json.loads(first)
            if (header.get("version"), header.get("key")) != (CACHE_VERSION, key):
                return None
            if header.get("day") != day.isoformat():
                return None
            if header.pop("crc32", None) != _checksum(header, raw):
                return None
            payload = raw.decode("utf-8")
            split, length, ids = header["json_items"], header["atom_entries"], header["event_ids"]
            if not (isinstance(split, int) and isinstance(length, int)):
                return None
            if min(split, length) < 0 or split + length != len(payload):
                return None
            if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
                return None
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        return cls(key, tuple(ids), DayEntries(day, payload[:split], payload[split:]))


def _checksum(header: dict[str, Any], payload: bytes) -> int:
    """CRC-32 of the header (but its checksum) and the entries: a damaged file is not used."""
    start = zlib.crc32(json.dumps(header, sort_keys=True).encode("utf-8") + b"\n")
    return zlib.crc32(payload, start)


def cached_feeds(
    store: Store,
    days: Sequence[date],
    *,
    home_page_url: str | None,
    json_feed_url: str | None,
    atom_feed_url: str | None,
    platform_events: Sequence[PlatformEvent] = (),
) -> tuple[str, str]:
    """The JSON Feed and Atom texts of the events of `days` (the days with a report that the
    feeds keep), each day's entries taken from .tracker/feeds/ when its key still matches, made
    and kept there otherwise. The kept files of other days are removed."""
    _forget_others(store, days)
    keys = _KeyMaker(json_feed_url, atom_feed_url)
    made = _made_in(store)
    kept: list[KeptDay] = []
    for day in days:
        report = store.day_report(day) or b""
        key = keys.key(report)
        name = _cache_name(day)
        found = made.get(day)
        if found is None or found.key != key:
            found = KeptDay.from_bytes(store.read_cache_bytes(name), key, day)
        if found is None:
            found = _make(day, report, key, json_feed_url, atom_feed_url)
            if found is None:  # events of another day in this day's report: not one day's
                return _uncached(store, days, home_page_url, json_feed_url, atom_feed_url,
                                 platform_events)  # fmt: skip
            store.write_cache(name, found.to_text())
        made[day] = found
        kept.append(found)
    ids = [i for day in kept for i in day.event_ids]
    if len(set(ids)) != len(ids):  # an event in two days' reports: the feeds keep its first
        return _uncached(store, days, home_page_url, json_feed_url, atom_feed_url,
                         platform_events)  # fmt: skip
    entries = [day.entries for day in kept]
    urls: dict[str, Any] = {"home_page_url": home_page_url, "platform_events": platform_events}
    return (
        json_feed_of(entries, feed_url=json_feed_url, window=FEED_DAYS, **urls),
        atom_feed_of(entries, feed_url=atom_feed_url, window=FEED_DAYS, **urls),
    )


# The days made or read by this process (for one data directory, the last one asked about), so
# that a replay (a run a day, in one process) does not read the kept files again every day.
# Used while the key matches, as a kept file is.
_MADE: dict[Path, dict[date, KeptDay]] = {}


def _made_in(store: Store) -> dict[date, KeptDay]:
    for other in [path for path in _MADE if path != store.tracker]:
        del _MADE[other]
    return _MADE.setdefault(store.tracker, {})


def _make(
    day: date, report: bytes, key: str, json_feed_url: str | None, atom_feed_url: str | None
) -> KeptDay | None:
    events = _events(report)
    if any(e.date != day for e in events):
        return None
    events = feed_days(events, 1)  # one event per id, the first, as the feeds keep them
    entries = day_entries(day, events, json_feed_url=json_feed_url, atom_feed_url=atom_feed_url)
    return KeptDay(key, tuple(e.id for e in events), entries)


def _events(report: bytes) -> list[Event]:
    if not report:
        return []
    return [Event.model_validate(e) for e in json.loads(report)["events"]]


def _uncached(
    store: Store,
    days: Sequence[date],
    home_page_url: str | None,
    json_feed_url: str | None,
    atom_feed_url: str | None,
    platform_events: Sequence[PlatformEvent],
) -> tuple[str, str]:
    """Both feeds made from all the days' events at once: for reports a day's entries cannot
    stand for (an event dated another day, or one id in two reports), which the feeds group
    by the events' own days and ids."""
    events = [e for day in days for e in _events(store.day_report(day) or b"")]
    urls: dict[str, Any] = {"home_page_url": home_page_url, "platform_events": platform_events}
    return (
        json_feed(events, feed_url=json_feed_url, **urls),
        atom_feed(events, feed_url=atom_feed_url, **urls),
    )


def _forget_others(store: Store, days: Sequence[date]) -> None:
    """Remove the kept files (and this process's copies) of the days the feeds no longer hold."""
    current = {_cache_name(day) for day in days}
    for name in store.cache_names(FOLDER):
        if name not in current:
            store.remove_cache(name)
    made = _MADE.get(store.tracker, {})
    for day in [day for day in made if day not in days]:
        del made[day]


def _cache_name(day: date) -> str:
    return f"{FOLDER}/{day.isoformat()}.json"


class _KeyMaker:
    """A day's key: the digest of what its entries are made from (its report's bytes, the
    feeds' URLs), and of what makes them (the cache format, Python, the tool's source)."""

    def __init__(self, json_feed_url: str | None, atom_feed_url: str | None) -> None:
        made_from = [CACHE_VERSION, sys.version_info[:2], pydantic.VERSION, orjson.__version__,
                     _source_digest(), json_feed_url, atom_feed_url, ABOUT]  # fmt: skip
        self._start = hashlib.sha256(json.dumps(made_from).encode("utf-8") + b"\n")

    def key(self, report: bytes) -> str:
        digest = self._start.copy()
        digest.update(report)
        return digest.hexdigest()


@functools.cache  # once per process
def _source_digest() -> str:
    """A digest of the tool's Python source: entries made by other code are made again (the
    sentences, the ids, the items' order all live in it)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
