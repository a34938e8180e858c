"""The static site: its HTML on our own small data directory, the CLI, and a real browser
(headless Chromium from Debian, driven by Playwright) over a data directory replayed from
`../shared/corpus`."""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from recordparts import field_names, history, program_words, record, status

from scraper.cli import main
from scraper.publish.published import latest_path
from scraper.publish.report import render_day_json
from scraper.publish.site import (
    SiteError,
    aspect_label,
    build_site,
    countdown_text,
    parse_translations,
    read_site_input,
    render_index,
    write_site,
)
from scraper.read.languages import LANGUAGES
from scraper.read.records import ModelStatus, NoteModel, PageRecord, dump_json
from scraper.track.consistency import ASPECTS, Finding
from scraper.track.events import Event
from scraper.track.latest import LatestDocument, LatestLanguage
from scraper.track.translations import (
    Cell,
    LanguageVerdict,
    TranslationsDocument,
    translations_document,
)

TODAY = date(2026, 3, 10)
D = date.fromisoformat
HOSTILE_ID = '<script>alert("id")</script>'
HOSTILE_REPLACEMENT = '"><img src=x onerror=alert(1)>'


# -- our own data directory ---------------------------------------------------------------------


def english(extra: list[Any] | None = None) -> PageRecord:
    return record(
        "en",
        [
            status("claude-alpha-1", "retired", D("2025-06-01"), D("2025-12-01")),
            status("claude-beta-2", "deprecated", D("2026-01-05"), D("2026-04-05")),
            status("claude-gamma-3", "active", None, D("2027-01-15"), not_before=True),
            status("claude-delta-4", "legacy", None, D("2026-09-30")),
            *(extra or []),
        ],
        [
            history(
                D("2026-01-05"), "Beta 2", ("claude-beta-2", D("2026-04-05"), "claude-gamma-3")
            ),
            history(
                D("2025-06-01"), "Alpha 1", ("claude-alpha-1", D("2025-12-01"), "claude-beta-2")
            ),
            history(D("2024-02-01"), "Zero", ("claude-zero", D("2024-08-01"), "claude-alpha-1")),
        ],
    )


def event(
    day: date, lang: str, model: str, link: str = "https://example.test/page#model-status"
) -> Event:
    return Event(
        id=f"{day}/{lang}/state_changed/{model}",
        date=day,
        type="state_changed",
        language=lang,
        model_id=model,
        subject=model,
        before="active",
        after="deprecated",
        anchor="model-status",
        link=link,
    )


def write_data_dir(root: Path, en: PageRecord | None = None, **extra: Any) -> Path:
    en = en or english()
    german = en.model_copy(update={"language": "de", "models": en.models[:3]})
    document = LatestDocument(
        languages={
            "en": LatestLanguage(snapshot_date=D("2026-03-01"), record=en.normalized()),
            "de": LatestLanguage(snapshot_date=D("2026-02-01"), record=german.normalized()),
        },
        findings=[
            Finding(
                kind="conflict",
                language="de",
                model_id="claude-delta-4",
                message="claude-delta-4 is missing in the translation",
            )
        ],
    )
    latest = latest_path(root)
    latest.parent.mkdir(parents=True)
    latest.write_text(dump_json(document.model_dump(mode="json")), "utf-8")
    # Two English snapshots: first-seen dates come from them.
    (root / "snapshots" / "en").mkdir()
    early = en.model_copy(update={"models": en.models[:2]})
    (root / "snapshots" / "en" / "2025-05-01.json").write_text(early.to_json(), "utf-8")
    (root / "snapshots" / "en" / "2026-03-01.json").write_text(en.to_json(), "utf-8")
    (root / "snapshots" / "retirements.ics").write_text("BEGIN:VCALENDAR\r\n", "utf-8")
    diffs = root / "diffs"
    diffs.mkdir()
    for day in ("2026-01-05", "2026-02-01", "2026-03-01"):
        events = [event(D(day), "en", "claude-beta-2"), event(D(day), "de", "claude-gamma-3")]
        events += extra.get("events", {}).get(day, [])
        (diffs / f"{day}.json").write_text(render_day_json(D(day), events), "utf-8")
        (diffs / f"{day}.md").write_text(f"# Changes on {day}\n", "utf-8")
    (diffs / "feed.json").write_text("{}\n", "utf-8")
    (diffs / "feed.atom").write_text("<feed/>\n", "utf-8")
    if "translations" in extra:
        matrix = extra["translations"]
        text = matrix.to_json() if isinstance(matrix, TranslationsDocument) else json.dumps(matrix)
        (diffs / "translations.json").write_text(text, "utf-8")
        (diffs / "translations.md").write_text("# Where each translation stands\n", "utf-8")
    return root


def soup_of(root: Path, today: date = TODAY, **kwargs: Any) -> BeautifulSoup:
    site = read_site_input(root, days=kwargs.pop("days", 5))
    return BeautifulSoup(render_index(site, today, **kwargs), "html.parser")


def texts(tags: list[Tag]) -> list[str]:
    return [" ".join(tag.get_text(" ").split()) for tag in tags]


# -- the HTML -----------------------------------------------------------------------------------


