"""Where each translation stands: lagging vs conflict against the English history, verdicts,
the matrix, finding events, within-page checks, the `check` command, and the corpus acceptance."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import corpus_pages
from recordparts import program_words
from trackpages import (
    ALPHA,
    BETA,
    DELTA,
    GAMMA,
    HISTORY,
    ROWS,
    HistoryEntry,
    HistorySection,
    StatusRow,
    record,
    with_row,
    without_row,
)

from scraper.cli import main
from scraper.publish.translations import render_translations_md
from scraper.runner import Reading, apply_readings
from scraper.track.consistency import all_findings, compare_translation, finding_clause, within_page
from scraper.track.store import Store
from scraper.track.translations import (
    failing_languages,
    finding_events,
    load_translations,
    translations_document,
)

JAN, FEB, MAR = date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10)
# English moved gamma's retirement from April 30 to May 31 on FEB.
MOVED = with_row(ROWS, GAMMA, retirement=date(2026, 5, 31))
MOVED_HISTORY = (
    HistorySection(
        HISTORY[0].announced_on,
        HISTORY[0].title,
        (HistoryEntry(date(2026, 5, 31), GAMMA, ALPHA),),
    ),
    HISTORY[1],
)
# English moved alpha's earliest retirement on MAR.
MOVED_AGAIN = with_row(MOVED, ALPHA, retirement=date(2027, 9, 1))


def english_then_now() -> tuple[list[tuple[date, object]], object]:
    then = record("en")
    now = record("en", MOVED, MOVED_HISTORY)
    return [(JAN, then), (FEB, now)], now


# -- lagging or conflict --------------------------------------------------------------------------


def test_a_value_english_said_before_is_lagging_with_that_revision_and_the_days() -> None:
    history, english = english_then_now()
    findings = compare_translation(
        english,
        record("de"),  # still April 30, as English said on JAN
        translation_date=FEB,
        english_date=FEB,
        english_history=history,
    )
    assert {(f.kind, f.aspect, f.model_id) for f in findings} == {
        ("lagging", "retirement_date", GAMMA),
        ("lagging", "history", GAMMA),
    }
    for finding in findings:
        assert finding.english_date == JAN
        assert finding.lag_days == (FEB - JAN).days
        assert ", as the English page of 10 January 2026 did (31 days behind); English says" in (
            finding.message
        )
        assert finding.message.startswith("The German page says claude-gamma-3-20240601 retires")
        assert program_words(finding.message) == []
    by_aspect = {f.aspect: f.message for f in findings}
    assert by_aspect["retirement_date"] == (
        f"The German page says {GAMMA} retires on 30 April 2026, as the English page of "
        "10 January 2026 did (31 days behind); English says it retires on 31 May 2026."
    )


def test_a_value_english_never_said_is_a_conflict() -> None:
    history, english = english_then_now()
    odd = record("de", with_row(ROWS, GAMMA, retirement=date(2026, 6, 1)))
    findings = compare_translation(
        english,
        odd,
        translation_date=FEB,
        english_date=FEB,
        english_history=history,
    )
    status = [f for f in findings if f.aspect == "retirement_date"]
    assert [(f.kind, f.english_date, f.lag_days) for f in status] == [("conflict", None, None)]
    assert status[0].message == (
        f"The German page says {GAMMA} retires on 1 June 2026; "
        "English says it retires on 31 May 2026."
    )


def test_a_translation_that_says_what_english_says_has_no_finding() -> None:
    history, english = english_then_now()
    same = record("de", MOVED, MOVED_HISTORY)
    assert (
        compare_translation(
            english,
            same,
            translation_date=MAR,
            english_date=FEB,
            english_history=history,
        )
        == []
    )


def test_missing_and_extra_models_each_said_once() -> None:
    english = record("en")
    fewer = record("de", without_row(ROWS, BETA))
    more = record("de", (*ROWS, StatusRow("claude-zeta-1", "active")))
    missing = compare_translation(english, fewer, translation_date=JAN, english_date=JAN)
    assert [(f.kind, f.aspect, f.model_id) for f in missing] == [("conflict", "models", BETA)]
    extra = compare_translation(english, more, translation_date=JAN, english_date=JAN)
    assert [(f.kind, f.aspect, f.model_id) for f in extra] == [
        ("conflict", "models", "claude-zeta-1")
    ]


def test_english_state_words_in_a_translation_are_untranslated_information() -> None:
    english = record("en")
    rows = with_row(ROWS, ALPHA, label="Active")
    findings = compare_translation(
        english, record("de", rows), translation_date=JAN, english_date=JAN
    )
    assert [(f.kind, f.english_value) for f in findings] == [("untranslated", "Active")]


def test_a_state_word_the_tool_could_not_read_is_unreadable_not_a_conflict() -> None:
    english = record("en")
    rows = with_row(ROWS, ALPHA, label="Blorp")
    findings = compare_translation(
        english, record("de", rows), translation_date=JAN, english_date=JAN
    )
    assert [(f.kind, f.aspect, f.model_id) for f in findings] == [("unreadable", "state", ALPHA)]
    assert "Blorp" in findings[0].message


# -- verdicts, matrix, events ---------------------------------------------------------------------


def test_verdicts_and_cells() -> None:
    history, english = english_then_now()
    records = {
        "en": english,
        "de": record("de"),  # lagging
        "fr": record("fr", with_row(ROWS, GAMMA, retirement=date(2026, 6, 1))),  # conflict
        "ja": record("ja", MOVED, MOVED_HISTORY),  # current
    }
    dates = {"en": FEB, "de": MAR, "fr": FEB, "ja": FEB}
    findings = all_findings(records, dates, history)
    document = translations_document(findings, dates)
    assert list(document.languages) == ["de", "fr", "ja"]
    de, fr, ja = (document.languages[lang] for lang in ("de", "fr", "ja"))
    assert (de.verdict, de.lag_days, de.lags_english_of) == ("lagging", (MAR - JAN).days, JAN)
    assert de.cells["retirement_date"].status == "lagging"
    assert de.cells["state"].status == "current"
    assert fr.verdict == "conflict" and fr.cells["retirement_date"].status == "conflict"
    assert fr.lag_days is None
    assert ja.verdict == "current" and all(c.status == "current" for c in ja.cells.values())
    assert document.aspects[0] == "models" and len(document.aspects) == 9
    assert len({f.id for f in document.findings}) == len(document.findings)

    text = render_translations_md(document)
    assert "| [German (de)](#lang-de) | **lagging (59 days)** |" in text
    assert '<a id="lang-fr"></a>' in text and "Contradicts English:" in text
    assert render_translations_md(document) == text  # deterministic


def test_finding_ids_are_stable_so_events_say_only_what_came_and_went() -> None:
    history, english = english_then_now()
    dates = {"en": FEB, "de": FEB}
    lagging = translations_document(
        all_findings({"en": english, "de": record("de")}, dates, history),
        dates,
    )
    again = translations_document(
        all_findings({"en": english, "de": record("de")}, dates, history),
        dates,
    )
    caught_up = translations_document(
        all_findings({"en": english, "de": record("de", MOVED, MOVED_HISTORY)}, dates, history),
        dates,
    )
    url = "https://example.org/translations.md"
    assert finding_events(None, lagging, FEB, matrix_url=url) == []  # first document
    assert finding_events(lagging, again, FEB, matrix_url=url) == []
    resolved = finding_events(lagging, caught_up, MAR, matrix_url=url)
    assert {e.type for e in resolved} == {"finding_resolved"}
    assert len(resolved) == 2 and {e.language for e in resolved} == {"de"}
    assert all(e.after is None and e.before["kind"] == "lagging" for e in resolved)
    assert all(e.link == f"{url}#lang-de" for e in resolved)
    appeared = finding_events(caught_up, lagging, MAR, matrix_url=url)
    assert {e.type for e in appeared} == {"finding_appeared"}
    assert appeared[0].subject == appeared[0].after["message"]
    assert {e.model_id for e in appeared} == {GAMMA}


def test_untranslated_and_unreadable_findings_make_no_events() -> None:
    english = record("en")
    dates = {"en": JAN, "de": JAN}
    plain = translations_document(all_findings({"en": english, "de": record("de")}, dates), dates)
    rows = with_row(with_row(ROWS, ALPHA, label="Active"), BETA, label="Blorp")
    noisy_de = record("de", rows)
    noisy = translations_document(all_findings({"en": english, "de": noisy_de}, dates), dates)
    assert {f.kind for f in noisy.findings} == {"untranslated", "unreadable"}
    assert finding_events(plain, noisy, FEB, matrix_url="x") == []
    assert noisy.languages["de"].verdict == "current"


# -- within one page ------------------------------------------------------------------------------


def rules(findings: list) -> set[tuple[str, str | None]]:
    return {(f.aspect, f.model_id) for f in findings}


def test_a_clean_page_has_no_within_page_finding() -> None:
    assert within_page(record("en"), date(2026, 3, 1)) == []


def test_status_table_and_history_retirement_dates_that_differ() -> None:
    page = record("en", with_row(ROWS, GAMMA, retirement=date(2026, 5, 1)))
    [finding] = within_page(page, date(2026, 3, 1))
    assert (finding.kind, finding.aspect, finding.model_id) == (
        "within_page",
        "retirement_date",
        GAMMA,
    )
    assert finding.message == (
        f"The English page says {GAMMA} retires on 1 May 2026 in its status table but on "
        "30 April 2026 in its deprecation history."
    )


def test_active_with_a_deprecation_date_and_deprecated_without_history() -> None:
    rows = with_row(ROWS, ALPHA, deprecated_on=date(2026, 2, 1))
    rows = with_row(rows, BETA, state="deprecated", deprecated_on=date(2026, 2, 1))
    found = rules(within_page(record("en", rows), date(2026, 3, 1)))
    assert ("state", ALPHA) in found
    assert ("history", BETA) in found


def test_a_retirement_date_that_passed_while_not_retired() -> None:
    page = record("en")
    assert within_page(page, date(2026, 4, 30)) == []
    [finding] = within_page(page, date(2026, 5, 1))  # gamma retires April 30, still deprecated
    assert (finding.aspect, finding.model_id) == ("retirement_date", GAMMA)
    assert "on 1 May 2026 although its retirement date, 30 April 2026, has passed" in (
        finding.message
    )


def test_a_replacement_that_is_itself_deprecated() -> None:
    history = (
        HistorySection(
            date(2026, 1, 15), "Claude Gamma 3", (HistoryEntry(date(2026, 4, 30), GAMMA, DELTA),)
        ),
        HISTORY[1],
    )
    [finding] = within_page(record("en", ROWS, history), date(2026, 3, 1))
    assert (finding.aspect, finding.model_id, finding.english_value) == (
        "replacement",
        GAMMA,
        DELTA,
    )


# -- through a run, and the check command ---------------------------------------------------------


def test_runs_write_the_matrix_and_events_and_check_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(tmp_path)
    apply_readings(
        store, [Reading("en", record("en")), Reading("de", record("de"))], JAN, commit=False
    )
    assert main(["check", "--data-dir", str(tmp_path), "--fail-on", "lagging"]) == 0
    assert "de     current" in capsys.readouterr().out

    # German read again, unchanged, the day English moved on: it lags.
    result = apply_readings(
        store,
        [Reading("en", record("en", MOVED, MOVED_HISTORY)), Reading("de", record("de"))],
        FEB,
        commit=False,
    )
    appeared = [e for e in result.events if e.type == "finding_appeared"]
    assert {(e.language, e.model_id) for e in appeared} == {("de", GAMMA)}
    document = json.loads((tmp_path / "diffs" / "translations.json").read_text())
    assert document["schema_version"] == 1 and document["english_snapshot_date"] == "2026-02-10"
    assert document["languages"]["de"]["verdict"] == "lagging"
    assert document["languages"]["de"]["lags_english_of"] == "2026-01-10"
    latest = json.loads((tmp_path / "snapshots" / "latest.json").read_text())
    assert latest["translations"] == document
    day = json.loads((tmp_path / "diffs" / "2026-02-10.json").read_text())
    assert {e["type"] for e in day["events"]} >= {"finding_appeared", "retirement_date_changed"}

    assert main(["check", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "de     lagging (31 days)" in out and "page of 10 January 2026" in out
    assert "like the English page of 10 January 2026 (31 days behind):" in out
    assert main(["check", "--data-dir", str(tmp_path), "--fail-on", "conflict"]) == 0
    capsys.readouterr()
    assert main(["check", "--data-dir", str(tmp_path), "--fail-on", "lagging"]) == 1
    assert "--fail-on lagging met by de" in capsys.readouterr().err
    assert main(["check", "--data-dir", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == document

    # German catches up: the findings are resolved.
    result = apply_readings(
        store, [Reading("de", record("de", MOVED, MOVED_HISTORY))], MAR, commit=False
    )
    assert {e.type for e in result.events if "finding" in e.type} == {"finding_resolved"}
    assert main(["check", "--data-dir", str(tmp_path), "--fail-on", "lagging"]) == 0


def test_check_without_data_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--data-dir", str(tmp_path)]) == 2
    assert "run `deprecation-tracker run`" in capsys.readouterr().err
    (tmp_path / "diffs").mkdir()
    (tmp_path / "diffs" / "translations.json").write_text("{}", encoding="utf-8")
    assert main(["check", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "not a translations document" in err and "Traceback" not in err


def test_check_rejects_an_unknown_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--fail-on", "sometimes"])
    assert exit_info.value.code == 2


# -- acceptance on ../shared/corpus ---------------------------------------------------------------

LANGS = ("en", "de", "es", "fr", "id", "it", "ja", "ko", "pt-BR", "ru", "zh-CN", "zh-TW")


def replay_of(
    tmp_path: Path, patterns: list[str], read_again: tuple[list[str], str] | None = None
) -> dict:
    """Replay the captures matching `patterns` into a fresh data dir; its translations.json.

    `read_again`: (patterns, day): those captures are read once more, unchanged, on that day."""
    archive, data = tmp_path / "archive", tmp_path / "data"
    archive.mkdir()
    for pattern in patterns:
        found = corpus_pages(pattern)
        if not found:
            pytest.skip(f"../shared/corpus: no capture matches {pattern}")
        for path in found:
            shutil.copy2(path, archive / path.name)
    for pattern in read_again[0] if read_again else []:
        for path in corpus_pages(pattern):
            lang = path.name.split("__")[0]
            assert read_again is not None
            shutil.copy2(path, archive / f"{lang}__{read_again[1]}__again.md")
    assert main(["replay", str(archive), "--data-dir", str(data), "--no-commit", "-q"]) == 0
    return json.loads((data / "diffs" / "translations.json").read_text(encoding="utf-8"))


def test_the_12_languages_of_2025_12_21_are_all_current(tmp_path: Path) -> None:
    document = replay_of(tmp_path, [f"{lang}__2025-12-21__*.md" for lang in LANGS])
    assert sorted(document["languages"]) == sorted(LANGS[1:])
    assert {v["verdict"] for v in document["languages"].values()} == {"current"}
    # Re-translated and English-left state words (ko, ru, id) give no false finding.
    assert {f["kind"] for f in document["findings"]} == {"untranslated"}
    assert {f["language"] for f in document["findings"]} == {"ru"}


def test_indonesian_of_2026_01_15_lags_naming_the_english_revision(tmp_path: Path) -> None:
    document = replay_of(
        tmp_path,
        [
            "en__2025-12-21__*.md",
            "en__2026-01-03__*.md",
            "en__2026-01-15__*.md",
            "id__2026-01-15__*.md",
        ],
    )
    indonesian = document["languages"]["id"]
    assert indonesian["verdict"] == "lagging"
    # English of 2026-01-03 said the same as that of 2025-12-21, so the data directory holds one
    # revision for both: it is named by the day it was first seen.
    assert indonesian["lags_english_of"] == "2025-12-21"
    assert indonesian["lag_days"] == 25
    opus = [
        f
        for f in document["findings"]
        if (f["language"], f["model_id"], f["aspect"]) == ("id", "claude-3-opus-20240229", "models")
    ]
    assert [(f["kind"], f["english_date"]) for f in opus] == [("lagging", "2025-12-21")]
    assert "as the English page of 21 December 2025 did (25 days behind)" in opus[0]["message"]
    assert not [f for f in document["findings"] if f["kind"] == "conflict"]


def test_indonesian_of_2026_07_21_lacks_two_models_and_gives_another_mythos_date(
    tmp_path: Path,
) -> None:
    document = replay_of(
        tmp_path, ["en__2026-04-21__*.md", "en__2026-07-21__*.md", "id__2026-07-21__*.md"]
    )
    id_findings = [f for f in document["findings"] if f["language"] == "id"]
    missing = {
        f["model_id"]
        for f in id_findings
        if f["aspect"] == "models" and f["translation_value"] is None
    }
    assert missing == {"claude-fable-5", "claude-sonnet-5"}
    [mythos] = [f for f in id_findings if f["aspect"] == "note_models"]
    assert mythos["model_id"] == "claude-mythos-preview"
    assert mythos["kind"] == "conflict"  # English never said June 30
    assert mythos["english_value"]["date"] == "2026-07-21"
    assert mythos["translation_value"]["date"] == "2026-06-30"
    assert document["languages"]["id"]["verdict"] == "conflict"
    assert document["languages"]["id"]["cells"]["note_models"]["status"] == "conflict"


def test_english_of_2025_10_20_sonnet_3_5_dates_differ_within_the_page() -> None:
    [path] = corpus_pages("en__2025-10-20__*.md") or [None]
    if path is None:
        pytest.skip("../shared/corpus: no capture en__2025-10-20__*.md")
    from scraper.read.parse import parse_file

    findings = within_page(parse_file(path, "en"), date(2025, 10, 20))
    sonnet = {f.model_id for f in findings if f.aspect == "retirement_date"}
    assert sonnet == {"claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022"}
    assert all("22 October 2025" in f.message and "29 October 2025" in f.message for f in findings)


def test_a_translation_that_stays_behind_keeps_its_findings_while_english_moves_on() -> None:
    """Ids depend on what the translation says, not on English: no churn of events."""
    _, english = english_then_now()
    further = record("en", with_row(MOVED, GAMMA, retirement=date(2026, 6, 30)), MOVED_HISTORY)
    history = [(JAN, record("en")), (FEB, english), (MAR, further)]
    german = record("de")
    first = {"en": FEB, "de": FEB}
    second = {"en": MAR, "de": FEB}
    before = translations_document(
        all_findings({"en": english, "de": german}, first, history), first
    )
    after = translations_document(
        all_findings({"en": further, "de": german}, second, history), second
    )
    status = [f for f in after.findings if f.aspect == "retirement_date" and f.language == "de"]
    assert [f.english_value["date"] for f in status] == ["2026-06-30"]  # the message moved on
    assert "English says it retires on 30 June 2026." in status[0].message
    german_events = finding_events(before, after, MAR, matrix_url="x")
    assert [e for e in german_events if e.language == "de"] == []


def test_every_finding_has_its_own_id_even_with_the_same_values() -> None:
    english = record("en")
    bare = record("de", ROWS, ())  # both history sections missing: two findings alike in values
    findings = compare_translation(english, bare, translation_date=JAN, english_date=JAN)
    missing = [f for f in findings if f.aspect == "history"]
    assert len(missing) == 2 and len({f.id for f in missing}) == 2
    # A missing section is said once, not once more per entry in it.
    assert all(f.model_id is None for f in missing)


def test_a_translated_note_whose_words_are_not_understood_is_unreadable_not_a_conflict() -> None:
    from test_note_models import PREVIEW, read

    english = read("en", f"`{PREVIEW}` is deprecated and will be retired on July 21, 2026.")
    # Words the phrase tables do not know: a date of unknown kind, and no state.
    german = read("de", f"`{PREVIEW}`: Blorp am 21. Juli 2026.")
    assert german.note_models[0].date_kind is None
    findings = compare_translation(english, german, translation_date=JAN, english_date=JAN)
    notes = [f for f in findings if f.aspect == "note_models"]
    assert {f.kind for f in notes} == {"unreadable"} and len(notes) == 2
    assert all(PREVIEW in f.message for f in notes)


@pytest.mark.parametrize(
    ("translation", "english"),
    [("id__2026-07-24", "en__2026-07-21"), ("id__2026-07-25", "en__2026-07-25")],
)
def test_re_translated_indonesian_state_words_give_no_false_finding(
    translation: str, english: str
) -> None:
    from scraper.read.parse import parse_file

    pages = [corpus_pages(f"{prefix}__*.md") for prefix in (translation, english)]
    if not all(pages):
        pytest.skip(f"../shared/corpus: no capture {translation} or {english}")
    day = date.fromisoformat(translation.split("__")[1])
    records = {"id": parse_file(pages[0][0], "id"), "en": parse_file(pages[1][0], "en")}
    dates = {"id": day, "en": date.fromisoformat(english.split("__")[1])}
    findings = all_findings(records, dates)
    assert {f.kind for f in findings} == {"untranslated"}  # the English words it prints


def test_an_understood_note_with_only_a_date_states_no_state_and_lags() -> None:
    from test_note_models import PREVIEW, read

    then = read("en", f"`{PREVIEW}` will be retired on July 21, 2026.")
    now = read("en", f"`{PREVIEW}` is deprecated.")
    indonesian = read("id", f"`{PREVIEW}` akan dihentikan pada 30 Juni 2026.")
    findings = compare_translation(
        now,
        indonesian,
        translation_date=FEB,
        english_date=MAR,
        english_history=[(FEB, then), (MAR, now)],
    )
    notes = {f.kind: f for f in findings if f.aspect == "note_models"}
    assert sorted(notes) == [
        "conflict",
        "lagging",
    ]  # June 30: never English; no state: English of FEB
    assert notes["lagging"].message == (
        f"The Indonesian page has a note on {PREVIEW} that gives no state, as the English page of "
        "10 February 2026 did (28 days behind); English's note says it is deprecated."
    )
    assert "30 June 2026" in notes["conflict"].message


# -- wording: one shape, grouped where it repeats -------------------------------------------------


def test_a_finding_clause_is_the_same_for_every_page_and_drops_the_lag_on_request() -> None:
    history, english = english_then_now()
    said = {
        lang: compare_translation(
            english, record(lang), translation_date=FEB, english_date=FEB, english_history=history
        )
        for lang in ("de", "pt-BR")
    }
    german, portuguese = ({f.aspect: f for f in said[lang]} for lang in ("de", "pt-BR"))
    de, pt = german["retirement_date"], portuguese["retirement_date"]
    assert pt.message.startswith("The Portuguese (Brazil) page says")
    assert finding_clause(de.message, "de") == finding_clause(pt.message, "pt-BR")
    assert finding_clause(de.message, "de") == (
        True,
        f"says {GAMMA} retires on 30 April 2026, as the English page of 10 January 2026 did "
        "(31 days behind); English says it retires on 31 May 2026",
    )
    assert finding_clause(de.message, "de", lag=False) == (
        True,
        f"says {GAMMA} retires on 30 April 2026; English says it retires on 31 May 2026",
    )
    # A message of another shape (older data, another page's name) comes back whole.
    assert finding_clause(de.message, "fr") == (False, de.message.rstrip("."))


def three_english_revisions() -> tuple[dict, dict, list]:
    """English moves gamma's retirement on FEB and makes beta deprecated on MAR; German stays as
    English was on JAN and also lists a model English never listed."""
    history, _ = english_then_now()
    latest = record("en", with_row(MOVED, BETA, state="deprecated"), MOVED_HISTORY)
    history.append((MAR, latest))
    german = record("de", (*ROWS, StatusRow("claude-zeta-1", "active")))
    records = {"en": latest, "de": german}
    dates = {"en": MAR, "de": JAN}
    return records, dates, history


def test_the_matrix_puts_conflicts_first_and_groups_lagging_by_english_revision() -> None:
    records, dates, history = three_english_revisions()
    document = translations_document(all_findings(records, dates, history), dates)
    text = render_translations_md(document)
    german = text[text.index("## German (de)") :]
    assert german.splitlines()[2] == (
        "**Conflict**: 1 difference English never said, and 3 it said before. "
        "Page of 10 January 2026."
    )
    order = [
        "Contradicts English:",
        "- **Conflict:** Lists claude-zeta-1; English does not list it.",
        "Behind English, oldest first:",
        "- **Like the English page of 10 January 2026** (59 days behind):",
        f"  - Says {GAMMA} retires on 30 April 2026; English says it retires on 31 May 2026.",
        "- **Like the English page of 10 February 2026** (28 days behind):",
        f"  - Shows {BETA} as legacy; English shows it as deprecated.",
    ]
    places = [german.index(line) for line in order]
    assert places == sorted(places)
    assert german.count("Like the English page of") == 2  # once per revision, not per line
    assert "German page" not in german  # the heading names it
    assert program_words(text) == []


def test_check_says_the_same_in_the_same_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records, dates, history = three_english_revisions()
    document = translations_document(all_findings(records, dates, history), dates)
    (tmp_path / "diffs").mkdir()
    (tmp_path / "diffs" / "translations.json").write_text(document.to_json(), encoding="utf-8")
    assert main(["check", "--data-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        "Translations against the English page of 10 March 2026:",
        "  de     conflict             page of 10 January 2026",
        "         conflict: Lists claude-zeta-1; English does not list it.",
        "         like the English page of 10 January 2026 (59 days behind):",
    ]
    assert "         like the English page of 10 February 2026 (28 days behind):" in lines
    assert f"           Shows {BETA} as legacy; English shows it as deprecated." in lines
    assert program_words("\n".join(lines)) == []


def test_corpus_day_report_says_each_translation_finding_once(tmp_path: Path) -> None:
    """English of 2026-02-20 moved on while the 11 translations of 2025-12-21 stayed (read again
    that day): the day report says each disagreement once, naming the 11 languages, with no
    section per language."""
    patterns = [f"{lang}__2025-12-21__*.md" for lang in LANGS]
    patterns += ["en__2026-02-19__*.md", "en__2026-02-20__*.md"]
    again = [f"{lang}__2025-12-21__*.md" for lang in LANGS[1:]]
    replay_of(tmp_path, patterns, (again, "2026-02-20"))
    report = (tmp_path / "data" / "diffs" / "2026-02-20.md").read_text(encoding="utf-8")
    findings = report[report.index("## Findings") :]
    bullets = [line for line in findings.splitlines() if line.startswith("- ")]
    appeared = [e for e in day_events(tmp_path, "2026-02-20") if e["type"] == "finding_appeared"]
    assert len(appeared) == 11 * len(bullets) and bullets
    assert "**New in 11 translations** (German, Spanish, French, Indonesian, Italian," in findings
    assert "## German (de)" not in report and "German page" not in report
    assert f"{len(appeared)} new findings ({len(bullets)} distinct, in 11 translations)" in report
    assert program_words(report) == []
    matrix = (tmp_path / "data" / "diffs" / "translations.md").read_text(encoding="utf-8")
    assert program_words(matrix) == []
    assert not re.search(r"\b(January|February|March|April|May|June|July|August|September|"
                         r"October|November|December) \d{1,2}, \d{4}", report + matrix)  # fmt: skip


def day_events(tmp_path: Path, day: str) -> list[dict]:
    path = tmp_path / "data" / "diffs" / f"{day}.json"
    return json.loads(path.read_text(encoding="utf-8"))["events"]


def test_every_finding_event_links_to_a_place_in_the_matrix() -> None:
    """An English within-page finding links to the matrix like a translation's does."""
    rows = with_row(ROWS, GAMMA, retirement=date(2026, 5, 1))  # status table vs history
    dates = {"en": FEB, "de": FEB}
    before = translations_document(
        all_findings({"en": record("en"), "de": record("de")}, dates), dates
    )
    after = translations_document(
        all_findings({"en": record("en", rows), "de": record("de")}, dates), dates
    )
    events = finding_events(before, after, FEB, matrix_url="translations.md")
    assert {e.language for e in events} == {"en", "de"}
    text = render_translations_md(after)
    for event in events:
        anchor = event.link.partition("#")[2]
        assert f'<a id="{anchor}"></a>' in text


