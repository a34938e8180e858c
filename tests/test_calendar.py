"""The retirement calendar, parsed back with icalendar: stable UIDs, SEQUENCE rising when a date
moves, tentative dates, alarms; written by `run` and by the `calendar` command."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import git
import pytest
from histories import (
    DAY_1,
    DAY_2,
    DAY_3,
    DAY_4,
    EPSILON,
    SmallHistory,
    corpus_history,
    small_history,
)
from icalendar import Calendar
from notepages import (
    FIRST_RETIREMENT,
    MOVED_RETIREMENT,
    NOTE_DAY_1,
    NOTE_DAY_2,
    NOTE_DAY_3,
    NOTE_DAY_4,
    NOTE_DAYS,
    PREVIEW,
    SUCCESSOR,
    note_record,
    replay_notes,
    retiring,
)
from pageserver import PageServer, Reply, server_fixture
from recordparts import history, record, status
from trackpages import ALPHA, BETA, DELTA, GAMMA

from scraper.cli import main
from scraper.publish.calendar import CalendarError, read_previous, retirement_calendar

__all__ = ["server_fixture", "small_history"]  # fixtures, imported

EN_PAGE = "https://platform.claude.com/docs/en/about-claude/model-deprecations"


def events(text: str | bytes) -> dict[str, Any]:
    """The calendar's events by model id (the UID's local part), checked to parse as RFC 5545."""
    calendar = Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and str(calendar["PRODID"])
    found = {}
    for event in calendar.walk("VEVENT"):
        model_id, _, domain = str(event["UID"]).partition("@")
        assert domain == "claude-deprecation-tracker"
        assert model_id not in found, f"two events for {model_id}"
        found[model_id] = event
    return found


def start(event: Any) -> date:
    value = event.decoded("DTSTART")
    assert isinstance(value, date) and not isinstance(value, datetime)  # all-day
    assert event.decoded("DTEND") == value + timedelta(days=1)
    return value


def calendar_at(data: Path, day: date) -> bytes:
    """snapshots/retirements.ics as committed by the run of `day`."""
    repo = git.Repo(data)
    commit = next(c for c in repo.iter_commits() if c.authored_datetime.date() == day)
    return bytes(repo.git.show(f"{commit.hexsha}:snapshots/retirements.ics"), "utf-8")


def calendar_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["calendar", *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- what an event says ----------------------------------------------------------------------


def test_one_all_day_event_per_retirement_with_alarms(small_history: SmallHistory) -> None:
    found = events(calendar_at(small_history.data, DAY_1))
    assert sorted(found) == sorted([ALPHA, BETA, GAMMA, DELTA])
    assert {m: start(e) for m, e in found.items()} == {
        ALPHA: date(2027, 3, 1),
        BETA: date(2026, 12, 1),
        GAMMA: date(2026, 4, 30),
        DELTA: date(2025, 9, 1),
    }
    for event in found.values():
        alarms = event.walk("VALARM")
        assert sorted(a.decoded("TRIGGER") for a in alarms) == [
            timedelta(days=-90),
            timedelta(days=-30),
            timedelta(days=-7),
        ]
        assert all(str(a["ACTION"]) == "DISPLAY" and str(a["DESCRIPTION"]) for a in alarms)


def test_not_sooner_than_dates_are_tentative_and_the_title_says_so(
    small_history: SmallHistory,
) -> None:
    found = events(calendar_at(small_history.data, DAY_1))
    assert str(found[ALPHA]["SUMMARY"]) == f"{ALPHA}: retires not sooner than 2027-03-01"
    assert str(found[ALPHA]["STATUS"]) == "TENTATIVE"
    assert "not sooner than 2027-03-01" in str(found[ALPHA]["DESCRIPTION"])
    assert str(found[GAMMA]["SUMMARY"]) == f"{GAMMA}: retires on 2026-04-30"
    assert str(found[GAMMA]["STATUS"]) == "CONFIRMED"
    assert str(found[DELTA]["SUMMARY"]) == f"{DELTA}: retired on 2025-09-01"


def test_description_names_the_replacement_and_links_the_page(
    small_history: SmallHistory,
) -> None:
    gamma = events(calendar_at(small_history.data, DAY_1))[GAMMA]
    description = str(gamma["DESCRIPTION"])
    assert description.splitlines()[0] == f"{GAMMA} is deprecated (deprecated on 2026-01-15)."
    assert f"Recommended replacement: {ALPHA}." in description
    link = f"{EN_PAGE}#2026-01-15-claude-gamma-3"
    assert description.splitlines()[-1] == link
    assert str(gamma["URL"]) == link
    alpha = events(calendar_at(small_history.data, DAY_1))[ALPHA]
    assert "The page names no replacement." in str(alpha["DESCRIPTION"])
    assert str(alpha["URL"]) == f"{EN_PAGE}#model-status"


# -- over time -------------------------------------------------------------------------------


def test_uids_are_stable_and_sequence_rises_when_a_date_moves(
    small_history: SmallHistory,
) -> None:
    by_day = {day: events(calendar_at(small_history.data, day)) for day in (DAY_1, DAY_2, DAY_3)}
    sequences = {
        day: {m: int(e["SEQUENCE"]) for m, e in found.items()} for day, found in by_day.items()
    }
    assert sequences[DAY_1] == {ALPHA: 0, BETA: 0, GAMMA: 0, DELTA: 0}
    # Day 2: alpha's earliest date moved; beta's became a fixed, earlier date.
    assert sequences[DAY_2] == {ALPHA: 1, BETA: 1, GAMMA: 0, DELTA: 0}
    # Day 3: beta's date moved again; epsilon is new; gamma's new replacement moves no date.
    assert sequences[DAY_3] == {ALPHA: 1, BETA: 2, GAMMA: 0, DELTA: 0, EPSILON: 0}
    assert start(by_day[DAY_3][BETA]) == date(2026, 9, 15)
    assert str(by_day[DAY_2][BETA]["STATUS"]) == "CONFIRMED"
    assert f"Recommended replacement: {EPSILON}." in str(by_day[DAY_3][GAMMA]["DESCRIPTION"])
    # DTSTAMP is the day the current date was first seen, never the clock.
    stamps = {m: e.decoded("DTSTAMP").date() for m, e in by_day[DAY_3].items()}
    assert stamps == {ALPHA: DAY_2, BETA: DAY_3, GAMMA: DAY_1, DELTA: DAY_1, EPSILON: DAY_3}
    today = date.today().strftime("%Y%m%d").encode()
    assert not any(today in calendar_at(small_history.data, d) for d in (DAY_1, DAY_2, DAY_3))


def test_a_model_that_left_the_page_leaves_the_calendar(small_history: SmallHistory) -> None:
    found = events((small_history.data / "snapshots" / "retirements.ics").read_bytes())
    assert DELTA not in found
    assert sorted(found) == sorted([ALPHA, BETA, GAMMA, EPSILON])
    assert str(found[GAMMA]["SUMMARY"]) == f"{GAMMA}: retired on 2026-04-30"
    # Epsilon moved within day 4 (a second run): the files hold the last version of the day.
    assert start(found[EPSILON]) == date(2028, 3, 1)
    assert int(found[EPSILON]["SEQUENCE"]) == 1
    assert found[EPSILON].decoded("DTSTAMP").date() == DAY_4


def test_the_command_gives_what_run_wrote_byte_for_byte(
    small_history: SmallHistory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = (small_history.data / "snapshots" / "retirements.ics").read_bytes()
    code, out, _ = calendar_cli(capsys, "--data-dir", str(small_history.data))
    assert code == 0
    assert out.replace("\r\n", "\n") == written.decode().replace("\r\n", "\n")
    out_file = tmp_path / "cal.ics"
    for _ in range(2):  # again over its own output: nothing changes
        code, _, err = calendar_cli(
            capsys, "--data-dir", str(small_history.data), "--out", str(out_file)
        )
        assert code == 0 and "(4 retirements)" in err
        assert out_file.read_bytes() == written
    # Without git the same files give the same calendar.
    loose = (small_history.loose / "snapshots" / "retirements.ics").read_bytes()
    assert events(loose).keys() == events(written).keys()


def test_from_a_published_snapshot_the_previous_file_keeps_sequence_rising(
    small_history: SmallHistory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latest = json.loads((small_history.data / "snapshots" / "latest.json").read_text("utf-8"))
    snapshot = tmp_path / "latest.json"
    snapshot.write_text(json.dumps(latest), encoding="utf-8")
    out_file = tmp_path / "retirements.ics"
    assert calendar_cli(capsys, "--snapshot", str(snapshot), "--out", str(out_file))[0] == 0
    first = events(out_file.read_bytes())
    assert {int(e["SEQUENCE"]) for e in first.values()} == {0}  # no history behind a snapshot
    assert first[BETA].decoded("DTSTAMP").date() == DAY_4  # the snapshot's day
    # The publisher's page moves beta's date: the subscriber's file says it moved.
    rows = latest["languages"]["en"]["record"]["models"]
    [beta] = [row for row in rows if row["model_id"] == BETA]
    beta["retirement_date"] = "2026-10-01"
    latest["languages"]["en"]["snapshot_date"] = "2026-06-01"
    snapshot.write_text(json.dumps(latest), encoding="utf-8")
    for _ in range(2):  # the second time nothing moved: SEQUENCE stays
        assert calendar_cli(capsys, "--snapshot", str(snapshot), "--out", str(out_file))[0] == 0
        second = events(out_file.read_bytes())
        assert (int(second[BETA]["SEQUENCE"]), start(second[BETA])) == (1, date(2026, 10, 1))
        assert second[BETA].decoded("DTSTAMP").date() == date(2026, 6, 1)
        assert int(second[ALPHA]["SEQUENCE"]) == 0
        assert second[ALPHA].decoded("DTSTAMP").date() == DAY_4


def test_errors_say_what_to_do_and_lose_nothing(
    small_history: SmallHistory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = calendar_cli(capsys, "--data-dir", str(tmp_path))
    assert code == 1 and "run `deprecation-tracker run` there first" in err
    broken = tmp_path / "mine.ics"
    broken.write_text("not a calendar", encoding="utf-8")
    code, _, err = calendar_cli(capsys, "--data-dir", str(small_history.data), "--out", str(broken))
    assert code == 1 and "previous calendar could not be read" in err
    assert broken.read_text(encoding="utf-8") == "not a calendar"
    code, _, err = calendar_cli(capsys, "--data-dir", str(small_history.data), "--out", ".")
    assert code == 2 and "is a directory" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["calendar", "--data-dir", "x", "--snapshot", "y"])
    assert exit_info.value.code == 2


def test_from_a_published_snapshot_over_http(
    small_history: SmallHistory, server: PageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (small_history.data / "snapshots" / "latest.json").read_bytes()
    server.route("/snapshots/latest.json", Reply(200, body, content_type="application/json"))
    code, out, _ = calendar_cli(capsys, "--snapshot", server.url + "/snapshots/latest.json")
    assert code == 0
    assert sorted(events(out)) == sorted([ALPHA, BETA, GAMMA, EPSILON])
    code, _, err = calendar_cli(capsys, "--snapshot", server.url + "/missing.json")
    assert code == 1 and "404" in err and "Traceback" not in err


# -- pure functions ----------------------------------------------------------------------------


def test_text_is_escaped_and_folded_and_parses_back() -> None:
    replacement = "新しいモデル; 詳細は, ドキュメントを参照 " * 3
    page = record(
        "ja",
        [status("claude-test-5", "deprecated", date(2025, 1, 1), date(2026, 3, 3))],
        [history(date(2025, 1, 1), "Test 5", ("claude-test-5", date(2026, 3, 3), replacement))],
    )
    text = retirement_calendar(page)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    [event] = events(text).values()
    assert f"Recommended replacement: {replacement}." in str(event["DESCRIPTION"])
    assert str(event["URL"]).startswith("https://platform.claude.com/docs/ja/")


def test_events_rendered_one_by_one_make_the_calendar_icalendar_would_write() -> None:
    from scraper.publish import calendar as module

    page = record(
        "en",
        [
            status("claude-test-5", "deprecated", date(2025, 1, 1), date(2026, 3, 3)),
            status("claude-test-6", "active", None, date(2027, 5, 6), not_before=True),
        ],
        [history(date(2025, 1, 1), "Test 5", ("claude-test-5", date(2026, 3, 3), "x; y, " * 20))],
    )
    text = retirement_calendar(page)
    whole = Calendar()
    for name, value in Calendar.from_ical(text).property_items(recursive=False)[1:-1]:
        whole.add(name, value)
    for retirement in module.retirements(page):
        revision = module.Revision(sequence=0, since=retirement.deprecated_on or retirement.day)
        whole.add_component(module._event(retirement, revision))
    assert len(events(text)) == 2
    assert text == whole.to_ical().decode("utf-8")
    assert retirement_calendar(page) == text  # rendered again from kept events: the same


def test_an_empty_calendar_is_still_a_calendar() -> None:
    assert events(retirement_calendar(None)) == {}
    assert read_previous(retirement_calendar(None).encode()) == {}
    with pytest.raises(CalendarError):
        read_previous(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


# -- models only a note states -------------------------------------------------------------------


def test_a_note_stated_retirement_is_an_event_that_moves_with_the_note(
    tmp_path: Path,
) -> None:
    days = {day: NOTE_DAYS[day] for day in (NOTE_DAY_1, NOTE_DAY_2, NOTE_DAY_3, NOTE_DAY_4)}
    data = replay_notes(tmp_path, days)
    assert PREVIEW not in events(calendar_at(data, NOTE_DAY_1))
    first = events(calendar_at(data, NOTE_DAY_2))[PREVIEW]
    assert start(first) == FIRST_RETIREMENT
    assert (int(first["SEQUENCE"]), str(first["STATUS"])) == (0, "CONFIRMED")
    assert str(first["SUMMARY"]) == f"{PREVIEW}: retires on {FIRST_RETIREMENT.isoformat()}"
    described = str(first["DESCRIPTION"])
    assert described.startswith(f"{PREVIEW} is named in a note on the page (no table lists it).")
    assert f"Recommended replacement: {SUCCESSOR}." in described
    assert str(first["URL"]) == f"{EN_PAGE}#model-status"
    moved = events(calendar_at(data, NOTE_DAY_3))[PREVIEW]
    assert str(moved["UID"]) == str(first["UID"])
    assert start(moved) == MOVED_RETIREMENT
    assert int(moved["SEQUENCE"]) == 1  # the note's date moved once
    assert moved.decoded("DTSTAMP").date() == NOTE_DAY_3
    # The note now says "deprecated" without a date: nothing to put in a calendar.
    assert PREVIEW not in events(calendar_at(data, NOTE_DAY_4))
    assert BETA in events(calendar_at(data, NOTE_DAY_4))  # the table's rows are still there


def test_a_note_with_a_state_says_it_in_the_description() -> None:
    record = note_record(retiring(FIRST_RETIREMENT).replace("will be", "is deprecated and will be"))
    found = events(retirement_calendar(record))[PREVIEW]
    assert "is named in a note on the page (no table lists it), which says it is deprecated." in (
        str(found["DESCRIPTION"])
    )


# -- the real history ----------------------------------------------------------------------------


def test_corpus_calendar(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    data = corpus_history(corpus_dir, tmp_path_factory)
    found = events((data / "snapshots" / "retirements.ics").read_bytes())
    haiku = found["claude-3-haiku-20240307"]
    assert start(haiku) == date(2026, 4, 20)
    assert str(haiku["STATUS"]) == "CONFIRMED"
    assert int(haiku["SEQUENCE"]) == 1  # from "not sooner than 2025-03-07" to a fixed date
    assert haiku.decoded("DTSTAMP").date() == date(2026, 2, 20)
    assert "claude-haiku-4-5-20251001" in str(haiku["DESCRIPTION"])
    opus_5 = found["claude-opus-5"]
    assert str(opus_5["SUMMARY"]) == "claude-opus-5: retires not sooner than 2027-07-24"
    assert str(opus_5["STATUS"]) == "TENTATIVE"
    # Gone from the status table; its history section says it was retired.
    opus_3 = found["claude-3-opus-20240229"]
    assert str(opus_3["SUMMARY"]) == "claude-3-opus-20240229: retired on 2026-01-05"
    assert "no longer in the status table" in str(opus_3["DESCRIPTION"])


def test_corpus_preview_model_in_the_calendar_while_its_note_gives_a_date(
    corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = corpus_history(corpus_dir, tmp_path_factory)
    preview = events(calendar_at(data, date(2026, 7, 21)))["claude-mythos-preview"]
    assert start(preview) == date(2026, 7, 21)
    assert "is named in a note" in str(preview["DESCRIPTION"])
    assert "claude-mythos-5" in str(preview["DESCRIPTION"])
    later = events(calendar_at(data, date(2026, 7, 25)))
    assert "claude-mythos-preview" not in later  # "is deprecated", no date any more
