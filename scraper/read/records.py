"""The page record: what one language's page says, as typed data. This is the public contract.

The snapshot JSON and its JSON Schema (`schema/page-record.schema.json`) are generated from these
models. Lists are kept in a stable order (see `PageRecord.normalized`) so an unchanged page gives
byte-identical JSON.
"""

from __future__ import annotations

import datetime
import json
import re
from datetime import date
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, model_validator

# The value types live beside the plain records, so the reading modules name them without
# importing pydantic; they are the models' own.
from scraper.read import plain
from scraper.read.plain import RetirementKind as RetirementKind
from scraper.read.plain import SourceFormat as SourceFormat
from scraper.read.plain import State as State
from scraper.read.plain import UnreadField as UnreadField


def retirement_kind_of(value: date | None, not_before: bool | None, label: str) -> RetirementKind:
    """The kind a record written before kinds existed implies (its date and qualifier)."""
    if value is not None:
        return "not_sooner_than" if not_before else "date"
    stripped = label.strip().strip("-—–").strip()
    if not stripped or stripped.upper() == "N/A":
        return "not_applicable"
    from scraper.read.dates import says_not_applicable  # the words of every language

    # The record does not say its language here: a "no date" word of any language will do
    # (matched on the whole cell, as the page's reader matches them).
    return "not_applicable" if says_not_applicable(stripped) else "unrecognised"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Record):
    url: str = Field(description="Where the body came from (a URL, or a file path).")
    format: SourceFormat = Field(description="`md` for the Markdown twin, `html` for the page.")
    sha256: str = Field(description="SHA-256 of the body as received, hex.")


class ModelStatus(_Record):
    """One row of the "Model status" table."""

    model_id: str = Field(
        description="The model id. A row whose id cell is not a model id is kept when the rest "
        "of the row fits the table: `model_id` is then the cell's text as written (the row's "
        "key) and `not_understood` holds `model_id`. A row with an empty id cell, or whose "
        "other cells do not read either, is not a row of the table: a warning, no record."
    )
    state: State | None = Field(description="Null (with a warning) when it cannot be told.")
    state_label: str = Field(description="The state as the page prints it.")
    deprecated_on: date | None
    retirement_date: date | None
    retirement_not_before: bool | None = Field(
        description="True only when the page says 'not sooner than' (or its translation), i.e. "
        "for `retirement_kind` `not_sooner_than`; null when the cell was not understood "
        "(`unrecognised`); false otherwise."
    )
    retirement_label: str = Field(description="The retirement cell as the page prints it.")
    retirement_kind: RetirementKind = Field(
        default="date",
        description="What the retirement cell says: `date` (a fixed day), `not_sooner_than` (the "
        "earliest possible day), `to_be_announced`, `coarse` (a time coarser than a day, e.g. "
        "'Q3 2027': `retirement_date` null, `retirement_year` set), `not_applicable` (no "
        "retirement), `unrecognised` (words the tool does not read: see `retirement_label`).",
    )
    retirement_year: int | None = Field(
        default=None, description="For a `coarse` retirement, the year it names; else null."
    )
    deprecated_label: str = Field(
        default="", description="The deprecated cell as the page prints it."
    )
    not_understood: list[UnreadField] = Field(
        default=[],
        description="Fields whose cell was not understood: published as null, the cell kept "
        "as written in the matching label, with a warning.",
    )

    @model_validator(mode="before")
    @classmethod
    def _kind_of_older_records(cls, data: Any) -> Any:
        """Records written before kinds existed: the kind their date and qualifier imply."""
        if isinstance(data, dict) and "retirement_kind" not in data:
            value = data.get("retirement_date")
            kind = retirement_kind_of(
                value
                if isinstance(value, date)
                else (date.fromisoformat(value) if value else None),
                data.get("retirement_not_before"),
                str(data.get("retirement_label", "")),
            )
            data = {**data, "retirement_kind": kind}
        return _unread_retirement(data)


