"""The day's report: Markdown for people, JSON for programs, and the commit message.

Pure functions: events (and the run's first, held and failed languages) in, text out. The words
come from `sentences` (one headline per model, dates in words); this module lays them out. The
store writes `diffs/<YYYY-MM-DD>.md` and `.json`; the same input always gives the same bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from scraper.publish.sentences import (
    FINDING_TYPES,
    HISTORY_TYPES,
    Line,
    first_snapshot_words,
    human_date,
    language_label,
    language_lines,
    language_name,
)
from scraper.read.languages import language_rank
from scraper.read.records import PageRecord, dump_json, json_schema
from scraper.track.consistency import finding_clause
from scraper.track.events import EVENT_ORDER, STATUS_ANCHOR, Event, page_url
from scraper.words import agree, counted, join_words

SUBJECT_LIMIT = 72
_SUMMARY_PHRASES = 5  # changes named in the summary paragraph before "and N more changes"


class DayEvents(BaseModel):
    """diffs/<YYYY-MM-DD>.json: every change event of one day."""

    model_config = ConfigDict(extra="forbid")

    date: datetime.date = Field(description="The day of the run.")
    events: list[Event] = Field(description="Sorted by language (English first), type, model, id.")


# -- ordering -----------------------------------------------------------------------------------


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


# -- what counts as a change --------------------------------------------------------------------
#
# One definition for every count the tool gives: the day report's headline per language and its
# summary, the commit subject and body, the GitHub step summary and `events` output, the run's
# printed lines and the feeds (one item per change). A change is one thing on one page that
# changed that day: one model (all its fields that day, in the status table and in the history
# alike), one model named in a note, one API-parameter row, one announcement or retirement note,
# one reworded section. Findings are not changes: they are counted and said as findings.


def change_key(event: Event) -> tuple[str, str, str, str] | None:
    """The thing on a page an event is about, `(day, language, kind, name)`; None for a finding.

    The same grouping as the sentences (`language_lines`): a model's events make one sentence,
    so they are one change; each announcement, retirement note or reworded section is its own.
    """
    if event.type in FINDING_TYPES:
        return None
    day = event.date.isoformat()  # a change is of one day: the same model tomorrow is another
    if event.model_id is not None and event.source == "note":
        return (day, event.language, "note", event.model_id)
    if event.model_id is not None and event.type not in HISTORY_TYPES:
        return (day, event.language, "model", event.model_id)
    if event.type == "parameter_deprecation_changed":
        return (day, event.language, "parameter", event.subject)
    return (day, event.language, event.type, event.id)


def count_changes(events: Iterable[Event]) -> int:
    """How many changes `events` are (see above): the one count every output gives."""
    return len({key for event in events if (key := change_key(event)) is not None})


def count_findings(events: Iterable[Event]) -> int:
    """How many findings came or went (each page's own; the report groups identical ones)."""
    return sum(event.type in FINDING_TYPES for event in events)


@dataclass(frozen=True)
class Told:
    """A sentence and how many changes it says (a sentence may name several models)."""

    line: Line
    changes: int


def told_lines(events: Iterable[Event], *, merge_wording: bool = False) -> list[Told]:
    """One language's change sentences with their change counts; they add up to
    `count_changes` of the same events. `merge_wording`: reworded sections in one sentence."""
    lines = language_lines(e for e in events if e.type not in FINDING_TYPES)
    told = [Told(line, len(line.models) or 1) for line in lines]
    wording = [t for t in told if t.line.kind == "page_text_changed"]
    if not merge_wording or len(wording) < 2:
        return told
    places = join_words([t.line.links[0].text if t.line.links else t.line.short for t in wording])
    merged = Line("page_text_changed", (), f"Wording changed in {len(wording)} places: {places}",
                  f"wording of {len(wording)} sections")  # fmt: skip
    rest = [t for t in told if t.line.kind != "page_text_changed"]
    return [*rest, Told(merged, sum(t.changes for t in wording))]


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

MATRIX_LINK = "translations.md"  # beside the day reports in diffs/


@dataclass(frozen=True)
class FirstSnapshot:
    """A language read for the first time: nothing to compare yet, so it is said once."""

    models: int
    announcements: int

    @classmethod
    def of(cls, record: PageRecord) -> FirstSnapshot:
        return cls(models=len(record.models), announcements=len(record.deprecations))

    def words(self) -> str:
        return first_snapshot_words(self.models, self.announcements)


def render_day_report(
    day: date,
    events: Sequence[Event],
    *,
    held: Mapping[str, Sequence[str]] = {},
    failed: Mapping[str, str] = {},
    firsts: Mapping[str, FirstSnapshot] = {},
) -> str:
    """`diffs/<YYYY-MM-DD>.md`: a summary, then each language's changes, English first."""
    out: list[str] = [f"# Model deprecations: changes on {human_date(day)}", ""]
    out += [_md(summary_paragraph(day, events, held=held, failed=failed, firsts=firsts)), ""]
    if firsts:
        out += [f"- **{language_label(lang)}**: {firsts[lang].words()}."
                for lang in _ordered_languages(firsts)]  # fmt: skip
        out.append("")
    for lang, lang_events in _by_language(events).items():
        out += _language_section(lang, lang_events)
    out += _findings_section(events)
    if held:
        out += ["## Held back", ""]
        out += ["Not published; the last good snapshot of each stays.", ""]
        for lang in _ordered_languages(held):
            reasons = [_md(reason) for reason in held[lang]] or ["no reason given"]
            if len(reasons) == 1 and reasons[0].startswith(NOT_UPDATED):
                out.append(f"- **{language_label(lang)}** {reasons[0]}")  # a sentence with it
            elif len(reasons) == 1:
                out.append(f"- **{language_label(lang)}**: {reasons[0]}")
            else:
                out.append(f"- **{language_label(lang)}**:")
                out += [f"  - {reason}" for reason in reasons]
        out.append("")
    if failed:
        out += ["## Failed", ""]
        out += [f"- **{language_label(lang)}**: {_md(failed[lang])}" for lang in
                _ordered_languages(failed)]  # fmt: skip
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


NOT_UPDATED = "not updated since"


def not_updated(since: date, reason: str) -> str:
    """What is said of a held page: `not updated since 22 September 2026: <reason>`."""
    return f"{NOT_UPDATED} {human_date(since)}: {reason}"


def held_sentence(lang: str, since: date, reason: str) -> str:
    """`English not updated since 22 September 2026: <reason>` (summary, site, issues, CLI)."""
    return f"{language_name(lang)} {not_updated(since, reason)}"


# A language's lines go under these headings, in this order.
_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Models", ()),  # lines about models (the rest)
    ("Deprecation history", HISTORY_TYPES),
    ("API parameter deprecations", ("parameter_deprecation_changed",)),
    ("Findings", FINDING_TYPES),
    ("Wording", ("page_text_changed",)),
)


