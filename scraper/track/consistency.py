"""Findings: where a page disagrees with itself, and where a translation differs from English.

Pure functions, records in, findings out. A translation is compared with the English page as
facts (a model listed, its state, its dates, a history section, ...). A fact that differs from
today's English is `lagging` when English said exactly that in an earlier revision (the
translation has not caught up yet), else `conflict`. English words left in a translated page are
`untranslated` (information only); values the tool could not read are `unreadable` (our problem,
not the page's). `within_page` findings are a page contradicting itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scraper.human_dates import human_date
from scraper.read.languages import ENGLISH_STATE_WORDS, LANGUAGE_NAMES
from scraper.read.records import PageRecord
from scraper.track.events import PARAMETERS_ANCHOR, STATUS_ANCHOR

if TYPE_CHECKING:
    from scraper.track.history_index import HistoryIndex

FindingKind = Literal["lagging", "conflict", "untranslated", "unreadable", "within_page"]
Aspect = Literal[
    "models",
    "state",
    "deprecated_on",
    "retirement_date",
    "replacement",
    "history",
    "retired_notes",
    "parameters",
    "note_models",
]
ASPECTS: tuple[str, ...] = Aspect.__args__  # type: ignore[attr-defined]


class Finding(BaseModel):
    """One disagreement, said once, with a stable id (the same disagreement keeps its id)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(default="", description="Stable while the same disagreement lasts.")
    kind: FindingKind
    language: str
    aspect: Aspect = "models"
    model_id: str | None = None
    anchor: str | None = Field(default=None, description="Section of the page it concerns.")
    english_value: Any = Field(
        default=None,
        description="What English says (within_page: what the page says in one place).",
    )
    translation_value: Any = Field(
        default=None,
        description="What the translation says (within_page: what the page says elsewhere).",
    )
    english_date: date | None = Field(
        default=None,
        description="For lagging: the newest English revision that said what the translation "
        "says (English said it until then).",
    )
    lag_days: int | None = Field(
        default=None,
        description="For lagging: days from that revision to the later of the two compared "
        "snapshots (how long the translation has been behind at least).",
    )
    message: str = Field(description="A sentence for people.")


# -- facts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One comparable statement of a page. `presence` facts are compared by being there."""

    aspect: Aspect
    key: str
    value: Any
    model_id: str | None = None
    anchor: str | None = None
    presence: bool = False
    # A fact inside another (an entry in a history section): compared only where both pages
    # have the outer one, so a missing section is said once, not once per entry.
    parent: tuple[str, str] | None = None


Facts = dict[tuple[str, str], Fact]


def facts(record: PageRecord) -> Facts:
    """What a page states, keyed so that the same statement has the same key in every language.

    Records are immutable, and a replay (or a run) compares the same record of a translation
    day after day: its facts are kept while the very same record object is asked for again.
    The mapping handed out is shared: read it, never change it.
    """
    kept = _FACTS.get(id(record))
    if kept is not None and kept[0] is record:
        return kept[1]
    stated = _facts(record)
    if len(_FACTS) >= _FACTS_KEPT:
        del _FACTS[next(iter(_FACTS))]  # the oldest
    _FACTS[id(record)] = (record, stated)  # the record is kept too, so its id stays its own
    return stated


_FACTS: dict[int, tuple[PageRecord, Facts]] = {}
_FACTS_KEPT = 32  # records: a day's 12 languages, and the English revisions they are compared with