def test_models_table_has_a_row_per_model_most_urgent_first(tmp_path: Path) -> None:
    soup = soup_of(write_data_dir(tmp_path))
    table = soup.select_one("table#models")
    assert table is not None and table.caption is not None
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 6
    rows = table.select("tbody tr")
    assert texts([row.th for row in rows]) == [
        "claude-beta-2",  # deprecated, retires soonest
        "claude-delta-4",  # legacy
        "claude-gamma-3",  # active
        "claude-alpha-1",  # retired, last
    ]
    assert all(row.th["scope"] == "row" for row in rows)
    beta, delta, gamma, alpha = texts(rows)
    assert "2026-04-05 in 26 days" in beta and "claude-gamma-3" in beta  # the replacement
    assert "not sooner than 2027-01-15" in gamma
    assert "not sooner than" not in delta
    assert "2025-12-01 99 days ago" in alpha
    countdown = rows[0].select_one("[data-countdown]")
    assert countdown is not None and countdown["data-countdown"] == "2026-04-05"
    assert soup.select_one("#models-heading .count").get_text() == "(4)"


def note(model_id: str, **facts: Any) -> NoteModel:
    return NoteModel.model_validate(
        {"model_id": model_id, "state": None, "date": None, "date_kind": None,
         "replacement": None, "section": "model-status", **facts}
    )  # fmt: skip


def with_notes(en: PageRecord) -> PageRecord:
    """A preview model only a note states, a note about a listed model, one about a model
    only the history lists, and a note stating nothing."""
    notes = [
        note("claude-preview-9", state="deprecated", date=D("2026-06-30"),
             date_kind="retirement", replacement="claude-gamma-3"),
        note("claude-beta-2", state="retired", date=D("2026-03-02"), date_kind="retirement"),
        note("claude-zero", replacement="claude-gamma-3", section="2024-02-01-zero"),
        note("claude-quiet-1"),
    ]  # fmt: skip
    return en.model_copy(update={"note_models": notes})


def test_models_only_a_note_states_are_in_the_table_and_the_chart(tmp_path: Path) -> None:
    soup = soup_of(write_data_dir(tmp_path, with_notes(english())))
    rows = {
        " ".join(row.th.get_text(" ").split()): texts([row])[0]
        for row in soup.select("table#models tbody tr")
    }
    assert list(rows)[:2] == ["claude-beta-2", "claude-preview-9 from a note"]
    preview = rows["claude-preview-9 from a note"]
    assert "deprecated" in preview and "2026-06-30 in 112 days" in preview
    assert "claude-gamma-3" in preview  # its replacement
    assert "claude-zero from a note" in rows and "claude-quiet-1 from a note" in rows
    assert "no state given" in rows["claude-quiet-1 from a note"]
    assert "retired" not in rows["claude-beta-2"]  # the status table wins over a note
    assert "2024-08-01" in rows["claude-zero from a note"]  # the history's date stays
    assert soup.select_one("#models-heading .count").get_text() == "(7)"
    source = soup.select_one('tr:has(.from-note) a[href$="#2024-02-01-zero"]')
    assert source is not None  # linked to the note's section
    chart = {g["data-model"]: g for g in soup.select("svg#timeline g.row")}
    assert "from-note" in chart["claude-preview-9"]["class"]
    assert "from-note" not in chart["claude-beta-2"]["class"]
    assert chart["claude-preview-9"].select("rect.retirement")
    assert "stated in a note" in chart["claude-preview-9"].title.get_text()
    assert "(note)" in chart["claude-preview-9"].select_one("text.label").get_text()


def test_a_note_model_first_seen_in_a_snapshot_has_its_life_so_far(tmp_path: Path) -> None:
    en = with_notes(english())
    root = write_data_dir(tmp_path, en)
    (root / "snapshots" / "en" / "2025-05-01.json").write_text(en.to_json(), "utf-8")
    quiet = soup_of(root).select_one('svg#timeline g.row[data-model="claude-quiet-1"]')
    listed = quiet.select_one("rect.listed")  # from its first snapshot to today: no date yet
    assert listed is not None and not quiet.select("rect.retirement")
    today = float(quiet.find_parent("svg").select_one("line.today")["x1"])
    assert float(listed["x"]) + float(listed["width"]) == pytest.approx(today, abs=0.2)


def test_a_page_without_models_still_builds(tmp_path: Path) -> None:
    soup = soup_of(write_data_dir(tmp_path, record("en", [])))
    assert soup.select("table#models tbody tr") == []
    assert soup.select_one("svg#timeline line.today") is not None
    assert soup.select_one("#models-heading .count").get_text() == "(0)"


def test_countdown_words() -> None:
    assert [countdown_text(n) for n in (-2, -1, 0, 1, 30)] == [
        "2 days ago",
        "1 day ago",
        "today",
        "in 1 day",
        "in 30 days",
    ]


def test_timeline_chart_draws_every_life_with_a_text_alternative(tmp_path: Path) -> None:
    soup = soup_of(write_data_dir(tmp_path))
    svg = soup.select_one("svg#timeline")
    assert svg is not None and svg["role"] == "img"
    assert svg.select_one("title#timeline-title") and svg.select_one("desc#timeline-desc")
    assert svg["aria-labelledby"] == "timeline-title timeline-desc"
    rows = {g["data-model"]: g for g in svg.select("g.row")}
    # The four in the status table, and the one only the history lists, by retirement date.
    assert list(rows) == [
        "claude-zero",
        "claude-alpha-1",
        "claude-beta-2",
        "claude-delta-4",
        "claude-gamma-3",
    ]
    gamma, beta = rows["claude-gamma-3"], rows["claude-beta-2"]
    assert gamma.select("circle.not-before-end") and gamma.select("line.not-before")
    assert not gamma.select("rect.retirement")
    assert beta.select("rect.retirement") and beta.select("rect.deprecated")
    assert not beta.select(".not-before")
    assert "not sooner than 2027-01-15" in gamma.title.get_text()
    # First seen by the tracker: alpha in the first snapshot, gamma only in the second.
    assert "listed since 2025-05-01" in rows["claude-alpha-1"].title.get_text()
    assert "listed since 2026-03-01" in gamma.title.get_text()
    assert "state-retired" in rows["claude-zero"]["class"]
    assert svg.select_one("line.today") is not None
    narrow = soup.select_one("svg#timeline-narrow")  # the phone layout: names above bars
    assert narrow["aria-labelledby"] == "timeline-narrow-title timeline-narrow-desc"
    assert [g["data-model"] for g in narrow.select("g.row")] == list(rows)
    assert int(narrow["width"]) < int(svg["width"])
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for tag in soup.find_all(attrs={"aria-labelledby": True}):
        assert all(soup.find(id=name) for name in tag["aria-labelledby"].split())
    alternative = soup.select("details table#timeline-table tbody tr")
    assert texts([row.th for row in alternative]) == list(rows)
    assert "not sooner than 2027-01-15" in texts(alternative)[-1]


