"""Pages and records for the tracking tests (events, guards, runs), built with `fixtures.page`.

Everything is our own wording in the page's shape. `record` reads a built page with the real
parser, so the tests exercise the same path as a fetched page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from fixtures import (
    SAMPLE_HISTORY,
    SAMPLE_PARAMETERS,
    SAMPLE_ROWS,
    HistoryEntry,
    HistorySection,
    ParameterRow,
    StatusRow,
    Style,
    page,
)

from scraper.read.parse import parse_text
from scraper.read.records import PageRecord

__all__ = [
    "ALPHA",
    "BETA",
    "DELTA",
    "GAMMA",
    "HISTORY",
    "PARAMETERS",
    "ROWS",
    "HistoryEntry",
    "HistorySection",
    "ParameterRow",
    "StatusRow",
    "Style",
    "page_text",
    "record",
    "url",
    "with_row",
    "without_row",
]

ROWS: tuple[StatusRow, ...] = SAMPLE_ROWS
HISTORY: tuple[HistorySection, ...] = SAMPLE_HISTORY
PARAMETERS: tuple[ParameterRow, ...] = SAMPLE_PARAMETERS
# The sample rows by id: alpha (active), beta (legacy), gamma (deprecated), delta (retired).
ALPHA, BETA, GAMMA, DELTA = (row.model_id for row in ROWS)


def url(lang: str) -> str:
    return f"https://platform.claude.com/docs/{lang}/about-claude/model-deprecations.md"


def page_text(
    lang: str = "en",
    rows: Sequence[StatusRow] = ROWS,
    history: Sequence[HistorySection] = HISTORY,
    parameters: Sequence[ParameterRow] = PARAMETERS,
    *,
    style: Style | None = None,
    prose: str | None = None,
) -> str:
    """A page; `prose` replaces the text of its "Prose" section."""
    text = page(lang, rows, history, parameters, style=style)
    return text.replace("Some prose.", prose) if prose is not None else text


def record(
    lang: str = "en",
    rows: Sequence[StatusRow] = ROWS,
    history: Sequence[HistorySection] = HISTORY,
    parameters: Sequence[ParameterRow] = PARAMETERS,
    *,
    style: Style | None = None,
    prose: str | None = None,
) -> PageRecord:
    text = page_text(lang, rows, history, parameters, style=style, prose=prose)
    return parse_text(text, url=url(lang), language=lang, fmt="md")


def with_row(rows: Sequence[StatusRow], model_id: str, **changes: object) -> tuple[StatusRow, ...]:
    """`rows` with the row of `model_id` changed."""
    found = [row.model_id for row in rows]
    assert model_id in found, f"{model_id} not in {found}"
    return tuple(replace(r, **changes) if r.model_id == model_id else r for r in rows)


def without_row(rows: Sequence[StatusRow], model_id: str) -> tuple[StatusRow, ...]:
    assert any(r.model_id == model_id for r in rows), model_id
    return tuple(r for r in rows if r.model_id != model_id)
