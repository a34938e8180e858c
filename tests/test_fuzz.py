"""Property-based fuzzing of both readers (hypothesis), each page within a time budget.

A row of the status table is damaged (junk inserted, the line cut short); the page is read as
Markdown, and rendered to the platform's HTML and read again. Whatever the damage: no exception,
and every model comes out either with its original values or with a warning about its row.
Arbitrary text never makes a reader raise (only `parse_text`'s PageError: "not the page").
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from fixtures import SOURCE, page
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from platform_html import render_platform_html

from scraper.read.document import strip_controls
from scraper.read.extract import MODEL_ID, PageError, extract
from scraper.read.parse import parse_text
from scraper.read.read_html import read_html
from scraper.read.read_md import read_markdown, split_row
from scraper.read.records import PageRecord

BUDGET_MS = 1000  # per page (hypothesis' deadline); a page reads in about 20 ms
FUZZ = settings(max_examples=40, deadline=BUDGET_MS, suppress_health_check=[HealthCheck.too_slow])
# What damage is made of: markup, controls, bidi overrides, spaces, odd Unicode. Letters,
# digits and the hyphen are left out: they can turn a value into another valid one ("March 1"
# -> "March 11", `claude-alpha-5` -> `claude-al-pha-5`), which no reader could tell from a
# real change.
JUNK_CHARACTERS = [
    *"*_[]()<>`#|!\\~{}:.,/'\"&;= \t",
    *("\x1b", "\x00", "\x07", "\x9b", "\u202e", "\u2066", "\u200b", "\xa0", "\ufeff"),
    *("\ufdd0", "\U0001f600", "\u0301", "\u3000"),
]
JUNK = st.text(alphabet=st.sampled_from(JUNK_CHARACTERS), min_size=1, max_size=12)
LANGS = ("en", "de", "ja", "ru", "pt-BR", "zh-CN")
_STATUS_ROW = re.compile(r"^\| `?claude-", re.MULTILINE)


def _status_rows(text: str) -> list[tuple[int, int]]:
    """(start, end) of each status-table row line (the first table of model ids)."""
    rows = []
    for match in _STATUS_ROW.finditer(text):
        end = text.index("\n", match.start())
        rows.append((match.start(), end))
        if text[end + 1 : end + 2] != "|":
            break  # the end of the status table
    return rows


@st.composite
def damaged_pages(draw: st.DrawFn, *, cut: bool = True) -> tuple[str, str, int]:
    """(language, page, number of the damaged row): junk inserted into one row, or it is cut.

    A cut row is left open (no closing `|`), which the Markdown reader notices; rendered to
    HTML it looks whole, and in ja/ko (where "not sooner than" follows the date) it can lose
    only its qualifier: so the HTML reader gets inserted junk only.
    """
    lang = draw(st.sampled_from(LANGS))
    text = page(lang)
    rows = _status_rows(text)
    number = draw(st.integers(1, len(rows)))
    start, end = rows[number - 1]
    line = text[start:end]
    if not cut or draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(1, len(line)))
            line = line[:at] + draw(JUNK) + line[at:]
    else:
        line = line[: draw(st.integers(2, len(line) - 1))]
    return lang, text[:start] + line + text[end:], number


def _values(record: PageRecord) -> dict[str, tuple[Any, ...]]:
    return {
        m.model_id: (m.state, m.deprecated_on, m.retirement_date, m.retirement_not_before)
        for m in record.models
    }


def _check(original: PageRecord, damaged: PageRecord, number: int) -> None:
    about_row = [w for w in damaged.warnings if re.search(rf"\brow {number}\b", w.where)]
    got = _values(damaged)
    for position, (model_id, values) in enumerate(_values(original).items(), start=1):
        if got.get(model_id) == values:
            continue
        assert position == number or about_row, (model_id, got.get(model_id), values)
        assert about_row, f"row {number} ({model_id}) changed silently: {got.get(model_id)}"


def _read(text: str, lang: str, fmt: str) -> PageRecord:
    html = fmt == "html"
    doc = read_html(render_platform_html(text, lang=lang)) if html else read_markdown(text)
    return extract(doc, language=lang, source=SOURCE)


@FUZZ
@given(case=damaged_pages())
def test_a_damaged_row_reads_as_before_or_warns_markdown(case: tuple[str, str, int]) -> None:
    _damaged_row(case, "md")


@FUZZ
@given(case=damaged_pages(cut=False))
def test_a_damaged_row_reads_as_before_or_warns_html(case: tuple[str, str, int]) -> None:
    # A `|` that splits a cell gives the row more cells than the header, and the renderer drops
    # the ones past it (as GFM renderers do): the HTML page itself says less ("2027" where the
    # cell was "2027|年3月1日以降"), which no HTML reader could tell from the page's own
    # text. The Markdown reader warns about such a row (the test above and the examples below).
    assume(not _splits_a_cell(*case))
    _damaged_row(case, "html")


def _splits_a_cell(lang: str, text: str, number: int) -> bool:
    """Whether the damaged status row has text in more cells than the table's header."""
    original = page(lang)
    start, _ = _status_rows(original)[number - 1]
    index = original.count("\n", 0, start)  # junk holds no line end: the row keeps its line
    header = split_row(original.split("\n")[index - number - 1])  # above the separator
    return any(split_row(text.split("\n")[index])[len(header) :])