def test_the_chart_bars_follow_the_dates(tmp_path: Path) -> None:
    soup = soup_of(write_data_dir(tmp_path))
    beta = soup.select_one('g.row[data-model="claude-beta-2"]')
    listed, deprecated = beta.select_one("rect.listed"), beta.select_one("rect.deprecated")
    end = beta.select_one("rect.retirement")
    x = float(listed["x"]), float(deprecated["x"]), float(end["x"])
    assert x[0] < x[1] < x[2]
    today = float(soup.select_one("line.today")["x1"])
    assert x[1] < today < x[2]  # deprecated before 2026-03-10, retires after it


def test_hostile_strings_are_escaped(tmp_path: Path) -> None:
    en = english([status(HOSTILE_ID, "deprecated", D("2026-01-01"), D("2026-05-01"))])
    en = en.model_copy(
        update={
            "deprecations": [
                *en.deprecations,
                history(D("2026-01-01"), "Bad", (HOSTILE_ID, D("2026-05-01"), HOSTILE_REPLACEMENT)),
            ],
            "note_models": [
                note("<img src=y onerror=alert(3)>", replacement=HOSTILE_REPLACEMENT,
                     section='"><script>alert(4)</script>'),
            ],
        }
    )  # fmt: skip
    root = write_data_dir(
        tmp_path,
        en,
        events={"2026-03-01": [event(D("2026-03-01"), "en", HOSTILE_ID, "javascript:alert(2)")]},
        translations=TranslationsDocument(
            english_snapshot_date=D("2026-03-01"),
            aspects=["<b>models</b>"],
            languages={
                "<i>x</i>": LanguageVerdict(
                    verdict="current",
                    snapshot_date=None,
                    lag_days=None,
                    lags_english_of=None,
                    cells={"<b>models</b>": CURRENT},
                )
            },
            findings=[],
        ),
    )
    html = render_index(read_site_input(root), TODAY)
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 1  # only the page's own
    assert not soup.find_all("img") and not soup.find_all("b") and not soup.find_all("i")
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert not [a for a in soup.find_all("a") if a["href"].startswith("javascript:")]
    assert HOSTILE_ID in texts(soup.select("table#models tbody th"))
    assert HOSTILE_REPLACEMENT in soup.select_one("table#models").get_text()
    assert HOSTILE_ID in [g["data-model"] for g in soup.select("g.row")]
    assert "<img src=y onerror=alert(3)> from a note" in texts(soup.select("table#models th"))
    assert "<b>models</b>" in texts(soup.select("table#translations thead th"))
    assert "<i>x</i>" in texts(soup.select("table#translations tbody th"))
    assert "<script>" not in html.split("<script>\n", 1)[0]


CURRENT = Cell(status="current", lag_days=None, english_date=None, findings=0)


def matrix_document() -> TranslationsDocument:
    """German lags 12 days on retirement dates; Japanese contradicts English on a state."""
    findings = [
        Finding(kind="lagging", language="de", aspect="retirement_date", model_id="claude-beta-2",
                english_date=D("2026-02-17"), lag_days=12, message="German says an older date"),
        Finding(kind="conflict", language="ja", aspect="state", model_id="claude-beta-2",
                message="Japanese says another state"),
        Finding(kind="untranslated", language="de", aspect="models", message="left in English"),
    ]  # fmt: skip
    dates = {"en": D("2026-03-01"), "de": D("2026-02-01"), "ja": D("2026-02-20")}
    return translations_document(findings, dates)


def test_translations_matrix_from_the_data_dir(tmp_path: Path) -> None:
    soup = soup_of(write_data_dir(tmp_path, translations=matrix_document()))
    table = soup.select_one("table#translations")
    assert texts(table.select("thead th")) == [
        "Language",
        "Snapshot",
        "Verdict",
        "Models listed",
        "State",
        "Deprecated on",
        "Retirement date",
        "Replacement",
        "History sections",
        "“Was retired” notes",
        "API parameters",
        "Models in notes",
    ]
    rows = texts(table.select("tbody tr"))
    assert rows == [
        "German (de) 2026-02-01 lagging 12 days current current current lagging 12 days "
        + " ".join(["current"] * 5),
        "Japanese (ja) 2026-02-20 conflict current conflict " + " ".join(["current"] * 7),
    ]
    german = table.select("tbody tr")[0].select("td.verdict.warn")
    assert [cell["title"] for cell in german] == ["matches the English page of 2026-02-17"] * 2
    assert table.select_one("td.verdict.bad") and not table.select("td.verdict.ok[title]")
    assert "English page of 2026-03-01" in table.caption.get_text()
    labels = [td["data-label"] for td in table.select("tbody tr")[0].select("td")]
    assert labels == texts(table.select("thead th"))[1:]  # a phone shows each cell named
    assert soup.select_one("#matrix-missing") is None
    matrix_link = soup.select_one('#translations-section a[href="diffs/translations.md"]')
    assert matrix_link is not None