def _language_section(lang: str, events: list[Event]) -> list[str]:
    """The changes of one page; its findings are said with every other page's (`Findings`)."""
    changes = [e for e in events if e.type not in FINDING_TYPES]
    if not changes:
        return []
    page = f"[the {language_name(lang)} page]({page_url(lang)})"
    said = f"{counted(count_changes(changes), 'change')} on {page}."
    out = [f"## {language_label(lang)}", "", said, ""]
    counts = finding_counts(events)
    if counts:
        out += [f"Its findings: {counts} (see [Findings](#{FINDINGS_ANCHOR})).", ""]
    lines = language_lines(changes)
    for heading, kinds in _SECTIONS:
        if kinds:
            chosen = [line for line in lines if line.kind in kinds]
        else:
            chosen = [line for line in lines if line.models]
        if chosen:
            out += [f"### {heading}", ""]
            for line in chosen:
                out += _markdown_line(line)
            out.append("")
    return out


def _markdown_line(line: Line) -> list[str]:
    if len(line.models) == 1:
        space = " " if line.text.startswith(" ") else ""
        head = f"**{_md(line.models[0])}**{space}{_md(line.text)}"
    else:
        head = _md(line.text)
    if line.kind == "page_text_changed" and line.links:
        # The section's name is the link itself.
        link = line.links[0]
        words = _md(line.text.removesuffix(link.text))
        head = f"{words} [{_md(link.text)}]({link.url})"
        links = ""
    else:
        links = " (" + ", ".join(f"[{_md(k.text)}]({k.url})" for k in line.links) + ")"
        links = links if line.links else ""
    end = "" if head.endswith((".", ":")) else "."
    out = [f"- {head}{end}{links}"]
    out += [f"  - {_md(sentence)}" for sentence in line.detail]
    if line.diff is not None:
        fence = "```"
        while fence in line.diff:
            fence += "`"
        out += ["", f"  {fence}diff", *(f"  {row}" for row in line.diff.splitlines()),
                f"  {fence}", ""]  # fmt: skip
    return out


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})