def _facts(record: PageRecord) -> Facts:
    out: list[Fact] = []
    for m in record.models:
        mid = m.model_id
        out.append(Fact("models", mid, True, mid, STATUS_ANCHOR, presence=True))
        out.append(Fact("state", mid, m.state, mid, STATUS_ANCHOR))
        out.append(Fact("deprecated_on", mid, _iso(m.deprecated_on), mid, STATUS_ANCHOR))
        retirement = {"date": _iso(m.retirement_date), "not_before": m.retirement_not_before}
        out.append(Fact("retirement_date", mid, retirement, mid, STATUS_ANCHOR))
    # The replacement a model has now: from the newest announcement that lists it.
    for section in sorted(record.deprecations, key=lambda d: d.announced_on):
        day = section.announced_on.isoformat()
        out.append(Fact("history", day, True, None, section.anchor, presence=True))
        out.append(Fact("retired_notes", day, _iso(section.retired_on), None, section.anchor))
        for entry in section.entries:
            mid = entry.model_id
            out.append(
                Fact(
                    "history",
                    f"{day} {mid}",
                    True,
                    mid,
                    section.anchor,
                    presence=True,
                    parent=("history", day),
                )
            )
            when = _iso(entry.retirement_date)
            out.append(Fact("history", f"{day} {mid} retirement", when, mid, section.anchor))
            out.append(Fact("replacement", mid, entry.replacement, mid, section.anchor))
    for row in record.parameter_deprecations:
        names = ", ".join(row.parameters)
        out.append(Fact("parameters", names, True, None, PARAMETERS_ANCHOR, presence=True))
    for note in record.note_models:
        mid, where = note.model_id, note.section
        out.append(Fact("note_models", mid, True, mid, where, presence=True))
        out.append(Fact("note_models", f"{mid} state", note.state, mid, where))
        stated = {"date": _iso(note.date), "kind": note.date_kind}
        out.append(Fact("note_models", f"{mid} date", stated, mid, where))
        out.append(Fact("note_models", f"{mid} replacement", note.replacement, mid, where))
    return {(f.aspect, f.key): f for f in out}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# -- between a translation and English ----------------------------------------------------------


def compare_translation(
    english: PageRecord,
    translation: PageRecord,
    *,
    translation_date: date | None,
    english_date: date | None,
    english_history: Sequence[tuple[date, PageRecord]] = (),
) -> list[Finding]:
    """How `translation` differs from `english`, each difference judged lagging or conflict.

    `english_history` holds earlier English revisions (any order); a translated value one of them
    stated is `lagging` behind the newest such revision.
    """
    from scraper.track.history_index import HistoryIndex

    said = _said_before(HistoryIndex.of("en", english_history), english_date)
    return _compare(english, facts(english), translation, translation_date, english_date, said)


# The newest English revision before the compared one that stated what the translation states.
SaidBefore = Callable[[tuple[str, str], "Fact | None"], "date | None"]


def _said_before(index: HistoryIndex, english_date: date | None) -> SaidBefore:
    return lambda key, mine: index.said_before(key, mine, english_date)


def _compare(
    english: PageRecord,
    theirs: Facts,
    translation: PageRecord,
    translation_date: date | None,
    english_date: date | None,
    said_before: SaidBefore,
) -> list[Finding]:
    lang = translation.language
    ours = facts(translation)
    english_anchors = {d.announced_on.isoformat(): d.anchor for d in english.deprecations}
    findings: list[Finding] = []
    for key in sorted(ours.keys() | theirs.keys()):
        mine, reference = ours.get(key), theirs.get(key)
        sample = mine or reference
        assert sample is not None
        if not sample.presence and (mine is None or reference is None):
            continue  # the model or section is missing: its presence fact says so once
        if sample.parent and (sample.parent not in ours or sample.parent not in theirs):
            continue
        t_value = mine.value if mine else None
        e_value = reference.value if reference else None
        if mine is not None and _unreadable(mine):
            findings.append(_unreadable_finding(lang, mine, translation))
            continue
        if reference is not None and _unreadable(reference):
            continue  # English unreadable: nothing to compare against (its own warning says it)
        if mine is not None and reference is not None and _note_unread(mine, reference, ours):
            findings.append(_unreadable_finding(lang, mine, translation))
            continue
        if t_value == e_value:
            continue
        revision = said_before(key, mine)
        said = _difference(sample, e_value, t_value, present=mine is not None)
        base = dict(
            language=lang,
            aspect=sample.aspect,
            model_id=sample.model_id,
            anchor=_english_anchor(sample, english_anchors),
            english_value=e_value,
            translation_value=t_value,
        )
        if revision is not None:
            lag = (max(filter(None, (translation_date, english_date, revision))) - revision).days
            message = _message(lang, said, revision=revision, lag=lag)
            findings.append(
                _finding(
                    "lagging",
                    key=sample.key,
                    message=message,
                    english_date=revision,
                    lag_days=lag,
                    **base,
                )
            )
        else:
            findings.append(
                _finding("conflict", key=sample.key, message=_message(lang, said), **base)
            )
    findings += _untranslated(translation)
    return findings