def _damaged_row(case: tuple[str, str, int], fmt: str) -> None:
    lang, text, number = case
    original = _read(page(lang), lang, fmt)
    assert original.warnings == []
    try:
        damaged = _read(text, lang, fmt)
    except PageError:  # the status table is gone: the fetch fails, nothing is published
        return
    _check(original, damaged, number)


PIECES = st.sampled_from(
    ["<Note>", "</Note>", "<Warning>", "|", "| --- |", "**", "__", "`", "[", "](", "<!--", "-->",
     "# ", "\n", "\n\n", "---\n", "- ", "1. ", "<div>", "</div>", "<table>", "<td>", "&#27;",
     "\\", "{#x}", "claude-x", "2026-01-01: ", "June 1, 2026", "2026年1月1日", "N/A"]
)  # fmt: skip
NOISE = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


@pytest.mark.parametrize("fmt", ["md", "html"])
@FUZZ
@given(noise=NOISE)
def test_arbitrary_text_never_makes_a_reader_raise(fmt: str, noise: str) -> None:
    for text in (noise, page("en") + noise, noise + page("en")):
        doc = read_html(text) if fmt == "html" else read_markdown(text)
        assert doc is not None
        with contextlib.suppress(PageError):
            parse_text(text, url="fuzz", language="en", fmt=fmt)  # type: ignore[arg-type]


# --- the damage fuzzing found, kept as explicit examples ------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_escape_sequence_in_an_id_never_eats_its_letters(fmt: str) -> None:
    # `ESC [ a` is a whole terminal escape (CSI, final byte `a`): removing it as one took the
    # id's `a` with it, and `claude-lpha-5` read as a valid id, silently.
    text = page("en").replace("| `claude-alpha-5`", "| `claude-\x1b[alpha-5`", 1)
    record = _read(text, "en", fmt)
    model = record.model("claude-[alpha-5")
    assert model is not None and model.not_understood == ["model_id"]
    assert record.model("claude-lpha-5") is None
    assert [w.where for w in record.warnings] == ["model-status row 1 model"]
    _check(_read(page("en"), "en", fmt), record, 1)


@pytest.mark.parametrize(
    "text",
    ["claude-\x1b[alpha-5", "x\x1b[31my", "Ak\x1b]0;t\x07iv", "\x1b\x1b[[", "2027\x1b[1, 2026"],
)
def test_removing_controls_never_removes_a_printable_character(text: str) -> None:
    kept = strip_controls(text)
    assert "\x1b" not in kept and "\x07" not in kept
    assert kept == "".join(c for c in text if c.isprintable())


# Pieces of terminal escapes (CSI, OSC, two-byte) and of the text they could swallow.
ESCAPE_PIECES = st.sampled_from(
    ["\x1b", "\x1b[", "\x1b]", "\x1bP", "\x07", "\x9b", "[", "31", ";", "m", "a", "J", "-", "|",
     "\\", "\n", "\t", " ", "~", "年", *JUNK_CHARACTERS]
)  # fmt: skip


@settings(max_examples=60, deadline=BUDGET_MS)
@given(text=st.lists(ESCAPE_PIECES, max_size=20).map("".join))
def test_every_printable_character_survives_removing_controls(text: str) -> None:
    printable = [c for c in text if c.isprintable() or c in "\n\t"]
    assert [c for c in strip_controls(text) if c.isprintable() or c in "\n\t"] == printable


