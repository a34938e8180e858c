"""A published `latest.json` or `models.json` read as plain JSON, for `audit`'s start-up.

`audit` needs a few fields of one record: each model's state, retirement and replacement.
Reading them through the pydantic models costs more than the audit of a 10,000-file tree
(importing pydantic and building the record models), so a local file is first read here with
`json` alone, checking every object it reads the way the models would (the keys they require
and allow, the type of each value used). Anything else — a URL, a file that is not there or not
JSON, a value of another type, a record written before retirement kinds existed — gives None,
and the caller reads the file through the models (`scraper.publish.published`), which say what
is wrong with it or read what this does not. What this returns stands in for a `PageRecord` in
`reference.catalog`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from scraper.read.languages import STATES

if TYPE_CHECKING:
    from scraper.read.records import RetirementKind, State

# As `scraper.publish.published.MAX_SNAPSHOT_BYTES` (a test keeps them the same).
MAX_SNAPSHOT_BYTES = 50_000_000
# As `scraper.read.records.RetirementKind` (a test keeps them the same).
RETIREMENT_KINDS = (
    "date",
    "not_sooner_than",
    "to_be_announced",
    "coarse",
    "not_applicable",
    "unrecognised",
)
DATE_KINDS = ("retirement", "deprecation")  # NoteModel.date_kind

# (required keys, other keys allowed) of each object read, as the pydantic models have them
# (tests/test_audit_startup.py compares the two).
KEYS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "LatestDocument": (
        frozenset({"languages", "findings"}),
        frozenset({"schema_version", "schema_url", "$schema", "translations"}),
    ),
    "LatestLanguage": (
        frozenset({"snapshot_date", "record"}),
        frozenset({"held_since", "held_reason"}),
    ),
    "PageRecord": (
        frozenset(
            {
                *("language", "source", "title", "state_terms", "models", "deprecations"),
                *("parameter_deprecations", "notes", "sections", "warnings"),
            }
        ),
        frozenset({"note_models"}),
    ),
    "ModelStatus": (
        frozenset(
            {
                *("model_id", "state", "state_label", "deprecated_on", "retirement_date"),
                *("retirement_not_before", "retirement_label"),
            }
        ),
        frozenset({"retirement_kind", "retirement_year", "deprecated_label", "not_understood"}),
    ),
    "Deprecation": (
        frozenset({"announced_on", "anchor", "title", "retired_on", "entries"}),
        frozenset(),
    ),
    "DeprecationEntry": (
        frozenset({"model_id", "retirement_date", "replacement"}),
        frozenset(
            {
                *("retirement_label", "retirement_kind", "retirement_year"),
                *("replacement_label", "not_understood"),
            }
        ),
    ),
    "NoteModel": (
        frozenset({"model_id", "state", "date", "date_kind", "replacement", "section"}),
        frozenset(),
    ),
}

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class NotPlain(Exception):
    """Something the models would read otherwise (or reject): leave it to them."""


# -- the parts of a record the catalog reads -------------------------------------------------
# (named tuples: a tenth of a dataclass's cost to define, which every start pays)


class StatusRow(NamedTuple):
    model_id: str
    state: State | None
    retirement_date: date | None
    retirement_not_before: bool | None
    retirement_kind: RetirementKind
    retirement_label: str


class HistoryEntry(NamedTuple):
    model_id: str
    retirement_date: date | None
    replacement: str | None
    retirement_kind: RetirementKind
    retirement_label: str


class HistorySection(NamedTuple):
    announced_on: date
    retired_on: date | None
    entries: list[HistoryEntry]


class StatedModel(NamedTuple):
    model_id: str
    state: State | None
    date: date | None
    date_kind: str | None
    replacement: str | None


class RecordFacts(NamedTuple):
    """What `reference.catalog` reads of a `PageRecord`."""

    language: str
    models: list[StatusRow]
    deprecations: list[HistorySection]
    note_models: list[StatedModel]


class LatestFacts(NamedTuple):
    """`latest.json`: each language's record facts and its snapshot's day."""

    records: dict[str, RecordFacts]
    days: dict[str, date | None]


class PublishedRow(NamedTuple):
    """A model of `models.json`, as `scraper.publish.published.PublishedModel` reads it."""

    model_id: str
    state: State | None
    retirement_date: date | None
    retirement_not_before: bool | None
    retirement_kind: RetirementKind
    retirement_label: str
    replacement: str | None


class PublishedFacts(NamedTuple):
    """`models.json`: one row per model."""

    models: list[PublishedRow]


# -- reading ---------------------------------------------------------------------------------


def read_plain(location: str) -> LatestFacts | PublishedFacts | None:
    """The facts of a local latest.json or models.json; None when the models must read it."""
    if location.startswith(("http://", "https://")):
        return None
    try:
        with open(location, "rb") as handle:
            raw = handle.read(MAX_SNAPSHOT_BYTES + 1)
        if len(raw) > MAX_SNAPSHOT_BYTES:
            return None
        data = json.loads(raw.decode("utf-8"), parse_constant=_not_json)
        if isinstance(data, dict) and "models" in data and "languages" not in data:
            return _published(data)
        return _latest(data)
    except (OSError, ValueError, NotPlain):  # UnicodeDecodeError and JSON's errors: ValueError
        return None


def _not_json(constant: str) -> Any:
    """NaN and Infinity: Python's json reads them, the models' JSON parser does not."""
    raise NotPlain(constant)


def _latest(data: Any) -> LatestFacts:
    document = _object(data, "LatestDocument")
    _list(document["findings"])
    languages = document["languages"]
    if not isinstance(languages, dict):
        raise NotPlain("languages")
    records, days = {}, {}
    for language, entry in languages.items():
        entry = _object(entry, "LatestLanguage")
        days[language] = _day(entry["snapshot_date"])
        records[language] = _record(_object(entry["record"], "PageRecord"))
    return LatestFacts(records, days)


def _record(record: Mapping[str, Any]) -> RecordFacts:
    return RecordFacts(
        language=_text(record["language"]),
        models=[_row(_object(row, "ModelStatus")) for row in _list(record["models"])],
        deprecations=[
            _section(_object(section, "Deprecation")) for section in _list(record["deprecations"])
        ],
        note_models=[
            _stated(_object(note, "NoteModel")) for note in _list(record.get("note_models", []))
        ],
    )


def _row(row: Mapping[str, Any]) -> StatusRow:
    if "retirement_kind" not in row:  # written before kinds: the model says which it implies
        raise NotPlain("retirement_kind")
    return StatusRow(
        model_id=_text(row["model_id"]),
        state=_state(row["state"]),
        retirement_date=_day(row["retirement_date"]),
        retirement_not_before=_optional_bool(row["retirement_not_before"]),
        retirement_kind=_kind(row["retirement_kind"]),
        retirement_label=_text(row["retirement_label"]),
    )


def _section(section: Mapping[str, Any]) -> HistorySection:
    announced = _day(section["announced_on"])
    if announced is None:
        raise NotPlain("announced_on")
    _text(section["anchor"])  # the sort key of equal days in a normalized record
    return HistorySection(
        announced_on=announced,
        retired_on=_day(section["retired_on"]),
        entries=[_entry(_object(entry, "DeprecationEntry")) for entry in _list(section["entries"])],
    )


def _entry(entry: Mapping[str, Any]) -> HistoryEntry:
    if "retirement_kind" not in entry:
        raise NotPlain("retirement_kind")
    return HistoryEntry(
        model_id=_text(entry["model_id"]),
        retirement_date=_day(entry["retirement_date"]),
        replacement=_optional_text(entry["replacement"]),
        retirement_kind=_kind(entry["retirement_kind"]),
        retirement_label=_text(entry.get("retirement_label", "")),
    )


def _stated(note: Mapping[str, Any]) -> StatedModel:
    date_kind = note["date_kind"]
    if date_kind is not None and date_kind not in DATE_KINDS:
        raise NotPlain("date_kind")
    _text(note["section"])
    return StatedModel(
        model_id=_text(note["model_id"]),
        state=_state(note["state"]),
        date=_day(note["date"]),
        date_kind=date_kind,
        replacement=_optional_text(note["replacement"]),
    )


def _published(data: Mapping[str, Any]) -> PublishedFacts:
    rows = []
    for model in _list(data["models"]):
        if not isinstance(model, dict):
            raise NotPlain("model")
        kind = model.get("retirement_kind")
        if kind is None:  # the model works out the kind a file without one implies
            raise NotPlain("retirement_kind")
        row = PublishedRow(
            model_id=_text(model.get("model_id")),
            state=_state(model.get("state")),
            retirement_date=_day(model.get("retirement_date")),
            retirement_not_before=_optional_bool(model.get("retirement_not_before")),
            retirement_kind=_kind(kind),
            retirement_label=_text(model.get("retirement_label", "")),
            replacement=_optional_text(model.get("replacement")),
        )
        rows.append(row)
    return PublishedFacts(rows)


# -- values, checked as the models check them ------------------------------------------------


def _object(value: Any, model: str) -> Mapping[str, Any]:
    required, allowed = KEYS[model]
    if not isinstance(value, dict) or not required <= value.keys():
        raise NotPlain(model)
    if not value.keys() <= required | allowed:  # the models forbid other keys
        raise NotPlain(model)
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise NotPlain("list")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise NotPlain("text")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _optional_bool(value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise NotPlain("bool")
    return value


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise NotPlain("date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise NotPlain("date") from None


def _state(value: Any) -> State | None:
    if value is not None and value not in STATES:
        raise NotPlain("state")
    return value  # type: ignore[no-any-return]


def _kind(value: Any) -> RetirementKind:
    if value not in RETIREMENT_KINDS:
        raise NotPlain("retirement_kind")
    return value  # type: ignore[no-any-return]
