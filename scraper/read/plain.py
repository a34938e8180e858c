"""The page as `extract` reads it, in plain named tuples: the records of `records.py`, unchecked.

`fetch` reads 12 pages and prints a line for each: importing pydantic and building the record
models was a quarter of its CPU. So the reading stages build these, and a page becomes a
`records.PageRecord` (validated, its lists in their canonical order) only where it is kept,
compared, written or published (`records.page_record`). Each class has the fields of the model
of the same name, in the same order (`tests/test_plain_records.py` compares them); the models
hold their defaults, descriptions and JSON Schema. Named tuples, not dataclasses: building
these 11 classes as frozen dataclasses took 10 ms of every start, as tuples 1 ms. The value
types (`State`, `RetirementKind`, ...) live here, so the reading modules name them without
importing pydantic.
"""

from __future__ import annotations

import datetime
from typing import Literal, NamedTuple

State = Literal["active", "legacy", "deprecated", "retired"]
SourceFormat = Literal["md", "html"]
# What a retirement cell says: a fixed day, the earliest possible day, "to be announced", a
# coarse time ("Q3 2027": `retirement_year` only), no retirement at all ("N/A"), or words the
# tool does not read (kept as written in the label, the typed fields null).
RetirementKind = Literal[
    "date", "not_sooner_than", "to_be_announced", "coarse", "not_applicable", "unrecognised"
]
# Typed fields of a row whose cell was not understood (published as null, the cell kept as
# written in the row's label field).
UnreadField = Literal["model_id", "state", "deprecated_on", "retirement_date", "replacement"]
DateKind = Literal["retirement", "deprecation"]


class Source(NamedTuple):
    url: str
    format: SourceFormat
    sha256: str


class ModelStatus(NamedTuple):
    model_id: str
    state: State | None
    state_label: str
    deprecated_on: datetime.date | None
    retirement_date: datetime.date | None
    retirement_not_before: bool | None
    retirement_label: str
    retirement_kind: RetirementKind
    retirement_year: int | None
    deprecated_label: str
    not_understood: list[UnreadField]


class DeprecationEntry(NamedTuple):
    model_id: str
    retirement_date: datetime.date | None
    replacement: str | None
    retirement_label: str
    retirement_kind: RetirementKind
    retirement_year: int | None
    replacement_label: str
    not_understood: list[UnreadField]


class Deprecation(NamedTuple):
    announced_on: datetime.date
    anchor: str
    title: str
    retired_on: datetime.date | None
    entries: list[DeprecationEntry]


class ParameterDeprecation(NamedTuple):
    parameters: list[str]
    status: str
    behavior: str
    replacement: str


class Note(NamedTuple):
    kind: str
    section: str
    text: str


class NoteModel(NamedTuple):
    model_id: str
    state: State | None
    date: datetime.date | None
    date_kind: DateKind | None
    replacement: str | None
    section: str


class Section(NamedTuple):
    anchor: str
    title: str
    text: str


class ParseWarning(NamedTuple):
    where: str
    message: str


class StateTerms(NamedTuple):
    active: list[str]
    legacy: list[str]
    deprecated: list[str]
    retired: list[str]


class PageRecord(NamedTuple):
    """Everything one language's page says, in the order the page says it (the record,
    `records.page_record(...)`, is in the canonical order)."""

    language: str
    source: Source
    title: str | None
    state_terms: StateTerms
    models: list[ModelStatus]
    deprecations: list[Deprecation]
    parameter_deprecations: list[ParameterDeprecation]
    notes: list[Note]
    note_models: list[NoteModel]
    sections: list[Section]
    warnings: list[ParseWarning]
