"""Models whose fate only a callout states: read into `note_models`, with the same events as rows.

The notes here are our own words in the page's shape: a `<Note>` above the status table naming a
model id with a state word and/or a date, and (optionally) the model to migrate to.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import corpus_pages
from trackpages import page_text, url

from scraper.read.parse import parse_file, parse_text
from scraper.read.records import NoteModel, PageRecord
from scraper.track.events import diff_records

PREVIEW, NEXT = "claude-preview-x", "claude-next-6"


def with_note(text: str, note: str) -> str:
    """The page with a callout just above its first table (the status table)."""
    head, sep, tail = text.partition("\n|")
    return f"{head}\n<Note>\n  {note}\n</Note>\n{sep}{tail}"


def read(lang: str, note: str) -> PageRecord:
    return parse_text(with_note(page_text(lang), note), url=url(lang), language=lang, fmt="md")


def only(record: PageRecord) -> NoteModel:
    [found] = record.note_models
    return found


def test_a_future_retirement_gives_its_date_and_no_state() -> None:
    note = only(
        read(
            "en",
            f"Preview X (`{PREVIEW}`) will be retired on July 21, 2026. "
            f"To migrate to Next 6 (`{NEXT}`), see the guide.",
        )
    )
    assert note == NoteModel(
        model_id=PREVIEW,
        state=None,
        date=date(2026, 7, 21),
        date_kind="retirement",
        replacement=NEXT,
        section="model-status",
    )


def test_is_deprecated_gives_the_state() -> None:
    note = only(read("en", f"Preview X (`{PREVIEW}`) is deprecated. Move to `{NEXT}`."))
    assert (note.state, note.date, note.date_kind, note.replacement) == (
        "deprecated",
        None,
        None,
        NEXT,
    )


def test_was_retired_on_a_date() -> None:
    note = only(read("en", f"`{PREVIEW}` was retired on June 1, 2026."))
    assert (note.state, note.date, note.date_kind) == ("retired", date(2026, 6, 1), "retirement")
    assert note.replacement is None


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", f"`{PREVIEW}` wird am 21. Juli 2026 eingestellt.", (None, date(2026, 7, 21))),
        ("id", f"`{PREVIEW}` akan dihentikan pada 30 Juni 2026.", (None, date(2026, 6, 30))),
        ("id", f"`{PREVIEW}` telah diusangkan. Pindah ke `{NEXT}`.", ("deprecated", None)),
        ("zh-CN", f"`{PREVIEW}` 将于 2026年7月21日 停用。", (None, date(2026, 7, 21))),
        ("fr", f"`{PREVIEW}` est déprécié.", ("deprecated", None)),
        ("ko", f"`{PREVIEW}`는 지원 중단되었습니다.", ("deprecated", None)),
        ("ja", f"`{PREVIEW}` は2026年7月21日に廃止されます。", (None, date(2026, 7, 21))),
    ],
)
def test_translated_notes(lang: str, text: str, expected: tuple[object, object]) -> None:
    note = only(read(lang, text))
    assert note.model_id == PREVIEW
    assert (note.state, note.date) == expected
    if note.date is not None:
        assert note.date_kind == "retirement"


def test_callouts_without_a_model_or_without_a_fate_are_not_models() -> None:
    assert read("en", "Deprecated models are less reliable; move on early.").note_models == []
    assert read("en", f"See the guide for `{PREVIEW}` and its features.").note_models == []


def test_history_notes_stay_retirement_notes() -> None:
    # The sample's history has a "Gone since ..." callout: it is `retired_on`, not a note model.
    record = parse_text(page_text("en"), url=url("en"), language="en", fmt="md")
    assert record.note_models == []
    assert any(d.retired_on for d in record.deprecations)


def test_a_changed_note_gives_the_same_typed_events_as_a_table_row() -> None:
    before = read("en", f"`{PREVIEW}` will be retired on July 21, 2026. Migrate to `{NEXT}`.")
    after = read("en", f"`{PREVIEW}` is deprecated. Migrate to `{NEXT}`.")
    events = diff_records(before, after, date(2026, 7, 25))
    found = [(e.type, e.model_id, e.before, e.after, e.anchor) for e in events]
    assert ("state_changed", PREVIEW, None, "deprecated", "model-status") in found
    retiring = {"date": "2026-07-21", "kind": "date", "label": None}
    assert ("retirement_date_changed", PREVIEW, retiring, None, "model-status") in found
    added = diff_records(
        parse_text(page_text("en"), url=url("en"), language="en", fmt="md"),
        before,
        date(2026, 7, 21),
    )
    assert [(e.type, e.model_id) for e in added if e.model_id == PREVIEW] == [
        ("model_added", PREVIEW)
    ]


def test_the_same_note_again_gives_no_event() -> None:
    text = f"`{PREVIEW}` is deprecated."
    assert [e for e in diff_records(read("en", text), read("en", text), date(2026, 8, 1))] == []


# -- acceptance on the real captures ---------------------------------------------------------------

MYTHOS = "claude-mythos-preview"


def _capture(prefix: str) -> Path:
    found = corpus_pages(f"{prefix}__*.md")
    if not found:
        pytest.skip(f"../shared/corpus: no capture {prefix}__*.md")
    return found[0]


@pytest.mark.parametrize(
    ("prefix", "state", "retirement"),
    [
        ("en__2026-07-21", None, date(2026, 7, 21)),
        ("en__2026-07-25", "deprecated", None),
        ("en__2026-08-06", "deprecated", None),
        ("id__2026-07-21", None, date(2026, 6, 30)),
        ("id__2026-07-25", "deprecated", None),
    ],
)
def test_claude_mythos_preview_in_the_corpus(
    prefix: str, state: str | None, retirement: date | None
) -> None:
    record = parse_file(_capture(prefix), prefix.split("__")[0])
    [note] = [n for n in record.note_models if n.model_id == MYTHOS]
    assert record.model(MYTHOS) is None  # no table lists it
    assert note.state == state
    assert note.date == retirement
    assert note.date_kind == ("retirement" if retirement else None)
    assert note.replacement == "claude-mythos-5"


def test_no_other_capture_states_a_model_in_a_note(corpus_dir: Path) -> None:
    for path in corpus_pages("*__*.md"):
        record = parse_file(path, path.name.split("__")[0])
        assert {n.model_id for n in record.note_models} <= {MYTHOS}, path.name


@pytest.mark.parametrize(
    ("text", "state", "kind"),
    [
        (f"`{PREVIEW}` is deprecated and will be retired on July 21, 2026.", "deprecated",
         "retirement"),
        (f"`{PREVIEW}` was deprecated on June 1, 2026; move to `{NEXT}`.", "deprecated",
         "deprecation"),
        (f"On July 21, 2026 `{PREVIEW}` will be retired.", None, "retirement"),
    ],
)  # fmt: skip
def test_a_date_is_the_date_of_the_phrase_nearest_to_it(
    text: str, state: str | None, kind: str
) -> None:
    note = only(read("en", text))
    assert (note.state, note.date_kind) == (state, kind)