def _unread_retirement(data: Any) -> Any:
    """A retirement cell not understood is `unrecognised`, whatever kind a record says: one
    rule here, not one in every reader of the records."""
    if isinstance(data, dict) and "retirement_date" in (data.get("not_understood") or ()):
        return {**data, "retirement_kind": "unrecognised"}
    return data


class DeprecationEntry(_Record):
    model_id: str = Field(
        description="The deprecated model's id; a cell that is not a model id is kept as "
        "written (see `ModelStatus.model_id`), with `model_id` in `not_understood`."
    )
    retirement_date: date | None
    replacement: str | None = Field(
        description="The recommended replacement's model id; null when there is none ('N/A', "
        "'None', a dash) or the cell is not exactly one model id (an id with other text, "
        "several ids, prose, an empty cell: then `replacement_label` keeps it and "
        "`not_understood` says so)."
    )
    retirement_label: str = Field(default="", description="The retirement cell as printed.")
    retirement_kind: RetirementKind = Field(
        default="date", description="As for the status table (`ModelStatus.retirement_kind`)."
    )
    retirement_year: int | None = Field(
        default=None, description="For a `coarse` retirement, the year it names; else null."
    )
    replacement_label: str = Field(default="", description="The replacement cell as printed.")
    not_understood: list[UnreadField] = Field(
        default=[], description="Fields whose cell was not understood (see `ModelStatus`)."
    )

    @model_validator(mode="before")
    @classmethod
    def _kind_of_older_entries(cls, data: Any) -> Any:
        """Entries written before kinds existed: a history date is a fixed day."""
        if isinstance(data, dict) and "retirement_kind" not in data:
            kind = "date" if data.get("retirement_date") else "not_applicable"
            data = {**data, "retirement_kind": kind}
        return _unread_retirement(data)


class Deprecation(_Record):
    """One section of the "Deprecation history"."""

    announced_on: date = Field(
        description="From the section heading (YYYY-MM-DD in every language)."
    )
    anchor: str
    title: str
    retired_on: date | None = Field(description="From a 'was retired on' note, else null.")
    entries: list[DeprecationEntry]


class ParameterDeprecation(_Record):
    """One row of the "API parameter deprecations" table."""

    parameters: list[str]
    status: str
    behavior: str
    replacement: str


class Note(_Record):
    kind: str = Field(description="note, warning, tip, ... (the callout's tag).")
    section: str = Field(description="Anchor of the section the callout is in.")
    text: str


class NoteModel(_Record):
    """A model whose fate a callout states (a preview model no table lists, for instance)."""

    model_id: str
    state: State | None = Field(
        description="The state the note gives ('is deprecated'); null when it states none "
        "(e.g. it only says the model 'will be retired on' a date)."
    )
    # datetime.date: a field named `date` would shadow the type inside the class.
    date: datetime.date | None = Field(description="The date the note states, if any.")
    date_kind: Literal["retirement", "deprecation"] | None = Field(
        description="What the date is the date of; null when the note's words were not understood."
    )
    replacement: str | None = Field(
        description="Another model id the note names, e.g. to migrate to."
    )
    section: str = Field(description="Anchor of the section the callout is in.")


class Section(_Record):
    """A prose section's text, plain (markup removed), for text diffs of the page's wording."""

    anchor: str
    title: str
    text: str


class ParseWarning(_Record):
    where: str = Field(description="Where on the page: a section anchor, a table row, a cell.")
    message: str


class StateTerms(_Record):
    """The words this revision uses for each state, learned from its Overview list."""

    active: list[str] = []
    legacy: list[str] = []
    deprecated: list[str] = []
    retired: list[str] = []


