"""Replay of real captures (acceptance, over ../shared/corpus), and the capture-picking rules.

The replay of the English and Indonesian captures runs once per module (it takes a few
seconds); every test then reads the history it wrote: day files, snapshots and git commits.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import git
import pytest

from scraper.cli import main
from scraper.read.parse import parse_file
from scraper.runner import find_captures, pick_daily
from scraper.track.events import same_content

LANGUAGES = ("en", "id")


@dataclass(frozen=True)
class Replayed:
    archive: Path
    data: Path  # replayed with commits
    again: Path  # the same captures replayed into another folder, without commits


@pytest.fixture(scope="module")
def replayed(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Replayed:
    archive = tmp_path_factory.mktemp("archive")
    for capture in sorted((corpus_dir / "pages").iterdir()):
        if capture.name.startswith(tuple(f"{lang}__" for lang in LANGUAGES)):
            shutil.copy2(capture, archive / capture.name)
    data, again = tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("again")
    assert main(["replay", str(archive), "--data-dir", str(data), "-q"]) == 0
    # Again straight from the corpus, filtered by --languages and not committed: the files must
    # come out the same (so nothing depends on where the captures are, or on git).
    pages = corpus_dir / "pages"
    again_args = ["--languages", ",".join(LANGUAGES), "--data-dir", str(again), "--no-commit"]
    assert main(["replay", str(pages), *again_args, "-q"]) == 0
    return Replayed(archive, data, again)


def events_on(replayed: Replayed, day: str, lang: str = "en") -> list[dict[str, Any]]:
    path = replayed.data / "diffs" / f"{day}.json"
    if not path.is_file():
        return []
    return [
        e for e in json.loads(path.read_text(encoding="utf-8"))["events"] if e["language"] == lang
    ]


def all_events(replayed: Replayed) -> list[dict[str, Any]]:
    found = []
    for path in sorted((replayed.data / "diffs").glob("????-??-??.json")):
        found += json.loads(path.read_text(encoding="utf-8"))["events"]
    return found


def changes(events: list[dict[str, Any]], model_id: str) -> dict[str, tuple[Any, Any]]:
    """type -> (before, after) of the status-table events of one model."""
    found = {}
    for e in events:
        if e["model_id"] == model_id and e["anchor"] == "model-status":
            assert e["type"] not in found, f"two {e['type']} events for {model_id}"
            found[e["type"]] = (e["before"], e["after"])
    return found


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for sub in ("snapshots", "diffs")
        for p in sorted((folder / sub).rglob("*"))
        if p.is_file()
    }


# -- the real history ------------------------------------------------------------------------


def test_2026_02_20_haiku_3_deprecated_sonnet_3_7_and_haiku_3_5_retired(
    replayed: Replayed,
) -> None:
    events = events_on(replayed, "2026-02-20")
    assert changes(events, "claude-3-haiku-20240307") == {
        "state_changed": ("active", "deprecated"),
        "deprecated_on_changed": (None, "2026-02-19"),
        # One event: the day moved and is now fixed (it was "not sooner than").
        "retirement_date_changed": (
            {"date": "2025-03-07", "kind": "not_sooner_than", "label": None},
            {"date": "2026-04-20", "kind": "date", "label": None},
        ),
    }
    [announced] = [e for e in events if e["type"] == "deprecation_announced"]
    assert announced["subject"].startswith("2026-02-19: ")
    assert announced["after"]["entries"] == {
        "claude-3-haiku-20240307": {
            "retirement": {"date": "2026-04-20", "kind": "date", "label": None},
            "replacement": "claude-haiku-4-5-20251001",
        }
    }
    for model_id in ("claude-3-7-sonnet-20250219", "claude-3-5-haiku-20241022"):
        assert changes(events, model_id) == {"state_changed": ("deprecated", "retired")}


def test_2026_04_15_opus_4_and_sonnet_4_deprecated(replayed: Replayed) -> None:
    events = events_on(replayed, "2026-04-15")
    for model_id in ("claude-opus-4-20250514", "claude-sonnet-4-20250514"):
        found = changes(events, model_id)
        assert found["state_changed"] == ("active", "deprecated")
        assert found["deprecated_on_changed"] == (None, "2026-04-14")
        assert found["retirement_date_changed"][1] == {
            "date": "2026-06-15",
            "kind": "date",
            "label": None,
        }
        assert found["retirement_date_changed"][0]["kind"] == "not_sooner_than"


def test_2026_07_21_opus_4_1_deprecated_and_three_models_added(replayed: Replayed) -> None:
    events = events_on(replayed, "2026-07-21")
    assert changes(events, "claude-opus-4-1-20250805")["state_changed"] == ("active", "deprecated")
    added = sorted(e["model_id"] for e in events if e["type"] == "model_added")
    # claude-mythos-preview: stated by a note above the table, not a table row.
    assert added == [
        "claude-fable-5",
        "claude-mythos-preview",
        "claude-opus-4-8",
        "claude-sonnet-5",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_days_whose_captures_say_the_same_have_no_events(replayed: Replayed, lang: str) -> None:
    chosen, _ = pick_daily([c for c in find_captures(replayed.archive)[0] if c.language == lang])
    records = [(c.day, parse_file(c.path, lang)) for c in chosen if c.ext == "md"]
    same = [day.isoformat() for (_, old), (day, new) in pairwise(records) if same_content(old, new)]
    if lang == "en":
        assert {"2025-12-27", "2026-01-03", "2026-01-16", "2026-01-17", "2026-01-18"} <= set(same)
    else:
        assert {"2026-01-15", "2026-01-17", "2026-01-18"} <= set(same)
    for day in same:
        # Findings against English may come or go on such a day (English changed): not events
        # of this page.
        page_events = [e for e in events_on(replayed, day, lang) if "finding" not in e["type"]]
        assert page_events == [], day
        assert not (replayed.data / "snapshots" / lang / f"{day}.json").exists()


def test_no_model_is_removed_and_then_added_again(replayed: Replayed) -> None:
    moves: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for e in all_events(replayed):  # in date order
        if e["type"] in ("model_added", "model_removed"):
            moves[(e["language"], e["model_id"])].append((e["date"], e["type"]))
    assert {kind for found in moves.values() for _, kind in found} == {
        "model_added",
        "model_removed",
    }
    flapping = {
        key: found
        for key, found in moves.items()
        if any(a[1] == b[1] or a[1] == "model_removed" for a, b in pairwise(found))
    }
    assert flapping == {}


def test_the_lagging_copy_of_2025_11_27_is_held(replayed: Replayed) -> None:
    data = replayed.data
    assert not (data / "snapshots" / "en" / "2025-11-27.json").exists()
    assert not (data / "diffs" / "2025-11-27.json").exists()
    repo = git.Repo(data)
    [commit] = [c for c in repo.iter_commits() if c.authored_datetime.date() == date(2025, 11, 27)]
    assert set(commit.stats.files) == {"snapshots/en/hold.json", "snapshots/latest.json"}
    hold = json.loads(repo.git.show(f"{commit.hexsha}:snapshots/en/hold.json"))
    assert any("claude-opus-4-5-20251101" in reason for reason in hold["reasons"])
    latest = json.loads(repo.git.show(f"{commit.hexsha}:snapshots/latest.json"))
    assert latest["languages"]["en"]["held_since"] == "2025-11-27"
    assert "claude-opus-4-5-20251101" in latest["languages"]["en"]["held_reason"]
    assert not (data / "snapshots" / "en" / "hold.json").exists()  # a later copy ended the hold
    removed = [
        e
        for e in all_events(replayed)
        if e["model_id"] == "claude-opus-4-5-20251101" and e["type"] == "model_removed"
    ]
    assert removed == []


def test_one_commit_per_changed_day_dated_by_its_captures(replayed: Replayed) -> None:
    repo = git.Repo(replayed.data)
    commits = list(repo.iter_commits())
    days = [c.authored_datetime.date().isoformat() for c in commits]
    assert len(days) == len(set(days)), "more than one commit on a day"
    assert all(c.committed_datetime == c.authored_datetime for c in commits)
    event_days = {p.stem for p in (replayed.data / "diffs").glob("????-??-??.json")}
    first_days = {
        min(
            p.stem
            for p in (replayed.data / "snapshots" / lang).glob("*.json")
            if p.stem[0].isdigit()
        )
        for lang in LANGUAGES
    }
    assert set(days) == event_days | first_days | {"2025-11-27"}
    for commit in commits:
        day = commit.authored_datetime.date().isoformat()
        if day in event_days:
            assert f"diffs/{day}.json" in commit.stats.files
        assert all(
            str(p).startswith(("snapshots/", "diffs/", ".gitignore")) for p in commit.stats.files
        )
    capture_days = {c.day.isoformat() for c in find_captures(replayed.archive)[0]}
    assert set(days) < capture_days  # unchanged days made no commit


def test_replaying_twice_gives_identical_trees(replayed: Replayed) -> None:
    first, second = tree(replayed.data), tree(replayed.again)
    assert len(first) > 50
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []


# -- which captures are replayed -------------------------------------------------------------


def touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_text("x\n", encoding="utf-8")


def test_pick_daily_prefers_markdown_then_html_then_mirror_text(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "en__2026-01-01__b.txt",
        "en__2026-01-01__a.html",
        "en__2026-01-01__z.md",
        "en__2026-01-01__y.md",
        "id__2026-01-01__x.txt",
        "id__2026-01-01__w.html",
        "id__2026-01-02__only.txt",
        "en__2025-12-31__v.md",
    )
    captures, ignored = find_captures(tmp_path)
    assert ignored == []
    chosen, skipped = pick_daily(captures)
    assert [c.path.name for c in chosen] == [
        "en__2025-12-31__v.md",
        "en__2026-01-01__y.md",
        "id__2026-01-01__w.html",
        "id__2026-01-02__only.txt",
    ]
    assert sorted(c.path.name for c in skipped) == [
        "en__2026-01-01__a.html",
        "en__2026-01-01__b.txt",
        "en__2026-01-01__z.md",
        "id__2026-01-01__x.txt",
    ]


def test_find_captures_ignores_badly_named_files(tmp_path: Path) -> None:
    good = ["en__2026-01-01__a.md", "pt-BR__2026-02-03__mirror-1.html", "zh-TW__2026-02-03__b.txt"]
    bad = [
        "xx__2026-01-01__a.md",  # not a language
        "EN__2026-01-01__a.md",  # codes are case-sensitive
        "en__2026-13-01__a.md",  # not a date
        "en__2026-1-01__a.md",
        "en_2026-01-01_a.md",
        "en__2026-01-01__.md",  # no name
        "en__2026-01-01__a.pdf",
        "README.txt",
    ]
    touch(tmp_path, *good, *bad)
    (tmp_path / "en__2026-01-05__folder.md").mkdir()  # a folder is not a capture
    captures, ignored = find_captures(tmp_path)
    assert sorted(c.path.name for c in captures) == sorted(good)
    assert sorted(ignored) == sorted(bad)
    [brazil] = [c for c in captures if c.language == "pt-BR"]
    assert (brazil.day, brazil.ext) == (date(2026, 2, 3), "html")


# -- replaying into a data directory that already has history (our own small pages) ---------


def own_archive(folder: Path, **captures: str) -> Path:
    """Captures named like `en__2026-03-01__a.md`, given as en__2026_03_01__a="text"."""
    folder.mkdir(parents=True, exist_ok=True)
    for key, text in captures.items():
        lang, day, name = key.split("__")
        (folder / f"{lang}__{day.replace('_', '-')}__{name}.md").write_text(text, encoding="utf-8")
    return folder


def replay_cli(archive: Path, data: Path, capsys: pytest.CaptureFixture[str], *extra: str):  # type: ignore[no-untyped-def]
    code = main(["replay", str(archive), "--data-dir", str(data), *extra])
    out, err = capsys.readouterr()
    return code, out + err


def history(data: Path) -> list[str]:
    repo = git.Repo(data)
    return [c.hexsha for c in repo.iter_commits()] if repo.head.is_valid() else []


@pytest.fixture
def own(tmp_path: Path) -> Path:
    from trackpages import ALPHA, ROWS, page_text, with_row

    moved = with_row(ROWS, ALPHA, state="legacy")
    return own_archive(
        tmp_path / "archive",
        en__2026_03_01__a=page_text("en"),
        de__2026_03_01__a=page_text("de"),
        en__2026_03_05__a=page_text("en", moved),
        de__2026_03_05__a=page_text("de", moved),
    )


def test_replaying_the_same_archive_twice_changes_nothing(
    own: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code, output = replay_cli(own, data, capsys)
    assert code == 0, output
    before, commits = tree(data), history(data)
    assert len(commits) == 2

    code, output = replay_cli(own, data, capsys)
    assert code == 0, output
    assert (
        "skipped en__2026-03-01__a.md: older than the newest snapshot of en (2026-03-05)" in output
    )
    assert "skipped de__2026-03-05__a.md: already applied (the snapshot of de of 2026-03-05)" in (
        output
    )
    assert "replayed 0 days: 0 changes, 0 findings came or went, 0 commits" in output
    assert tree(data) == before and history(data) == commits


def test_a_replay_that_keeps_no_events_gives_each_day_s_events_as_it_goes(
    own: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command's replay keeps no day's events once the day is said (a long replay's memory
    would grow with them); its summary counts them as the days go, as the results would."""
    from scraper.publish.report import count_changes, count_findings
    from scraper.runner import RunResult, replay
    from scraper.words import counted

    kept = replay(own, tmp_path / "kept", commit=False)
    seen: list[RunResult] = []
    light = replay(own, tmp_path / "light", commit=False, on_day=seen.append, keep_events=False)
    assert [r.day for r in seen] == [r.day for r in light] == [r.day for r in kept]
    changes = sum(count_changes(r.events) for r in kept)
    findings = sum(count_findings(r.events) for r in kept)
    assert changes > 0
    assert [[e.id for e in r.events] for r in kept] == [[e.id for e in r.events] for r in seen]
    for full, without in zip(kept, light, strict=True):
        assert without.events == []
        assert all(o.events == () for o in without.outcomes.values())
        assert {k: o.status for k, o in without.outcomes.items()} == {
            k: o.status for k, o in full.outcomes.items()
        }
        assert without.commit == full.commit and without.written == []
    code, output = replay_cli(own, tmp_path / "cli", capsys)
    assert code == 0, output
    assert (
        f"replayed 2 days: {counted(changes, 'change')}, {counted(findings, 'finding')} " in output
    )


