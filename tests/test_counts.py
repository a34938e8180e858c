"""One count of changes everywhere: the day report's headline and summary, the commit subject and
body, the GitHub step summary and outputs, `run`'s lines and the feeds agree, on small fixtures
and on a replay of the real captures (21 July 2026: 20 changes on the English page, 35 on the
Indonesian one, and 95 findings that are not changes)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from recordparts import history, record, status

from scraper.cli import main
from scraper.github import outputs, step_summary
from scraper.publish.feeds import feed_items
from scraper.publish.links import Links
from scraper.publish.report import (
    commit_message,
    count_changes,
    count_findings,
    render_day_report,
    told_lines,
)
from scraper.read.languages import LANGUAGE_NAMES
from scraper.read.records import Section
from scraper.track.events import Event, diff_records
from scraper.track.pipeline import Outcome, RunResult

DAY = date(2026, 3, 5)
HEADLINE = re.compile(r"^(\d+) changes? on \[the (\w[\w ()]*) page\]", re.MULTILINE)
SUBJECT_MORE = re.compile(r"; (?:\+(\d+) more|(\d+) more changes?)")
SUMMARY_MORE = re.compile(r" and (\d+) more changes?;")


def grouped_day() -> list[Event]:
    """One model with four changed fields (one change), three models whose replacement moved
    alike (three changes, one sentence), two reworded sections (two changes), an announcement,
    a German change, and findings that are no change at all."""
    old = record(
        "en",
        [status(m, "active") for m in ("claude-a", "claude-b", "claude-c", "claude-d")],
        [history(date(2025, 1, 1), "Old models", *((f"claude-{m}", None, "claude-x") for m in "bcd"))],
    )
    new = record(
        "en",
        [
            status("claude-a", "deprecated", DAY, date(2026, 6, 1)),
            *(status(m, "active") for m in ("claude-b", "claude-c", "claude-d")),
        ],
        [
            history(date(2025, 1, 1), "Old models", *((f"claude-{m}", None, "claude-y") for m in "bcd")),
            history(DAY, "Claude A", ("claude-a", date(2026, 6, 1), "claude-b")),
        ],
    ).model_copy(
        update={
            "sections": [
                Section(anchor="overview", title="Overview", text="Reworded."),
                Section(anchor="notifications", title="Notifications", text="Also reworded."),
            ]
        }
    )
    german = diff_records(
        record("de", [status("claude-a", "active")]),
        record("de", [status("claude-a", "deprecated", DAY, date(2026, 6, 1))]),
        DAY,
    )
    findings = [
        Event(
            id=f"{DAY}/{lang}/finding_appeared/{lang}/x",
            date=DAY,
            type="finding_appeared",
            language=lang,
            subject=f"The {LANGUAGE_NAMES[lang]} page omits claude-z.",
            after={"kind": "lagging", "language": lang},
            anchor=f"lang-{lang}",
            link=f"translations.md#lang-{lang}",
        )
        for lang in ("fr", "it", "ja")
    ]
    return diff_records(old, new, DAY) + german + findings


def headlines(report: str) -> dict[str, int]:
    names = {name: lang for lang, name in LANGUAGE_NAMES.items()}
    return {names[name]: int(n) for n, name in HEADLINE.findall(report)}


def subject_more(message: str) -> int:
    match = SUBJECT_MORE.search(message.splitlines()[0])
    return int(next(g for g in match.groups() if g)) if match else 0


def test_the_definition_one_thing_on_one_page_findings_apart() -> None:
    events = grouped_day()
    english = [e for e in events if e.language == "en"]
    a_events = [e for e in english if e.model_id == "claude-a"]
    assert len(a_events) >= 3  # state, dates, …: one change
    assert count_changes(a_events) == 1
    # claude-a, b, c, d (replacements moved in the history), the announcement, two sections.
    assert count_changes(english) == 1 + 3 + 1 + 2
    assert count_changes(events) == 7 + 1  # and German's claude-a
    assert count_findings(events) == 3
    assert count_changes(e for e in events if e.type == "finding_appeared") == 0
    # The same model changed on two days is two changes.
    later = [e.model_copy(update={"date": date(2026, 3, 6)}) for e in a_events]
    assert count_changes([*a_events, *later]) == 2


def test_every_place_says_the_same_count_on_a_fixture() -> None:
    events = grouped_day()
    total, english = count_changes(events), count_changes(e for e in events if e.language == "en")
    report = render_day_report(DAY, events)
    assert headlines(report) == {"en": english, "de": 1}
    # The summary names five phrases, one of them the three models' shared sentence (3 changes).
    summary = report.split("\n")[2]
    said = told_lines([e for e in events if e.language == "en"], merge_wording=True)
    named = sum(t.changes for t in said[:5])
    more = SUMMARY_MORE.search(summary)
    assert named + (int(more.group(1)) if more else 0) == english
    assert "3 new findings" in summary
    # The commit subject: its first change plus "N more" is every change of the day.
    message = commit_message(events)
    lead = told_lines([e for e in events if e.language == "en"], merge_wording=True)[0]
    assert lead.changes + subject_more(message) == total
    assert f"English (en), {english} changes:" in message
    assert "German (de), 1 change:" in message
    # Step summary and outputs.
    result = RunResult(day=DAY, events=events, written=["x"])
    result.outcomes["en"] = Outcome("en", "changed", f"{english} changes")
    assert f"{total} changes in 2 languages; 3 findings came or went." in step_summary(
        result, links=Links()
    )
    assert outputs(result)["events"] == str(total)
    assert outputs(result)["findings"] == "3"
    # The feed: one item per change, and the shared finding once.
    items = feed_items(events)
    assert len([i for i in items if not i.types[0].startswith("finding_")]) == total
    assert len([i for i in items if i.types[0].startswith("finding_")]) == 1


def test_a_lead_sentence_of_several_models_counts_each(tmp_path: Path) -> None:
    old = record("en", [status(m, "active") for m in ("claude-b", "claude-c", "claude-d")])
    new = record("en", [status(m, "deprecated", DAY) for m in ("claude-b", "claude-c", "claude-d")])
    events = diff_records(old, new, DAY)
    assert count_changes(events) == 3
    message = commit_message(events)
    assert message.splitlines()[0] == "en: 3 models now deprecated"  # no "+N more": it is all
    assert "3 changes on [the English page]" in render_day_report(DAY, events)


@pytest.fixture(scope="module")
def replayed(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("data")
    assert main(["replay", str(corpus_dir / "pages"), "--data-dir", str(data), "-q"]) == 0
    return data


def day_events(data: Path, day: str) -> list[Event]:
    path = data / "diffs" / f"{day}.json"
    return [Event.model_validate(e) for e in json.loads(path.read_text())["events"]]


def test_21_july_2026_says_one_count_everywhere(replayed: Path) -> None:
    import git

    events = day_events(replayed, "2026-07-21")
    report = (replayed / "diffs" / "2026-07-21.md").read_text(encoding="utf-8")
    counts = headlines(report)
    assert counts == {"en": 20, "id": 35}
    assert count_changes(events) == 55 and count_findings(events) == 95
    # The summary names five English changes (one model each) and the rest: 20 in all.
    summary = report.split("\n")[2]
    assert " and 15 more changes;" in summary
    assert "93 new findings (10 distinct, in 11 translations) and 2 findings resolved" in summary
    # The commit subject: one change named, the other 54 counted.
    repo = git.Repo(replayed)
    [commit] = [c for c in repo.iter_commits() if c.committed_datetime.date() == date(2026, 7, 21)]
    subject = str(commit.message).splitlines()[0]
    assert subject.endswith("+54 more") or "; 54 more changes" in subject
    assert "English (en), 20 changes:" in str(commit.message)
    assert "Indonesian (id), 35 changes:" in str(commit.message)
    # The step summary and the `events` output.
    result = RunResult(day=date(2026, 7, 21), events=events, written=["x"])
    assert "55 changes in 2 languages; 95 findings came or went." in step_summary(
        result, links=Links()
    )
    assert outputs(result)["events"] == "55"
    # The feed: 20 + 35 change items and 12 findings (10 new, 2 resolved), each once.
    feed = json.loads((replayed / "diffs" / "feed.json").read_text(encoding="utf-8"))
    july = [i for i in feed["items"] if i["date_published"].startswith("2026-07-21")]
    by_page = [i["_claude_deprecation_tracker"]["languages"] for i in july
               if not i["tags"][0].startswith("finding_")]  # fmt: skip
    assert (by_page.count(["en"]), by_page.count(["id"])) == (20, 35)
    assert len(july) == 55 + 12


def test_every_replayed_day_and_page_counts_its_sentences_as_its_changes(replayed: Path) -> None:
    """The sentences' change counts add up to the definition, so no output can drift from it."""
    for path in sorted((replayed / "diffs").glob("????-??-??.json")):
        events = day_events(replayed, path.stem)
        report = path.with_suffix(".md").read_text(encoding="utf-8")
        for lang, said in headlines(report).items():
            mine = [e for e in events if e.language == lang]
            assert said == count_changes(mine), (path.stem, lang)
            for merge in (False, True):
                told = told_lines(mine, merge_wording=merge)
                assert sum(t.changes for t in told) == said, (path.stem, lang, merge)
