"""The day's report: Markdown for people, JSON for programs, and the commit message.

Pure functions: events (and the run's held, failed and inconsistent languages) in, text out.
The store writes `diffs/<YYYY-MM-DD>.md` and `.json`; the same input always gives the same bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from scraper.consistency import Finding
from scraper.events import (
    EVENT_ORDER,
    PARAMETERS_ANCHOR,
    STATUS_ANCHOR,
    Event,
    page_url,
    shift_text,
)
from scraper.languages import LANGUAGE_NAMES, LANGUAGES
from scraper.records import dump_json, json_schema

SUBJECT_LIMIT = 72
_SUMMARY_PHRASES = 6  # phrases in the summary paragraph before "and N more changes"
_HISTORY_TYPES = ("deprecation_announced", "deprecation_removed", "retirement_noted")


class DayEvents(BaseModel):
    """diffs/<YYYY-MM-DD>.json: every change event of one day."""

    model_config = ConfigDict(extra="forbid")

    date: datetime.date = Field(description="The day of the run.")
    events: list[Event] = Field(description="Sorted by language (English first), type, model, id.")


# -- ordering -----------------------------------------------------------------------------------


def language_rank(lang: str) -> tuple[int, str]:
    """English first, then the `LANGUAGES` order, then any unknown code alphabetically."""
    return (LANGUAGES.index(lang), "") if lang in LANGUAGES else (len(LANGUAGES), lang)


def event_sort_key(event: Event) -> tuple[Any, ...]:
    return (
        event.date,
        language_rank(event.language),
        EVENT_ORDER.index(event.type),
        event.model_id or "",
        event.anchor != STATUS_ANCHOR,  # the status table before the history's copy
        event.id,
    )


def _by_language(events: Iterable[Event]) -> dict[str, list[Event]]:
    grouped: dict[str, list[Event]] = {}
    for event in sorted(events, key=event_sort_key):
        grouped.setdefault(event.language, []).append(event)
    return dict(sorted(grouped.items(), key=lambda item: language_rank(item[0])))


def _ordered_languages(languages: Iterable[str]) -> list[str]:
    return sorted(set(languages), key=language_rank)


# -- JSON ---------------------------------------------------------------------------------------


def day_document(day: date, events: Sequence[Event]) -> dict[str, Any]:
    """The day's events as plain JSON data, in a deterministic order."""
    document = DayEvents(date=day, events=sorted(events, key=event_sort_key))
    data: dict[str, Any] = document.model_dump(mode="json")
    return data


def render_day_json(day: date, events: Sequence[Event]) -> str:
    """`diffs/<YYYY-MM-DD>.json`: sorted keys, two-space indent, trailing newline."""
    return dump_json(day_document(day, events))


def day_schema() -> dict[str, Any]:
    """JSON Schema of `diffs/<YYYY-MM-DD>.json`, generated from the models."""
    return json_schema(DayEvents, "day-events.schema.json")


# -- Markdown report ----------------------------------------------------------------------------


def render_day_report(
    day: date,
    events: Sequence[Event],
    *,
    findings: Sequence[Finding] = (),
    held: Mapping[str, Sequence[str]] = {},
    failed: Mapping[str, str] = {},
) -> str:
    """`diffs/<YYYY-MM-DD>.md`: a summary paragraph, then each language's changes, English first."""
    out: list[str] = [f"# Model deprecations: changes on {day.isoformat()}", ""]
    out += [summary_paragraph(day, events, held=held, failed=failed), ""]
    for lang, lang_events in _by_language(events).items():
        out += _language_section(lang, lang_events)
    if held:
        out += ["## Held back", ""]
        out += ["Not published; the last good snapshot of each stays.", ""]
        for lang in _ordered_languages(held):
            reasons = [_md(reason) for reason in held[lang]] or ["no reason given"]
            if len(reasons) == 1:
                out.append(f"- **{_language_label(lang)}**: {reasons[0]}")
            else:
                out.append(f"- **{_language_label(lang)}**:")
                out += [f"  - {reason}" for reason in reasons]
        out.append("")
    if failed:
        out += ["## Failed", ""]
        out += [f"- **{_language_label(lang)}**: {_md(failed[lang])}" for lang in
                _ordered_languages(failed)]  # fmt: skip
        out.append("")
    if findings:
        out += _findings_section(findings)
    return "\n".join(out).rstrip("\n") + "\n"