def test_every_aspect_has_a_label_and_a_new_one_reads_as_words() -> None:
    labels = [aspect_label(aspect) for aspect in ASPECTS]
    assert all("_" not in label and label.lstrip("“")[0].isupper() for label in labels)
    assert aspect_label("retired_notes") == "“Was retired” notes"
    assert aspect_label("future_aspect_name") == "Future aspect name"


def test_without_a_matrix_the_snapshot_dates_are_shown(tmp_path: Path) -> None:
    soup = soup_of(write_data_dir(tmp_path))
    assert "not available yet" in soup.select_one("#matrix-missing").get_text()
    rows = texts(soup.select("table#translations tbody tr"))
    assert rows[0].startswith("English (en) 2026-03-01 4 0")
    assert rows[1].startswith("German (de) 2026-02-01 3 1: claude-delta-4 is missing")


def test_a_broken_matrix_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    root = write_data_dir(tmp_path, translations={"languages": {"de": {"verdict": 3}}})
    site = read_site_input(root)
    assert site.translations is None
    assert any("translations.json could not be read" in w for w in site.warnings)
    soup = BeautifulSoup(render_index(site, TODAY), "html.parser")
    assert "could not be read" in soup.select_one("#matrix-missing").get_text()
    with pytest.raises(SiteError, match="aspects: Input should be a valid list"):
        parse_translations({"languages": {}, "aspects": "models", "english_snapshot_date": None,
                            "findings": []})  # fmt: skip
    (root / "diffs" / "translations.json").write_bytes(b"\xff not json")
    assert read_site_input(root).translations is None


def test_latest_changes_newest_first_with_day_report_links(tmp_path: Path) -> None:
    root = write_data_dir(tmp_path)
    soup = soup_of(root, days=2)
    days = soup.select("#changes-section article.day")
    assert [d.time["datetime"] for d in days] == ["2026-03-01", "2026-02-01"]
    assert [a["href"] for a in soup.select("article.day p a")] == [
        "diffs/2026-03-01.md",
        "diffs/2026-02-01.md",
    ]
    assert texts(days[0].select("h4")) == ["English (en)", "German (de)"]
    first = days[0].select_one("li")
    # The day report's sentence, not the event's field words.
    assert texts([first]) == ["claude-beta-2 is now deprecated (was active). ( status table )"]
    assert first.code.get_text() == "claude-beta-2"
    assert first.a["href"] == "https://example.test/page#model-status"
    linked = soup_of(root, repo_url="https://github.com/o/r/blob/main/", days=1)
    assert [a["href"] for a in linked.select("article.day p a")] == [
        "https://github.com/o/r/blob/main/diffs/2026-03-01.md"
    ]


def finding_event(day: date, lang: str, kind: str, n: int) -> Event:
    return Event(
        id=f"{day}/{lang}/{kind}/f{n}",
        date=day,
        type=kind,
        language=lang,
        model_id=f"claude-model-{n}",
        subject=f"Finding number {n} about claude_model_{n}",
        anchor=f"lang-{lang}",
        link=f"translations.md#lang-{lang}",
    )


def test_translation_findings_are_counted_once_a_day_with_a_link_to_the_matrix(
    tmp_path: Path,
) -> None:
    day = D("2026-03-01")
    found = [finding_event(day, "de", "finding_appeared", n) for n in range(30)]
    found += [finding_event(day, "de", "finding_resolved", n) for n in range(30, 32)]
    found += [finding_event(day, "fr", "finding_appeared", 40)]
    root = write_data_dir(tmp_path, events={"2026-03-01": found}, translations=matrix_document())
    article = soup_of(root, days=1).select_one("article.day")
    assert "2 changes on the pages" in article.p.get_text()  # findings are not page changes
    # One line for the day's findings, however many pages have them: not a line per language.
    counts = article.select("li.findings")
    assert texts(counts) == [
        "31 new findings and 2 findings resolved, on the German and French pages "
        "( translations matrix )."
    ]
    assert [li.a["href"] for li in counts] == ["diffs/translations.md"]
    assert "Finding number" not in article.get_text()
    assert texts(article.select("h4")) == ["English (en)", "German (de)", "Findings"]
    # Without the matrix in the site the events' own (relative) links are not used.
    (root / "diffs" / "translations.md").unlink()
    plain = soup_of(root, days=1).select("article.day li.findings")
    assert plain and not [li for li in plain if li.a]


def test_a_busy_day_is_cut_short_and_long_lines_too(tmp_path: Path) -> None:
    busy = [event(D("2026-03-01"), "fr", f"claude-model-{n:02}") for n in range(14)]
    # Each model's date moves to another day, so no two share a sentence.
    moved = {"type": "retirement_date_changed", "before": "2026-05-01"}
    busy = [b.model_copy(update={**moved, "after": f"2026-06-{n + 1:02}"}) for n, b in
            enumerate(busy)]  # fmt: skip
    long = event(D("2026-03-01"), "en", "claude-" + "x" * 300).model_copy(update={"after": None})
    root = write_data_dir(tmp_path, events={"2026-03-01": [*busy, long]})
    blocks = soup_of(root, days=1).select("article.day section.lang")
    english, french = (texts(block.select("li")) for block in (blocks[0], blocks[2]))
    assert len(french) == 9 and french[-1] == "and 6 more in the day report"
    assert all(len(item) < 260 for item in english + french)
    assert english[0].startswith("claude-beta-2") and "…" in english[1]
    assert english[1].startswith("claude-xxx")


