"""Every event, sentence, summary, calendar entry and timeline that states a retirement says its
kind (a fixed day, "not sooner than", "to be announced", a coarse time as written, words the
tool does not read), and an unread cell is said as written, once, when it appears or changes.

Records are built directly with the contract's fields (`retirement_kind`, `retirement_label`,
`retirement_year`, `not_understood`): what `extract` produces is tested with the reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from icalendar import Calendar
from recordparts import program_words, record

from scraper.act.timeline import render_text, timeline_document, timelines
from scraper.publish.calendar import retirement_calendar
from scraper.publish.catalog import models_document
from scraper.publish.report import commit_message
from scraper.publish.sentences import event_line, language_lines
from scraper.read.records import (
    Deprecation,
    DeprecationEntry,
    ModelStatus,
    NoteModel,
    PageRecord,
    Section,
)
from scraper.track.events import Event, diff_records
from scraper.track.history import History, Snapshot

ON = date(2026, 10, 20)
MODEL = "claude-kind-4"
OTHER = "claude-kind-5"
DAY = date(2026, 5, 14)
ANNOUNCED = date(2025, 8, 13)

# kind -> (retirement_date, label, year, words in sentences, words in Event.summary)
KINDS: dict[str, tuple[date | None, str, int | None, str, str]] = {
    "date": (DAY, "May 14, 2026", None, "retires on 14 May 2026", "retires on 2026-05-14"),
    "not_sooner_than": (
        DAY,
        "Not sooner than May 14, 2026",
        None,
        "retires not sooner than 14 May 2026",
        "retires not sooner than 2026-05-14",
    ),
    "to_be_announced": (
        None,
        "To be announced",
        None,
        "retirement to be announced",
        "retirement to be announced",
    ),
    "coarse": (None, "Q3 2027", 2027, "in Q3 2027 (as written)", "in Q3 2027 (as written)"),
    "unrecognised": (
        None,
        "soonish",
        None,
        "retirement: 'soonish', not a date the tool reads",
        "retirement: 'soonish', not a date the tool reads",
    ),
}
ALL_KINDS = sorted(KINDS)


def row(model_id: str = MODEL, kind: str = "not_applicable", **fields: Any) -> ModelStatus:
    day, label, year, _, _ = KINDS.get(kind, (None, "N/A", None, "", ""))
    data: dict[str, Any] = {
        "model_id": model_id,
        "state": "deprecated",
        "state_label": "Deprecated",
        "deprecated_on": date(2026, 1, 5),
        "deprecated_label": "January 5, 2026",
        "retirement_date": day,
        "retirement_not_before": (kind == "not_sooner_than") if day else None,
        "retirement_label": label,
        "retirement_kind": kind,
        "retirement_year": year,
        "not_understood": ["retirement_date"] if kind == "unrecognised" else [],
    }
    return ModelStatus.model_validate({**data, **fields})


def entry(model_id: str = MODEL, kind: str = "not_applicable", **fields: Any) -> DeprecationEntry:
    day, label, year, _, _ = KINDS.get(kind, (None, "N/A", None, "", ""))
    data: dict[str, Any] = {
        "model_id": model_id,
        "retirement_date": day,
        "retirement_label": label,
        "retirement_kind": kind,
        "retirement_year": year,
        "replacement": OTHER,
        "replacement_label": OTHER,
        "not_understood": ["retirement_date"] if kind == "unrecognised" else [],
    }
    return DeprecationEntry.model_validate({**data, **fields})


def section(*entries: DeprecationEntry, retired_on: date | None = None) -> Deprecation:
    return Deprecation(
        announced_on=ANNOUNCED,
        anchor="2025-08-13-claude-kind-models",
        title="Claude Kind models",
        retired_on=retired_on,
        entries=list(entries),
    )


def page(
    models: Sequence[ModelStatus] = (),
    history: Sequence[Deprecation] = (),
    notes: Sequence[NoteModel] = (),
    lang: str = "en",
) -> PageRecord:
    return record(lang, models, history).model_copy(update={"note_models": list(notes)})


def note(day: date | None = DAY, state: str | None = "deprecated") -> NoteModel:
    return NoteModel.model_validate(
        {
            "model_id": MODEL,
            "state": state,
            "date": day,
            "date_kind": "retirement" if day else None,
            "replacement": OTHER,
            "section": "model-status",
        }
    )


def said(events: Sequence[Event]) -> list[str]:
    """Everything people read of these events: each alone (feeds), the day's lines, the commit
    message, and the one-line summaries."""
    assert events, "the change gives events"
    texts = [event_line(e).plain() for e in events]
    texts += [line.plain() for line in language_lines(events)]
    texts.append(commit_message(list(events)))
    return texts


def check_said(events: Sequence[Event], words: str, summary_words: str) -> None:
    texts = said(events)
    for text in texts:
        assert words in text, (words, text)
        assert program_words(text) == [], text
    assert any(summary_words in e.summary() for e in events), [e.summary() for e in events]


# -- every event type that states a retirement --------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_status_table_retirement_that_appears_says_its_kind(kind: str) -> None:
    """The report of 2025-10-20: "N/A" became "Not sooner than …" and read "retires on …"."""
    found = diff_records(page([row()]), page([row(kind=kind)]), ON)
    expected = "value_not_understood" if kind == "unrecognised" else "retirement_date_changed"
    assert [e.type for e in found] == [expected]
    assert found[0].after["kind"] == kind
    check_said(found, KINDS[kind][3], KINDS[kind][4])


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_new_model_says_its_retirement_kind(kind: str) -> None:
    found = diff_records(page([]), page([row(kind=kind)]), ON)
    assert [e.type for e in found] == ["model_added"]
    assert found[0].after["retirement"]["kind"] == kind
    check_said(found, KINDS[kind][3], KINDS[kind][4])


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_history_entry_retirement_says_its_kind(kind: str) -> None:
    found = diff_records(page([], [section(entry())]), page([], [section(entry(kind=kind))]), ON)
    expected = "value_not_understood" if kind == "unrecognised" else "retirement_date_changed"
    assert [e.type for e in found] == [expected]
    check_said(found, KINDS[kind][3], KINDS[kind][4])


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_history_entry_added_says_its_retirement_kind(kind: str) -> None:
    old = page([], [section(entry(OTHER))])
    found = diff_records(old, page([], [section(entry(OTHER), entry(kind=kind))]), ON)
    assert [e.type for e in found] == ["deprecation_entry_added"]
    check_said(found, KINDS[kind][3], KINDS[kind][4])


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_an_announcement_says_the_retirement_kind_of_its_models(kind: str) -> None:
    found = diff_records(page([]), page([], [section(entry(kind=kind))]), ON)
    assert [e.type for e in found] == ["deprecation_announced"]
    texts = said(found)
    assert all(KINDS[kind][3] in text for text in texts), texts


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_model_from_a_note_into_the_table_says_its_retirement_kind(kind: str) -> None:
    found = diff_records(page(notes=[note(None)]), page([row(kind=kind)], notes=[note(None)]), ON)
    assert [e.type for e in found] == ["listing_changed"]
    check_said(found, KINDS[kind][3], KINDS[kind][4])
    assert all("now in the status table: deprecated" in text for text in said(found))


@pytest.mark.parametrize("kind", [k for k in ALL_KINDS if k != "unrecognised"])
def test_an_unread_retirement_read_again_says_its_kind(kind: str) -> None:
    found = diff_records(page([row(kind="unrecognised")]), page([row(kind=kind)]), ON)
    assert [e.type for e in found] == ["value_understood"]
    check_said(found, KINDS[kind][3], KINDS[kind][4])
    assert all("(was 'soonish', not read)" in text for text in said(found))


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("not_sooner_than", "date", "is now a fixed date"),
        ("date", "not_sooner_than", "retires not sooner than 14 May 2026 (was a fixed date)"),
        ("date", "to_be_announced", "retirement to be announced (was 14 May 2026)"),
        ("to_be_announced", "not_sooner_than", "(was to be announced)"),
        ("coarse", "date", "retires on 14 May 2026 (was Q3 2027 (as written))"),
    ],
)
def test_a_retirement_that_changes_kind_says_both(old: str, new: str, words: str) -> None:
    found = diff_records(page([row(kind=old)]), page([row(kind=new)]), ON)
    assert len(found) == 1
    for text in said(found):
        assert words in text, text


def test_a_note_model_says_its_retirement_day() -> None:
    found = diff_records(page([]), page(notes=[note()]), ON)
    check_said(found, "will be retired on 14 May 2026", "retires on 2026-05-14")
    moved = diff_records(page(notes=[note()]), page(notes=[note(date(2026, 6, 1))]), ON)
    check_said(moved, "will be retired on 1 June 2026 (was 14 May 2026", "retires on 2026-06-01")


def test_a_retirement_kind_alone_is_not_a_new_event_every_day() -> None:
    for kind in ALL_KINDS:
        assert diff_records(page([row(kind=kind)]), page([row(kind=kind)]), ON) == []
    # A re-translated "Not sooner than" (same kind, same day) is not a change either.
    retranslated = row(kind="not_sooner_than", retirement_label="Tidak lebih awal dari 14 Mei")
    assert diff_records(page([row(kind="not_sooner_than")]), page([retranslated]), ON) == []


# -- unread cells: their own event, as written ----------------------------------------------------


@pytest.mark.parametrize(
    ("field", "cell", "fields", "words"),
    [
        (
            "state",
            "Aktiv?",
            {"state": None, "state_label": "Aktiv?", "not_understood": ["state"]},
            "state: 'Aktiv?', not a state the tool reads (was deprecated)",
        ),
        (
            "deprecated_on",
            "early January",
            {
                "deprecated_on": None,
                "deprecated_label": "early January",
                "not_understood": ["deprecated_on"],
            },
            "deprecation date: 'early January', not a date the tool reads (was 5 January 2026)",
        ),
    ],
)
def test_an_unread_cell_is_its_own_event_said_as_written(
    field: str, cell: str, fields: dict[str, Any], words: str
) -> None:
    read, unread = page([row(kind="date")]), page([row(kind="date", **fields)])
    found = diff_records(read, unread, ON)
    assert [(e.type, e.field) for e in found] == [("value_not_understood", field)]
    assert found[0].after == {"unread": cell}
    for text in said(found):
        assert words in text, text
    assert diff_records(unread, unread, ON) == []  # not said again while it stays
    other = page([row(kind="date", **{**fields, fields_label(field): cell + "!"})])
    changed = diff_records(unread, other, ON)
    assert [e.type for e in changed] == ["value_not_understood"]  # other unread words
    back = diff_records(unread, read, ON)
    assert [(e.type, e.field) for e in back] == [("value_understood", field)]
    assert "read again" in event_line(back[0]).plain()


def fields_label(field: str) -> str:
    return {"state": "state_label", "deprecated_on": "deprecated_label"}[field]


def test_an_unread_replacement_is_never_said_as_a_model_id() -> None:
    written = "claude-x alert(1)"
    unread = entry(replacement=None, replacement_label=written, not_understood=["replacement"])
    found = diff_records(page([], [section(entry())]), page([], [section(unread)]), ON)
    assert [(e.type, e.field) for e in found] == [("value_not_understood", "replacement")]
    for text in said(found):
        assert f"replacement: '{written}', not a model id the tool reads" in text
        assert f"recommends {written}" not in text


def test_an_unread_model_cell_is_said_as_written() -> None:
    odd = row("Claude Kind (new)", kind="date", not_understood=["model_id"])
    found = diff_records(page([]), page([odd]), ON)
    assert [e.type for e in found] == ["model_added"]
    assert (
        "model: 'Claude Kind (new)', not a model id the tool reads" in event_line(found[0]).plain()
    )


# -- a model between a note and the table --------------------------------------------------------


def test_the_note_going_after_the_model_moved_says_the_table_lists_it() -> None:
    both = page([row(kind="to_be_announced")], notes=[note(None)])
    gone = diff_records(both, page([row(kind="to_be_announced")]), ON)
    assert [(e.type, e.source) for e in gone] == [("model_removed", "note")]
    assert event_line(gone[0]).plain() == (
        f"{MODEL} is no longer named in a note (it said: deprecated, replaced by {OTHER}); "
        "the status table lists it."
    )


def test_a_model_out_of_the_table_into_a_note_is_one_model() -> None:
    found = diff_records(page([row(kind="date")]), page(notes=[note()]), ON)
    assert [e.type for e in found] == ["listing_changed"]
    text = event_line(found[0]).plain()
    assert text.startswith(f"{MODEL} is no longer in the status table (listed as deprecated")
    assert "a note names it: deprecated, will be retired on 14 May 2026" in text


# -- retroactive rewrites ------------------------------------------------------------------------


def test_a_replacement_rewritten_in_an_old_announcement_reads_as_such() -> None:
    old = page([], [section(entry(kind="date"))])
    new = page([], [section(entry(kind="date", replacement="claude-y"))])
    found = diff_records(old, new, ON)
    assert [e.type for e in found] == ["replacement_changed"]
    for text in said(found):
        assert (
            f"{MODEL}: the announcement of 13 August 2025 now recommends claude-y instead of "
            f"{OTHER}" in text
        ), text


# -- calendar, models.json, timeline --------------------------------------------------------------


def calendar_events(rec: PageRecord) -> tuple[dict[str, Any], str]:
    calendar = Calendar.from_ical(retirement_calendar(rec, as_of=ON))
    found = {str(e["UID"]).partition("@")[0]: e for e in calendar.walk("VEVENT")}
    return found, str(calendar.get("X-WR-CALDESC", ""))


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_the_calendar_dates_only_retirements_with_a_day(kind: str) -> None:
    # The history still gives a day: the table's newer word wins, no day is made up.
    rec = page([row(kind=kind)], [section(entry(kind="date"))])
    found, described = calendar_events(rec)
    if KINDS[kind][0] is None:
        assert MODEL not in found
        assert f"{MODEL}: {KINDS[kind][4]}".replace(": in", ": retires in") in described
    else:
        assert str(found[MODEL]["SUMMARY"]) == f"{MODEL}: {KINDS[kind][4]}"
        text = str(found[MODEL]["DESCRIPTION"])
        assert ("not sooner than" in text) == (kind == "not_sooner_than")


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_models_json_says_the_retirement_kind_as_written(kind: str) -> None:
    day, label, year, _, _ = KINDS[kind]
    [model] = models_document({"en": page([row(kind=kind)])}, []).models
    assert (model.retirement_kind, model.retirement_label) == (kind, label)
    assert (model.retirement_date, model.retirement_year) == (day, year)
    assert model.not_understood == (["retirement_date"] if kind == "unrecognised" else [])


def history_of(*records: PageRecord, lang: str = "en") -> History:
    days = [date(2026, 9, 1 + n) for n in range(len(records))]
    return History(
        lang,
        "files",
        tuple(Snapshot(d, r, "working tree") for d, r in zip(days, records, strict=True)),
    )


def test_the_timeline_says_each_retirement_kind() -> None:
    history = history_of(*(page([row(kind=k)]) for k in ALL_KINDS))
    text = render_text(timeline_document(history))
    for kind in ALL_KINDS:
        words = KINDS[kind][4].replace("in Q3", "retires in Q3")
        assert words in text, (words, text)
    [life] = timelines(history)
    assert [r.kind for r in life.retirement] == ALL_KINDS


def test_a_re_translated_state_word_is_not_a_second_state_in_the_timeline() -> None:
    """`timeline --language id`: "Dihentikan" then "Dipensiunkan" for the same retired model."""
    first = row(state="retired", state_label="Dihentikan", kind="date")
    second = row(state="retired", state_label="Dipensiunkan", kind="date")
    history = history_of(page([first], lang="id"), page([second], lang="id"), lang="id")
    [life] = timelines(history)
    assert [(s.state, s.label) for s in life.states] == [("retired", "Dihentikan")]
    text = render_text(timeline_document(history))
    assert len(re.findall(r"\bretired\b", text)) == 1, text


# -- sections and plurals -------------------------------------------------------------------------


def with_sections(*sections: tuple[str, str, str], lang: str = "id") -> PageRecord:
    return page(lang=lang).model_copy(
        update={"sections": [Section(anchor=a, title=t, text=x) for a, t, x in sections]}
    )


def test_a_re_translated_heading_is_a_renamed_section_with_its_case() -> None:
    body = "Some parameters are going away."
    old = with_sections(("ikhtisar", "Ikhtisar", "Intro."), ("api-x", "API parameter x", body))
    new = with_sections(
        ("ikhtisar", "Ikhtisar", "Intro."),
        ("penghentian-parameter-api", "Penghentian parameter API", body),
    )
    found = diff_records(old, new, ON)
    assert [e.type for e in found] == ["section_renamed"]
    assert found[0].text_diff is None
    assert event_line(found[0]).plain() == (
        "The section “API parameter x” is now called “Penghentian parameter API”."
    )
    reworded = with_sections(
        ("ikhtisar", "Ikhtisar", "Intro."),
        ("penghentian-parameter-api", "Penghentian parameter API", body + " Soon."),
    )
    [renamed] = diff_records(old, reworded, ON)
    assert renamed.type == "section_renamed" and renamed.text_diff
    assert "+Some parameters are going away. Soon." in renamed.text_diff
    changed = diff_records(new, reworded, ON)
    assert "Wording changed in the section “Penghentian parameter API”." in [
        event_line(e).plain() for e in changed
    ]


def test_one_retired_model_is_said_in_the_singular() -> None:
    announced = section(entry(kind="date"), retired_on=date(2026, 5, 15))
    [event] = diff_records(page([]), page([], [announced]), ON)
    line = event_line(event)
    said_of_it = " ".join([line.plain(), *line.detail])
    assert "It says the model was retired on 15 May 2026." in said_of_it
    assert "models were" not in said_of_it
    assert event.summary()  # and it still has a one-line summary


def test_a_one_day_shift_is_one_day() -> None:
    moved = row(kind="date", retirement_date=date(2026, 5, 15))
    [event] = diff_records(page([row(kind="date")]), page([moved]), ON)
    assert event.summary().endswith("(+1 day)")
    assert "1 day later" in event_line(event).plain()


def test_events_stored_before_kinds_still_read() -> None:
    """Day files written before retirements had kinds: a bare ISO date was a fixed day."""
    link = "https://example.test/#model-status"
    common = {"date": ON, "language": "en", "link": link, "anchor": "model-status"}
    moved = Event(id="a", type="retirement_date_changed", model_id=MODEL, subject=MODEL,
                  before=None, after="2026-05-14", **common)  # fmt: skip
    assert event_line(moved).plain() == f"{MODEL}: retires on 14 May 2026."
    old_row = {"state": "active", "deprecated_on": None, "retirement_date": "2026-05-14",
               "retirement_not_before": True}  # fmt: skip
    added = Event(id="b", type="model_added", model_id=MODEL, subject=MODEL, after=old_row,
                  **common)  # fmt: skip
    assert "retires not sooner than 14 May 2026" in event_line(added).plain()
    entries = {"entries": {MODEL: {"retirement_date": "2026-05-14", "replacement": OTHER}}}
    announced = Event(id="c", type="deprecation_announced", subject="2025-08-13: Kind",
                      after=entries, **{**common, "anchor": "2025-08-13-kind"})  # fmt: skip
    assert f"{MODEL} retires on 14 May 2026, replaced by {OTHER}" in event_line(announced).plain()


@pytest.mark.parametrize("cell", ['Claude\'s "new" [x]', "a']['b", "\\'", "x" * 500, "]"])
def test_an_unread_model_cell_with_any_text_is_tracked(cell: str) -> None:
    """The text of an unread model cell is a key of the comparison: quotes and brackets in it
    must not break the path to it."""
    odd = row(cell, kind="date", not_understood=["model_id"])
    [added] = diff_records(page([]), page([odd]), ON)
    assert (added.type, added.model_id) == ("model_added", cell)
    later = row(cell, kind="to_be_announced", not_understood=["model_id"])
    [moved] = diff_records(page([odd]), page([later]), ON)
    assert (moved.type, moved.model_id) == ("retirement_date_changed", cell)
    assert "retirement to be announced (was 14 May 2026)" in event_line(moved).plain()


def test_an_unread_retirement_cell_is_unrecognised_whatever_kind_a_record_says() -> None:
    """One rule in the records: every reader (events, history, calendar, models.json) takes
    the kind as it is."""
    from scraper.read.records import DeprecationEntry, ModelStatus

    row = ModelStatus.model_validate(
        {"model_id": "claude-x-1", "state": "active", "state_label": "Active",
         "deprecated_on": None, "retirement_date": None, "retirement_not_before": None,
         "retirement_label": "someday", "retirement_kind": "date",
         "not_understood": ["retirement_date"]}
    )  # fmt: skip
    entry = DeprecationEntry.model_validate(
        {"model_id": "claude-x-1", "retirement_date": None, "replacement": None,
         "retirement_label": "someday", "retirement_kind": "date",
         "not_understood": ["retirement_date"]}
    )  # fmt: skip
    assert (row.retirement_kind, entry.retirement_kind) == ("unrecognised", "unrecognised")
    read = ModelStatus.model_validate({**row.model_dump(), "not_understood": []})
    assert read.retirement_kind == "unrecognised"  # kept as given when the cell was read


# A record written before retirement kinds existed gets the kind its cell implies. The row does
# not say its language, so "no date" in any language's words is not applicable, not unread.
@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("N/A", "not_applicable"),
        ("", "not_applicable"),
        ("—", "not_applicable"),
        ("不适用", "not_applicable"),
        ("該当なし", "not_applicable"),
        ("Nicht zutreffend", "not_applicable"),
        ("Tidak berlaku", "not_applicable"),
        ("н/д", "not_applicable"),
        ("non applicable.", "not_applicable"),
        ("不适用 2026", "unrecognised"),
        ("bientôt", "unrecognised"),
    ],
)
def test_a_row_written_before_kinds_reads_no_date_in_any_language(label: str, kind: str) -> None:
    from scraper.read.records import ModelStatus

    row = ModelStatus.model_validate(
        {
            "model_id": "claude-example-1",
            "state": "active",
            "state_label": "Active",
            "deprecated_on": None,
            "retirement_date": None,
            "retirement_not_before": None,
            "retirement_label": label,
        }
    )
    assert row.retirement_kind == kind