def every_difference() -> list[tuple[str, str, object, object, bool]]:
    """(aspect, key, English's value, the translation's value, present) for every template."""
    none = {"date": None, "not_before": None}
    fixed = {"date": "2026-05-31", "not_before": False}
    soon = {"date": "2026-06-01", "not_before": True}
    note = {"date": "2026-07-21", "kind": "retirement"}
    other = {"date": "2026-06-30", "kind": "deprecation"}
    return [
        ("models", GAMMA, True, None, False),
        ("models", GAMMA, None, True, True),
        ("state", GAMMA, "retired", "deprecated", True),
        ("deprecated_on", GAMMA, "2026-01-15", None, True),
        ("deprecated_on", GAMMA, None, "2026-01-15", True),
        ("retirement_date", GAMMA, fixed, soon, True),
        ("retirement_date", GAMMA, fixed, none, True),
        ("retirement_date", GAMMA, none, fixed, True),
        ("replacement", GAMMA, ALPHA, None, True),
        ("replacement", GAMMA, None, ALPHA, True),
        ("history", f"2026-01-15 {GAMMA} retirement", "2026-05-31", None, True),
        ("history", f"2026-01-15 {GAMMA} retirement", None, "2026-05-31", True),
        ("history", f"2026-01-15 {GAMMA}", True, None, False),
        ("history", f"2026-01-15 {GAMMA}", None, True, True),
        ("history", "2026-01-15", True, None, False),
        ("history", "2026-01-15", None, True, True),
        ("retired_notes", "2026-01-15", "2026-05-31", None, True),
        ("retired_notes", "2026-01-15", None, "2026-05-31", True),
        ("retired_notes", "2026-01-15", "2026-05-31", "2026-06-01", True),
        ("parameters", "temperature, top_k", True, None, False),
        ("parameters", "temperature, top_k", None, True, True),
        ("note_models", GAMMA, True, None, False),
        ("note_models", GAMMA, None, True, True),
        ("note_models", f"{GAMMA} state", "deprecated", None, True),
        ("note_models", f"{GAMMA} state", None, "retired", True),
        ("note_models", f"{GAMMA} date", note, other, True),
        ("note_models", f"{GAMMA} date", note, {"date": None, "kind": None}, True),
        ("note_models", f"{GAMMA} date", {"date": None, "kind": None}, note, True),
        ("note_models", f"{GAMMA} replacement", ALPHA, None, True),
        ("note_models", f"{GAMMA} replacement", None, ALPHA, True),
    ]