def test_a_pipe_inside_a_retirement_cell_keeps_the_cell_as_written_and_warns() -> None:
    # `|` split the Markdown row into five cells: the retirement cell was read as "2027" (a
    # coarse year, no warning) and the rest of it dropped.
    text = page("ja").replace("2027年3月1日以降", "2027|年3月1日以降", 1)
    record = _read(text, "ja", "md")
    model = record.model("claude-alpha-5")
    assert model is not None
    assert (model.retirement_label, model.retirement_kind) == ("2027|年3月1日以降", "unrecognised")
    assert model.retirement_date is None and model.not_understood == ["retirement_date"]
    assert [(w.where, w.message) for w in record.warnings] == [
        (
            "モデルの状態 row 1",
            "the row has more cells than the table's 4 columns (a '|' inside a cell?)",
        ),
        ("モデルの状態 row 1 retirement", "no date could be read in '2027|年3月1日以降'"),
    ]
    _check(_read(page("ja"), "ja", "md"), record, 1)


@pytest.mark.parametrize(
    ("written", "overfull"),
    [
        ("| `claude-al|pha-5`          | 提供中", False),  # inside a code span: stays in the cell
        ("| `claude-al`|`pha-5`          | 提供中", True),  # the id split: every cell shifts
        ("| `claude-alpha-5`          | 提供|中", True),
    ],
)
def test_a_pipe_anywhere_in_a_status_row_reads_as_before_or_warns(
    written: str, overfull: bool
) -> None:
    text = page("ja")
    assert "| `claude-alpha-5`          | 提供中" in text
    damaged = _read(text.replace("| `claude-alpha-5`          | 提供中", written, 1), "ja", "md")
    _check(_read(text, "ja", "md"), damaged, 1)
    assert [w.where for w in damaged.warnings if "more cells" in w.message] == (
        ["モデルの状態 row 1"] if overfull else []
    )


def test_an_empty_cell_past_the_last_column_is_no_damage() -> None:
    text = page("ja").replace("2027年3月1日以降  |", "2027年3月1日以降  | |", 1)
    assert text != page("ja")
    assert _read(text, "ja", "md") == _read(page("ja"), "ja", "md")


def test_a_pipe_inside_a_history_replacement_warns() -> None:
    text = page("en")
    row = "| `claude-gamma-3-20240601` | `claude-alpha-5`        |"
    assert row in text
    record = _read(
        text.replace(row, row.replace("`claude-alpha-5` ", "`claude-alpha-5` | x"), 1), "en", "md"
    )
    (entry,) = record.deprecations[0].entries
    assert entry.replacement is None and entry.replacement_label == "claude-alpha-5 | x"
    assert entry.not_understood == ["replacement"]
    assert [w.where for w in record.warnings] == [
        "2026-01-15-claude-gamma-3 row 1",
        "2026-01-15-claude-gamma-3 row 1 replacement",
    ]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_dot_inserted_into_a_date_stamp_is_not_another_model(fmt: str) -> None:
    # The id pattern took any dot after a digit as a version's: `claude-beta-4-2.0250101` read
    # as a valid id, the row's model replaced silently.
    text = page("en").replace("`claude-beta-4-20250101`", "`claude-beta-4-2.0250101`", 1)
    record = _read(text, "en", fmt)
    model = record.model("claude-beta-4-2.0250101")
    assert model is not None and model.not_understood == ["model_id"]
    assert [w.where for w in record.warnings] == ["model-status row 2 model"]
    _check(_read(page("en"), "en", fmt), record, 2)


@pytest.mark.parametrize(
    ("text", "is_id"),
    [("claude-2.1", True), ("claude-instant-1.2", True), ("claude-opus-4-1-20250805", True),
     ("claude-x-4.10", True), ("claude-beta-4-2.0250101", False), ("claude-2025.0101", False),
     ("claude-2.1.3", False), ("claude-sonnet4.5", False), ("claude-.1", False),
     ("claude-1.", False), ("claude--1", False)],
)  # fmt: skip
def test_a_model_id_has_a_dot_only_in_a_short_version_number(text: str, is_id: bool) -> None:
    assert bool(MODEL_ID.match(text)) is is_id


def test_the_html_of_a_row_split_by_a_pipe_says_less() -> None:
    # Why the HTML fuzzing leaves out a `|` that splits a cell: the rendered page drops the
    # text past the header's cells, so it reads as written in the HTML, without a warning.
    text = page("ja").replace("2027年3月1日以降", "2027|年3月1日以降", 1)
    assert _splits_a_cell("ja", text, 1)
    assert not _splits_a_cell("ja", text.replace("2027|", "2027\\|"), 1)
    html = render_platform_html(text, lang="ja")
    assert ">2027</td>" in html and "年3月1日以降<" not in html
    model = _read(text, "ja", "html").model("claude-alpha-5")
    assert model is not None and model.retirement_label == "2027"