def _findings_section(findings: Sequence[Finding]) -> list[str]:
    """Findings grouped by what they say, each with the languages that say it.

    Translations usually lag English together, so one line per disagreement ("claude-x:
    deprecated here, retired in English: de, es, fr") reads better than a list per language.
    """
    out = ["## Inconsistencies", ""]
    within = sorted({f for f in findings if f.kind in _WITHIN_PAGE}, key=_finding_key)
    if within:
        out += ["Within a page:", ""]
        out += [f"- {_language_label(f.language)}: {_md(f.message)} (`{f.kind}`)" for f in within]
        out.append("")
    languages_of: dict[tuple[str, str, str], set[str]] = {}
    for finding in findings:
        if finding.kind not in _WITHIN_PAGE:
            key = (finding.model_id or "", finding.kind, finding.message)
            languages_of.setdefault(key, set()).add(finding.language)
    if languages_of:
        out += ["Translations that differ from the English page:", ""]
        for (_model, kind, message), languages in sorted(languages_of.items()):
            names = ", ".join(_ordered_languages(languages))
            out.append(f"- {_md(message)} (`{kind}`): {names}")
        out.append("")
    return out


_WITHIN_PAGE = frozenset({"within_page"})


def _finding_key(finding: Finding) -> tuple[int, str, str]:
    return (language_rank(finding.language)[0], finding.model_id or "", finding.message)


def _language_label(lang: str) -> str:
    name = LANGUAGE_NAMES.get(lang)
    return f"{name} ({lang})" if name else lang


def _language_section(lang: str, events: list[Event]) -> list[str]:
    count = f"{len(events)} change{'s' if len(events) != 1 else ''}"
    page = f"[the {lang} page]({page_url(lang)})"
    out = [f"## {_language_label(lang)}", "", f"{count} on {page}.", ""]
    by_model: dict[str, list[Event]] = {}
    for event in events:
        if event.model_id is not None:
            by_model.setdefault(event.model_id, []).append(event)
    for model_id in sorted(by_model):
        out += [f"### {_md(model_id)}", ""]
        out += [f"- {_model_line(event)} ({_link(event)})" for event in by_model[model_id]]
        out.append("")
    others = [e for e in events if e.model_id is None]
    history = [e for e in others if e.type in _HISTORY_TYPES]
    parameters = [e for e in others if e.type == "parameter_deprecation_changed"]
    texts = [e for e in others if e.type == "page_text_changed"]
    if history:
        out += ["### Deprecation history", ""]
        for event in history:
            out += _history_block(event)
    if parameters:
        out += ["### API parameter deprecations", ""]
        out += [f"- {_parameter_line(event)} ({_link(event)})" for event in parameters]
        out.append("")
    if texts:
        out += ["### Page text", ""]
        for event in texts:
            out += _text_block(event)
    return out


def _link(event: Event) -> str:
    anchor = event.anchor
    label = {STATUS_ANCHOR: "status table", PARAMETERS_ANCHOR: "parameter table"}.get(
        anchor or "", f"#{anchor}" if anchor else "page"
    )
    return f"[{_md(label)}]({event.link})"


