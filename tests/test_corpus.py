"""Acceptance over the real captures in `../shared/corpus` (skipped when it is absent).

Every Markdown-like capture must parse without a single warning, and facts read off the captures
by hand are pinned below (where on the page each comes from is said in our own words).
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from conftest import corpus_params

from scraper.read.languages import LANGUAGES
from scraper.read.parse import (
    decode,
    file_format,
    language_from_name,
    parse_file,
    read_document,
    text_language,
)
from scraper.read.read_md import unfinished_ending
from scraper.read.records import Deprecation, ModelStatus, PageRecord

COUNTS = re.compile(r"status rows (\d+), history sections (\d+)")


@cache
def parsed(path: Path) -> PageRecord:
    return parse_file(path)


@cache
def manifest(corpus: Path) -> dict[str, dict[str, str]]:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def capture(corpus: Path, prefix: str) -> PageRecord:
    """The one capture whose name starts with `prefix` (e.g. `en__2025-10-20__`)."""
    (path,) = sorted((corpus / "pages").glob(prefix + "*.md")) or sorted(
        (corpus / "pages").glob(prefix + "*")
    )
    return parsed(path)


def model(record: PageRecord, model_id: str) -> ModelStatus:
    found = record.model(model_id)
    assert found is not None, f"{model_id} not in {record.source.url}"
    return found


def section(record: PageRecord, announced_on: str) -> Deprecation:
    (found,) = [d for d in record.deprecations if d.announced_on.isoformat() == announced_on]
    return found


def entry(record: PageRecord, announced_on: str, model_id: str) -> tuple[date | None, str | None]:
    (found,) = [e for e in section(record, announced_on).entries if e.model_id == model_id]
    return found.retirement_date, found.replacement


# --- every capture --------------------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_params("*.md") + corpus_params("*.txt"))
def test_capture_parses_cleanly(path: Path) -> None:
    record = parsed(path)
    assert record.warnings == [], "\n".join(f"{w.where}: {w.message}" for w in record.warnings)
    assert record.models, "no status rows"
    assert all(m.state is not None for m in record.models)
    assert record.deprecations, "no history sections"
    assert all(d.entries for d in record.deprecations)
    # The four Overview terms were learned (in every revision, translated or not).
    assert all(
        getattr(record.state_terms, s) for s in ("active", "legacy", "deprecated", "retired")
    )


@pytest.mark.parametrize("path", corpus_params("*.md") + corpus_params("*.txt"))
def test_language_from_the_file_prefix(path: Path, corpus_dir: Path) -> None:
    expected = manifest(corpus_dir)[path.name]["lang"]
    assert language_from_name(path.name) == expected
    assert expected in LANGUAGES
    assert parsed(path).language == expected


@pytest.mark.parametrize("path", corpus_params("*"))
def test_the_language_is_told_by_the_text_alone(path: Path, corpus_dir: Path) -> None:
    # Links, front matter and <html lang> are left out: only the page's own prose decides.
    text = decode(path.read_bytes())
    doc = read_document(text, file_format(path, text))
    assert text_language(doc) == manifest(corpus_dir)[path.name]["lang"]


def test_all_twelve_languages_are_told_by_their_text(corpus_dir: Path) -> None:
    told = set()
    for path in (corpus_dir / "pages").glob("*.md"):
        text = decode(path.read_bytes())
        told.add(text_language(read_document(text, "md")))
    assert told == set(LANGUAGES)


@pytest.mark.parametrize("path", corpus_params("*.md"))
def test_no_real_page_looks_cut_off(path: Path) -> None:
    assert unfinished_ending(decode(path.read_bytes())) is None


@pytest.mark.parametrize("path", corpus_params("*.md"))
def test_counts_match_the_manifest(path: Path, corpus_dir: Path) -> None:
    notes = manifest(corpus_dir)[path.name]["notes"]
    counts = COUNTS.search(notes)
    if counts is None:
        pytest.skip(f"MANIFEST.tsv states no counts for {path.name}")
    record = parsed(path)
    assert (len(record.models), len(record.deprecations)) == (
        int(counts.group(1)),
        int(counts.group(2)),
    )


def test_every_md_capture_has_manifest_counts(corpus_dir: Path) -> None:
    rows = manifest(corpus_dir)
    md = [name for name in rows if name.endswith(".md")]
    assert md and all(COUNTS.search(rows[name]["notes"]) for name in md)
    assert {p.name for p in (corpus_dir / "pages").iterdir()} == set(rows)


# --- facts pinned by reading the captures ---------------------------------------------------


def test_en_2025_10_20_status_and_history_disagree(corpus_dir: Path) -> None:
    """Status table: Sonnet 3.5 retires October 29, 2025; its history table: October 22."""
    record = capture(corpus_dir, "en__2025-10-20__")
    sonnet = model(record, "claude-3-5-sonnet-20240620")
    assert sonnet.state == "deprecated"
    assert sonnet.deprecated_on == date(2025, 8, 13)
    assert sonnet.retirement_date == date(2025, 10, 29)
    assert sonnet.retirement_not_before is False
    assert entry(record, "2025-08-13", "claude-3-5-sonnet-20240620") == (
        date(2025, 10, 22),
        "claude-sonnet-4-5-20250929",
    )
    # Haiku 3, still active then, with a "not sooner than" retirement date.
    haiku = model(record, "claude-3-haiku-20240307")
    assert (haiku.state, haiku.deprecated_on) == ("active", None)
    assert (haiku.retirement_date, haiku.retirement_not_before) == (date(2025, 3, 7), True)


def test_en_2025_10_20_retired_on_from_a_bold_sentence(corpus_dir: Path) -> None:
    """The 2025-01-21 section gives the retirement day (and hour) in a bold sentence."""
    record = capture(corpus_dir, "en__2025-10-20__")
    assert section(record, "2025-01-21").retired_on == date(2025, 7, 21)
    assert section(record, "2025-08-13").retired_on is None
    assert record.title == "Model deprecations"


def test_ko_2025_12_21_table_label_longer_than_the_term(corpus_dir: Path) -> None:
    """Overview terms 지원 중단 (Deprecated) and 중단됨 (Retired); the table says 지원 중단됨."""
    record = capture(corpus_dir, "ko__2025-12-21__")
    assert record.state_terms.deprecated == ["지원 중단"]
    assert record.state_terms.retired == ["중단됨"]
    opus = model(record, "claude-3-opus-20240229")
    assert (opus.state, opus.state_label) == ("deprecated", "지원 중단됨")
    assert (opus.deprecated_on, opus.retirement_date) == (date(2025, 6, 30), date(2026, 1, 5))
    # The Korean "not sooner than" follows the date (`… 이후 아님`).
    haiku = model(record, "claude-3-haiku-20240307")
    assert (haiku.state, haiku.retirement_date) == ("active", date(2025, 3, 7))
    assert haiku.retirement_not_before is True


def test_ja_2025_12_21_ikou_means_not_sooner_than(corpus_dir: Path) -> None:
    """Sonnet 4 retires `以降` (not sooner than) a date; the Overview prints both words of each
    term, the English one first, in full-width parentheses."""
    record = capture(corpus_dir, "ja__2025-12-21__")
    sonnet = model(record, "claude-sonnet-4-20250514")
    assert (sonnet.state, sonnet.state_label) == ("active", "アクティブ")
    assert (sonnet.retirement_date, sonnet.retirement_not_before) == (date(2026, 5, 14), True)
    assert record.state_terms.active == ["Active", "アクティブ"]
    assert record.state_terms.deprecated == ["Deprecated", "廃止予定"]
    assert model(record, "claude-3-7-sonnet-20250219").state == "deprecated"


def test_id_dihentikan_changes_meaning_between_revisions(corpus_dir: Path) -> None:
    """2025-12: `Dihentikan` is the Deprecated term; 2026-07-21: `Retired (Dihentikan)`."""
    older = capture(corpus_dir, "id__2025-12-21__")
    newer = capture(corpus_dir, "id__2026-07-21__")
    assert older.state_terms.deprecated == ["Dihentikan"]
    assert newer.state_terms.retired == ["Dihentikan", "Retired"]
    assert newer.state_terms.deprecated == ["Deprecated", "Usang"]
    assert model(older, "claude-3-opus-20240229").state_label == "Dihentikan"
    assert model(older, "claude-3-opus-20240229").state == "deprecated"
    assert model(newer, "claude-opus-4-20250514").state_label == "Dihentikan"
    assert model(newer, "claude-opus-4-20250514").state == "retired"
    assert model(newer, "claude-opus-4-1-20250805").state == "deprecated"  # Usang


def test_id_2026_07_24_leaves_english_state_words(corpus_dir: Path) -> None:
    """The table keeps English state words; retirement dates use the newer Indonesian phrase."""
    record = capture(corpus_dir, "id__2026-07-24__")
    opus = model(record, "claude-opus-4-20250514")
    assert (opus.state, opus.state_label) == ("retired", "Retired")
    fable = model(record, "claude-fable-5")
    assert (fable.state, fable.retirement_date, fable.retirement_not_before) == (
        "active",
        date(2027, 6, 9),
        True,
    )


def test_en_2026_02_20_haiku_3_deprecated(corpus_dir: Path) -> None:
    record = capture(corpus_dir, "en__2026-02-20__")
    haiku = model(record, "claude-3-haiku-20240307")
    assert haiku.state == "deprecated"
    assert (haiku.deprecated_on, haiku.retirement_date) == (date(2026, 2, 19), date(2026, 4, 20))
    assert haiku.retirement_not_before is False
    assert section(record, "2026-02-19").title == "Claude Haiku 3 model"
    assert entry(record, "2026-02-19", "claude-3-haiku-20240307") == (
        date(2026, 4, 20),
        "claude-haiku-4-5-20251001",
    )
    # The retired Sonnet 3.7 row stays in the table as Retired.
    assert model(record, "claude-3-7-sonnet-20250219").state == "retired"
    # The Note of the Haiku 3.5 section gives its retirement day (phrased without "on").
    assert section(record, "2025-12-19").retired_on == date(2026, 2, 19)


def test_en_2026_02_06_every_replacement_became_opus_4_6(corpus_dir: Path) -> None:
    record = capture(corpus_dir, "en__2026-02-06__")
    assert entry(record, "2025-10-28", "claude-3-7-sonnet-20250219")[1] == "claude-opus-4-6"
    assert entry(record, "2025-08-13", "claude-3-5-sonnet-20241022")[1] == "claude-opus-4-6"
    corrected = capture(corpus_dir, "en__2026-04-17__")
    assert entry(corrected, "2025-08-13", "claude-3-5-sonnet-20241022")[1] == "claude-sonnet-4-6"


def test_en_2026_08_06_retired_on_of_the_opus_4_1_section(corpus_dir: Path) -> None:
    record = capture(corpus_dir, "en__2026-08-06__")
    assert section(record, "2026-06-05").retired_on == date(2026, 8, 5)
    assert section(record, "2026-06-05").anchor == "2026-06-05-claude-opus-4-1-model"
    assert model(record, "claude-opus-4-1-20250805").state == "retired"
    # Two weeks earlier the same section had no note and the model was still deprecated.
    earlier = capture(corpus_dir, "en__2026-07-21__")
    assert section(earlier, "2026-06-05").retired_on is None
    assert model(earlier, "claude-opus-4-1-20250805").state == "deprecated"


def test_en_2026_07_21_parameter_table_and_unbackticked_ids(corpus_dir: Path) -> None:
    record = capture(corpus_dir, "en__2026-07-21__")
    (parameters,) = record.parameter_deprecations
    assert parameters.parameters == ["temperature", "top_p", "top_k"]
    assert parameters.status == "Deprecated (Claude Opus 4.7 and later)"
    assert len(record.models) == 15
    assert model(record, "claude-fable-5").retirement_date == date(2027, 6, 9)
    # The Note above the status table is kept with its section.
    assert any(
        n.section == "model-status" and "claude-mythos-preview" in n.text for n in record.notes
    )


def test_no_parameter_table_before_mid_2026(corpus_dir: Path) -> None:
    assert capture(corpus_dir, "en__2026-04-21__").parameter_deprecations == []


def test_zh_cn_translated_not_applicable(corpus_dir: Path) -> None:
    """zh-CN prints `不适用` for N/A, and dates with spaces around 年 月 日."""
    record = capture(corpus_dir, "zh-CN__2025-12-21__")
    haiku = model(record, "claude-3-haiku-20240307")
    assert (haiku.state, haiku.deprecated_on) == ("active", None)
    assert (haiku.retirement_date, haiku.retirement_not_before) == (date(2025, 3, 7), True)
    # History headings separate date and title with a full-width colon.
    assert section(record, "2025-12-19").title == "Claude Haiku 3.5 模型"


def test_ru_keeps_english_state_words(corpus_dir: Path) -> None:
    record = capture(corpus_dir, "ru__2025-12-21__")
    assert record.state_terms.deprecated == ["Deprecated"]
    opus = model(record, "claude-3-opus-20240229")
    assert (opus.state, opus.state_label) == ("deprecated", "Deprecated")
    assert (opus.deprecated_on, opus.retirement_date) == (date(2025, 6, 30), date(2026, 1, 5))
    newest = model(record, "claude-opus-4-5-20251101")  # a `Не ранее` date
    assert (newest.retirement_date, newest.retirement_not_before) == (date(2026, 11, 24), True)
    # The Note of the 2025-08-13 section gives the day, with `года` after the year.
    assert section(record, "2025-08-13").retired_on == date(2025, 10, 28)


@pytest.mark.parametrize(
    ("lang", "label", "retirement_label"),
    [
        ("de", "Veraltet", "5. Januar 2026"),
        ("es", "Deprecado", "5 de enero de 2026"),
        ("fr", "Déprécié", "5 janvier 2026"),
        ("it", "Deprecato", "5 gennaio 2026"),
        ("pt-BR", "Descontinuado", "5 de janeiro de 2026"),
        ("zh-TW", "已棄用", "2026 年 1 月 5 日"),
    ],
)
def test_opus_3_in_the_2025_12_21_translations(
    corpus_dir: Path, lang: str, label: str, retirement_label: str
) -> None:
    record = capture(corpus_dir, f"{lang}__2025-12-21__")
    opus = model(record, "claude-3-opus-20240229")
    assert (opus.state, opus.state_label, opus.retirement_label) == (
        "deprecated",
        label,
        retirement_label,
    )
    assert (opus.deprecated_on, opus.retirement_date) == (date(2025, 6, 30), date(2026, 1, 5))
    assert model(record, "claude-opus-4-5-20251101").retirement_not_before is True


def test_id_lags_behind_english(corpus_dir: Path) -> None:
    """2026-01-15: Indonesian still lists Opus 3 in its status table, English no longer does;
    2026-07-21: Indonesian lacks two models English lists."""
    en, id_ = capture(corpus_dir, "en__2026-01-15__"), capture(corpus_dir, "id__2026-01-15__")
    assert en.model("claude-3-opus-20240229") is None
    assert model(id_, "claude-3-opus-20240229").state == "deprecated"
    assert entry(id_, "2025-06-30", "claude-3-opus-20240229")[1] == "claude-opus-4-1-20250805"
    assert entry(en, "2025-06-30", "claude-3-opus-20240229")[1] == "claude-opus-4-5-20251101"
    en_july, id_july = (
        capture(corpus_dir, "en__2026-07-21__"),
        capture(corpus_dir, "id__2026-07-21__"),
    )
    missing = {m.model_id for m in en_july.models} - {m.model_id for m in id_july.models}
    assert missing == {"claude-fable-5", "claude-sonnet-5"}


def test_txt_2025_05_02_old_status_table(corpus_dir: Path) -> None:
    """The 2025 page: a `Retired` 4th column, retired models still listed, N/A for no date."""
    record = capture(corpus_dir, "en__2025-05-02__swilliams-anthropicdocs-88a217c.txt")
    assert (len(record.models), len(record.deprecations)) == (16, 2)
    old = model(record, "claude-1.0")
    assert (old.state, old.deprecated_on, old.retirement_date) == (
        "retired",
        date(2024, 9, 4),
        date(2024, 11, 6),
    )
    two = model(record, "claude-2.0")
    assert (two.state, two.deprecated_on, two.retirement_date) == (
        "deprecated",
        date(2025, 1, 21),
        None,
    )
    assert model(record, "claude-3-7-sonnet-20250219").state == "active"
    assert entry(record, "2025-01-21", "claude-2.1") == (
        date(2025, 7, 21),
        "claude-3-5-sonnet-20241022",
    )


def test_txt_2025_05_27_mirror_shape(corpus_dir: Path) -> None:
    """H1 headings with `[​](#id)` anchors (percent-encoded ids) and a `**Source:**` line."""
    record = capture(corpus_dir, "en__2025-05-27__swilliams-anthropicdocs-969a700.txt")
    assert (len(record.models), len(record.deprecations)) == (18, 2)
    assert record.title == "Model deprecations - Anthropic"
    assert section(record, "2025-01-21").anchor == (
        "2025-01-21-claude-2-claude-2-1-and-claude-sonnet-3-models"
    )
    assert model(record, "claude-opus-4-20250514").state == "active"
    assert model(record, "claude-opus-4-20250514").retirement_date is None
