"""Turn a Document into a page record: find the tables, learn the state words, read the dates.

Tables are recognised by what they hold, not by their (translated) headers: the status table is
the first table outside the history whose first column holds model ids; history tables sit under
headings that start with an ISO date; the parameter table is the 4-column table after them.
State words are learned from the revision's own Overview list (four bold terms in a fixed order)
and cross-checked with the row's dates. Anything not understood becomes a warning, never a guess.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from scraper.read.dates import DateReading, find_dates, read_date_cell
from scraper.read.document import (
    Callout,
    Document,
    Heading,
    ListItem,
    Paragraph,
    Table,
    clean_text,
    slugify,
)
from scraper.read.languages import ENGLISH_STATE_WORDS, STATES, not_applicable_words, note_phrases
from scraper.read.plain import (
    DateKind,
    Deprecation,
    DeprecationEntry,
    ModelStatus,
    Note,
    NoteModel,
    PageRecord,
    ParameterDeprecation,
    ParseWarning,
    RetirementKind,
    Section,
    Source,
    State,
    StateTerms,
    UnreadField,
)

if TYPE_CHECKING:
    from scraper.read import records

# Parts joined by single hyphens; a dot only inside a version number, a part of its own of one
# or two digits each side (claude-2.1, claude-instant-1.2): a dot in a date stamp
# (claude-x-3-2.0240601) is damage, not another model.
_PART = r"(?:\d{1,2}\.\d{1,2}|[a-z0-9]+)"
MODEL_ID = re.compile(rf"^claude-{_PART}(?:-{_PART})*$")
_HISTORY_HEADING = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*[:：]?\s*(.*)$")
_PAREN_AFTER = re.compile(r"^\s*[(（]([^)）]+)[)）]")
_KEY_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)
_LOOSE_THRESHOLD = 0.6
# Plausible years: Claude's first models came out in 2023 and retirements are announced about
# a year or two ahead; 2040 leaves margin, and needs no clock (extraction stays pure).
PLAUSIBLE_YEARS = range(2023, 2041)


class PageError(Exception):
    """The body is not a readable deprecations page (e.g. no status table)."""


@dataclass
class _Context:
    language: str
    warnings: list[ParseWarning] = field(default_factory=list)

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(ParseWarning(where=where, message=message))


def extract(doc: Document, *, language: str, source: records.Source) -> records.PageRecord:
    """Read the record of one page. Raises PageError when the status table is missing."""
    from scraper.read.records import page_record

    plain_source = Source(url=source.url, format=source.format, sha256=source.sha256)
    return page_record(extract_plain(doc, language=language, source=plain_source))


def extract_plain(doc: Document, *, language: str, source: Source) -> PageRecord:
    """`extract` in plain records (`plain.py`: no pydantic), in the page's order."""
    ctx = _Context(language=language)
    # The text before the first section belongs to the title (an H1, or front matter's title).
    first = next((b for b in doc.blocks if isinstance(b, Heading)), None)
    if first is not None and first.level == 1:
        top_anchor = first.anchor
    else:
        top_anchor = slugify(doc.title) if doc.title else "top"
    sections = _split_sections(doc, top_anchor)
    terms = _learn_state_terms(doc, ctx, _table_hints(sections, ctx.language))

    status_table: tuple[_Section, Table] | None = None
    parameter_tables: list[tuple[_Section, Table]] = []
    deprecations: list[Deprecation] = []
    notes: list[Note] = []
    note_models: list[NoteModel] = []
    prose: list[Section] = []
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Callout):
                notes.append(Note(kind=block.kind, section=section.anchor, text=block.text))
                if section.announced_on is None:
                    note_models += _read_note_models(block.text, section.anchor, terms, ctx)
        if section.announced_on is not None:
            deprecations.append(_read_history_section(section, ctx))
        else:
            for table in section.tables():
                if status_table is None and _is_model_table(table):
                    status_table = (section, table)
                elif status_table is not None and len(table.header) >= 4:
                    parameter_tables.append((section, table))
        # History callouts are retirement notes, tracked as retired_on; not prose.
        prose_blocks = (
            (Paragraph, ListItem) if section.announced_on else (Paragraph, ListItem, Callout)
        )
        text = "\n".join(b.text for b in section.blocks if isinstance(b, prose_blocks))
        prose.append(Section(anchor=section.anchor, title=section.title, text=text))

    if status_table is None:
        raise PageError(
            f"{language}: status table not found (expected a table of 4 columns whose first "
            "column holds model ids, outside the deprecation history)"
        )
    models = _read_status_table(*status_table, terms, ctx)
    if not models:
        raise PageError(f"{language}: the status table has no model rows")
    parameters = [p for s, t in parameter_tables for p in _read_parameter_table(s, t, ctx)]

    return PageRecord(
        language=language,
        source=source,
        title=doc.title,
        state_terms=StateTerms(**terms),
        models=models,
        deprecations=deprecations,
        parameter_deprecations=parameters,
        notes=notes,
        note_models=note_models,
        sections=prose,
        warnings=ctx.warnings,
    )


