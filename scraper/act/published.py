"""The published snapshot (`snapshots/latest.json`) as the commands that act on it read it.

`audit`, `calendar`, `timeline` and `site` work from the last good records: either a data
directory the tracker writes (`--data-dir`), or a `latest.json` someone else publishes
(`--snapshot FILE_OR_URL`), for users who do not run the tracker themselves.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from scraper.track.pipeline import LatestDocument

MAX_SNAPSHOT_BYTES = 50_000_000


class SnapshotError(Exception):
    """The published snapshot could not be read; the message says what to do."""


def latest_path(data_dir: Path) -> Path:
    return data_dir / "snapshots" / "latest.json"


def load_latest(data_dir: Path | None = None, snapshot: str | None = None) -> LatestDocument:
    """The last good records: from `snapshot` (a file or an http(s) URL) if given, else
    `data_dir/snapshots/latest.json` (default: the current directory)."""
    if snapshot and snapshot.startswith(("http://", "https://")):
        return _parse(_download(snapshot), snapshot)
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
    return _parse(path.read_text(encoding="utf-8", errors="replace"), str(path))


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
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"]) or "top level"
        raise SnapshotError(
            f"{where}: not a deprecation-tracker latest.json ({place}: {first['msg']}; "
            f"{error.error_count()} problem(s))"
        ) from None
