"""Read dates as the page prints them, in any of its languages, with the words around them.

A date cell is read as: the date itself (by the language's month table and date shape), plus
whatever words are left around it. Known "not sooner than" phrases set `not_before`; words that
are not known are kept in `unknown` so the caller can warn instead of dropping them silently.
A cell with no day can still say something: "N/A", "To be announced" (in any language), or a
time coarser than a day ("Q3 2027", "early 2027", "2027年下半年"), read as its year only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from scraper.read.languages import (
    LANGUAGE_DATA,
    Language,
    coarse_words,
    language,
    not_applicable_words,
    to_be_announced_words,
)
from scraper.read.plain import RetirementKind

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_KO = re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_WORD = r"[^\W\d_][\w'’.]*"
# Matches start only at a word's or number's start: inside a long run they would rescan it.
_MDY = re.compile(rf"(?<![\w'’.])({_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})")
_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:\.|er|º)?\s+(?:(?:de|del)\s+)?({_WORD})\s+(?:(?:de|del)\s+)?(\d{{4}})"
)
_Reader = Callable[[re.Match[str]], date | None]
_PUNCT = re.compile(r"[\s,.:;()\[\]（）、，。*_]+")
# A year standing alone ("Q3 2027", "2027年下半年", "2027년 3분기"), and what joins words to it.
_YEAR = re.compile(r"(?<!\d)(\d{4})(?:\s*[年년]|(?!\d))")
_JOINERS = re.compile(r"[-‐‑–—/]+")
# Longer cells are no "To be announced" or "Q3 2027" (and are not scanned word by word).
_MAX_WORDY_CELL = 120
# Letters of scripts written without spaces, whose phrases may run together ("第3四半期頃"):
# kana, CJK ideographs, Hangul syllables. Compared in code: `re` compiles a class over these
# ~38,000 code points one by one in Python, ~5 ms of every start.
_UNSPACED_BLOCKS = (("\u3040", "\u30ff"), ("\u3400", "\u9fff"), ("\uac00", "\ud7af"))


def _has_unspaced(text: str) -> bool:
    """Whether `text` holds a letter of a script written without spaces."""
    return not text.isascii() and any(
        low <= char <= high for char in text for low, high in _UNSPACED_BLOCKS
    )


@dataclass(frozen=True)
class DateReading:
    """What a date cell says."""

    value: date | None
    not_applicable: bool = False
    not_before: bool = False
    qualifier: str = ""  # the words left around the date, as printed
    unknown: str = ""  # the part of `qualifier` no phrase table explains
    to_be_announced: bool = False
    year: int | None = None  # a coarse date's year ("Q3 2027"); `value` is then None

    @property
    def kind(self) -> RetirementKind:
        """What the cell says, as a retirement kind (see `records.RetirementKind`)."""
        if self.not_applicable:
            return "not_applicable"
        if self.to_be_announced:
            return "to_be_announced"
        if self.value is not None and not self.unknown:
            return "not_sooner_than" if self.not_before else "date"
        if self.year is not None:
            return "coarse"
        return "unrecognised"


@dataclass(frozen=True)
class _Match:
    value: date
    start: int
    end: int


def find_dates(text: str, lang: str) -> list[_Match]:
    """Every date in `text`, in order, read with `lang`'s shapes (and English's, and ISO)."""
    found: list[_Match] = []
    for pattern in _patterns_for(language(lang).code):
        for match in pattern[0].finditer(text):
            value = pattern[1](match)
            if value is None:
                continue
            if any(m.start < match.end() and match.start() < m.end for m in found):
                continue
            found.append(_Match(value, match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def first_date(text: str, lang: str) -> date | None:
    dates = find_dates(text, lang)
    return dates[0].value if dates else None


@functools.lru_cache(maxsize=4096)  # pure, and the same cells recur (status table, history)
def read_date_cell(text: str, lang: str) -> DateReading:
    """Read a table cell that holds a date, "N/A", or a date with a qualifier phrase."""
    stripped = text.strip()
    normal = _normal(stripped)
    if normal in _not_applicable(lang):
        return DateReading(value=None, not_applicable=True)
    code = language(lang).code
    if 0 < len(normal) <= _MAX_WORDY_CELL and _covered(normal.split(), _phrases(code, "tba"), code):
        return DateReading(value=None, to_be_announced=True, qualifier=stripped)
    dates = find_dates(stripped, lang)
    if not dates and (year := _coarse_year(normal, code)) is not None:
        return DateReading(value=None, year=year, qualifier=stripped)
    if len(dates) != 1:
        return DateReading(value=None, qualifier=stripped, unknown=stripped)
    match = dates[0]
    left = (stripped[: match.start] + " " + stripped[match.end :]).strip()
    qualifier = " ".join(left.split())
    not_before, unknown = _explain_qualifier(qualifier, language(lang).code)
    return DateReading(
        value=match.value, not_before=not_before, qualifier=qualifier, unknown=unknown
    )


def _coarse_year(normal: str, code: str) -> int | None:
    """The year of a time coarser than a day ("q3 2027", "mid 2027", "2027年下半年"), if the
    cell (normalised) is one year and coarse-time words only; a "not sooner than" phrase may
    stand before it (the label keeps it)."""
    if len(normal) > _MAX_WORDY_CELL:
        return None
    text = _JOINERS.sub(" ", normal)
    years = list(_YEAR.finditer(text))
    if len(years) != 1:
        return None
    (year,) = years
    rest = f" {text[: year.start()]} {text[year.end() :]} "
    for key in _qualifier_words(code)[0]:
        if f" {key} " in rest:
            rest = rest.replace(f" {key} ", " ", 1)
            break
    return int(year.group(1)) if _covered(rest.split(), _phrases(code, "coarse"), code) else None


@dataclass(frozen=True)
class _Phrases:
    """A phrase table ready for matching: spaced phrases as word tuples, by their first word
    (longest first), and the pieces an unspaced (CJK) word may be made of."""

    by_first_word: dict[str, tuple[tuple[str, ...], ...]]
    pieces: frozenset[str]
    longest_piece: int


@functools.cache
def _phrases(code: str, table: str) -> _Phrases:
    words = to_be_announced_words(code) if table == "tba" else coarse_words(code)
    normal = {_normal(_JOINERS.sub(" ", w)) for w in words} - {""}
    spaced = sorted((tuple(p.split()) for p in normal), key=len, reverse=True)
    pieces = frozenset(p.replace(" ", "") for p in normal if _has_unspaced(p))
    by_first_word: dict[str, list[tuple[str, ...]]] = {}
    for phrase in spaced:
        by_first_word.setdefault(phrase[0], []).append(phrase)
    return _Phrases(
        {word: tuple(phrases) for word, phrases in by_first_word.items()},
        pieces,
        max(map(len, pieces), default=0),
    )


def _covered(words: list[str], phrases: _Phrases, code: str) -> bool:
    """Whether `words` are nothing but phrases of the table and the language's neutral words."""
    neutral = _qualifier_words(code)[1]
    at = 0
    while at < len(words):
        if words[at] in neutral:
            at += 1
            continue
        starting = phrases.by_first_word.get(words[at], ())
        match = next((p for p in starting if tuple(words[at : at + len(p)]) == p), None)
        if match is not None:
            at += len(match)
        elif _has_unspaced(words[at]) and _made_of(words[at], phrases):
            at += 1
        else:
            return False
    return True


