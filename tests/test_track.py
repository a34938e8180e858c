"""The nightly run end to end: a real local HTTP server, the real CLI, real git commits.

Each test serves our own small pages (see trackpages.py) for `en` and `de`, runs
`deprecation-tracker run` against the server into a temporary data directory, and checks the
files written, the events, the exit code and the commits.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import git
import pytest
from fixtures import page
from pageserver import (  # server_fixture is the `server` fixture
    SOFT_404_PAGE,
    PageServer,
    Reply,
    page_path,
    server_fixture,  # noqa: F401
)
from trackpages import (
    ALPHA,
    BETA,
    GAMMA,
    HISTORY,
    ROWS,
    HistoryEntry,
    HistorySection,
    page_text,
    record,
    url,
    with_row,
    without_row,
)

from scraper.cli import main
from scraper.fetch import FetchOptions
from scraper.publish.feeds import feed_id
from scraper.read.parse import parse_text
from scraper.read.records import PageRecord, ParseWarning
from scraper.runner import Reading, apply_readings, run
from scraper.track.events import Event
from scraper.track.store import Store

LANGS = "en,de"
HTML = "text/html; charset=utf-8"

# Alpha is deprecated (with a new history section) and Gamma's retirement moves by 15 days.
CHANGED_ROWS = with_row(ROWS, GAMMA, retirement=date(2026, 5, 15))
CHANGED_ROWS = with_row(
    CHANGED_ROWS, ALPHA, state="deprecated", deprecated_on=date(2026, 3, 4),
    retirement=date(2026, 9, 4), not_before=False,
)  # fmt: skip
CHANGED_HISTORY = (
    HistorySection(
        date(2026, 3, 4), "Claude Alpha 5", (HistoryEntry(date(2026, 9, 4), ALPHA, BETA),)
    ),
    replace(HISTORY[0], entries=(HistoryEntry(date(2026, 5, 15), GAMMA, ALPHA),)),
    HISTORY[1],
)


# -- helpers ---------------------------------------------------------------------------------


def serve(server: PageServer, **pages: str | Reply) -> None:
    """Answer the `.md` URL of each language with its page (or a scripted Reply)."""
    for lang, body in pages.items():
        server.route(page_path(lang, "md"), body if isinstance(body, Reply) else Reply(200, body))


def tracker(
    server: PageServer, data: Path, day: str, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str]:
    """Run the CLI; returns the exit code and everything it printed."""
    code = main(
        [
            "run",
            "--base-url",
            server.url,
            "--data-dir",
            str(data),
            "--date",
            day,
            "--languages",
            LANGS,
            *extra,
        ]
    )
    out, err = capsys.readouterr()
    return code, out + err


def tree(data: Path) -> dict[str, bytes]:
    """Every data file (snapshots/, diffs/) by relative path."""
    return {
        str(p.relative_to(data)): p.read_bytes()
        for folder in ("snapshots", "diffs")
        for p in sorted((data / folder).rglob("*"))
        if p.is_file()
    }


def commits(data: Path) -> list[git.Commit]:
    repo = git.Repo(data)
    return list(repo.iter_commits()) if repo.head.is_valid() else []


def touched(commit: git.Commit) -> set[str]:
    return {str(path) for path in commit.stats.files}


FINDING_EVENTS = ("finding_appeared", "finding_resolved")


def day_events(data: Path, day: str) -> list[Event]:
    """The day's events of the pages (the translation findings they caused are tested apart)."""
    document = json.loads((data / "diffs" / f"{day}.json").read_text(encoding="utf-8"))
    assert document["date"] == day
    events = [Event.model_validate(e) for e in document["events"]]
    return [e for e in events if e.type not in FINDING_EVENTS]