def _md(text: str) -> str:
    """Page text made safe for a Markdown line: special characters escaped, one line."""
    return " ".join(text.split()).translate(_MD_SPECIAL)


# -- findings -----------------------------------------------------------------------------------

FINDINGS_ANCHOR = "findings"  # of the "## Findings" heading


@dataclass(frozen=True)
class FindingBlock:
    """Findings that came (or went) on the same set of pages that day: one heading, one line
    per disagreement, however many pages share it."""

    type: str
    languages: tuple[str, ...]
    lines: tuple[str, ...]
    link: str


def finding_blocks(events: Iterable[Event]) -> list[FindingBlock]:
    """The day's findings grouped: identical ones (the same words of different pages) once, with
    the pages that have them; new before resolved, the most widely shared first."""
    said = shared_findings(events)
    blocks: dict[tuple[str, tuple[str, ...]], list[tuple[str, Event]]] = {}
    for (kind, words), same in said.items():
        languages = tuple(_ordered_languages(e.language for e in same))
        blocks.setdefault((kind, languages), []).append((words, same[0]))
    ordered = sorted(
        blocks.items(),
        key=lambda item: (
            FINDING_TYPES.index(item[0][0]),
            -len(item[0][1]),
            [language_rank(lang) for lang in item[0][1]],
        ),
    )
    return [
        FindingBlock(
            kind,
            languages,
            tuple(words for words, _ in lines),
            lines[0][1].link if len(languages) == 1 else lines[0][1].link.partition("#")[0],
        )
        for (kind, languages), lines in ordered
    ]


def shared_findings(events: Iterable[Event]) -> dict[tuple[str, str], list[Event]]:
    """Each finding once, however many pages have it: (type, words) → its events, one per page,
    in the report's order."""
    said: dict[tuple[str, str], list[Event]] = {}
    for event in sorted(events, key=event_sort_key):
        if event.type in FINDING_TYPES:
            said.setdefault((event.type, finding_words(event)), []).append(event)
    return said


def finding_words(event: Event) -> str:
    """The finding without the page it is on, so that pages saying the same share it. A new one
    says since when English differs; a resolved one only what it was."""
    subject, clause = finding_clause(
        event.subject, event.language, lag=event.type == "finding_appeared"
    )
    if subject:
        clause = clause[:1].upper() + clause[1:]
    return clause if clause.endswith(".") else clause + "."


def _block_heading(block: FindingBlock) -> str:
    verb = "New" if block.type == "finding_appeared" else "Resolved"
    names = [language_name(lang) for lang in block.languages]
    gone = "" if verb == "New" else ", no longer so"
    if len(names) == 1:  # its own place in the matrix; a shared block has the line above
        return f"**{verb} on the {names[0]} page**{gone} ([translation matrix]({block.link})):"
    noun = "translations" if "en" not in block.languages else "pages"
    return f"**{verb} in {len(names)} {noun}** ({join_words(names)}){gone}:"


