"""What `audit` checks model ids against, and which source that was, of what day.

In the tracker's own data directory it is `snapshots/latest.json`; anywhere else (a CI step in
someone's service) it is a published `latest.json` or `models.json` (`--snapshot FILE_OR_URL`,
or $DEPRECATION_TRACKER_SNAPSHOT), else the live English page, read once through the same
fetcher as `run`. Each gives one table of `ModelFacts`: the page's state, retirement (with its
kind) and replacement per model id.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, TypeVar

from scraper.act.plain_snapshot import HistorySection, PublishedFacts, RecordFacts, read_plain

# Nothing here imports pydantic: a local snapshot is read as plain JSON (`plain_snapshot`), and
# only what that leaves (a URL, a file to complain about) goes through the models.
if TYPE_CHECKING:
    from scraper.fetch import FetchOptions
    from scraper.publish.published import PublishedModels
    from scraper.read.records import Deprecation, PageRecord, RetirementKind, State

SNAPSHOT_ENV = "DEPRECATION_TRACKER_SNAPSHOT"

SourceKind = Literal["latest_json", "models_json", "page", "record"]


def about(description: str) -> dict[str, str]:
    """A record field's metadata: the description its JSON Schema gives it (pydantic reads a
    dataclass field's `description` metadata as it reads `Field(description=...)`)."""
    return {"description": description}


@dataclass(frozen=True)
class ReferenceSource:
    """Where the facts came from, and the day they are of (not the day the audit ran)."""

    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}  # the schema says so

    kind: SourceKind = field(
        metadata=about(
            "`latest_json` (a data directory's or published snapshots/latest.json), "
            "`models_json` (a published snapshots/models.json), `page` (the live page, read now), "
            "`record` (a page record given by a Python caller)."
        )
    )
    location: str = field(metadata=about("The file or URL read."))
    language: str = field(metadata=about("The page whose facts these are (normally en)."))
    day: date | None = field(
        metadata=about(
            "The day of the data: the snapshot's day, or the day the page was read; "
            "null when the source does not say (models.json)."
        )
    )


@dataclass(frozen=True)
class ModelFacts:
    model_id: str
    state_on_page: State | None
    retirement_date: date | None
    retirement_not_before: bool | None
    replacement: str | None
    retirement_kind: RetirementKind = "date"
    retirement_label: str = ""  # the retirement as the page prints it (for coarse, unrecognised)


@dataclass(frozen=True)
class Reference:
    facts: dict[str, ModelFacts]
    source: ReferenceSource


def catalog(record: PageRecord | RecordFacts) -> dict[str, ModelFacts]:
    """Every model the record names: the status table first, then notes (a callout stating the
    fate of a model no table lists), then the deprecation history (where retired models stay
    once they leave the table), newest announcement winning."""
    replacement: dict[str, str] = {}
    history: dict[str, tuple[date | None, bool, RetirementKind, str]] = {}
    sections: Sequence[Deprecation | HistorySection] = record.deprecations
    for section in sorted(sections, key=lambda d: d.announced_on):
        for entry in section.entries:
            if entry.replacement:
                replacement[entry.model_id] = entry.replacement
            retired = section.retired_on is not None
            history[entry.model_id] = (
                section.retired_on or entry.retirement_date,
                retired,
                "date" if retired else entry.retirement_kind,
                entry.retirement_label,
            )
    facts = {
        model_id: ModelFacts(
            model_id=model_id,
            # the page keeps a model in its history only once it is deprecated
            state_on_page="retired" if retired else "deprecated",
            retirement_date=retirement,
            retirement_not_before=False,
            replacement=replacement.get(model_id),
            retirement_kind=kind,
            retirement_label=label,
        )
        for model_id, (retirement, retired, kind, label) in history.items()
    }
    for note in record.note_models:
        known = facts.get(note.model_id)
        retirement = note.date if note.date_kind == "retirement" else None
        # A note that announces a retirement date is a deprecation notice, stated or not.
        stated = note.state or ("deprecated" if note.date is not None else None)
        facts[note.model_id] = ModelFacts(
            model_id=note.model_id,
            state_on_page=stated or (known.state_on_page if known else None),
            retirement_date=retirement or (known.retirement_date if known else None),
            retirement_not_before=False,
            replacement=note.replacement or replacement.get(note.model_id),
            retirement_kind="date" if retirement else (known.retirement_kind if known else "date"),
            retirement_label=known.retirement_label if known and not retirement else "",
        )
    for row in record.models:
        facts[row.model_id] = ModelFacts(
            model_id=row.model_id,
            state_on_page=row.state,
            retirement_date=row.retirement_date,
            retirement_not_before=row.retirement_not_before,
            replacement=replacement.get(row.model_id),
            retirement_kind=row.retirement_kind,
            retirement_label=row.retirement_label,
        )
    return facts


def models_catalog(document: PublishedModels | PublishedFacts) -> dict[str, ModelFacts]:
    facts = {}
    for model in document.models:
        kind = model.retirement_kind
        if kind is None:  # a models.json written before kinds: the kind its date implies
            from scraper.read.records import retirement_kind_of

            kind = retirement_kind_of(
                model.retirement_date, model.retirement_not_before, model.retirement_label
            )
        facts[model.model_id] = ModelFacts(
            model_id=model.model_id,
            state_on_page=model.state,
            retirement_date=model.retirement_date,
            retirement_not_before=model.retirement_not_before,
            replacement=model.replacement,
            retirement_kind=kind,
            retirement_label=model.retirement_label,
        )
    return facts


