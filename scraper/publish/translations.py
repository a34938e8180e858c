"""Where each translation stands, for people: `diffs/translations.md` (a matrix of languages
and aspects, then each language's details) and the text of the `check` command.

The verdicts and findings come from `track/translations.py`; here they become words.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from scraper.human_dates import human_date
from scraper.read.languages import LANGUAGE_NAMES
from scraper.track.consistency import ASPECTS, Finding, finding_clause
from scraper.track.translations import (
    JUDGED,
    LanguageVerdict,
    TranslationsDocument,
    matrix_anchor,
)
from scraper.words import counted

# The matrix's column titles (translations.md, the site).
ASPECT_TITLES: dict[str, str] = {
    "models": "Models listed",
    "state": "State",
    "deprecated_on": "Deprecated on",
    "retirement_date": "Retirement date",
    "replacement": "Replacement",
    "history": "History sections",
    "retired_notes": "“Was retired” notes",
    "parameters": "API parameters",
    "note_models": "Models in notes",
}
_KIND_TITLES: dict[str, str] = {
    "conflict": "Contradicts English",
    "lagging": "Behind English",
    "within_page": "The page contradicts itself",
    "untranslated": "Left in English (information)",
    "unreadable": "Not read by the tool (our problem, not the page's)",
}


# -- Markdown -------------------------------------------------------------------------------------


def render_translations_md(document: TranslationsDocument) -> str:
    """diffs/translations.md: the matrix (languages x aspects), then each language's details:
    conflicts first, then what it lags in, grouped by the English revision it matches, oldest
    first."""
    english = document.english_snapshot_date
    out = ["# Where each translation stands", ""]
    if english is None:
        out += ["No English snapshot yet: nothing to compare with.", ""]
        return "\n".join(out)
    out += [
        f"Each translation compared with the English page of {human_date(english)} and with "
        "its earlier revisions. *Lagging*: the translation still says what English said "
        "before (for how many days at least); *conflict*: it says what English never said; "
        "*stale*: the translation was not read since English changed, so it is compared with "
        "the English page of the day it was last read.",
        "",
    ]
    if not document.languages:
        out += ["No translation has a snapshot yet.", ""]
    else:
        header = ["Language", "Verdict", *(ASPECT_TITLES[a] for a in document.aspects)]
        out += [_row(header), _row(["---"] * len(header))]
        for lang, verdict in document.languages.items():
            name = f"[{_label(lang)}](#{matrix_anchor(lang)})"
            overall = _status(verdict.verdict, verdict.lag_days, verdict.stale_since)
            cells = [_status(c.status, c.lag_days) for c in verdict.cells.values()]
            out.append(_row([name, f"**{overall}**", *cells]))
        out.append("")
    within = [f for f in document.findings if f.kind == "within_page" and f.language == "en"]
    if within:
        # Its within-page findings' events link here, like a translation's.
        out += [f'<a id="{matrix_anchor("en")}"></a>', "", "## English page", ""]
        out += _kind_lines(within, "within_page")
    for lang, verdict in document.languages.items():
        own = [f for f in document.findings if f.language == lang]
        out += [f'<a id="{matrix_anchor(lang)}"></a>', "", f"## {_label(lang)}", ""]
        out += [_verdict_words(verdict, own), ""]
        out += _language_lines(own)
    return "\n".join(out).rstrip("\n") + "\n"


def _verdict_words(verdict: LanguageVerdict, findings: Sequence[Finding]) -> str:
    """`**Lagging**, up to 228 days behind: 37 differences, each one English said before. …`"""
    page = f"Page of {human_date(verdict.snapshot_date)}." if verdict.snapshot_date else ""
    conflicts = sum(f.kind == "conflict" for f in findings)
    lagging = sum(f.kind == "lagging" for f in findings)
    if verdict.verdict == "stale":
        return f"{_stale_words(verdict, conflicts, lagging)} {page}".strip()
    if verdict.verdict == "current":
        head = "**Current**: it says what English says."
    elif verdict.verdict == "lagging":
        head = (
            f"**Lagging**, up to {counted(verdict.lag_days or 0, 'day')} behind: "
            f"{counted(lagging, 'difference')}, each one English said before."
        )
    else:
        head = f"**Conflict**: {counted(conflicts, 'difference')} English never said"
        head += f", and {lagging} it said before." if lagging else "."
    return f"{head} {page}".strip()


def _stale_words(verdict: LanguageVerdict, conflicts: int, lagging: int) -> str:
    """`**Stale**: not read since 21 December 2025 (failed: …); against the English page of
    that day it was current.`"""
    since = human_date(verdict.stale_since) if verdict.stale_since else "an earlier day"
    head = f"**Stale**: not read since {since}"
    head += f" ({verdict.stale_reason})" if verdict.stale_reason else ""
    english = verdict.english_compared
    against = f"the English page of {human_date(english)}" if english else "the English page"
    if conflicts:
        said = f"{counted(conflicts, 'difference')} English never said"
    elif lagging:
        said = f"{counted(lagging, 'difference')} English said before"
    else:
        said = "it said what English said"
    return f"{head}; against {against}, current then, {said}."


def _language_lines(findings: Sequence[Finding]) -> list[str]:
    """Conflicts, then lagging findings by the English revision they match, then the rest."""
    out = _kind_lines(findings, "conflict")
    lagging = [f for f in findings if f.kind == "lagging"]
    if lagging:
        out += [f"{_KIND_TITLES['lagging']}, oldest first:", ""]
        for (revision, lag), group in _by_revision(lagging):
            when, behind = _revision_words(revision, lag)
            out.append(f"- **Like the English page of {when}**{behind}:")
            out += [f"  - {_md(_clause(f))}" for f in group]
        out.append("")
    for kind in ("within_page", "untranslated", "unreadable"):
        out += _kind_lines(findings, kind)
    return out


def _kind_lines(findings: Sequence[Finding], kind: str) -> list[str]:
    chosen = sorted((f for f in findings if f.kind == kind), key=_finding_order)
    if not chosen:
        return []
    mark = "**Conflict:** " if kind == "conflict" else ""
    return [f"{_KIND_TITLES[kind]}:", "", *(f"- {mark}{_md(_clause(f))}" for f in chosen), ""]


def _by_revision(
    lagging: Sequence[Finding],
) -> list[tuple[tuple[datetime.date | None, int | None], list[Finding]]]:
    """Lagging findings grouped by the English revision they match, oldest revision first."""
    groups: dict[tuple[datetime.date | None, int | None], list[Finding]] = {}
    for finding in sorted(lagging, key=lambda f: (f.english_date or datetime.date.min,
                                                  _finding_order(f))):  # fmt: skip
        groups.setdefault((finding.english_date, finding.lag_days), []).append(finding)
    return list(groups.items())


def _revision_words(revision: datetime.date | None, lag: int | None) -> tuple[str, str]:
    """`21 April 2026` and ` (107 days behind)`."""
    when = human_date(revision) if revision else "an earlier day"
    return when, f" ({counted(lag, 'day')} behind)" if lag is not None else ""


def _clause(finding: Finding) -> str:
    """The finding without its page (the heading names it) nor, for lagging, the revision."""
    subject, clause = finding_clause(finding.message, finding.language, lag=False)
    return (clause[:1].upper() + clause[1:] if subject else clause) + "."


def _finding_order(finding: Finding) -> tuple[int, str, str]:
    return (ASPECTS.index(finding.aspect), finding.model_id or "", finding.message)


def _status(status: str, lag_days: int | None, since: datetime.date | None = None) -> str:
    if status == "lagging" and lag_days is not None:
        return f"lagging ({counted(lag_days, 'day')})"
    if status == "stale" and since is not None:
        return f"stale (since {since.isoformat()})"
    return status


def _label(lang: str) -> str:
    return f"{LANGUAGE_NAMES.get(lang, lang)} ({lang})"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md(text: str) -> str:
    """Model ids and words with underscores as they are, not Markdown emphasis."""
    return text.replace("_", "\\_").replace("*", "\\*")


# -- the `check` command ------------------------------------------------------------------------


def _check_block(
    document: TranslationsDocument, lang: str, verdict: LanguageVerdict, limit: int
) -> tuple[str, ...]:
    """One language's verdict line (without its code) and the findings under it."""
    snapshot = human_date(verdict.snapshot_date) if verdict.snapshot_date else "unknown"
    status = _status(verdict.verdict, verdict.lag_days, verdict.stale_since)
    out = [f"{status:20} page of {snapshot}"]
    if verdict.verdict == "stale":
        english = verdict.english_compared
        out.append(
            f"         not read since ({verdict.stale_reason or 'no reading'}); "
            f"judged against the English page of {human_date(english) if english else '?'}"
        )
    judged = [f for f in document.findings if f.language == lang and f.kind in JUDGED]
    conflicts = sorted((f for f in judged if f.kind == "conflict"), key=_finding_order)
    lagging = [f for f in judged if f.kind == "lagging"]
    shown = 0
    for finding in conflicts[:limit]:
        out.append(f"         conflict: {_clause(finding)}")
        shown += 1
    for (revision, lag), group in _by_revision(lagging):
        if shown >= limit:
            break
        out.append(f"         like the English page of {''.join(_revision_words(revision, lag))}:")
        for finding in group[: limit - shown]:
            out.append(f"           {_clause(finding)}")
            shown += 1
    if len(judged) > shown:
        out.append(f"         … and {len(judged) - shown} more (--json, or diffs/translations.md)")
    return tuple(out)