def _findings_section(events: Sequence[Event]) -> list[str]:
    blocks = finding_blocks(events)
    if not blocks:
        return []
    out = ["## Findings", ""]
    out += [f"Where each translation stands today: [translation matrix]({MATRIX_LINK}).", ""]
    for block in blocks:
        out += [_block_heading(block), ""]
        out += [f"- {_md(line)}" for line in block.lines]
        out.append("")
    return out


def finding_counts(events: Iterable[Event], *, nouns: bool = False) -> str:
    """`88 new (8 distinct, in 11 translations) and 2 resolved`; with `nouns`, `88 new findings
    (…) and 2 findings resolved`; empty when no finding came or went."""
    events = list(events)
    parts = []
    for kind in FINDING_TYPES:
        chosen = [e for e in events if e.type == kind]
        if not chosen:
            continue
        noun = f" {agree(len(chosen), 'finding')}" if nouns else ""
        new = kind == "finding_appeared"
        part = f"{len(chosen)} new{noun}" if new else f"{len(chosen)}{noun} resolved"
        distinct = len({finding_words(e) for e in chosen})
        languages = {e.language for e in chosen}
        if distinct < len(chosen):
            noun = "translations" if "en" not in languages else "languages"
            part += f" ({distinct} distinct, in {len(languages)} {noun})"
        parts.append(part)
    return join_words(parts)


# -- summary paragraph --------------------------------------------------------------------------


def summary_paragraph(
    day: date,
    events: Sequence[Event],
    *,
    held: Mapping[str, Sequence[str]] = {},
    failed: Mapping[str, str] = {},
    firsts: Mapping[str, FirstSnapshot] = {},
) -> str:
    """One paragraph in words: the most important changes first, English before translations."""
    by_lang = _by_language(e for e in events if e.type not in FINDING_TYPES)
    on = f"On {human_date(day)}"
    parts: list[str] = []
    if by_lang:
        lead = "en" if "en" in by_lang else next(iter(by_lang))
        rest = [lang for lang in by_lang if lang != lead]
        phrases: dict[str, int] = {}  # two sentences with the same words: said once
        for told in told_lines(by_lang[lead], merge_wording=True):
            phrases[told.line.short] = phrases.get(told.line.short, 0) + told.changes
        named = list(phrases)[:_SUMMARY_PHRASES]
        more = count_changes(by_lang[lead]) - sum(phrases[short] for short in named)
        shorts = [*named, f"{more} more {agree(more, 'change')}"] if more else named
        named_words = join_words(shorts)
        if lead == "en":
            parts.append(f"{on} the English page changed: {named_words}")
        else:
            name = language_name(lead)
            parts.append(
                f"{on} the English page did not change; the {name} page did: {named_words}"
            )
        if rest:
            other = "translation" if lead == "en" else "other translation"
            names = join_words([language_name(lang) for lang in rest])
            parts.append(f"{counted(len(rest), other)} changed too ({names})")
    if firsts:
        names = join_words([language_name(lang) for lang in _ordered_languages(firsts)])
        if len(firsts) > 3:
            names = f"{len(firsts)} languages"
        first = f"the first snapshot of {names} was recorded"
        parts.append(first if parts else f"{on} {first}")
    if not parts:
        parts.append(f"{on} no page changed")
    counts = finding_counts(events, nouns=True)
    if counts:
        parts.append(counts)
    for languages, one, many in ((held, "was held back", "were held back"),
                                 (failed, "failed", "failed")):  # fmt: skip
        if languages:
            names = join_words([language_name(lang) for lang in _ordered_languages(languages)])
            parts.append(
                f"the {names} " + (f"reading {one}" if len(languages) == 1 else f"readings {many}")
            )
    return "; ".join(parts) + "."


# -- commit message -----------------------------------------------------------------------------


