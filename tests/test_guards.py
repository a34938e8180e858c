"""Guards against publishing broken or stale readings (scraper.track.guards)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
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
    record,
    with_row,
    without_row,
)

from scraper.read.records import Section
from scraper.track.guards import CONFIRM_AFTER_DAYS, Hold, check, confirmed, update_hold

ON = date(2026, 3, 1)
BASE = record()


def one_reason(reasons: list[str], *words: str) -> str:
    matching = [r for r in reasons if all(w in r for w in words)]
    assert len(matching) == 1, reasons
    return matching[0]


def test_a_first_reading_and_an_unchanged_one_are_published() -> None:
    assert check(None, BASE, ON) == []
    assert check(BASE, record(), ON) == []


def test_every_model_gone_is_held() -> None:
    empty = BASE.model_copy(update={"models": []})
    reasons = check(BASE, empty, ON)
    one_reason(reasons, "every model disappeared")


def test_a_big_shrink_of_the_status_table_is_held() -> None:
    extra = tuple(StatusRow(f"claude-extra-{n}", "retired") for n in range(4))
    big = record(rows=(*ROWS, *extra))  # 8 rows, 5 of them retired (leaving is normal for them)
    small = record(rows=(ROWS[0], ROWS[3], extra[0]))  # 3 rows: fewer than half
    reasons = check(big, small, ON)
    assert one_reason(reasons, "shrank") == "the status table shrank from 8 to 3 models"


def test_a_listed_model_that_vanishes_without_a_word_is_held() -> None:
    reasons = check(BASE, record(rows=without_row(ROWS, ALPHA)), ON)
    assert reasons == [f"{ALPHA} (active) disappeared but nothing says it was retired"]


def test_a_not_sooner_than_date_in_the_past_does_not_explain_a_disappearance() -> None:
    # Beta's date is only "not sooner than 2026-12-01": even after it, the model may live on.
    reasons = check(BASE, record(rows=without_row(ROWS, BETA)), date(2027, 1, 1))
    one_reason(reasons, BETA, "disappeared")


def test_a_retired_model_may_leave_the_table() -> None:
    assert check(BASE, record(rows=without_row(ROWS, DELTA)), ON) == []


def test_a_deprecated_model_past_its_retirement_date_may_leave_the_table() -> None:
    # No history section either: the status table's firm, past date is enough.
    old = record(history=())
    new = record(rows=without_row(ROWS, GAMMA), history=())
    assert check(old, new, date(2026, 4, 30)) == []
    one_reason(check(old, new, date(2026, 4, 29)), GAMMA, "disappeared")


def test_a_history_note_saying_it_retired_explains_a_disappearance() -> None:
    # Gamma is due on 2026-04-30, but a note in its section says it already retired.
    retired = (replace(HISTORY[0], retired_on=date(2026, 2, 20)), HISTORY[1])
    assert check(BASE, record(rows=without_row(ROWS, GAMMA), history=retired), ON) == []
    one_reason(check(BASE, record(rows=without_row(ROWS, GAMMA)), ON), GAMMA)


def test_a_past_date_in_a_new_history_section_explains_a_disappearance() -> None:
    section = HistorySection(
        date(2026, 1, 2), "Claude Alpha 5", (HistoryEntry(date(2026, 2, 27), ALPHA, BETA),)
    )
    new = record(rows=without_row(ROWS, ALPHA), history=(section, *HISTORY))
    assert check(BASE, new, ON) == []


@pytest.mark.parametrize(
    ("model_id", "old_state", "new_state"),
    [
        (ALPHA, "deprecated", "active"),
        (GAMMA, "retired", "deprecated"),
        (GAMMA, "deprecated", "legacy"),
    ],
)
def test_a_state_going_backwards_is_held(model_id: str, old_state: str, new_state: str) -> None:
    old = record(rows=with_row(ROWS, model_id, state=old_state))
    new = record(rows=with_row(ROWS, model_id, state=new_state))
    reasons = check(old, new, ON)
    assert reasons == [f"{model_id} went back from {old_state} to {new_state}"]
    assert check(new, old, ON) == []  # forwards is what pages do


def test_a_page_that_lost_a_fifth_of_its_text_is_held() -> None:
    long = BASE.model_copy(
        update={"sections": [*BASE.sections, Section(anchor="x", title="X", text="words " * 50)]}
    )
    reasons = check(long, BASE, ON)
    assert one_reason(reasons, "text shrank").startswith("the page's text shrank from ")
    assert check(BASE, long, ON) == []
    slightly_shorter = long.model_copy(
        update={"sections": [*BASE.sections, Section(anchor="x", title="X", text="words " * 42)]}
    )
    assert check(long, slightly_shorter, ON) == []  # a tenth less: real edits do that
    cut = long.model_copy(
        update={"sections": [*BASE.sections, Section(anchor="x", title="X", text="words " * 20)]}
    )
    one_reason(check(long, cut, ON), "text shrank")  # a 70% cut


def test_update_hold_counts_distinct_days_of_the_same_reading() -> None:
    day1, day2, day3 = ON, ON + timedelta(days=1), ON + timedelta(days=5)
    hold = update_hold(None, ["a reason"], "fp-1", day1)
    assert hold == Hold(("a reason",), day1, day1, 1, "fp-1")
    assert update_hold(hold, ["a reason"], "fp-1", day1) == hold  # the same day again: no count
    hold = update_hold(hold, ["a reason"], "fp-1", day2)
    assert (hold.first_seen, hold.last_seen, hold.days_seen) == (day1, day2, 2)
    assert not confirmed(hold)
    hold = update_hold(hold, ["another reason"], "fp-1", day3)
    assert (hold.days_seen, hold.reasons, hold.first_seen) == (3, ("another reason",), day1)
    assert CONFIRM_AFTER_DAYS == 3 and confirmed(hold)


def test_update_hold_starts_over_for_a_different_reading() -> None:
    hold = update_hold(None, ["r"], "fp-1", ON)
    hold = update_hold(hold, ["r"], "fp-1", ON + timedelta(days=1))
    other = update_hold(hold, ["r"], "fp-2", ON + timedelta(days=2))
    assert (other.fingerprint, other.days_seen, other.first_seen) == ("fp-2", 1, ON + timedelta(2))
    assert not confirmed(other)


def test_confirmed_only_after_enough_days() -> None:
    hold = None
    for n in range(CONFIRM_AFTER_DAYS):
        assert hold is None or not confirmed(hold)
        hold = update_hold(hold, ["r"], "fp", ON + timedelta(days=n))
    assert hold is not None and confirmed(hold)


# -- a page cut off cleanly: history, sections ----------------------------------------------


def test_a_page_cut_before_a_history_section_is_held() -> None:
    # The last history section is missing: the response ended cleanly at the heading before it.
    cut = record(history=HISTORY[:1])
    reasons = check(BASE, cut, ON)
    older = HISTORY[1]
    assert one_reason(reasons, "history section") == (
        f"history section {older.announced_on} ({older.title}) disappeared"
    )
    assert check(cut, BASE, ON) == []  # a section coming (back) is an addition: published


def test_a_history_section_that_lost_a_row_is_held() -> None:
    two = replace(HISTORY[0], entries=(*HISTORY[0].entries, HistoryEntry(ON, BETA, ALPHA)))
    old = record(history=(two, HISTORY[1]))
    reasons = check(old, BASE, ON)
    assert one_reason(reasons, "lost its rows") == (
        f"history section {HISTORY[0].announced_on} lost its rows for {BETA}"
    )


def test_a_page_that_lost_many_sections_is_held() -> None:
    extra = [Section(anchor=f"s{n}", title=f"S{n}", text="x") for n in range(10)]
    many = BASE.model_copy(update={"sections": [*BASE.sections, *extra]})
    fewer = BASE.model_copy(update={"sections": [*BASE.sections, *extra[:8]]})
    assert check(many, fewer, ON) == []  # two of many: a page's edit
    reasons = check(many, BASE, ON)
    one_reason(reasons, "lost sections")