def _model_line(event: Event) -> str:
    before, after = event.before, event.after
    lines: dict[str, Callable[[], str]] = {
        "model_added": lambda: f"added to the status table: {_status_fields(after)}",
        "model_removed": lambda: f"removed from the status table (was: {_status_fields(before)})",
        "state_changed": lambda: f"state: {_value(before)} → {_value(after)}",
        "deprecated_on_changed": lambda: f"deprecated on: {_value(before)} → {_value(after)}",
        "retirement_date_changed": lambda: (
            f"retirement: {_value(before)} → {_value(after)}" + shift_text(event.shift_days)
        ),
        "retirement_date_firmed": lambda: (
            f"retirement date {_value(after)} is now fixed (was 'not sooner than')"
        ),
        "retirement_date_unfirmed": lambda: (
            f"retirement date {_value(after)} is now only 'not sooner than'"
        ),
        "replacement_changed": lambda: f"replacement: {_value(before)} → {_value(after)}",
        "deprecation_entry_added": lambda: (
            "added to the deprecation history: " + _entry_fields(after)
        ),
        "deprecation_entry_removed": lambda: (
            "removed from the deprecation history (was: " + _entry_fields(before) + ")"
        ),
    }
    render = lines.get(event.type)
    return render() if render else _md(event.summary().split("] ", 1)[-1])


def _status_fields(value: Any) -> str:
    if not isinstance(value, dict):
        return _value(value)
    parts = [f"state {_value(value.get('state'))}"]
    if value.get("deprecated_on"):
        parts.append(f"deprecated on {_value(value['deprecated_on'])}")
    if value.get("retirement_date"):
        not_before = "not sooner than " if value.get("retirement_not_before") else ""
        parts.append(f"retirement {not_before}{_value(value['retirement_date'])}")
    return ", ".join(parts)


def _entry_fields(value: Any) -> str:
    if not isinstance(value, dict):
        return _value(value)
    return (
        f"retirement {_value(value.get('retirement_date'))}, "
        f"replacement {_value(value.get('replacement'))}"
    )


def _history_block(event: Event) -> list[str]:
    if event.type == "deprecation_announced":
        section = event.after
        out = [f"**Announced: {_md(event.subject)}** ({_link(event)})", ""]
        if isinstance(section, dict) and section.get("retired_on"):
            out += [f"Retired on {_value(section['retired_on'])}.", ""]
        entries = section.get("entries", {}) if isinstance(section, dict) else {}
        if entries:
            out += ["| Model | Retirement date | Replacement |", "| --- | --- | --- |"]
            for model_id, entry in sorted(entries.items()):
                cells = [model_id, entry.get("retirement_date"), entry.get("replacement")]
                out.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
            out.append("")
        return out
    if event.type == "deprecation_removed":
        return [f"- Section removed: {_md(event.subject)} ({_link(event)})", ""]
    return [
        f"- Retirement noted in {_md(event.subject)}: retired on {_value(event.before)} → "
        f"{_value(event.after)} ({_link(event)})",
        "",
    ]


def _parameter_line(event: Event) -> str:
    name = f"`{event.subject}`"
    before, after = event.before, event.after
    if before is None and isinstance(after, dict):
        return f"{name} added: {_fields(after)}"
    if after is None and isinstance(before, dict):
        return f"{name} removed (was: {_fields(before)})"
    if isinstance(before, dict) and isinstance(after, dict):
        changed = [
            f"{key}: {_value(before.get(key))} → {_value(after.get(key))}"
            for key in sorted(before.keys() | after.keys())
            if before.get(key) != after.get(key)
        ]
        return f"{name}: {'; '.join(changed)}"
    return f"{name}: {_value(before)} → {_value(after)}"


def _fields(value: dict[str, Any]) -> str:
    return "; ".join(f"{key}: {_value(item)}" for key, item in sorted(value.items()))


def _text_block(event: Event) -> list[str]:
    out = [f"Section `{event.subject}` ({_link(event)}):", ""]
    diff = event.text_diff or f"-{event.before or ''}\n+{event.after or ''}"
    fence = "```"
    while fence in diff:
        fence += "`"
    return [*out, f"{fence}diff", diff, fence, ""]


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return _md(_fields(value))
    return _md(str(value))


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})