def _made_of(word: str, phrases: _Phrases) -> bool:
    """Whether an unspaced word is a run of the table's pieces ("3月下旬" = "3月" + "下旬")."""
    reachable = [True] + [False] * len(word)
    for start in range(len(word)):
        if reachable[start]:
            for end in range(start + 1, min(len(word), start + phrases.longest_piece) + 1):
                if word[start:end] in phrases.pieces:
                    reachable[end] = True
    return reachable[-1]


def format_date(value: date, lang: str) -> str:
    """Print a date the way the page does in `lang` (used by tests and fixtures)."""
    data = language(lang)
    if data.date_order == "cjk":
        return f"{value.year}年{value.month}月{value.day}日"
    if data.date_order == "ko":
        return f"{value.year}년 {value.month}월 {value.day}일"
    month = _month_name(data, value.month)
    if data.date_order == "mdy":
        return f"{month.capitalize()} {value.day}, {value.year}"
    if data.code == "de":
        return f"{value.day}. {month.capitalize()} {value.year}"
    if "de" in data.date_glue:
        return f"{value.day} de {month} de {value.year}"
    if data.code == "id":
        return f"{value.day} {month.capitalize()} {value.year}"
    return f"{value.day} {month} {value.year}"


def _month_name(data: Language, month: int) -> str:
    return next(name for name, number in data.months.items() if number == month)


