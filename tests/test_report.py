"""The day's Markdown report, its JSON twin and the commit message, from real diff events."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import git
import pytest
from notepages import PREVIEW, SUCCESSOR, deprecated, note_record, retiring
from recordparts import field_names, program_words, record, status
from recordparts import history as section
from trackpages import ROWS, StatusRow

from scraper.publish.feeds import item_title
from scraper.publish.report import (
    DayEvents,
    FirstSnapshot,
    commit_message,
    day_document,
    day_schema,
    render_day_json,
    render_day_report,
)
from scraper.publish.sentences import human_date
from scraper.read.records import (
    PageRecord,
    ParameterDeprecation,
)
from scraper.runner import replay
from scraper.track.events import Event, diff_records

DAY = date(2026, 2, 20)
EN_PAGE = "https://platform.claude.com/docs/en/about-claude/model-deprecations"
DE_PAGE = "https://platform.claude.com/docs/de/about-claude/model-deprecations"


OLD_HISTORY = section(
    date(2025, 1, 7), "Claude Test 2 model", ("claude-test-2", date(2025, 3, 7), "claude-test-5")
)
NEW_HISTORY = section(
    date(2025, 1, 7), "Claude Test 2 model", ("claude-test-2", date(2026, 4, 20), "claude-test-5")
)
ANNOUNCED = section(
    date(2026, 2, 20),
    "Claude Test 1 | preview model",
    ("claude-test-1", date(2026, 4, 20), "claude-test-9 | claude-test-8"),
)


def old_page(lang: str = "en") -> PageRecord:
    return record(
        lang,
        [
            status("claude-test-1", "active", None, date(2026, 9, 1), not_before=True),
            status("claude-test-2", "deprecated", date(2025, 1, 7), date(2025, 3, 7)),
            status("claude-test-3", "active"),
        ],
        [OLD_HISTORY],
        [
            ParameterDeprecation(
                parameters=["top_k"], status="Deprecated", behavior="Ignored", replacement="None"
            )
        ],
        overview="Models are deprecated, then retired.\nWe notify customers.",
    )


def new_page(lang: str = "en") -> PageRecord:
    return record(
        lang,
        [
            status("claude-test-1", "deprecated", DAY, date(2026, 4, 20)),
            status("claude-test-2", "retired", date(2025, 1, 7), date(2026, 4, 20)),
            status("claude-test-3", "active"),
            status("claude-test-4", "active", None, date(2027, 1, 1), not_before=True),
        ],
        [ANNOUNCED, NEW_HISTORY],
        [
            ParameterDeprecation(
                parameters=["top_k"], status="Retired", behavior="Rejected", replacement="None"
            )
        ],
        overview="Models are deprecated, then retired.\nWe notify customers by email.",
    )


def day_events() -> list[Event]:
    """English changes a lot; German only marks claude-test-1 deprecated."""
    german_new = old_page("de").model_copy(
        update={
            "models": [
                status("claude-test-1", "deprecated", DAY, date(2026, 4, 20)),
                *old_page("de").models[1:],
            ]
        }
    )
    return diff_records(old_page("de"), german_new, DAY) + diff_records(old_page(), new_page(), DAY)


def finding(kind: str, lang: str, model_id: str, sentence: str) -> Event:
    """A finding event as the translation comparison emits it."""
    data = {"kind": "lagging", "language": lang, "model_id": model_id}
    return Event(
        id=f"{DAY.isoformat()}/{lang}/{kind}/{model_id}",
        date=DAY,
        type=kind,  # type: ignore[arg-type]
        language=lang,
        model_id=model_id,
        subject=sentence,
        before=data if kind == "finding_resolved" else None,
        after=data if kind == "finding_appeared" else None,
        link=f"translations.md#{lang}",
    )


def section_of(report: str, heading: str, level: str = "##") -> str:
    """The text under a heading, up to the next heading of the same level."""
    start = report.index(f"{level} {heading}\n")
    end = report.find(f"\n{level} ", start + 1)
    return report[start : end if end != -1 else len(report)]


def bullet_of(text: str, start: str) -> str:
    [line] = [line for line in text.splitlines() if line.startswith(start)]
    return line


# -- layout -------------------------------------------------------------------------------------


def test_summary_then_english_then_the_languages_order() -> None:
    events = day_events()
    japanese = [e.model_copy(update={"language": "ja", "id": e.id + "-ja"}) for e in events[:1]]
    report = render_day_report(DAY, [*japanese, *events])
    headings = re.findall(r"^## (.+)$", report, flags=re.M)
    assert headings == ["English (en)", "German (de)", "Japanese (ja)"]
    assert report.splitlines()[0] == "# Model deprecations: changes on 20 February 2026"
    assert report.split("\n\n")[1].startswith("On 20 February 2026 the English page changed: ")
    english = section_of(report, "English (en)")
    assert re.findall(r"^### (.+)$", english, flags=re.M) == [
        "Models",
        "Deprecation history",
        "API parameter deprecations",
        "Wording",
    ]


# -- a headline per model -----------------------------------------------------------------------


def test_each_model_gets_one_headline_sentence() -> None:
    english = section_of(render_day_report(DAY, day_events()), "English (en)")
    models = section_of(english, "Models", "###")
    assert bullet_of(models, "- **claude-test-1**") == (
        "- **claude-test-1** is now deprecated (was active): deprecated on 20 February 2026, "
        "retires on 20 April 2026 (was not sooner than 1 September 2026; 134 days earlier), "
        "replaced by claude-test-9 \\| claude-test-8. "
        f"([status table]({EN_PAGE}#model-status))"
    )
    assert bullet_of(models, "- **claude-test-2**").startswith(
        "- **claude-test-2** is now retired (was deprecated): retired on 20 April 2026 "
        "(was 7 March 2025; 409 days later). "
        f"([status table]({EN_PAGE}#model-status), "
        f"[announcement of 7 January 2025]({EN_PAGE}#{NEW_HISTORY.anchor}))"
    )
    assert bullet_of(models, "- **claude-test-4**").startswith(
        "- **claude-test-4** is new in the status table, active: "
        "retires not sooner than 1 January 2027."
    )
    # One line per model: the deprecation's four events are one sentence.
    assert models.count("claude-test-1") == 1
    # The most important change comes first.
    assert models.index("claude-test-1") < models.index("claude-test-4")


def test_dates_are_written_in_words_and_stay_iso_in_the_data() -> None:
    events = day_events()
    report = render_day_report(DAY, events)
    prose = re.sub(r"\]\([^)]*\)", "]", report)  # link targets hold ISO anchors: not prose
    assert not re.search(r"\d{4}-\d{2}-\d{2}", prose)
    assert "20 April 2026" in prose and "1 January 2027" in prose
    data = json.loads(render_day_json(DAY, events))
    after = {e["type"]: e["after"] for e in data["events"] if e["model_id"] == "claude-test-1"}
    assert after["retirement_date_changed"] == {"date": "2026-04-20", "kind": "date", "label": None}


@pytest.mark.parametrize(
    ("value", "words"),
    [(date(2026, 4, 20), "20 April 2026"), ("2025-01-07", "7 January 2025"), ("soon", "soon")],
)
def test_human_dates(value: object, words: str) -> None:
    assert human_date(value) == words


def test_link_text_names_its_target() -> None:
    report = render_day_report(DAY, day_events())
    links = set(re.findall(r"\[([^\]]+)\]\(([^)]+)\)", report))
    assert links == {
        ("the English page", EN_PAGE),
        ("the German page", DE_PAGE),
        ("status table", f"{EN_PAGE}#model-status"),
        ("status table", f"{DE_PAGE}#model-status"),
        ("announcement of 7 January 2025", f"{EN_PAGE}#{NEW_HISTORY.anchor}"),
        ("announcement of 20 February 2026", f"{EN_PAGE}#{ANNOUNCED.anchor}"),
        ("API parameter table", f"{EN_PAGE}#api-parameter-deprecations"),
        ("section “Overview”", f"{EN_PAGE}#overview"),
    }


def test_an_announcement_reads_as_one_sentence_without_double_colons() -> None:
    english = section_of(render_day_report(DAY, day_events()), "English (en)")
    history = section_of(english, "Deprecation history", "###")
    assert bullet_of(history, "- ") == (
        "- New announcement of 20 February 2026 (“Claude Test 1 \\| preview model”): "
        "claude-test-1 retires on 20 April 2026, replaced by claude-test-9 \\| claude-test-8. "
        f"([announcement of 20 February 2026]({EN_PAGE}#{ANNOUNCED.anchor}))"
    )
    assert "Announced:" not in english
    assert not re.search(r"\d{4}-\d{2}-\d{2}: ", english)


def test_an_announcement_of_several_models_lists_each_once() -> None:
    two = section(
        DAY,
        "Claude Test models",
        ("claude-test-1", date(2026, 4, 20), "claude-test-9"),
        ("claude-test-3", None, None),
    )
    events = diff_records(record("en", []), record("en", [], [two]), DAY)
    history = section_of(render_day_report(DAY, events), "Deprecation history", "###")
    assert history.splitlines()[2:5] == [
        "- New announcement of 20 February 2026 (“Claude Test models”): 2 models. "
        f"([announcement of 20 February 2026]({EN_PAGE}#{two.anchor}))",
        "  - claude-test-1 retires on 20 April 2026, replaced by claude-test-9.",
        "  - claude-test-3 no retirement date given, no replacement named.",
    ]


def test_a_retirement_note_names_its_models() -> None:
    retired = NEW_HISTORY.model_copy(update={"retired_on": date(2026, 4, 20)})
    old = record("en", [], [NEW_HISTORY])
    [event] = diff_records(old, record("en", [], [retired]), DAY)
    assert event.type == "retirement_noted" and event.model_ids == ["claude-test-2"]
    history = section_of(render_day_report(DAY, [event]), "Deprecation history", "###")
    assert bullet_of(history, "- ") == (
        "- The announcement of 7 January 2025 now says claude-test-2 was retired on "
        f"20 April 2026. ([announcement of 7 January 2025]({EN_PAGE}#{NEW_HISTORY.anchor}))"
    )


def test_the_same_change_to_many_models_is_said_once() -> None:
    ids = [f"claude-old-{n}" for n in range(1, 6)]
    before = section(DAY, "Old models", *[(m, date(2026, 6, 1), "claude-a") for m in ids])
    after = section(DAY, "Old models", *[(m, date(2026, 6, 1), "claude-b") for m in ids])
    events = diff_records(record("en", [], [before]), record("en", [], [after]), DAY)
    assert len(events) == 5
    models = section_of(render_day_report(DAY, events), "Models", "###")
    assert [line for line in models.splitlines() if line.startswith("- ")] == [
        "- The announcement of 20 February 2026 now recommends claude-b instead of claude-a for "
        "5 models (claude-old-1, claude-old-2, claude-old-3, claude-old-4 and claude-old-5). "
        f"([announcement of 20 February 2026]({EN_PAGE}#{after.anchor}))"
    ]
    subject = commit_message(events).splitlines()[0]
    assert subject == "en: replacement changed for 5 models"


def test_the_same_rewrite_in_several_announcements_names_each() -> None:
    # 10 October 2026: replacements rewritten at once in several 2025 announcements; the
    # grouped sentence once named only the first model's announcement.
    older = date(2025, 1, 21)
    before = [section(DAY, "A models", ("claude-a-1", date(2026, 6, 1), "claude-a")),
              section(older, "B models", ("claude-b-1", date(2025, 7, 1), "claude-a"))]  # fmt: skip
    after = [section(DAY, "A models", ("claude-a-1", date(2026, 6, 1), "claude-b")),
             section(older, "B models", ("claude-b-1", date(2025, 7, 1), "claude-b"))]  # fmt: skip
    events = diff_records(record("en", [], before), record("en", [], after), DAY)
    assert [e.type for e in events] == ["replacement_changed"] * 2
    models = section_of(render_day_report(DAY, events), "Models", "###")
    assert [line for line in models.splitlines() if line.startswith("- ")] == [
        "- The announcements of 20 February 2026 and 21 January 2025 now recommend claude-b "
        "instead of claude-a for 2 models (claude-a-1 and claude-b-1). "
        f"([announcement of 20 February 2026]({EN_PAGE}#{after[0].anchor}), "
        f"[announcement of 21 January 2025]({EN_PAGE}#{after[1].anchor}))"
    ]


def test_a_group_with_several_changes_in_several_announcements_names_each() -> None:
    older = date(2025, 1, 21)
    before = [section(DAY, "A models", ("claude-a-1", date(2026, 6, 1), "claude-a")),
              section(older, "B models", ("claude-b-1", date(2026, 6, 1), "claude-a"))]  # fmt: skip
    after = [section(DAY, "A models", ("claude-a-1", date(2026, 7, 1), "claude-b")),
             section(older, "B models", ("claude-b-1", date(2026, 7, 1), "claude-b"))]  # fmt: skip
    events = diff_records(record("en", [], before), record("en", [], after), DAY)
    models = section_of(render_day_report(DAY, events), "Models", "###")
    [line] = [line for line in models.splitlines() if line.startswith("- ")]
    assert line.startswith(
        "- 2 models (claude-a-1 and claude-b-1): the announcements of 20 February 2026 and 21 "
        "January 2025 now say: retire on 1 July 2026 (was 1 June 2026; 30 days later), the "
        "announcements of 20 February 2026 and 21 January 2025 now recommend claude-b instead "
        "of claude-a."
    ), line


def test_models_with_different_changes_are_not_grouped() -> None:
    old = record("en", [status("claude-x", "active"), status("claude-y", "active")])
    new = record("en", [status("claude-x", "deprecated"), status("claude-y", "legacy")])
    models = section_of(render_day_report(DAY, diff_records(old, new, DAY)), "Models", "###")
    assert "- **claude-x** is now deprecated (was active)." in models
    assert "- **claude-y** is now legacy (was active)." in models


def test_values_that_come_and_go_are_said_in_words() -> None:
    old = record("en", [status("claude-x", "active", None, date(2026, 5, 1))])
    new = record("en", [status("claude-x", "legacy", date(2026, 2, 1), None)])
    line = bullet_of(render_day_report(DAY, diff_records(old, new, DAY)), "- **claude-x**")
    assert line.startswith(
        "- **claude-x** is now legacy (was active): deprecated on 1 February 2026, "
        "no retirement date any more (was 1 May 2026)."
    )


def test_first_snapshots_are_said_once() -> None:
    events = [e for e in day_events() if e.language == "en"]
    report = render_day_report(DAY, events, firsts={"fr": FirstSnapshot(10, 6)})
    assert "- **French (fr)**: first snapshot: 10 models, 6 announcements." in report
    assert report.count("French") == 2  # the summary and that line; no section of its models
    assert "the first snapshot of French was recorded" in report.split("\n\n")[1]
    message = commit_message(events, firsts={"fr": FirstSnapshot(1, 0)})
    assert "First snapshots:\n- French (fr): first snapshot: 1 model, 0 announcements" in message
    only = commit_message([], firsts={"en": FirstSnapshot(4, 2), "de": FirstSnapshot(4, 2)})
    assert only.splitlines()[0] == "First snapshot: en, de"


# -- findings -----------------------------------------------------------------------------------


def real_findings() -> list[Event]:
    """Finding events as a run makes them: English moved gamma's retirement; German, French and
    Japanese stay behind; Italian also gives a date English never gave; Korean caught up."""
    import trackpages as tp

    from scraper.track.consistency import all_findings
    from scraper.track.translations import finding_events, translations_document

    jan, feb = date(2026, 1, 10), date(2026, 2, 10)
    moved = tp.with_row(tp.ROWS, tp.GAMMA, retirement=date(2026, 5, 31))
    moved_history = (
        tp.HistorySection(
            tp.HISTORY[0].announced_on,
            tp.HISTORY[0].title,
            (tp.HistoryEntry(date(2026, 5, 31), tp.GAMMA, tp.ALPHA),),
        ),
        tp.HISTORY[1],
    )
    history = [(jan, tp.record("en")), (feb, tp.record("en", moved, moved_history))]
    langs = ("de", "fr", "it", "ja", "ko")
    before = {lang: tp.record(lang) for lang in ("en", *langs)}
    before["ko"] = tp.record("ko", (*tp.ROWS, tp.StatusRow("claude-zeta-1", "active")))
    after = {lang: tp.record(lang) for lang in langs}
    after["en"] = history[1][1]
    after["it"] = tp.record("it", tp.with_row(tp.ROWS, tp.GAMMA, retirement=date(2026, 6, 1)))
    after["ko"] = tp.record("ko", moved, moved_history)
    dates = {lang: jan for lang in before}
    previous = translations_document(all_findings(before, dates, history[:1]), dates)
    dates = {**dates, "en": feb}
    current = translations_document(all_findings(after, dates, history), dates)
    return finding_events(previous, current, DAY, matrix_url="translations.md")


def test_identical_findings_of_several_translations_are_said_once() -> None:
    findings = real_findings()
    assert len(findings) == 10  # 2 each for de, fr, ja; 3 for it; 1 resolved for ko
    report = render_day_report(DAY, [*day_events(), *findings])
    part = section_of(report, "Findings")
    blocks = part.split("\n\n")
    assert (
        blocks[1] == "Where each translation stands today: [translation matrix](translations.md)."
    )
    headings = [b for b in blocks if b.startswith("**")]
    assert headings == [
        "**New in 4 translations** (German, French, Italian and Japanese):",
        "**New in 3 translations** (German, French and Japanese):",
        "**New on the Italian page** ([translation matrix](translations.md#lang-it)):",
        "**Resolved on the Korean page**, no longer so "
        "([translation matrix](translations.md#lang-ko)):",
    ]
    shared = blocks[blocks.index(headings[0]) + 1]
    assert shared == (
        "- Says claude-gamma-3-20240601 retires on 30 April 2026 in the deprecation announced "
        "on 15 January 2026, as the English page of 10 January 2026 did (31 days behind); "
        "English says it retires on 31 May 2026."
    )
    assert blocks[blocks.index(headings[1]) + 1] == (
        "- Says claude-gamma-3-20240601 retires on 30 April 2026, as the English page of "
        "10 January 2026 did (31 days behind); English says it retires on 31 May 2026."
    )
    italian = blocks[blocks.index(headings[2]) + 1].splitlines()
    assert italian == [
        "- Says claude-gamma-3-20240601 retires on 1 June 2026; English says it retires on "
        "31 May 2026.",
        "- Says claude-gamma-3-20240601 retires on 1 June 2026 in its status table but on "
        "30 April 2026 in its deprecation history.",
    ]
    korean = blocks[blocks.index(headings[3]) + 1].rstrip()
    assert korean == "- Lists claude-zeta-1; English does not list it."
    # Each disagreement once; no language name inside the lines; no section for a page whose
    # only news is its findings.
    assert report.count("in the deprecation announced on 15 January 2026, as") == 1
    assert not re.search(r"^- .*(German|French|Japanese)", part, flags=re.M)
    assert "## French (fr)" not in report and "## Italian (it)" not in report
    german = section_of(report, "German (de)")
    assert "Its findings: 2 new (see [Findings](#findings))." in german
    assert "### Findings" not in german
    summary = report.split("\n\n")[1]
    assert summary.endswith(
        "; 9 new findings (4 distinct, in 4 translations) and 1 finding resolved."
    )
    assert program_words(report) == []


def test_commit_messages_count_findings() -> None:
    findings = real_findings()
    message = commit_message([*day_events(), *findings])
    assert "retires on 30 April 2026" not in message and "Italian" not in message
    assert message.rstrip().endswith(
        "Findings: 9 new (4 distinct, in 4 translations) and 1 resolved; "
        "see the day's report and translations.md."
    )
    assert message.splitlines()[0].startswith("en: ")
    only = commit_message(findings)
    assert only.splitlines()[0] == "Findings: 9 new (4 distinct, in 4 translations) and 1 resolved"
    assert len(only.splitlines()[0]) <= 72


def test_a_finding_of_one_page_keeps_its_wording_and_its_matrix_link() -> None:
    events = [
        finding("finding_appeared", "de", "claude-test-4", "claude-test-4 is missing here"),
        finding("finding_appeared", "fr", "claude-test-4", "claude-test-4 is missing here"),
        finding("finding_resolved", "de", "claude-test-1", "claude-test-1 is deprecated here"),
    ]
    part = section_of(render_day_report(DAY, events), "Findings")
    assert "**New in 2 translations** (German and French):\n\n- claude-test-4 is missing here." in (
        part
    )
    assert (
        "**Resolved on the German page**, no longer so ([translation matrix](translations.md#de))"
        ":\n\n- claude-test-1 is deprecated here." in part
    )


def test_a_day_without_findings_has_no_matrix_line() -> None:
    assert "translation matrix" not in render_day_report(DAY, day_events())


# -- held, failed, determinism, JSON ------------------------------------------------------------


def test_held_and_failed_sections() -> None:
    report = render_day_report(
        DAY,
        day_events(),
        held={"ja": ["status table shrank from 4 to 1 models"]},
        failed={"ko": "HTTP 503 after 3 attempts"},
    )
    headings = re.findall(r"^## (.+)$", report, flags=re.M)
    assert headings[-2:] == ["Held back", "Failed"]
    assert "- **Japanese (ja)**: status table shrank from 4 to 1 models" in report
    assert "- **Korean (ko)**: HTTP 503 after 3 attempts" in report
    summary = report.split("\n\n")[1]
    assert "the Japanese reading was held back" in summary
    assert "the Korean reading failed" in summary


def test_empty_sections_are_left_out() -> None:
    report = render_day_report(DAY, [e for e in day_events() if e.language == "de"])
    for heading in ("Held back", "Failed", "English (en)", "Deprecation history", "Wording"):
        assert f"# {heading}" not in report


def test_report_is_deterministic() -> None:
    events = day_events()
    kwargs = {"held": {"ja": ["a", "b"]}, "failed": {"ko": "x", "fr": "y"}}
    first = render_day_report(DAY, events, **kwargs)  # type: ignore[arg-type]
    again = render_day_report(DAY, list(reversed(events)), **kwargs)  # type: ignore[arg-type]
    assert first == again
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert commit_message(events) == commit_message(list(reversed(events)))


def test_no_program_words_in_reports_or_commit_messages() -> None:
    assert "deprecated_on" in field_names() and "retirement_not_before" in field_names()
    assert program_words("retirement_not_before is True; none → 2026") == [
        "True",
        "none →",
        "retirement_not_before",
    ]
    events = [*day_events(), finding("finding_appeared", "de", "claude-test-4", "missing here")]
    gone = record("en", [status("claude-x", "active", None, date(2026, 5, 1), not_before=True)])
    back = record("en", [status("claude-x", "retired", date(2026, 1, 1), None)])
    events += diff_records(gone, back, DAY) + diff_records(back, record("en", []), DAY)
    report = render_day_report(DAY, events, held={"ja": ["x"]}, firsts={"it": FirstSnapshot(1, 1)})
    assert program_words(report) == []
    assert program_words(commit_message(events)) == []


def test_day_json_round_trips_through_the_model() -> None:
    events = day_events()
    text = render_day_json(DAY, events)
    assert text.endswith("}\n")
    document = DayEvents.model_validate_json(text)
    assert document.date == DAY
    assert {e.id for e in document.events} == {e.id for e in events}
    assert document.events[0].language == "en"
    assert json.loads(text) == day_document(DAY, events)
    assert render_day_json(DAY, list(reversed(events))) == text


def test_day_schema_comes_from_the_models() -> None:
    schema = day_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "day-events.schema.json"
    assert set(schema["required"]) == {"date", "events"}
    assert "Event" in schema["$defs"]
    assert "model_ids" in schema["$defs"]["Event"]["properties"]
    assert "finding_appeared" in json.dumps(schema["$defs"]["Event"])


# -- commit message -----------------------------------------------------------------------------


def test_commit_message_subject_and_body_per_language() -> None:
    events = day_events()
    message = commit_message(events, held={"ja": ["guard"]}, failed={"ko": "HTTP 503"})
    subject, blank, *body = message.rstrip("\n").split("\n")
    assert subject == "en: claude-test-1 now deprecated; 6 more changes in 2 languages"
    assert blank == ""
    # Each language says its count of changes: 1 (the subject's) + 6 more = 6 + 1.
    assert body[0] == "English (en), 6 changes:"
    assert body[1].startswith("- claude-test-1 is now deprecated (was active): ")
    german = body.index("German (de), 1 change:")
    assert body[german + 1].startswith("- claude-test-1 is now deprecated (was active): ")
    assert body[german - 1] == "" and body.index("English (en), 6 changes:") < german
    assert "- Japanese (ja): guard" in body and "- Korean (ko): HTTP 503" in body
    # Plain text: no Markdown escapes or links in a commit message.
    assert "\\|" not in message and "](" not in message


def test_commit_message_is_capped_and_subject_stays_short() -> None:
    long_id = "claude-a-" + "very-long-model-name-" * 5 + "1"
    old = record("en", [status(long_id, "active")])
    new = record("en", [status(long_id, "deprecated", DAY, date(2026, 8, 1))])
    events = diff_records(old, new, DAY) + day_events()
    message = commit_message(events, limit=5)
    lines = message.rstrip("\n").split("\n")
    assert len(lines[0]) <= 72 and lines[0].startswith("en: claude-a-very-long")
    assert lines[0].endswith("…; +7 more")
    assert lines[-1] == "… and 3 more changes (see the day's report)"
    assert sum(line.startswith("- ") for line in lines) == 5


def test_commit_message_without_changes_names_held_languages() -> None:
    message = commit_message([], held={"de": ["guard"]})
    assert message.splitlines()[0] == "Nothing changed (held back: de)"


# -- models only a note states ------------------------------------------------------------------


def note_events() -> tuple[list[Event], list[Event]]:
    """The sample page gains a note retiring a preview model; a later reading deprecates it."""
    plain, retiring_note = note_record(None), note_record(retiring(date(2026, 7, 21)))
    return (
        diff_records(plain, retiring_note, date(2026, 7, 20)),
        diff_records(retiring_note, note_record(deprecated()), date(2026, 7, 25)),
    )


def test_note_events_are_marked_and_table_events_are_not() -> None:
    added, changed = note_events()
    assert [(e.type, e.source) for e in added if e.model_id] == [("model_added", "note")]
    assert {(e.type, e.source) for e in changed if e.model_id} == {
        ("state_changed", "note"),
        ("retirement_date_changed", "note"),
    }
    table = diff_records(old_page(), new_page(), DAY)
    assert table and all(e.source is None for e in table)


def test_a_note_stated_model_is_not_said_to_be_in_the_status_table() -> None:
    added, changed = note_events()
    report = render_day_report(date(2026, 7, 20), added)
    assert (
        f"- **{PREVIEW}** is named in a note: will be retired on 21 July 2026, "
        f"replaced by {SUCCESSOR}." in report
    )
    models = section_of(report, "Models", "###")
    assert "status table" not in models.replace("[note in the status table]", "")
    message = commit_message(added)
    assert message.splitlines()[0].startswith(f"en: {PREVIEW} named in a note")
    assert "added to the status table" not in message and "new in the status" not in message
    [event] = [e for e in added if e.model_id]
    assert "status table" not in event.summary()
    assert event.summary().startswith(f"[en] {PREVIEW} named in a note (")
    [title] = [item_title(e) for e in added if e.model_id]
    assert title == (
        f"English: {PREVIEW} is named in a note: will be retired on 21 July 2026, "
        f"replaced by {SUCCESSOR}."
    )
    later = commit_message(changed)
    assert (
        f"- {PREVIEW}, named in a note: now deprecated, no retirement date any more "
        "(was 21 July 2026)." in later
    )
    assert later.splitlines()[0].startswith(f"en: {PREVIEW} now deprecated (note)")


def test_a_note_that_no_longer_names_a_model() -> None:
    events = diff_records(note_record(deprecated()), note_record(None), date(2026, 8, 1))
    [removed] = [e for e in events if e.model_id]
    assert (removed.type, removed.source) == ("model_removed", "note")
    message = commit_message(events)
    assert f"- {PREVIEW} is no longer named in a note (it said: deprecated, replaced by " in message
    assert "removed from the status table" not in message + removed.summary()


def test_a_model_that_moves_from_a_note_into_the_table_is_one_model() -> None:
    rows = (*ROWS, StatusRow(PREVIEW, "deprecated", date(2026, 7, 1), date(2026, 9, 1)))
    events = diff_records(note_record(deprecated()), note_record(None, rows=rows), date(2026, 8, 1))
    message = commit_message(events)
    assert (
        f"- {PREVIEW} is now in the status table: deprecated, deprecated on 1 July 2026, "
        "retires on 1 September 2026 (until now only named in a note)." in message
    )
    assert "new in the status table" not in message
    assert "no longer named in a note" not in message


def test_corpus_preview_model_named_in_a_note(replayed: Replayed) -> None:
    first = replayed.reports["2026-07-21"]
    line = bullet_of(section_of(first, "Models", "###"), "- **claude-mythos-preview**")
    assert line.startswith("- **claude-mythos-preview** is named in a note: will be retired on")
    assert "status table" not in line.replace("note in the status table", "")
    later = replayed.reports["2026-07-25"]
    line = bullet_of(section_of(later, "Models", "###"), "- **claude-mythos-preview**")
    assert line.startswith("- **claude-mythos-preview**, named in a note: now deprecated")


# -- acceptance: a replay of the real captures --------------------------------------------------


@dataclass(frozen=True)
class Replayed:
    data: Path
    reports: dict[str, str]
    messages: list[str]


@pytest.fixture(scope="module")
def replayed(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Replayed:
    data = tmp_path_factory.mktemp("replay")
    git.Repo.init(data)
    replay(corpus_dir / "pages", data)
    reports = {p.stem: p.read_text(encoding="utf-8") for p in (data / "diffs").glob("*.md")}
    messages = [str(c.message) for c in git.Repo(data).iter_commits()]
    return Replayed(data, reports, messages)


def test_corpus_reports_have_no_program_words(replayed: Replayed) -> None:
    assert len(replayed.reports) > 15
    leaks = {day: program_words(text) for day, text in replayed.reports.items()}
    assert {day: words for day, words in leaks.items() if words} == {}
    leaks = {m.splitlines()[0]: program_words(m) for m in replayed.messages}
    assert {subject: words for subject, words in leaks.items() if words} == {}


def test_corpus_commit_subjects_are_short_and_name_a_change(replayed: Replayed) -> None:
    subjects = [m.splitlines()[0] for m in replayed.messages]
    assert all(len(s) <= 72 for s in subjects), [s for s in subjects if len(s) > 72]
    assert "First snapshot: en" in subjects
    assert any(s.startswith("en: claude-3-haiku-20240307 now deprecated") for s in subjects)


def test_corpus_first_snapshots_of_translations_are_said_once(replayed: Replayed) -> None:
    report = replayed.reports["2025-12-21"]
    assert "- **German (de)**: first snapshot: 10 models, 6 announcements." in report
    assert "## German (de)" not in report  # no list of every model of a first snapshot
    assert "the first snapshot of 11 languages was recorded" in report


def test_corpus_repeated_replacement_changes_are_grouped(replayed: Replayed) -> None:
    models = section_of(replayed.reports["2025-12-21"], "Models", "###")
    bullets = [line for line in models.splitlines() if line.startswith("- ")]
    assert len(bullets) == 2
    assert bullets[1].startswith(
        "- The announcement of 4 September 2024 now recommends claude-haiku-4-5-20251001 "
        "instead of claude-3-5-haiku-20241022 for 7 models (claude-1.0, claude-1.1, claude-1.2, "
        "claude-1.3, claude-instant-1.0, claude-instant-1.1 and claude-instant-1.2)."
    )


def test_corpus_haiku_3_headline(replayed: Replayed) -> None:
    models = section_of(replayed.reports["2026-02-20"], "Models", "###")
    line = bullet_of(models, "- **claude-3-haiku-20240307**")
    assert line.startswith("- **claude-3-haiku-20240307** is now deprecated (was active): ")
    assert "retires on 20 April 2026" in line and "replaced by claude-haiku-4-5-20251001" in line


def test_corpus_a_first_not_sooner_than_date_keeps_its_words(replayed: Replayed) -> None:
    """The report of 2025-10-20 said "retires on 7 March 2025" where the page said "Not sooner
    than": the first date of a row keeps its kind (issue 13)."""
    models = section_of(replayed.reports["2025-10-20"], "Models", "###")
    haiku = bullet_of(models, "- **claude-3-haiku-20240307**")
    assert haiku.startswith("- **claude-3-haiku-20240307**: retires not sooner than 7 March 2025.")
    assert (
        "(claude-opus-4-20250514 and claude-sonnet-4-20250514): retire not sooner than " in models
    )
    message = next(m for m in replayed.messages if "claude-3-haiku-20240307: retires not" in m)
    assert "claude-3-haiku-20240307: retires not sooner than 7 March 2025." in message


def test_corpus_a_re_translated_heading_is_one_renamed_section(replayed: Replayed) -> None:
    said = "\n".join(replayed.reports.values())
    assert "is now called [“Migrasi ke pengganti”]" in said
    assert "Wording changed in the [section “Penghentian parameter API”]" in said