def _md(text: str) -> str:
    """Page text made safe for a Markdown line: special characters escaped, one line."""
    return " ".join(text.split()).translate(_MD_SPECIAL)


def _cell(value: Any) -> str:
    return _value(value) if value is not None else "—"


# -- summary paragraph --------------------------------------------------------------------------


def summary_paragraph(
    day: date,
    events: Sequence[Event],
    *,
    held: Mapping[str, Sequence[str]] = {},
    failed: Mapping[str, str] = {},
) -> str:
    """One paragraph in words: the most important changes first, English before translations."""
    by_lang = _by_language(events)
    on = f"On {day.isoformat()}"
    if not by_lang:
        sentence = f"{on} no page changed"
    else:
        lead = "en" if "en" in by_lang else next(iter(by_lang))
        rest = [lang for lang in by_lang if lang != lead]
        words = _join(_phrases(by_lang[lead]))
        if lead == "en":
            sentence = f"{on} the English page {words}"
        else:
            sentence = f"{on} the English page did not change; the {lead} page {words}"
        if rest:
            other = "translation" if lead == "en" else "other translation"
            plural = "s" if len(rest) != 1 else ""
            sentence += f"; {len(rest)} {other}{plural} changed too ({', '.join(rest)})"
    for languages, one, many in ((held, "was held back", "were held back"),
                                 (failed, "failed", "failed")):  # fmt: skip
        if languages:
            names = _join(_ordered_languages(languages))
            sentence += f"; the {names} " + (
                f"reading {one}" if len(languages) == 1 else f"readings {many}"
            )
    return sentence + "."