@dataclass
class _Section:
    anchor: str
    title: str
    announced_on: date | None
    blocks: list[object]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def _split_sections(doc: Document, top_anchor: str) -> list[_Section]:
    current = _Section(anchor=top_anchor, title=doc.title or "", announced_on=None, blocks=[])
    sections = [current]
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.level == 1 and not sections[0].blocks and current is sections[0]:
                current.anchor, current.title = block.anchor, block.text
                continue
            history = _HISTORY_HEADING.match(block.text)
            announced = _iso(history.group(1)) if history else None
            title = history.group(2).strip() if history and announced else block.text
            current = _Section(block.anchor, title, announced, [])
            sections.append(current)
        else:
            current.blocks.append(block)
    return sections


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _key(text: str) -> str:
    return _KEY_STRIP.sub("", text.casefold())


@dataclass(frozen=True)
class _TableHints:
    """What the status table says about each state label, to check learned terms against."""

    dated: frozenset[str] = frozenset()  # keys of labels on rows with a deprecation date
    undated: frozenset[str] = frozenset()  # keys of labels on rows without one
    # label key -> retirement dates of its rows; and the newest announcement on the page
    retirements: dict[str, tuple[date, ...]] = field(default_factory=dict)
    newest_announcement: date | None = None


def _table_hints(sections: list[_Section], lang: str) -> _TableHints:
    """Read the status table's state labels and dates quietly (warnings come with the rows)."""
    table = next(
        (t for s in sections if s.announced_on is None for t in s.tables() if _is_model_table(t)),
        None,
    )
    announced = [s.announced_on for s in sections if s.announced_on is not None]
    dated: set[str] = set()
    undated: set[str] = set()
    retirements: dict[str, list[date]] = {}
    for row in table.rows if table else ():
        if len(row) < 4 or not MODEL_ID.match(row[0]) or not _key(row[1]):
            continue
        key = _key(row[1])
        (dated if read_date_cell(row[2], lang).value else undated).add(key)
        if (retirement := read_date_cell(row[3], lang).value) is not None:
            retirements.setdefault(key, []).append(retirement)
    return _TableHints(
        dated=frozenset(dated),
        undated=frozenset(undated),
        retirements={k: tuple(v) for k, v in retirements.items()},
        newest_announcement=max(announced, default=None),
    )


def _overview_run(doc: Document) -> list[ListItem]:
    """The Overview list: the first run of list items led by a bold term that names an English
    state word, else the first such run of 3 or more items (4 on the usual page)."""
    runs: list[list[ListItem]] = [[]]
    for block in doc.blocks:
        if isinstance(block, ListItem) and block.strong and block.text.startswith(block.strong[0]):
            runs[-1].append(block)
        elif runs[-1]:
            runs.append([])
    named = (r for r in runs if any(_english_state(_term_words(item)) for item in r))
    return next(named, None) or next((r for r in runs if len(r) >= 3), [])


