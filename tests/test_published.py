"""Loading the published snapshot: from a data directory, a file, a URL, and what goes wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from pageserver import PageServer, Reply, server_fixture  # noqa: F401

from scraper.publish.published import SnapshotError, latest_path, load_latest
from scraper.track.latest import LatestDocument


def _write_latest(root: Path) -> Path:
    path = latest_path(root)
    path.parent.mkdir(parents=True)
    path.write_text(LatestDocument(languages={}, findings=[]).model_dump_json(), "utf-8")
    return path


def test_reads_a_data_directory_and_a_file(tmp_path: Path) -> None:
    path = _write_latest(tmp_path)
    assert load_latest(tmp_path).languages == {}
    assert load_latest(snapshot=str(path)).findings == []


def test_missing_directory_and_garbage_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="run `deprecation-tracker run` there first"):
        load_latest(tmp_path)
    with pytest.raises(SnapshotError, match="is a directory"):
        load_latest(snapshot=str(tmp_path))
    bad = tmp_path / "latest.json"
    bad.write_text('{"languages": 3}', "utf-8")
    with pytest.raises(SnapshotError, match=r"not a deprecation-tracker latest\.json"):
        load_latest(snapshot=str(bad))


def test_reads_a_url_and_reports_a_404(tmp_path: Path, server: PageServer) -> None:
    body = LatestDocument(languages={}, findings=[]).model_dump_json()
    server.route("/snapshots/latest.json", Reply(200, body, content_type="application/json"))
    assert load_latest(snapshot=server.url + "/snapshots/latest.json").languages == {}
    with pytest.raises(SnapshotError, match="404"):
        load_latest(snapshot=server.url + "/nothing.json")
