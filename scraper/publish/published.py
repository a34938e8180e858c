"""The published snapshot (`snapshots/latest.json`) as the commands that act on it read it.

`audit`, `calendar`, `timeline` and `site` work from the last good records: either a data
directory the tracker writes (`--data-dir`), or a `latest.json` someone else publishes
(`--snapshot FILE_OR_URL`), for users who do not run the tracker themselves. `audit` also reads
a published `models.json` (`load_published`).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from scraper.read.records import RetirementKind, State
from scraper.track.latest import LatestDocument
from scraper.words import counted

MAX_SNAPSHOT_BYTES = 50_000_000


class SnapshotError(Exception):
    """The published snapshot could not be read; the message says what to do."""


def latest_path(data_dir: Path) -> Path:
    return data_dir / "snapshots" / "latest.json"


class PublishedModel(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model_id: str
    state: State | None = None
    retirement_date: date | None = None
    retirement_not_before: bool | None = None
    retirement_kind: RetirementKind | None = None
    retirement_label: str = ""
    replacement: str | None = None


class PublishedModels(BaseModel):
    """snapshots/models.json as far as `audit` needs it: fields added later are ignored, so a
    models.json of a newer (or older) tracker still reads."""

    model_config = ConfigDict(extra="ignore")

    models: list[PublishedModel]


def load_latest(data_dir: Path | None = None, snapshot: str | None = None) -> LatestDocument:
    """The last good records: from `snapshot` (a file or an http(s) URL) if given, else
    `data_dir/snapshots/latest.json` (default: the current directory)."""
    text, where = _read(data_dir, snapshot)
    return _parse(text, where)


def load_published(where: str, *, data_dir: Path | None = None) -> LatestDocument | PublishedModels:
    """A published latest.json or models.json (a file or an http(s) URL), told apart by what
    it holds; `data_dir` when `where` is that directory's latest.json (for the hint)."""
    text, shown = _read(data_dir, None) if data_dir is not None else _read(None, where)
    try:
        data = json.loads(text)
    except ValueError as error:
        raise SnapshotError(f"{shown}: not JSON ({error})") from None
    if isinstance(data, dict) and "models" in data and "languages" not in data:
        try:
            return PublishedModels.model_validate(data)
        except ValidationError as error:
            raise SnapshotError(_problem(shown, "models.json", error)) from None
    return _parse(text, shown)


def _read(data_dir: Path | None, snapshot: str | None) -> tuple[str, str]:
    """The text of `snapshot` (file or URL), else of data_dir's latest.json; and its name."""
    if snapshot and snapshot.startswith(("http://", "https://")):
        return _download(snapshot), snapshot
    path = Path(snapshot) if snapshot else latest_path(data_dir or Path.cwd())
    if path.is_dir():
        raise SnapshotError(f"{path} is a directory; give the path of a latest.json file")
    if not path.is_file():
        hint = (
            "check the path"
            if snapshot
            else "run `deprecation-tracker run` there first, or pass --snapshot FILE_OR_URL"
        )
        raise SnapshotError(f"{path}: no such file; {hint}")
    if path.stat().st_size > MAX_SNAPSHOT_BYTES:
        raise SnapshotError(f"{path}: larger than {MAX_SNAPSHOT_BYTES} bytes; is it a snapshot?")
    return path.read_text(encoding="utf-8", errors="replace"), str(path)


def _download(url: str) -> str:
    from dataclasses import replace

    from scraper.fetch import FetchError, FetchOptions, fetch_url

    options = replace(FetchOptions(), max_bytes=MAX_SNAPSHOT_BYTES, retries=2)
    try:
        text, _fmt, _final = fetch_url(url, options)
    except FetchError as error:
        raise SnapshotError(f"{error}; check the URL or use --data-dir") from None
    return text


def _parse(text: str, where: str) -> LatestDocument:
    try:
        return LatestDocument.model_validate_json(text)
    except ValidationError as error:
        raise SnapshotError(_problem(where, "latest.json", error)) from None


def _problem(where: str, name: str, error: ValidationError) -> str:
    first = error.errors()[0]
    place = ".".join(str(part) for part in first["loc"]) or "top level"
    count = error.error_count()
    return (
        f"{where}: not a deprecation-tracker {name} ({place}: {first['msg']}; "
        f"{counted(count, 'problem')})"
    )
