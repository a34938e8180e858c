"""The static web page: every model's state and life, every translation's state, the latest changes.

`read_site_input` gathers what the page shows (a data directory, or only a published
`latest.json`); `render_index` turns it into one `index.html` (inline CSS, JS and SVG, no network,
so it works from `file://` and on GitHub Pages); `build_site` adds the feeds, calendar and day
reports it links to; `write_site` puts the files in a folder. Everything from the data is escaped.
The same input and `today` always give the same bytes.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from importlib import resources
from math import ceil
from pathlib import Path
from string import Template
from typing import Any

from pydantic import ValidationError

from scraper import PROJECT_URL, __version__
from scraper.publish.platform_fates import (
    PlatformFate,
    fate_cell_text,
    fate_sentence,
    read_platforms_document,
)
from scraper.publish.published import load_latest
from scraper.publish.report import (
    DayEvents,
    count_changes,
    event_sort_key,
    finding_counts,
    held_sentence,
)
from scraper.publish.sentences import FINDING_TYPES, Line, language_lines
from scraper.publish.translations import ASPECT_TITLES  # one table, as translations.md
from scraper.read.languages import LANGUAGE_NAMES, language_rank
from scraper.read.partners.platforms import PLATFORMS
from scraper.read.records import (
    Deprecation,
    DeprecationEntry,
    NoteModel,
    PageRecord,
    RetirementKind,
)
from scraper.track.consistency import Finding
from scraper.track.events import STATUS_ANCHOR, Event, page_url, undated_retirement_words
from scraper.track.latest import LatestDocument
from scraper.track.translations import TranslationsDocument, matrix_anchor
from scraper.words import agree, counted, join_words

GENERATOR = f"deprecation-tracker {__version__}"
DEFAULT_DAYS = 5  # days of changes on the page
LINES_PER_LANGUAGE = 8  # sentences per language and day before "and N more in the day report"
SENTENCE_LIMIT = 200  # characters of a sentence; the day report has it whole
TRANSLATIONS_FILE = "diffs/translations.json"
MATRIX_FILE = "diffs/translations.md"  # the same matrix for people, with each finding
# Files the page links to, copied from the data directory at the same relative paths.
ATTACHMENTS: tuple[tuple[str, str, str], ...] = (
    ("diffs/feed.atom", "Atom feed", "every change, newest first"),
    ("diffs/feed.json", "JSON Feed", "the same, for programs"),
    ("snapshots/retirements.ics", "Retirement calendar", "iCalendar, one event per retirement"),
    ("snapshots/latest.json", "latest.json", "every language's last good record"),
    (MATRIX_FILE, "Translations matrix", "each translation against English, with every finding"),
)
# Top-level names `write_site` owns in the output folder (replaced on every build).
OWNED = ("index.html", ".nojekyll", "diffs", "snapshots")

STATE_ORDER = {"deprecated": 0, "legacy": 1, "active": 2, None: 3, "retired": 4}
VERDICT_CLASS = {"current": "ok", "lagging": "warn", "conflict": "bad"}


class SiteError(Exception):
    """The site could not be built or written; the message says what to do."""


# -- what the page shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelLife:
    """One model as the chart and tables show it."""

    model_id: str
    state: str | None
    state_label: str
    in_status_table: bool
    first_seen: date | None  # first snapshot of the tracker that lists it
    announced_on: date | None  # its deprecation's announcement (history heading)
    deprecated_on: date | None
    retirement_date: date | None
    not_before: bool
    replacement: str | None
    anchor: str
    from_note: bool = False  # stated only in a note of the page, in no table
    retirement_kind: RetirementKind = "date"
    retirement_label: str = ""  # as the page prints it: said for coarse and unrecognised kinds

    def undated_retirement(self) -> str | None:
        """How a retirement the page gives without a day reads ("retirement to be
        announced"), or None when it has a day or there is none."""
        if self.retirement_date is not None:
            return None
        return undated_retirement_words(self.retirement_kind, self.retirement_label)

    def dates(self) -> list[date]:
        known = [self.first_seen, self.announced_on, self.deprecated_on, self.retirement_date]
        return [day for day in known if day is not None]

    def start(self) -> date | None:
        """The first day the chart knows of (never after retirement)."""
        early = [
            day
            for day in (self.first_seen, self.announced_on, self.deprecated_on)
            if day is not None and (self.retirement_date is None or day <= self.retirement_date)
        ]
        return min(early) if early else None


@dataclass(frozen=True)
class DayChanges:
    day: date
    events: list[Event]
    report: str | None  # relative path of the day's Markdown report, if there is one


@dataclass
class SiteInput:
    latest: LatestDocument
    first_seen: dict[str, date] = field(default_factory=dict)
    translations: TranslationsDocument | None = None
    translations_note: str = f"{TRANSLATIONS_FILE} not found"
    days: list[DayChanges] = field(default_factory=list)
    attachments: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Anthropic model id → its fates on the partner platforms (snapshots/platforms.json).
    platform_fates: dict[str, list[PlatformFate]] = field(default_factory=dict)


def reference_language(latest: LatestDocument) -> str | None:
    """English, else the first language available."""
    languages = sorted(latest.languages, key=language_rank)
    return languages[0] if languages else None


def model_lives(record: PageRecord, first_seen: Mapping[str, date], today: date) -> list[ModelLife]:
    """Every model of the status table, then those only the deprecation history still lists
    (ones the table dropped: retired once their date has passed)."""
    history: dict[str, tuple[Deprecation, DeprecationEntry]] = {}
    for section in sorted(record.deprecations, key=lambda d: (d.announced_on, d.anchor)):
        for entry in section.entries:  # the newest section wins
            history[entry.model_id] = (section, entry)
    lives: list[ModelLife] = []
    for model in record.models:
        announcement, listed = history.pop(model.model_id, (None, None))
        retirement = model.retirement_date or (listed.retirement_date if listed else None)
        lives.append(
            ModelLife(
                model_id=model.model_id,
                state=model.state,
                state_label=model.state_label,
                in_status_table=True,
                first_seen=first_seen.get(model.model_id),
                announced_on=announcement.announced_on if announcement else None,
                deprecated_on=model.deprecated_on,
                retirement_date=retirement,
                not_before=bool(model.retirement_not_before)
                and model.retirement_date == retirement,
                replacement=listed.replacement if listed else None,
                anchor=announcement.anchor if announcement else STATUS_ANCHOR,
                retirement_kind=model.retirement_kind
                if model.retirement_date == retirement
                else "date",
                retirement_label=model.retirement_label,
            )
        )
    for model_id, (section, entry) in history.items():
        day = entry.retirement_date
        lives.append(
            ModelLife(
                model_id=model_id,
                state="retired" if day and day <= today else None,
                state_label="",
                in_status_table=False,
                first_seen=None,
                announced_on=section.announced_on,
                deprecated_on=None,
                retirement_date=day,
                not_before=False,
                replacement=entry.replacement,
                anchor=section.anchor,
                retirement_kind=entry.retirement_kind if day is None else "date",
                retirement_label=entry.retirement_label,
            )
        )
    return _with_note_models(lives, record.note_models, first_seen)


def _with_note_models(
    lives: list[ModelLife], notes: Sequence[NoteModel], first_seen: Mapping[str, date]
) -> list[ModelLife]:
    """Models a note states and no status table lists, their facts merged with the history's."""
    listed = {life.model_id for life in lives if life.in_status_table}
    merged: dict[str, dict[str, Any]] = {}
    for note in notes:  # a model in two notes: the first to state a fact gives it
        if note.model_id in listed:
            continue
        facts = merged.setdefault(note.model_id, {"anchor": note.section})
        found = {
            "state": note.state,
            "replacement": note.replacement,
            "retirement_date": note.date if note.date_kind == "retirement" else None,
            "deprecated_on": note.date if note.date_kind == "deprecation" else None,
        }
        for key, value in found.items():
            if facts.get(key) is None:
                facts[key] = value
    out = []
    for life in lives:
        if life.model_id not in merged:
            out.append(life)
            continue
        facts = merged.pop(life.model_id)
        out.append(
            ModelLife(
                model_id=life.model_id,
                state=facts["state"] or life.state,
                state_label="",
                in_status_table=False,
                first_seen=life.first_seen,
                announced_on=life.announced_on,
                deprecated_on=facts["deprecated_on"] or life.deprecated_on,
                retirement_date=facts["retirement_date"] or life.retirement_date,
                not_before=False,
                replacement=facts["replacement"] or life.replacement,
                anchor=facts["anchor"],
                from_note=True,
                retirement_kind="date" if facts["retirement_date"] else life.retirement_kind,
                retirement_label=life.retirement_label,
            )
        )
    for model_id, facts in sorted(merged.items()):
        out.append(
            ModelLife(
                model_id=model_id,
                state=facts["state"],
                state_label="",
                in_status_table=False,
                first_seen=first_seen.get(model_id),
                announced_on=None,
                deprecated_on=facts["deprecated_on"],
                retirement_date=facts["retirement_date"],
                not_before=False,
                replacement=facts["replacement"],
                anchor=facts["anchor"],
                from_note=True,
            )
        )
    return out


def table_order(life: ModelLife) -> tuple[Any, ...]:
    """Most urgent first: deprecated, legacy, active by retirement date; retired last, newest."""
    retirement = life.retirement_date or date.max
    if life.state == "retired":
        return (STATE_ORDER["retired"], -retirement.toordinal(), life.model_id)
    return (STATE_ORDER.get(life.state, 3), retirement, life.model_id)


def chart_order(life: ModelLife) -> tuple[Any, ...]:
    return (life.retirement_date or date.max, life.start() or date.max, life.model_id)


# -- reading the data directory -----------------------------------------------------------------


def read_site_input(
    data_dir: Path | None = None, snapshot: str | None = None, *, days: int = DEFAULT_DAYS
) -> SiteInput:
    """What the page shows. With `snapshot` only the records are known (no changes, feeds or
    translations matrix). Raises `SnapshotError` when the records cannot be read."""
    latest = load_latest(data_dir, snapshot)
    site = SiteInput(latest=latest)
    if snapshot:
        site.translations_note = "the site was built from a published latest.json alone"
        return site
    root = data_dir or Path.cwd()
    reference = reference_language(latest)
    if reference:
        site.first_seen = first_seen_dates(root / "snapshots" / reference, site.warnings)
    _read_translations(root, site)
    site.days = recent_days(root / "diffs", days, site.warnings)
    platforms = read_platforms_document(root / "snapshots" / "platforms.json")
    site.platform_fates = dict(platforms.models) if platforms else {}
    linked = [day.report for day in site.days if day.report]
    for relative in [name for name, _label, _what in ATTACHMENTS] + linked:
        path = root / relative
        if path.is_file():
            site.attachments[relative] = path.read_bytes()
    return site


def first_seen_dates(language_dir: Path, warnings: list[str]) -> dict[str, date]:
    """Model id → the first day one of this language's snapshots lists it (a table or a note)."""
    seen: dict[str, date] = {}
    for path in sorted(language_dir.glob("????-??-??.json")):
        try:
            day = date.fromisoformat(path.stem)
            data = json.loads(path.read_text(encoding="utf-8"))
            # A model a note states (no table lists it) is seen too.
            models = [*data["models"], *data.get("note_models", [])]
            ids = [str(model["model_id"]) for model in models]
        except (ValueError, KeyError, TypeError) as error:
            warnings.append(f"{path}: skipped for first-seen dates ({error})")
            continue
        for model_id in ids:
            seen.setdefault(model_id, day)
    return seen


def _read_translations(root: Path, site: SiteInput) -> None:
    path = root / TRANSLATIONS_FILE
    if not path.is_file():
        return
    try:
        site.translations = parse_translations(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, SiteError) as error:  # JSONDecodeError and UnicodeDecodeError too
        site.translations_note = f"{path} could not be read ({error})"
        site.warnings.append(f"{site.translations_note}; showing snapshot dates instead")


def parse_translations(data: Any) -> TranslationsDocument:
    """`diffs/translations.json` as the tracker writes it (`TranslationsDocument`)."""
    try:
        return TranslationsDocument.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "the document"
        raise SiteError(f"{where}: {problem['msg']}") from None


def recent_days(diffs: Path, limit: int, warnings: list[str]) -> list[DayChanges]:
    """The newest `limit` day files (`diffs/YYYY-MM-DD.json`), newest first."""
    found: list[DayChanges] = []
    for path in sorted(diffs.glob("????-??-??.json"), reverse=True):
        if len(found) >= limit:
            break
        try:
            document = DayEvents.model_validate_json(path.read_text(encoding="utf-8"))
        except (ValidationError, ValueError) as error:
            warnings.append(f"{path}: not a day file, skipped ({str(error).splitlines()[0]})")
            continue
        report = path.with_suffix(".md")
        found.append(
            DayChanges(
                day=document.date,
                events=sorted(document.events, key=event_sort_key),
                report=f"diffs/{report.name}" if report.is_file() else None,
            )
        )
    return found


# -- the page -----------------------------------------------------------------------------------


def _asset(name: str) -> str:
    return (resources.files("scraper.publish") / "site_assets" / name).read_text(encoding="utf-8")


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _safe_link(url: str | None) -> str | None:
    """Only web links from the data become hrefs (never `javascript:` and the like)."""
    return url if url and url.startswith(("https://", "http://")) else None


def countdown_text(days: int) -> str:
    if days == 0:
        return "today"
    if days > 0:
        return f"in {days} day{'s' if days != 1 else ''}"
    return f"{-days} day{'s' if days != -1 else ''} ago"


def _date_cell(day: date | None) -> str:
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>' if day else "—"


def _retirement_cell(life: ModelLife, today: date) -> str:
    day = life.retirement_date
    undated = life.undated_retirement()
    if undated:
        return f'<span class="undated">{escape(undated)}</span>'
    if day is None:
        return "—"
    prefix = '<span class="nsb">not sooner than</span> ' if life.not_before else ""
    days = (day - today).days
    return (
        f'{prefix}<time datetime="{day.isoformat()}">{day.isoformat()}</time>'
        f'<br><span class="countdown" data-countdown="{day.isoformat()}">'
        f"{countdown_text(days)}</span>"
    )


def _state_badge(life: ModelLife) -> str:
    state = life.state or "unknown"
    if life.from_note:
        label = life.state or "no state given"
    elif not life.in_status_table:
        label = "retired (history only)"
    elif life.state_label and life.state_label.casefold() != state:
        label = f"{state} ({life.state_label})"
    else:
        label = state
    return f'<span class="badge state-{_attr(state)}">{escape(label)}</span>'


def _model_name(life: ModelLife) -> str:
    """The model id; one only a note states is marked so."""
    mark = ' <span class="from-note">from a note</span>' if life.from_note else ""
    return f"<code>{escape(life.model_id)}</code>{mark}"


MODEL_COLUMNS = ("Model", "State", "Deprecated", "Retirement", "Replacement", "Source")


def models_table(
    lives: Sequence[ModelLife],
    lang: str,
    today: date,
    platforms: Mapping[str, Sequence[PlatformFate]] | None = None,
) -> str:
    """The status table. On a phone its rows become cards (CSS); the explicit roles keep it a
    table for screen readers there, and `data-label` names each cell. With `platforms` (when
    partner platforms are tracked), a column says each model's fate on each of them."""
    columns = MODEL_COLUMNS + (("Platforms",) if platforms else ())
    rows = []
    for life in sorted((lv for lv in lives if lv.in_status_table or lv.from_note), key=table_order):
        cells = (
            _state_badge(life),
            _date_cell(life.deprecated_on),
            _retirement_cell(life, today),
            _code(life.replacement),
            f'<a href="{_attr(page_url(lang, life.anchor))}">page</a>',
        ) + ((_platforms_cell(platforms.get(life.model_id, ())),) if platforms else ())
        rows.append(
            f'<tr role="row" class="model state-{_attr(life.state or "unknown")}">'
            f'<th role="rowheader" scope="row">{_model_name(life)}</th>'
            + "".join(
                f'<td role="cell" data-label="{label}">{cell}</td>'
                for label, cell in zip(columns[1:], cells, strict=True)
            )
            + "</tr>"
        )
    head = "".join(f'<th role="columnheader" scope="col">{c}</th>' for c in columns)
    return (
        '<div class="scroll" role="region" aria-labelledby="models-caption" tabindex="0">'
        '<table id="models" role="table"><caption id="models-caption">Every model in the status '
        "table, and any only a note of the page states, most urgent first</caption>"
        f'<thead role="rowgroup"><tr role="row">{head}</tr>'
        '</thead><tbody role="rowgroup">' + "".join(rows) + "</tbody></table></div>"
    )


def _platforms_cell(fates: Sequence[PlatformFate]) -> str:
    """One line per platform that lists the model, linking to the page it was read from."""
    lines = []
    for fate in fates:
        text = escape(fate_cell_text(fate))
        link = _safe_link(fate.page)
        lines.append(f'<a href="{_attr(link)}">{text}</a>' if link else text)
    return "<br>".join(lines) or "—"


def _code(value: str | None) -> str:
    return f"<code>{escape(value)}</code>" if value else "—"


# -- the timeline chart -------------------------------------------------------------------------

NOT_BEFORE_TAIL_DAYS = 60  # how far past a "not sooner than" date the dashed tail runs
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ChartLayout:
    """Wide: names in a column left of the bars. Narrow (phones): each name above its bar."""

    name: str
    width: int
    label_width: int  # 0: the name goes above the bar
    row_height: int
    axis_height: int = 34
    quarter_labels: bool = True

    @property
    def bar_offset(self) -> int:
        """From a row's top to its bar's middle."""
        return self.row_height // 2 if self.label_width else self.row_height - 9


WIDE = ChartLayout("timeline", width=960, label_width=236, row_height=22)
NARROW = ChartLayout(
    "timeline-narrow", width=400, label_width=0, row_height=32, axis_height=30, quarter_labels=False
)


@dataclass(frozen=True)
class _Scale:
    first: date
    last: date
    left: int
    right: int

    def x(self, day: date) -> float:
        span = max((self.last - self.first).days, 1)
        return round(self.left + (self.right - self.left) * (day - self.first).days / span, 1)


UNDATED_CHAR_PX = 6.2  # width of a character of the 10 px monospace label, with some room


Fates = Mapping[str, Sequence[PlatformFate]]  # Anthropic model id → its fates on the platforms


def _platform_ends(life: ModelLife, platforms: Fates | None) -> list[PlatformFate]:
    """The model's fates that give a day it stops answering there (the chart's markers)."""
    return [fate for fate in (platforms or {}).get(life.model_id, ()) if fate.end is not None]


def _chart_scale(
    lives: Sequence[ModelLife], today: date, layout: ChartLayout, platforms: Fates | None = None
) -> _Scale:
    days = [day for life in lives for day in life.dates()] + [today]
    days += [f.end.date for life in lives for f in _platform_ends(life, platforms) if f.end]
    first, last = min(days), max(days) + timedelta(days=NOT_BEFORE_TAIL_DAYS + 15)
    quarter = date(first.year, ((first.month - 1) // 3) * 3 + 1, 1)
    left, right = layout.label_width + 4, layout.width - 12
    # A retirement without a day is a label right of today's end of its bar: leave it room.
    labels = [len(text) for life in lives if (text := life.undated_retirement())]
    if labels and layout.label_width:
        room = max(labels) * UNDATED_CHAR_PX + 8
        before_today = (today - quarter).days
        needed = ceil(before_today * (right - left) / max(right - left - room, 1.0))
        last = max(last, quarter + timedelta(days=needed))
    return _Scale(quarter, last, left, right)


def life_sentence(life: ModelLife) -> str:
    parts = [life.model_id + (" (stated in a note of the page):" if life.from_note else ":")]
    if life.state:
        parts.append(f"{life.state};")
    if life.first_seen:
        parts.append(f"listed since {life.first_seen.isoformat()} (first seen by the tracker);")
    if life.announced_on:
        parts.append(f"deprecation announced {life.announced_on.isoformat()};")
    if life.deprecated_on:
        parts.append(f"deprecated {life.deprecated_on.isoformat()};")
    undated = life.undated_retirement()
    if life.retirement_date:
        when = ("not sooner than " if life.not_before else "") + life.retirement_date.isoformat()
        parts.append(f"retirement {when}")
    elif undated:
        parts.append(undated)
    else:
        parts.append("no retirement date")
    return " ".join(parts)


def timeline_svg(
    lives: Sequence[ModelLife],
    today: date,
    layout: ChartLayout = WIDE,
    platforms: Fates | None = None,
) -> str:
    """Inline SVG, one row per model: listed, deprecated, retirement (a dashed, open end when
    the page says "not sooner than"); a lettered marker per partner platform's end date; a line
    for today."""
    ordered = sorted(lives, key=chart_order)
    scale = _chart_scale(ordered, today, layout, platforms)
    top, name = layout.axis_height, layout.name
    height = top + layout.row_height * len(ordered) + 8
    # The scale, for the page's script to draw the today line on the visitor's day.
    scale_data = (
        f'data-first="{scale.first.isoformat()}" data-last="{scale.last.isoformat()}" '
        f'data-left="{scale.left}" data-right="{scale.right}"'
    )
    out = [
        f'<svg id="{name}" class="chart chart-{"wide" if layout.label_width else "narrow"}" '
        f'viewBox="0 0 {layout.width} {height}" width="{layout.width}" height="{height}" '
        f'role="img" aria-labelledby="{name}-title {name}-desc" {scale_data} '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{name}-title">Timeline of every model\'s life</title>',
        f'<desc id="{name}-desc">{len(ordered)} models, one row each, ordered by retirement '
        "date: a thin bar while listed, a thick bar from deprecation to retirement, a solid end "
        'on a fixed retirement date and a dashed, open end on a "not sooner than" date. '
        + _platform_desc(platforms)
        + f"The vertical line is {today.isoformat()}. The same data is in the table below the "
        "chart.</desc>",
    ]
    out += _axis(scale, height, layout)
    for index, life in enumerate(ordered):
        ends = _platform_ends(life, platforms)
        out.append(_row(life, scale, top + index * layout.row_height, layout, today, ends))
    x = scale.x(today)
    anchor = "end" if x > layout.width * 0.85 else "middle"
    out.append(
        f'<line class="today" x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 4}"/>'
        f'<text class="today-label" x="{x}" y="{top - 9}" text-anchor="{anchor}">'
        f"{today.isoformat()}</text>"
    )
    out.append("</svg>")
    return "".join(out)


def _axis(scale: _Scale, height: int, layout: ChartLayout) -> list[str]:
    parts = ['<g class="axis" aria-hidden="true">']
    month = date(scale.first.year, scale.first.month, 1)
    while month <= scale.last:
        x = scale.x(month)
        if month.month == 1:
            parts.append(f'<line class="year" x1="{x}" y1="0" x2="{x}" y2="{height - 4}"/>')
            if x + 34 < layout.width:  # no label cut at the edge
                parts.append(f'<text x="{x + 3}" y="12">{month.year}</text>')
        elif month.month in (4, 7, 10):
            parts.append(f'<line class="quarter" x1="{x}" y1="16" x2="{x}" y2="{height - 4}"/>')
            if layout.quarter_labels and x + 24 < layout.width:  # no label cut at the edge
                parts.append(
                    f'<text class="minor" x="{x + 3}" y="12">{MONTHS[month.month - 1]}</text>'
                )
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    parts.append("</g>")
    return parts


def _platform_desc(platforms: Fates | None) -> str:
    if not any(fate.end for fates in (platforms or {}).values() for fate in fates):
        return ""
    letters = ", ".join(f"{p.mark} for {p.title}" for p in PLATFORMS.values())
    return (
        f"A lettered square ({letters}) marks the day a partner platform stops serving the "
        "model (hollow when only 'not sooner than'); the model table's Platforms column says "
        "the same. "
    )


def _row(
    life: ModelLife,
    scale: _Scale,
    top: int,
    layout: ChartLayout,
    today: date,
    platform_ends: Sequence[PlatformFate] = (),
) -> str:
    mid = top + layout.bar_offset
    state = life.state or "unknown"
    label = (
        f'x="{layout.label_width - 8}" y="{mid + 4}" text-anchor="end"'
        if layout.label_width
        else f'x="{scale.left}" y="{top + 11}"'
    )
    undated = life.undated_retirement()
    # On a phone the name line has room to say it; on a wide chart it goes after the bar.
    said = f" · {_short(undated, 34)}" if undated and not layout.label_width else ""
    name_limit = (23 if life.from_note else 30) - (8 if said else 0)
    parts = [
        f'<g class="row state-{_attr(state)}{" from-note" if life.from_note else ""}" '
        f'data-model="{_attr(life.model_id)}">',
        f"<title>{escape(_row_sentence(life, platform_ends))}</title>",
        f'<text class="label" {label}>{escape(_short(life.model_id, name_limit))}'
        f"{' (note)' if life.from_note else ''}{escape(said)}</text>",
    ]
    start, end = life.start(), life.retirement_date
    deprecated = life.deprecated_on or life.announced_on
    last = end or today  # no retirement date yet: its life so far
    if start and start < last:
        listed_end = min(deprecated, last) if deprecated else last
        if start < listed_end:
            parts.append(_bar("listed", scale.x(start), scale.x(listed_end), mid, 4))
        if deprecated and deprecated < last:
            parts.append(_bar("deprecated", scale.x(deprecated), scale.x(last), mid, 10))
    if life.announced_on:
        x = scale.x(life.announced_on)
        parts.append(
            f'<path class="announced" d="M{x} {mid - 7} l4 4 l-4 4 l-4 -4 z">'
            f"<title>deprecation announced {life.announced_on.isoformat()}</title></path>"
        )
    if undated and layout.label_width:
        parts.append(
            f'<text class="undated" x="{scale.x(last) + 6}" y="{mid + 4}">{escape(undated)}</text>'
        )
    if end:
        x = scale.x(end)
        if life.not_before:
            tail = scale.x(end + timedelta(days=NOT_BEFORE_TAIL_DAYS))
            parts.append(
                f'<line class="not-before" x1="{x}" y1="{mid}" x2="{tail}" y2="{mid}"/>'
                f'<circle class="not-before-end" cx="{x}" cy="{mid}" r="5">'
                f"<title>retirement not sooner than {end.isoformat()}</title></circle>"
            )
        else:
            parts.append(
                f'<rect class="retirement" x="{x - 2}" y="{mid - 8}" width="4" height="16">'
                f"<title>retirement {end.isoformat()}</title></rect>"
            )
    parts += [_platform_marker(fate, scale, mid) for fate in platform_ends]
    parts.append("</g>")
    return "".join(parts)


def _row_sentence(life: ModelLife, platform_ends: Sequence[PlatformFate]) -> str:
    return "; ".join([life_sentence(life)] + [fate_sentence(fate) for fate in platform_ends])


PLATFORM_MARK_SIZE = 10  # px: the lettered square marking a platform's end date


def _platform_marker(fate: PlatformFate, scale: _Scale, mid: int) -> str:
    """A square lettered with the platform's mark at the day it stops serving the model, with
    the whole sentence as its tooltip; hollow when the day is only "not sooner than"."""
    assert fate.end is not None
    x, half = scale.x(fate.end.date), PLATFORM_MARK_SIZE // 2
    hollow = " not-before" if fate.end.kind == "retirement_not_sooner_than" else ""
    mark = PLATFORMS[fate.platform].mark
    return (
        f'<g class="platform-end platform-{_attr(fate.platform)}{hollow}" '
        f'data-platform="{_attr(fate.platform)}" data-date="{fate.end.date.isoformat()}">'
        f"<title>{escape(fate_sentence(fate))}</title>"
        f'<rect x="{round(x - half, 1)}" y="{mid - half}" width="{PLATFORM_MARK_SIZE}" '
        f'height="{PLATFORM_MARK_SIZE}" rx="2"/>'
        f'<text x="{x}" y="{mid + 3}" text-anchor="middle" aria-hidden="true">{escape(mark)}</text>'
        "</g>"
    )


def _bar(kind: str, x1: float, x2: float, mid: int, thickness: int) -> str:
    return (
        f'<rect class="{kind}" x="{x1}" y="{mid - thickness // 2}" '
        f'width="{round(max(x2 - x1, 1.0), 1)}" height="{thickness}" rx="2"/>'
    )


def _short(model_id: str, limit: int = 30) -> str:
    return model_id if len(model_id) <= limit else model_id[: limit - 1] + "…"


def timeline_table(lives: Sequence[ModelLife]) -> str:
    """The chart's data as a table (its text alternative)."""
    rows = []
    for life in sorted(lives, key=chart_order):
        retirement = _date_cell(life.retirement_date)
        if life.not_before and life.retirement_date:
            retirement = "not sooner than " + retirement
        if undated := life.undated_retirement():
            retirement = escape(undated)
        rows.append(
            f'<tr><th scope="row">{_model_name(life)}</th>'
            f'<td data-label="First seen">{_date_cell(life.first_seen)}</td>'
            f'<td data-label="Deprecation announced">{_date_cell(life.announced_on)}</td>'
            f'<td data-label="Deprecated">{_date_cell(life.deprecated_on)}</td>'
            f'<td data-label="Retirement">{retirement}</td></tr>'
        )
    return (
        '<div class="scroll" role="region" aria-labelledby="timeline-caption" tabindex="0">'
        '<table id="timeline-table"><caption id="timeline-caption">The timeline as a table'
        '</caption><thead><tr><th scope="col">Model</th><th scope="col">First seen</th>'
        '<th scope="col">Deprecation announced</th><th scope="col">Deprecated</th>'
        '<th scope="col">Retirement</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></div>"
    )


# -- translations, changes, links ---------------------------------------------------------------


def _language_name(lang: str) -> str:
    name = LANGUAGE_NAMES.get(lang)
    return f"{name} ({lang})" if name else lang


def aspect_label(aspect: str) -> str:
    """An aspect of the matrix as people name it (`retirement_date` → "Retirement date")."""
    if aspect in ASPECT_TITLES:
        return ASPECT_TITLES[aspect]
    words = " ".join(aspect.replace("_", " ").split())  # an aspect newer than this site
    return words[:1].upper() + words[1:]


def _status_text(status: str, lag_days: int | None) -> str:
    if status == "lagging" and lag_days is not None:
        return f"lagging {lag_days} day{'s' if lag_days != 1 else ''}"
    return status


def _status_cell(status: str, lag_days: int | None, english: date | None, label: str) -> str:
    css = VERDICT_CLASS.get(status, "other")
    title = (
        f' title="matches the English page of {english.isoformat()}"'
        if status == "lagging" and english
        else ""
    )
    return (
        f'<td class="verdict {css}" data-label="{_attr(label)}"{title}>'
        f"{escape(_status_text(status, lag_days))}</td>"
    )


def translations_section(site: SiteInput) -> str:
    if site.translations is not None:
        return translations_matrix(site.translations, MATRIX_FILE in site.attachments)
    return translations_fallback(site.latest, site.translations_note)


def translations_matrix(document: TranslationsDocument, linked: bool = False) -> str:
    """Languages x aspects; a lagging cell's title names the English revision it matches."""
    head = "".join(f'<th scope="col">{escape(aspect_label(a))}</th>' for a in document.aspects)
    rows = []
    for lang in sorted(document.languages, key=language_rank):
        verdict = document.languages[lang]
        cells = "".join(
            _status_cell(cell.status, cell.lag_days, cell.english_date, aspect_label(aspect))
            if cell
            else f'<td data-label="{_attr(aspect_label(aspect))}">—</td>'
            for aspect, cell in ((a, verdict.cells.get(a)) for a in document.aspects)
        )
        rows.append(
            f'<tr><th scope="row">{escape(_language_name(lang))}</th>'
            f'<td data-label="Snapshot">{_date_cell(verdict.snapshot_date)}</td>'
            + _status_cell(verdict.verdict, verdict.lag_days, verdict.lags_english_of, "Verdict")
            + cells
            + "</tr>"
        )
    english = document.english_snapshot_date
    against = f" of {_date_cell(english)}" if english else ""
    details = (
        f' Every finding: <a href="{MATRIX_FILE}">the translations matrix</a>.' if linked else ""
    )
    empty = "" if rows else '<p class="note">No translation has a snapshot yet.</p>'
    return (
        '<p class="note">Lagging: the translation still says what English said before (point '
        "at a lagging cell for the English revision it matches); conflict: it says what English "
        f"never said.{details}</p>{empty}"
        '<div class="scroll" role="region" aria-labelledby="translations-caption" tabindex="0">'
        '<table id="translations"><caption id="translations-caption">Each translation compared '
        f"with the English page{against}: current, lagging (by how many days) or in conflict"
        '</caption><thead><tr><th scope="col">Language</th><th scope="col">Snapshot</th>'
        f'<th scope="col">Verdict</th>{head}</tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></div>"
    )


def translations_fallback(latest: LatestDocument, note: str) -> str:
    findings: dict[str, list[Finding]] = {}
    for finding in latest.findings:
        findings.setdefault(finding.language, []).append(finding)
    rows = []
    for lang in sorted(latest.languages, key=language_rank):
        entry = latest.languages[lang]
        found = findings.get(lang, [])
        listed = "; ".join(f.message for f in found[:3]) + ("; …" if len(found) > 3 else "")
        rows.append(
            f'<tr><th scope="row">{escape(_language_name(lang))}</th>'
            f"<td>{_date_cell(entry.snapshot_date)}</td><td>{len(entry.record.models)}</td>"
            f"<td>{len(found)}{(': ' + escape(listed)) if found else ''}</td></tr>"
        )
    return (
        f'<p class="note" id="matrix-missing">The translations matrix is not available yet '
        f"({escape(note)}). Each language's last snapshot instead:</p>"
        '<div class="scroll" role="region" aria-labelledby="translations-caption" tabindex="0">'
        '<table id="translations"><caption id="translations-caption">Each language\'s last '
        'snapshot</caption><thead><tr><th scope="col">Language</th><th scope="col">Snapshot'
        '</th><th scope="col">Models</th><th scope="col">Disagreements with English</th></tr>'
        "</thead><tbody>" + "".join(rows) + "</tbody></table></div>"
    )


def report_link(relative: str, repo_url: str | None) -> str:
    return f"{repo_url.rstrip('/')}/{relative}" if repo_url else relative


def changes_section(days: Sequence[DayChanges], repo_url: str | None, matrix: bool = False) -> str:
    """Each day's changes in the day report's sentences, per language, English first.

    Translation findings are counted (there can be dozens), linked to the matrix when it is
    part of the site (`matrix`)."""
    if not days:
        return '<p class="note">No changes recorded yet.</p>'
    out = []
    for day in days:
        count = count_changes(day.events)  # as the day report and the feeds count them
        report = (
            f' · <a href="{_attr(report_link(day.report, repo_url))}">day report</a>'
            if day.report
            else ""
        )
        by_language: dict[str, list[Event]] = {}
        for event in day.events:
            if event.type not in FINDING_TYPES:
                by_language.setdefault(event.language, []).append(event)
        blocks = [
            _language_changes(lang, by_language[lang])
            for lang in sorted(by_language, key=language_rank)
        ]
        blocks.append(_findings_block(day.events, matrix))
        said = f"{counted(count, 'change')} on the pages" if count else "No change"
        out.append(
            f'<article class="day"><h3><time datetime="{day.day.isoformat()}">'
            f"{day.day.isoformat()}</time></h3><p>{said}{report}</p>{''.join(blocks)}</article>"
        )
    return "".join(out)


def _language_changes(lang: str, events: Sequence[Event]) -> str:
    """One language's change sentences (`changes_section` passes no findings: they are said
    once for the day, in `_findings_block`)."""
    lines = _merge_wording(language_lines(events))
    items = [_line_item(line) for line in lines[:LINES_PER_LANGUAGE]]
    if len(lines) > LINES_PER_LANGUAGE:
        items.append(f"<li>and {len(lines) - LINES_PER_LANGUAGE} more in the day report</li>")
    return (
        f'<section class="lang" aria-label="{_attr(_language_name(lang))}">'
        f"<h4>{escape(_language_name(lang))}</h4><ul>{''.join(items)}</ul></section>"
    )


def _merge_wording(lines: list[Line]) -> list[Line]:
    """Reworded sections as one line: each has its diff in the day report."""
    wording = [line for line in lines if line.kind == "page_text_changed"]
    if len(wording) < 2:
        return lines
    merged = Line(
        "page_text_changed",
        (),
        f"Wording changed in {len(wording)} sections (the day report shows each change)",
        "wording",
    )
    return [line for line in lines if line.kind != "page_text_changed"] + [merged]


def _line_item(line: Line) -> str:
    sentence = line.plain()
    if len(sentence) > SENTENCE_LIMIT:
        sentence = sentence[: SENTENCE_LIMIT - 1].rstrip() + "…"
    if len(line.models) == 1 and sentence.startswith(line.models[0]):
        model = line.models[0]
        text = f"<code>{escape(model)}</code>{escape(sentence[len(model) :])}"
    else:
        text = escape(sentence)
    links = [
        f'<a class="where" href="{_attr(url)}">{escape(link.text)}</a>'
        for link in line.links
        if (url := _safe_link(link.url))
    ]
    return f"<li>{text}{' (' + ', '.join(links) + ')' if links else ''}</li>"


def _findings_block(events: Sequence[Event], matrix: bool) -> str:
    """The day's findings in one line, counted as the day report counts them: the same finding
    on ten translations is one distinct finding, not ten lines."""
    found = [event for event in events if event.type in FINDING_TYPES]
    if not found:
        return ""
    languages = {event.language for event in found}
    # The events' own links may be relative to diffs/; from index.html only these work.
    if matrix:
        only = next(iter(languages)) if len(languages) == 1 else None
        url: str | None = MATRIX_FILE + (f"#{matrix_anchor(only)}" if only else "")
    else:
        url = _safe_link(found[0].link.partition("#")[0])
    link = f' (<a href="{_attr(url)}">translations matrix</a>)' if url else ""
    names = [LANGUAGE_NAMES.get(lang, lang) for lang in sorted(languages, key=language_rank)]
    pages = f"the {join_words(names)} {agree(len(names), 'page')}"
    return (
        '<section class="lang findings" aria-label="Findings"><h4>Findings</h4><ul>'
        f'<li class="findings">{escape(finding_counts(found, nouns=True))}, on {escape(pages)}'
        f"{link}.</li></ul></section>"
    )


def links_section(attachments: Iterable[str]) -> str:
    present = set(attachments)
    items = [
        f'<li><a href="{_attr(path)}">{escape(label)}</a> — {escape(what)}</li>'
        for path, label, what in ATTACHMENTS
        if path in present
    ]
    if not items:
        return '<p class="note">No feeds or calendar in this build (built from latest.json).</p>'
    return f"<ul>{''.join(items)}</ul>"


# -- the whole page -----------------------------------------------------------------------------


def render_index(site: SiteInput, today: date, *, repo_url: str | None = None) -> str:
    """index.html: deterministic for the same input and `today`."""
    lang = reference_language(site.latest)
    if lang is None:
        raise SiteError("latest.json has no language; run `deprecation-tracker run` first")
    entry = site.latest.languages[lang]
    lives = model_lives(entry.record, site.first_seen, today)
    feed_links = "".join(
        f'<link rel="alternate" type="{kind}" title="{title}" href="{path}">'
        for path, kind, title in (
            ("diffs/feed.atom", "application/atom+xml", "Changes (Atom)"),
            ("diffs/feed.json", "application/feed+json", "Changes (JSON Feed)"),
        )
        if path in site.attachments
    )
    snapshot_day = entry.snapshot_date.isoformat() if entry.snapshot_date else "unknown"
    # Every value is HTML already (escaped where it comes from the data).
    return Template(_asset("index.html")).substitute(
        generator=_attr(GENERATOR),
        home_url=_attr(PROJECT_URL),
        feed_links=feed_links,
        css=_asset("site.css"),
        js=_asset("site.js"),
        source_url=_attr(page_url(lang)),
        language=escape(_language_name(lang)),
        snapshot_day=snapshot_day,
        today=today.isoformat(),
        model_count=sum(1 for life in lives if life.in_status_table or life.from_note),
        models_table=models_table(lives, lang, today, site.platform_fates),
        timeline_svg=timeline_svg(lives, today, WIDE, site.platform_fates)
        + timeline_svg(lives, today, NARROW, site.platform_fates),
        platform_legend=platform_legend(site.platform_fates),
        timeline_table=timeline_table(lives),
        translations=translations_section(site),
        changes=changes_section(site.days, repo_url, MATRIX_FILE in site.attachments),
        links=links_section(site.attachments),
        holds=holds_notice(site.latest),
    )


def platform_legend(platforms: Fates) -> str:
    """The chart's legend items for the platforms' markers, when any model has one."""
    shown = {fate.platform for fates in platforms.values() for fate in fates if fate.end}
    return "".join(
        f'<li><svg width="12" height="12" aria-hidden="true"><g class="platform-end '
        f'platform-{name}"><rect x="1" y="1" width="10" height="10" rx="2"/>'
        f'<text x="6" y="9" text-anchor="middle">{platform.mark}</text></g></svg> '
        f"{escape(platform.title)} stops serving it</li>"
        for name, platform in PLATFORMS.items()
        if name in shown
    )


def holds_notice(latest: LatestDocument) -> str:
    """One line per language whose newer readings are held back: the page shown may be behind."""
    lines = [
        f'<p class="note held" role="status">'
        f"{escape(held_sentence(lang, entry.held_since, entry.held_reason or 'no reason'))}</p>\n"
        for lang, entry in sorted(latest.languages.items(), key=lambda item: language_rank(item[0]))
        if entry.held_since is not None
    ]
    return "".join(lines)


def build_site(site: SiteInput, today: date, *, repo_url: str | None = None) -> dict[str, bytes]:
    """Every file of the site: relative path → bytes. With `repo_url` the day reports are
    linked there, so no copies of them."""
    reports = {day.report for day in site.days} if repo_url else set()
    files = {path: data for path, data in site.attachments.items() if path not in reports}
    files["index.html"] = render_index(site, today, repo_url=repo_url).encode("utf-8")
    files[".nojekyll"] = b""  # GitHub Pages serves the files as they are
    return dict(sorted(files.items()))


def write_site(out: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write the site into `out`, replacing an earlier build there; refuses any other folder
    that is not empty, so nothing of the user's is overwritten."""
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file; give a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not _is_site(out):
        raise SiteError(
            f"{out} is not empty and holds no site built by this tool; give an empty or new folder"
        )
    for name in OWNED:
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    written = []
    for relative, content in files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


def _is_site(folder: Path) -> bool:
    index = folder / "index.html"
    head = index.read_text(encoding="utf-8", errors="replace")[:2000] if index.is_file() else ""
    return '<meta name="generator" content="deprecation-tracker' in head
