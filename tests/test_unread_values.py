"""Values the tool cannot read are published as written and flagged; the rest reads as usual.

Issue 12: a retirement "to be announced" (in all 12 languages) and a coarse date ("Q3 2027") are
values, not errors; anything else not understood is kept verbatim, its typed field null, its
name in the row's `not_understood`, with one warning. Issue 13: a replacement cell that is not a
model id is never published as one. The pages are our own fixtures in the page's shape.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from fixtures import (
    SAMPLE_HISTORY,
    SAMPLE_ROWS,
    SOURCE,
    HistoryEntry,
    HistorySection,
    StatusRow,
    Style,
    page,
)
from platform_html import PAGE_URL, render_platform_html

from scraper.read.extract import extract
from scraper.read.languages import LANGUAGES
from scraper.read.parse import parse_text
from scraper.read.read_md import read_markdown
from scraper.read.records import DeprecationEntry, ModelStatus, PageRecord


def parse(text: str, lang: str) -> PageRecord:
    return extract(read_markdown(text), language=lang, source=SOURCE)


def retiring(lang: str, cell: str) -> tuple[ModelStatus, PageRecord]:
    """The status row of `claude-a-1` whose retirement cell is `cell` (the page's only odd one)."""
    rows = [*SAMPLE_ROWS, StatusRow("claude-a-1", "deprecated", date(2026, 3, 2), None,
                                    retirement_text=cell)]  # fmt: skip
    record = parse(page(lang, rows), lang)
    row = record.model("claude-a-1")
    assert row is not None
    # Every other row reads as it does on the plain page.
    plain = parse(page(lang), lang)
    assert [m for m in record.models if m.model_id != "claude-a-1"] == plain.models
    return row, record


# --- "to be announced" ----------------------------------------------------------------------

# Written here by hand, a second opinion on `languages.TO_BE_ANNOUNCED`.
TO_BE_ANNOUNCED = {
    "en": ["To be announced", "TBA", "TBD", "To be determined", "Will be announced",
           "Not yet announced", "to be announced."],
    "de": ["Wird noch bekannt gegeben", "Noch nicht festgelegt"],
    "es": ["Por anunciar", "Se anunciará"],
    "fr": ["À annoncer", "Sera annoncée ultérieurement"],
    "id": ["Akan diumumkan", "Belum ditentukan"],
    "it": ["Da annunciare", "Da definire"],
    "ja": ["未定", "後日発表"],
    "ko": ["추후 공지", "미정"],
    "pt-BR": ["A ser anunciado", "A definir"],
    "ru": ["Будет объявлено позже", "Уточняется"],
    "zh-CN": ["待公布", "待定"],
    "zh-TW": ["待公佈", "另行通知"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "cell"),
    [(lang, cell) for lang, cells in TO_BE_ANNOUNCED.items() for cell in cells]
    + [(lang, "To be announced") for lang in LANGUAGES],  # English words left in a translation
)
def test_to_be_announced_is_a_value_in_every_language(lang: str, cell: str) -> None:
    row, record = retiring(lang, cell)
    assert (row.retirement_kind, row.retirement_date, row.retirement_year) == (
        "to_be_announced",
        None,
        None,
    )
    assert row.retirement_label == cell
    assert row.retirement_not_before is False
    assert row.not_understood == []
    assert record.warnings == []


def test_every_language_has_its_own_to_be_announced_words() -> None:
    from scraper.read.languages import TO_BE_ANNOUNCED as DATA

    assert set(DATA) == set(LANGUAGES)


# --- coarse dates ---------------------------------------------------------------------------

COARSE = {
    "en": ["Q3 2027", "early 2027", "mid-2027", "H2 2027", "late 2027", "2027", "March 2027",
           "End of 2027", "Not sooner than Q3 2027"],
    "de": ["Mitte 2027", "3. Quartal 2027", "Ende 2027"],
    "es": ["Finales de 2027", "Tercer trimestre de 2027"],
    "fr": ["Mi-2027", "Fin 2027", "Troisième trimestre 2027"],
    "id": ["Akhir 2027", "Kuartal ketiga 2027", "Pertengahan 2027"],
    "it": ["Metà 2027", "Fine 2027", "Terzo trimestre 2027"],
    "ja": ["2027年第3四半期", "2027年後半", "2027年3月"],
    "ko": ["2027년 3분기", "2027년 하반기", "2027년 말"],
    "pt-BR": ["Meados de 2027", "Final de 2027", "Terceiro trimestre de 2027"],
    "ru": ["III квартал 2027 года", "Конец 2027 г.", "Середина 2027"],
    "zh-CN": ["2027年第三季度", "2027年下半年", "2027年底"],
    "zh-TW": ["2027年第三季", "2027年下半年", "2027年底"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "cell"), [(lang, cell) for lang, cells in COARSE.items() for cell in cells]
)
def test_a_coarse_date_is_its_year_never_a_day(lang: str, cell: str) -> None:
    row, record = retiring(lang, cell)
    assert (row.retirement_kind, row.retirement_year, row.retirement_date) == ("coarse", 2027, None)
    assert row.retirement_label == cell
    assert row.retirement_not_before is False
    assert row.not_understood == []
    # A value the page states: no warning (the kind says the day is not given).
    assert record.warnings == []


def test_a_coarse_year_outside_the_plausible_ones_is_warned() -> None:
    row, record = retiring("en", "Q3 2207")
    assert (row.retirement_kind, row.retirement_year) == ("coarse", 2207)
    assert [w.message for w in record.warnings] == ["implausible year 2207 (expected 2023 to 2040)"]


# --- not understood -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    ["Sometime soon", "", "2026-2027", "Maybe June 1, 2027", "June 1, 2027 or later?",
     "Q3 2027 TBA", "claude-x"],
)  # fmt: skip
def test_a_retirement_not_understood_is_kept_as_written_and_flagged(cell: str) -> None:
    row, record = retiring("en", cell)
    assert row.retirement_kind == "unrecognised"
    assert (row.retirement_date, row.retirement_year, row.retirement_not_before) == (None,) * 3
    assert row.retirement_label == cell
    assert row.not_understood == ["retirement_date"]
    (warning,) = record.warnings
    assert warning.where == "model-status row 5 retirement"
    assert repr(cell) in warning.message
    # Everything else of the row is read as usual.
    assert (row.state, row.deprecated_on) == ("deprecated", date(2026, 3, 2))