def _term_words(item: ListItem) -> list[str]:
    """The words of one Overview term: the bold term, and a translation in parentheses."""
    bold = item.strong[0].strip().rstrip(":：").strip()
    words = [bold]
    split = _split_term(bold)
    if split:
        words = [split[0], split[1]]
    after = _PAREN_AFTER.match(item.text[len(item.strong[0]) :])
    if after:
        words.append(after.group(1).strip())
    return sorted({w for w in words if w})


def _split_term(bold: str) -> tuple[str, str] | None:
    """`Retired (dipensiunkan)` -> ("Retired", "dipensiunkan"); by hand, a regex backtracks."""
    if not bold.endswith((")", "）")):
        return None
    opening = max(bold.rfind("("), bold.rfind("（"))
    if opening < 0:
        return None
    return bold[:opening].strip(), bold[opening + 1 : -1].strip()


def _english_state(words: list[str]) -> str | None:
    """The state an Overview term names in English, where it prints the English word."""
    found = {s for s, word in ENGLISH_STATE_WORDS.items() for w in words if _key(w) == word}
    return next(iter(found)) if len(found) == 1 else None


_MAX_TERMS = 8  # more bullets than this are not the Overview list of terms


def _learn_state_terms(doc: Document, ctx: _Context, hints: _TableHints) -> dict[str, list[str]]:
    """The Overview terms by meaning: Active, Legacy, Deprecated, Retired.

    Each term is matched to a state by the English word it prints, its position among the
    others (the four come in that order), and the dates of the status-table rows that use it;
    a list that is not exactly the four known terms gives a warning, and a state that cannot be
    told stays unlearned (its English word still works) rather than shift the others.
    """
    run = _overview_run(doc)
    if not run or len(run) > _MAX_TERMS:
        ctx.warn(
            "overview",
            "the Overview list of four lifecycle terms was not found; only English state "
            "words can be understood",
        )
        return {state: [] for state in STATES}
    items: list[list[str]] = []
    for item in run:
        words = _term_words(item)
        if any({_key(w) for w in words} == {_key(w) for w in seen} for seen in items):
            ctx.warn("overview", f"the Overview term {item.strong[0]!r} is listed twice")
            continue
        items.append(words)
    if len(run) != len(STATES):
        listed = ", ".join(repr(words[0]) for words in items)
        ctx.warn(
            "overview",
            f"the Overview list has {len(run)} terms ({listed}), expected the four lifecycle "
            "terms; they are matched by meaning",
        )
    english = [_english_state(words) for words in items]
    # On the English page a term is its English word: one that is not names no known state.
    english_page = ctx.language == "en"
    positional = len(items) == len(STATES) and all(
        e == state or (e is None and not english_page)
        for e, state in zip(english, STATES, strict=True)
    )
    if positional:  # the usual page: rows are cross-checked with their dates one by one
        return {state: words for state, words in zip(STATES, items, strict=True)}
    candidates = _term_assignments(items, english, hints, english_page=english_page)
    if not candidates:
        ctx.warn("overview", "the Overview terms do not fit the status table; none learned")
    terms: dict[str, list[str]] = {state: [] for state in STATES}
    for state in STATES:
        choices = {tuple(c[state]) for c in candidates}
        if len(choices) == 1:
            terms[state] = list(next(iter(choices)))
        elif any(choices - {()}):
            ctx.warn("overview", f"cannot tell which Overview term means {state}")
    used = {w for words in terms.values() for w in words}
    for words in items:
        if candidates and not used & set(words):
            ctx.warn("overview", f"the Overview term {words[0]!r} is not one of the four states")
    return terms