def test_every_relative_link_points_at_a_file_of_the_site(tmp_path: Path) -> None:
    site = read_site_input(write_data_dir(tmp_path), days=2)
    files = build_site(site, TODAY)
    soup = BeautifulSoup(files["index.html"], "html.parser")
    relative = {
        tag["href"].split("#")[0]
        for tag in soup.find_all(["a", "link"], href=True)
        if not tag["href"].startswith(("http", "#", "data:"))
    }
    assert relative == {
        "diffs/2026-03-01.md",
        "diffs/2026-02-01.md",
        "diffs/feed.atom",
        "diffs/feed.json",
        "snapshots/retirements.ics",
        "snapshots/latest.json",
    }
    assert relative <= set(files)
    assert "diffs/2026-01-05.md" not in files  # only the days shown
    linked = build_site(site, TODAY, repo_url="https://github.com/o/r/blob/main")
    assert not [path for path in linked if path.endswith(".md")]
    assert "diffs/feed.atom" in linked


def test_output_is_deterministic_and_follows_today(tmp_path: Path) -> None:
    root = write_data_dir(tmp_path)
    first = build_site(read_site_input(root), TODAY)
    assert build_site(read_site_input(root), TODAY) == first
    later = build_site(read_site_input(root), TODAY + timedelta(days=6))
    assert later["index.html"] != first["index.html"]
    assert b"in 20 days" in later["index.html"] and b"in 26 days" in first["index.html"]


def test_a_published_snapshot_alone_builds_a_smaller_site(tmp_path: Path) -> None:
    root = write_data_dir(tmp_path / "data")
    site = read_site_input(snapshot=str(latest_path(root)))
    assert site.days == [] and site.attachments == {}
    soup = BeautifulSoup(render_index(site, TODAY), "html.parser")
    assert len(soup.select("table#models tbody tr")) == 4
    assert "No changes recorded yet" in soup.select_one("#changes-section").get_text()
    assert "published latest.json alone" in soup.select_one("#matrix-missing").get_text()


# -- no program words reach readers -------------------------------------------------------------

DOCUMENT_MODELS = (TranslationsDocument, LanguageVerdict, Cell, NoteModel, Finding)