class PageRecord(_Record):
    """Everything one language's page says, normalized."""

    language: str
    source: Source
    title: str | None
    state_terms: StateTerms
    models: list[ModelStatus]
    deprecations: list[Deprecation]
    parameter_deprecations: list[ParameterDeprecation]
    notes: list[Note]
    note_models: list[NoteModel] = Field(
        default=[], description="Models whose fate a callout outside the history states."
    )
    sections: list[Section]
    warnings: list[ParseWarning]

    def normalized(self) -> PageRecord:
        """The same record with every list in its canonical order."""
        return self.model_copy(
            update={
                "models": sorted(self.models, key=lambda m: m.model_id),
                "note_models": sorted(self.note_models, key=lambda n: (n.model_id, n.section)),
                "deprecations": sorted(
                    (
                        d.model_copy(
                            update={"entries": sorted(d.entries, key=lambda e: e.model_id)}
                        )
                        for d in self.deprecations
                    ),
                    key=lambda d: (d.announced_on, d.anchor),
                    reverse=True,
                ),
            }
        )

    def to_json(self) -> str:
        """Deterministic JSON: sorted keys, ISO dates, two-space indent, trailing newline."""
        return dump_json(self.normalized().model_dump(mode="json"))

    def model(self, model_id: str) -> ModelStatus | None:
        return next((m for m in self.models if m.model_id == model_id), None)


def page_record(page: plain.PageRecord) -> PageRecord:
    """The record of a page as read: every field validated by the models, lists in their
    canonical order."""
    return PageRecord.model_validate(page, from_attributes=True).normalized()


def dump_json(data: Any) -> str:
    """The JSON text of every data file: sorted keys, two-space indent, trailing newline.

    The text is `json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)`, byte for
    byte. orjson writes it (Python's own encoder runs in pure Python when asked for an indent,
    and was a quarter of a day's CPU); where orjson's text could differ, `json` writes it:
    anything orjson refuses (non-str keys, ints beyond 64 bits, lone surrogates) or passes
    through (subclasses of str/int/dict/list, dates, dataclasses: `json`'s own rules or its
    TypeError apply), and any float (the two spell some floats differently, 1e+16 and 1e16).
    Not covered: NaN and the infinities, which JSON cannot hold (json writes NaN, orjson
    null); no record holds a float.
    """
    try:
        text = orjson.dumps(data, default=_not_plain, option=_ORJSON)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _dump_json_stdlib(data)
    if _has_float(text):
        return _dump_json_stdlib(data)
    return text.decode() + "\n"


def _dump_json_stdlib(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_ORJSON = (
    orjson.OPT_INDENT_2
    | orjson.OPT_SORT_KEYS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)
# With an indent every value sits on its own line: after `": ` in an object, alone (after the
# indent) in an array, or alone at the top. With the spaces taken out and every digit and sign
# made '0', a number is `":0..` or `\n0..` or the text's start, and a float goes on with '.'
# or 'e'. Strings cannot hide one (a newline in them is written `\n`); a string that looks
# like `": 1.5` only sends the text to json. bytes.translate runs in C: a few ms for a 2.5 MB
# feed, where a walk of the data in Python, or a regex over every line, costs more than the
# whole encoding.
_NUMBERS = bytes.maketrans(b"0123456789-+", b"000000000000")
_FLOAT_VALUE = re.compile(rb'":0+[.eE]')
_FLOAT_LINE = re.compile(rb"\n0+[.eE]")
_FLOAT_ALONE = re.compile(rb"0+[.eE]")


def _has_float(text: bytes) -> bool:
    shape = text.translate(_NUMBERS, b" ")
    return bool(
        _FLOAT_VALUE.search(shape) or _FLOAT_LINE.search(shape) or _FLOAT_ALONE.match(shape)
    )


def _not_plain(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is left to json")


def json_schema(model: type[BaseModel], schema_id: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a model, as published in `schema/`."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = schema_id
    return schema


def page_record_schema() -> dict[str, Any]:
    return json_schema(PageRecord, "page-record.schema.json")