def _phrases(events: list[Event]) -> list[str]:
    """What one language's page did, as verb phrases, most important first."""
    retirement: dict[str, Any] = {}
    replacement: dict[str, Any] = {}
    for event in events:
        if event.type == "deprecation_announced" and isinstance(event.after, dict):
            for model_id, entry in event.after.get("entries", {}).items():
                retirement.setdefault(model_id, entry.get("retirement_date"))
                replacement.setdefault(model_id, entry.get("replacement"))
        elif event.type == "deprecation_entry_added" and isinstance(event.after, dict):
            retirement.setdefault(event.subject, event.after.get("retirement_date"))
            replacement.setdefault(event.subject, event.after.get("replacement"))
        elif event.type == "retirement_date_changed" and event.model_id and event.after:
            retirement[event.model_id] = event.after  # the status table's date wins
        elif event.type == "replacement_changed" and event.model_id:
            replacement.setdefault(event.model_id, event.after)

    def details(model_id: str) -> str:
        parts = []
        if retirement.get(model_id):
            parts.append(f"retiring {retirement[model_id]}")
        if replacement.get(model_id):
            parts.append(f"replacement {replacement[model_id]}")
        return f" ({', '.join(parts)})" if parts else ""

    def of(kind: str) -> list[Event]:
        return [e for e in events if e.type == kind]

    phrases: list[str] = []
    covered: set[str] = set()  # models whose dates and replacement a phrase already told
    for event in of("state_changed"):
        if event.after == "deprecated" and event.model_id:
            phrases.append(f"marked {event.model_id} deprecated{details(event.model_id)}")
            covered.add(event.model_id)
    for event in of("deprecation_announced"):
        entries = event.after.get("entries", {}) if isinstance(event.after, dict) else {}
        fresh = sorted(set(entries) - covered)
        if fresh:
            one = details(fresh[0]) if len(fresh) == 1 else ""
            phrases.append(f"announced the deprecation of {_names(fresh)}{one}")
            covered.update(fresh)
        elif not entries:
            phrases.append(f"added the history section '{event.subject}'")
    states: dict[str, list[str]] = {}
    for event in of("state_changed"):
        if event.after != "deprecated" and event.model_id:
            states.setdefault(str(event.after), []).append(event.model_id)
    for state in ("retired", "legacy", "active", "None"):
        if state in states:
            phrases.append(f"marked {_names(states.pop(state), 3)} {_state_word(state)}")
    phrases += [f"marked {_names(ids, 3)} {state}" for state, ids in sorted(states.items())]
    moved: set[str] = set()
    for event in of("retirement_date_changed"):
        model_id = event.model_id or event.subject
        if model_id in covered or model_id in moved:
            continue
        moved.add(model_id)
        if event.before is None:
            phrases.append(f"set the retirement date of {model_id} to {event.after}")
        elif event.after is None:
            phrases.append(f"removed the retirement date of {model_id} (was {event.before})")
        else:
            phrases.append(
                f"moved the retirement of {model_id} from {event.before} to {event.after}"
                + shift_text(event.shift_days)
            )
    for event in of("retirement_date_firmed"):
        if event.subject not in covered:
            phrases.append(f"fixed the retirement of {event.subject} at {event.after}")
    for event in of("retirement_date_unfirmed"):
        if event.subject not in covered:
            phrases.append(f"made the retirement of {event.subject} on {event.after} tentative")
    if added := [e.subject for e in of("model_added")]:
        phrases.append(f"added {_names(added, 3)} to the status table")
    if removed := [e.subject for e in of("model_removed")]:
        phrases.append(f"removed {_names(removed, 3)} from the status table")
    if entered := [e.subject for e in of("deprecation_entry_added") if e.subject not in covered]:
        phrases.append(f"added {_names(entered, 3)} to the deprecation history")
    if left := [e.subject for e in of("deprecation_entry_removed")]:
        phrases.append(f"removed {_names(left, 3)} from the deprecation history")
    for event in of("deprecation_removed"):
        phrases.append(f"removed the history section '{event.subject}'")
    for event in of("replacement_changed"):
        if event.subject not in covered:
            phrases.append(
                f"changed the replacement of {event.subject} from {event.before} to {event.after}"
            )
    for event in of("deprecated_on_changed"):
        if event.subject not in covered:
            phrases.append(
                f"changed the deprecation date of {event.subject} from {event.before} to "
                f"{event.after}"
            )
    for event in of("retirement_noted"):
        phrases.append(f"noted a retirement on {event.after} in '{event.subject}'")
    if parameters := sorted({e.subject for e in of("parameter_deprecation_changed")}):
        phrases.append(f"changed the API parameter deprecations ({', '.join(parameters)})")
    if sections := sorted({e.subject for e in of("page_text_changed")}):
        if len(sections) == 1:
            phrases.append(f"changed the text of section '{sections[0]}'")
        else:
            phrases.append(f"changed the text of {len(sections)} sections")
    if len(phrases) > _SUMMARY_PHRASES:
        more = len(phrases) - (_SUMMARY_PHRASES - 1)
        phrases = [*phrases[: _SUMMARY_PHRASES - 1], f"made {more} more changes"]
    return phrases


def _state_word(state: str) -> str:
    return "without a state" if state == "None" else state


def _names(ids: Sequence[str], limit: int = 0) -> str:
    ids = sorted(ids)
    if limit and len(ids) > limit:
        return f"{len(ids)} models"
    return _join(ids)


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# -- commit message -----------------------------------------------------------------------------

# Which event makes the subject line: a new deprecation beats a date move beats wording.
_HEADLINE_ORDER: tuple[str, ...] = (
    "deprecation_announced",
    "state_changed",
    "retirement_date_changed",
    "retirement_date_firmed",
    "retirement_date_unfirmed",
    "model_added",
    "model_removed",
    "replacement_changed",
    "deprecation_entry_added",
    "deprecation_entry_removed",
    "deprecation_removed",
    "deprecated_on_changed",
    "retirement_noted",
    "parameter_deprecation_changed",
    "page_text_changed",
    "finding_appeared",
    "finding_resolved",
)