def day_files(data: Path) -> list[Path]:
    return sorted((data / "diffs").glob("????-??-??.*"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data directory that is already a git repository (as in the real checkout)."""
    folder = tmp_path / "data"
    git.Repo.init(folder)
    return folder


@pytest.fixture
def first_run(server: PageServer, data: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The state after a first run on 2026-03-01 with the sample pages in en and de."""
    serve(server, en=page_text("en"), de=page_text("de"))
    code, output = tracker(server, data, "2026-03-01", capsys)
    assert code == 0, output
    return data


# -- first run, unchanged run ----------------------------------------------------------------


def test_a_first_run_writes_snapshots_and_commits_once(first_run: Path) -> None:
    data = first_run
    for lang in ("en", "de"):
        snapshot = PageRecord.model_validate_json(
            (data / "snapshots" / lang / "2026-03-01.json").read_text(encoding="utf-8")
        )
        assert snapshot.language == lang
        assert {m.model_id for m in snapshot.models} == {r.model_id for r in ROWS}
        assert (data / "snapshots" / lang / "2026-03-01.md").read_text(
            encoding="utf-8"
        ) == page_text(lang)
        latest = data / "snapshots" / "latest" / f"{lang}.json"
        assert latest.read_bytes() == (data / "snapshots" / lang / "2026-03-01.json").read_bytes()
    document = json.loads((data / "snapshots" / "latest.json").read_text(encoding="utf-8"))
    assert sorted(document["languages"]) == ["de", "en"]
    assert document["languages"]["de"]["snapshot_date"] == "2026-03-01"
    # A first reading has nothing to compare: no day report, but feeds (empty) so no URL 404s.
    assert not day_files(data)
    assert {"feed.atom", "feed.json"} <= {p.name for p in (data / "diffs").iterdir()}
    assert json.loads((data / "diffs" / "feed.json").read_text(encoding="utf-8"))["items"] == []

    [commit] = commits(data)
    assert touched(commit) == {p for p in tree(data)}
    assert all(p.startswith(("snapshots/", "diffs/")) for p in touched(commit))
    assert str(commit.message).startswith("First snapshot: en, de\n")
    assert "English (en): first snapshot: 4 models" in str(commit.message)
    assert not git.Repo(data).is_dirty(untracked_files=False)


def test_a_run_with_the_same_pages_changes_nothing(
    server: PageServer, first_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, head = tree(first_run), commits(first_run)[0]
    code, output = tracker(server, first_run, "2026-03-02", capsys)
    assert code == 0, output
    assert "nothing changed; nothing written" in output
    assert tree(first_run) == before
    assert commits(first_run)[0] == head


# -- changes ---------------------------------------------------------------------------------


def test_a_changed_page_gives_events_reports_feeds_and_a_commit(
    server: PageServer, first_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = first_run
    serve(server, en=page_text("en", CHANGED_ROWS, CHANGED_HISTORY))
    code, output = tracker(server, data, "2026-03-05", capsys)
    assert code == 0, output

    events = day_events(data, "2026-03-05")
    assert sorted((e.type, e.model_id or e.subject, e.anchor) for e in events) == [
        ("deprecated_on_changed", ALPHA, "model-status"),
        ("deprecation_announced", "2026-03-04: Claude Alpha 5", "2026-03-04-claude-alpha-5"),
        ("retirement_date_changed", ALPHA, "model-status"),
        ("retirement_date_changed", GAMMA, "2026-01-15-claude-gamma-3"),
        ("retirement_date_changed", GAMMA, "model-status"),
        ("state_changed", ALPHA, "model-status"),
    ]
    assert {e.language for e in events} == {"en"}
    assert {e.shift_days for e in events if e.model_id == GAMMA} == {15}

    report = (data / "diffs" / "2026-03-05.md").read_text(encoding="utf-8")
    assert ALPHA in report and GAMMA in report
    feed = json.loads((data / "diffs" / "feed.json").read_text(encoding="utf-8"))
    day = json.loads((data / "diffs" / "2026-03-05.json").read_text(encoding="utf-8"))["events"]
    # One item per change (a model's events of the day are one) and per finding, each once.
    ids = [item["id"] for item in feed["items"]]
    assert sorted(ids) == sorted({feed_id(Event.model_validate(e)) for e in day})
    assert (data / "diffs" / "feed.atom").read_text(encoding="utf-8").count("<entry>") == len(ids)
    # German, unchanged, now differs from the changed English: those findings appeared; and
    # English now recommends the deprecated alpha to replace gamma (a within-page finding).
    appeared = [e["after"] for e in day if e["type"] == "finding_appeared"]
    assert {f["kind"] for f in appeared if f["language"] == "de"} == {"lagging"}
    assert [(f["kind"], f["model_id"]) for f in appeared if f["language"] == "en"] == [
        ("within_page", GAMMA)
    ]

    assert not (data / "snapshots" / "de" / "2026-03-05.json").exists()  # de did not change
    latest = PageRecord.model_validate_json((data / "snapshots/latest/en.json").read_text())
    assert latest.model(ALPHA) is not None and latest.model(ALPHA).state == "deprecated"

    head, first = commits(data)[:2]
    assert head.parents == (first,)
    message = str(head.message)
    assert message.startswith("en: ")
    assert len(message.splitlines()[0]) <= 72
    assert "English (en), 3 changes:\n- " in message  # the changes, per language, in sentences
    assert f"- {ALPHA} is now deprecated (was active): " in message
    assert touched(head) == {
        "diffs/2026-03-05.json",
        "diffs/2026-03-05.md",
        "diffs/feed.atom",
        "diffs/feed.json",
        "snapshots/en/2026-03-05.json",
        "snapshots/en/2026-03-05.md",
        "snapshots/latest/en.json",
        "snapshots/latest.json",
        "snapshots/models.json",
        "diffs/translations.json",
        "diffs/translations.md",
    } | ({"snapshots/retirements.ics"} & touched(head))


def test_a_second_run_on_the_same_day_replaces_the_snapshot_and_merges_the_events(
    server: PageServer, first_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = first_run
    serve(server, en=page_text("en", CHANGED_ROWS, CHANGED_HISTORY))
    assert tracker(server, data, "2026-03-05", capsys)[0] == 0
    morning = day_events(data, "2026-03-05")

    later_rows = with_row(CHANGED_ROWS, BETA, state="deprecated", deprecated_on=date(2026, 3, 5))
    serve(server, en=page_text("en", later_rows, CHANGED_HISTORY))
    code, output = tracker(server, data, "2026-03-05", capsys)
    assert code == 0, output
    evening = day_events(data, "2026-03-05")
    assert len({e.id for e in evening}) == len(evening)
    assert all(e in evening for e in morning)  # the morning's events are kept
    assert sorted((e.type, e.model_id) for e in evening if e not in morning) == [
        ("deprecated_on_changed", BETA),
        ("state_changed", BETA),
    ]
    snapshot = record("en", later_rows, CHANGED_HISTORY)
    saved = PageRecord.model_validate_json((data / "snapshots/en/2026-03-05.json").read_text())
    assert saved.models == snapshot.models
    assert sorted(p.name for p in (data / "snapshots" / "en").iterdir()) == [
        "2026-03-01.json",
        "2026-03-01.md",
        "2026-03-05.json",
        "2026-03-05.md",
    ]
    assert len(commits(data)) == 3

    # A third run that sees nothing new leaves the day alone.
    before = tree(data)
    assert tracker(server, data, "2026-03-05", capsys)[0] == 0
    assert tree(data) == before
    assert len(commits(data)) == 3


# -- failures and holds ----------------------------------------------------------------------

BROKEN = {
    "no status table": Reply(200, page("de", status_table=False)),
    "soft 404": Reply(200, SOFT_404_PAGE, content_type=HTML),
    "404": Reply(404, "gone\n", content_type="text/plain"),
    "HTML at the .md URL": Reply(200, "<!DOCTYPE html><html><p>hi</p></html>", content_type=HTML),
}


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_language_keeps_its_snapshot_while_the_others_go_on(
    server: PageServer, first_run: Path, capsys: pytest.CaptureFixture[str], broken: Reply
) -> None:
    data = first_run
    de_before = {p: b for p, b in tree(data).items() if "/de" in p}
    serve(server, en=page_text("en", with_row(ROWS, ALPHA, state="legacy")), de=broken)
    server.route(page_path("de", "html"), broken)

    code, output = tracker(server, data, "2026-03-02", capsys)
    assert code == 1
    assert "de     failed" in output
    assert "error: 1 of 2 languages held back or failed (de; see above)" in output
    [de_line] = [line for line in output.splitlines() if line.startswith("de ")]
    assert de_line.endswith("; kept the last good snapshot from 2026-03-01")
    assert {p: b for p, b in tree(data).items() if "/de" in p} == de_before
    assert [(e.type, e.language) for e in day_events(data, "2026-03-02")] == [
        ("state_changed", "en")
    ]
    head = commits(data)[0]
    assert "snapshots/en/2026-03-02.json" in touched(head)
    assert not any("/de" in p for p in touched(head))
    message = str(head.message)
    assert "failed: de" in message.splitlines()[0]
    assert "\nFailed:\n- German (de): " in message


def test_a_language_answering_500_fails_after_its_retries(
    server: PageServer, first_run: Path
) -> None:
    serve(server, de=Reply(500, "oops\n", content_type="text/plain"))
    server.route(page_path("de", "html"), Reply(503, "busy\n", content_type="text/plain"))
    asked_before = len(server.requests(page_path("de", "md")))
    fast = FetchOptions(retries=1, backoff_base=0.01, connect_timeout=2.0, read_timeout=2.0)
    result = run(
        first_run, languages=["en", "de"], base_url=server.url, day=date(2026, 3, 2), options=fast
    )
    assert not result.ok
    assert result.outcomes["en"].status == "unchanged"
    assert result.outcomes["de"].status == "failed"
    assert "HTTP 500 after 2 attempts" in result.outcomes["de"].message
    assert len(server.requests(page_path("de", "md"))) - asked_before == 2
    assert result.commit is None and result.written == []


def test_a_suspicious_reading_is_held_not_published(
    server: PageServer, first_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = first_run
    latest_before = (data / "snapshots" / "latest" / "en.json").read_bytes()
    serve(server, en=page_text("en", without_row(ROWS, ALPHA)))
    code, output = tracker(server, data, "2026-03-02", capsys)
    assert code == 1
    assert "en     held" in output and ALPHA in output

    hold = json.loads((data / "snapshots" / "en" / "hold.json").read_text(encoding="utf-8"))
    assert hold["days_seen"] == 1 and hold["first_seen"] == "2026-03-02"
    assert hold["reasons"] == [
        f"{ALPHA} (active) disappeared from the status table but nothing says it was retired"
    ]
    assert (data / "snapshots" / "latest" / "en.json").read_bytes() == latest_before
    assert not (data / "snapshots" / "en" / "2026-03-02.json").exists()
    assert not day_files(data)  # no events for a held language
    # The hold is committed, so a fresh checkout tomorrow keeps counting.
    head = commits(data)[0]
    # latest.json says since when English is held, and why.
    assert touched(head) == {"snapshots/en/hold.json", "snapshots/latest.json"}
    assert f"English (en): not updated since 2 March 2026: {ALPHA} (active) disa" in str(
        head.message
    )


def test_no_commit_writes_the_files_but_does_not_commit(
    server: PageServer, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    code, output = tracker(server, data, "2026-03-01", capsys, "--no-commit")
    assert code == 0, output
    assert "(not committed)" in output
    assert (data / "snapshots" / "en" / "2026-03-01.json").is_file()
    assert commits(data) == []


def test_a_data_dir_that_is_not_a_repository_becomes_one(
    server: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "new" / "data"
    serve(server, en=page_text("en"), de=page_text("de"))
    code, output = tracker(server, data, "2026-03-01", capsys)
    assert code == 0, output
    [commit] = commits(data)
    assert (data / ".gitignore").read_text(encoding="utf-8") == ".tracker/\n"
    assert (data / ".tracker").is_dir()  # run log and HTTP validators: never committed
    assert touched(commit) == {".gitignore", *tree(data)}
    assert not git.Repo(data).is_dirty(untracked_files=True)


def test_snapshots_are_byte_identical_across_runs(
    server: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    one, two = tmp_path / "one", tmp_path / "two"
    assert tracker(server, one, "2026-03-01", capsys, "--no-commit")[0] == 0
    assert tracker(server, two, "2026-03-01", capsys)[0] == 0
    assert tree(one) == tree(two)
    # 2 x (json, md), 2 x latest/<lang>.json, latest.json, retirements.ics, models.json,
    # diffs/translations.json|md, 2 feeds
    assert len(tree(one)) == 13
    # No run timestamps inside data files (the clock's today is not the run's --date).
    today = datetime.now(UTC).date().isoformat().encode()
    assert not any(today in text for text in tree(one).values())


# -- flapping, through apply_readings (no server needed) ------------------------------------


def reading(rec: PageRecord) -> Reading:
    return Reading(rec.language, record=rec, markdown=None)


def test_a_model_that_flickers_out_and_back_never_makes_an_event(tmp_path: Path) -> None:
    store = Store(tmp_path)
    full, missing = record("en"), record("en", without_row(ROWS, ALPHA))
    apply_readings(store, [reading(full)], date(2026, 3, 1), commit=False)
    held = apply_readings(store, [reading(missing)], date(2026, 3, 2), commit=False)
    assert held.outcomes["en"].status == "held" and held.events == []
    back = apply_readings(store, [reading(full)], date(2026, 3, 3), commit=False)
    assert back.outcomes["en"].status == "unchanged" and back.events == []
    assert store.hold("en") is None
    assert store.all_event_days() == []


def test_a_reading_with_a_new_warning_is_published_with_it(tmp_path: Path) -> None:
    store = Store(tmp_path)
    base = record("en")
    once = ParseWarning(where="model-status", message="unknown word 'Sunsetting'")
    twice = ParseWarning(where="model-status", message="retirement date before deprecation")
    warned = base.model_copy(update={"warnings": [once]})
    assert apply_readings(store, [reading(warned)], date(2026, 3, 1), commit=False).ok
    moved = record("en", with_row(ROWS, ALPHA, retirement=date(2027, 9, 1)))
    moved = moved.model_copy(update={"warnings": [once]})
    published = apply_readings(store, [reading(moved)], date(2026, 3, 2), commit=False)
    assert published.outcomes["en"].status == "changed"
    # A new warning beside the old one, with a real change: published, the warning kept.
    worse = record("en", with_row(ROWS, BETA, state="deprecated", deprecated_on=date(2026, 3, 3)))
    worse = worse.model_copy(update={"warnings": [once, twice]})
    result = apply_readings(store, [reading(worse)], date(2026, 3, 3), commit=False)
    assert result.outcomes["en"].status == "changed" and result.ok
    assert ("state_changed", BETA) in [(e.type, e.model_id) for e in result.events]
    assert store.latest("en") == worse and store.hold("en") is None


# A retirement cell the reader has never seen (coarse, "to be announced", free words).
NEW_CELLS = ["Q3 2027", "To be announced", "sometime after the launch"]


@pytest.mark.parametrize("cell", NEW_CELLS)
def test_a_page_with_a_cell_never_seen_before_publishes_and_its_other_changes_are_evented(
    server: PageServer, first_run: Path, capsys: pytest.CaptureFixture[str], cell: str
) -> None:
    data = first_run
    rows = with_row(ROWS, BETA, retirement_text=cell)
    rows = with_row(rows, ALPHA, state="legacy")
    serve(server, en=page_text("en", rows))
    code, output = tracker(server, data, "2026-03-02", capsys)
    assert code == 0, output
    assert not (data / "snapshots" / "en" / "hold.json").exists()
    assert ("state_changed", ALPHA) in [
        (e.type, e.model_id) for e in day_events(data, "2026-03-02")
    ]
    published = PageRecord.model_validate_json((data / "snapshots/latest/en.json").read_text())
    beta = published.model(BETA)
    assert beta is not None and beta.retirement_label == cell  # kept as written
    assert published.warnings == record("en", rows).warnings  # whatever the reader said stays
    if cell.startswith("sometime"):
        assert any(cell in w.message for w in published.warnings)
    entry = json.loads((data / "snapshots" / "latest.json").read_text())["languages"]["en"]
    assert (entry["held_since"], entry["held_reason"]) == (None, None)


def test_a_row_cut_short_by_a_truncated_response_is_still_held(tmp_path: Path) -> None:
    # The fetcher refuses such a body itself; a capture replayed, or a mirror's copy, is read.
    store = Store(tmp_path)
    full = page_text("en", history=(), parameters=())
    cut = full[: full.rindex("September 1") + 6]  # ends inside the last row
    apply_readings(store, [reading(parse_text(full, url=url("en"), language="en", fmt="md"))],
                   date(2026, 3, 1), commit=False)  # fmt: skip
    new = parse_text(cut, url=url("en"), language="en", fmt="md")
    result = apply_readings(store, [Reading("en", new, cut)], date(2026, 3, 2), commit=False)
    assert result.outcomes["en"].status == "held"
    assert result.outcomes["en"].message.startswith("model-status row 4: ")
    assert "cut short" in result.outcomes["en"].message
    assert store.latest_date("en") == date(2026, 3, 1)


def latest_entry(data: Path, lang: str) -> dict[str, object]:
    entry: dict[str, object] = json.loads(
        (data / "snapshots" / "latest.json").read_text(encoding="utf-8")
    )["languages"][lang]
    return entry


def test_a_lasting_hold_keeps_its_first_day_and_its_fields_clear_when_it_ends(
    server: PageServer, first_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = first_run
    full = page_text("en")
    # Day 2: a copy cut before the last history section.
    serve(server, en=full[: full.index("### 2025-06-02")])
    assert tracker(server, data, "2026-03-02", capsys)[0] == 1
    entry = latest_entry(data, "en")
    assert entry["held_since"] == "2026-03-02"
    assert entry["held_reason"] == (
        "history section 2025-06-02 (Claude Delta 2) disappeared; "
        "the page lost sections: 8 before, 6 now"
    )
    assert entry["snapshot_date"] == "2026-03-01"  # the last good record stays published
    assert (latest_entry(data, "de")["held_since"], latest_entry(data, "de")["held_reason"]) == (
        None,
        None,
    )
    # Day 3: another damaged copy (cut earlier): a new reading, the same hold; German changes,
    # so the day has a report, which says since when English is not updated.
    serve(
        server,
        en=full[: full.index("### 2026-01-15")],
        de=page_text("de", with_row(ROWS, ALPHA, state="legacy")),
    )
    code, output = tracker(server, data, "2026-03-03", capsys)
    assert code == 1
    assert "en     held      not updated since 2 March 2026: 2 history sections " in output
    hold = json.loads((data / "snapshots" / "en" / "hold.json").read_text(encoding="utf-8"))
    assert (hold["since"], hold["first_seen"], hold["days_seen"]) == ("2026-03-02", "2026-03-03", 1)
    entry = latest_entry(data, "en")
    assert entry["held_since"] == "2026-03-02"
    assert str(entry["held_reason"]).startswith("2 history sections (2026-01-15 and 2025-06-02) ")
    report = (data / "diffs" / "2026-03-03.md").read_text(encoding="utf-8")
    assert "- **English (en)** not updated since 2 March 2026: 2 history sections" in report
    assert "English (en): not updated since 2 March 2026: " in str(commits(data)[0].message)
    # Day 4: the whole page again: the hold ends, the fields clear.
    serve(server, en=full)
    code, output = tracker(server, data, "2026-03-04", capsys)
    assert code == 0, output
    assert (latest_entry(data, "en")["held_since"], latest_entry(data, "en")["held_reason"]) == (
        None,
        None,
    )
    assert not (data / "snapshots" / "en" / "hold.json").exists()


def test_a_status_row_moved_below_the_table_is_held_then_published_with_a_warning(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path)
    full = page_text("en")
    lines = full.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("|") and GAMMA in line)
    row = lines.pop(at)
    lines.insert(next(n for n in range(at, len(lines)) if not lines[n].startswith("|")) + 1, row)
    swapped = "\n".join(lines)
    moved = parse_text(swapped, url=url("en"), language="en", fmt="md")
    apply_readings(store, [reading(record("en"))], date(2026, 3, 1), commit=False)
    results = [
        apply_readings(
            store, [Reading("en", record=moved, markdown=swapped)], date(2026, 3, d), commit=False
        )
        for d in (2, 3, 4)
    ]
    said = f"{GAMMA}'s status row now stands outside the status table (a line moved?)"
    assert [r.outcomes["en"].message for r in results[:2]] == [said, said]
    assert results[-1].outcomes["en"].status == "changed"  # seen on 3 days: the page's own
    published = store.latest("en")
    assert published is not None
    [warning] = [w for w in published.warnings if GAMMA in w.message]
    assert "its row now stands outside the table" in warning.message


def test_a_304_for_a_held_language_ends_its_hold(tmp_path: Path) -> None:
    # The validators sent are the last good reading's: 304 means the page is that one again.
    store = Store(tmp_path)
    apply_readings(store, [reading(record("en"))], date(2026, 3, 1), commit=False)
    gone = record("en", without_row(ROWS, ALPHA))
    assert apply_readings(store, [reading(gone)], date(2026, 3, 2), commit=False).holds
    result = apply_readings(store, [Reading("en", not_modified=True)], date(2026, 3, 3))
    assert result.holds == {} and store.hold("en") is None


def test_a_real_removal_is_published_once_seen_on_enough_days(tmp_path: Path) -> None:
    store = Store(tmp_path)
    missing = record("en", without_row(ROWS, ALPHA))
    apply_readings(store, [reading(record("en"))], date(2026, 3, 1), commit=False)
    statuses = []
    for day in (2, 2, 3, 4):  # the same day twice counts once
        result = apply_readings(store, [reading(missing)], date(2026, 3, day), commit=False)
        statuses.append(result.outcomes["en"].status)
    assert statuses == ["held", "held", "held", "changed"]
    assert "accepted after being seen on 3 days" in result.outcomes["en"].message
    assert [(e.type, e.model_id) for e in result.events] == [("model_removed", ALPHA)]
    assert store.hold("en") is None
    assert store.latest("en") == missing


def test_an_english_page_cut_cleanly_before_a_history_section_is_held(
    server: PageServer, first_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A truncated response that still ends at a heading: it parses, but lost history.
    full = page_text("en")
    cut = full[: full.index("### 2025-06-02")]
    serve(server, en=cut)
    code, output = tracker(server, first_run, "2026-03-02", capsys)
    assert code == 1, output
    [en_line] = [line for line in output.splitlines() if line.startswith("en ")]
    assert en_line.startswith(
        "en     held      not updated since 2 March 2026: history section 2025-06-02 (Claude "
    )
    assert en_line.endswith("; kept the last good snapshot from 2026-03-01")
    assert not day_files(first_run)  # no "deprecation section removed" published
    assert not (first_run / "snapshots" / "en" / "2026-03-02.json").exists()


def test_a_held_reading_that_changes_most_rows_is_published_on_its_third_day(
    tmp_path: Path,
) -> None:
    # Most rows replaced at once: DeepDiff sees the whole table as one change (it used to crash).
    store = Store(tmp_path)
    kept = ROWS[0]
    fresh = tuple(replace(r, model_id=f"claude-new-{n}") for n, r in enumerate(ROWS[1:]))
    swapped = record("en", (kept, *fresh), history=())
    apply_readings(store, [reading(record("en", history=()))], date(2026, 3, 1), commit=False)
    statuses = [
        apply_readings(store, [reading(swapped)], date(2026, 3, day), commit=False)
        for day in (2, 3, 4)
    ]
    assert [r.outcomes["en"].status for r in statuses] == ["held", "held", "changed"]
    page_events = [e for e in statuses[-1].events if not e.type.startswith("finding_")]
    assert sorted((e.type, e.model_id) for e in page_events) == sorted(
        [("model_added", r.model_id) for r in fresh]
        + [("model_removed", r.model_id) for r in ROWS[1:]]
    )
    assert [e["type"] for e in store.day_events(date(2026, 3, 4))].count("model_added") == 3


def test_a_snapshot_is_parsed_once_per_run_and_follows_staged_changes(tmp_path: Path) -> None:
    store = Store(tmp_path)
    apply_readings(store, [reading(record("en"))], date(2026, 3, 1), commit=False)
    day = date(2026, 3, 1)
    first = store.snapshot("en", day)
    assert store.snapshot("en", day) is first  # the translations and the calendar share it
    moved = record("en", with_row(ROWS, ALPHA, retirement=date(2027, 9, 1)))
    store.save_snapshot(moved, day, None)  # staged, not yet on disk
    assert store.snapshot("en", day) == moved != first


def test_a_store_keeps_only_the_records_used_last_not_the_whole_history(tmp_path: Path) -> None:
    """A long replay reads and writes a snapshot per language a day: the store keeps the parsed
    records used most recently (KEPT_RECORDS), not all of them (its memory would follow the
    history's length), and one let go is read again, right."""
    from scraper.track import store as store_module

    store = Store(tmp_path)
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(store_module.KEPT_RECORDS + 8)]
    for n, day in enumerate(days):
        moved = with_row(ROWS, ALPHA, retirement=date(2027, 1, 1) + timedelta(days=n))
        store.save_snapshot(record("en", moved), day, None)
    latest = store.latest("en")
    assert len(store._parsed) == store_module.KEPT_RECORDS
    assert store.latest("en") is latest  # the newest stay kept
    oldest = store.snapshot("en", days[0])  # let go, read again from its staged text
    assert oldest.models[0].retirement_date == date(2027, 1, 1)
    assert store.snapshot("en", days[0]) is oldest


@pytest.mark.parametrize("damage", ["{not json", '{"reasons": 3}', "[]", '{"first_seen": "x"}'])
def test_a_damaged_hold_file_is_judged_again_not_a_crash(tmp_path: Path, damage: str) -> None:
    store = Store(tmp_path)
    apply_readings(store, [reading(record("en"))], date(2026, 3, 1), commit=False)
    hold_file = tmp_path / "snapshots" / "en" / "hold.json"
    hold_file.write_text(damage, encoding="utf-8")
    gone = record("en", without_row(ROWS, ALPHA))
    result = apply_readings(store, [reading(gone)], date(2026, 3, 2), commit=False)
    assert result.outcomes["en"].status == "held"
    assert result.holds["en"].held_since == date(2026, 3, 2)  # the hold is made afresh
    held = json.loads(hold_file.read_text(encoding="utf-8"))
    assert (held["since"], held["days_seen"]) == ("2026-03-02", 1)


def test_staged_snapshots_join_the_listing_read_once(tmp_path: Path) -> None:
    """What a run stages counts as written (or gone) before it is saved, and only that."""

    folder = tmp_path / "snapshots" / "de"
    folder.mkdir(parents=True)
    for day in ("2026-01-01", "2026-01-02", "2026-01-03"):
        (folder / f"{day}.json").write_text("{}", encoding="utf-8")
    (folder / "notes.txt").write_text("not a day", encoding="utf-8")
    store = Store(tmp_path)
    on_disk = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)]
    assert store.snapshot_days("de") == on_disk
    store.write(folder / "2026-01-05.json", "{}")
    store.remove(folder / "2026-01-02.json")
    store.write(folder / "2026-01-04.md", "not a snapshot")
    assert store.snapshot_days("de") == [date(2026, 1, 1), date(2026, 1, 3), date(2026, 1, 5)]
    assert store.latest_date("de") == date(2026, 1, 5)
    store.remove(folder / "2026-01-05.json")  # staged, then unstaged by a removal
    assert store.latest_date("de") == date(2026, 1, 3)
    assert store.snapshot_days("fr") == []


def test_the_listing_kept_in_step_matches_a_fresh_look_at_the_folder(tmp_path: Path) -> None:
    """Writes and removals, staged then saved, keep the store's listing as the disk says."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    days = [f"2026-02-{day:02d}" for day in range(1, 9)]
    steps = st.lists(
        st.tuples(st.sampled_from(["write", "remove", "save"]), st.sampled_from(days)),
        max_size=30,
    )

    @settings(max_examples=60, deadline=None)
    @given(steps)
    def check(plan: list[tuple[str, str]]) -> None:
        root = tmp_path / "data"
        shutil.rmtree(root, ignore_errors=True)
        folder = root / "snapshots" / "de"
        folder.mkdir(parents=True)
        (folder / "2026-02-03.json").write_text("{}", encoding="utf-8")
        store = Store(root)
        for action, day in plan:
            store.snapshot_days("de")  # listed (and kept) before the change
            if action == "write":
                store.write(folder / f"{day}.json", "{}")
            elif action == "remove":
                store.remove(folder / f"{day}.json")
            else:
                store.save("x", day=date(2026, 3, 1), commit=False)
            on_disk = Store(root).snapshot_days("de")
            staged = {p.stem: data for p, data in store.pending.items()}
            expected = sorted(
                {d.isoformat() for d in on_disk} | {s for s, d in staged.items() if d is not None}
            )
            expected = [d for d in expected if staged.get(d, b"") is not None]
            assert [d.isoformat() for d in store.snapshot_days("de")] == expected

    check()
