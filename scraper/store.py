"""Files and commits: the only module that writes to the data directory or to git.

Layout of a data directory (normally the repository itself):

    snapshots/<lang>/<YYYY-MM-DD>.json   the record as of that day (only days it changed)
    snapshots/<lang>/<YYYY-MM-DD>.md     the page's Markdown text that day (for text diffs)
    snapshots/<lang>/hold.json           only while a suspicious reading is being held back
    snapshots/latest/<lang>.json         the last good record of each language
    snapshots/latest.json                all languages in one document (feed consumers start here)
    diffs/<YYYY-MM-DD>.md / .json        the report and the events of a day that changed something
    diffs/feed.json, diffs/feed.atom     JSON Feed 1.1 and Atom, one item per event
    .tracker/                            run log and HTTP validators: not data, never committed
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from scraper.guards import Hold
from scraper.records import PageRecord, dump_json

TRACKER_DIR = ".tracker"
BOT_NAME = "deprecation-tracker"
BOT_EMAIL = "deprecation-tracker@users.noreply.github.com"


class Store:
    """Reads and writes one data directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.snapshots = root / "snapshots"
        self.diffs = root / "diffs"
        self.tracker = root / TRACKER_DIR
        self.written: set[Path] = set()
        self.removed: set[Path] = set()

    # -- reading ---------------------------------------------------------------------------
    def latest(self, lang: str) -> PageRecord | None:
        if not self.has_snapshot(lang):
            return None
        text = (self.snapshots / "latest" / f"{lang}.json").read_text(encoding="utf-8")
        return PageRecord.model_validate_json(text)

    def has_snapshot(self, lang: str) -> bool:
        return (self.snapshots / "latest" / f"{lang}.json").is_file()

    def latest_date(self, lang: str) -> date | None:
        days = sorted(p.stem for p in (self.snapshots / lang).glob("????-??-??.json"))
        return date.fromisoformat(days[-1]) if days else None

    def snapshot_days(self, lang: str) -> list[date]:
        """The days a language's record changed (one snapshot file each), oldest first."""
        return sorted(
            date.fromisoformat(p.stem) for p in (self.snapshots / lang).glob("????-??-??.json")
        )

    def snapshot(self, lang: str, day: date) -> PageRecord:
        text = (self.snapshots / lang / f"{day.isoformat()}.json").read_text(encoding="utf-8")
        return PageRecord.model_validate_json(text)

    def read_data(self, relative: str) -> str | None:
        """The text of a data file (e.g. "diffs/translations.json"), or None if there is none."""
        path = self.root / relative
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def hold(self, lang: str) -> Hold | None:
        path = self.snapshots / lang / "hold.json"
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return Hold(
            reasons=tuple(data["reasons"]),
            first_seen=date.fromisoformat(data["first_seen"]),
            last_seen=date.fromisoformat(data["last_seen"]),
            days_seen=data["days_seen"],
            fingerprint=data["fingerprint"],
        )

    def day_events(self, day: date) -> list[dict[str, Any]]:
        path = self.diffs / f"{day.isoformat()}.json"
        if not path.is_file():
            return []
        events: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["events"]
        return events

    def all_event_days(self) -> list[date]:
        return sorted(date.fromisoformat(p.stem) for p in self.diffs.glob("????-??-??.json"))

    def http_validators(self) -> dict[str, dict[str, str | None]]:
        path = self.tracker / "http-cache.json"
        if not path.is_file():
            return {}
        try:
            data: dict[str, dict[str, str | None]] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data

    # -- writing ---------------------------------------------------------------------------
    def write(self, path: Path, text: str) -> None:
        """Write `text` to `path` unless it already holds exactly that (no empty rewrites)."""
        # Bytes, not text: reading text would turn the calendar's CRLF line ends into LF, so an
        # unchanged file would never compare equal (and would be rewritten on every run).
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a crash never leaves half a snapshot
        self.written.add(path)

    def remove(self, path: Path) -> None:
        if path.exists():
            path.unlink()
            self.removed.add(path)

    def save_snapshot(self, record: PageRecord, day: date, markdown: str | None) -> None:
        lang = record.language
        text = record.to_json()
        self.write(self.snapshots / lang / f"{day.isoformat()}.json", text)
        if markdown is not None:
            self.write(self.snapshots / lang / f"{day.isoformat()}.md", markdown)
        self.write(self.snapshots / "latest" / f"{lang}.json", text)
        self.clear_hold(lang)

    def save_hold(self, lang: str, hold: Hold) -> None:
        data = asdict(hold)
        data["reasons"] = list(hold.reasons)
        data["first_seen"] = hold.first_seen.isoformat()
        data["last_seen"] = hold.last_seen.isoformat()
        self.write(self.snapshots / lang / "hold.json", dump_json(data))

    def clear_hold(self, lang: str) -> None:
        self.remove(self.snapshots / lang / "hold.json")

    def save_http_validators(self, data: dict[str, dict[str, str | None]]) -> None:
        self.tracker.mkdir(parents=True, exist_ok=True)
        (self.tracker / "http-cache.json").write_text(dump_json(data), encoding="utf-8")

    def forget_http_validators(self, languages: Iterable[str]) -> None:
        """Drop validators, so these languages are fetched in full next time (e.g. after a
        failed push, when a `304` would hide a change that never reached the repository)."""
        drop, cached = set(languages), self.http_validators()
        kept = {lang: data for lang, data in cached.items() if lang not in drop}
        if kept != cached:
            self.save_http_validators(kept)

    def log_run(self, entry: dict[str, Any]) -> None:
        """Append to the run log (.tracker/runs.jsonl): when a run was made and what it saw."""
        self.tracker.mkdir(parents=True, exist_ok=True)
        with (self.tracker / "runs.jsonl").open("a", encoding="utf-8") as log:
            log.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")

    # -- git -------------------------------------------------------------------------------
    def commit(self, message: str, when: date | None = None) -> str | None:
        """Commit the data files if this run wrote any. Returns the commit sha, or None.

        Everything under snapshots/ and diffs/ is staged (so files left by an earlier
        `--no-commit` run go in too), and nothing else: a user's other work stays untouched.
        """
        if not (self.written or self.removed):
            return None
        self.written.clear()
        self.removed.clear()
        repo = _repository(self.root)
        data_paths = [str(p) for p in (self.snapshots, self.diffs) if p.exists()]
        if data_paths:
            # One `git add` for all paths (gitpython's index.add hashes file by file).
            repo.git.add("--all", "--force", "--", *data_paths)
        if repo.head.is_valid() and not repo.index.diff("HEAD"):
            return None
        actor = _actor(repo)
        stamp = None
        if when is not None:
            moment = datetime.combine(when, time(12, 0), tzinfo=UTC)
            stamp = moment.strftime("%Y-%m-%dT%H:%M:%S+0000")
        commit = repo.index.commit(
            message,
            author=actor,
            committer=actor,
            author_date=stamp,
            commit_date=stamp,
        )
        return str(commit.hexsha)


def _repository(root: Path) -> Any:
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        repo = git.Repo.init(root)
        (root / ".gitignore").write_text(f"{TRACKER_DIR}/\n", encoding="utf-8")
        repo.index.add([".gitignore"])
        return repo


def _actor(repo: Any) -> Any:
    import git

    reader = repo.config_reader()
    name = reader.get_value("user", "name", default=BOT_NAME)
    email = reader.get_value("user", "email", default=BOT_EMAIL)
    return git.Actor(str(name), str(email))


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

    repo = _repository(root)
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
            actor = _actor(repo)
            committer = {"GIT_COMMITTER_NAME": actor.name, "GIT_COMMITTER_EMAIL": actor.email}
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