@pytest.mark.parametrize(("aspect", "key", "english", "ours", "present"), every_difference())
def test_every_difference_reads_page_first_then_english_without_program_words(
    aspect: str, key: str, english: object, ours: object, present: bool
) -> None:
    from scraper.track.consistency import Fact, _difference, _message

    model = None if aspect == "parameters" or key == "2026-01-15" else GAMMA
    said = _difference(Fact(aspect, key, ours, model), english, ours, present=present)  # type: ignore[arg-type]
    conflict = _message("ja", said)
    lagging = _message("ja", said, revision=JAN, lag=1)
    assert conflict.startswith("The Japanese page ") and "; English" in conflict
    assert lagging == conflict.replace(
        "; English", ", as the English page of 10 January 2026 did (1 day behind); English", 1
    )
    assert finding_clause(lagging, "ja", lag=False) == finding_clause(conflict, "ja")
    assert program_words(lagging) == [] and "'" not in lagging.replace("English's", "")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", lagging)  # dates in words


def test_a_comparison_that_fails_for_one_language_is_a_finding_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scraper.track import consistency

    compare = consistency._compare

    def broken_for_german(english: Any, theirs: Any, record: Any, *rest: Any) -> Any:
        if record.language == "de":
            raise ValueError("a record nobody foresaw")
        return compare(english, theirs, record, *rest)

    monkeypatch.setattr(consistency, "_compare", broken_for_german)
    records = {lang: record(lang) for lang in ("en", "de", "fr")}
    dates = dict.fromkeys(records, date(2026, 3, 1))
    found = all_findings(records, dates)
    [german] = [f for f in found if f.language == "de"]
    assert german.kind == "unreadable"
    assert "could not be compared with the English page" in german.message
    assert "ValueError: a record nobody foresaw" in german.message
    assert not [f for f in found if f.language == "fr" and f.kind == "unreadable"]


