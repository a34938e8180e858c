"""Each model's fate on each partner platform, joined with Anthropic's page.

From the latest snapshot of every platform: per Anthropic model id, the platform's state (its
own word and ours), dates with their kind, region groups, replacement, and the page and day it
was read. Where a platform's end date differs from Anthropic's retirement date, a finding says
so, for information: partners set their own schedules, so a difference is no conflict.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scraper.human_dates import human_date
from scraper.read.partners.ids import anthropic_id, catalog_of
from scraper.read.partners.platforms import DATE_KIND_WORDS, PLATFORMS
from scraper.read.partners.records import (
    DateKind,
    PlatformModel,
    PlatformName,
    PlatformRecord,
    RegionGroup,
)
from scraper.read.records import PageRecord, State, dump_json


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlatformEnd(_Model):
    kind: DateKind = Field(description="eol, shutdown, retirement or retirement_not_sooner_than.")
    date: datetime.date


class PlatformFate(_Model):
    """A model on one platform, as that platform's page says it."""

    platform: PlatformName
    platform_title: str
    platform_id: str = Field(description="The platform's own model id.")
    state: State | None = Field(description="In our terms, where it means the same; else null.")
    state_label: str = Field(description="The platform's own word.")
    section: str
    groups: list[RegionGroup] = Field(description="Region groups, each with its dated kinds.")
    end: PlatformEnd | None = Field(description="The latest day it stops answering there.")
    replacement: str | None
    page: str = Field(description="The page it was read from.")
    read_on: datetime.date = Field(description="Day of the platform snapshot.")


class PlatformFinding(_Model):
    """Information about the join: a platform's date that differs from Anthropic's, or a
    platform id the tool cannot map to an Anthropic model."""

    kind: Literal["date_differs", "unmapped_id"]
    platform: PlatformName
    platform_id: str
    model_id: str | None
    anthropic_date: datetime.date | None = None
    platform_date: datetime.date | None = None
    days: int | None = Field(default=None, description="Platform's date minus Anthropic's.")
    message: str


class PlatformsDocument(_Model):
    """snapshots/platforms.json: what each platform says, joined per model, and findings."""

    platforms: dict[str, PlatformSource]
    models: dict[str, list[PlatformFate]] = Field(description="Anthropic model id → its fates.")
    findings: list[PlatformFinding]

    def to_json(self) -> str:
        return dump_json(self.model_dump(mode="json"))


class PlatformSource(_Model):
    title: str
    page: str
    read_on: datetime.date
    shape: str
    models: int


PlatformsDocument.model_rebuild()


def fate_of(model: PlatformModel, record: PlatformRecord, read_on: datetime.date) -> PlatformFate:
    end = model.end()
    return PlatformFate(
        platform=record.platform,
        platform_title=PLATFORMS[record.platform].title,
        platform_id=model.platform_id,
        state=model.state,
        state_label=model.state_label,
        section=model.section,
        groups=model.groups,
        end=PlatformEnd(kind=end[0], date=end[1]) if end else None,
        replacement=model.replacement,
        page=model.page or record.source.url,
        read_on=read_on,
    )


def _anthropic_retirement(
    english: PageRecord | None, model_id: str
) -> tuple[datetime.date, bool] | None:
    """Anthropic's retirement date of a model, and whether it is only 'not sooner than'."""
    if english is None:
        return None
    row = english.model(model_id)
    if row is not None:
        if row.retirement_date is None:
            return None
        return row.retirement_date, bool(row.retirement_not_before)
    dates = [
        e.retirement_date for d in english.deprecations for e in d.entries if e.model_id == model_id
    ]
    return next(((d, False) for d in dates if d is not None), None)


