"""snapshots/models.json: one entry per model, the English page as the reference.

What most consumers want from the tracker, in one small file: each model's state and dates, its
replacement, the history section that announced it, and per translation its state and verdict.
Models only a note speaks of (a preview model no table lists) are included, marked `note`.
`snapshots/latest.json` stays the full picture.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scraper.publish.platform_fates import PlatformFate
from scraper.read.records import (
    PageRecord,
    RetirementKind,
    State,
    UnreadField,
    dump_json,
    json_schema,
)
from scraper.track.consistency import Finding
from scraper.track.translations import SCHEMA_VERSION, Verdict

MODELS_SCHEMA = "models.schema.json"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Announcement(_Model):
    announced_on: datetime.date
    anchor: str = Field(description="The section's anchor on the English page.")
    title: str


class TranslationState(_Model):
    state: State | None = Field(description="Null when the translation does not state it.")
    verdict: Verdict = Field(
        description="For this model: stale if the translation was not read since English "
        "changed; else conflict if a value contradicts English, lagging if one is what English "
        "said earlier, else current."
    )


class ModelEntry(_Model):
    model_id: str
    state: State | None
    deprecated_on: datetime.date | None
    retirement_date: datetime.date | None
    retirement_not_before: bool | None = Field(
        description="True for a 'not sooner than' date; null when not stated."
    )
    retirement_kind: RetirementKind = Field(
        description="What the retirement says: `date` (a fixed day), `not_sooner_than` (the "
        "earliest day), `to_be_announced` (no day yet: `retirement_date` null), `coarse` (a time "
        "coarser than a day, kept as written in `retirement_label`, its year in "
        "`retirement_year`; never made into a day), `not_applicable` (none), `unrecognised` "
        "(words the tool does not read, kept as written in `retirement_label`)."
    )
    retirement_label: str = Field(
        description="The retirement as the page prints it (empty when only a note states it)."
    )
    retirement_year: int | None = Field(
        description="For a `coarse` retirement, the year it names; else null."
    )
    not_understood: list[UnreadField] = Field(
        description="Cells of the model's status-table row the tool could not read: published "
        "as null, kept as written in the page record's labels."
    )
    replacement: str | None = Field(description="From the newest announcement (or note).")
    announced_in: Announcement | None = Field(
        description="The newest history section that lists the model, if any."
    )
    source: Literal["status_table", "note"]
    translations: dict[str, TranslationState]
    platforms: list[PlatformFate] = Field(
        default=[],
        description="Its fate on each partner platform (Amazon Bedrock, Google Cloud, "
        "Microsoft Foundry), as that platform's own page says it; empty when none lists it.",
    )


class ModelsDocument(_Model):
    """snapshots/models.json."""

    schema_version: int = SCHEMA_VERSION
    schema_url: str = Field(default=MODELS_SCHEMA, alias="$schema")
    models: list[ModelEntry] = Field(description="Sorted by model_id.")

    def to_json(self) -> str:
        return dump_json(self.model_dump(mode="json", by_alias=True))


def models_schema() -> dict[str, Any]:
    return json_schema(ModelsDocument, MODELS_SCHEMA)


def models_document(
    records: Mapping[str, PageRecord],
    findings: Sequence[Finding],
    *,
    schema_url: str = MODELS_SCHEMA,
    stale: Collection[str] = (),
) -> ModelsDocument:
    """The models of the English page (table rows and note-stated models), with translations
    (`stale`: the translations not read since English changed, whose verdict is `stale`)."""
    english = records.get("en")
    if english is None:
        return ModelsDocument(schema_url=schema_url, models=[])
    newest: dict[str, tuple[Announcement, str | None]] = {}
    for section in sorted(english.deprecations, key=lambda d: d.announced_on):
        for entry in section.entries:
            where = Announcement(
                announced_on=section.announced_on, anchor=section.anchor, title=section.title
            )
            newest[entry.model_id] = (where, entry.replacement)
    # The kinds of findings of each (language, model), gathered once for every model.
    kinds: dict[tuple[str, str | None], set[str]] = {}
    for finding in findings:
        kinds.setdefault((finding.language, finding.model_id), set()).add(finding.kind)
    entries: dict[str, ModelEntry] = {}
    for m in english.models:
        announced, replacement = _announced(newest, m.model_id)
        entries[m.model_id] = ModelEntry(
            model_id=m.model_id,
            state=m.state,
            deprecated_on=m.deprecated_on,
            retirement_date=m.retirement_date,
            retirement_not_before=m.retirement_not_before if m.retirement_date else None,
            retirement_kind=m.retirement_kind,
            retirement_label=m.retirement_label,
            retirement_year=m.retirement_year,
            not_understood=sorted(m.not_understood),
            replacement=replacement,
            announced_in=announced,
            source="status_table",
            translations=_translations(m.model_id, records, kinds, stale),
        )
    for note in english.note_models:
        if note.model_id in entries:
            continue  # the table says more than a note can
        announced, replacement = _announced(newest, note.model_id)
        entries[note.model_id] = ModelEntry(
            model_id=note.model_id,
            state=note.state,
            deprecated_on=note.date if note.date_kind == "deprecation" else None,
            retirement_date=note.date if note.date_kind == "retirement" else None,
            retirement_not_before=None,
            retirement_kind="date" if note.date_kind == "retirement" else "not_applicable",
            retirement_label="",
            retirement_year=None,
            not_understood=[],
            replacement=note.replacement or replacement,
            announced_in=announced,
            source="note",
            translations=_translations(note.model_id, records, kinds, stale),
        )
    return ModelsDocument(schema_url=schema_url, models=[entries[k] for k in sorted(entries)])


def _announced(
    newest: Mapping[str, tuple[Announcement, str | None]], model_id: str
) -> tuple[Announcement | None, str | None]:
    found = newest.get(model_id)
    return found if found is not None else (None, None)


def _translations(
    model_id: str,
    records: Mapping[str, PageRecord],
    kinds_of: Mapping[tuple[str, str | None], set[str]],
    stale: Collection[str] = (),
) -> dict[str, TranslationState]:
    out: dict[str, TranslationState] = {}
    for lang in sorted(records):
        if lang == "en":
            continue
        record = records[lang]
        row = record.model(model_id)
        note = next((n for n in record.note_models if n.model_id == model_id), None)
        state = row.state if row else (note.state if note else None)
        kinds = kinds_of.get((lang, model_id), set())
        verdict: Verdict = "current"
        if lang in stale:
            verdict = "stale"
        elif "conflict" in kinds:
            verdict = "conflict"
        elif "lagging" in kinds:
            verdict = "lagging"
        out[lang] = TranslationState(state=state, verdict=verdict)
    return out