def _term_assignments(
    items: list[list[str]], english: list[str | None], hints: _TableHints, *, english_page: bool
) -> list[dict[str, list[str]]]:
    """Every order-keeping matching of terms to states that fits the evidence, most terms first.

    Hard evidence: a printed English word names its state; a term used by rows with (without)
    a deprecation date is deprecated or retired (active or legacy). Among what remains, a
    deprecated term's rows retire after the newest announcement and a retired term's rows
    before it, where that settles a tie.
    """
    states_of: list[set[str | None]] = []
    for words, printed in zip(items, english, strict=True):
        keys = {_key(w) for w in words}
        allowed: set[str | None] = set(STATES) | {None}
        if printed is not None:
            allowed = {printed}
        elif english_page:
            allowed = {None}
        if keys & (hints.dated | hints.undated):
            allowed.discard(None)  # the table uses it: it is one of the four
            if not keys & hints.undated:
                allowed &= {"deprecated", "retired"}
            elif not keys & hints.dated:
                allowed &= {"active", "legacy"}
        states_of.append(allowed)

    found: list[list[str | None]] = []

    def extend(done: list[str | None], after: int) -> None:
        if len(done) == len(items):
            found.append(list(done))
            return
        for state in states_of[len(done)]:
            rank = STATES.index(state) if state is not None else after
            if state is None or rank > after:
                extend([*done, state], rank if state is not None else after)

    extend([], -1)
    if not found:
        return []
    most = max(sum(s is not None for s in f) for f in found)
    best = [f for f in found if sum(s is not None for s in f) == most]
    if len(best) > 1 and hints.newest_announcement is not None:
        newest = hints.newest_announcement
        settled = [f for f in best if _fits_announcements(f, items, hints, newest)]
        best = settled or best
    return [
        {
            state: next((w for w, s in zip(items, f, strict=True) if s == state), [])
            for state in STATES
        }
        for f in best
    ]


def _fits_announcements(
    matching: list[str | None], items: list[list[str]], hints: _TableHints, newest: date
) -> bool:
    for state, words in zip(matching, items, strict=True):
        dates = [d for w in words for d in hints.retirements.get(_key(w), ())]
        if state == "deprecated" and dates and max(dates) <= newest:
            return False
        if state == "retired" and dates and min(dates) > newest:
            return False
    return True


def _resolve_state(
    label: str, terms: dict[str, list[str]], deprecated_on: date | None, where: str, ctx: _Context
) -> State | None:
    key = _key(label)
    if not key:
        ctx.warn(where, f"no state word in {label!r}" if label else "the state cell is empty")
        return None
    learned = {s for s, words in terms.items() if any(_key(w) == key for w in words)}
    english = {s for s, word in ENGLISH_STATE_WORDS.items() if word == key}
    # Dates narrow the candidates: a deprecation date means deprecated or retired.
    plausible = {"deprecated", "retired"} if deprecated_on else {"active", "legacy"}
    for exact in (learned, english):
        if len(exact) == 1:
            state = next(iter(exact))
            _cross_check(state, deprecated_on, where, ctx)
            return state  # type: ignore[return-value]
        if len(exact) > 1 and len(exact & plausible) == 1:
            (state,) = exact & plausible
            return state  # type: ignore[return-value]
    scores: dict[str, float] = {}
    for state, words in terms.items():
        for word in words:
            scores[state] = max(scores.get(state, 0.0), _likeness(key, _key(word)))
    ranked = sorted(
        ((score, state) for state, score in scores.items() if score >= _LOOSE_THRESHOLD),
        key=lambda pair: (pair[1] in plausible, pair[0]),
        reverse=True,
    )
    if ranked and (len(ranked) == 1 or ranked[0][1] in plausible):
        state = ranked[0][1]
        _cross_check(state, deprecated_on, where, ctx)
        return state  # type: ignore[return-value]
    known = "; ".join(f"{s}: {', '.join(w)}" for s, w in terms.items() if w) or "none learned"
    ctx.warn(where, f"unknown state word {label!r} (this page's terms are {known})")
    return None


def _likeness(label: str, term: str) -> float:
    """How alike two state words are: shared prefix, or one inside the other (0..1)."""
    if not label or not term:
        return 0.0
    prefix = 0
    for a, b in zip(label, term, strict=False):
        if a != b:
            break
        prefix += 1
    inside = min(len(label), len(term)) if (term in label or label in term) else 0
    return max(prefix, inside * 0.75) / max(len(label), len(term))


def _cross_check(state: str, deprecated_on: date | None, where: str, ctx: _Context) -> None:
    if state in ("active", "legacy") and deprecated_on is not None:
        ctx.warn(where, f"state is {state} but a deprecation date ({deprecated_on}) is given")


