"""Typed change events between two readings of a page (scraper.track.events), on our own pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from trackpages import (
    ALPHA,
    BETA,
    DELTA,
    GAMMA,
    HISTORY,
    PARAMETERS,
    ROWS,
    HistoryEntry,
    HistorySection,
    StatusRow,
    Style,
    record,
    with_row,
    without_row,
)

from scraper.read.records import PageRecord
from scraper.track.events import Event, diff_records, same_content

ON = date(2026, 3, 1)
GAMMA_SECTION = "2026-01-15-claude-gamma-3"
BASE = record()


def events(new: PageRecord, old: PageRecord = BASE, on: date = ON) -> list[Event]:
    return diff_records(old, new, on)


def only(found: list[Event], kind: str | None = None) -> Event:
    """The one event of `found` (of type `kind`), failing with a readable list otherwise."""
    matching = [e for e in found if kind is None or e.type == kind]
    assert len(matching) == 1, [e.summary() for e in found]
    return matching[0]


def history_with(section_index: int, **changes: object) -> tuple[HistorySection, ...]:
    return tuple(replace(s, **changes) if i == section_index else s for i, s in enumerate(HISTORY))


def test_the_first_reading_has_nothing_to_compare() -> None:
    assert diff_records(None, BASE, ON) == []


def test_the_same_page_gives_no_event() -> None:
    assert events(record()) == []
    assert same_content(BASE, record())


def test_model_added() -> None:
    rows = (
        *ROWS,
        StatusRow("claude-epsilon-6", "active", retirement=date(2027, 6, 1), not_before=True),
    )
    event = only(events(record(rows=rows)))
    assert event.type == "model_added"
    assert event.model_id == event.subject == "claude-epsilon-6"
    assert event.before is None
    assert event.after == {
        "state": "active",
        "deprecated_on": None,
        "retirement": {"date": "2027-06-01", "kind": "not_sooner_than", "label": None},
    }
    assert event.anchor == "model-status"
    assert event.link.endswith("/docs/en/about-claude/model-deprecations#model-status")
    assert event.summary() == (
        "[en] claude-epsilon-6 added to the status table "
        "(active, retires not sooner than 2027-06-01)"
    )


def test_model_removed() -> None:
    event = only(events(record(rows=without_row(ROWS, BETA))))
    assert (event.type, event.model_id) == ("model_removed", BETA)
    assert event.before is not None and event.before["state"] == "legacy"
    assert event.after is None


def test_state_changed() -> None:
    event = only(events(record(rows=with_row(ROWS, ALPHA, state="legacy"))))
    assert (event.type, event.model_id, event.before, event.after) == (
        "state_changed",
        ALPHA,
        "active",
        "legacy",
    )
    assert "active → legacy" in event.summary()


def test_deprecated_on_changed() -> None:
    new = record(rows=with_row(ROWS, GAMMA, deprecated_on=date(2026, 1, 16)))
    event = only(events(new))
    assert (event.type, event.before, event.after) == (
        "deprecated_on_changed",
        "2026-01-15",
        "2026-01-16",
    )


def test_retirement_date_changed_in_the_status_table_says_by_how_many_days() -> None:
    event = only(events(record(rows=with_row(ROWS, GAMMA, retirement=date(2026, 5, 30)))))
    assert event.type == "retirement_date_changed"
    assert (event.model_id, event.anchor) == (GAMMA, "model-status")
    assert (event.before, event.after, event.shift_days) == (
        {"date": "2026-04-30", "kind": "date", "label": None},
        {"date": "2026-05-30", "kind": "date", "label": None},
        30,
    )
    assert event.summary().endswith("(+30 days)")


def test_retirement_date_changed_in_a_history_table() -> None:
    entry = HistoryEntry(date(2026, 4, 20), GAMMA, ALPHA)
    event = only(events(record(history=history_with(0, entries=(entry,)))))
    assert event.type == "retirement_date_changed"
    assert (event.anchor, event.shift_days) == (GAMMA_SECTION, -10)
    assert event.link.endswith(f"#{GAMMA_SECTION}")


def test_retirement_date_firmed_and_unfirmed() -> None:
    firm = record(rows=with_row(ROWS, BETA, not_before=False))
    event = only(events(firm))
    assert (event.type, event.model_id) == ("retirement_date_firmed", BETA)
    assert event.before == {"date": "2026-12-01", "kind": "not_sooner_than", "label": None}
    assert event.after == {"date": "2026-12-01", "kind": "date", "label": None}
    event = only(events(BASE, old=firm))
    assert (event.type, event.after["kind"]) == ("retirement_date_unfirmed", "not_sooner_than")


def test_a_date_that_comes_or_goes_is_not_a_change_of_its_qualifier() -> None:
    """N/A -> "Not sooner than <date>" (and back) only moves the date: no (un)firmed event."""
    undated = record(rows=with_row(ROWS, BETA, retirement=None, not_before=False))
    assert undated.model(BETA) is not None and undated.model(BETA).retirement_date is None
    event = only(events(BASE, old=undated))
    not_sooner = {"date": "2026-12-01", "kind": "not_sooner_than", "label": None}
    assert (event.type, event.before, event.after) == ("retirement_date_changed", None, not_sooner)
    event = only(events(undated))
    assert (event.type, event.before, event.after) == ("retirement_date_changed", not_sooner, None)


def test_a_deprecation_is_announced_with_its_replacement() -> None:
    """Alpha deprecated: state, dates and a new history section, and no text event for it."""
    rows = with_row(
        ROWS,
        ALPHA,
        state="deprecated",
        deprecated_on=date(2026, 2, 27),
        retirement=date(2026, 9, 1),
        not_before=False,
    )
    section = HistorySection(
        date(2026, 2, 27), "Claude Alpha 5", (HistoryEntry(date(2026, 9, 1), ALPHA, BETA),)
    )
    found = events(record(rows=rows, history=(section, *HISTORY)))
    assert sorted(e.type for e in found) == [
        "deprecated_on_changed",
        "deprecation_announced",
        "retirement_date_changed",
        "state_changed",
    ]
    announced = only(found, "deprecation_announced")
    assert announced.subject == "2026-02-27: Claude Alpha 5"
    assert announced.anchor == "2026-02-27-claude-alpha-5"
    assert announced.after["entries"] == {
        ALPHA: {
            "retirement": {"date": "2026-09-01", "kind": "date", "label": None},
            "replacement": BETA,
        }
    }
    moved = only(found, "retirement_date_changed")
    assert (moved.before, moved.after, moved.shift_days) == (
        {"date": "2027-03-01", "kind": "not_sooner_than", "label": None},
        {"date": "2026-09-01", "kind": "date", "label": None},
        -181,
    )
    assert only(found, "state_changed").after == "deprecated"
    assert only(found, "deprecated_on_changed").after == "2026-02-27"


def test_a_removed_history_section() -> None:
    found = events(record(history=HISTORY[:1]))
    event = only(found)
    assert event.type == "deprecation_removed"
    assert event.subject == "2025-06-02: Claude Delta 2"


def test_replacement_changed() -> None:
    entry = HistoryEntry(date(2026, 4, 30), GAMMA, BETA)
    event = only(events(record(history=history_with(0, entries=(entry,)))))
    assert (event.type, event.model_id, event.before, event.after) == (
        "replacement_changed",
        GAMMA,
        ALPHA,
        BETA,
    )
    assert event.anchor == GAMMA_SECTION


def test_deprecation_entries_added_and_removed() -> None:
    extra = HistoryEntry(date(2026, 4, 30), "claude-gamma-3-mini", ALPHA)
    bigger = record(history=history_with(0, entries=(*HISTORY[0].entries, extra)))
    added = only(events(bigger))
    assert (added.type, added.model_id, added.anchor) == (
        "deprecation_entry_added",
        "claude-gamma-3-mini",
        GAMMA_SECTION,
    )
    assert added.after == {
        "retirement": {"date": "2026-04-30", "kind": "date", "label": None},
        "replacement": ALPHA,
    }
    removed = only(events(BASE, old=bigger))
    assert (removed.type, removed.model_id) == ("deprecation_entry_removed", "claude-gamma-3-mini")


def test_retirement_noted() -> None:
    found = events(record(history=history_with(0, retired_on=date(2026, 4, 30))))
    event = only(found)  # the note itself is not prose: no page_text_changed
    assert (event.type, event.after) == ("retirement_noted", "2026-04-30")
    assert event.subject == "2026-01-15: Claude Gamma 3"


def test_parameter_deprecation_changed() -> None:
    changed = record(parameters=(replace(PARAMETERS[0], status="Removed"),))
    event = only(events(changed))
    assert event.type == "parameter_deprecation_changed"
    assert event.subject == "sampling_knob, other_knob"
    assert (event.before, event.after) == ({"status": "Deprecated"}, {"status": "Removed"})
    new_table = only(events(BASE, old=record(parameters=())), "parameter_deprecation_changed")
    assert new_table.before is None
    assert new_table.after == {
        "status": "Deprecated",
        "behavior": "Ignored.",
        "replacement": "Leave it out.",
    }


def test_page_text_changed_carries_a_text_diff() -> None:
    event = only(events(record(prose="Other words here.")))
    assert (event.type, event.subject, event.anchor) == ("page_text_changed", "Prose", "prose")
    assert event.text_diff == "-Some prose.\n+Other words here."
    assert event.link.endswith("#prose")


def test_links_of_a_translation_point_at_the_english_anchor() -> None:
    old = record("de")
    new = record("de", history=history_with(0, retired_on=date(2026, 4, 30)))
    [event] = diff_records(old, new, ON, anchors={GAMMA_SECTION: "2026-01-15-english-slug"})
    assert event.anchor == GAMMA_SECTION
    assert event.link.endswith("/docs/de/about-claude/model-deprecations#2026-01-15-english-slug")


FORMATTING = {
    "lower-case headers": {"style": Style(lower_case_headers=True)},
    "no backticks on status ids": {"style": Style(status_backticks=False)},
    "no padding": {"style": Style(pad=False)},
    "plain separators": {"style": Style(aligned_separator=False)},
    "star bullets": {"style": Style(bullet="*")},
    "absolute links": {"style": Style(absolute_links=True)},
    "indented callouts": {"style": Style(indent_callouts=True)},
    "mirror source line": {"style": Style(source_line=True)},
    "rows and sections reordered": {"rows": ROWS[::-1], "history": HISTORY[::-1]},
    "all at once": {
        "rows": (ROWS[2], ROWS[0], ROWS[3], ROWS[1]),
        "style": Style(
            bullet="*",
            status_backticks=False,
            pad=False,
            aligned_separator=False,
            lower_case_headers=True,
            absolute_links=True,
            indent_callouts=True,
        ),
    },
}


@pytest.mark.parametrize("changes", FORMATTING.values(), ids=FORMATTING.keys())
def test_formatting_alone_is_not_a_change(changes: dict[str, object]) -> None:
    reformatted = record(**changes)
    assert reformatted.source.sha256 != BASE.source.sha256  # the text did change
    assert events(reformatted) == []
    assert same_content(BASE, reformatted)


def test_front_matter_instead_of_an_h1_is_not_a_change() -> None:
    reformatted = record(style=Style(front_matter=True, bullet="*", absolute_links=True))
    assert reformatted.title == BASE.title
    assert [e.summary() for e in events(reformatted)] == []


def test_event_ids_are_stable_and_unique() -> None:
    rows = with_row(ROWS, ALPHA, state="legacy")
    rows = with_row(rows, GAMMA, retirement=date(2026, 6, 1), deprecated_on=date(2026, 1, 14))
    rows = (*without_row(rows, BETA), StatusRow("claude-epsilon-6", "active"))
    history = history_with(
        0,
        retired_on=date(2026, 6, 1),
        entries=(HistoryEntry(date(2026, 6, 1), GAMMA, "claude-epsilon-6"),),
    )
    new = record(rows=rows, history=history, prose="Changed.")
    first, second = events(new), events(record(rows=rows, history=history, prose="Changed."))
    ids = [e.id for e in first]
    assert len(first) >= 8
    assert ids == [e.id for e in second]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("2026-03-01/en/") for i in ids)
    # Another day, same change: another id (a day's events never collide with another's).
    assert not set(ids) & {e.id for e in events(new, on=date(2026, 3, 2))}
    # Events survive a JSON round trip (the day files are read back to merge runs).
    assert [Event.model_validate_json(e.model_dump_json()) for e in first] == first


def test_the_retired_model_and_its_delta_section_are_kept_apart() -> None:
    """A model leaving the status table is one event; its history section is untouched."""
    event = only(events(record(rows=without_row(ROWS, DELTA))))
    assert (event.type, event.model_id) == ("model_removed", DELTA)


# -- many keys of one dict changing at once (DeepDiff would report the whole dict) ------------


def retitled(rec: PageRecord, suffix: str, title: str = "") -> PageRecord:
    """Every section renamed (a re-translation: new headings, so new slug anchors)."""
    history = {d.anchor for d in rec.deprecations}  # renamed with their announcements
    sections = [
        s
        if s.anchor in history
        else s.model_copy(update={"anchor": f"{s.anchor}-{suffix}", "title": s.title + title})
        for s in rec.sections
    ]
    return rec.model_copy(update={"sections": sections})


def test_a_new_spelling_of_every_anchor_alone_is_no_change() -> None:
    # Every non-history section gets a new anchor, most keys of `sections` change at once.
    assert events(retitled(BASE, "neu")) == []


def test_re_translated_headings_are_renamed_sections() -> None:
    new = retitled(BASE, "neu", " (neu)")
    found = events(new)
    renamed = {s.title for s in new.sections} - {s.title for s in BASE.sections}
    assert renamed, "the fixture has sections with their own anchors"
    assert {e.type for e in found} == {"section_renamed"}
    assert {e.after for e in found} == {e.subject for e in found} == renamed
    assert {e.before + " (neu)" for e in found} == renamed
    assert all(e.text_diff is None for e in found)  # the bodies did not change


def test_most_models_replaced_at_once_gives_one_event_per_model() -> None:
    # A held reading confirmed on its third day can swap most rows of the table at once.
    kept = ROWS[0]
    fresh = tuple(
        replace(r, model_id=f"claude-new-{n}") for n, r in enumerate(ROWS) if r is not kept
    )
    found = events(record(rows=(kept, *fresh), history=()), old=record(history=()))
    assert sorted((e.type, e.model_id) for e in found) == sorted(
        [("model_added", r.model_id) for r in fresh]
        + [("model_removed", r.model_id) for r in ROWS if r is not kept]
    )
