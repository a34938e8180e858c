"""Pages with a callout naming a model no table lists (a preview model), for the note tests.

Our own words in the page's shape: a `<Note>` just above the status table, naming the model in
backticks with its fate ("will be retired on …", "is deprecated") and the model to move to.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fixtures import write_date
from trackpages import HISTORY, ROWS, HistorySection, StatusRow, page_text, url

from scraper.parse import parse_text
from scraper.records import PageRecord

PREVIEW = "claude-glimpse-preview"
SUCCESSOR = "claude-glimpse-5"


def with_note(text: str, note: str) -> str:
    """The page with a callout just above its first table (the status table)."""
    head, sep, tail = text.partition("\n|")
    return f"{head}\n<Note>\n  {note}\n</Note>\n{sep}{tail}"


def retiring(day: date, model_id: str = PREVIEW) -> str:
    when = write_date(day, "en")
    return f"Glimpse Preview (`{model_id}`) will be retired on {when}. Move to `{SUCCESSOR}`."


def deprecated(model_id: str = PREVIEW) -> str:
    return f"Glimpse Preview (`{model_id}`) is deprecated. Move to `{SUCCESSOR}`."


def note_record(
    note: str | None,
    lang: str = "en",
    rows: Sequence[StatusRow] = ROWS,
    history: Sequence[HistorySection] = HISTORY,
) -> PageRecord:
    """The sample page (or `rows`/`history`), with `note` as a callout when given."""
    text = page_text(lang, rows, history)
    if note is not None:
        text = with_note(text, note)
    return parse_text(text, url=url(lang), language=lang, fmt="md")