@pytest.fixture
def quiet_de(tmp_path: Path) -> Path:
    """English changes every day; German's page stays the same after its first day (an unchanged
    page writes no snapshot, so German's newest snapshot stays on day one)."""
    from trackpages import ALPHA, GAMMA, ROWS, page_text, with_row

    moved = with_row(ROWS, ALPHA, state="legacy")
    moved_again = with_row(moved, GAMMA, retirement=date(2026, 6, 1))
    return own_archive(
        tmp_path / "quiet",
        en__2026_03_01__a=page_text("en"),
        de__2026_03_01__a=page_text("de"),
        en__2026_03_05__a=page_text("en", moved),
        de__2026_03_05__a=page_text("de"),
        en__2026_03_06__a=page_text("en", moved_again),
        de__2026_03_06__a=page_text("de"),
    )


def test_a_language_read_unchanged_is_not_replayed_again_over_later_days(
    quiet_de: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """German's unchanged days were read: a second replay must not read them again after
    English's later days (it rewrote their reports with what later days knew, and committed
    them after those days). Without the run log (.tracker/ is a cache: a fresh clone has none)
    the data directory's newest day keeps history moving forward."""
    data = tmp_path / "data"
    code, output = replay_cli(quiet_de, data, capsys)
    assert code == 0, output
    before, commits = tree(data), history(data)
    assert len(commits) == 3

    code, output = replay_cli(quiet_de, data, capsys)
    assert code == 0, output
    assert "skipped de__2026-03-05__a.md: older than the last day de was read (2026-03-06)" in (
        output
    )
    # Its newest day again is a second run of that day: read, unchanged, nothing to commit.
    assert "replayed 1 day: 0 changes, 0 findings came or went, 0 commits" in output
    assert tree(data) == before and history(data) == commits

    (data / ".tracker" / "runs.jsonl").unlink()
    code, output = replay_cli(quiet_de, data, capsys)
    assert code == 0, output
    assert (
        "skipped de__2026-03-05__a.md: older than the data directory's newest day (2026-03-06)"
        in output
    )
    assert tree(data) == before and history(data) == commits


@pytest.mark.parametrize("step", ["after-journal", "after-commit"])
def test_a_replay_killed_mid_way_and_run_again_ends_as_one_that_was_not(
    quiet_de: Path, tmp_path: Path, step: str
) -> None:
    """A replay of days one and two, then kill -9 of a real replay of the whole archive at its
    first new day's step (day three), then that replay again: the same files and the same
    commits as one replay never interrupted (German, unchanged since day one, is not read again
    on day two after day three)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "DEPRECATION_TRACKER_PLATFORMS": "none"}

    def replay_in(
        archive: Path, data: Path, *quiet: str, **more: str
    ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "scraper", "replay", str(archive), *quiet]
        return subprocess.run(
            [*command, "--data-dir", str(data)], env={**env, **more}, capture_output=True,
            text=True,
        )  # fmt: skip

    whole, killed = tmp_path / "whole", tmp_path / "killed"
    first_days = tmp_path / "first-days"
    first_days.mkdir()
    for capture in quiet_de.glob("*__2026-03-0[15]__*"):
        shutil.copy(capture, first_days)
    assert replay_in(quiet_de, whole, "-q").returncode == 0
    assert replay_in(first_days, killed, "-q").returncode == 0
    assert replay_in(quiet_de, killed, "-q", DEPRECATION_TRACKER_KILL_AT=step).returncode == -9
    again = replay_in(quiet_de, killed)
    assert again.returncode == 0, again.stderr
    said = again.stdout + again.stderr
    if step == "after-journal":  # killed on day three (German's day two, read again, wrote none)
        assert "finished the interrupted run of 2026-03-06" in said, said
        # The finished day is in the run log: German was read on it, so its day two is not read
        # again after day three.
        assert "de__2026-03-05__a.md: older than the last day de was read (2026-03-06)" in said
    assert tree(killed) == tree(whole)

    def log(data: Path) -> list[str]:
        return [f"{c.message}|{c.tree.hexsha}" for c in git.Repo(data).iter_commits()]

    assert log(killed) == log(whole)


def test_older_captures_are_never_applied_on_top_of_newer_history(
    own: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trackpages import ALPHA, GAMMA, ROWS, page_text, with_row

    data = tmp_path / "data"
    assert replay_cli(own, data, capsys)[0] == 0
    before, commits = tree(data), history(data)
    # An older capture that differs (it would move a date backwards), and a newer one.
    legacy = with_row(ROWS, ALPHA, state="legacy")
    more = own_archive(
        tmp_path / "more",
        en__2026_03_03__old=page_text("en", with_row(legacy, GAMMA, retirement=date(2025, 1, 1))),
        en__2026_03_09__new=page_text("en", with_row(legacy, GAMMA, retirement=date(2026, 6, 1))),
    )
    code, output = replay_cli(more, data, capsys)
    assert code == 0, output
    assert "skipped en__2026-03-03__old.md: older than the newest snapshot of en" in output
    assert not (data / "snapshots" / "en" / "2026-03-03.json").exists()
    assert not (data / "diffs" / "2026-03-03.json").exists()
    events = json.loads((data / "diffs" / "2026-03-09.json").read_text())["events"]
    assert [
        (e["type"], e["before"]["date"], e["after"]["date"])
        for e in events
        if e["anchor"] == "model-status"
    ] == [("retirement_date_changed", "2026-04-30", "2026-06-01")]
    assert history(data)[1:] == commits
    for day in ("2026-03-01", "2026-03-05"):  # the history before is untouched
        assert {p: b for p, b in tree(data).items() if day in p} == {
            p: b for p, b in before.items() if day in p
        }


def test_rebuild_needs_an_empty_data_directory(
    own: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code, output = replay_cli(own, data, capsys, "--rebuild")
    assert code == 0, output
    before = tree(data)
    code, output = replay_cli(own, data, capsys, "--rebuild")
    assert code == 2
    assert f"error: {data} already has history (snapshots/ or diffs/); --rebuild" in output
    assert tree(data) == before


def test_replay_exit_codes_follow_run(
    own: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trackpages import ALPHA, ROWS, page_text, without_row

    data = tmp_path / "data"
    assert replay_cli(own, data, capsys)[0] == 0
    unreadable = own_archive(tmp_path / "bad", de__2026_03_07__bad="no page here\n")
    code, output = replay_cli(unreadable, data, capsys)
    assert code == 1 and "failed: de__2026-03-07__bad.md: " in output
    # A language still held back at the end of the replay: 1, and replaying it again changes
    # nothing (the hold's count of days is not bumped by days it has already seen).
    gone = page_text("en", without_row(ROWS, ALPHA))
    held = own_archive(tmp_path / "held", en__2026_03_10__a=gone, en__2026_03_11__a=gone)
    code, output = replay_cli(held, data, capsys)
    assert code == 1 and "still held back: en" in output
    assert "kept the last good snapshot from 2026-03-05" in output
    # Why each day was held, not just "held": the day's line, and the summary at the end.
    why = f"{ALPHA} (legacy) disappeared from the status table but nothing says it was retired"
    for day in ("2026-03-10", "2026-03-11"):
        assert f"{day}: en held: not updated since 10 March 2026: {why}\n" in output
    assert f"held: en: English not updated since 10 March 2026: {why}; kept the last" in output
    before, commits = tree(data), history(data)
    assert json.loads((data / "snapshots/en/hold.json").read_text())["days_seen"] == 2
    code, output = replay_cli(held, data, capsys)
    assert code == 1
    assert tree(data) == before and history(data) == commits


def test_a_capture_like_the_last_is_not_parsed_again_and_reads_as_a_parse_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trackpages import page_text

    import scraper.runner
    from scraper.runner import Capture, CaptureReader

    text = page_text("de")
    for day in ("2026-03-01", "2026-03-02", "2026-03-03"):
        (tmp_path / f"de__{day}__x.md").write_text(
            text if day != "2026-03-03" else text + "\nMore.\n", encoding="utf-8"
        )
    captures, _ = find_captures(tmp_path)
    parses = []
    real = scraper.runner.parse_text

    def counting(*args: Any, **kwargs: Any) -> Any:
        parses.append(kwargs["url"])
        return real(*args, **kwargs)

    monkeypatch.setattr(scraper.runner, "parse_text", counting)
    reader = CaptureReader()
    readings = [reader.read(c) for c in captures]
    assert parses == ["de__2026-03-01__x.md", "de__2026-03-03__x.md"]  # the 2nd is the 1st's
    for capture, reading in zip(captures, readings, strict=True):
        assert reading.record is not None
        assert reading.record == parse_file(capture.path, "de", url=capture.path.name)
        assert reading.markdown == capture.path.read_text(encoding="utf-8")
    assert isinstance(captures[0], Capture)


@pytest.fixture
def days_of_changes(tmp_path: Path) -> Path:
    from trackpages import ALPHA, BETA, ROWS, page_text, with_row

    legacy = with_row(ROWS, ALPHA, state="legacy")
    deprecated = with_row(legacy, BETA, state="deprecated")
    both = with_row(deprecated, ALPHA, state="deprecated")
    pages = {"2026_03_01": ROWS, "2026_03_02": legacy, "2026_03_03": deprecated,
             "2026_03_04": both}  # fmt: skip
    captures = {f"{lang}__{day}__a": page_text(lang, rows)
                for day, rows in pages.items() for lang in ("en", "de")}  # fmt: skip
    return own_archive(tmp_path / "archive", **captures)


@pytest.mark.parametrize("user_staged", [False, True])
def test_each_replayed_day_is_a_commit_of_its_own_files_and_nothing_else(
    days_of_changes: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    user_staged: bool,
) -> None:
    """After its first commit a replay stages only the files it wrote, and every commit is made
    from the index with git's plumbing; the commits are those `git commit` makes, a user's
    staged work stays staged (those commits name the data folders), and git's housekeeping
    still runs."""
    import scraper.track.store

    data = tmp_path / "data"
    repo = git.Repo.init(data)
    with repo.config_writer() as config:  # a signing setup the nightly job cannot honour
        config.set_value("commit", "gpgSign", "true")
        config.set_value("gpg", "program", "false")
    if user_staged:
        (data / "NOTES").write_text("mine\n", encoding="utf-8")
        repo.index.add(["NOTES"])
    calls: list[list[str]] = []
    real_run = scraper.track.store.subprocess.run

    def run(args: list[str], *rest: Any, **kwargs: Any) -> Any:
        calls.append(list(args))
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(scraper.track.store.subprocess, "run", run)
    monkeypatch.setattr(scraper.track.store, "GC_EVERY", 2)
    code, output = replay_cli(days_of_changes, data, capsys)
    assert code == 0, output
    commits = list(reversed(list(repo.iter_commits())))
    assert [c.authored_datetime.date().isoformat() for c in commits] == [
        "2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"]  # fmt: skip
    for commit in commits[1:]:
        day = commit.authored_datetime.date().isoformat()
        files = set(commit.stats.files)
        assert f"diffs/{day}.json" in files and f"snapshots/en/{day}.json" in files
        assert all(name.startswith(("snapshots/", "diffs/")) for name in files)
        assert commit.committer.name == commit.author.name
        assert commit.committed_datetime == commit.authored_datetime
    # Each commit's tree is what the data directory held that day: the last one is the files.
    assert repo.git.status("--porcelain", "--", "snapshots", "diffs") == ""
    messages = [entry.message for entry in repo.head.log()]
    subjects = [c.message.split("\n", 1)[0] for c in commits]
    assert messages[1:] == [f"commit: {subject}" for subject in subjects[1:]]
    staged = repo.git.diff("--cached", "--name-only").split()
    assert staged == (["NOTES"] if user_staged else [])
    assert all("NOTES" not in c.stats.files for c in commits)
    plumbing = [c for c in calls if c[1:2] == ["commit-tree"]]
    assert len(plumbing) == (0 if user_staged else 4)
    gc = [c for c in calls if c[1:2] == ["gc"]]
    assert len(gc) == (0 if user_staged else 2)  # after the 1st and the 3rd plumbing commit


def test_a_replay_through_a_linked_data_directory_commits_each_day(
    days_of_changes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    code, output = replay_cli(days_of_changes, link, capsys)
    assert code == 0, output
    repo = git.Repo(real)
    assert len(list(repo.iter_commits())) == 4
    assert repo.git.status("--porcelain") == ""