def platforms_document(
    records: Mapping[PlatformName, tuple[datetime.date, PlatformRecord]],
    english: PageRecord | None,
) -> PlatformsDocument:
    """Join the platforms' latest snapshots with Anthropic's English page."""
    catalog = catalog_of(english) if english is not None else None
    models: dict[str, list[PlatformFate]] = {}
    findings: list[PlatformFinding] = []
    sources: dict[str, PlatformSource] = {}
    for name in PLATFORMS:
        if name not in records:
            continue
        read_on, record = records[name]
        sources[name] = PlatformSource(
            title=PLATFORMS[name].title,
            page=record.source.url,
            read_on=read_on,
            shape=record.shape,
            models=len(record.models),
        )
        for model in record.models:
            # Snapshots read before Anthropic's page was known are mapped now.
            model_id = model.model_id or anthropic_id(name, model.platform_id, catalog)
            if model_id is None:
                findings.append(_unmapped(name, model))
                continue
            fate = fate_of(model, record, read_on)
            models.setdefault(model_id, []).append(fate)
            findings += _differs(
                name, model, model_id, fate, _anthropic_retirement(english, model_id)
            )
    for fates in models.values():
        fates.sort(key=lambda f: (list(PLATFORMS).index(f.platform), f.platform_id, f.section))
    return PlatformsDocument(
        platforms=sources,
        models=dict(sorted(models.items())),
        findings=sorted(findings, key=lambda f: (f.model_id or "", f.platform, f.kind)),
    )


def _unmapped(name: PlatformName, model: PlatformModel) -> PlatformFinding:
    return PlatformFinding(
        kind="unmapped_id",
        platform=name,
        platform_id=model.platform_id,
        model_id=None,
        message=f"{PLATFORMS[name].title} lists {model.platform_id}, which the tool cannot map "
        "to a model on Anthropic's page",
    )


def _differs(
    name: PlatformName,
    model: PlatformModel,
    model_id: str,
    fate: PlatformFate,
    retirement: tuple[datetime.date, bool] | None,
) -> list[PlatformFinding]:
    if fate.end is None or retirement is None or fate.end.date == retirement[0]:
        return []
    anthropic, not_before = retirement
    days = (fate.end.date - anthropic).days
    words = DATE_KIND_WORDS[fate.end.kind]
    return [
        PlatformFinding(
            kind="date_differs",
            platform=name,
            platform_id=model.platform_id,
            model_id=model_id,
            anthropic_date=anthropic,
            platform_date=fate.end.date,
            days=days,
            message=f"{model_id}: {PLATFORMS[name].title} {words} {fate.end.date.isoformat()}, "
            f"{abs(days)} days {'after' if days > 0 else 'before'} Anthropic's "
            f"{'not sooner than ' if not_before else ''}{anthropic.isoformat()} "
            "(the platform sets its own schedule)",
        )
    ]


def fate_sentence(fate: PlatformFate) -> str:
    """`Legacy on Amazon Bedrock, EOL 8 January 2027 (us-east-1, us-east-2, us-west-2)`."""
    text = f"{fate.state_label or 'Listed'} on {fate.platform_title}"
    if fate.end is not None:
        regions = sorted(
            {
                r
                for g in fate.groups
                if fate.end.date in [d.date for d in g.dates]
                for r in g.regions
            }
        )
        text += f", {DATE_KIND_WORDS[fate.end.kind]} {human_date(fate.end.date)}"
        if regions:
            text += f" ({', '.join(regions)})"
    return text


def read_platforms_document(path: Path) -> PlatformsDocument | None:
    """snapshots/platforms.json, or None when it is absent or not one."""
    try:
        return PlatformsDocument.model_validate_json(path.read_bytes())
    except (OSError, ValidationError):
        return None


def fate_cell_text(fate: PlatformFate) -> str:
    """Short, for a table cell: `Amazon Bedrock: Legacy, EOL 2027-01-08`."""
    text = f"{fate.platform_title}: {fate.state_label or 'listed'}"
    if fate.end is not None:
        text += f", {DATE_KIND_WORDS[fate.end.kind]} {fate.end.date.isoformat()}"
    return text


_RANK: dict[State | None, int] = {None: 0, "active": 1, "legacy": 2, "deprecated": 3, "retired": 4}


def platform_fate_for(
    fates: Mapping[str, Sequence[PlatformFate]], model_id: str | None, spelling: str
) -> PlatformFate | None:
    """The fate on the platform whose spelling this is (the furthest along, if it is listed
    twice); None for an Anthropic spelling or a model the platform does not list."""
    if model_id is None or spelling == "anthropic":
        return None
    mine = [f for f in fates.get(model_id, ()) if f.platform == spelling]
    return max(
        mine,
        key=lambda f: (_RANK[f.state], f.end.date if f.end else datetime.date.min),
        default=None,
    )
