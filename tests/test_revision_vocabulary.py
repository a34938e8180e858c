"""Each revision's own words: the Overview's terms give the meaning of the same words in the
status table and in notes of that revision (issue 12, item 5), in any of the Overview's shapes.

The Indonesian revision of late August 2026 printed its Overview as `**Deprecated
(Dihentikan):**`, `**Retired (Dipensiunkan):**` and translated the whole status table; earlier
and later revisions used `Dihentikan` for Retired. The pages here are our own, in those shapes.
"""

from __future__ import annotations

from datetime import date

import pytest
from fixtures import SOURCE, StatusRow, Style, page

from scraper.read.extract import extract
from scraper.read.read_md import read_markdown
from scraper.read.records import PageRecord

PREVIEW, NEXT = "claude-omega-preview", "claude-alpha-5"
ROWS = (
    StatusRow(NEXT, "active", retirement=date(2027, 6, 9), not_before=True),
    StatusRow("claude-gamma-3-20240601", "deprecated", date(2026, 3, 2), date(2026, 9, 1)),
    StatusRow("claude-delta-2-20240301", "retired", date(2025, 6, 2), date(2025, 9, 1)),
)
# late August 2026: Dihentikan is Deprecated; the table is translated (headers, state words, dates)
AUGUST = ("Aktif", "Warisan", "Dihentikan", "Dipensiunkan")
# July 2026: Dihentikan is Retired
JULY = ("Aktif", "Warisan", "Usang", "Dihentikan")


def indonesian(terms: tuple[str, ...], note: str) -> PageRecord:
    text = page("id", ROWS, terms=terms, style=Style(english_beside="inside"), status_note=note)
    return extract(read_markdown(text), language="id", source=SOURCE)


def test_the_august_revision_reads_as_printed() -> None:
    text = page("id", ROWS, terms=AUGUST, style=Style(english_beside="inside"))
    assert "**Deprecated (Dihentikan):**" in text and "**Retired (Dipensiunkan):**" in text
    assert "Tidak lebih awal dari 9 Juni 2027" in text
    record = extract(read_markdown(text), language="id", source=SOURCE)
    assert record.warnings == []
    assert record.state_terms.deprecated == ["Deprecated", "Dihentikan"]
    assert record.state_terms.retired == ["Dipensiunkan", "Retired"]
    read = {m.model_id: (m.state, m.state_label, m.retirement_date, m.retirement_kind)
            for m in record.models}  # fmt: skip
    assert read == {
        NEXT: ("active", "Aktif", date(2027, 6, 9), "not_sooner_than"),
        "claude-gamma-3-20240601": ("deprecated", "Dihentikan", date(2026, 9, 1), "date"),
        "claude-delta-2-20240301": ("retired", "Dipensiunkan", date(2025, 9, 1), "date"),
    }


def test_the_same_table_word_means_what_its_own_revision_says() -> None:
    row = [StatusRow("claude-b-1", "deprecated", date(2026, 3, 2), date(2026, 9, 1),
                     label="Dihentikan")]  # fmt: skip
    august = page("id", row, terms=AUGUST, style=Style(english_beside="inside"))
    july = page("id", row, terms=JULY, style=Style(english_beside="inside"))
    # In July a row with a future retirement labelled "Dihentikan" is a retired row: the cross
    # check with the dates is another matter; the word's meaning comes from the revision.
    assert extract(read_markdown(august), language="id", source=SOURCE).models[0].state == (
        "deprecated"
    )
    assert extract(read_markdown(july), language="id", source=SOURCE).models[0].state == "retired"


@pytest.mark.parametrize(
    ("terms", "state"), [(AUGUST, "deprecated"), (JULY, "retired")], ids=["august", "july"]
)
def test_a_note_is_read_with_its_revisions_words(terms: tuple[str, ...], state: str) -> None:
    note = f"Model pratinjau `{PREVIEW}` telah dihentikan. Silakan beralih ke `{NEXT}`."
    record = indonesian(terms, note)
    (found,) = record.note_models
    assert (found.model_id, found.state, found.replacement) == (PREVIEW, state, NEXT)


@pytest.mark.parametrize(
    ("terms", "kind"), [(AUGUST, "deprecation"), (JULY, "retirement")], ids=["august", "july"]
)
def test_a_future_phrase_keeps_its_tense_and_takes_the_revisions_state(
    terms: tuple[str, ...], kind: str
) -> None:
    record = indonesian(terms, f"`{PREVIEW}` akan dihentikan pada 30 Juni 2027.")
    (found,) = record.note_models
    assert (found.state, found.date, found.date_kind) == (None, date(2027, 6, 30), kind)


def test_words_the_overview_does_not_define_keep_their_usual_meaning() -> None:
    english_terms = ("Active", "Legacy", "Deprecated", "Retired")
    record = indonesian(english_terms, f"`{PREVIEW}` telah dihentikan.")
    assert record.note_models[0].state == "retired"
    record = indonesian(english_terms, f"`{PREVIEW}` telah diusangkan.")
    assert record.note_models[0].state == "deprecated"


@pytest.mark.parametrize(
    ("note", "state"),
    [
        (f"`{PREVIEW}` は廃止予定です。", "deprecated"),
        (f"`{PREVIEW}` は廃止されました。", "retired"),
    ],
)
def test_the_longest_term_in_a_phrase_decides(note: str, state: str) -> None:
    # Deprecated（廃止予定） and Retired（廃止）: "廃止予定です" holds both words.
    text = page(
        "ja",
        ROWS,
        terms=("アクティブ", "レガシー", "廃止予定", "廃止"),
        style=Style(english_beside="fullwidth"),
        status_note=note,
    )
    record = extract(read_markdown(text), language="ja", source=SOURCE)
    assert record.note_models[0].state == state