@pytest.mark.parametrize(
    ("cell", "kind", "not_before"),
    [("June 1, 2027", "date", False), ("Not sooner than June 1, 2027", "not_sooner_than", True),
     ("N/A", "not_applicable", False), ("TBA", "to_be_announced", False),
     ("Q3 2027", "coarse", False), ("xyz", "unrecognised", None)],
)  # fmt: skip
def test_retirement_not_before_is_true_only_for_not_sooner_than(
    cell: str, kind: str, not_before: bool | None
) -> None:
    row, _ = retiring("en", cell)
    assert (row.retirement_kind, row.retirement_not_before) == (kind, not_before)


def test_unread_state_and_deprecation_cells_are_flagged_one_by_one() -> None:
    rows = [
        *SAMPLE_ROWS,
        StatusRow("claude-a-1", "active", label="Half-open", retirement=date(2027, 5, 1)),
        StatusRow("claude-b-1", "deprecated", deprecated_text="recently",
                  retirement=date(2027, 5, 1)),
    ]  # fmt: skip
    record = parse(page("en", rows), "en")
    odd_state, odd_date = record.model("claude-a-1"), record.model("claude-b-1")
    assert odd_state is not None and odd_date is not None
    assert (odd_state.state, odd_state.state_label, odd_state.not_understood) == (
        None,
        "Half-open",
        ["state"],
    )
    assert odd_state.retirement_date == date(2027, 5, 1)
    assert (odd_date.deprecated_on, odd_date.deprecated_label, odd_date.not_understood) == (
        None,
        "recently",
        ["deprecated_on"],
    )
    assert (odd_date.state, odd_date.retirement_date) == ("deprecated", date(2027, 5, 1))
    assert sorted(w.where for w in record.warnings) == [
        "model-status row 5 state",
        "model-status row 6 deprecated",
    ]
    assert len(record.models) == len(SAMPLE_ROWS) + 2


def test_a_deprecation_cell_is_a_day_or_n_a_only() -> None:
    rows = [StatusRow("claude-a-1", "deprecated", deprecated_text="TBA",
                      retirement=date(2027, 5, 1))]  # fmt: skip
    record = parse(page("en", rows), "en")
    row = record.model("claude-a-1")
    assert row is not None
    assert (row.deprecated_on, row.deprecated_label, row.not_understood) == (
        None,
        "TBA",
        ["deprecated_on"],
    )


# --- history rows ---------------------------------------------------------------------------


def history_row(
    retirement: str, model: str, replacement: str
) -> tuple[DeprecationEntry, PageRecord]:
    """The one entry of an extra history section whose cells are written verbatim."""
    extra = HistorySection(
        date(2026, 2, 1), "Odd one", (HistoryEntry(date(2026, 6, 1), "claude-x-9", "claude-y-9"),)
    )
    text = page("en", history=[extra, *SAMPLE_HISTORY], style=Style(pad=False))
    text = text.replace(
        "| June 1, 2026 | `claude-x-9` | `claude-y-9` |",
        f"| {retirement} | {model} | {replacement} |",
    )
    assert f"| {retirement} |" in text
    record = parse(text, "en")
    section = next(d for d in record.deprecations if d.announced_on == date(2026, 2, 1))
    (entry,) = section.entries
    plain = parse(page("en"), "en")
    assert [d for d in record.deprecations if d is not section] == plain.deprecations
    assert record.models == plain.models
    return entry, record


