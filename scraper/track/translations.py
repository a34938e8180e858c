"""Where each translation stands: a verdict per language, a matrix per aspect, and their events.

`translations_document` turns findings (from `consistency`) into `diffs/translations.json`
(`publish/translations.py` writes the same for people: `diffs/translations.md`, `check`);
`finding_events` compares two documents and says which findings appeared and which were
resolved (a translation caught up). Pure functions; `track` reads and `store` writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scraper.read.languages import LANGUAGES
from scraper.read.records import dump_json, json_schema
from scraper.track.consistency import ASPECTS, Finding
from scraper.track.events import Event

SCHEMA_VERSION = 1
Verdict = Literal["current", "lagging", "conflict", "stale"]
# What a comparison finds; `stale` is said of a page not read since English moved on.
Status = Literal["current", "lagging", "conflict"]
# Findings that say where a translation stands (and make events); the others are information.
JUDGED = frozenset({"lagging", "conflict"})
EVENTFUL = frozenset({"lagging", "conflict", "within_page"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cell(_Model):
    """One language x one aspect of the matrix."""

    status: Status
    lag_days: int | None = Field(description="For lagging: the largest lag, in days.")
    english_date: datetime.date | None = Field(
        description="For lagging: the oldest English revision the translation matches."
    )
    findings: int = Field(description="How many lagging or conflict findings the cell holds.")


@dataclass(frozen=True)
class Staleness:
    """A translation not read since `since` (the last day it was read), and why."""

    since: datetime.date
    reason: str


class LanguageVerdict(_Model):
    verdict: Verdict = Field(
        description="stale if the page was not read since English changed (it is compared with "
        "the English page of the day it was last read: see `stale_since`); else conflict if any "
        "value contradicts English, else lagging if any value is one English had earlier, else "
        "current."
    )
    snapshot_date: datetime.date | None = Field(description="Day of the compared snapshot.")
    english_compared: datetime.date | None = Field(
        default=None,
        description="The English revision it was compared with: the one current on the day the "
        "translation was last read (the newest, unless the translation is stale).",
    )
    stale_since: datetime.date | None = Field(
        default=None, description="For stale: the last day the page was read."
    )
    stale_reason: str | None = Field(
        default=None,
        description="For stale: why it was not read since (failed, held, or no reading).",
    )
    lag_days: int | None = Field(description="For lagging: its oldest lag, in days.")
    lags_english_of: datetime.date | None = Field(
        description="For lagging: the oldest English revision it matches."
    )
    cells: dict[str, Cell] = Field(description="One per aspect (see `aspects`).")


class TranslationsDocument(_Model):
    """diffs/translations.json: where each translation stands against the English page."""

    schema_version: int = SCHEMA_VERSION
    english_snapshot_date: datetime.date | None
    aspects: list[str] = list(ASPECTS)
    languages: dict[str, LanguageVerdict]
    findings: list[Finding] = Field(description="Sorted by id; ids are stable.")

    def to_json(self) -> str:
        return dump_json(self.model_dump(mode="json"))


def translations_schema() -> dict[str, Any]:
    return json_schema(TranslationsDocument, "translations.schema.json")


def translations_document(
    findings: Sequence[Finding],
    dates: Mapping[str, datetime.date | None],
    *,
    stale: Mapping[str, Staleness] | None = None,
    english_of: Mapping[str, datetime.date | None] | None = None,
) -> TranslationsDocument:
    """The verdicts of every translation in `dates` (English's date is the reference).

    `stale` names the translations not read since English changed; `english_of`, the English
    revision each was compared with (default: English's date)."""
    stale = stale or {}
    english_of = english_of or {}
    languages: dict[str, LanguageVerdict] = {}
    # Without an English snapshot there is nothing to judge a translation by.
    compared = set(dates) - {"en"} if dates.get("en") else set()
    for lang in sorted(compared, key=_rank):
        own = [f for f in findings if f.language == lang and f.kind in JUDGED]
        cells = {aspect: _cell([f for f in own if f.aspect == aspect]) for aspect in ASPECTS}
        whole = _cell(own)
        staleness = stale.get(lang)
        languages[lang] = LanguageVerdict(
            verdict="stale" if staleness else whole.status,
            snapshot_date=dates[lang],
            english_compared=english_of.get(lang, dates.get("en")),
            stale_since=staleness.since if staleness else None,
            stale_reason=staleness.reason if staleness else None,
            lag_days=whole.lag_days,
            lags_english_of=whole.english_date,
            cells=cells,
        )
    return TranslationsDocument(
        english_snapshot_date=dates.get("en"),
        languages=languages,
        findings=sorted(findings, key=lambda f: f.id),
    )


def _cell(findings: Sequence[Finding]) -> Cell:
    lagging = [f for f in findings if f.kind == "lagging"]
    status: Status = "current"
    if any(f.kind == "conflict" for f in findings):
        status = "conflict"
    elif lagging:
        status = "lagging"
    lags = [f.lag_days for f in lagging if f.lag_days is not None]
    dates = [f.english_date for f in lagging if f.english_date is not None]
    return Cell(
        status=status,
        lag_days=max(lags) if lags and status == "lagging" else None,
        english_date=min(dates) if dates and status == "lagging" else None,
        findings=len(findings),
    )


def _rank(lang: str) -> tuple[int, str]:
    return (LANGUAGES.index(lang), "") if lang in LANGUAGES else (len(LANGUAGES), lang)


# -- events ---------------------------------------------------------------------------------------


def finding_events(
    previous: TranslationsDocument | None,
    current: TranslationsDocument,
    day: datetime.date,
    *,
    matrix_url: str,
) -> list[Event]:
    """`finding_appeared` / `finding_resolved` for lagging, conflict and within-page findings.

    Nothing on the first document (there is nothing it changed from).
    """
    if previous is None:
        return []
    before = {f.id: f for f in previous.findings if f.kind in EVENTFUL}
    after = {f.id: f for f in current.findings if f.kind in EVENTFUL}
    events = [
        _event("finding_appeared", after[key], day, matrix_url, before=None, after=after[key])
        for key in sorted(after.keys() - before.keys())
    ]
    events += [
        _event("finding_resolved", before[key], day, matrix_url, before=before[key], after=None)
        for key in sorted(before.keys() - after.keys())
    ]
    return events


def _event(
    kind: Literal["finding_appeared", "finding_resolved"],
    finding: Finding,
    day: datetime.date,
    matrix_url: str,
    *,
    before: Finding | None,
    after: Finding | None,
) -> Event:
    return Event(
        id=f"{day.isoformat()}/{finding.language}/{kind}/{finding.id}",
        date=day,
        type=kind,
        language=finding.language,
        model_id=finding.model_id,
        subject=finding.message,
        before=before.model_dump(mode="json") if before else None,
        after=after.model_dump(mode="json") if after else None,
        anchor=matrix_anchor(finding.language),
        link=f"{matrix_url}#{matrix_anchor(finding.language)}",
    )


def matrix_anchor(lang: str) -> str:
    """The anchor of a language's details in translations.md."""
    return f"lang-{lang.lower()}"


# -- the `check` command ------------------------------------------------------------------------

FAIL_LEVELS: dict[str, frozenset[str]] = {
    "conflict": frozenset({"conflict"}),
    "lagging": frozenset({"lagging", "conflict"}),
}


class TranslationsError(Exception):
    """diffs/translations.json could not be read; the message says what to do."""


def load_translations(path: Path) -> TranslationsDocument:
    """Read a diffs/translations.json the tracker wrote."""
    from pydantic import ValidationError

    if not path.is_file():
        raise TranslationsError(
            f"{path}: no such file; run `deprecation-tracker run` (or `replay`) with this data "
            "directory first, or pass --data-dir DIR"
        )
    try:
        return TranslationsDocument.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, UnicodeDecodeError) as error:
        first = str(error).splitlines()[0]
        raise TranslationsError(
            f"{path}: not a translations document ({first}); run the tracker again to rewrite it"
        ) from None


def failing_languages(document: TranslationsDocument, fail_on: str | None) -> list[str]:
    """The languages whose verdict meets `fail_on` ("conflict" or "lagging"; None: none). A
    stale language is judged by its comparison with the English page of the day it was read."""
    if fail_on is None:
        return []
    levels = FAIL_LEVELS[fail_on]
    return [lang for lang, v in document.languages.items() if _judged(v) in levels]


def _judged(verdict: LanguageVerdict) -> str:
    if verdict.verdict != "stale":
        return verdict.verdict
    statuses = {cell.status for cell in verdict.cells.values()}
    return next((s for s in ("conflict", "lagging") if s in statuses), "current")
