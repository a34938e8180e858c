"""What the tool prints and writes, read as a user would.

- One count of changes everywhere: the day report's headline and summary, the commit subject and
  body, the GitHub step summary and outputs, `run`'s lines and the feeds agree, on small fixtures
  and on a replay of the real captures (21 July 2026: 20 changes on the English page, 31 on the
  Indonesian one, and 3 findings that are not changes).
- No walls: what ten languages share is said once (`check`, the site's latest changes), and `-q`
  is quiet when all went well.
- Counted nouns agree with their number (0, 1, 2).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pageserver import PageServer, Reply, page_path, server_fixture  # noqa: F401
from recordparts import history, record, status
from trackpages import page_text

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
from scraper.publish.site import changes_section, recent_days
from scraper.read.languages import LANGUAGE_NAMES
from scraper.read.records import Section
from scraper.runner import Outcome, RunResult
from scraper.track.events import Event, diff_records
from scraper.words import agree, counted, plural

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
        [
            history(
                date(2025, 1, 1), "Old models", *((f"claude-{m}", None, "claude-x") for m in "bcd")
            )
        ],
    )
    new = record(
        "en",
        [
            status("claude-a", "deprecated", DAY, date(2026, 6, 1)),
            *(status(m, "active") for m in ("claude-b", "claude-c", "claude-d")),
        ],
        [
            history(
                date(2025, 1, 1), "Old models", *((f"claude-{m}", None, "claude-y") for m in "bcd")
            ),
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
    assert counts == {"en": 20, "id": 31}
    assert count_changes(events) == 51 and count_findings(events) == 3
    # The summary names five English changes (one model each) and the rest: 20 in all.
    summary = report.split("\n")[2]
    assert " and 15 more changes;" in summary
    assert "; 3 new findings." in summary  # the other translations were not read that day
    # The commit subject: one change named, the other 50 counted.
    repo = git.Repo(replayed)
    [commit] = [c for c in repo.iter_commits() if c.committed_datetime.date() == date(2026, 7, 21)]
    subject = str(commit.message).splitlines()[0]
    assert subject.endswith("+50 more") or "; 50 more changes" in subject
    assert "English (en), 20 changes:" in str(commit.message)
    assert "Indonesian (id), 31 changes:" in str(commit.message)
    # The step summary and the `events` output.
    result = RunResult(day=date(2026, 7, 21), events=events, written=["x"])
    assert "51 changes in 2 languages; 3 findings came or went." in step_summary(
        result, links=Links()
    )
    assert outputs(result)["events"] == "51"
    # The feed: 20 + 31 change items and 3 findings, each once.
    feed = json.loads((replayed / "diffs" / "feed.json").read_text(encoding="utf-8"))
    july = [i for i in feed["items"] if i["date_published"].startswith("2026-07-21")]
    by_page = [i["_claude_deprecation_tracker"]["languages"] for i in july
               if not i["tags"][0].startswith("finding_")]  # fmt: skip
    assert (by_page.count(["en"]), by_page.count(["id"])) == (20, 31)
    assert len(july) == 51 + 3


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


# -- walls and repeats ---------------------------------------------------------------------------


def test_check_says_what_ten_languages_share_once(
    replayed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--data-dir", str(replayed)]) == 0
    lines = capsys.readouterr().out.splitlines()
    shared = "  10 languages, the same: de, es, fr, it, ja, ko, pt-BR, ru, zh-CN, zh-TW"
    assert lines[1] == shared
    # Not read since 21 December 2025 (when they matched English): stale, not lagging 228 days.
    assert lines[2].startswith("         stale (since 2025-12-21)")
    assert sum(line.startswith("  id ") for line in lines) == 1
    assert len(lines) < 30  # was 146: the same 13 lines for each of 10 languages


def test_check_quiet_answers_with_its_exit_status(
    replayed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--data-dir", str(replayed), "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    # Two translations that lag (the corpus's are stale, judged by an earlier English page).
    data = tmp_path / "data"
    shutil.copytree(replayed, data)
    matrix = data / "diffs" / "translations.json"
    document = json.loads(matrix.read_text(encoding="utf-8"))
    for lang in ("de", "es"):
        document["languages"][lang] |= {"verdict": "lagging", "stale_since": None}
    matrix.write_text(json.dumps(document), encoding="utf-8")
    assert main(["check", "--data-dir", str(data), "-q", "--fail-on", "lagging"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "--fail-on lagging met by de, es" in err


def test_the_sites_latest_changes_say_a_days_findings_once(replayed: Path) -> None:
    [july] = [d for d in recent_days(replayed / "diffs", 40, []) if d.day == date(2026, 7, 21)]
    soup = BeautifulSoup(changes_section([july], None, matrix=True), "html.parser")
    findings = soup.select("li.findings")
    assert len(findings) == 1  # one line for the day's findings, however many pages share them
    assert findings[0].get_text().startswith("3 new findings, on the Indonesian page")
    assert [h.get_text() for h in soup.select("h4")] == [
        "English (en)",
        "Indonesian (id)",
        "Findings",
    ]
    assert soup.p.get_text().startswith("51 changes on the pages")


def test_run_quiet_prints_nothing_when_all_went_well(
    server: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for lang in ("en", "de"):
        server.route(page_path(lang, "md"), Reply(200, page_text(lang)))
    args = ["run", "--base-url", server.url, "--data-dir", str(tmp_path), "--languages", "en,de"]
    assert main([*args, "--date", "2026-03-01", "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    # Without -q, a line per language and what was written.
    assert main([*args, "--date", "2026-03-02"]) == 0
    out = capsys.readouterr().out
    assert "en     unchanged" in out and "de     unchanged" in out
    # A failing language still prints, with -q too, and only that one.
    server.route(page_path("de", "md"), Reply(500, "down"))
    server.route(page_path("de", "html"), Reply(500, "down"))
    assert main([*args, "--date", "2026-03-03", "-q", "--page-deadline", "1"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("de     failed") and "en " not in out
    assert "1 of 2 languages held back or failed" in err


# -- plurals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (0, "event", "0 events"),
        (1, "event", "1 event"),
        (2, "event", "2 events"),
        (1, "day", "1 day"),
        (2, "day", "2 days"),
        (0, "file", "0 files"),
        (1, "file", "1 file"),
        (1, "history section", "1 history section"),
        (2, "history section", "2 history sections"),
        (2, "inconsistency", "2 inconsistencies"),
        (1, "inconsistency", "1 inconsistency"),
        (2, "entry", "2 entries"),
    ],
)
def test_counted_nouns_agree(count: int, noun: str, said: str) -> None:
    assert counted(count, noun) == said


def test_agreeing_words() -> None:
    assert [agree(n, "was") for n in (0, 1, 2)] == ["were", "was", "were"]
    assert [agree(n, "change") for n in (0, 1, 2)] == ["changes", "change", "changes"]
    assert plural("model version") == "model versions"
    assert counted(3, "datum", "data") == "3 data"


def test_a_replay_of_one_day_says_one_day(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    [capture] = sorted((corpus_dir / "pages").glob("en__2025-05-02__*.html"))
    (archive / capture.name).write_bytes(capture.read_bytes())
    assert main(["replay", str(archive), "--data-dir", str(tmp_path / "data")]) == 0
    out = capsys.readouterr().out
    assert "replayed 1 day: 0 changes, 0 findings came or went, 1 commit" in out


def test_one_change_reads_one_change_in_report_commit_and_summary() -> None:
    old = record("en", [status("claude-a", "active")])
    new = record("en", [status("claude-a", "deprecated", DAY)])
    events = diff_records(old, new, DAY)
    assert "1 change on [the English page]" in render_day_report(DAY, events)
    message = commit_message(events)
    assert "English (en), 1 change:" in message and "1 changes" not in message
    result = RunResult(day=DAY, events=events, written=["x"])
    summary = step_summary(result, links=Links())
    assert "1 change in 1 language." in summary
    for wrong in ("1 changes", "1 languages", "1 events", "1 files"):
        assert wrong not in summary + message