def _english_anchor(fact: Fact, english_anchors: Mapping[str, str]) -> str | None:
    """Translated history anchors are slugs of translated headings: link the English one."""
    if fact.aspect in ("history", "retired_notes", "replacement"):
        return english_anchors.get(fact.key.split(" ")[0], fact.anchor)
    if fact.aspect == "note_models":
        return STATUS_ANCHOR if fact.anchor and fact.anchor != "overview" else fact.anchor
    return fact.anchor


def _unreadable(fact: Fact) -> bool:
    if fact.aspect == "state":
        return fact.value is None
    if fact.aspect == "retirement_date":
        return bool(fact.value["date"]) and fact.value["not_before"] is None
    return False


def _note_unread(mine: Fact, reference: Fact, ours: Facts) -> bool:
    """A translated note whose words were not understood: a date of unknown kind, or no state
    where English's note gives one while none of its words were understood (the phrase tables
    may not know its wording yet). A note understood to say only a date states no state."""
    if mine.aspect != "note_models":
        return False
    if mine.key.endswith(" date"):
        return bool(mine.value["date"]) and mine.value["kind"] is None
    if not mine.key.endswith(" state") or mine.value is not None or reference.value is None:
        return False
    stated = ours.get(("note_models", f"{mine.model_id} date"))
    return stated is None or stated.value["kind"] is None


def _unreadable_finding(lang: str, fact: Fact, record: PageRecord) -> Finding:
    model = record.model(fact.model_id or "")
    if fact.aspect == "note_models":
        label = ""
        text = f"a note on {fact.model_id}"
    elif fact.aspect == "state":
        label = model.state_label if model else ""
        text = f"the state word “{label}” for {fact.model_id}"
    else:
        label = model.retirement_label if model else ""
        text = f"the words “{label}” around the retirement date of {fact.model_id}"
    return _finding(
        "unreadable",
        key=fact.key,
        language=lang,
        aspect=fact.aspect,
        model_id=fact.model_id,
        anchor=fact.anchor,
        translation_value=label,
        message=f"The {_page(lang)} has {text}, which the tool could not read.",
    )


def _untranslated(record: PageRecord) -> list[Finding]:
    """English state words in a translated status table: one finding per word."""
    if record.language == "en":
        return []
    english_words = {word: state for state, word in ENGLISH_STATE_WORDS.items()}
    labels = sorted({m.state_label.strip() for m in record.models})
    return [
        _finding(
            "untranslated",
            key=label,
            language=record.language,
            aspect="state",
            anchor=STATUS_ANCHOR,
            english_value=label,
            translation_value=label,
            message=f"The {_page(record.language)} leaves the state word “{label}” in English.",
        )
        for label in labels
        if label.casefold() in english_words
    ]


# -- sentences ----------------------------------------------------------------------------------
# Every judged or within-page message is "The <Language> page <clause>." so that the clause alone
# can be said of several pages at once (`finding_clause`). A difference from English reads
# "<what the page says>; English <what English says>", and a lagging one adds, after the first
# part, ", as the English page of <day> did (<n> days behind)": the newest English revision that
# said the same (named by the day it was first seen; English may have said it a while longer),
# and the days from it to the compared snapshots.


def _page(lang: str) -> str:
    return f"{LANGUAGE_NAMES.get(lang, lang)} page"


def _when(value: Any) -> str:
    """A date as a person reads it ("21 July 2026"); ISO strings and dates alike."""
    return human_date(value)


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