# -- stale: a translation is judged by the English page of the day it was read ------------------


def test_a_translation_not_read_since_english_changed_is_stale_not_lagging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """German read on 10 January, when it said what English said; English moves on 10 February
    and 10 March without German being read again: German is stale since 10 January, compared
    with the English page of that day (current then), not lagging by 59 days."""
    store = Store(tmp_path)
    apply_readings(
        store, [Reading("en", record("en")), Reading("de", record("de"))], JAN, commit=False
    )
    result = apply_readings(
        store, [Reading("en", record("en", MOVED, MOVED_HISTORY))], FEB, commit=False
    )
    assert not [e for e in result.events if e.type == "finding_appeared"]
    result = apply_readings(
        store,
        [Reading("en", record("en", MOVED_AGAIN, MOVED_HISTORY)), Reading("de", error="HTTP 500")],
        MAR,
        commit=False,
    )
    assert not [e for e in result.events if "finding" in e.type]
    document = json.loads((tmp_path / "diffs" / "translations.json").read_text())
    german = document["languages"]["de"]
    assert german["verdict"] == "stale"
    assert (german["stale_since"], german["english_compared"]) == ("2026-01-10", "2026-01-10")
    assert german["stale_reason"] == "failed: HTTP 500"
    assert german["lag_days"] is None
    assert not [f for f in document["findings"] if f["language"] == "de"]
    models = json.loads((tmp_path / "snapshots" / "models.json").read_text())
    assert {m["translations"]["de"]["verdict"] for m in models["models"]} == {"stale"}
    matrix = (tmp_path / "diffs" / "translations.md").read_text(encoding="utf-8")
    assert "| [German (de)](#lang-de) | **stale (since 2026-01-10)** |" in matrix
    assert (
        "**Stale**: not read since 10 January 2026 (failed: HTTP 500); against the English page "
        "of 10 January 2026, current then, it said what English said." in matrix
    )
    assert main(["check", "--data-dir", str(tmp_path), "--fail-on", "lagging"]) == 0
    out = capsys.readouterr().out
    assert "de     stale (since 2026-01-10)" in out
    assert "not read since (failed: HTTP 500); judged against the English page of 10 " in out

    # German is read again: compared with today's English, it lags; stale no more.
    result = apply_readings(
        store,
        [Reading("en", record("en", MOVED_AGAIN, MOVED_HISTORY)), Reading("de", record("de"))],
        date(2026, 3, 20),
        commit=False,
    )
    document = json.loads((tmp_path / "diffs" / "translations.json").read_text())
    german = document["languages"]["de"]
    assert german["verdict"] == "lagging" and german["stale_since"] is None
    assert german["english_compared"] == "2026-03-10"
    assert {e.type for e in result.events if "finding" in e.type} == {"finding_appeared"}


