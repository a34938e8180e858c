"""From a Document to a PageRecord, on our own small pages in the page's shape."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures import (
    SAMPLE_HISTORY,
    SAMPLE_PARAMETERS,
    SAMPLE_ROWS,
    SOURCE,
    WORDS,
    HistoryEntry,
    HistorySection,
    ParameterRow,
    StatusRow,
    Style,
    page,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.read.extract import PageError, extract
from scraper.read.languages import LANGUAGES
from scraper.read.read_md import read_markdown
from scraper.read.records import PageRecord

EXPECTED_STATES = {row.model_id: row.state for row in SAMPLE_ROWS}


def parse(text: str, lang: str) -> PageRecord:
    return extract(read_markdown(text), language=lang, source=SOURCE)


def states(record: PageRecord) -> dict[str, str | None]:
    return {m.model_id: m.state for m in record.models}


def messages(record: PageRecord) -> list[str]:
    return [f"{w.where}: {w.message}" for w in record.warnings]


# --- states, learned from the page's own Overview -------------------------------------------


@pytest.mark.parametrize("beside", [None, "after", "inside", "fullwidth"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_state_in_every_language(lang: str, beside: str | None) -> None:
    record = parse(page(lang, style=Style(english_beside=beside)), lang)
    assert record.warnings == []
    assert states(record) == EXPECTED_STATES
    learned = record.state_terms.model_dump()
    for state, local in zip(
        ("active", "legacy", "deprecated", "retired"), WORDS[lang].terms, strict=True
    ):
        english = state.capitalize()
        both = {local} if beside is None or lang == "en" else {local, english}
        assert set(learned[state]) == both


@pytest.mark.parametrize(
    ("beside", "bullet_text"),
    [
        ("after", "**Retired** (Dihentikan):"),
        ("inside", "**Retired (Dihentikan):**"),
        ("fullwidth", "**Retired（Dihentikan）**："),
    ],
)
def test_english_term_beside_the_local_one(beside: str, bullet_text: str) -> None:
    text = page(
        "id", style=Style(english_beside=beside), terms=("Aktif", "Lawas", "Usang", "Dihentikan")
    )
    assert bullet_text in text
    record = parse(text, "id")
    assert record.state_terms.retired == ["Dihentikan", "Retired"]
    assert record.state_terms.deprecated == ["Deprecated", "Usang"]
    assert states(record) == EXPECTED_STATES
    assert record.warnings == []


def test_japanese_fullwidth_parentheses() -> None:
    text = page("ja", style=Style(english_beside="fullwidth"))
    assert "**Active（提供中）**" in text
    record = parse(text, "ja")
    assert record.state_terms.active == ["Active", "提供中"]
    assert states(record) == EXPECTED_STATES


def test_the_same_word_means_what_this_revision_says() -> None:
    """Indonesian `Dihentikan` meant Deprecated in one revision and Retired in a later one."""
    rows = [
        StatusRow("claude-alpha-5", "active", retirement=date(2027, 3, 1), not_before=True),
        StatusRow("claude-gamma-3", "x", date(2026, 1, 15), date(2026, 4, 30), label="Dihentikan"),
    ]
    older = parse(page("id", rows, terms=("Aktif", "Warisan", "Dihentikan", "Pensiun")), "id")
    newer = parse(
        page(
            "id",
            rows,
            terms=("Aktif", "Warisan", "Usang", "Dihentikan"),
            style=Style(english_beside="inside"),
        ),
        "id",
    )
    assert older.model("claude-gamma-3").state == "deprecated"  # type: ignore[union-attr]
    assert newer.model("claude-gamma-3").state == "retired"  # type: ignore[union-attr]
    assert older.warnings == [] and newer.warnings == []


def test_loose_match_extends_the_overview_term() -> None:
    """Korean: the table writes `지원 중단됨` for the term `지원 중단`, while the Retired term
    `중단됨` is a suffix of that label; the label still means Deprecated."""
    rows = [
        StatusRow("claude-a-1", "active", retirement=date(2027, 1, 1), not_before=True),
        StatusRow("claude-b-1", "x", date(2025, 12, 19), date(2026, 2, 19), label="지원 중단됨"),
        StatusRow("claude-c-1", "x", date(2025, 6, 30), date(2025, 9, 1), label="중단됨"),
        StatusRow("claude-d-1", "x", date(2025, 6, 30), date(2025, 9, 1), label="지원 중단"),
    ]
    record = parse(page("ko", rows, terms=("활성", "레거시", "지원 중단", "중단됨")), "ko")
    assert states(record) == {
        "claude-a-1": "active",
        "claude-b-1": "deprecated",
        "claude-c-1": "retired",
        "claude-d-1": "deprecated",
    }
    assert record.warnings == []
    assert record.model("claude-b-1").state_label == "지원 중단됨"  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", [c for c in LANGUAGES if c != "en"])
def test_english_state_words_left_in_a_translation(lang: str) -> None:
    rows = [
        StatusRow("claude-a-1", "x", retirement=date(2027, 1, 1), not_before=True, label="Active"),
        StatusRow("claude-b-1", "x", date(2025, 12, 19), date(2026, 2, 19), label="Deprecated"),
        StatusRow("claude-c-1", "x", date(2025, 6, 30), date(2025, 9, 1), label="Retired"),
        StatusRow("claude-d-1", "x", retirement=date(2027, 1, 1), label="legacy"),
    ]
    record = parse(page(lang, rows), lang)
    assert states(record) == {
        "claude-a-1": "active",
        "claude-b-1": "deprecated",
        "claude-c-1": "retired",
        "claude-d-1": "legacy",
    }
    assert record.warnings == []


def test_unknown_state_word_is_none_with_a_warning() -> None:
    rows = [
        *SAMPLE_ROWS[:1],
        StatusRow("claude-odd-1", "x", date(2026, 1, 1), date(2026, 6, 1), label="Schwebend"),
    ]
    record = parse(page("de", rows, style=Style(heading_ids="braces")), "de")
    odd = record.model("claude-odd-1")
    assert odd is not None and odd.state is None and odd.state_label == "Schwebend"
    assert odd.deprecated_on == date(2026, 1, 1)  # the rest of the row is still read
    (warning,) = record.warnings
    assert warning.where == "model-status row 2 state"
    assert "Schwebend" in warning.message
    assert "Abgekündigt" in warning.message  # says which words the page does use


def test_state_contradicting_its_dates_is_warned() -> None:
    rows = [StatusRow("claude-a-1", "active", date(2026, 1, 1), date(2026, 6, 1))]
    record = parse(page("en", rows), "en")
    assert states(record) == {"claude-a-1": "active"}  # the page's word is kept, but flagged
    assert any("active" in m and "2026-01-01" in m for m in messages(record))


def test_without_an_overview_english_words_still_work() -> None:
    text = page("en").replace("**", "")  # the terms lose their bold: no Overview list is found
    record = parse(text, "en")
    assert states(record) == EXPECTED_STATES
    assert [w.where for w in record.warnings] == ["overview"]


# --- dates in the status table --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_status_dates_and_not_sooner_than(lang: str) -> None:
    record = parse(page(lang), lang)
    alpha, gamma = record.model("claude-alpha-5"), record.model("claude-gamma-3-20240601")
    assert alpha is not None and gamma is not None
    assert (alpha.deprecated_on, alpha.retirement_date) == (None, date(2027, 3, 1))
    assert alpha.retirement_not_before is True
    assert (gamma.deprecated_on, gamma.retirement_date) == (date(2026, 1, 15), date(2026, 4, 30))
    assert gamma.retirement_not_before is False


def test_cjk_dates_with_spaces() -> None:
    record = parse(page("zh-CN", style=Style(spaced_cjk_dates=True)), "zh-CN")
    assert "2026 年 4 月 30 日" in record.model("claude-gamma-3-20240601").retirement_label  # type: ignore[union-attr]
    assert record.model("claude-gamma-3-20240601").retirement_date == date(2026, 4, 30)  # type: ignore[union-attr]
    assert record.warnings == []


def test_translated_not_applicable() -> None:
    text = page("zh-CN")
    assert "不适用" in text
    record = parse(text, "zh-CN")
    assert record.model("claude-alpha-5").deprecated_on is None  # type: ignore[union-attr]
    assert record.warnings == []


def test_unknown_qualifier_is_warned_and_not_guessed() -> None:
    rows = [
        StatusRow("claude-a-1", "active", retirement_text="Vielleicht 1. Juli 2027"),
        StatusRow("claude-b-1", "active", retirement_text="Nicht vor dem 1. Juli 2027"),
    ]
    record = parse(page("de", rows), "de")
    odd, known = record.model("claude-a-1"), record.model("claude-b-1")
    assert odd is not None and known is not None
    # Words around the date may change its meaning: the date is not published, the cell is.
    assert odd.retirement_date is None
    assert odd.retirement_not_before is None
    assert odd.retirement_kind == "unrecognised"
    assert odd.retirement_label == "Vielleicht 1. Juli 2027"
    assert odd.not_understood == ["retirement_date"]
    assert known.retirement_not_before is True
    assert known.retirement_kind == "not_sooner_than"
    (warning,) = record.warnings
    assert warning.where.endswith("row 1 retirement")
    assert "Vielleicht" in warning.message


def test_unreadable_date_is_warned() -> None:
    rows = [
        StatusRow(
            "claude-a-1", "deprecated", deprecated_text="irgendwann", retirement=date(2027, 1, 1)
        )
    ]
    record = parse(page("de", rows), "de")
    assert record.model("claude-a-1").deprecated_on is None  # type: ignore[union-attr]
    assert any("irgendwann" in m and "deprecated" in m for m in messages(record))


# --- rows and tables that do not fit --------------------------------------------------------


def test_a_model_cell_that_is_not_an_id_keeps_its_row_under_the_text() -> None:
    text = page("en").replace("| `claude-delta-2-20240301`", "| Claude Delta 2 (see below)", 1)
    record = parse(text, "en")
    assert "claude-delta-2-20240301" not in states(record)
    kept = record.model("Claude Delta 2 (see below)")
    assert kept is not None
    assert (kept.state, kept.deprecated_on, kept.retirement_date) == (
        "retired",
        date(2025, 6, 2),
        date(2025, 9, 1),
    )
    assert kept.not_understood == ["model_id"]
    (warning,) = record.warnings
    assert warning.where == "model-status row 4 model"
    assert "'Claude Delta 2 (see below)' is not a model id" in warning.message


def test_row_that_does_not_fit_is_warned() -> None:
    # Not one cell of it reads as its column: it is no row of the status table.
    text = page("en").replace(
        "| `claude-delta-2-20240301`", "| see below | for the | rest of | the story |\n| x", 1
    )
    record = parse(text, "en")
    assert len(record.models) == 4
    assert any("row 4" in w.where and "does not fit" in w.message for w in record.warnings)
    assert not any(m.model_id == "see below" for m in record.models)


def test_short_row_is_warned() -> None:
    lines = page("en").splitlines()
    at = next(i for i, line in enumerate(lines) if "claude-gamma-3-20240601" in line)
    lines[at] = "| `claude-gamma-3-20240601` | Deprecated |"
    record = parse("\n".join(lines), "en")
    assert len(record.models) == 3
    assert any("does not fit" in m for m in messages(record))


def test_duplicate_row_is_warned_and_the_first_kept() -> None:
    rows = [
        *SAMPLE_ROWS,
        StatusRow("claude-alpha-5", "retired", date(2020, 1, 1), date(2020, 2, 1)),
    ]
    record = parse(page("en", rows), "en")
    assert record.model("claude-alpha-5").state == "active"  # type: ignore[union-attr]
    assert any("listed twice" in m for m in messages(record))


def test_no_status_table_is_a_page_error() -> None:
    with pytest.raises(PageError, match=r"^fr: status table not found \(expected .*model ids"):
        parse(page("fr", status_table=False), "fr")


def test_header_only_status_table_is_a_page_error() -> None:
    with pytest.raises(PageError, match="status table"):
        parse(page("en", rows=[]), "en")


def test_status_table_without_model_rows_is_a_page_error() -> None:
    text = "## Model status\n\n| a | b | c | d |\n|---|---|---|---|\n| `claude-a-1` | Active |\n"
    with pytest.raises(PageError, match=r"^en: the status table has no model rows"):
        parse(text, "en")


def test_status_table_with_five_columns_is_warned() -> None:
    text = (
        "## Model status\n\n| Model | State | Deprecated | Retirement | Extra |\n"
        "|---|---|---|---|---|\n| `claude-a-1` | Active | N/A | N/A | x |\n"
    )
    record = parse(text, "en")
    assert states(record) == {"claude-a-1": "active"}
    assert "model-status: the status table has 5 columns, expected 4" in messages(record)


# --- history --------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [": ", " : ", "：", "： "])
def test_history_heading_separators(separator: str) -> None:
    record = parse(page("zh-TW", style=Style(history_separator=separator)), "zh-TW")
    assert [(d.announced_on, d.title) for d in record.deprecations] == [
        (date(2026, 1, 15), "Claude Gamma 3"),
        (date(2025, 6, 2), "Claude Delta 2"),
    ]
    gamma = record.deprecations[0]
    assert [(e.model_id, e.retirement_date, e.replacement) for e in gamma.entries] == [
        ("claude-gamma-3-20240601", date(2026, 4, 30), "claude-alpha-5")
    ]
    assert record.warnings == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("indent", [False, True])
def test_retired_note_gives_retired_on(lang: str, indent: bool) -> None:
    record = parse(page(lang, style=Style(indent_callouts=indent)), lang)
    assert [d.retired_on for d in record.deprecations] == [None, date(2025, 9, 1)]


def test_retired_on_from_a_bold_sentence() -> None:
    history = [
        HistorySection(
            date(2025, 1, 21), "Old ones",
            (HistoryEntry(date(2025, 7, 21), "claude-old-1", "claude-alpha-5"),),
        )
    ]  # fmt: skip
    text = page("en", history=history).replace(
        "One sentence about Old ones.",
        "We told people early. **These went away on July 21, 2025 at 9AM PT.**",
    )
    record = parse(text, "en")
    assert record.deprecations[0].retired_on == date(2025, 7, 21)


def test_history_section_without_a_table_is_warned() -> None:
    history = [HistorySection(date(2024, 9, 4), "Nothing listed", ())]
    record = parse(page("en", history=history), "en")
    assert record.deprecations[0].entries == []
    assert [w.where for w in record.warnings] == ["2024-09-04-nothing-listed"]


@pytest.mark.parametrize(
    ("lang", "cell"), [("en", "N/A"), ("en", "—"), ("en", "-"), ("en", "None"), ("zh-CN", "不适用")]
)
def test_history_without_a_replacement(lang: str, cell: str) -> None:
    history = [
        HistorySection(
            date(2025, 1, 21), "Old", (HistoryEntry(date(2025, 7, 21), "claude-old-1", "x"),)
        )
    ]
    text = page(lang, history=history).replace("`x`", cell)
    record = parse(text, lang)
    assert record.deprecations[0].entries[0].replacement is None
    assert record.warnings == []


def test_history_anchors_use_the_page_ids() -> None:
    record = parse(page("ja"), "ja")
    assert record.deprecations[0].anchor.startswith("2026-01-15-")


# --- parameter table, notes, sections -------------------------------------------------------


def test_parameter_table() -> None:
    params = [
        *SAMPLE_PARAMETERS,
        ParameterRow(("lone_knob",), "Removed (Model X and later)", "Errors out.", "None."),
    ]
    record = parse(page("en", parameters=params), "en")
    assert [p.parameters for p in record.parameter_deprecations] == [
        ["sampling_knob", "other_knob"],
        ["lone_knob"],
    ]
    second = record.parameter_deprecations[1]
    assert (second.status, second.behavior, second.replacement) == (
        "Removed (Model X and later)",
        "Errors out.",
        "None.",
    )
    assert record.warnings == []


def test_no_parameter_table_before_it_exists() -> None:
    assert parse(page("en"), "en").parameter_deprecations == []


def test_notes_keep_their_section() -> None:
    record = parse(
        page("de", status_note="Ein Vorschaumodell geht bald.", style=Style(heading_ids="escaped")),
        "de",
    )
    assert [(n.kind, n.section, n.text) for n in record.notes] == [
        ("note", "model-status", "Ein Vorschaumodell geht bald."),
        ("note", "2025-06-02-claude-delta-2", "Seit 1. September 2025 abgeschaltet."),
    ]
    status = next(s for s in record.sections if s.anchor == "model-status")
    assert "Ein Vorschaumodell geht bald." in status.text
    history = next(s for s in record.sections if s.anchor == "2025-06-02-claude-delta-2")
    assert "abgeschaltet" not in history.text  # a history note is tracked as retired_on


def test_title_and_sections() -> None:
    record = parse(page("fr", style=Style(front_matter=True)), "fr")
    assert record.title == "Retraits de modèles"
    assert [s.title for s in record.sections][:3] == ["Retraits de modèles", "Aperçu", "Prose"]


# --- determinism ----------------------------------------------------------------------------


MANY_ENTRIES = (
    HistoryEntry(date(2025, 7, 21), "claude-old-2", "claude-alpha-5"),
    HistoryEntry(date(2025, 7, 21), "claude-old-1", "claude-alpha-5"),
    HistoryEntry(date(2025, 7, 21), "claude-old-3-20240229", "claude-beta-4-20250101"),
)


@given(
    rows=st.permutations(SAMPLE_ROWS),
    entries=st.permutations(MANY_ENTRIES),
    lang=st.sampled_from(LANGUAGES),
)
@settings(max_examples=25, deadline=None)
def test_shuffled_rows_give_identical_json(
    rows: list[StatusRow], entries: list[HistoryEntry], lang: str
) -> None:
    """The order of status rows and of history rows does not reach the JSON."""

    def history(order: tuple[HistoryEntry, ...]) -> list[HistorySection]:
        return [*SAMPLE_HISTORY, HistorySection(date(2025, 1, 21), "Old ones", order)]

    reference = parse(page(lang, SAMPLE_ROWS, history(MANY_ENTRIES)), lang).to_json()
    assert parse(page(lang, rows, history(tuple(entries))), lang).to_json() == reference


def test_json_is_stable_and_sorted() -> None:
    text = parse(page("ko", parameters=SAMPLE_PARAMETERS), "ko").to_json()
    assert text.endswith("\n")
    assert text == parse(page("ko", parameters=SAMPLE_PARAMETERS), "ko").to_json()
    assert '"language": "ko"' in text and "지원 중단" in text  # not \u-escaped