STATE_WORDS: dict[str | None, str] = {
    "active": "active",
    "legacy": "legacy",
    "deprecated": "deprecated",
    "retired": "retired",
    None: "without a state",
}
NOTE_DATE_KINDS: dict[str | None, str] = {
    "retirement": "the retirement date",
    "deprecation": "the deprecation date",
    None: "the date",
}


@dataclass(frozen=True)
class _Said:
    """How a translation differs: what it says (after "The <Language> page ") and what English
    says (a clause starting with "English")."""

    ours: str
    theirs: str


def _retires(value: Any) -> str:
    """`on 20 April 2026` / `not sooner than 20 April 2026` (after "retires")."""
    prefix = "not sooner than" if value.get("not_before") else "on"
    return f"{prefix} {_when(value['date'])}"


def _has_date(value: Any) -> bool:
    return bool(value) and bool(value.get("date"))


def _difference(fact: Fact, english: Any, ours: Any, *, present: bool) -> _Said:
    """What the translation says and what English says, as two clauses."""
    mid, aspect, key = fact.model_id, fact.aspect, fact.key
    if aspect == "models":
        if present:
            return _Said(f"lists {mid}", "English does not list it")
        return _Said(f"omits {mid}", "English lists it")
    if aspect == "state":
        return _Said(
            f"shows {mid} as {STATE_WORDS.get(ours, ours)}",
            f"English shows it as {STATE_WORDS.get(english, english)}",
        )
    if aspect == "deprecated_on":
        mine = (
            f"gives no deprecation date for {mid}"
            if ours is None
            else f"says {mid} was deprecated on {_when(ours)}"
        )
        theirs = (
            "English gives none"
            if english is None
            else f"English says it was deprecated on {_when(english)}"
        )
        return _Said(mine, theirs)
    if aspect == "retirement_date":
        mine = (
            f"says {mid} retires {_retires(ours)}"
            if _has_date(ours)
            else f"gives no retirement date for {mid}"
        )
        theirs = (
            f"English says it retires {_retires(english)}"
            if _has_date(english)
            else "English gives none"
        )
        return _Said(mine, theirs)
    if aspect == "replacement":
        mine = (
            f"recommends no replacement for {mid}"
            if ours is None
            else f"recommends {ours} to replace {mid}"
        )
        theirs = "English recommends none" if english is None else f"English recommends {english}"
        return _Said(mine, theirs)
    day = _when(key.split(" ")[0])
    announced = f"the deprecation announced on {day}"
    if aspect == "history":
        if key.endswith(" retirement"):
            mine = (
                f"gives no retirement date for {mid} in {announced}"
                if ours is None
                else f"says {mid} retires on {_when(ours)} in {announced}"
            )
            theirs = (
                "English gives none"
                if english is None
                else f"English says it retires on {_when(english)}"
            )
            return _Said(mine, theirs)
        if mid is not None:
            if present:
                return _Said(f"lists {mid} in {announced}", "English does not list it there")
            return _Said(f"leaves {mid} out of {announced}", "English lists it there")
        if present:
            return _Said(f"has {announced}", "English does not have it")
        return _Said(f"lacks {announced}", "English has it")
    if aspect == "retired_notes":
        mine = (
            f"says nothing of a retirement in {announced}"
            if ours is None
            else f"says the models of {announced} were retired on {_when(ours)}"
        )
        theirs = (
            "English says nothing of one"
            if english is None
            else f"English says they were retired on {_when(english)}"
        )
        return _Said(mine, theirs)
    if aspect == "parameters":
        if present:
            return _Said(
                f"lists a deprecation of the API parameters {key}", "English does not list it"
            )
        return _Said(f"lacks the deprecation of the API parameters {key}", "English lists it")
    # note_models
    if key == mid:
        if present:
            return _Said(f"has a note on {mid}", "English has none")
        return _Said(f"lacks the note on {mid}", "English has one")
    if key.endswith(" state"):
        mine = (
            f"has a note on {mid} that gives no state"
            if ours is None
            else f"has a note saying {mid} is {STATE_WORDS.get(ours, ours)}"
        )
        theirs = (
            "English's note gives none"
            if english is None
            else f"English's note says it is {STATE_WORDS.get(english, english)}"
        )
        return _Said(mine, theirs)
    if key.endswith(" date"):
        mine = (
            f"has a note giving {NOTE_DATE_KINDS.get(ours.get('kind'))} of {mid} as "
            f"{_when(ours['date'])}"
            if _has_date(ours)
            else f"has a note on {mid} that gives no date"
        )
        theirs = "English's note gives none"
        if _has_date(english):
            kind = english.get("kind")
            same = _has_date(ours) and ours.get("kind") == kind
            what = "" if same else f"{NOTE_DATE_KINDS.get(kind)} as "
            theirs = f"English's note gives {what}{_when(english['date'])}"
        return _Said(mine, theirs)
    mine = (
        f"has a note naming no replacement for {mid}"
        if ours is None
        else f"has a note naming {ours} as the replacement of {mid}"
    )
    theirs = "English's note names none" if english is None else f"English's note names {english}"
    return _Said(mine, theirs)


