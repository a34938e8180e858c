"""Files and commits: the only module that writes to the data directory or to git.

Layout of a data directory (normally the repository itself):

    snapshots/<lang>/<YYYY-MM-DD>.json   the record as of that day (only days it changed)
    snapshots/<lang>/<YYYY-MM-DD>.md     the page's Markdown text that day (for text diffs)
    snapshots/<lang>/hold.json           only while a suspicious reading is being held back
                                         (its reasons, and `since`: the hold's first day)
    snapshots/latest/<lang>.json         the last good record of each language
    snapshots/latest.json                all languages in one document (feed consumers start here)
    diffs/<YYYY-MM-DD>.md / .json        the report and the events of a day that changed something
    diffs/feed.json, diffs/feed.atom     JSON Feed 1.1 and Atom, one item per event
    .tracker/                            run log, HTTP validators, lock and journal, and caches
                                         (index/: the history's index; feeds/: each day's feed
                                         entries): never committed, a lost cache costs time only

A run is a transaction. Its files are staged in memory, then written to a journal
(.tracker/journal.json) before any data file changes; the files are written and committed, and
only then is the journal removed. A run that is killed, or whose commit fails, leaves the journal:
the next run finishes it first (same files, same commit message and date), so no event is lost
and no file is left uncommitted. One run at a time holds .tracker/lock (an OS lock, released
when its process dies, so a crash never leaves a stale lock behind).
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time as clock
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime, time
from fnmatch import fnmatch, translate
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from scraper.read.records import PageRecord, dump_json
from scraper.track.guards import Hold

if TYPE_CHECKING:
    from scraper.track.history_index import HistoryIndex

TRACKER_DIR = ".tracker"
BOT_NAME = "deprecation-tracker"
BOT_EMAIL = "deprecation-tracker@users.noreply.github.com"
JOURNAL = "journal.json"
KILL_ENV = "DEPRECATION_TRACKER_KILL_AT"  # tests only: the step at which to kill this process
DATA_FOLDERS = ("snapshots", "diffs")


class StoreError(Exception):
    """The data directory could not be written or committed; the message says what to do."""


class CommitError(StoreError):
    """git refused to commit; the files are written and the next run commits them."""


class BusyError(StoreError):
    """Another run holds the data directory's lock."""