def _explain_qualifier(qualifier: str, code: str) -> tuple[bool, str]:
    """Split the words around a date into a known meaning and an unexplained rest."""
    rest = _normal(qualifier)
    if not rest:
        return False, ""
    not_before = False
    phrases, neutral = _qualifier_words(code)
    for key in phrases:
        if f" {key} " in f" {rest} ":
            rest = f" {rest} ".replace(f" {key} ", " ", 1).strip()
            not_before = True
            break
    leftover = [w for w in rest.split() if w not in neutral]
    return not_before, " ".join(leftover)


@functools.cache
def _qualifier_words(code: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """Normalised "not sooner than" phrases (longest first) and neutral words of a language."""
    data, english = language(code), LANGUAGE_DATA["en"]
    phrases = {_normal(p) for p in (*data.not_before, *english.not_before)} - {""}
    neutral = frozenset(_normal(w) for w in (*data.neutral, *english.neutral, *data.date_glue))
    return tuple(sorted(phrases, key=len, reverse=True)), neutral


@functools.cache
def _not_applicable(code: str) -> frozenset[str]:
    return frozenset(_normal(w) for w in not_applicable_words(code))


def says_not_applicable(text: str) -> bool:
    """Whether a whole cell says "no date" in one of the languages (for a value whose
    language is not known: a record written before retirement kinds existed)."""
    return _normal(text) in _any_not_applicable()


@functools.cache
def _any_not_applicable() -> frozenset[str]:
    return frozenset(word for code in LANGUAGE_DATA for word in _not_applicable(code))


def _normal(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def _safe_date(year: str, month: int | None, day: str) -> date | None:
    if month is None:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


@functools.cache
def _patterns_for(code: str) -> list[tuple[re.Pattern[str], _Reader]]:
    data = language(code)
    english = LANGUAGE_DATA["en"]

    def month_of(word: str, tables: tuple[Language, ...]) -> int | None:
        key = word.casefold().rstrip(".")
        for table in tables:
            if key in table.months:
                return table.months[key]
        return None

    tables = (data, english) if data is not english else (english,)
    readers: list[tuple[re.Pattern[str], _Reader]] = [
        (_ISO, lambda m: _safe_date(m.group(1), int(m.group(2)), m.group(3))),
        (_CJK, lambda m: _safe_date(m.group(1), int(m.group(2)), m.group(3))),
        (_KO, lambda m: _safe_date(m.group(1), int(m.group(2)), m.group(3))),
        (_DMY, lambda m: _safe_date(m.group(3), month_of(m.group(2), tables), m.group(1))),
        (_MDY, lambda m: _safe_date(m.group(3), month_of(m.group(1), tables), m.group(2))),
    ]
    if data.date_order == "mdy":
        readers[3], readers[4] = readers[4], readers[3]
    return readers
