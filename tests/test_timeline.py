"""`timeline`: each model's life from the git history of the snapshots (or the dated files)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from histories import (
    DAY_1,
    DAY_2,
    DAY_3,
    DAY_4,
    EPSILON,
    SmallHistory,
    corpus_history,
    replay,
    small_history,
)
from notepages import (
    FIRST_RETIREMENT,
    MOVED_RETIREMENT,
    NOTE_DAY_2,
    NOTE_DAY_3,
    NOTE_DAY_4,
    NOTE_DAY_5,
    NOTE_DAYS,
    PREVIEW,
    SUCCESSOR,
    deprecated,
    note_record,
    replay_notes,
    retiring,
    with_note,
)
from trackpages import (
    ALPHA,
    BETA,
    DELTA,
    GAMMA,
    HISTORY,
    ROWS,
    HistoryEntry,
    HistorySection,
    StatusRow,
    page_text,
)

from scraper.act.timeline import (
    TimelineDocument,
    render_text,
    timeline_document,
    timelines,
)
from scraper.cli import main
from scraper.track.history import load_history, model_views

__all__ = ["small_history"]  # the fixture, imported


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["timeline", *args])
    out, err = capsys.readouterr()
    return code, out, err


def timeline_json(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> TimelineDocument:
    code, out, err = run(capsys, "--data-dir", str(data), "--json", *args)
    assert code == 0, err
    return TimelineDocument.model_validate_json(out)


def pairs(items: list[Any], *fields: str) -> list[tuple[Any, ...]]:
    return [(item.on, *(getattr(item, f) for f in fields)) for item in items]


def test_each_state_and_date_with_the_day_it_was_first_observed(
    small_history: SmallHistory, capsys: pytest.CaptureFixture[str]
) -> None:
    document = timeline_json(capsys, small_history.data)
    assert document.source == "git"
    assert [s.on for s in document.snapshots] == [DAY_1, DAY_2, DAY_3, DAY_4, DAY_4]
    models = {t.model_id: t for t in document.models}
    beta = models[BETA]
    assert (beta.first_seen, beta.last_seen, beta.gone_on) == (DAY_1, DAY_4, None)
    assert pairs(beta.states, "state") == [(DAY_1, "legacy"), (DAY_2, "deprecated")]
    assert pairs(beta.deprecated_on, "deprecated_on") == [(DAY_2, date(2026, 2, 9))]
    assert pairs(beta.retirement, "retirement_date", "not_before") == [
        (DAY_1, date(2026, 12, 1), True),
        (DAY_2, date(2026, 8, 1), False),
        (DAY_3, date(2026, 9, 15), False),
    ]
    assert pairs(beta.replacements, "replacement") == [(DAY_2, ALPHA)]
    assert pairs(beta.announcements, "announced_on") == [(DAY_2, date(2026, 2, 9))]
    gamma = models[GAMMA]
    assert pairs(gamma.replacements, "replacement") == [(DAY_1, ALPHA), (DAY_3, EPSILON)]
    assert pairs(gamma.states, "state") == [(DAY_1, "deprecated"), (DAY_4, "retired")]
    # The first of the two snapshots of day 4 is only in git; it is part of the history.
    assert pairs(models[EPSILON].retirement, "retirement_date") == [
        (DAY_3, date(2028, 1, 1)),
        (DAY_4, date(2028, 3, 1)),
    ]
    assert models[EPSILON].first_seen == DAY_3
    assert [t.model_id for t in document.models] == [*sorted([ALPHA, BETA, DELTA, GAMMA]), EPSILON]


def test_a_model_that_left_the_page_keeps_its_life_and_its_removal(
    small_history: SmallHistory, capsys: pytest.CaptureFixture[str]
) -> None:
    [delta] = timeline_json(capsys, small_history.data, DELTA).models
    assert (delta.first_seen, delta.last_seen) == (DAY_1, DAY_3)
    assert (delta.left_status_table_on, delta.gone_on) == (DAY_4, DAY_4)
    assert pairs(delta.listing, "listing") == [(DAY_1, "status_table"), (DAY_4, "absent")]
    assert pairs(delta.states, "state") == [(DAY_1, "retired")]


def test_text_output_one_line_per_day_something_changed(
    small_history: SmallHistory, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, BETA, "--data-dir", str(small_history.data))
    assert code == 0
    assert out.splitlines() == [
        "Timelines from the git history of en: 5 snapshots, 2026-01-05 to 2026-05-01.",
        "",
        BETA,
        "  2026-01-05  first seen, in the status table; legacy; retires not sooner than 2026-12-01",
        f"  2026-02-10  deprecated on 2026-02-09; retires on 2026-08-01; replacement {ALPHA}",
        "  2026-03-15  retires on 2026-09-15",
    ]
    code, out, _ = run(capsys, DELTA, "--data-dir", str(small_history.data))
    assert "  2026-05-01  no longer on the page" in out.splitlines()


def test_without_git_the_dated_files_are_the_history_and_it_says_so(
    small_history: SmallHistory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not (small_history.loose / ".git").exists()
    document = timeline_json(capsys, small_history.loose)
    assert document.source == "files"
    assert "no git history" in document.source_detail
    assert [s.on for s in document.snapshots] == [DAY_1, DAY_2, DAY_3, DAY_4]
    assert {s.revision for s in document.snapshots} == {"working tree"}
    # Same history apart from the second run of day 4, which only the git history kept.
    from_git = {t.model_id: t for t in timeline_json(capsys, small_history.data).models}
    for timeline in document.models:
        if timeline.model_id != EPSILON:
            assert timeline == from_git[timeline.model_id]
    code, out, _ = run(capsys, "--data-dir", str(small_history.loose))
    assert code == 0
    assert out.startswith("Timelines from the 4 dated snapshot files of en on disk (no git")


def test_files_not_committed_yet_join_the_git_history(
    small_history: SmallHistory, tmp_path: Path
) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(small_history.data, data)
    newest = data / "snapshots" / "en" / "2026-05-01.json"
    (data / "snapshots" / "en" / "2026-06-01.json").write_bytes(newest.read_bytes())
    history = load_history(data)
    assert history.source == "git"
    assert [s.revision for s in history.snapshots][-1] == "working tree"
    assert "1 not committed yet" in history.describe()
    # An identical copy on a later day changes nothing in the lives, except when they were seen.
    lives = {t.model_id: t for t in timelines(history)}
    assert lives[BETA].last_seen == date(2026, 6, 1)
    assert lives[BETA].states[-1].on == DAY_2


def test_an_unreadable_snapshot_is_skipped_with_a_warning(
    small_history: SmallHistory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(small_history.loose, data)
    (data / "snapshots" / "en" / "2026-06-01.json").write_text("{}", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(data), BETA)
    assert code == 0
    assert "warning: " in err and "2026-06-01.json: not a page record" in err
    assert BETA in out


def test_usage_errors_say_what_to_do(
    small_history: SmallHistory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "claude-beta-4", "--data-dir", str(small_history.data))
    assert code == 2
    assert "never seen" in err and f"did you mean {BETA}" in err
    code, _, err = run(capsys, "--snapshot", "https://example.test/latest.json")
    assert code == 2
    assert "--snapshot gives one snapshot, not a history" in err and "--data-dir" in err
    code, _, err = run(capsys, "--data-dir", str(tmp_path))
    assert code == 1
    assert "no snapshots of en" in err and "replay" in err
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "missing"))
    assert code == 2
    assert "no such directory" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["timeline", "--language", "xx"])
    assert exit_info.value.code == 2


def test_json_is_deterministic(
    small_history: SmallHistory, capsys: pytest.CaptureFixture[str]
) -> None:
    first = run(capsys, "--data-dir", str(small_history.data), "--json")[1]
    assert run(capsys, "--data-dir", str(small_history.data), "--json")[1] == first
    data = json.loads(first)
    assert list(data) == sorted(data)


# -- models only a note states -------------------------------------------------------------------


@pytest.fixture(scope="module")
def note_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return replay_notes(tmp_path_factory.mktemp("notes"), NOTE_DAYS)


def test_a_note_stated_model_has_a_timeline_listed_as_note(
    note_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [preview] = timeline_json(capsys, note_history, PREVIEW).models
    assert (preview.first_seen, preview.last_seen) == (NOTE_DAY_2, NOTE_DAY_4)
    assert (preview.left_status_table_on, preview.gone_on) == (None, NOTE_DAY_5)
    assert pairs(preview.listing, "listing") == [(NOTE_DAY_2, "note"), (NOTE_DAY_5, "absent")]
    assert pairs(preview.retirement, "retirement_date", "not_before") == [
        (NOTE_DAY_2, FIRST_RETIREMENT, False),
        (NOTE_DAY_3, MOVED_RETIREMENT, False),
        (NOTE_DAY_4, None, None),
    ]
    assert pairs(preview.states, "state") == [(NOTE_DAY_4, "deprecated")]
    assert pairs(preview.replacements, "replacement") == [(NOTE_DAY_2, SUCCESSOR)]
    code, out, _ = run(capsys, "--data-dir", str(note_history), PREVIEW)
    assert code == 0
    assert (
        f"  {NOTE_DAY_2.isoformat()}  first seen, named in a note (no table lists it); "
        f"retires on {FIRST_RETIREMENT.isoformat()}; replacement {SUCCESSOR}"
    ) in out.splitlines()


def test_model_views_prefer_the_table_to_a_note() -> None:
    views = model_views(note_record(retiring(FIRST_RETIREMENT)))
    assert views[PREVIEW].listing == "note"
    assert views[PREVIEW].note_section == "model-status"
    assert views[PREVIEW].retirement_date == FIRST_RETIREMENT
    # A note naming a model the table lists changes nothing about it.
    table = model_views(note_record(None))[BETA]
    assert model_views(note_record(retiring(FIRST_RETIREMENT, BETA)))[BETA] == table


def test_a_note_stated_model_the_history_also_names_keeps_its_announcement() -> None:
    section = HistorySection(
        date(2026, 5, 4), "Glimpse Preview", (HistoryEntry(FIRST_RETIREMENT, PREVIEW, ALPHA),)
    )
    views = model_views(note_record(deprecated(), history=(section, *HISTORY)))
    preview = views[PREVIEW]
    assert (preview.listing, preview.state) == ("note", "deprecated")
    assert (preview.announced_on, preview.retirement_date) == (date(2026, 5, 4), FIRST_RETIREMENT)
    assert preview.replacement == SUCCESSOR  # the note names one: it is newer than the history


def test_a_model_moving_from_a_note_into_the_table_is_now_in_it_not_back(tmp_path: Path) -> None:
    rows = (*ROWS, StatusRow(PREVIEW, "deprecated", date(2026, 7, 1), date(2026, 9, 1)))
    archive = tmp_path / "archive"
    archive.mkdir()
    note_page = with_note(page_text("en"), deprecated())
    table_page = with_note(page_text("en", rows), "The preview ended; see the models overview.")
    for day, text in ((NOTE_DAY_2, note_page), (NOTE_DAY_3, table_page)):
        (archive / f"en__{day.isoformat()}__notes.md").write_text(text, encoding="utf-8")
    replay(archive, tmp_path / "data")
    [preview] = timelines(load_history(tmp_path / "data"))[-1:]
    assert preview.model_id == PREVIEW
    assert pairs(preview.listing, "listing") == [(NOTE_DAY_2, "note"), (NOTE_DAY_3, "status_table")]
    document = timeline_document(load_history(tmp_path / "data"), PREVIEW)
    assert f"{NOTE_DAY_3.isoformat()}  now in the status table" in render_text(document)


# -- the real history -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_timelines(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    history = load_history(corpus_history(corpus_dir, tmp_path_factory))
    assert history.source == "git" and not history.skipped
    return {t.model_id: t for t in timelines(history)}


def test_corpus_claude_3_haiku_deprecated_then_retired(corpus_timelines: dict[str, Any]) -> None:
    haiku = corpus_timelines["claude-3-haiku-20240307"]
    assert haiku.first_seen == date(2025, 5, 2)
    states = pairs(haiku.states, "state")
    assert states[0][1] == "active"
    assert (date(2026, 2, 20), "deprecated") in states
    assert states[-1] == (date(2026, 4, 21), "retired")
    assert pairs(haiku.deprecated_on, "deprecated_on") == [(date(2026, 2, 20), date(2026, 2, 19))]
    assert pairs(haiku.retirement, "retirement_date", "not_before")[-1] == (
        date(2026, 2, 20),
        date(2026, 4, 20),
        False,
    )
    assert pairs(haiku.replacements, "replacement") == [
        (date(2026, 2, 20), "claude-haiku-4-5-20251001")
    ]


def test_corpus_claude_3_opus_left_the_status_table(corpus_timelines: dict[str, Any]) -> None:
    opus = corpus_timelines["claude-3-opus-20240229"]
    assert opus.left_status_table_on == date(2026, 1, 15)
    assert opus.gone_on is None  # the deprecation history still names it
    assert pairs(opus.listing, "listing")[-1] == (date(2026, 1, 15), "history_only")
    assert [s.state for s in opus.states] == ["active", "deprecated"]
    assert opus.retirement[-1].retirement_date == date(2026, 1, 5)
    # Its recommended replacement was updated as newer models came.
    assert len({r.replacement for r in opus.replacements}) >= 3


def test_a_data_dir_inside_a_larger_repository(tmp_path: Path) -> None:
    import git
    from histories import DAYS, replay, write_captures

    project = tmp_path / "project"
    git.Repo.init(project)
    data = project / "dätä ünder"  # git would C-quote this name unless told not to
    replay(write_captures(tmp_path / "archive", DAYS), data)
    assert not (data / ".git").exists()
    history = load_history(data)
    assert history.source == "git"
    assert [s.day for s in history.snapshots] == [DAY_1, DAY_2, DAY_3, DAY_4]
    assert all(len(s.revision) == 40 for s in history.snapshots)


def test_corpus_preview_model_only_a_note_states(corpus_timelines: dict[str, Any]) -> None:
    preview = corpus_timelines["claude-mythos-preview"]
    assert pairs(preview.listing, "listing")[0] == (date(2026, 7, 21), "note")
    assert preview.left_status_table_on is None
    retirement = pairs(preview.retirement, "retirement_date")
    assert retirement[:2] == [(date(2026, 7, 21), date(2026, 7, 21)), (date(2026, 7, 25), None)]
    assert (date(2026, 7, 25), "deprecated") in pairs(preview.states, "state")
    assert pairs(preview.replacements, "replacement")[0] == (date(2026, 7, 21), "claude-mythos-5")
