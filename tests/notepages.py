"""Pages with a callout naming a model no table lists (a preview model), for the note tests.

Our own words in the page's shape: a `<Note>` just above the status table, naming the model in
backticks with its fate ("will be retired on …", "is deprecated") and the model to move to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from fixtures import write_date
from trackpages import HISTORY, ROWS, HistorySection, StatusRow, page_text, url

from scraper.cli import main
from scraper.read.parse import parse_text
from scraper.read.records import PageRecord

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


# A preview model's life told only by notes: it appears with a retirement date, the date moves,
# then the note says it is deprecated without a date, and at last the note names no model (a
# note of about the same length: a page whose text shrinks a lot is held back by the guards).
NOTE_DAY_1, NOTE_DAY_2, NOTE_DAY_3 = date(2026, 6, 1), date(2026, 6, 10), date(2026, 6, 20)
NOTE_DAY_4, NOTE_DAY_5 = date(2026, 7, 25), date(2026, 8, 10)
FIRST_RETIREMENT, MOVED_RETIREMENT = date(2026, 7, 21), date(2026, 8, 4)
NOTE_DAYS: dict[date, str | None] = {
    NOTE_DAY_1: None,
    NOTE_DAY_2: retiring(FIRST_RETIREMENT),
    NOTE_DAY_3: retiring(MOVED_RETIREMENT),
    NOTE_DAY_4: deprecated(),
    NOTE_DAY_5: "The preview programme has ended; the models overview lists what to use now.",
}


def replay_notes(root: Path, days: Mapping[date, str | None]) -> Path:
    """A data directory (a git repository) replayed from the sample page with `days`' notes."""
    archive = root / "archive"
    archive.mkdir(parents=True)
    for day, note in days.items():
        text = page_text("en")
        text = with_note(text, note) if note is not None else text
        (archive / f"en__{day.isoformat()}__notes.md").write_text(text, encoding="utf-8")
    data = root / "data"
    code = main(["replay", str(archive), "--data-dir", str(data), "-q"])
    assert code == 0
    return data
