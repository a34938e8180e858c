"""Long synthetic histories (tests/synthetic.py) and what a day's cost may depend on.

A replay of a generated history gives the same files as a nightly `run` on each of its days; the
history index a run keeps gives the same answers as a scan of every revision.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pageserver import PageServer, Reply, page_path
from pageserver import server_fixture as server_fixture  # the `server` fixture
from synthetic import History, NoBaseError, write_history

from scraper import runner
from scraper.publish.calendar import revisions
from scraper.read.parse import read_file
from scraper.read.records import PageRecord
from scraper.runner import _retirements
from scraper.track.consistency import facts
from scraper.track.history import History as Timeline
from scraper.track.history import Snapshot
from scraper.track.history_index import HistoryIndex, current_index
from scraper.track.store import Store

LANGS = ("en", "de")  # two languages keep it fast; the generator writes all twelve


def _tree(root: Path) -> dict[str, Any]:
    """Every data file; JSON without `source` (where a page was read from: a capture's name in
    a replay, a URL in a run)."""
    found: dict[str, Any] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or {".git", ".tracker"} & set(path.parts):
            continue
        name = path.relative_to(root).as_posix()
        if path.suffix == ".json":
            found[name] = _without_source(json.loads(path.read_text(encoding="utf-8")))
        else:
            found[name] = path.read_text(encoding="utf-8")
    return found


def _without_source(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_source(v) for k, v in data.items() if k != "source"}
    if isinstance(data, list):
        return [_without_source(v) for v in data]
    return data


def test_the_same_seed_gives_the_same_pages(corpus_dir: Path) -> None:
    first = list(History(corpus_dir, 12, seed=3).pages())
    again = list(History(corpus_dir, 12, seed=3).pages())
    other = list(History(corpus_dir, 12, seed=4).pages())
    assert first == again
    assert first != other
    # A longer history starts with the same days.
    assert list(History(corpus_dir, 20, seed=3).pages())[:12] == first


def test_every_generated_day_is_read_without_warnings(corpus_dir: Path, tmp_path: Path) -> None:
    history = History(corpus_dir, 30, seed=5)
    archive = write_history(tmp_path / "archive", history)
    english = sorted(archive.glob("en__*"))
    assert len(english) == 30
    changed = 0
    previous: PageRecord | None = None
    for path in english:
        record, _ = read_file(path, "en")
        assert not record.warnings, path.name
        changed += previous is not None and record.models != previous.models
        previous = record
    assert changed >= 15  # most days change something


def test_replay_gives_the_files_of_a_run_on_each_day(
    corpus_dir: Path, tmp_path: Path, server: PageServer
) -> None:
    history = History(corpus_dir, 40, seed=11)
    archive = write_history(tmp_path / "archive", history)
    runner.replay(archive, tmp_path / "replayed", languages=LANGS, commit=False)
    events = 0
    for number, pages in history.pages():
        for lang in LANGS:
            server.route(page_path(lang), Reply(body=pages[lang]))
        result = runner.run(
            tmp_path / "run",
            languages=LANGS,
            base_url=server.url,
            commit=False,
            day=history.day(number),
        )
        events += len(result.events)
    assert events > 40
    assert _tree(tmp_path / "run") == _tree(tmp_path / "replayed")


def test_the_index_answers_as_a_scan_of_every_revision(corpus_dir: Path, tmp_path: Path) -> None:
    history = History(corpus_dir, 60, seed=2)
    archive = write_history(tmp_path / "archive", history)
    records = [
        (history.day(n), read_file(archive / f"en__{history.day(n)}__synthetic.md", "en")[0])
        for n in range(1, 61)
    ]
    index = HistoryIndex.of("en", records, _retirements)
    stated = [(day, facts(record)) for day, record in records]
    newest_first = sorted(stated, key=lambda pair: pair[0], reverse=True)
    keys = set().union(*(found.keys() for _, found in stated))
    for key in sorted(keys):
        for day, _ in stated[::7]:
            for _, said in stated[::11]:
                mine = said.get(key)
                scanned = None
                for when, earlier in newest_first:
                    if when >= day:
                        continue
                    theirs = earlier.get(key)
                    if mine is None or mine.presence:
                        if (theirs is not None) == (mine is not None):
                            scanned = when
                            break
                    elif theirs is not None and theirs.value == mine.value:
                        scanned = when
                        break
                assert index.said_before(key, mine, day) == scanned, (key, day)
    # The calendar's moves of each retirement, as `revisions` counts them over the history.
    timeline = Timeline("en", "files", tuple(Snapshot(d, r, "working tree") for d, r in records))
    expected = {m: (r.sequence, r.since) for m, r in revisions(timeline).items()}
    assert index.revisions() == expected
    assert HistoryIndex.from_json(index.to_json()) == index


def test_a_run_keeps_the_index_and_rebuilds_it_when_the_snapshots_change(
    corpus_dir: Path, tmp_path: Path
) -> None:
    history = History(corpus_dir, 8, seed=9)
    archive = write_history(tmp_path / "archive", history)
    data = tmp_path / "data"
    saved: list[str] = []
    real_save = runner.save_index

    def save(store: Store, language: str) -> None:
        saved.append(language)
        real_save(store, language)

    runner.save_index = save  # type: ignore[assignment]
    try:
        runner.replay(archive, data, languages=["en"], commit=False)
    finally:
        runner.save_index = real_save
    assert saved == ["en"]  # once, at the end of the replay: not rewritten every day
    kept = data / ".tracker" / "index" / "en.json"
    assert kept.is_file()
    index = current_index(Store(data), "en", _retirements)
    assert HistoryIndex.from_json(kept.read_text(encoding="utf-8")) == index
    days = sorted((data / "snapshots" / "en").glob("????-??-??.json"))
    # Someone rewrites an old snapshot (a pull, an edit): the index is rebuilt from the files.
    changed = json.loads(days[1].read_text(encoding="utf-8"))
    changed["models"] = changed["models"][:1]
    days[1].write_text(json.dumps(changed), encoding="utf-8")
    rebuilt = current_index(Store(data), "en", _retirements)
    assert rebuilt != index
    fresh = HistoryIndex.of(
        "en", [(date.fromisoformat(p.stem), Store(data).snapshot("en", date.fromisoformat(p.stem)))
               for p in days]
    )  # fmt: skip
    assert rebuilt.runs == fresh.runs
    # A damaged cache is rebuilt too.
    kept.write_text("{not json", encoding="utf-8")
    assert current_index(Store(data), "en", _retirements).runs == fresh.runs


def test_a_history_needs_a_day_with_every_language(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "en__2026-01-01__x.md").write_text("# page\n", encoding="utf-8")
    with pytest.raises(NoBaseError):
        History(tmp_path, 5)
