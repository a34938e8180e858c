"""Inconsistencies: within one page, and between a translation and the English page.

These are findings, not parse warnings: the page was understood, but it disagrees with itself
(the status table and the history give different retirement dates) or a translation lags
English (a model missing, another state, another date or replacement).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from scraper.records import PageRecord

FindingKind = Literal[
    "retirement_date_mismatch",
    "state_contradicts_dates",
    "missing_in_translation",
    "extra_in_translation",
    "state_differs",
    "date_differs",
    "replacement_differs",
    "history_section_missing",
]


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FindingKind
    language: str
    model_id: str | None = None
    message: str


def within_page(record: PageRecord) -> list[Finding]:
    """The page disagrees with itself."""
    lang = record.language
    findings: list[Finding] = []
    history = {e.model_id: e for d in record.deprecations for e in d.entries}
    for model in record.models:
        entry = history.get(model.model_id)
        if (
            entry
            and entry.retirement_date
            and model.retirement_date
            and not model.retirement_not_before
            and entry.retirement_date != model.retirement_date
        ):
            findings.append(
                Finding(
                    kind="retirement_date_mismatch",
                    language=lang,
                    model_id=model.model_id,
                    message=f"the status table retires {model.model_id} on "
                    f"{model.retirement_date}, the deprecation history on {entry.retirement_date}",
                )
            )
        if model.state in ("deprecated", "retired") and model.deprecated_on is None:
            findings.append(
                Finding(
                    kind="state_contradicts_dates",
                    language=lang,
                    model_id=model.model_id,
                    message=f"{model.model_id} is {model.state} but has no deprecation date",
                )
            )
    return findings


def across_languages(records: dict[str, PageRecord]) -> list[Finding]:
    """Where each translation disagrees with the English page."""
    english = records.get("en")
    if english is None:
        return []
    findings: list[Finding] = []
    en_models = {m.model_id: m for m in english.models}
    en_entries = {e.model_id: e for d in english.deprecations for e in d.entries}
    en_sections = {d.announced_on for d in english.deprecations}
    for lang, record in sorted(records.items()):
        if lang == "en":
            continue

        def add(kind: FindingKind, model_id: str | None, message: str, lang: str = lang) -> None:
            findings.append(Finding(kind=kind, language=lang, model_id=model_id, message=message))

        models = {m.model_id: m for m in record.models}
        for model_id in sorted(en_models.keys() - models.keys()):
            add("missing_in_translation", model_id, f"{model_id} is on the English page only")
        for model_id in sorted(models.keys() - en_models.keys()):
            add("extra_in_translation", model_id, f"{model_id} is listed, but not in English")
        for model_id in sorted(models.keys() & en_models.keys()):
            ours, theirs = models[model_id], en_models[model_id]
            if ours.state and theirs.state and ours.state != theirs.state:
                add(
                    "state_differs",
                    model_id,
                    f"{model_id}: {ours.state} in the translation, {theirs.state} in English",
                )
            for field in ("deprecated_on", "retirement_date", "retirement_not_before"):
                if getattr(ours, field) != getattr(theirs, field):
                    add(
                        "date_differs",
                        model_id,
                        f"{model_id}: {field} is {getattr(ours, field)} in the translation, "
                        f"{getattr(theirs, field)} in English",
                    )
        for section in record.deprecations:
            for entry in section.entries:
                theirs_entry = en_entries.get(entry.model_id)
                if theirs_entry and theirs_entry.replacement != entry.replacement:
                    add(
                        "replacement_differs",
                        entry.model_id,
                        f"{entry.model_id}: replacement {entry.replacement} in the translation, "
                        f"{theirs_entry.replacement} in English",
                    )
        for announced in sorted(en_sections - {d.announced_on for d in record.deprecations}):
            add("history_section_missing", None, f"the {announced} announcement is missing")
    return findings