def _message(lang: str, said: _Said, *, revision: date | None = None, lag: int = 0) -> str:
    behind = (
        f", as the English page of {_when(revision)} did ({_days(lag)} behind)" if revision else ""
    )
    return f"The {_page(lang)} {said.ours}{behind}; {said.theirs}."


_LAG = re.compile(r", as the English page of \d{1,2} [A-Z][a-z]+ \d{4} did \(\d+ days? behind\)")


def finding_clause(message: str, language: str, *, lag: bool = True) -> tuple[bool, str]:
    """A finding's message without "The <Language> page " and its full stop (and, with
    `lag=False`, without where English stood before): (whether the subject was there, clause).

    The clause is the same for every language that says the same, so findings can be grouped
    across languages. A message in another shape (older data) comes back whole.
    """
    subject = f"The {_page(language)} "
    text = message.rstrip(".") if message.endswith(".") else message
    if not lag:
        text = _LAG.sub("", text)
    if text.startswith(subject):
        return True, text[len(subject) :]
    return False, text


def _finding(kind: FindingKind, *, key: str, **fields: Any) -> Finding:
    """A finding whose id stays the same while the same disagreement lasts.

    The id is made of what is compared (`key`: a fact's key, or a within-page rule) and what the
    page says; not of English's value, so a translation that stays behind while English moves on
    keeps its finding (its message says where English is now).
    """
    said = [fields.get("translation_value")]
    if kind == "within_page":
        said.append(fields.get("english_value"))  # both sides are the page's own
    text = json.dumps(
        [fields.get("aspect"), key, fields.get("model_id"), said],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    subject = fields.get("model_id") or fields.get("anchor") or "page"
    finding_id = f"{fields['language']}/{kind}/{fields.get('aspect')}/{subject}/{digest}"
    return Finding(id=finding_id, kind=kind, **fields)


# -- within one page ----------------------------------------------------------------------------


def within_page(record: PageRecord, on: date | None = None) -> list[Finding]:
    """Where the page contradicts itself. `on` is the snapshot's date (for dates that passed)."""
    lang, page = record.language, _page(record.language)
    latest_entry: dict[str, tuple[Any, Any]] = {}
    for section in sorted(record.deprecations, key=lambda d: d.announced_on):
        for entry in section.entries:
            latest_entry[entry.model_id] = (section, entry)
    states = {m.model_id: m.state for m in record.models}
    states.update({n.model_id: n.state for n in record.note_models if n.model_id not in states})
    found: list[Finding] = []

    def add(rule: str, model_id: str, aspect: Aspect, message: str, **values: Any) -> None:
        found.append(
            _finding(
                "within_page",
                language=lang,
                aspect=aspect,
                model_id=model_id,
                anchor=values.pop("anchor", STATUS_ANCHOR),
                message=message,
                key=rule,
                **values,
            )
        )

    for m in record.models:
        mid = m.model_id
        section, entry = latest_entry.get(mid, (None, None))
        table = {"date": _iso(m.retirement_date), "not_before": m.retirement_not_before}
        if (
            entry is not None
            and entry.retirement_date
            and m.retirement_date
            and entry.retirement_date != m.retirement_date
        ):
            add(
                "retirement_differs",
                mid,
                "retirement_date",
                f"The {page} says {mid} retires {_retires(table)} in its status table but on "
                f"{_when(entry.retirement_date)} in its deprecation history.",
                english_value=_iso(m.retirement_date),
                translation_value=_iso(entry.retirement_date),
            )
        if m.state == "active" and (m.deprecated_on is not None or entry is not None):
            why = (
                f"gives it a deprecation date, {_when(m.deprecated_on)}"
                if m.deprecated_on
                else "lists it in its deprecation history"
            )
            add(
                "active_with_deprecation",
                mid,
                "state",
                f"The {page} shows {mid} as active but {why}.",
                english_value=m.state,
                translation_value=_iso(m.deprecated_on),
            )
        if m.state in ("deprecated", "retired") and entry is None:
            add(
                "no_history_entry",
                mid,
                "history",
                f"The {page} shows {mid} as {STATE_WORDS[m.state]} but lists it in no "
                "deprecation announcement.",
                english_value=m.state,
            )
        passed = (
            on is not None
            and m.retirement_date is not None
            and m.retirement_date < on
            and m.retirement_not_before is False
        )
        if passed and m.state not in ("retired", None):
            add(
                "retirement_passed",
                mid,
                "retirement_date",
                f"The {page} still shows {mid} as {STATE_WORDS[m.state]} on {_when(on)} although "
                f"its retirement date, {_when(m.retirement_date)}, has passed.",
                english_value=_iso(m.retirement_date),
                translation_value=m.state,
            )
        if entry is not None and m.state in ("deprecated", "legacy", "active"):
            replacement = entry.replacement
            if replacement and states.get(replacement) in ("deprecated", "retired"):
                add(
                    "replacement_gone",
                    mid,
                    "replacement",
                    f"The {page} names {replacement} to replace {mid}, but shows {replacement} "
                    f"as {STATE_WORDS[states[replacement]]}.",
                    english_value=replacement,
                    translation_value=states[replacement],
                    anchor=section.anchor,
                )
    return found


def all_findings(
    records: Mapping[str, PageRecord],
    dates: Mapping[str, date | None],
    english_history: Sequence[tuple[date, PageRecord]] = (),
    *,
    index: HistoryIndex | None = None,
    english_for: Mapping[str, tuple[date | None, PageRecord]] | None = None,
) -> list[Finding]:
    """Every finding of a set of records: within each page, then each translation vs English.

    The earlier English revisions come from `index` (the history's index, when the caller keeps
    one), else from `english_history`. A translation is compared with `english_for[lang]` (the
    English revision current on the day it was read, and its day), by default the English record
    of `records`. A language the comparison fails on (a bug of ours, or a record we did not
    foresee) gets one `unreadable` finding saying so; the other languages are judged as usual.
    """
    from scraper.track.history_index import HistoryIndex

    found: list[Finding] = []
    english = records.get("en")
    if english is not None and index is None:
        index = HistoryIndex.of("en", english_history)
    references = dict(english_for or {})
    for lang, record in records.items():
        try:
            mine = within_page(record, dates.get(lang))
            if english is not None and index is not None and lang != "en":
                day, reference = references.get(lang, (dates.get("en"), english))
                said = _said_before(index, day)
                # `facts` keeps each record's facts: English's are made once for all languages.
                mine += _compare(reference, facts(reference), record, dates.get(lang), day, said)
        except Exception as error:  # one page's surprise never stops the others
            mine = [_failed_comparison(lang, error)]
        found += mine
    return sorted(found, key=lambda f: f.id)


def _failed_comparison(lang: str, error: Exception) -> Finding:
    return _finding(
        "unreadable",
        key="comparison",
        language=lang,
        aspect="models",
        message=f"The {_page(lang)} could not be compared with the English page: the tool "
        f"failed ({type(error).__name__}: {error}). Please report it.",
    )