def render_check(document: TranslationsDocument, limit: int = 10) -> str:
    """The verdicts and the findings that matter (`limit` per language), as plain text: as in
    translations.md, conflicts first, then lagging findings by the English revision they match."""
    english = document.english_snapshot_date
    if english is None:
        return "No English snapshot yet: nothing to compare translations with.\n"
    out = [f"Translations against the English page of {human_date(english)}:"]
    # Languages that say exactly the same (most translations lag alike): one block, named once.
    blocks: dict[tuple[str, ...], list[str]] = {}
    for lang, verdict in document.languages.items():
        blocks.setdefault(_check_block(document, lang, verdict, limit), []).append(lang)
    for (head, *body), languages in blocks.items():
        if len(languages) == 1:
            out.append(f"  {languages[0]:6} {head}")
        else:
            out.append(f"  {len(languages)} languages, the same: {', '.join(languages)}")
            out.append(f"         {head}")
        out += body
    within = [f for f in document.findings if f.kind == "within_page"]
    if within:
        out.append("Pages that contradict themselves:")
        out += [f"  {f.language:6} {f.message}" for f in within]
    counts = {
        kind: sum(1 for f in document.findings if f.kind == kind)
        for kind in ("untranslated", "unreadable")
    }
    if any(counts.values()):
        out.append(
            f"Also {counts['untranslated']} untranslated and {counts['unreadable']} unreadable "
            "(see diffs/translations.md)."
        )
    return "\n".join(out) + "\n"
