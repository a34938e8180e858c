"""Small PageRecords built directly from the models, for tests of what comes after parsing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from scraper.read.records import (
    Deprecation,
    DeprecationEntry,
    ModelStatus,
    PageRecord,
    ParameterDeprecation,
    Section,
    Source,
    StateTerms,
)


def status(
    model_id: str,
    state: str,
    deprecated_on: date | None = None,
    retirement: date | None = None,
    not_before: bool = False,
) -> ModelStatus:
    return ModelStatus.model_validate(
        {
            "model_id": model_id,
            "state": state,
            "state_label": state.title(),
            "deprecated_on": deprecated_on,
            "retirement_date": retirement,
            "retirement_not_before": not_before,
            "retirement_label": str(retirement or "N/A"),
        }
    )


def history(announced: date, title: str, *entries: tuple[str, date, str | None]) -> Deprecation:
    return Deprecation(
        announced_on=announced,
        anchor=f"{announced.isoformat()}-" + re.sub(r"[^a-z0-9]+", "-", title.lower()),
        title=title,
        retired_on=None,
        entries=[
            DeprecationEntry(model_id=m, retirement_date=d, replacement=r) for m, d, r in entries
        ],
    )


def record(
    lang: str,
    models: Sequence[ModelStatus],
    deprecations: Sequence[Deprecation] = (),
    parameters: Sequence[ParameterDeprecation] = (),
    overview: str = "Models are deprecated, then retired.",
) -> PageRecord:
    return PageRecord(
        language=lang,
        source=Source(url=f"https://example.test/{lang}", format="md", sha256="0" * 64),
        title="Model deprecations",
        state_terms=StateTerms(),
        models=list(models),
        deprecations=list(deprecations),
        parameter_deprecations=list(parameters),
        notes=[],
        sections=[Section(anchor="overview", title="Overview", text=overview)],
        warnings=[],
    )


# -- words of the program that must not reach people ------------------------------------------

_MODELS_WITH_FIELDS = (
    PageRecord,
    ModelStatus,
    Deprecation,
    DeprecationEntry,
    ParameterDeprecation,
    Section,
    Source,
    StateTerms,
)


def field_names() -> list[str]:
    """Record and event field names and event types with an underscore (`deprecated_on`, …)."""
    from scraper.track.events import EVENT_ORDER, Event

    names = {name for model in (*_MODELS_WITH_FIELDS, Event) for name in model.model_fields}
    return sorted(name for name in names | set(EVENT_ORDER) if "_" in name)


def program_words(text: str) -> list[str]:
    """`None`/`True`/`False`, field names and `none →` found in text meant for people.

    Diff blocks quote the page as it is and link targets are slugs, so both are left out.
    """
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    prose = re.sub(r"\]\([^)]*\)", "]", prose).replace("\\_", "_")
    found = re.findall(r"\b(?:None|True|False|null)\b|\bnone →|→ none\b", prose)
    return found + [name for name in field_names() if re.search(rf"\b{name}\b", prose)]
