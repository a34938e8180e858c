"""State words are learned by meaning, and dates that cannot be true give warnings.

State words are learned by meaning: an odd Overview list never shifts them, and warns.

The Overview list of our fixture pages is rewritten here: a fifth bullet (a new state) at the
start, middle or end; a duplicated line; a missing one. The readings of the status table must
stay those of the normal page (or the row's state becomes unknown with a warning), and the
odd list itself must give a warning.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from fixtures import (
    SAMPLE_ROWS,
    SOURCE,
    WORDS,
    HistoryEntry,
    HistorySection,
    StatusRow,
    page,
)

from scraper.read.extract import extract
from scraper.read.read_md import read_markdown
from scraper.read.records import PageRecord

EXPECTED = {row.model_id: row.state for row in SAMPLE_ROWS}
LANGS = ("en", "de", "ja", "ru", "id", "zh-TW")
# Our own invented fifth state, per language.
NEW_TERM = {"en": "Preview", "de": "Vorschau", "ja": "試験版", "ru": "Превью", "id": "Pratinjau",
            "zh-TW": "預覽"}  # fmt: skip
_TERM_LINE = re.compile(r"^- \*\*.*$", re.MULTILINE)


def read(text: str, lang: str) -> PageRecord:
    return extract(read_markdown(text), language=lang, source=SOURCE)


def with_terms(lang: str, change: str) -> str:
    """The fixture page with its four Overview lines rearranged by `change`."""
    text = page(lang)
    lines = _TERM_LINE.findall(text)
    assert len(lines) == 4, lines
    extra = f"- **{NEW_TERM[lang]}**: something new."
    new = {
        "fifth first": [extra, *lines],
        "fifth middle": [*lines[:2], extra, *lines[2:]],
        "fifth last": [*lines, extra],
        "duplicate": [lines[0], lines[1], lines[1], *lines[2:]],
        "duplicate last": [*lines, lines[3]],
        "no retired": lines[:3],
        "no legacy": [lines[0], *lines[2:]],
    }[change]
    start = text.index(lines[0])
    end = text.index(lines[3]) + len(lines[3])
    return text[:start] + "\n".join(new) + text[end:]


def overview_warnings(record: PageRecord) -> list[str]:
    return [w.message for w in record.warnings if w.where == "overview"]


def test_the_normal_list_gives_no_overview_warning() -> None:
    for lang in LANGS:
        record = read(page(lang), lang)
        assert overview_warnings(record) == []
        assert {m.model_id: m.state for m in record.models} == EXPECTED


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "change", ["fifth first", "fifth middle", "fifth last", "duplicate", "duplicate last"]
)
def test_an_extra_bullet_does_not_shift_the_states(lang: str, change: str) -> None:
    record = read(with_terms(lang, change), lang)
    read_states = {m.model_id: m.state for m in record.models}
    assert read_states == EXPECTED, overview_warnings(record)
    warnings = overview_warnings(record)
    assert any("5 terms" in w for w in warnings), warnings
    if change.startswith("duplicate"):
        assert any("listed twice" in w for w in warnings)
    else:  # the new term is learned as no state at all
        learned = {w for words in record.state_terms.model_dump().values() for w in words}
        assert NEW_TERM[lang] not in learned


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("change", ["no retired", "no legacy"])
def test_a_missing_bullet_leaves_rows_right_or_unknown_never_shifted(
    lang: str, change: str
) -> None:
    record = read(with_terms(lang, change), lang)
    assert any("3 terms" in w for w in overview_warnings(record))
    assert record.state_terms.deprecated == sorted(_words(lang, 2))
    for model in record.models:
        expected = EXPECTED[model.model_id]
        if model.state != expected:  # its word is not in the list: unknown, and said so
            assert model.state is None
            assert any(repr(model.state_label) in w.message for w in record.warnings)


def test_english_words_printed_beside_the_terms_decide_their_meaning() -> None:
    # The local words are shuffled (here: a fifth bullet first), but each prints its English.
    text = with_terms("de", "fifth first").replace(
        f"**{NEW_TERM['de']}**", f"**{NEW_TERM['de']}** (Preview)"
    )
    for english, local in zip(
        ("Active", "Legacy", "Deprecated", "Retired"), WORDS["de"].terms, strict=True
    ):
        text = text.replace(f"**{local}**", f"**{local}** ({english})", 1)
    record = read(text, "de")
    assert {m.model_id: m.state for m in record.models} == EXPECTED
    assert record.state_terms.retired == sorted({"Eingestellt", "Retired"})


def _words(lang: str, index: int) -> set[str]:
    return {WORDS[lang].terms[index]}


# --- dates that cannot be true ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "de", "ja", "ru"])
def test_a_retirement_before_its_deprecation_warns(lang: str) -> None:
    swapped = StatusRow(
        "claude-gamma-3-20240601", "deprecated", date(2026, 4, 30), date(2026, 1, 15)
    )
    rows = [swapped if r.model_id == swapped.model_id else r for r in SAMPLE_ROWS]
    record = read(page(lang, rows), lang)
    found = [w for w in record.warnings if "before the deprecation date" in w.message]
    assert len(found) == 1 and "row 3" in found[0].where, record.warnings
    assert not any("before the deprecation" in w.message for w in read(page(lang), lang).warnings)


@pytest.mark.parametrize("year", [2126, 9999, 1999])
@pytest.mark.parametrize("lang", ["en", "fr", "ko", "zh-CN"])
def test_implausible_years_warn(lang: str, year: int) -> None:
    odd = StatusRow("claude-alpha-5", "active", retirement=date(year, 3, 1), not_before=True)
    rows = [odd, *SAMPLE_ROWS[1:]]
    record = read(page(lang, rows), lang)
    found = [w for w in record.warnings if "implausible date" in w.message]
    assert len(found) == 1 and "row 1" in found[0].where, record.warnings


@pytest.mark.parametrize(
    ("lang", "cell"), [("en", "March 1, 0026"), ("de", "1. März 0026"), ("ja", "0026年3月1日")]
)
def test_a_year_written_with_leading_zeros_warns(lang: str, cell: str) -> None:
    odd = StatusRow("claude-alpha-5", "active", retirement=date(2027, 3, 1), retirement_text=cell)
    record = read(page(lang, [odd, *SAMPLE_ROWS[1:]]), lang)
    assert [w.message for w in record.warnings] == [
        "implausible date 0026-03-01 (expected a year from 2023 to 2040)"
    ]


def test_an_implausible_history_date_warns() -> None:
    history = [
        HistorySection(
            date(2026, 1, 15),
            "Gamma",
            (HistoryEntry(date(9999, 4, 30), "claude-gamma-3-20240601", "claude-alpha-5"),),
        ),
        HistorySection(
            date(2026, 1, 16),
            "Delta",
            (HistoryEntry(date(2025, 9, 1), "claude-delta-2-20240301", "claude-alpha-5"),),
        ),
    ]
    record = read(page("en", history=history), "en")
    messages = [w.message for w in record.warnings]
    assert sum("implausible date 9999-04-30" in m for m in messages) == 1, messages
    assert sum("before the announcement of 2026-01-16" in m for m in messages) == 1, messages


def test_four_english_terms_that_are_not_the_four_states_warn() -> None:
    # Retired dropped, a new term in its place: four bullets, but not the known four.
    text = page("en").replace("- **Retired**: gone.", "- **Preview**: not yet.")
    record = read(text, "en")
    assert record.state_terms.retired == []
    assert record.state_terms.deprecated == ["Deprecated"]
    assert any("'Preview' is not one of the four states" in w for w in overview_warnings(record))
    states = {m.model_id: m.state for m in record.models}
    assert states["claude-gamma-3-20240601"] == "deprecated"
    assert states["claude-delta-2-20240301"] == "retired"  # the English word still reads