def checkpoint(step: str) -> None:
    """Test hook: with DEPRECATION_TRACKER_KILL_AT=step, the process kills itself here (kill -9)."""
    if os.environ.get(KILL_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


# Parsed records a store keeps (about 0.05 MB each): a day's latest and dated snapshots of the
# 12 languages, and the English revisions translations are compared with, with room to spare.
KEPT_RECORDS = 64


class Store:
    """Reads and writes one data directory.

    Writes are staged (`pending`) and reads see them, so a run computes everything first and
    `save` makes it durable at once.
    """

    def __init__(self, root: Path) -> None:
        # Absolute, so a relative --data-dir means the same folder to git and to the journal.
        self.root = root.absolute()
        self.snapshots = self.root / "snapshots"
        self.diffs = self.root / "diffs"
        self.tracker = self.root / TRACKER_DIR
        self.pending: dict[Path, bytes | None] = {}  # path -> new content, None to delete
        self._parsed: dict[Path, tuple[bytes, PageRecord]] = {}  # snapshot file -> its record
        # Folder -> the names of its files on disk, listed once (a history has thousands).
        self._listed: dict[Path, set[str]] = {}
        self._disk_stems: dict[tuple[Path, str], list[str]] = {}  # sorted, from the listing
        self.indexes: dict[str, HistoryIndex] = {}  # language -> its history index (a cache)
        # Language -> outcome -> the last day the run log has it (read once, kept in step).
        self._reads: dict[str, dict[str, date]] | None = None
        # The repository, whether its .gitignore is still ours to commit, and the identity:
        # asked of git once per store, not once per commit (a replay commits every day).
        self._top: Path | None = None
        self._ours_to_commit = True
        self._identity: dict[str, str] | None = None
        # After this store's commit the data folders are HEAD's, but for the files it writes
        # since (`_touched`): the next commit stages just those, not every file of the history.
        self._committed = False
        self._touched: set[Path] = set()
        self._quick_commits = 0

    def pending_files(self) -> list[str]:
        """The staged files, relative to the data directory."""
        return sorted(self._relative(path) for path in self.pending)

    @property
    def written(self) -> set[Path]:
        return {path for path, data in self.pending.items() if data is not None}

    @property
    def removed(self) -> set[Path]:
        return {path for path, data in self.pending.items() if data is None}

    # -- reading (staged changes included) -------------------------------------------------
    def _read(self, path: Path) -> bytes | None:
        if path in self.pending:
            return self.pending[path]
        return path.read_bytes() if path.is_file() else None

    def _exists(self, path: Path) -> bool:
        if path in self.pending:
            return self.pending[path] is not None
        return path.is_file()

    def _stems(self, folder: Path, pattern: str) -> list[str]:
        stems = self._disk_stems.get((folder, pattern))
        if stems is None:
            matches = re.compile(translate(pattern)).match
            names = self._listing(folder)
            stems = sorted(name.rpartition(".")[0] for name in names if matches(name))
            self._disk_stems[(folder, pattern)] = stems
        inside = os.path.join(folder, "")  # the folder's own files, not those of its subfolders
        staged = [
            p
            for p in self.pending
            if str(p).startswith(inside)
            and os.sep not in str(p)[len(inside) :]
            and fnmatch(p.name, pattern)
        ]
        if not staged:
            return stems
        # Only the staged names can differ from the listing: each is put in or taken out of a
        # copy at its place, not the whole history sorted again (a day stages a few files
        # among years of them).
        merged = list(stems)
        for path in staged:
            _place(merged, path.stem, present=self.pending[path] is not None)
        return merged

    def _listing(self, folder: Path) -> set[str]:
        listed = self._listed.get(folder)
        if listed is None:
            try:  # the entries' types come with the listing: no stat of every file
                with os.scandir(folder) as entries:
                    listed = {entry.name for entry in entries if entry.is_file()}
            except (FileNotFoundError, NotADirectoryError):
                listed = set()
            self._listed[folder] = listed
        return listed

    def _listed_changed(self, path: Path, present: bool) -> None:
        """Keep the listings read once in step with the files this store writes."""
        listed = self._listed.get(path.parent)
        if listed is not None:
            if present:
                listed.add(path.name)
            else:
                listed.discard(path.name)
        for (folder, pattern), stems in self._disk_stems.items():
            if folder == path.parent and fnmatch(path.name, pattern):
                _place(stems, path.stem, present=present)

    def latest(self, lang: str) -> PageRecord | None:
        path = self.snapshots / "latest" / f"{lang}.json"
        data = self._read(path)
        return None if data is None else self._record(path, data)

    def has_snapshot(self, lang: str) -> bool:
        return self._exists(self.snapshots / "latest" / f"{lang}.json")

    def latest_date(self, lang: str) -> date | None:
        days = self._stems(self.snapshots / lang, "????-??-??.json")
        return date.fromisoformat(days[-1]) if days else None

    def snapshot_days(self, lang: str) -> list[date]:
        """The days a language's record changed (one snapshot file each), oldest first."""
        return [
            date.fromisoformat(day) for day in self._stems(self.snapshots / lang, "????-??-??.json")
        ]

    def snapshot(self, lang: str, day: date, *, keep: bool = True) -> PageRecord:
        """A snapshot's record; `keep=False` for a look at many (a history read through once):
        parsed without being kept, unless it is kept already."""
        path = self.snapshots / lang / f"{day.isoformat()}.json"
        return self._record(path, self.snapshot_bytes(lang, day), keep=keep)

    def _record(self, path: Path, data: bytes, *, keep: bool = True) -> PageRecord:
        # A run (and a replay, day after day) reads the same files again: parse each once, and
        # hand out the same record while its bytes stay the same (records are immutable).
        cached = self._parsed.get(path)
        if cached is None or cached[0] != data:
            cached = (data, PageRecord.model_validate_json(data))
            if keep:
                self._keep_parsed(path, cached)
        elif keep:
            self._keep_parsed(path, cached)  # used again: the newest to be let go
        return cached[1]

    def _keep_parsed(self, path: Path, parsed: tuple[bytes, PageRecord]) -> None:
        # The records used most recently, not every snapshot a long replay writes or reads
        # (each language's record once a day: its memory would grow with the history).
        self._parsed.pop(path, None)
        self._parsed[path] = parsed
        if len(self._parsed) > KEPT_RECORDS:
            del self._parsed[next(iter(self._parsed))]

    def snapshot_bytes(self, lang: str, day: date) -> bytes:
        path = self.snapshots / lang / f"{day.isoformat()}.json"
        data = self._read(path)
        if data is None:
            raise FileNotFoundError(path)
        return data

    def snapshot_stat(self, lang: str, day: date) -> str | None:
        """The size and modification time of a snapshot file on disk (None: staged or absent)."""
        path = self.snapshots / lang / f"{day.isoformat()}.json"
        if path in self.pending:
            return None
        try:
            return _stat_text(path.stat())
        except OSError:
            return None

    def snapshot_stats(self, lang: str) -> dict[str, str]:
        """`snapshot_stat` of every snapshot file of `lang` on disk, by ISO day, in one look
        at the folder (a history of years has hundreds of them)."""
        folder = self.snapshots / lang
        stats: dict[str, str] = {}
        staged = {path.name for path in self.pending if path.parent == folder}
        with (
            contextlib.suppress(FileNotFoundError, NotADirectoryError),
            os.scandir(folder) as found,
        ):
            for entry in found:
                day, _, suffix = entry.name.partition(".")
                if suffix != "json" or len(day) != 10 or entry.name in staged:
                    continue
                with contextlib.suppress(OSError):
                    stats[day] = _stat_text(entry.stat())
        return stats

    def staged_snapshot_days(self, lang: str) -> list[date]:
        folder = self.snapshots / lang
        return sorted(
            date.fromisoformat(p.stem)
            for p, data in self.pending.items()
            if p.parent == folder and data is not None and p.match("????-??-??.json")
        )

    def read_cache(self, name: str) -> str | None:
        """A cache file of .tracker/ (None: there is none, or it cannot be read)."""
        data = self.read_cache_bytes(name)
        try:
            return None if data is None else data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def read_cache_bytes(self, name: str) -> bytes | None:
        """A cache file of .tracker/ as bytes (None: there is none, or it cannot be read)."""
        try:
            return (self.tracker / name).read_bytes()
        except OSError:
            return None

    def write_cache(self, name: str, text: str) -> None:
        """Write a cache file of .tracker/ (never committed; losing it only costs time)."""
        path = self.tracker / name
        with contextlib.suppress(OSError):
            self._atomic_write(path, text.encode("utf-8"))

    def cache_names(self, folder: str) -> list[str]:
        """The cache files of a folder of .tracker/ (e.g. "feeds/2026-07-01.json"), sorted."""
        try:
            with os.scandir(self.tracker / folder) as entries:
                return sorted(f"{folder}/{e.name}" for e in entries if e.is_file())
        except OSError:  # none yet, or not readable: nothing to clean up
            return []

    def remove_cache(self, name: str) -> None:
        with contextlib.suppress(OSError):
            (self.tracker / name).unlink(missing_ok=True)

    def read_data(self, relative: str) -> str | None:
        """The text of a data file (e.g. "diffs/translations.json"), or None if there is none."""
        data = self._read(self.root / relative)
        return None if data is None else data.decode("utf-8")

    def hold(self, lang: str) -> Hold | None:
        """The ongoing hold of `lang`, if any. A damaged hold.json (a bad merge, a hand edit)
        counts as none: every run judges its reading afresh, so the hold is made again if the
        reading still deserves it, and a run never dies of it."""
        raw = self._read(self.snapshots / lang / "hold.json")
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            return Hold(
                reasons=tuple(str(reason) for reason in data["reasons"]),
                first_seen=date.fromisoformat(data["first_seen"]),
                last_seen=date.fromisoformat(data["last_seen"]),
                days_seen=int(data["days_seen"]),
                fingerprint=str(data["fingerprint"]),
                # Written before holds said since when: the reading's first day is the best known.
                since=date.fromisoformat(data.get("since") or data["first_seen"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def day_report(self, day: date) -> bytes | None:
        """The bytes of a day's `diffs/<day>.json` (staged ones included), or None."""
        return self._read(self.diffs / f"{day.isoformat()}.json")

    def day_events(self, day: date) -> list[dict[str, Any]]:
        raw = self.day_report(day)
        if raw is None:
            return []
        events: list[dict[str, Any]] = json.loads(raw)["events"]
        return events

    def all_event_days(self) -> list[date]:
        """The days with a report, oldest first."""
        return [date.fromisoformat(stem) for stem in self._stems(self.diffs, "????-??-??.json")]

    def has_history(self) -> bool:
        """True when the data directory already holds snapshots or reports."""
        return any(
            p.is_file() for folder in (self.snapshots, self.diffs) for p in folder.rglob("*")
        )

    def http_validators(self) -> dict[str, dict[str, str | None]]:
        path = self.tracker / "http-cache.json"
        if not path.is_file():
            return {}
        try:
            data: dict[str, dict[str, str | None]] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data

    # -- staging ---------------------------------------------------------------------------
    def write(self, path: Path, text: str) -> None:
        """Stage `text` for `path` unless it already holds exactly that (no empty rewrites)."""
        # Bytes, not text: reading text would turn the calendar's CRLF line ends into LF, so an
        # unchanged file would never compare equal (and would be rewritten on every run).
        data = text.encode("utf-8")
        on_disk = path.read_bytes() if path.is_file() else None
        if data == on_disk:
            self.pending.pop(path, None)
        else:
            self.pending[path] = data

    def remove(self, path: Path) -> None:
        if path.is_file():
            self.pending[path] = None
        else:
            self.pending.pop(path, None)

    def save_snapshot(self, record: PageRecord, day: date, markdown: str | None) -> None:
        lang = record.language
        normal = record.normalized()
        text = normal.to_json()
        dated, latest = (
            self.snapshots / lang / f"{day.isoformat()}.json",
            self.snapshots / "latest" / f"{lang}.json",
        )
        for path in (dated, latest):
            self.write(path, text)
            # What reading the file back gives: the record is not parsed again from its text.
            self._keep_parsed(path, (text.encode("utf-8"), normal))
        if markdown is not None:
            self.write(self.snapshots / lang / f"{day.isoformat()}.md", markdown)
        self.clear_hold(lang)

    def save_hold(self, lang: str, hold: Hold) -> None:
        data = asdict(hold)
        data["reasons"] = list(hold.reasons)
        data["first_seen"] = hold.first_seen.isoformat()
        data["last_seen"] = hold.last_seen.isoformat()
        data["since"] = hold.held_since.isoformat()
        self.write(self.snapshots / lang / "hold.json", dump_json(data))

    def clear_hold(self, lang: str) -> None:
        self.remove(self.snapshots / lang / "hold.json")

    # -- the transaction -------------------------------------------------------------------
    def save(
        self,
        message: str,
        *,
        day: date,
        commit: bool,
        when: date | None = None,
        log: dict[str, Any] | None = None,
    ) -> str | None:
        """Write the staged files and commit them, as one transaction (see the module doc).

        Returns the commit sha (None: nothing to commit). Raises CommitError when git refuses;
        the files are written then, and the journal keeps the commit for the next run. `log` is
        the run log's entry for this run (its commit is added): appended once the commit is
        made, or by the next run when it finishes this one from the journal.
        """
        if self.pending:
            # What each file holds now, read one at a time: for the journal's digests, and so
            # that a file already as staged is not written again.
            before: dict[str, str | None] = {}
            unchanged: set[Path] = set()
            for path, data in sorted(self.pending.items()):
                now = self._on_disk(path)
                before[self._relative(path)] = _digest(now)
                if now is not None and now == data:
                    unchanged.add(path)
            head = {
                "day": day.isoformat(),
                "commit": commit,
                "when": when.isoformat() if when else None,
                "message": message,
                # What each file held before: the next run finishes this one only over them.
                "before": before,
                "log": log,
            }
            checkpoint("before-journal")
            # Not a data file: compact, as fast as it can be written. It holds every staged
            # file, so it is written piece by piece: never a second copy of them all at once.
            self._atomic_write(self.tracker / JOURNAL, self._journal(head))
            checkpoint("after-journal")
            self._apply(dict(self.pending), unchanged)
            self.pending.clear()
        elif commit:
            # Nothing new; still commit data files an earlier run may have left uncommitted.
            message = "Commit data files left uncommitted by an earlier run"
        sha = self.commit(message, when) if commit else None
        checkpoint("after-commit")
        self._log_done(log, sha)
        (self.tracker / JOURNAL).unlink(missing_ok=True)
        return sha

    def _log_done(self, log: Any, sha: str | None) -> None:
        if isinstance(log, dict):
            self.log_run({**log, "commit": sha, "commit_error": None})

    def recover(self, *, commit: bool) -> str | None:
        """Finish a run that was interrupted or could not commit. Returns what was done."""
        path = self.tracker / JOURNAL
        if not path.is_file():
            return None
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
            files: dict[str, str | None] = journal["files"]
            day = str(journal["day"])
        except (ValueError, KeyError, TypeError) as error:
            raise StoreError(
                f"{path} is damaged ({error}); it records an unfinished run. Move it away "
                "and run again (that run's changes will be made again from the pages)."
            ) from None
        self._check_unchanged_since(journal, path)
        self._apply(
            {
                self.root / name: None if text is None else text.encode("utf-8")
                for name, text in files.items()
            }
        )
        checkpoint("recovered-files")
        sha = None
        if journal.get("commit") and commit:
            when = date.fromisoformat(journal["when"]) if journal.get("when") else None
            sha = self.commit(str(journal["message"]), when)
        self._log_done(journal.get("log"), sha)
        path.unlink()
        done = f"finished the interrupted run of {day}: {len(files)} files written"
        return done + (f", committed {sha[:12]}" if sha else "")

    def _check_unchanged_since(self, journal: dict[str, Any], path: Path) -> None:
        """Refuse to finish a run over files someone changed since (a pull, a later run)."""
        before: dict[str, str | None] = journal.get("before", {})
        for name, text in journal["files"].items():
            now = self.root / name
            current = _digest(now.read_bytes() if now.is_file() else None)
            new = _digest(None if text is None else text.encode("utf-8"))
            if current not in (before.get(name, current), new):
                raise StoreError(
                    f"the interrupted run of {journal['day']} cannot be finished: {name} has "
                    f"changed since it started. Move {path} away and run again (that run's "
                    "changes will be made again from the pages)."
                )

    def _journal(self, head: dict[str, Any]) -> Iterator[bytes]:
        """The journal's JSON text in pieces: `head`'s keys, then "files", each staged file's
        text (null: to delete) encoded on its own, a piece at a time (`_json_string`). The
        text is what `orjson.dumps({**head, "files": ...})` would write."""
        yield orjson.dumps(head)[:-1]  # without its closing brace
        yield b',"files":{'
        for number, (path, data) in enumerate(sorted(self.pending.items())):
            yield (b"," if number else b"") + orjson.dumps(self._relative(path)) + b":"
            if data is None:
                yield b"null"
            else:
                yield from _json_string(data)
        yield b"}}"

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _on_disk(self, path: Path) -> bytes | None:
        return path.read_bytes() if path.is_file() else None

    def _apply(
        self, files: dict[Path, bytes | None], unchanged: Collection[Path] | None = None
    ) -> None:
        """Write (or delete) `files`; `unchanged` are those that already hold their new bytes,
        when that is known (otherwise each is compared with the disk)."""
        for count, (path, data) in enumerate(sorted(files.items()), start=1):
            if self._committed:  # else the next commit stages the folders whole: not needed
                self._touched.add(path)
            if data is None:
                path.unlink(missing_ok=True)
                self._listed_changed(path, present=False)
            else:
                same = path in unchanged if unchanged is not None else self._on_disk(path) == data
                if not same:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    self._atomic_write(path, data)
            checkpoint(f"file-{count}")

    def _atomic_write(self, path: Path, data: bytes | Iterable[bytes]) -> None:
        """Write via a uniquely named temporary file and a rename: never half a file. `data`
        is the bytes, or an iterable of pieces written one after another."""
        temporary = self._tracker_folder() / "tmp"
        temporary.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=temporary, prefix=f"{path.name}.")
        try:
            with os.fdopen(handle, "wb") as file:
                if isinstance(data, bytes):
                    file.write(data)
                else:
                    file.writelines(data)
                if path.name == JOURNAL:  # the journal must survive even a power cut
                    file.flush()
                    os.fsync(file.fileno())
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(name, path)
            self._listed_changed(path, present=True)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise

    def _tracker_folder(self) -> Path:
        """.tracker/, which ignores itself: never committed, wherever the data directory is."""
        if not self.tracker.is_dir():
            self.tracker.mkdir(parents=True, exist_ok=True)
            (self.tracker / ".gitignore").write_text("*\n", encoding="utf-8")
        return self.tracker

    def save_http_validators(self, data: dict[str, dict[str, str | None]]) -> None:
        self._atomic_write(self.tracker / "http-cache.json", dump_json(data).encode("utf-8"))

    def forget_http_validators(self, languages: Iterable[str]) -> None:
        """Drop validators, so these languages are fetched in full next time (e.g. after a
        failed push, when a `304` would hide a change that never reached the repository)."""
        drop, cached = set(languages), self.http_validators()
        kept = {lang: data for lang, data in cached.items() if lang not in drop}
        if kept != cached:
            self.save_http_validators(kept)

    def log_run(self, entry: dict[str, Any]) -> None:
        """Append to the run log (.tracker/runs.jsonl): when a run was made and what it saw."""
        with (self._tracker_folder() / "runs.jsonl").open("a", encoding="utf-8") as log:
            log.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        if self._reads is not None:
            self._note_reads(entry)

    def last_read(self, lang: str, statuses: Collection[str]) -> date | None:
        """The last day the run log says `lang` was read (its outcome one of `statuses`)."""
        if self._reads is None:
            self._reads = {}
            try:
                lines = (self.tracker / "runs.jsonl").read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            for line in lines:  # read once per store, then kept in step by `log_run`
                with contextlib.suppress(ValueError, TypeError, AttributeError):
                    self._note_reads(json.loads(line))
        days = [day for status, day in self._reads.get(lang, {}).items() if status in statuses]
        return max(days, default=None)

    def _note_reads(self, entry: dict[str, Any]) -> None:
        assert self._reads is not None
        day = date.fromisoformat(str(entry.get("day")))
        for lang, (status, *_) in dict(entry.get("outcomes") or {}).items():
            seen = self._reads.setdefault(lang, {})
            seen[str(status)] = max(day, seen.get(str(status), day))

    # -- one run at a time -----------------------------------------------------------------
    @contextmanager
    def locked(self, wait: float = 10.0) -> Iterator[None]:
        """Hold the data directory's lock, waiting up to `wait` seconds for another run."""
        path = self._tracker_folder() / "lock"
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = clock.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise
                    if clock.monotonic() >= deadline:
                        holder = path.read_text(encoding="utf-8").strip() or "another process"
                        raise BusyError(
                            f"another run is using {self.root} ({holder}); waited {wait:g} s. "
                            "Run again when it has finished (or give --lock-wait more seconds)."
                        ) from None
                    clock.sleep(0.1)
            os.ftruncate(handle, 0)
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            os.write(handle, f"process {os.getpid()}, since {stamp}\n".encode())
            # Temporary files of a run that died; nobody else can be writing them now.
            shutil.rmtree(self.tracker / "tmp", ignore_errors=True)
            yield
        finally:
            os.close(handle)  # closing releases the lock

    # -- git -------------------------------------------------------------------------------
    def commit(self, message: str, when: date | None = None) -> str | None:
        """Commit the data folders (snapshots/, diffs/) if they differ from HEAD.

        A store's first commit stages everything under them (so files left by an earlier
        `--no-commit` run go in too); its later ones (a replay's days) the files it wrote since.
        Nothing else is committed: a user's other work stays untouched.
        """
        folders = [folder for folder in (self.snapshots, self.diffs) if folder.exists()]
        if not folders:
            return None  # nothing was ever written here: no repository to make either
        top = self._top = self._top or _repository(self.root)
        data = [os.path.relpath(folder.resolve(), top) for folder in folders]
        # Once committed, the .gitignore stays in the repository: no need to ask again.
        self._ours_to_commit = self._ours_to_commit and _made_with_repository(top)
        if self._ours_to_commit:
            data.append(".gitignore")
        quick = self._committed and not self._ours_to_commit
        self._committed = False  # until this commit is made
        if quick:  # only what this store wrote since its last commit can differ from HEAD
            # As git names them: through the real folders (the data directory may be a link).
            touched = sorted(
                os.path.relpath(os.path.join(os.path.realpath(path.parent), path.name), top)
                for path in self._touched
            )
            if touched:
                _git(top, "update-index", "--add", "--remove", "--", *touched)
        else:
            _git(top, "add", "--all", "--force", "--", *data)
        checkpoint("after-add")
        # What the index now holds that HEAD does not (index against HEAD: no file is read).
        staged = _git(top, "diff", "--cached", "--name-only", "--no-renames", "-z").split("\0")
        staged = [path for path in staged if path]
        ours = [path for path in staged if _under(path, data)]
        if not ours:
            self._committed, self._touched = True, set()
            return None
        self._identity = self._identity or _identity(top)
        env = dict(self._identity)
        if when is not None:
            stamp = datetime.combine(when, time(12, 0), tzinfo=UTC).strftime(
                "%Y-%m-%dT%H:%M:%S+0000"
            )
            env |= {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        temporary = self.tracker / "tmp"
        temporary.mkdir(parents=True, exist_ok=True)
        message_file = temporary / f"commit-message.{os.getpid()}"
        message_file.write_text(message, encoding="utf-8")
        try:
            if len(ours) == len(staged):
                sha = self._commit_index(top, message, message_file, env)
            else:
                # A user's own staged work stays out by naming the data folders (which costs
                # a fresh read of every file under them).
                _git(top, "commit", "--quiet", "--no-verify", "--no-gpg-sign",
                     "--cleanup=verbatim", "--file", str(message_file), "--", *data,
                     env=env)  # fmt: skip
                sha = _git(top, "rev-parse", "HEAD").strip()
        finally:
            message_file.unlink(missing_ok=True)
        self._committed, self._touched = True, set()
        return sha

    def _commit_index(
        self, top: Path, message: str, message_file: Path, env: dict[str, str]
    ) -> str:
        """Commit the index as it is, with git's plumbing: `git commit` would first look at
        every file of the repository (a refresh of the index), which a history of years makes
        the largest cost of a replayed day. What `git commit` would do besides is done too:
        the branch's reflog says "commit: <subject>", and git's automatic housekeeping (`gc
        --auto`, which packs loose objects) runs after a store's first commit and every
        GC_EVERY commits of a replay. (Hooks are not run: `git commit --no-verify` ran none but
        post-commit.)"""
        tree = _git(top, "write-tree").strip()
        parent = _git(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
        parent = parent.strip()
        parents = ["-p", parent] if parent else []
        # --no-gpg-sign: as `git commit --no-gpg-sign` did (a nightly job has no key to sign with).
        sha = _git(
            top, "commit-tree", "--no-gpg-sign", tree, *parents, "-F", str(message_file), env=env
        ).strip()
        subject = message.split("\n", 1)[0]
        # Only from the parent it was made on: a commit made meanwhile is never overwritten.
        # (An empty old value: the branch must not exist yet, whatever the hash's length.)
        _git(top, "update-ref", "-m", f"commit: {subject}", "HEAD", sha, parent)
        self._quick_commits += 1
        if self._quick_commits % GC_EVERY == 1:  # housekeeping: its failure is not the commit's
            _git(top, "gc", "--auto", "--quiet", check=False)
        return sha


GC_EVERY = 50  # plumbing commits between two `git gc --auto` (git's porcelain runs it every time)


def _stat_text(stat: os.stat_result) -> str:
    """A file's size and modification time: what says it is still the file indexed."""
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _place(stems: list[str], stem: str, *, present: bool) -> None:
    """Put `stem` in the sorted list `stems`, or take it out (`present` False)."""
    at = bisect.bisect_left(stems, stem)
    there = at < len(stems) and stems[at] == stem
    if present and not there:
        stems.insert(at, stem)
    elif not present and there:
        del stems[at]


def _under(path: str, folders: Sequence[str]) -> bool:
    return any(path == folder or path.startswith(folder.rstrip("/") + "/") for folder in folders)


def _git(top: Path, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    """Run git in the repository `top`; a failure becomes a CommitError saying what to do
    (without `check`, a failure gives what git printed, usually nothing)."""
    done = subprocess.run(
        ["git", *args],
        cwd=top,
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C", **(env or {})},
        check=False,
    )
    if done.returncode != 0 and check:
        raise CommitError(_explain(top, args[0], done.stderr))
    return done.stdout


def _explain(top: Path, command: str, stderr: str) -> str:
    lock = top / ".git" / "index.lock"
    if "index.lock" in stderr:
        # Not deleted here: it may belong to a git process still running (an editor, a shell).
        return (
            f"git could not {command}: {lock} exists. Another git process is using the "
            f"repository, or one was killed. If no git process is running, delete {lock} and "
            "run again: the files written are committed then."
        )
    detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no message"
    return (
        f"git could not {command} in {top}: {detail}. Fix that and run again: the files "
        "written are committed then."
    )


def _repository(root: Path) -> Path:
    """The top folder of the git repository holding `root` (one is created if there is none)."""
    found = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True
    )
    if found.returncode == 0:
        return Path(found.stdout.strip()).resolve()
    broken = next((p for p in (root, *root.parents) if (p / ".git").exists()), None)
    if broken is not None:  # a repository git cannot read: never bury a new one inside it
        raise CommitError(_explain(broken, "read the repository", found.stderr))
    _git(root, "init", "--quiet")
    (root / ".gitignore").write_text(f"{TRACKER_DIR}/\n", encoding="utf-8")
    return root.resolve()


JSON_PIECE = 1 << 16  # bytes of a staged file decoded and encoded at a time, for the journal


def _json_string(data: bytes, piece: int = JSON_PIECE) -> Iterator[bytes]:
    """The JSON string of the UTF-8 text `data` (what `orjson.dumps(data.decode())` writes), in
    pieces: the text is decoded `piece` bytes at a time, each cut at a character's end, so a
    large file is never held decoded whole (a str of CJK text takes 2-4 bytes a character).
    Invalid UTF-8 raises UnicodeDecodeError, as `decode` would."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    yield b'"'
    view = memoryview(data)
    for start in range(0, len(data), piece):
        end = start + piece
        text = decoder.decode(view[start:end], final=end >= len(data))
        yield orjson.dumps(text)[1:-1]
    yield b'"'


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _made_with_repository(top: Path) -> bool:
    """The .gitignore `_repository` wrote, not yet in the first commit (a user's stays theirs)."""
    ignore = top / ".gitignore"
    return (
        ignore.is_file()
        and ignore.read_text(encoding="utf-8") == f"{TRACKER_DIR}/\n"
        and not _git(top, "ls-files", "--", ".gitignore")
    )


def _identity(top: Path) -> dict[str, str]:
    """Author and committer: the repository's configured user, else the tracker's bot."""

    def config(key: str, default: str) -> str:
        found = subprocess.run(
            ["git", "config", key], cwd=top, capture_output=True, text=True, check=False
        )
        return found.stdout.strip() or default

    name, email = config("user.name", BOT_NAME), config("user.email", BOT_EMAIL)
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


# -- publishing commits ---------------------------------------------------------------------------


class PushError(Exception):
    """The commits could not be pushed; the message says why and what to check."""


def push(root: Path, *, remote: str = "origin", attempts: int = 3) -> str:
    """Push the current branch to `remote`; if the branch moved there, rebase on it and retry.

    Never forces: at most `attempts` pushes, each after a `pull --rebase` of what others pushed;
    a rebase conflict is aborted (the local commits stay as they were). Any other refusal
    (no remote, no permission) fails at once. Returns the branch name.
    """
    import git

    top = _repository(root)
    repo = git.Repo(top)
    if repo.head.is_detached:
        raise PushError("cannot push: HEAD is detached (check out a branch first)")
    if remote not in [r.name for r in repo.remotes]:
        raise PushError(f"no {remote!r} remote to push to (add one: git remote add {remote} URL)")
    branch = str(repo.active_branch.name)
    attempts, message = max(attempts, 1), ""
    for attempt in range(1, attempts + 1):
        try:
            repo.git.push(remote, f"HEAD:refs/heads/{branch}")
            return branch
        except git.GitCommandError as error:
            message = _git_message(error)
            if not _BRANCH_MOVED.search(str(error.stderr)):
                raise PushError(f"push to {remote}/{branch} was refused: {message}") from None
        if attempt < attempts:
            # Rebasing re-commits ours: as the tracker's committer, even where git has no identity.
            identity = _identity(top)
            committer = {k: v for k, v in identity.items() if k.startswith("GIT_COMMITTER_")}
            try:
                with repo.git.custom_environment(**committer):
                    repo.git.pull("--rebase", "--no-autostash", remote, branch)
            except git.GitCommandError as error:
                if any((Path(repo.git_dir) / d).exists() for d in ("rebase-merge", "rebase-apply")):
                    repo.git.rebase("--abort")
                raise PushError(
                    f"push to {remote}/{branch} was rejected and rebasing on it failed: "
                    f"{_git_message(error)} (resolve by hand; nothing was forced)"
                ) from None
    raise PushError(
        f"push to {remote}/{branch} failed after {attempts} attempts, the branch kept moving: "
        f"{message}"
    )


# What git says when the remote branch has commits we do not have.
_BRANCH_MOVED = re.compile(r"non-fast-forward|fetch first|\[rejected\]|stale info")


def _git_message(error: Any) -> str:
    """git's own words, minus its hints and the remote's URL (which may carry a token)."""
    text = str(getattr(error, "stderr", "") or error).strip().removeprefix("stderr:").strip()
    lines = [line.strip() for line in text.strip("'").splitlines()]
    noise = ("hint:", "To ", "From ", "* branch", "Rebasing (")
    kept = [line for line in lines if line and not line.startswith(noise)]
    kept = [line for line in kept if not re.match(r"^[0-9a-f]+\.\.[0-9a-f]+ ", line)]
    return re.sub(r"'[a-z]+://[^']*'", "the remote", " ".join(kept[:6]))