# -- choosing the source ---------------------------------------------------------------------


class NoReference(Exception):
    """No facts to check against (a file that is not there, a page that could not be read).
    Not a `published.SnapshotError` (that module, and pydantic, load only when needed); the
    message is the same."""


class PageUnreadable(NoReference):
    """The live page could not be read (network, server): not a usage error."""


_Record = TypeVar("_Record", "PageRecord", RecordFacts)


def reference_record(languages: Mapping[str, _Record]) -> tuple[_Record, str | None]:
    """The English record, else another (with a note saying which): English is the reference."""
    if "en" in languages:
        return languages["en"], None
    if not languages:
        raise NoReference("the snapshot has no page records; run the tracker first")
    language = sorted(languages)[0]
    return languages[language], f"no English record in the snapshot; using {language!r}"


def load_reference(
    *,
    data_dir: Path | None = None,
    snapshot: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    page: FetchOptions | None = None,
    today: date | None = None,
    notes: list[str] | None = None,
) -> Reference:
    """The facts to check against, from the first source that applies:

    `snapshot` (a latest.json or models.json, file or URL); `data_dir` (its
    snapshots/latest.json, which must exist); `page` (read the live page with these options,
    e.g. another base URL); $DEPRECATION_TRACKER_SNAPSHOT; `cwd`/snapshots/latest.json when
    there is one (the tracker's own data directory); else the live English page. `notes`
    receives what the caller should say (e.g. that a language other than English was used)."""
    said = notes if notes is not None else []
    environment = os.environ if env is None else env
    here = cwd or Path.cwd()
    if snapshot:
        return _from_published(snapshot, said)
    if data_dir is not None:
        return _from_published(str(_latest_path(data_dir)), said, data_dir=data_dir)
    if page is None and environment.get(SNAPSHOT_ENV, "").strip():
        return _from_published(environment[SNAPSHOT_ENV].strip(), said, variable=SNAPSHOT_ENV)
    if page is None and _latest_path(here).is_file():
        return _from_published(str(_latest_path(here)), said, data_dir=here)
    return _from_page(page, today)


def _latest_path(data_dir: Path) -> Path:
    """As `scraper.publish.published.latest_path` (a test keeps them the same)."""
    return data_dir / "snapshots" / "latest.json"


def _from_published(
    where: str, notes: list[str], *, data_dir: Path | None = None, variable: str | None = None
) -> Reference:
    plain = read_plain(where)
    if plain is None:  # a URL, or a file the models read (or say what is wrong with)
        return _through_models(where, notes, data_dir=data_dir, variable=variable)
    if isinstance(plain, PublishedFacts):
        return _from_models(plain, where)
    return _from_latest(plain.records, plain.days, where, notes)


def _through_models(
    where: str, notes: list[str], *, data_dir: Path | None, variable: str | None
) -> Reference:
    from scraper.publish.published import PublishedModels, SnapshotError, load_published

    try:
        document = load_published(where, data_dir=data_dir)
    except SnapshotError as error:
        raise NoReference(f"{error} (from ${variable})" if variable else str(error)) from None
    if isinstance(document, PublishedModels):
        return _from_models(document, where)
    languages = document.languages
    records = {language: entry.record for language, entry in languages.items()}
    days = {language: entry.snapshot_date for language, entry in languages.items()}
    return _from_latest(records, days, where, notes)


def _from_models(document: PublishedModels | PublishedFacts, where: str) -> Reference:
    source = ReferenceSource(kind="models_json", location=where, language="en", day=None)
    return Reference(facts=models_catalog(document), source=source)


def _from_latest(
    records: Mapping[str, _Record],
    days: Mapping[str, date | None],
    where: str,
    notes: list[str],
) -> Reference:
    record, note = reference_record(records)
    if note:
        notes.append(note)
    day = days[record.language]
    source = ReferenceSource(kind="latest_json", location=where, language=record.language, day=day)
    return Reference(facts=catalog(record), source=source)


def _from_page(options: FetchOptions | None, today: date | None) -> Reference:
    from datetime import UTC, datetime

    from scraper.fetch import FetchOptions, fetch_languages

    chosen = options or FetchOptions()
    result = fetch_languages(["en"], chosen)["en"]
    if result.record is None:
        raise PageUnreadable(
            f"could not read the English page to check against: {result.error}; pass "
            f"--snapshot FILE_OR_URL (a published latest.json or models.json) or set "
            f"${SNAPSHOT_ENV}"
        )
    source = ReferenceSource(
        kind="page",
        location=result.url or chosen.base_url,
        language="en",
        day=today or datetime.now(UTC).date(),
    )
    return Reference(facts=catalog(result.record), source=source)


def reference_of(record: PageRecord) -> Reference:
    """A record given directly (a Python caller, a test): its facts, source unknown."""
    source = ReferenceSource(
        kind="record", location=record.source.url, language=record.language, day=None
    )
    return Reference(facts=catalog(record), source=source)


def source_words(source: ReferenceSource, describe_language: Callable[[str], str]) -> str:
    """`the English page of 10 October 2026 (snapshots/latest.json in .)`."""
    from scraper.human_dates import human_date  # as publish.sentences says days

    page = f"the {describe_language(source.language)} page"
    of_day = f" of {human_date(source.day)}" if source.day else ""
    where = {
        "latest_json": f"{source.location}",
        "models_json": f"{source.location}; the file does not say of which day",
        "page": f"read now from {source.location}",
        "record": source.location,
    }[source.kind]
    return f"{page}{of_day} ({where})"