def _is_model_table(table: Table) -> bool:
    ids = [row[0] for row in table.rows if row]
    return (
        len(table.header) >= 4
        and bool(ids)
        and sum(bool(MODEL_ID.match(cell)) for cell in ids) * 2 > len(ids)
    )


# Cell kinds a retirement or deprecation cell reads as when it says something the tool knows.
_DATED: frozenset[RetirementKind] = frozenset({"date", "not_sooner_than"})
_DEPRECATION_KINDS: frozenset[RetirementKind] = _DATED | {"not_applicable"}


def _is_state_word(label: str, terms: dict[str, list[str]]) -> bool:
    """Whether a cell is exactly one of this revision's state words (or an English one)."""
    key = _key(label)
    words = [w for ws in terms.values() for w in ws] + list(ENGLISH_STATE_WORDS.values())
    return bool(key) and any(_key(w) == key for w in words)


def _kept_without_id(key_cell: str, others_fit: list[bool]) -> bool:
    """Whether a row whose key cell is not a model id is still a row of the table (kept under
    the cell's text, the id not understood): the cell is not empty and more than half of the
    row's other cells read as what their column holds. A row keyed by an id is kept without
    this check (the callers test the id first, so most rows never read their other cells)."""
    return bool(key_cell.strip()) and sum(others_fit) * 2 > len(others_fit)


def _unread_model_id(cell: str, where: str, ctx: _Context) -> list[UnreadField]:
    """The row's start of `not_understood`: `model_id` (with a warning) when its key cell is
    not a model id, the row being kept under the cell's text."""
    if MODEL_ID.match(cell):
        return []
    ctx.warn(f"{where} model", f"{cell!r} is not a model id; the row is kept under it as written")
    return ["model_id"]


def _read_status_table(
    section: _Section, table: Table, terms: dict[str, list[str]], ctx: _Context
) -> list[ModelStatus]:
    models: dict[str, ModelStatus] = {}
    if len(table.header) != 4:
        ctx.warn(section.anchor, f"the status table has {len(table.header)} columns, expected 4")
    for number, row in enumerate(table.rows, start=1):
        where = f"{section.anchor} row {number}"
        fit = len(row) >= 4 and (
            MODEL_ID.match(row[0]) is not None
            or _kept_without_id(
                row[0],
                [
                    _is_state_word(row[1], terms),
                    read_date_cell(row[2], ctx.language).kind in _DEPRECATION_KINDS,
                    read_date_cell(row[3], ctx.language).kind != "unrecognised",
                ],
            )
        )
        if not fit:
            ctx.warn(where, f"row does not fit the status table: {' | '.join(row)!r}")
            continue
        _check_row_shape(table, number, where, ctx)
        model_id, state_label, deprecated_cell, retirement_cell = row[:4]
        unread = _unread_model_id(model_id, where, ctx)
        deprecated, deprecation_read = _read_deprecation(
            deprecated_cell, f"{where} deprecated", ctx
        )
        retirement = _read_retirement(retirement_cell, f"{where} retirement", ctx)
        _check_order(
            deprecated,
            retirement.date,
            "retirement date {later} is before the deprecation date {earlier}",
            where,
            ctx,
        )
        state = _resolve_state(state_label, terms, deprecated, f"{where} state", ctx)
        if state is None:
            unread.append("state")
        if not deprecation_read:
            unread.append("deprecated_on")
        if retirement.kind == "unrecognised":
            unread.append("retirement_date")
        if model_id in models:
            ctx.warn(
                where, f"{model_id} is listed twice in the status table; the first row is kept"
            )
            continue
        models[model_id] = ModelStatus(
            model_id=model_id,
            state=state,
            state_label=state_label,
            deprecated_on=deprecated,
            retirement_date=retirement.date,
            retirement_not_before=retirement.not_before,
            retirement_label=retirement_cell,
            retirement_kind=retirement.kind,
            retirement_year=retirement.year,
            deprecated_label=deprecated_cell,
            not_understood=unread,
        )
    return list(models.values())


