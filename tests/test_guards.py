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
    page_text,
    record,
    url,
    with_row,
    without_row,
)

from scraper.read.parse import parse_text
from scraper.read.records import Section
from scraper.track.guards import (
    CONFIRM_AFTER_DAYS,
    Hold,
    check,
    confirmed,
    hold_reason,
    moved_out_of_table,
    moved_warnings,
    update_hold,
)

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
    assert reasons == [
        f"{ALPHA} (active) disappeared from the status table but nothing says it was retired"
    ]


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
    assert hold == Hold(("a reason",), day1, day1, 1, "fp-1", since=day1)
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


# -- reasons grouped: one sentence per kind, short ---------------------------------------------


def test_many_models_gone_at_once_are_one_short_reason() -> None:
    extra = tuple(StatusRow(f"claude-extra-{n}", "active") for n in range(10))
    old = record(rows=(*ROWS, *extra))
    new = record(rows=(*ROWS[1:], *extra[6:]))  # 7 of 14 gone: not yet a shrink by half
    reasons = check(old, new, ON)
    gone = [ALPHA, *(row.model_id for row in extra[:6])]
    assert reasons == [
        f"7 models ({gone[0]}, {gone[1]}, {gone[2]} and 4 more) disappeared from the status "
        "table but nothing says they were retired"
    ]
    assert len(hold_reason(reasons)) < 150


def test_a_hold_reason_names_the_first_reasons_and_counts_the_rest() -> None:
    assert hold_reason(["a", "b"]) == "a; b"
    assert hold_reason(["a", "b", "c", "d", "e"]) == "a; b; c; and 2 more reasons"
    assert hold_reason(["a", "a", "a"]) == "a"  # an older hold.json that repeated itself
    assert hold_reason([]) == "no reason recorded"


def test_each_kind_of_reason_is_said_once_for_many() -> None:
    sections = tuple(
        HistorySection(date(2025, 1, n), f"Old {n}", (HistoryEntry(date(2025, 6, n), BETA, ALPHA),))
        for n in range(1, 6)
    )
    old = record(history=(*HISTORY, *sections))
    reasons = check(old, record(), ON)
    lost = one_reason(reasons, "history sections")
    assert lost == "5 history sections (2025-01-05, 2025-01-04, 2025-01-03 and 2 more) disappeared"


# -- a status row moved out of its table -------------------------------------------------------


def moved_below_the_table(text: str, model_id: str) -> str:
    """The page with `model_id`'s status row swapped down past the blank line after the table."""
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("|") and model_id in line)
    row = lines.pop(at)
    end = next(n for n in range(at, len(lines)) if not lines[n].startswith("|"))
    lines.insert(end + 1, row)
    return "\n".join(lines)


@pytest.mark.parametrize("model_id", [GAMMA, DELTA])  # deprecated, and retired (may leave)
def test_a_status_row_moved_below_the_table_is_said_and_held(model_id: str) -> None:
    text = moved_below_the_table(page_text(), model_id)
    new = parse_text(text, url=url("en"), language="en", fmt="md")
    assert model_id not in {m.model_id for m in new.models}  # the reader lost it
    assert moved_out_of_table(BASE, new, text) == [model_id]
    reasons = check(BASE, new, ON, text)
    assert reasons == [
        f"{model_id}'s status row now stands outside the status table (a line moved?)"
    ]
    [warning] = moved_warnings(BASE, new, text)
    assert warning.where == "model-status" and model_id in warning.message
    # Without the text a retired model may leave (as before); with it nothing is published.
    if model_id == DELTA:
        assert check(BASE, new, ON) == []


def test_a_model_that_really_left_is_not_moved_out() -> None:
    text = page_text(rows=without_row(ROWS, DELTA))
    new = parse_text(text, url=url("en"), language="en", fmt="md")
    assert moved_out_of_table(BASE, new, text) == []  # its history row does not count
    assert check(BASE, new, ON, text) == []


# -- damage, not values the reader cannot read ------------------------------------------------


def test_a_row_cut_short_is_held_but_an_unread_value_is_not() -> None:
    full = page_text(history=(), parameters=())
    old = parse_text(full, url=url("en"), language="en", fmt="md")
    cut = full[: full.rindex("September 1") + 6]  # the response ends inside the last row
    new = parse_text(cut, url=url("en"), language="en", fmt="md")
    one_reason(check(old, new, ON, cut), "cut short")
    assert check(new, new, ON, cut) == []  # the page's own open row, already known: not new
    odd = page_text(
        rows=with_row(ROWS, ALPHA, retirement_text="sometime after the launch"),
        history=(),
        parameters=(),
    )
    unread = parse_text(odd, url=url("en"), language="en", fmt="md")
    assert unread.warnings  # the reader says it did not understand the cell
    assert check(old, unread, ON, odd) == []  # but that is no evidence of damage


def test_a_hold_goes_on_through_different_readings_since_its_first_day() -> None:
    hold = update_hold(None, ["r"], "fp-1", ON)
    assert hold.held_since == ON
    hold = update_hold(hold, ["r"], "fp-1", ON + timedelta(days=1))
    other = update_hold(hold, ["s"], "fp-2", ON + timedelta(days=2))
    assert (other.first_seen, other.days_seen, other.held_since) == (ON + timedelta(2), 1, ON)
    assert other.reason == "s"
    older = Hold(("r",), ON, ON, 1, "fp")  # from a hold.json written before `since`
    assert older.held_since == ON


def test_a_history_section_that_lost_many_rows_names_a_few() -> None:
    gone = tuple(HistoryEntry(ON, f"claude-old-{n}", ALPHA) for n in range(5))
    old = record(history=(replace(HISTORY[0], entries=(*HISTORY[0].entries, *gone)), HISTORY[1]))
    assert one_reason(check(old, BASE, ON), "lost its rows") == (
        f"history section {HISTORY[0].announced_on} lost its rows for claude-old-0, "
        "claude-old-1, claude-old-2 and 2 more"
    )
