"""The day's Markdown report, its JSON twin and the commit message, from real diff events."""

from __future__ import annotations

import json
import re
from datetime import date

from recordparts import history as section
from recordparts import record, status

from scraper.consistency import Finding
from scraper.events import Event, diff_records
from scraper.records import (
    PageRecord,
    ParameterDeprecation,
)
from scraper.report import (
    DayEvents,
    commit_message,
    day_document,
    day_schema,
    render_day_json,
    render_day_report,
)

DAY = date(2026, 2, 20)
EN_PAGE = "https://platform.claude.com/docs/en/about-claude/model-deprecations"


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


def section_of(report: str, heading: str) -> str:
    """The text under a `## ` heading, up to the next one."""
    start = report.index(f"## {heading}\n")
    end = report.find("\n## ", start + 1)
    return report[start : end if end != -1 else len(report)]


def test_english_comes_first_then_the_languages_order() -> None:
    events = day_events()
    japanese = [e.model_copy(update={"language": "ja", "id": e.id + "-ja"}) for e in events[:1]]
    report = render_day_report(DAY, [*japanese, *events])
    headings = re.findall(r"^## (.+)$", report, flags=re.M)
    assert headings == ["English (en)", "German (de)", "Japanese (ja)"]
    assert report.startswith("# ") and "2026-02-20" in report.splitlines()[0]


def test_events_are_grouped_by_model_with_old_to_new_arrows() -> None:
    english = section_of(render_day_report(DAY, day_events()), "English (en)")
    models = re.findall(r"^### (claude-test-\d)$", english, flags=re.M)
    assert models == ["claude-test-1", "claude-test-2", "claude-test-4"]
    test_2 = english.split("### claude-test-2\n", 1)[1].split("\n### ", 1)[0]
    assert "- state: deprecated → retired (" in test_2
    assert "- retirement: 2025-03-07 → 2026-04-20 (+409 days) (" in test_2
    assert "claude-test-1" not in test_2


def test_every_change_links_to_its_anchor_on_the_page() -> None:
    english = section_of(render_day_report(DAY, day_events()), "English (en)")
    bullets = [line for line in english.splitlines() if line.startswith("- ")]
    assert bullets
    assert all(f"]({EN_PAGE}#" in line for line in bullets)
    assert f"[status table]({EN_PAGE}#model-status)" in english
    # The history entry's date moved too, linked to its own section.
    assert f"({EN_PAGE}#{NEW_HISTORY.anchor})" in english


def test_summary_paragraph_tells_the_key_change_in_words() -> None:
    report = render_day_report(DAY, day_events())
    summary = report.split("\n\n")[1]
    assert "\n" not in summary
    assert summary.startswith(
        "On 2026-02-20 the English page marked claude-test-1 deprecated "
        "(retiring 2026-04-20, replacement claude-test-9 | claude-test-8)"
    )
    assert "marked claude-test-2 retired" in summary
    assert summary.index("deprecated") < summary.index("retired")
    assert summary.endswith("1 translation changed too (de).")


def test_summary_of_a_day_only_a_translation_changed() -> None:
    events = [e for e in day_events() if e.language == "de"]
    summary = render_day_report(DAY, events).split("\n\n")[1]
    assert summary == (
        "On 2026-02-20 the English page did not change; the de page marked claude-test-1 "
        "deprecated (retiring 2026-04-20)."
    )


def test_announced_history_section_has_an_escaped_entries_table() -> None:
    english = section_of(render_day_report(DAY, day_events()), "English (en)")
    assert "### Deprecation history" in english
    assert "**Announced: 2026-02-20: Claude Test 1 \\| preview model**" in english
    rows = [line for line in english.splitlines() if line.startswith("| claude-test-1")]
    assert rows == ["| claude-test-1 | 2026-04-20 | claude-test-9 \\| claude-test-8 |"]
    assert len(re.split(r"(?<!\\)\|", rows[0])) == 5  # three cells between four pipes


def test_parameter_and_text_changes_are_shown() -> None:
    english = section_of(render_day_report(DAY, day_events()), "English (en)")
    assert "- `top_k`: " in english
    assert "Deprecated → Retired" in english or "Ignored → Rejected" in english
    block = english.split("```diff\n", 1)[1].split("\n```", 1)[0]
    assert block == "-We notify customers.\n+We notify customers by email."
    assert f"({EN_PAGE}#overview)" in english