def test_a_stale_translation_keeps_the_day_it_was_last_read(tmp_path: Path) -> None:
    """Not read for several runs: `stale_since` stays the last day it was read, and a page that
    was behind English on that day is judged against that day's English (lagging then)."""
    store = Store(tmp_path)
    apply_readings(store, [Reading("en", record("en"))], JAN, commit=False)
    apply_readings(
        store,
        [Reading("en", record("en", MOVED, MOVED_HISTORY)), Reading("de", record("de"))],
        FEB,
        commit=False,
    )
    for day in (MAR, date(2026, 3, 11), date(2026, 3, 12)):
        apply_readings(
            store, [Reading("en", record("en", MOVED_AGAIN, MOVED_HISTORY))], day, commit=False
        )
        german = json.loads((tmp_path / "diffs" / "translations.json").read_text())["languages"][
            "de"
        ]
        assert (german["verdict"], german["stale_since"]) == ("stale", "2026-02-10")
        assert german["stale_reason"] == "not fetched in this run"
        # Against English of 10 February, German said what English said on 10 January.
        assert german["english_compared"] == "2026-02-10"
        assert german["cells"]["retirement_date"]["status"] == "lagging"
        assert german["cells"]["retirement_date"]["lag_days"] == (FEB - JAN).days
    document = load_translations(tmp_path / "diffs" / "translations.json")
    assert failing_languages(document, "lagging") == ["de"]
    assert failing_languages(document, "conflict") == []


def test_german_of_2025_12_21_is_stale_when_english_moved_on(tmp_path: Path) -> None:
    """The German capture of 21 December 2025 matched English that day; English of August 2026
    moved on. German is stale since that day, not 'lagging (228 days)'."""
    document = replay_of(
        tmp_path, ["en__2025-12-21__*.md", "de__2025-12-21__*.md", "en__2026-08-06__*.md"]
    )
    german = document["languages"]["de"]
    assert german["verdict"] == "stale"
    assert german["stale_since"] == german["english_compared"] == "2025-12-21"
    assert german["stale_reason"] == "not fetched in this run"
    assert german["lag_days"] is None
    assert not [
        f for f in document["findings"] if f["language"] == "de" and f["kind"] != "untranslated"
    ]


def test_facts_are_kept_for_the_same_record_and_made_anew_for_another() -> None:
    from trackpages import ROWS, record, with_row

    from scraper.track.consistency import facts

    first = record("de")
    kept = facts(first)
    assert facts(first) is kept  # the same record object: its facts are not made again
    equal = record("de")
    assert facts(equal) == kept and facts(equal) is not kept
    moved = record("de", with_row(ROWS, ROWS[0].model_id, state="retired"))
    assert facts(moved) != kept