@dataclass(frozen=True)
class _Retirement:
    """A retirement cell, read into the typed fields of its row."""

    date: date | None
    not_before: bool | None  # True only for `not_sooner_than`; None when not understood
    kind: RetirementKind
    year: int | None


def _read_retirement(cell: str, where: str, ctx: _Context) -> _Retirement:
    """A retirement cell: a day, the earliest day, "to be announced", a coarse time ("Q3
    2027": its year), "N/A", or (with one warning) words the tool does not read, whose date
    is left null rather than guessed."""
    reading = read_date_cell(cell, ctx.language)
    kind = reading.kind
    if kind == "unrecognised":
        _warn_not_read(reading, cell, where, ctx)
    else:  # "To be announced", a coarse time and "N/A" are values the page states
        _check_year(reading.value, where, ctx)
    if kind == "coarse" and reading.year not in PLAUSIBLE_YEARS:
        first, last = PLAUSIBLE_YEARS[0], PLAUSIBLE_YEARS[-1]
        ctx.warn(where, f"implausible year {reading.year} (expected {first} to {last})")
    return _Retirement(
        date=reading.value if kind in _DATED else None,
        not_before=None if kind == "unrecognised" else kind == "not_sooner_than",
        kind=kind,
        year=reading.year if kind == "coarse" else None,
    )


def _read_deprecation(cell: str, where: str, ctx: _Context) -> tuple[date | None, bool]:
    """A deprecation cell: (its day, whether it was understood). A day or "N/A" is; anything
    else is not (one warning)."""
    reading = read_date_cell(cell, ctx.language)
    if reading.kind not in _DEPRECATION_KINDS:
        _warn_not_read(reading, cell, where, ctx)
        return None, False
    _check_year(reading.value, where, ctx)
    return reading.value, True


def _warn_not_read(reading: DateReading, cell: str, where: str, ctx: _Context) -> None:
    """The one warning for a date cell not understood: a date with words around it, or none."""
    if reading.value is not None:
        ctx.warn(where, f"unknown words {reading.qualifier!r} around the date in {cell!r}")
    else:
        ctx.warn(where, f"no date could be read in {cell!r}")


def _check_row_shape(table: Table, number: int, where: str, ctx: _Context) -> None:
    """A row cut short, or one with more cells than the header (a `|` inside a cell: its
    values may have moved, the last cell holding the rest of the line)."""
    if number in table.unclosed:
        ctx.warn(where, "the row is not closed with '|' like the others: cut short?")
    if number in table.overfull:
        columns = len(table.header)
        message = (
            f"the row has more cells than the table's {columns} columns (a '|' inside a cell?)"
        )
        # Markdown keeps the rest of the line in the last cell; HTML has the extra cells.
        if surplus := table.rows[number - 1][columns:]:
            message += f"; the cells past them are not read: {' | '.join(surplus)!r}"
        ctx.warn(where, message)


def _check_year(value: date | None, where: str, ctx: _Context) -> None:
    if value is not None and value.year not in PLAUSIBLE_YEARS:
        first, last = PLAUSIBLE_YEARS[0], PLAUSIBLE_YEARS[-1]
        ctx.warn(where, f"implausible date {value} (expected a year from {first} to {last})")


def _check_order(
    earlier: date | None, later: date | None, what: str, where: str, ctx: _Context
) -> None:
    """`what` names the two dates, e.g. "retirement date {later} is before the deprecation date"."""
    if earlier is not None and later is not None and later < earlier:
        ctx.warn(where, what.format(earlier=earlier, later=later) + " (swapped cells?)")