def test_held_failed_and_inconsistencies_sections() -> None:
    findings = [
        Finding(
            kind="conflict",
            language="de",
            model_id="claude-test-2",
            message="claude-test-2: deprecated here, retired in English",
        ),
        Finding(
            kind="conflict",
            language="fr",
            model_id="claude-test-2",
            message="claude-test-2: deprecated here, retired in English",
        ),
        Finding(
            kind="conflict",
            language="de",
            model_id="claude-test-4",
            message="claude-test-4 is on the English page only",
        ),
        Finding(
            kind="within_page",
            language="en",
            model_id="claude-test-1",
            message="the status table retires claude-test-1 on 2026-01-01, the history on "
            "2026-01-02",
        ),
    ]
    report = render_day_report(
        DAY,
        day_events(),
        findings=findings,
        held={"ja": ["status table shrank from 4 to 1 models"]},
        failed={"ko": "HTTP 503 after 3 attempts"},
    )
    headings = re.findall(r"^## (.+)$", report, flags=re.M)
    assert headings[-3:] == ["Held back", "Failed", "Inconsistencies"]
    assert "- **Japanese (ja)**: status table shrank from 4 to 1 models" in report
    assert "- **Korean (ko)**: HTTP 503 after 3 attempts" in report
    inconsistencies = section_of(report, "Inconsistencies")
    # One line per disagreement, with every language that has it (not one list per language).
    assert (
        "- claude-test-2: deprecated here, retired in English (`conflict`): de, fr"
        in inconsistencies
    )
    assert "claude-test-4 is on the English page only (`conflict`): de" in (inconsistencies)
    assert "- English (en): the status table retires claude-test-1" in inconsistencies
    assert inconsistencies.count("claude-test-2") == 1
    summary = report.split("\n\n")[1]
    assert "the ja reading was held back" in summary and "the ko reading failed" in summary


def test_empty_sections_are_left_out() -> None:
    report = render_day_report(DAY, day_events())
    for heading in ("Held back", "Failed", "Inconsistencies"):
        assert f"## {heading}" not in report


def test_report_is_deterministic() -> None:
    events = day_events()
    kwargs = {"held": {"ja": ["a", "b"]}, "failed": {"ko": "x", "fr": "y"}}
    first = render_day_report(DAY, events, **kwargs)  # type: ignore[arg-type]
    again = render_day_report(DAY, list(reversed(events)), **kwargs)  # type: ignore[arg-type]
    assert first == again
    assert first.endswith("\n") and not first.endswith("\n\n")


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
    assert "state_changed" in json.dumps(schema["$defs"]["Event"])


def test_commit_message_subject_and_body() -> None:
    events = day_events()
    message = commit_message(events, held={"ja": ["guard"]}, failed={"ko": "HTTP 503"})
    subject, blank, *body = message.rstrip("\n").split("\n")
    assert subject.startswith("en: claude-test-1 deprecated; ")
    assert f"{len(events) - 1} more changes in 2 languages" in subject
    assert len(subject) <= 72 and blank == ""
    assert body[: len(events)] == sorted(
        body[: len(events)], key=lambda line: not line.startswith("[en]")
    )
    assert {e.summary() for e in events} == set(body[: len(events)])
    assert "- ja: guard" in body and "- ko: HTTP 503" in body


def test_commit_message_is_capped_and_subject_stays_short() -> None:
    long_id = "claude-" + "very-long-model-name-" * 5 + "1"
    old = record("en", [status(long_id, "active")])
    new = record("en", [status(long_id, "deprecated", DAY, date(2026, 8, 1))])
    german = [e for e in day_events() if e.language == "de"] * 3
    german = [e.model_copy(update={"id": f"{e.id}/{i}"}) for i, e in enumerate(german)]
    events = diff_records(old, new, DAY) + german
    message = commit_message(events, limit=5)
    lines = message.rstrip("\n").split("\n")
    assert len(lines[0]) <= 72 and lines[0].startswith("en: claude-very-long")
    assert lines[0].endswith(f"…; {len(events) - 1} more changes in 2 languages")
    assert lines[-1] == f"… and {len(events) - 5} more"
    assert len(lines) == 2 + 5 + 1


def test_commit_message_without_events_names_held_languages() -> None:
    message = commit_message([], held={"de": ["guard"]})
    assert message.splitlines()[0] == "No change events (held: de)"