def visible_text(html: str) -> str:
    """What a reader can see: the text (chart titles too) and tooltips, not scripts or styles."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    shown = [soup.get_text(" ")]
    shown += [
        str(tag[name])
        for name in ("title", "aria-label", "data-label")
        for tag in soup.find_all(attrs={name: True})
    ]
    return "\n".join(shown)


def words_of_the_program(text: str) -> list[str]:
    """`program_words`, and the matrix's and notes' field names and aspects too."""
    names = {name for model in DOCUMENT_MODELS for name in model.model_fields} | set(ASPECTS)
    extra = sorted(
        n for n in names - set(field_names()) if "_" in n and re.search(rf"\b{n}\b", text)
    )
    return program_words(text) + extra


def every_kind_of_change(day: date) -> list[Event]:
    """Changes whose values are None (a model without a state, a date that went away)."""
    link = "https://example.test/page#model-status"
    row = {"model_id": "claude-preview-9", "state": None, "state_label": "", "deprecated_on": None,
           "retirement_date": "2026-07-21", "retirement_not_before": False,
           "retirement_label": "21 July 2026"}  # fmt: skip
    changes = [
        ("model_added", "claude-preview-9", None, row),
        ("state_changed", "claude-preview-9", None, "deprecated"),
        ("retirement_date_changed", "claude-preview-9", "2026-07-21", None),
        ("deprecated_on_changed", "claude-delta-4", None, "2026-03-01"),
        ("replacement_changed", "claude-delta-4", None, "claude-gamma-3"),
        ("retirement_date_unfirmed", "claude-gamma-3", None, "2027-01-15"),
        ("page_text_changed", None, "Old words.", "New words."),
    ]
    events = [
        Event(id=f"{day}/de/{kind}/{n}", date=day, type=kind, language="de", model_id=model,
              subject=model or "overview", before=before, after=after,
              anchor="model-status" if model else "overview", link=link)
        for n, (kind, model, before, after) in enumerate(changes)
    ]  # fmt: skip
    return [*events, finding_event(day, "de", "finding_resolved", 1)]


def test_no_program_words_in_a_page_of_our_own(tmp_path: Path) -> None:
    changes = {"2026-03-01": every_kind_of_change(D("2026-03-01"))}
    root = write_data_dir(
        tmp_path, with_notes(english()), events=changes, translations=matrix_document()
    )
    text = visible_text(render_index(read_site_input(root), TODAY))
    assert "claude-preview-9" in text and "translations matrix" in text  # the parts are there
    assert words_of_the_program(text) == []
    # The check itself finds what it is for.
    leaked = "claude-x added to the status table (None); deprecated_on; retired_notes; → none"
    assert words_of_the_program(leaked) == ["None", "→ none", "deprecated_on", "retired_notes"]
    snapshot_only = read_site_input(snapshot=str(latest_path(root)))
    assert words_of_the_program(visible_text(render_index(snapshot_only, TODAY))) == []


def test_no_program_words_in_the_corpus_site(corpus_site: tuple[Path, Path]) -> None:
    html = (corpus_site[1] / "index.html").read_text("utf-8")
    text = visible_text(html)
    assert "Latest changes" in text and "Indonesian (id)" in text
    assert words_of_the_program(text) == []


# -- the command --------------------------------------------------------------------------------


def test_site_command_writes_the_site_and_rebuilds_over_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_data_dir(tmp_path / "data")
    out = tmp_path / "site"
    argv = ["site", "--data-dir", str(root), "--out", str(out), "--today", "2026-03-10"]
    assert main([*argv, "--days", "3"]) == 0
    assert "wrote 9 files" in capsys.readouterr().out
    assert (out / "diffs" / "2026-01-05.md").is_file() and (out / ".nojekyll").is_file()
    index = (out / "index.html").read_bytes()
    assert main([*argv, "--days", "1"]) == 0
    assert not (out / "diffs" / "2026-01-05.md").exists()  # the earlier build's files went
    assert (out / "index.html").read_bytes() != index


def test_site_command_links_day_reports_in_the_repository_given_as_for_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_data_dir(tmp_path / "data")
    out = tmp_path / "site"
    argv = ["site", "--data-dir", str(root), "--out", str(out), "--today", "2026-03-10"]
    assert main([*argv, "--days", "3", "--repo-url", "https://github.com/o/r/"]) == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/o/r/blob/HEAD/diffs/2026-01-05.md"' in index
    assert not (out / "diffs" / "2026-01-05.md").exists()  # linked, not copied


def test_site_command_errors_say_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    assert main(["site", "--data-dir", str(tmp_path / "nothing"), "--out", str(out)]) == 1
    assert "run `deprecation-tracker run` there first" in capsys.readouterr().err
    root = write_data_dir(tmp_path / "data")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", "utf-8")
    assert main(["site", "--data-dir", str(root), "--out", str(mine)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert (mine / "notes.txt").read_text("utf-8") == "keep me"
    with pytest.raises(SystemExit) as exit_info:
        main(["site", "--data-dir", str(root), "--out", str(out), "--repo-url", "ftp://x"])
    assert exit_info.value.code == 2
    assert "not an http(s) URL" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["site", "--data-dir", str(root)])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["site", "--data-dir", str(root), "--snapshot", "x.json", "--out", str(out)])
    assert exit_info.value.code == 2
    assert main(["site", "--snapshot", str(tmp_path / "no.json"), "--out", str(out)]) == 1
    assert "no.json: no such file; check the path" in capsys.readouterr().err


def test_site_command_from_a_published_snapshot(tmp_path: Path) -> None:
    root = write_data_dir(tmp_path / "data")
    out = tmp_path / "site"
    assert main(["site", "--snapshot", str(latest_path(root)), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [".nojekyll", "index.html"]


def test_write_site_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", "utf-8")
    with pytest.raises(SiteError, match="is a file"):
        write_site(target, {"index.html": b""})


# -- a real browser over a replayed corpus ------------------------------------------------------

CHROMIUM = Path(os.environ.get("DEPRECATION_TRACKER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIRST_REPLAYED_DAY = "2026-04-01"  # a few months of changes: enough, and fast to replay


@pytest.fixture(scope="module")
def corpus_site(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(data dir, site dir): English and Indonesian captures replayed, the site built from it."""
    captures = tmp_path_factory.mktemp("captures")
    for page in sorted((corpus_dir / "pages").glob("*.md")):
        lang, day = page.name.split("__")[:2]
        if lang in ("en", "id") and day >= FIRST_REPLAYED_DAY:
            (captures / page.name).symlink_to(page)
    if not any(captures.iterdir()):
        pytest.skip(f"no en/id Markdown captures since {FIRST_REPLAYED_DAY} in {corpus_dir}")
    data = tmp_path_factory.mktemp("data")
    assert main(["replay", str(captures), "--data-dir", str(data), "--no-commit", "-q"]) in (0, 1)
    newest = max(path.stem for path in (data / "diffs").glob("????-??-??.json"))
    site = tmp_path_factory.mktemp("site")
    argv = ["site", "--data-dir", str(data), "--out", str(site), "--today", newest]
    assert main(argv) == 0
    return data, site


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A fresh headless Chromium (Debian's), or a skip saying why there is none."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (it is a dev dependency: run `uv sync`)")
    if not CHROMIUM.is_file():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` "
            "(or set DEPRECATION_TRACKER_CHROMIUM to a Chromium executable)"
        )
    with sync_playwright() as playwright:
        try:
            context = playwright.chromium.launch_persistent_context(
                tmp_path_factory.mktemp("chromium-profile"),  # a fresh --user-data-dir
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900},
                timeout=20_000,
            )
        except Error as error:
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {str(error).splitlines()[0]}")
        yield context
        context.close()


@pytest.fixture
def loopback_site(corpus_site: tuple[Path, Path]) -> Iterator[str]:
    """The site served over HTTP on 127.0.0.1, as GitHub Pages would serve it."""
    handler = functools.partial(QuietHandler, directory=str(corpus_site[1]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


SCREENSHOTS = Path(tempfile.gettempdir()) / "deprecation-tracker-site"


def screenshot_dir() -> Path:
    """Where screenshots go: $DEPRECATION_TRACKER_SCREENSHOTS if set, else
    `<tmp>/deprecation-tracker-site` (e.g. /tmp/deprecation-tracker-site)."""
    chosen = os.environ.get("DEPRECATION_TRACKER_SCREENSHOTS")
    folder = Path(chosen) if chosen else SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_page(context: Any, url: str) -> tuple[Any, list[str]]:
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else 0)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.goto(url, wait_until="load")
    return page, problems


def test_the_site_in_a_real_browser(
    corpus_site: tuple[Path, Path], browser_context: Any, loopback_site: str
) -> None:
    data, site = corpus_site
    latest = json.loads(latest_path(data).read_text("utf-8"))
    models = latest["languages"]["en"]["record"]["models"]
    page, problems = open_page(browser_context, (site / "index.html").as_uri())

    record = latest["languages"]["en"]["record"]
    listed = {model["model_id"] for model in models}
    noted = {note["model_id"] for note in record["note_models"]} - listed
    assert page.locator("table#models tbody tr").count() == len(models) + len(noted)
    assert page.locator("table#models .from-note").count() == len(noted)
    chart = page.locator("svg#timeline")
    assert chart.is_visible() and chart.bounding_box()["height"] > 200
    assert not page.locator("svg#timeline-narrow").is_visible()
    assert page.locator("svg#timeline g.row").count() >= len(models)
    # The matrix (diffs/translations.json) has a row per translation: Indonesian.
    assert page.locator("table#translations tbody tr").count() == 1
    assert page.locator("#changes-section article.day").count() >= 1

    # The countdown is the page's own, from the browser's day.
    cell = page.locator("[data-countdown]").first
    browser_day = D(
        page.evaluate(
            "new Date(Date.now() - new Date().getTimezoneOffset() * 6e4).toISOString().slice(0, 10)"
        )
    )
    target = D(cell.get_attribute("data-countdown"))
    assert cell.inner_text() == countdown_text((target - browser_day).days)
    assert browser_day.isoformat() in page.locator("#countdown-basis").inner_text()

    folder = screenshot_dir()
    page.screenshot(path=str(folder / "site-light.png"), full_page=True)
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert brightness(light) > 200, light
    assert brightness(dark) < 60, dark
    label = page.locator("svg#timeline g.row text.label").first
    assert brightness(label.evaluate("e => getComputedStyle(e).fill")) > 120  # light on dark

    page.set_viewport_size({"width": 375, "height": 812})
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert max(widths[:2]) <= widths[2], f"the page is wider than a phone: {widths}"
    narrow = page.locator("svg#timeline-narrow")
    assert narrow.is_visible() and not chart.is_visible()
    assert narrow.bounding_box()["width"] <= 375
    row = page.locator("table#models tbody tr").first
    assert row.evaluate("e => getComputedStyle(e).display") == "block"  # a card per model
    matrix_row = page.locator("table#translations tbody tr").first
    assert matrix_row.evaluate("e => getComputedStyle(e).display") == "block"  # and language
    page.screenshot(path=str(folder / "site-phone-dark.png"), full_page=True)
    page.close()

    # Over HTTP (as on GitHub Pages): the page and the files it links to load.
    served, served_problems = open_page(browser_context, loopback_site)
    assert served.locator("table#models tbody tr").count() == len(models) + len(noted)
    for href in ("diffs/feed.atom", "snapshots/retirements.ics", "snapshots/latest.json"):
        assert served.request.get(loopback_site + href).status == 200, href
    served.close()
    assert problems == [] and served_problems == []
    print(f"screenshots in {folder}")


def brightness(css_color: str) -> float:
    """Mean of the r, g, b of `rgb(r, g, b)`."""
    channels = css_color[css_color.index("(") + 1 : css_color.index(")")].split(",")[:3]
    return sum(float(c) for c in channels) / 3


# -- layout in the browser: the widest data, one today, retirements without a day -------------


UNDATED = {  # model id → (kind, label, what the page says of it)
    "claude-tba-7-20260901": ("to_be_announced", "To be announced", "retirement to be announced"),
    "claude-coarse-7": ("coarse", "Q3 2027", "retires in Q3 2027 (as written)"),
    "claude-odd-7": ("unrecognised", "when ready",
                     "retirement: 'when ready', not a date the tool reads"),
}  # fmt: skip


def undated_row(model_id: str) -> ModelStatus:
    kind, label, _ = UNDATED[model_id]
    return ModelStatus.model_validate(
        {
            "model_id": model_id,
            "state": "deprecated",
            "state_label": "Deprecated",
            "deprecated_on": D("2026-02-20"),
            "retirement_date": None,
            "retirement_not_before": None,
            "retirement_label": label,
            "retirement_kind": kind,
            "retirement_year": 2027 if kind == "coarse" else None,
        }
    )


def widest_english() -> PageRecord:
    """The usual models, ones retiring without a day, and a very long id."""
    extra = [undated_row(model_id) for model_id in UNDATED]
    extra.append(status("claude-" + "very-long-model-name-" * 3 + "20260101", "legacy"))
    return english(extra)


def widest_matrix() -> Any:
    """Every translation, each with lagging and conflicting aspects and four-digit lags."""
    findings = []
    for index, lang in enumerate(code for code in LANGUAGES if code != "en"):
        for number, aspect in enumerate(ASPECTS):
            kind = "conflict" if (index + number) % 3 == 0 else "lagging"
            lag = 1234 + number if kind == "lagging" else None
            findings.append(
                Finding(kind=kind, language=lang, aspect=aspect, model_id="claude-beta-2",
                        english_date=D("2023-01-01") if lag else None, lag_days=lag,
                        message=f"{lang} {aspect}")
            )  # fmt: skip
    dates = {lang: D("2026-02-01") for lang in LANGUAGES}
    return translations_document(findings, dates)


def built(tmp_path: Path, en: PageRecord, today: date, **extra: Any) -> Path:
    root = write_data_dir(tmp_path / f"data-{today}", en, **extra)
    out = tmp_path / f"site-{today}"
    write_site(out, build_site(read_site_input(root), today))
    return out / "index.html"


OVERFLOW = """() => {
  for (const d of document.querySelectorAll('details')) d.open = true;
  const regions = [...document.querySelectorAll('.scroll')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => (e.getAttribute('aria-labelledby') || e.getAttribute('aria-label')) + ': '
              + e.scrollWidth + ' > ' + e.clientWidth);
  const page = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  return {page: page, width: window.innerWidth, regions: regions};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_overflows_at_a_laptop_or_a_phone_width(
    tmp_path: Path,
    browser_context: Any,
    width: int,
) -> None:
    index = built(tmp_path, widest_english(), TODAY, translations=widest_matrix())
    page = browser_context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(index.as_uri(), wait_until="load")
    assert page.locator("table#translations tbody tr").count() == len(LANGUAGES) - 1
    found = page.evaluate(OVERFLOW)
    assert found["page"] <= found["width"], found
    assert found["regions"] == [], found  # no table or chart cut (needing a sideways scroll)
    page.screenshot(path=str(screenshot_dir() / f"site-widest-{width}.png"), full_page=True)
    page.close()


def today_line(page: Any, chart: str) -> tuple[float, str]:
    line = page.locator(f"svg#{chart} line.today")
    label = page.locator(f"svg#{chart} text.today-label")
    return float(line.get_attribute("x1")), label.text_content()


def test_the_countdowns_and_the_today_line_use_one_day(
    tmp_path: Path,
    browser_context: Any,
) -> None:
    visitor_day = D("2026-04-01")  # three weeks after the build
    stale = built(tmp_path, english(), TODAY)
    fresh = built(tmp_path, english(), visitor_day)  # what the build on that day draws
    page = browser_context.new_page()
    page.clock.set_fixed_time("2026-04-01T12:00:00")
    page.goto(stale.as_uri(), wait_until="load")
    beta = page.locator('tr.model:has(th code:text-is("claude-beta-2")) .countdown')
    assert beta.inner_text() == "in 4 days"  # retires 2026-04-05, counted from the visitor's day
    for chart in ("timeline", "timeline-narrow"):
        x, label = today_line(page, chart)
        expected_x = float(
            BeautifulSoup(fresh.read_text("utf-8"), "html.parser").select_one(
                f"svg#{chart} line.today"
            )["x1"]  # type: ignore[index]
        )
        assert label == "2026-04-01"
        assert abs(x - expected_x) <= 0.15, (chart, x, expected_x)
    assert "2026-04-01" in page.locator("#countdown-basis").inner_text()
    assert "2026-04-01" in page.locator("svg#timeline desc").text_content()
    page.close()


def test_without_script_everything_is_the_build_day(tmp_path: Path) -> None:
    soup = BeautifulSoup(render_index(read_site_input(write_data_dir(tmp_path)), TODAY),
                         "html.parser")  # fmt: skip
    lines = {svg["id"]: svg.select_one("text.today-label").get_text() for svg in soup("svg")
             if svg.get("id", "").startswith("timeline")}  # fmt: skip
    assert lines == {"timeline": "2026-03-10", "timeline-narrow": "2026-03-10"}
    beta = soup.select_one('tr.model:has(code:-soup-contains("claude-beta-2")) .countdown')
    assert beta is not None and beta.get_text() == "in 26 days"


# -- a retirement without a day ------------------------------------------------------------------


def test_a_retirement_without_a_day_is_words_not_a_date(tmp_path: Path) -> None:
    root = write_data_dir(tmp_path, widest_english())
    soup = BeautifulSoup(render_index(read_site_input(root), TODAY), "html.parser")
    for model_id, (_, _, words) in UNDATED.items():
        row = soup.select_one(f'table#models tr:has(code:-soup-contains("{model_id}"))')
        assert row is not None
        cell = row.select_one('td[data-label="Retirement"]')
        assert cell is not None and cell.get_text() == words
        assert cell.select("time, [data-countdown]") == []  # no date, no countdown
        for chart in ("timeline", "timeline-narrow"):
            drawn = soup.select_one(f'svg#{chart} g.row[data-model="{model_id}"]')
            assert drawn is not None
            assert drawn.select("rect.retirement, circle.not-before-end, line.not-before") == []
            assert words in drawn.title.get_text()
        wide = soup.select_one(f'svg#timeline g.row[data-model="{model_id}"] text.undated')
        assert wide is not None and wide.get_text() == words
        table = soup.select_one(f'table#timeline-table tr:has(code:-soup-contains("{model_id}"))')
        assert table is not None
        assert table.select_one('td[data-label="Retirement"]').get_text() == words
    narrow = soup.select_one('svg#timeline-narrow g.row[data-model="claude-coarse-7"] text.label')
    assert narrow is not None and "retires in Q3 2027 (as written)" in narrow.get_text()


def test_the_words_after_a_bar_stay_inside_the_chart(
    tmp_path: Path,
    browser_context: Any,
) -> None:
    index = built(tmp_path, widest_english(), TODAY)
    page = browser_context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(index.as_uri(), wait_until="load")
    chart = page.locator("svg#timeline").bounding_box()
    labels = page.locator("svg#timeline text.undated")
    assert labels.count() == len(UNDATED)
    for number in range(labels.count()):
        box = labels.nth(number).bounding_box()
        assert box["x"] + box["width"] <= chart["x"] + chart["width"], labels.nth(number)
    page.locator("#timeline-section").screenshot(
        path=str(screenshot_dir() / "site-undated-chart.png")
    )
    page.close()


def test_a_held_language_is_said_at_the_top_with_since_when_and_why(tmp_path: Path) -> None:
    root = write_data_dir(tmp_path)
    assert soup_of(root).select(".held") == []  # nothing held: nothing said
    latest = latest_path(root)
    document = json.loads(latest.read_text("utf-8"))
    document["languages"]["en"] |= {
        "held_since": "2026-09-22",
        "held_reason": "history section 2025-06-02 (<b>x</b>) disappeared",
    }
    latest.write_text(json.dumps(document), "utf-8")
    [held] = soup_of(root).select("header .held")
    assert " ".join(held.get_text(" ").split()) == (
        "English not updated since 22 September 2026: history section 2025-06-02 (<b>x</b>) "
        "disappeared"
    )
