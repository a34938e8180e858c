"""snapshots/latest.json's layout: the last good record of every language and what disagrees.

The runner writes it after each run; the site and the published-models readers read it.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from scraper.read.records import PageRecord, json_schema
from scraper.track.consistency import Finding
from scraper.track.translations import TranslationsDocument


class LatestLanguage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    snapshot_date: date | None = Field(description="Day of the snapshot this record is from.")
    held_since: date | None = Field(
        default=None,
        description="While the page's newer readings are held back (the copy looked damaged or "
        "not the page): the first day of that hold; this record is then the last good one. "
        "Null when not held.",
    )
    held_reason: str | None = Field(
        default=None,
        description="Why the newer readings are held back, in one sentence. Null when not held.",
    )
    record: PageRecord


class LatestDocument(BaseModel):
    """snapshots/latest.json: the last good record of every language, and what disagrees."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_version: int = Field(
        default=1, description="Major version of this layout; changes within it are additive."
    )
    schema_url: str = Field(default="latest.schema.json", alias="$schema")
    languages: dict[str, LatestLanguage]
    findings: list[Finding] = Field(
        description="Inconsistencies within a page or between a translation and English."
    )
    translations: TranslationsDocument | None = Field(
        default=None, description="Where each translation stands (as diffs/translations.json)."
    )


def latest_schema() -> dict[str, object]:
    return json_schema(LatestDocument, "latest.schema.json")
