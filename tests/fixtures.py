"""Small pages in the shape of the Model deprecations page, in any of its 12 languages.

The wording is our own (short invented sentences and plain dictionary words), never the page's
text; only the *shape* follows the real page: title, optional subtitle, `---`, an Overview list of
four bold lifecycle terms, prose, a 4-column status table, dated history sections with 3-column
tables, and an optional parameter table.

    text = page("de", [StatusRow("claude-alpha-1", "active", retirement=date(2027, 1, 5),
                                 not_before=True)])
    record = extract(read_markdown(text), language="de", source=SOURCE)

Dates are written by `write_date`, which is independent of `scraper.read.dates` (its own month
tables), so a test that builds a page here and reads it back checks the reader against a second
opinion.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scraper.read.records import Source

SOURCE = Source(url="fixture.md", format="md", sha256="0" * 64)

# Month names as the page prints them, written out here by hand (not taken from scraper/).
MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
        "Oktober", "November", "Dezember",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
        "septiembre", "octubre", "noviembre", "diciembre",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre",
    ),
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
        "September", "Oktober", "November", "Desember",
    ),
    "it": (
        "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
        "settembre", "ottobre", "novembre", "dicembre",
    ),
    "pt-BR": (
        "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
        "setembro", "outubro", "novembro", "dezembro",
    ),
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
        "сентября", "октября", "ноября", "декабря",
    ),
}  # fmt: skip


def write_date(value: date, lang: str, *, spaced: bool = False) -> str:
    """`value` as the page prints it in `lang` (`spaced`: the `2025 年 6 月 30 日` form)."""
    y, m, d = value.year, value.month, value.day
    if lang in ("ja", "zh-CN", "zh-TW"):
        return f"{y} 年 {m} 月 {d} 日" if spaced else f"{y}年{m}月{d}日"
    if lang == "ko":
        return f"{y}년 {m}월 {d}일"
    month = MONTHS[lang][m - 1]
    if lang == "en":
        return f"{month} {d}, {y}"
    if lang == "de":
        return f"{d}. {month} {y}"
    if lang in ("es", "pt-BR"):
        return f"{d} de {month} de {y}"
    return f"{d} {month} {y}"


# "Not sooner than <date>" as each language writes it; `{}` is the date.
NOT_BEFORE: dict[str, tuple[str, ...]] = {
    "en": ("Not sooner than {}",),
    "de": ("Nicht vor dem {}",),
    "es": ("No antes del {}",),
    "fr": ("Pas avant le {}",),
    "id": ("Tidak lebih awal dari {}", "Tidak lebih cepat dari {}"),
    "it": ("Non prima del {}",),
    "ja": ("{}以降",),
    "ko": ("{} 이후 아님",),
    "pt-BR": ("Não antes de {}",),
    "ru": ("Не ранее {}",),
    "zh-CN": ("不早于 {}",),
    "zh-TW": ("不早於 {}",),
}


@dataclass(frozen=True)
class Words:
    """The (invented) wording of a fixture page in one language."""

    title: str
    subtitle: str | None
    overview: str
    terms: tuple[str, str, str, str]  # Active, Legacy, Deprecated, Retired, in that order
    status: str
    status_header: tuple[str, str, str, str]
    history: str
    history_header: tuple[str, str, str]
    retired_note: str  # `{}` is the date
    na: str = "N/A"


WORDS: dict[str, Words] = {
    "en": Words(
        "Model deprecations", None, "Overview",
        ("Active", "Legacy", "Deprecated", "Retired"),
        "Model status",
        ("API Model Name", "Current State", "Deprecated", "Tentative Retirement Date"),
        "Deprecation history",
        ("Retirement Date", "Deprecated Model", "Recommended Replacement"),
        "Gone since {}.",
    ),
    "de": Words(
        "Modellabkündigungen", "Testseite mit erfundenem Text.", "Überblick",
        ("Aktiv", "Veraltet", "Abgekündigt", "Eingestellt"),
        "Modellstatus", ("Modell", "Zustand", "Abgekündigt am", "Einstellung"),
        "Verlauf", ("Einstellung", "Modell", "Nachfolger"),
        "Seit {} abgeschaltet.",
    ),
    "es": Words(
        "Retiradas de modelos", "Página de prueba.", "Resumen",
        ("Activo", "Heredado", "Obsoleto", "Retirado"),
        "Estado de los modelos", ("Modelo", "Estado", "Obsoleto desde", "Retiro"),
        "Historial", ("Retiro", "Modelo", "Sustituto"),
        "Apagado desde el {}.",
    ),
    "fr": Words(
        "Retraits de modèles", "Page de test.", "Aperçu",
        ("Actif", "Hérité", "Obsolète", "Retiré"),
        "État des modèles", ("Modèle", "État", "Obsolète depuis", "Retrait"),
        "Historique", ("Retrait", "Modèle", "Remplaçant"),
        "Éteint depuis le {}.",
    ),
    "id": Words(
        "Penghentian model", "Halaman uji.", "Ringkasan",
        ("Aktif", "Lawas", "Usang", "Pensiun"),
        "Status model", ("Model", "Status", "Usang sejak", "Pensiun"),
        "Riwayat", ("Pensiun", "Model", "Pengganti"),
        "Dimatikan sejak {}.",
    ),
    "it": Words(
        "Ritiro dei modelli", "Pagina di prova.", "Panoramica",
        ("Attivo", "Storico", "Deprecato", "Ritirato"),
        "Stato dei modelli", ("Modello", "Stato", "Deprecato dal", "Ritiro"),
        "Cronologia", ("Ritiro", "Modello", "Sostituto"),
        "Spento dal {}.",
    ),
    "ja": Words(
        "モデルの提供終了", "テスト用のページです。", "概要",
        ("提供中", "旧版", "非推奨", "提供終了"),
        "モデルの状態", ("モデル", "状態", "非推奨化", "終了予定"),
        "履歴", ("終了日", "モデル", "後継"),
        "{}に停止しました。",
    ),
    "ko": Words(
        "모델 지원 종료", "테스트 페이지입니다.", "개요",
        ("활성", "구버전", "지원 중단", "중단됨"),
        "모델 상태", ("모델", "상태", "지원 중단일", "종료일"),
        "이력", ("종료일", "모델", "대체 모델"),
        "{}에 종료되었습니다.",
    ),
    "pt-BR": Words(
        "Descontinuação de modelos", "Página de teste.", "Visão geral",
        ("Ativo", "Legado", "Obsoleto", "Aposentado"),
        "Status dos modelos", ("Modelo", "Estado", "Obsoleto em", "Aposentadoria"),
        "Histórico", ("Aposentadoria", "Modelo", "Substituto"),
        "Desligado desde {}.",
    ),
    "ru": Words(
        "Вывод моделей", "Тестовая страница.", "Обзор",
        ("Активна", "Устаревшая", "Выводится", "Выведена"),
        "Статус моделей", ("Модель", "Состояние", "Объявлено", "Вывод"),
        "История", ("Вывод", "Модель", "Замена"),
        "Отключена с {}.", na="н/д",
    ),
    "zh-CN": Words(
        "模型停用", "测试页面。", "概览",
        ("可用", "旧版", "已弃用", "已退役"),
        "模型状态", ("模型", "状态", "弃用日期", "退役日期"),
        "历史", ("退役日期", "模型", "替代"),
        "已于 {} 关闭。", na="不适用",
    ),
    "zh-TW": Words(
        "模型停用", "測試頁面。", "概覽",
        ("可用", "舊版", "已棄用", "已退役"),
        "模型狀態", ("模型", "狀態", "棄用日期", "退役日期"),
        "歷史", ("退役日期", "模型", "替代"),
        "已於 {} 關閉。",
    ),
}  # fmt: skip

ENGLISH_TERMS = ("Active", "Legacy", "Deprecated", "Retired")
STATE_INDEX = {"active": 0, "legacy": 1, "deprecated": 2, "retired": 3}


@dataclass(frozen=True)
class StatusRow:
    """One row of the status table; `state` is one of the four states, printed in the page's
    own word for it unless `label` says otherwise."""

    model_id: str
    state: str
    deprecated_on: date | None = None
    retirement: date | None = None
    not_before: bool = False
    label: str | None = None  # the state cell verbatim
    retirement_text: str | None = None  # the retirement cell verbatim
    deprecated_text: str | None = None  # the deprecated cell verbatim


@dataclass(frozen=True)
class HistoryEntry:
    retirement: date
    model_id: str
    replacement: str


@dataclass(frozen=True)
class HistorySection:
    announced_on: date
    title: str
    entries: tuple[HistoryEntry, ...]
    retired_on: date | None = None  # adds a `<Note>` saying the models were retired then


@dataclass(frozen=True)
class ParameterRow:
    parameters: tuple[str, ...]
    status: str
    behavior: str
    replacement: str


@dataclass(frozen=True)
class Style:
    """The formatting choices the real page has drifted between."""

    bullet: str = "-"
    front_matter: bool = False  # YAML front matter (title/url/description) instead of an H1
    status_backticks: bool = True  # model ids of the status table in backticks
    pad: bool = True  # pad table cells to one display width per column
    aligned_separator: bool = True  # `|:---|` rather than `| --- |`
    # None: `**Aktiv**: ...`; "after": `**Active** (Aktiv): ...`; "inside": `**Active (Aktiv):**`;
    # "fullwidth": `**Active（Aktiv）**：...`
    english_beside: str | None = None
    history_separator: str = ": "  # also " : " and "："
    indent_callouts: bool = False
    heading_ids: str | None = None  # None, "braces" (`{#id}`), "escaped" (`\{#id}`), "anchor"
    lower_case_headers: bool = False
    absolute_links: bool = False
    source_line: bool = False  # a mirror's `**Source:** URL` line under the H1
    source_comment: bool = False  # a mirror's `<!-- Source: URL -->` comment
    spaced_cjk_dates: bool = False


SAMPLE_ROWS: tuple[StatusRow, ...] = (
    StatusRow("claude-alpha-5", "active", retirement=date(2027, 3, 1), not_before=True),
    StatusRow("claude-beta-4-20250101", "legacy", retirement=date(2026, 12, 1), not_before=True),
    StatusRow("claude-gamma-3-20240601", "deprecated", date(2026, 1, 15), date(2026, 4, 30)),
    StatusRow("claude-delta-2-20240301", "retired", date(2025, 6, 2), date(2025, 9, 1)),
)

SAMPLE_HISTORY: tuple[HistorySection, ...] = (
    HistorySection(
        date(2026, 1, 15),
        "Claude Gamma 3",
        (HistoryEntry(date(2026, 4, 30), "claude-gamma-3-20240601", "claude-alpha-5"),),
    ),
    HistorySection(
        date(2025, 6, 2),
        "Claude Delta 2",
        (HistoryEntry(date(2025, 9, 1), "claude-delta-2-20240301", "claude-alpha-5"),),
        retired_on=date(2025, 9, 1),
    ),
)

SAMPLE_PARAMETERS: tuple[ParameterRow, ...] = (
    ParameterRow(("sampling_knob", "other_knob"), "Deprecated", "Ignored.", "Leave it out."),
)


def retirement_cell(value: date, lang: str, *, not_before: bool, spaced: bool = False) -> str:
    text = write_date(value, lang, spaced=spaced)
    return NOT_BEFORE[lang][0].format(text) if not_before else text


def page(
    lang: str,
    rows: Sequence[StatusRow] = SAMPLE_ROWS,
    history: Sequence[HistorySection] = SAMPLE_HISTORY,
    parameters: Sequence[ParameterRow] = (),
    *,
    style: Style | None = None,
    terms: Sequence[str] | None = None,
    status_note: str | None = None,
    status_table: bool = True,
) -> str:
    """A whole page as Markdown. `terms` replaces the four Overview words of `lang`."""
    style = style or Style()
    words = WORDS[lang]
    local = tuple(terms) if terms is not None else words.terms
    base = "https://platform.claude.com" if style.absolute_links else ""
    url = f"https://platform.claude.com/docs/{lang}/about-claude/model-deprecations"
    out: list[str] = []
    if style.front_matter:
        out += ["---", f"title: {words.title}", f"url: {url}"]
        out += [f"description: {words.subtitle or 'A test page.'}", "---", ""]
    else:
        out += [f"# {words.title}", ""]
        if style.source_comment:
            out += [f"<!-- Source: {url} -->", ""]
        if style.source_line:
            out += [f"**Source:** {url}", ""]
        if words.subtitle:
            out += [words.subtitle, ""]
        out += ["---", ""]
    out += [
        f"Intro text with [a link]({base}/docs/{lang}/guide) in it.",
        "",
        _heading(2, words.overview, "overview", style),
        "",
        "Terms:",
    ]
    for english, word, definition in zip(ENGLISH_TERMS, local, _DEFINITIONS, strict=True):
        out.append(f"{style.bullet} {_term(english, word, style)} {definition}")
    out += ["", _heading(2, "Prose", "prose", style), "", "Some prose.", ""]
    if status_table:
        out += [_heading(2, words.status, "model-status", style), ""]
        if status_note:
            out += [*_callout("Note", status_note, style), ""]
        out += _table(
            _header(words.status_header, style),
            [_status_cells(r, lang, local, style) for r in rows],
            style,
        )
        out.append("")
    if history:
        out += [_heading(2, words.history, "deprecation-history", style), ""]
        for section in history:
            heading = f"{section.announced_on.isoformat()}{style.history_separator}{section.title}"
            out += [_heading(3, heading, None, style), ""]
            if section.retired_on:
                note = words.retired_note.format(write_date(section.retired_on, lang))
                out += [*_callout("Note", note, style), ""]
            out += [f"One sentence about {section.title}.", ""]
            cells = [
                [
                    write_date(e.retirement, lang, spaced=style.spaced_cjk_dates),
                    f"`{e.model_id}`",
                    f"`{e.replacement}`",
                ]
                for e in section.entries
            ]
            out += [*_table(_header(words.history_header, style), cells, style), ""]
    if parameters:
        out += [_heading(2, "API parameters", "api-parameter-deprecations", style), ""]
        cells = [
            [", ".join(f"`{p}`" for p in r.parameters), r.status, r.behavior, r.replacement]
            for r in parameters
        ]
        header = _header(("Parameter", "Status", "Behavior", "Replacement"), style)
        out += [*_table(header, cells, style), ""]
    return "\n".join(out)


_DEFINITIONS = ("fully usable.", "frozen.", "has an end date.", "gone.")


def _term(english: str, word: str, style: Style) -> str:
    if style.english_beside is None or english == word:
        return f"**{word}**:"
    if style.english_beside == "after":
        return f"**{english}** ({word}):"
    if style.english_beside == "inside":
        return f"**{english} ({word}):**"
    if style.english_beside == "fullwidth":
        return f"**{english}（{word}）**："
    raise ValueError(style.english_beside)


def _heading(level: int, text: str, anchor: str | None, style: Style) -> str:
    marks = "#" * level
    if anchor and style.heading_ids == "braces":
        return f"{marks} {text} {{#{anchor}}}"
    if anchor and style.heading_ids == "escaped":
        return f"{marks} {text} \\{{#{anchor}}}"
    if anchor and style.heading_ids == "anchor":
        return f"{marks} [\u200b](#{anchor}) {text}"
    return f"{marks} {text}"


def _callout(tag: str, text: str, style: Style) -> list[str]:
    indent = "  " if style.indent_callouts else ""
    return [f"<{tag}>", f"{indent}{text}", f"</{tag}>"]


def _header(cells: Sequence[str], style: Style) -> list[str]:
    if style.lower_case_headers:
        return [c[:1] + c[1:].lower() for c in cells]
    return list(cells)


def _status_cells(row: StatusRow, lang: str, terms: Sequence[str], style: Style) -> list[str]:
    words = WORDS[lang]
    label = row.label if row.label is not None else terms[STATE_INDEX[row.state]]
    deprecated = row.deprecated_text
    if deprecated is None:
        deprecated = (
            write_date(row.deprecated_on, lang, spaced=style.spaced_cjk_dates)
            if row.deprecated_on
            else words.na
        )
    retirement = row.retirement_text
    if retirement is None:
        retirement = (
            retirement_cell(
                row.retirement, lang, not_before=row.not_before, spaced=style.spaced_cjk_dates
            )
            if row.retirement
            else words.na
        )
    model = f"`{row.model_id}`" if style.status_backticks else row.model_id
    return [model, label, deprecated, retirement]


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(header: list[str], rows: list[list[str]], style: Style) -> list[str]:
    widths = [display_width(c) for c in header]
    if style.pad:
        for row in rows:
            widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=False)]

    def line(cells: Sequence[str]) -> str:
        if not style.pad:
            return "| " + " | ".join(cells) + " |"
        padded = (c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=False))
        return "| " + " | ".join(padded) + " |"

    if style.aligned_separator:
        separator = "|" + "|".join(":" + "-" * (w + 1) for w in widths) + "|"
    else:
        separator = "| " + " | ".join("-" * max(3, w) for w in widths) + " |"
    return [line(header), separator, *(line(r) for r in rows)]