def _read_history_section(section: _Section, ctx: _Context) -> Deprecation:
    assert section.announced_on is not None
    _check_year(section.announced_on, f"{section.anchor} heading", ctx)
    entries: list[DeprecationEntry] = []
    for table in section.tables():
        for number, row in enumerate(table.rows, start=1):
            where = f"{section.anchor} row {number}"
            fit = len(row) >= 3 and (
                MODEL_ID.match(row[1]) is not None
                or _kept_without_id(
                    row[1],
                    [
                        read_date_cell(row[0], ctx.language).kind != "unrecognised",
                        _read_replacement(row[2], ctx.language)[1],
                    ],
                )
            )
            if not fit:
                ctx.warn(where, f"row does not fit a history table: {' | '.join(row)!r}")
                continue
            _check_row_shape(table, number, where, ctx)
            unread = _unread_model_id(row[1], where, ctx)
            retirement = _read_retirement(row[0], f"{where} retirement", ctx)
            if retirement.kind == "unrecognised":
                unread.append("retirement_date")
            _check_order(
                section.announced_on,
                retirement.date,
                "retirement date {later} is before the announcement of {earlier}",
                where,
                ctx,
            )
            replacement, understood = _read_replacement(row[2], ctx.language)
            if not understood:
                ctx.warn(
                    f"{where} replacement",
                    f"{row[2]!r} is not a model id; kept as written, not published as the "
                    "replacement",
                )
                unread.append("replacement")
            entries.append(
                DeprecationEntry(
                    model_id=row[1],
                    retirement_date=retirement.date,
                    replacement=replacement,
                    retirement_label=row[0],
                    retirement_kind=retirement.kind,
                    retirement_year=retirement.year,
                    replacement_label=row[2],
                    not_understood=unread,
                )
            )
    if not entries:
        ctx.warn(section.anchor, "this history section has no table of deprecated models")
    return Deprecation(
        announced_on=section.announced_on,
        anchor=section.anchor,
        title=clean_text(section.title),
        retired_on=_retired_on(section, ctx),
        entries=entries,
    )


def _read_replacement(cell: str, lang: str) -> tuple[str | None, bool]:
    """A replacement cell: (the model id or None, whether the cell was understood).

    Understood are one model id (its backticks and link already gone) and the words for none
    ("N/A", "None", "—"); anything else (an id with more text after it, several ids, prose, an
    empty cell) is never published as an id.
    """
    if MODEL_ID.match(cell):
        return cell, True
    return None, bool(cell.strip()) and _key(cell) in _no_replacement(lang)


@functools.cache
def _no_replacement(lang: str) -> frozenset[str]:
    # `_key` drops punctuation, so "-" and "—" arrive as "" (one of the N/A words).
    return frozenset({"none", *(_key(w) for w in not_applicable_words(lang))})


def _retired_on(section: _Section, ctx: _Context) -> date | None:
    """The date of a "these models were retired on ..." note: a callout, or a bold sentence."""
    candidates = [b.text for b in section.blocks if isinstance(b, Callout)]
    candidates += [s for b in section.blocks if isinstance(b, Paragraph) for s in b.strong]
    found = {d.value for text in candidates for d in find_dates(text, ctx.language)}
    if len(found) > 1:
        ctx.warn(section.anchor, f"several retirement dates in the notes: {sorted(found)}")
        return None
    retired_on = next(iter(found), None)
    _check_year(retired_on, f"{section.anchor} note", ctx)
    return retired_on


def _read_parameter_table(
    section: _Section, table: Table, ctx: _Context
) -> list[ParameterDeprecation]:
    rows: list[ParameterDeprecation] = []
    for number, row in enumerate(table.rows, start=1):
        where = f"{section.anchor} row {number}"
        if len(row) < 4:
            ctx.warn(where, "row does not fit the parameter table")
            continue
        _check_row_shape(table, number, where, ctx)
        parameters = [p.strip() for p in re.split(r"[,、，]", row[0]) if p.strip()]
        rows.append(
            ParameterDeprecation(
                parameters=parameters, status=row[1], behavior=row[2], replacement=row[3]
            )
        )
    return rows


# -- models whose fate a callout states -----------------------------------------------------------

_NOTE_MODEL_ID = re.compile(r"(?<![\w/#.-])claude-[a-z0-9][a-z0-9.\-]*[a-z0-9]")
# What each kind of phrase says: (the state it gives, what a date beside it is the date of).
_NOTE_MEANINGS: dict[str, tuple[State | None, DateKind]] = {
    "retiring": (None, "retirement"),
    "retired": ("retired", "retirement"),
    "deprecated": ("deprecated", "deprecation"),
    "deprecating": (None, "deprecation"),
}


