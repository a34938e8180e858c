"""What a partner platform's lifecycle page says about Anthropic's models, as typed data.

One `PlatformRecord` per page read (Amazon Bedrock's model lifecycle, Google Cloud's partner
model deprecations or a model card, Microsoft Foundry's retirement schedule). Only Anthropic's
models become `PlatformModel`s; each keeps the platform's own id and words, beside the Anthropic
id and the state in our terms where they mean the same. Snapshots and their JSON Schema
(`schema/platform-record.schema.json`) come from these models.
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from scraper.read.records import ParseWarning, Source, State, dump_json, json_schema

PlatformName = Literal["bedrock", "vertex", "foundry"]
# What a platform's date is the date of, in the platform's own terms.
DateKind = Literal[
    "legacy",  # Bedrock: the model entered Legacy (new customers can no longer use it)
    "extended_access",  # Bedrock: public extended access starts (higher prices until EOL)
    "eol",  # Bedrock: end of life, requests fail
    "deprecated",  # Google Cloud: deprecated as of (existing customers only)
    "shutdown",  # Google Cloud: shut down on, requests fail
    "retirement",  # Microsoft Foundry: retirement date, requests fail
    "retirement_not_sooner_than",  # Google Cloud model card: the earliest possible retirement
    "release",  # Google Cloud: when the model became available there
]
# Which shape of page the reader recognised; `unknown` when none (then no model is reported
# gone: the record says what was not understood instead).
PageShape = Literal[
    "bedrock_single_list",
    "bedrock_legacy_tables",
    "vertex_deprecations",
    "vertex_model_card",
    "foundry_schedule",
    "unknown",
]
# The dates after which a model no longer answers, per platform: what "its end" means there.
END_KINDS: tuple[DateKind, ...] = ("eol", "shutdown", "retirement", "retirement_not_sooner_than")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlatformDate(_Record):
    kind: DateKind
    date: datetime.date | None = Field(
        description="Null when the page gives no date ('—') or one the tool does not read "
        "(then `label` keeps it and the model's `not_understood` names the kind)."
    )
    label: str = Field(description="The date as the page prints it.")


class RegionGroup(_Record):
    """Regions that share one set of dates (Bedrock prints one row per such group)."""

    regions: list[str] = Field(description="Region codes as printed; empty when not stated.")
    dates: list[PlatformDate]

    def date_of(self, kind: DateKind) -> datetime.date | None:
        return next((d.date for d in self.dates if d.kind == kind), None)


class PlatformModel(_Record):
    """One Anthropic model on a platform's page."""

    platform_id: str = Field(description="The platform's own model id, as printed.")
    model_id: str | None = Field(
        description="The Anthropic model id it stands for; null when it cannot be mapped "
        "(a warning says so)."
    )
    name: str = Field(description="The platform's name for the model, as printed.")
    version: str = Field(default="", description="A version column, as printed (Foundry).")
    section: str = Field(description="Where on the page the model is listed.")
    state: State | None = Field(
        description="The platform's state in our terms, where it means the same; else null."
    )
    state_label: str = Field(description="The platform's own word for the state.")
    groups: list[RegionGroup] = Field(description="One per group of regions with its dates.")
    replacement_label: str = Field(default="", description="The replacement as printed.")
    replacement: str | None = Field(
        default=None, description="The replacement's Anthropic model id, when it maps to one."
    )
    not_understood: list[DateKind] = Field(
        default=[], description="Date kinds whose text was not read (kept in the label)."
    )
    page: str = Field(
        default="",
        description="The page it was read from, when the platform's reading joins several "
        "pages; empty when the platform has one page (then it is the record's source).",
    )

    def end(self) -> tuple[DateKind, datetime.date] | None:
        """The latest day the model stops answering in any region group, and what kind it is."""
        ends = [
            (d.date, d.kind)
            for group in self.groups
            for d in group.dates
            if d.kind in END_KINDS and d.date is not None
        ]
        if not ends:
            return None
        day, kind = max(ends)
        return kind, day


class PlatformRecord(_Record):
    """Everything one partner page says about Anthropic's models."""

    platform: PlatformName
    source: Source
    title: str | None
    shape: PageShape
    models: list[PlatformModel]
    warnings: list[ParseWarning]
    damage: list[str] = Field(
        default=[],
        description="Evidence the body is damaged (a table or list cut short): a run holds "
        "the previous snapshot instead of reporting changes.",
    )
    missing_pages: list[str] = Field(
        default=[],
        description="Pages of the platform that could not be read or understood this time: "
        "their models are carried from the last understood snapshot, never reported gone.",
    )

    def normalized(self) -> PlatformRecord:
        return self.model_copy(
            update={"models": sorted(self.models, key=lambda m: (m.platform_id, m.section))}
        )

    def to_json(self) -> str:
        return dump_json(self.normalized().model_dump(mode="json"))

    def understood(self) -> bool:
        return self.shape != "unknown" and not self.damage


def platform_record_schema() -> dict[str, object]:
    return json_schema(PlatformRecord, "platform-record.schema.json")