def commit_message(
    events: Sequence[Event],
    *,
    held: Mapping[str, Sequence[str]] = {},
    failed: Mapping[str, str] = {},
    firsts: Mapping[str, FirstSnapshot] = {},
    limit: int = 30,
) -> str:
    """A subject of at most 72 characters, a blank line, then the changes per language."""
    # Findings as a count: the day's report lists them, grouped across pages.
    changes = [e for e in events if e.type not in FINDING_TYPES]
    lines_of = {
        lang: told_lines(evs, merge_wording=True) for lang, evs in _by_language(changes).items()
    }
    body: list[str] = []
    shown = hidden = 0
    for lang, lines in lines_of.items():
        total = sum(told.changes for told in lines)
        if shown >= limit:
            hidden += total
            continue
        body += ["", f"{language_label(lang)}, {counted(total, 'change')}:"]
        for told in lines:
            if shown < limit:
                body.append(f"- {told.line.plain()}")
                body += [f"  - {sentence}" for sentence in told.line.detail]
                shown += 1
            else:
                hidden += told.changes
    if hidden:
        body.append(f"… and {hidden} more {agree(hidden, 'change')} (see the day's report)")
    findings = finding_counts(events)
    if findings:
        body += ["", f"Findings: {findings}; see the day's report and {MATRIX_LINK}."]
    if firsts:
        body += ["", "First snapshots:"]
        body += [f"- {language_label(lang)}: {firsts[lang].words()}"
                 for lang in _ordered_languages(firsts)]  # fmt: skip
    if held:
        body += ["", "Held back (not published):"]
        body += [f"- {language_label(lang)}: {'; '.join(held[lang]) or 'no reason given'}"
                 for lang in _ordered_languages(held)]  # fmt: skip
    if failed:
        body += ["", "Failed:"]
        body += [f"- {language_label(lang)}: {failed[lang]}" for lang in _ordered_languages(failed)]
    while body and body[0] == "":
        body.pop(0)
    subject = _subject(lines_of, held, failed, firsts, findings)
    return subject + ("\n\n" + "\n".join(body) if body else "") + "\n"


def _subject(
    lines_of: Mapping[str, list[Told]],
    held: Mapping[str, Sequence[str]],
    failed: Mapping[str, str],
    firsts: Mapping[str, FirstSnapshot],
    findings: str = "",
) -> str:
    notes = []
    if held:
        notes.append(f"held back: {', '.join(_ordered_languages(held))}")
    if failed:
        notes.append(f"failed: {', '.join(_ordered_languages(failed))}")
    suffix = f" ({'; '.join(notes)})" if notes else ""
    if not lines_of:
        if firsts:
            return _fit(f"First snapshot: {', '.join(_ordered_languages(firsts))}" + suffix)
        if findings:
            return _fit(f"Findings: {findings}" + suffix)
        return _fit("Nothing changed" + suffix)
    # English first, then the most telling change of that language.
    lead_lang, lead_lines = next(iter(lines_of.items()))
    head = f"{lead_lang}: {lead_lines[0].line.short}"
    rest = sum(told.changes for lines in lines_of.values() for told in lines)
    rest -= lead_lines[0].changes
    tail = ""
    if rest:
        languages = [lang for lang, lines in lines_of.items() if lines and
                     (lang != lead_lang or len(lines) > 1)]  # fmt: skip
        changes = f"{rest} more {agree(rest, 'change')}"
        if languages == [lead_lang]:
            where = ""
        elif len(languages) == 1:
            where = f" in {languages[0]}"
        else:
            where = f" in {len(languages)} languages"
        tail = f"; {changes}{where}"
    short_tail = f"; +{rest} more" if rest else ""
    for candidate in (head + tail + suffix, head + tail, head + short_tail, head):
        if len(candidate) <= SUBJECT_LIMIT:
            return candidate
    return _fit(head, reserve=short_tail)


def _fit(text: str, reserve: str = "") -> str:
    """`text` + `reserve` within the subject limit, cutting `text` with an ellipsis."""
    room = SUBJECT_LIMIT - len(reserve)
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return text + reserve