def _read_note_models(
    text: str, section: str, terms: dict[str, list[str]], ctx: _Context
) -> list[NoteModel]:
    """A callout naming a model id with a state word and/or a date: that model's stated fate.

    The first id is the model spoken of; another id in the same callout is its replacement
    (the note says where to migrate). A callout with an id but no state word and no date is
    prose about that model, not a statement of its fate.
    """
    ids = list(dict.fromkeys(_NOTE_MODEL_ID.findall(text)))
    if not ids:
        return []
    text = clean_text(text)
    found = _note_meanings(text, ctx.language, terms)
    if not found:  # the revision's own state words, as in "`claude-x` is now <Deprecated>"
        folded = text.casefold()
        found = [
            (m.start(), m.end(), state)
            for state in ("deprecated", "retired")
            for word in terms.get(state, [])
            if len(word) > 1 and word.casefold() in folded
            for m in re.finditer(re.escape(word.casefold()), folded)
        ]
    dates = find_dates(text, ctx.language)
    if not found and not dates:
        return []
    meanings = {meaning for _, _, meaning in found}
    # The state is the furthest one stated ("is deprecated and will be retired": deprecated).
    state = next((_NOTE_MEANINGS[m][0] for m in ("retired", "deprecated") if m in meanings), None)
    date_kind: DateKind | None = None
    if dates and found:
        # A date is the date of the phrase nearest to it ("... will be retired on <date>").
        at = dates[0]
        nearest = min(found, key=lambda f: at.start - f[1] if f[1] <= at.start else f[0] - at.end)
        date_kind = _NOTE_MEANINGS[nearest[2]][1]
    return [
        NoteModel(
            model_id=ids[0],
            state=state,
            date=dates[0].value if dates else None,
            date_kind=date_kind,
            replacement=next(iter(ids[1:]), None),
            section=section,
        )
    ]


def _note_meanings(text: str, lang: str, terms: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    """Where note phrases stand in `text`, with their meaning in this revision's vocabulary; of
    overlapping ones, the longest."""
    folded = text.casefold()
    found: list[tuple[int, int, str]] = []
    for meaning, phrases in note_phrases(lang).items():
        for phrase in phrases:
            parts = [part.strip() for part in phrase.split("…")]
            if not all(part in folded for part in parts):  # cannot match: no pattern compiled
                continue
            pattern = r".{0,40}?".join(map(re.escape, parts))
            found += [(m.start(), m.end(), meaning) for m in re.finditer(pattern, folded)]
    return sorted(
        (start, end, _in_revision_terms(meaning, folded[start:end], terms))
        for start, end, meaning in found
        if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in found)
    )


# A note phrase's tense and the state it names; the revision's own words can change the state.
_NOTE_TENSES: dict[str, tuple[str, str]] = {
    "retiring": ("will be", "retired"),
    "retired": ("is", "retired"),
    "deprecated": ("is", "deprecated"),
    "deprecating": ("will be", "deprecated"),
}
_NOTE_MEANING_OF = {tense: meaning for meaning, tense in _NOTE_TENSES.items()}


def _in_revision_terms(meaning: str, phrase: str, terms: dict[str, list[str]]) -> str:
    """A phrase's meaning under this revision's Overview: where the phrase holds a word the
    Overview defines as Deprecated or Retired, that word names the state and the phrase keeps
    its tense ("telah dihentikan" is "is retired" where Dihentikan means Retired, "is
    deprecated" where it means Deprecated). The longest such word decides ("廃止予定" over
    "廃止")."""
    named = [
        (len(word), state)
        for state in ("deprecated", "retired")
        for word in terms.get(state, [])
        if len(word) > 1 and word.casefold() in phrase
    ]
    if not named:
        return meaning
    state = max(named)[1]
    return _NOTE_MEANING_OF[(_NOTE_TENSES[meaning][0], state)]