def test_history_retirement_kinds() -> None:
    tba, record = history_row("To be announced", "`claude-x-9`", "`claude-y-9`")
    assert (tba.retirement_kind, tba.retirement_date, tba.not_understood) == (
        "to_be_announced",
        None,
        [],
    )
    assert record.warnings == []
    coarse, record = history_row("Q3 2027", "`claude-x-9`", "`claude-y-9`")
    assert (coarse.retirement_kind, coarse.retirement_year, coarse.retirement_date) == (
        "coarse",
        2027,
        None,
    )
    assert record.warnings == []
    dated, _ = history_row("Not sooner than June 1, 2027", "`claude-x-9`", "`claude-y-9`")
    assert (dated.retirement_kind, dated.retirement_date) == ("not_sooner_than", date(2027, 6, 1))
    odd, record = history_row("whenever", "`claude-x-9`", "`claude-y-9`")
    assert (odd.retirement_kind, odd.retirement_date, odd.retirement_label) == (
        "unrecognised",
        None,
        "whenever",
    )
    assert odd.not_understood == ["retirement_date"]
    (warning,) = record.warnings
    assert (
        warning.where == "2026-02-01-odd-one row 1 retirement" and "'whenever'" in warning.message
    )


def test_a_history_model_cell_that_is_not_an_id_keeps_its_row() -> None:
    entry, record = history_row("June 1, 2026", "Claude X 9 (old)", "`claude-y-9`")
    assert (entry.model_id, entry.retirement_date, entry.replacement) == (
        "Claude X 9 (old)",
        date(2026, 6, 1),
        "claude-y-9",
    )
    assert entry.not_understood == ["model_id"]
    (warning,) = record.warnings
    assert warning.where == "2026-02-01-odd-one row 1 model"


@pytest.mark.parametrize(
    ("cell", "replacement"),
    [("`claude-y-9`", "claude-y-9"), ("claude-y-9", "claude-y-9"),
     ("[`claude-y-9`](/docs/en/models)", "claude-y-9"), ("[claude-y-9](/x)", "claude-y-9"),
     ("N/A", None), ("None", None), ("—", None), ("-", None), ("n/a", None)],
)  # fmt: skip
def test_replacement_forms_the_page_uses(cell: str, replacement: str | None) -> None:
    entry, record = history_row("June 1, 2026", "`claude-x-9`", cell)
    assert entry.replacement == replacement
    assert entry.not_understood == []
    assert record.warnings == []


@pytest.mark.parametrize(
    "cell",
    ["`claude-y-9` alert(1)", "claude-y-9 alert(1)", "claude-y-9 (recommended)",
     "claude-y-9, claude-z-9", "`claude-y-9` or `claude-z-9`", "Claude Y 9", "Use prompting.",
     "<script>alert(1)</script>claude-y-9", "CLAUDE-Y-9", "claude-y-9.", ""],
)  # fmt: skip
def test_a_replacement_that_is_not_one_model_id_is_never_published_as_an_id(cell: str) -> None:
    entry, record = history_row("June 1, 2026", "`claude-x-9`", cell)
    assert entry.replacement is None
    assert (
        entry.replacement_label == read_markdown(f"| a |\n|---|\n| {cell} |").blocks[0].rows[0][0]
    )  # type: ignore[union-attr]
    assert entry.not_understood == ["replacement"]
    (warning,) = record.warnings
    assert warning.where == "2026-02-01-odd-one row 1 replacement"
    assert repr(entry.replacement_label) in warning.message
    assert entry.retirement_date == date(2026, 6, 1)


def test_a_row_whose_other_cells_do_not_read_either_is_no_history_row() -> None:
    extra = HistorySection(
        date(2026, 2, 1), "Odd one", (HistoryEntry(date(2026, 6, 1), "claude-x-9", "claude-y-9"),)
    )
    text = page("en", history=[extra, *SAMPLE_HISTORY], style=Style(pad=False)).replace(
        "| June 1, 2026 | `claude-x-9` | `claude-y-9` |", "| see | the notes | above |"
    )
    record = parse(text, "en")
    section = next(d for d in record.deprecations if d.announced_on == date(2026, 2, 1))
    assert section.entries == []
    assert any(
        w.where == "2026-02-01-odd-one row 1" and "does not fit" in w.message
        for w in record.warnings
    )


# --- the status table's separator row, left-aligned ------------------------------------------

_SEPARATOR = re.compile(r"^\|(?::-+\|)+$", re.MULTILINE)


def left_aligned(text: str) -> str:
    """Every table's separator row as `| :--- | :--- |` (spaces inside, left-aligned)."""
    return _SEPARATOR.sub(
        lambda m: "| " + " | ".join([":---"] * (m.group(0).count("|") - 1)) + " |", text
    )


@pytest.mark.parametrize("lang", ["en", "id", "ja"])
def test_a_left_aligned_separator_row_is_read_by_both_readers(lang: str) -> None:
    text = left_aligned(page(lang))
    assert "| :--- | :--- | :--- | :--- |" in text
    url = PAGE_URL.format(lang=lang)
    from_md = parse_text(text, url=url + ".md", language=lang, fmt="md")
    from_html = parse_text(
        render_platform_html(text, lang=lang), url=url, language=lang, fmt="html"
    )
    plain = parse(page(lang), lang)
    for record in (from_md, from_html):
        assert record.warnings == []
        assert record.models == plain.models
        assert record.deprecations == plain.deprecations
