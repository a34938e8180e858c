"""Issue 12's "Done when": a replay of every capture plus revisions shaped like the later ones.

../shared/PAGE_NOTES.md ("Later revisions") and the issue describe what the page did after the
newest capture: a "To be announced" retirement, a model moving from a note to the status table,
new models, a new deprecation, old announcements rewritten, a left-aligned separator, and an
Indonesian revision with a translated table and a bilingual Overview. Those revisions are not in
the corpus, so this module BUILDS them at run time by transforming the newest real English and
Indonesian captures (no page text is stored here; the model ids and dates added are our own).
One replay (module fixture) of the whole corpus plus those revisions; the tests read what it
wrote.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scraper.cli import main
from scraper.runner import RunResult, replay

MYTHOS = "claude-mythos-preview"  # named by the page's note in the newest captures
NEW_MODELS = ("claude-quill-6", "claude-lyric-6", "claude-verse-6")  # ours
NEWLY_DEPRECATED = "claude-sonnet-4-5-20250929"  # in the newest English capture, Active
COARSE_MODEL = "claude-fable-5"  # its retirement becomes "Q3 2027" in one revision
# Replacements of 2025 announcements rewritten on 2026-10-10: section day -> (deprecated
# model, new replacement). The new replacements are ids the page itself lists.
REWRITES = {
    "2025-08-13": ("claude-3-5-sonnet-20240620", "claude-sonnet-5"),
    "2025-06-30": ("claude-3-opus-20240229", "claude-opus-5"),
    "2025-01-21": ("claude-2.1", "claude-opus-5"),
}
ID_STATE_WORDS = {"Active": "Aktif", "Deprecated": "Dihentikan", "Retired": "Dipensiunkan"}


# -- building the later revisions from the newest captures --------------------------------------


def _newest(pages: Path, lang: str) -> str:
    path = max(pages.glob(f"{lang}__*.md"), key=lambda p: p.name.split("__")[1])
    return path.read_text(encoding="utf-8")


def _replace(text: str, pattern: str, new: str | Callable[[re.Match[str]], str]) -> str:
    changed, count = re.subn(pattern, new, text, flags=re.M)
    assert count, f"the capture no longer has {pattern!r}: update this module's transformations"
    return changed


_TABLE = re.compile(r"^(\|[^\n]*\|\n)(\|[ :|-]+\|\n)((?:\|[^\n]*\|\n?)+)", re.M)


def _status_table(text: str) -> re.Match[str]:
    """The status table: the first table of the page (in its "Model status" section)."""
    match = _TABLE.search(text)
    assert match is not None and "claude-" in match[3], "no status table in the capture"
    return match


def _with_status_rows(text: str, rows: list[str], *, left_aligned: bool = False) -> str:
    """`text` with `rows` ("a|b|c|d") on top of its status table, its separator left-aligned
    if asked."""
    table = _status_table(text)
    separator = table[2]
    if left_aligned:
        separator = "|" + " :--- |" * (table[1].count("|") - 1) + "\n"
    added = "".join(f"| {' | '.join(cells)} |\n" for cells in (r.split("|") for r in rows))
    return text[: table.start()] + table[1] + separator + added + table[3] + text[table.end() :]


def _edit_row(text: str, model: str, edit: Callable[[list[str]], list[str]]) -> str:
    """`text` with the status-table row of `model` rewritten cell by cell."""
    table = _status_table(text)
    lines = table[3].splitlines(keepends=True)
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == model:
            lines[i] = f"| {' | '.join(edit(cells))} |\n"
            break
    else:
        raise AssertionError(f"no status row of {model}")
    return text[: table.start(3)] + "".join(lines) + text[table.end(3) :]


def _without_status_note(text: str) -> str:
    return _replace(text, r"^<Note>\n[^\n]*" + re.escape(MYTHOS) + r"[^\n]*\n</Note>\n\n", "")


def english_revisions(pages: Path) -> dict[str, str]:
    """day -> English page, from the newest English capture."""
    newest = _newest(pages, "en")
    tba_row = f"{MYTHOS}|Deprecated|September 21, 2026|To be announced"
    sep24 = _with_status_rows(newest, [tba_row], left_aligned=True)
    sep28 = _without_status_note(sep24)
    oct02 = _with_status_rows(
        sep28,
        [f"{NEW_MODELS[0]}|Active|N/A|Not sooner than October 1, 2027",
         f"{NEW_MODELS[1]}|Active|N/A|Not sooner than October 1, 2027"],
    )  # fmt: skip
    oct02 = _edit_row(oct02, COARSE_MODEL, lambda c: [*c[:3], "Q3 2027"])
    oct08 = _with_status_rows(
        oct02, [f"{NEW_MODELS[2]}|Active|N/A|Not sooner than October 7, 2027"]
    )
    oct08 = _edit_row(
        oct08,
        NEWLY_DEPRECATED,
        lambda c: [c[0], "Deprecated", "October 8, 2026", "December 8, 2026"],
    )
    section = (
        "### 2026-10-08: Claude Sonnet 4.5 model\n\n"
        "On October 8, 2026, developers were told of its retirement.\n\n"
        "| Retirement date | Deprecated model | Recommended replacement |\n"
        "| --- | --- | --- |\n"
        f"| December 8, 2026 | `{NEWLY_DEPRECATED}` | `claude-sonnet-5` |\n\n"
    )
    oct08 = _replace(oct08, r"^(?=### 2026-06-05:)", section)
    oct10 = oct08
    for day, (model, replacement) in REWRITES.items():
        oct10 = _replace(
            oct10,
            rf"(^### {day}:(?:(?!^### )[\s\S])*?\| `{re.escape(model)}`\s*\| )`[^`]+`",
            lambda m, r=replacement: f"{m[1]}`{r}`",
        )
    oct10 = _replace(
        oct10,
        r"\| Deprecated \(Claude Opus 4\.7 and later\) ",
        "| Deprecated from Claude Opus 4.7 on ",
    )
    return {"2026-09-24": sep24, "2026-09-28": sep28, "2026-10-02": oct02, "2026-10-08": oct08,
            "2026-10-10": oct10}  # fmt: skip


def indonesian_revisions(pages: Path) -> dict[str, str]:
    """day -> Indonesian page, from the newest Indonesian capture."""
    newest = _newest(pages, "id")
    # Late August: the table translated (state words, "not sooner than"), the Overview's terms
    # bilingual (so Dihentikan is Deprecated and Dipensiunkan Retired in this revision), its
    # history notes saying retired models "dipensiunkan", and the note on the preview saying it
    # "telah dihentikan" (is deprecated).
    august = newest
    for english, translated in ID_STATE_WORDS.items():
        august = _replace(
            august, rf"^(\* \*\*){english}(:\*\*)", rf"\g<1>{english} ({translated})\2"
        )
    august = _replace(august, r"^(\* \*\*)Legacy(:\*\*)", r"\g<1>Legacy (Warisan)\2")
    table = _status_table(august)
    body = table[3]
    for english, translated in ID_STATE_WORDS.items():
        body = re.sub(rf"^(\|[^|]*\| ){english}( *\|)", rf"\g<1>{translated}\2", body, flags=re.M)
    body = body.replace("Tidak lebih cepat dari", "Tidak lebih awal dari")
    august = august[: table.start(3)] + body + august[table.end(3) :]
    august = _replace(august, r"dihentikan pada", "dipensiunkan pada")
    august = _replace(august, rf"(`{MYTHOS}`\)) telah diusangkan", r"\1 telah dihentikan")
    # A month later: the table in English words again, and the English "to be announced" row.
    september = _with_status_rows(
        newest, [f"{MYTHOS}|Deprecated|21 September 2026|To be announced"]
    )
    return {"2026-08-27": august, "2026-09-26": september}


# -- the replay ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replayed:
    data: Path
    results: list[RunResult]
    pages: dict[tuple[str, str], str]  # (lang, day) -> the built revision


@pytest.fixture(scope="module")
def replayed(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Replayed:
    archive, data = tmp_path_factory.mktemp("archive"), tmp_path_factory.mktemp("data")
    pages = corpus_dir / "pages"
    for capture in pages.iterdir():
        shutil.copy2(capture, archive / capture.name)
    built = {("en", day): text for day, text in english_revisions(pages).items()}
    built |= {("id", day): text for day, text in indonesian_revisions(pages).items()}
    for (lang, day), text in built.items():
        (archive / f"{lang}__{day}__later-revision.md").write_text(text, encoding="utf-8")
    results = replay(archive, data, commit=False)
    return Replayed(data, results, built)


def events_on(replayed: Replayed, day: str, lang: str = "en") -> list[dict[str, Any]]:
    path = replayed.data / "diffs" / f"{day}.json"
    events = json.loads(path.read_text(encoding="utf-8"))["events"] if path.is_file() else []
    return [e for e in events if e["language"] == lang]


def latest(replayed: Replayed) -> dict[str, Any]:
    return json.loads((replayed.data / "snapshots" / "latest.json").read_text(encoding="utf-8"))


def snapshot(replayed: Replayed, lang: str, day: str) -> dict[str, Any]:
    path = replayed.data / "snapshots" / lang / f"{day}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def row_of(record: dict[str, Any], model: str) -> dict[str, Any]:
    [row] = [m for m in record["models"] if m["model_id"] == model]
    return row


def said(replayed: Replayed, day: str) -> str:
    return (replayed.data / "diffs" / f"{day}.md").read_text(encoding="utf-8")


def feed_texts(replayed: Replayed) -> list[str]:
    feed = json.loads((replayed.data / "diffs" / "feed.json").read_text(encoding="utf-8"))
    return [item["content_text"] for item in feed["items"]]


# -- the revisions are shaped as the issue describes them ----------------------------------------


def test_the_built_revisions_have_the_shapes_described(replayed: Replayed) -> None:
    en, id_ = replayed.pages.__getitem__, replayed.pages.__getitem__
    assert f"| {MYTHOS} | Deprecated | September 21, 2026 | To be announced |" in en(
        ("en", "2026-09-24")
    )
    assert "| :--- | :--- | :--- | :--- |" in en(("en", "2026-09-24"))
    assert f"(`{MYTHOS}`)" in en(("en", "2026-09-24"))  # the note still there
    assert f"(`{MYTHOS}`)" not in en(("en", "2026-09-28"))  # and gone
    assert "### 2026-10-08:" in en(("en", "2026-10-08"))
    august = id_(("id", "2026-08-27"))
    for shape in ("**Deprecated (Dihentikan):**", "**Retired (Dipensiunkan):**", "| Aktif ",
                  "| Dipensiunkan ", "| Dihentikan ", "Tidak lebih awal dari 9 Juni 2027",
                  f"(`{MYTHOS}`) telah dihentikan"):  # fmt: skip
        assert shape in august, shape
    september = id_(("id", "2026-09-26"))
    assert "| Aktif " not in september and "| Active " in september
    assert "To be announced |" in september


# -- every day publishes --------------------------------------------------------------------------


def test_every_day_publishes_and_no_language_is_held_at_the_end(replayed: Replayed) -> None:
    built_days = {day for _, day in replayed.pages}
    held = {
        (str(r.day), o.language): o.message
        for r in replayed.results
        for o in r.outcomes.values()
        if o.status in ("held", "failed")
    }
    # Only evidence of damage holds: the one real capture that lost a model (a lagging copy of
    # llms-full.txt) is held for the day, and the next capture ends that hold.
    assert set(held) == {("2025-11-27", "en")}, held
    assert "disappeared from the status table" in held[("2025-11-27", "en")]
    for result in replayed.results:
        if str(result.day) in built_days:
            assert {o.status for o in result.outcomes.values()} == {"changed"}, result.day
    languages = latest(replayed)["languages"]
    assert {lang: v["held_since"] for lang, v in languages.items() if v["held_since"]} == {}
    assert {lang: v["held_reason"] for lang, v in languages.items() if v["held_reason"]} == {}
    assert languages["en"]["snapshot_date"] == "2026-10-10"
    assert languages["id"]["snapshot_date"] == "2026-09-26"
    for lang, day in replayed.pages:
        assert snapshot(replayed, lang, day)["warnings"] == [], (lang, day)


# -- "To be announced", and the model that moved from a note to the table -------------------------


def test_to_be_announced_is_kept_verbatim_and_said(replayed: Replayed) -> None:
    for lang, day in (("en", "2026-09-24"), ("en", "2026-10-10"), ("id", "2026-09-26")):
        row = row_of(snapshot(replayed, lang, day), MYTHOS)
        assert (row["retirement_label"], row["retirement_kind"], row["retirement_date"]) == (
            "To be announced",
            "to_be_announced",
            None,
        ), (lang, day)
        assert row["state"] == "deprecated" and row["not_understood"] == []
    for lang, day in (("en", "2026-09-24"), ("id", "2026-09-26")):
        [moved] = [e for e in events_on(replayed, day, lang) if e["model_id"] == MYTHOS
                   and not e["type"].startswith("finding")]  # fmt: skip
        # One model that moved, not an unrelated add and remove.
        assert moved["type"] == "listing_changed"
        assert moved["after"]["retirement"]["kind"] == "to_be_announced"
        assert (
            f"**{MYTHOS}** is now in the status table: deprecated, deprecated on 21 September "
            "2026, retirement to be announced (until now only named in a note)"
        ) in said(replayed, day)
    feeds = feed_texts(replayed)
    assert any(MYTHOS in t and "retirement to be announced" in t for t in feeds)
    calendar = (replayed.data / "snapshots" / "retirements.ics").read_text(encoding="utf-8")
    assert "retirement to be announced" in calendar.replace("\r\n ", "")


def test_the_note_that_goes_is_no_add_or_remove(replayed: Replayed) -> None:
    [gone] = [e for e in events_on(replayed, "2026-09-28") if e["model_id"] == MYTHOS]
    assert gone["source"] == "note" and gone["after"] == {"listing": "status_table"}
    assert f"**{MYTHOS}** is no longer named in a note" in said(replayed, "2026-09-28")
    assert "the status table lists it" in said(replayed, "2026-09-28")
    every = [e for day in ("2026-09-24", "2026-09-28") for e in events_on(replayed, day)]
    assert not [e for e in every if e["type"] in ("model_added", "model_removed")
                and e["model_id"] == MYTHOS and e["source"] != "note"]  # fmt: skip


# -- new models, a new deprecation, an unread (coarse) value --------------------------------------


def test_a_coarse_retirement_is_kept_and_the_rest_of_the_page_still_changes(
    replayed: Replayed,
) -> None:
    row = row_of(snapshot(replayed, "en", "2026-10-02"), COARSE_MODEL)
    assert (row["retirement_label"], row["retirement_kind"], row["retirement_date"]) == (
        "Q3 2027",
        "coarse",
        None,
    )
    assert row["retirement_year"] == 2027  # the year it names, never an invented day
    events = events_on(replayed, "2026-10-02")
    [coarse] = [e for e in events if e["model_id"] == COARSE_MODEL]
    assert coarse["after"] == {"date": None, "kind": "coarse", "label": "Q3 2027"}
    assert f"**{COARSE_MODEL}**: retires in Q3 2027 (as written)" in said(replayed, "2026-10-02")
    added = sorted(e["model_id"] for e in events if e["type"] == "model_added")
    assert added == sorted(NEW_MODELS[:2])


def test_new_models_and_a_new_deprecation_are_followed(replayed: Replayed) -> None:
    events = events_on(replayed, "2026-10-08")
    assert [e["model_id"] for e in events if e["type"] == "model_added"] == [NEW_MODELS[2]]
    changed = {e["type"]: e["after"] for e in events if e["model_id"] == NEWLY_DEPRECATED}
    assert changed["state_changed"] == "deprecated"
    assert changed["retirement_date_changed"] == {
        "date": "2026-12-08",
        "kind": "date",
        "label": None,
    }
    [announced] = [e for e in events if e["type"] == "deprecation_announced"]
    assert announced["anchor"].startswith("2026-10-08-")
    assert list(announced["after"]["entries"]) == [NEWLY_DEPRECATED]
    record = snapshot(replayed, "en", "2026-10-10")
    assert {m["model_id"] for m in record["models"]} >= set(NEW_MODELS)


# -- old announcements rewritten, the parameter table reworded ------------------------------------


def test_rewritten_announcements_read_as_such(replayed: Replayed) -> None:
    events = events_on(replayed, "2026-10-10")
    rewritten = {
        e["anchor"][:10]: (e["model_id"], e["after"])
        for e in events
        if e["type"] == "replacement_changed"
    }
    assert rewritten == REWRITES
    report = said(replayed, "2026-10-10")
    assert (
        "The announcements of 30 June 2025 and 21 January 2025 now recommend claude-opus-5 "
        "instead of claude-opus-4-8 for 2 models (claude-2.1 and claude-3-opus-20240229)" in report
    )
    assert (
        "**claude-3-5-sonnet-20240620**: the announcement of 13 August 2025 now recommends "
        "claude-sonnet-5 instead of claude-sonnet-4-6" in report
    )
    feeds = feed_texts(replayed)
    for day, (model, replacement) in REWRITES.items():
        assert any(f"{model}: the announcement of " in t and f"now recommends {replacement}" in t
                   for t in feeds), (day, model)  # fmt: skip
    [parameter] = [e for e in events if e["type"] == "parameter_deprecation_changed"]
    assert parameter["after"] == {"status": "Deprecated from Claude Opus 4.7 on"}


# -- the Indonesian revisions ---------------------------------------------------------------------


def test_the_translated_indonesian_table_reads_as_the_english_words(replayed: Replayed) -> None:
    july, august = (snapshot(replayed, "id", d) for d in ("2026-07-25", "2026-08-27"))

    def states(record: dict[str, Any]) -> dict[str, Any]:
        return {m["model_id"]: (m["state"], m["retirement_date"], m["retirement_kind"])
                for m in record["models"]}  # fmt: skip

    assert states(august) == states(july)
    assert (
        row_of(august, "claude-fable-5")["retirement_label"] == "Tidak lebih awal dari 9 Juni 2027"
    )
    # Translating the table is no change of any model: only the two reworded texts.
    assert sorted(e["type"] for e in events_on(replayed, "2026-08-27", "id")
                  if not e["type"].startswith("finding")) == ["page_text_changed"] * 2  # fmt: skip


def test_telah_dihentikan_under_the_bilingual_overview_is_deprecated(replayed: Replayed) -> None:
    [note] = snapshot(replayed, "id", "2026-08-27")["note_models"]
    assert (note["model_id"], note["state"]) == (MYTHOS, "deprecated")
    days = sorted(p.stem for p in (replayed.data / "diffs").glob("????-??-??.json"))
    mythos = [e for d in days for e in events_on(replayed, d, "id") if e["model_id"] == MYTHOS]
    assert not [e for e in mythos if "retired" in json.dumps(e.get("after"))], mythos
    # No conflict with English about its state, that day or since.
    assert not [e for e in mythos if e["type"] == "finding_appeared"
                and e["after"]["aspect"] == "state"]  # fmt: skip
    assert not [f for f in latest(replayed)["findings"]
                if f["model_id"] == MYTHOS and f["aspect"] == "state"]  # fmt: skip
    assert "now retired" not in said(replayed, "2026-08-27")


def test_every_output_says_to_be_announced(
    replayed: Replayed, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models = json.loads((replayed.data / "snapshots" / "models.json").read_text(encoding="utf-8"))
    [model] = [m for m in models["models"] if m["model_id"] == MYTHOS]
    assert (model["retirement_kind"], model["retirement_label"], model["retirement_date"]) == (
        "to_be_announced", "To be announced", None
    )  # fmt: skip
    assert main(["timeline", "--data-dir", str(replayed.data), MYTHOS]) == 0
    out = capsys.readouterr().out
    assert (
        "2026-09-24  now in the status table; deprecated on 2026-09-21; retirement to be "
        "announced" in out
    )
    code = tmp_path / "app.py"
    code.write_text(f'MODEL = "{MYTHOS}"\n', encoding="utf-8")
    main(["audit", str(code), "--data-dir", str(replayed.data)])
    assert f"{MYTHOS}: deprecated, retirement to be announced" in capsys.readouterr().out