def commit_message(
    events: Sequence[Event],
    *,
    held: Mapping[str, Sequence[str]] = {},
    failed: Mapping[str, str] = {},
    limit: int = 30,
) -> str:
    """A subject line of at most 72 characters, a blank line, then one line per event."""
    ordered = [e for events_of in _by_language(events).values() for e in events_of]
    subject = _subject(ordered, held, failed)
    body = [event.summary() for event in ordered[:limit]]
    if len(ordered) > limit:
        body.append(f"… and {len(ordered) - limit} more")
    if held:
        body += ["", "Held back (not published):"]
        body += [f"- {lang}: {'; '.join(held[lang]) or 'no reason given'}"
                 for lang in _ordered_languages(held)]  # fmt: skip
    if failed:
        body += ["", "Failed:"]
        body += [f"- {lang}: {failed[lang]}" for lang in _ordered_languages(failed)]
    while body and body[0] == "":
        body.pop(0)
    return subject + ("\n\n" + "\n".join(body) if body else "") + "\n"


def _subject(
    events: list[Event], held: Mapping[str, Sequence[str]], failed: Mapping[str, str]
) -> str:
    notes = []
    if held:
        notes.append(f"held: {', '.join(_ordered_languages(held))}")
    if failed:
        notes.append(f"failed: {', '.join(_ordered_languages(failed))}")
    if not events:
        subject = "No change events" + (f" ({'; '.join(notes)})" if notes else "")
        return _fit(subject)
    # English first, then the most telling event of that language.
    lead_lang = next(iter(_by_language(events)))
    lead = min((e for e in events if e.language == lead_lang), key=_headline_rank)
    head = f"{lead.language}: {_headline(lead)}"
    rest = [e for e in events if e is not lead]
    tail = ""
    if rest:
        languages = sorted({e.language for e in rest})
        changes = f"{len(rest)} more change{'s' if len(rest) != 1 else ''}"
        if languages == [lead.language]:
            where = ""
        elif len(languages) == 1:
            where = f" in {languages[0]}"
        else:
            where = f" in {len(languages)} languages"
        tail = f"; {changes}{where}"
    suffix = f" ({'; '.join(notes)})" if notes else ""
    for candidate in (head + tail + suffix, head + tail):
        if len(candidate) <= SUBJECT_LIMIT:
            return candidate
    return _fit(head, reserve=tail)


def _fit(text: str, reserve: str = "") -> str:
    """`text` + `reserve` within the subject limit, cutting `text` with an ellipsis."""
    room = SUBJECT_LIMIT - len(reserve)
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return text + reserve


def _headline_rank(event: Event) -> tuple[int, str, str]:
    deprecated = event.type == "state_changed" and event.after == "deprecated"
    return (-1 if deprecated else _HEADLINE_ORDER.index(event.type), event.model_id or "", event.id)


def _headline(event: Event) -> str:
    subject, after = event.subject, event.after
    if event.type == "deprecation_announced":
        entries = sorted(after.get("entries", {})) if isinstance(after, dict) else []
        announced = subject.split(":", 1)[0]
        if len(entries) == 1:
            return f"{entries[0]} deprecation announced"
        return f"deprecation announced {announced}"
    return {
        "state_changed": f"{subject} {after}",
        "retirement_date_changed": f"{subject} retirement → {after}",
        "retirement_date_firmed": f"{subject} retirement fixed at {after}",
        "retirement_date_unfirmed": f"{subject} retirement not sooner than {after}",
        "model_added": f"{subject} added",
        "model_removed": f"{subject} removed",
        "replacement_changed": f"{subject} replacement → {after}",
        "deprecation_entry_added": f"{subject} added to the history",
        "deprecation_entry_removed": f"{subject} removed from the history",
        "deprecation_removed": f"history section {subject} removed",
        "deprecated_on_changed": f"{subject} deprecated on → {after}",
        "retirement_noted": f"retirement noted on {after}",
        "parameter_deprecation_changed": f"API parameter {subject} changed",
        "page_text_changed": f"text of '{subject}' changed",
        "finding_appeared": subject,
        "finding_resolved": f"resolved: {subject}",
    }[event.type]
