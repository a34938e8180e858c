"""Partner platforms tracked like the page: parse, replay, run, snapshots, events, report, feeds.

Pages are our own (`partner_pages`) or the real captures in ../shared/corpus/partners; runs fetch
them from the loopback page server, never the internet.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pageserver import PageServer, Reply, page_path, server_fixture  # noqa: F401
from partner_pages import (
    BedrockEntry,
    VertexSection,
    bedrock_legacy_page,
    bedrock_single_list,
    foundry_schedule,
    vertex_card,
    vertex_deprecations,
)
from trackpages import page_text

from scraper.cli import main
from scraper.cli_partners import PLATFORM_NAMES
from scraper.read.partners import detect_platform, read_partner_text
from scraper.read.partners.platforms import PLATFORMS
from scraper.track.platforms import (
    PlatformReading,
    apply_platform_readings,
    diff_platform_records,
    last_understood,
)
from scraper.track.store import Store
from tests.conftest import CORPUS_DIR, CORPUS_MISSING, corpus_pages

DAY1, DAY2, DAY3 = date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)
OPUS_ID = "anthropic.claude-opus-4-1-20250805-v1:0"


def opus(
    eol: str = "January 8, 2027", regions: str = "us-east-1, us-east-2, us-west-2"
) -> BedrockEntry:
    return BedrockEntry(
        "Anthropic",
        "Claude Opus 4.1",
        OPUS_ID,
        ((regions, "July 8, 2026", eol, "October 8, 2026"),),
    )


HAIKU = BedrockEntry(
    "Anthropic",
    "Claude 3 Haiku",
    "anthropic.claude-3-haiku-20240307-v1:0",
    (("us-east-1", "March 10, 2026", "September 10, 2026", "June 10, 2026"),),
)


def bedrock(*entries: BedrockEntry, reached: tuple[BedrockEntry, ...] = ()) -> str:
    return bedrock_legacy_page(entries, reached)


def read(text: str, platform: str = "bedrock") -> object:
    return read_partner_text(text, url="https://example.test/page.md", platform=platform)  # type: ignore[arg-type]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def test_platform_names_of_the_cli_are_the_platforms() -> None:
    assert tuple(PLATFORMS) == PLATFORM_NAMES


# --- events ----------------------------------------------------------------------------------


def test_first_reading_has_no_events() -> None:
    assert diff_platform_records(None, read(bedrock(opus())), DAY1) == []  # type: ignore[arg-type]


def test_eol_moved_state_changed_regions_and_listing() -> None:
    old = read(bedrock(opus(), HAIKU))
    new = read(
        bedrock(opus("February 8, 2027", "us-east-1, us-west-2, ca-west-1"), reached=(HAIKU,))
    )
    events = diff_platform_records(old, new, DAY2)  # type: ignore[arg-type]
    got = {(e.type, e.model_id, e.kind): (e.before, e.after, e.shift_days) for e in events}
    assert got == {
        ("platform_date_moved", "claude-opus-4-1-20250805", "eol"): (
            ["2027-01-08"],
            ["2027-02-08"],
            31,
        ),
        ("platform_regions_changed", "claude-opus-4-1-20250805", None): (
            [["us-east-1", "us-east-2", "us-west-2"]],
            [["ca-west-1", "us-east-1", "us-west-2"]],
            None,
        ),
        ("platform_state_changed", "claude-3-haiku-20240307", None): ("Legacy", "EOL", None),
    }
    moved = next(e for e in events if e.type == "platform_date_moved")
    assert (
        moved.summary()
        == "[Amazon Bedrock] claude-opus-4-1-20250805: EOL 2027-01-08 → 2027-02-08 (+31 days)"
    )
    regions = next(e for e in events if e.type == "platform_regions_changed")
    assert "+ca-west-1, −us-east-2" in regions.summary()


def test_a_platform_deprecating_a_model_and_setting_a_date() -> None:
    old = read(foundry_schedule([("claude-opus-4-6", "—", "GA", "—", "—")]), "foundry")
    new = read(
        foundry_schedule([("claude-opus-4-6", "—", "Deprecated", "2027-02-02", "claude-opus-4-8")]),
        "foundry",
    )
    types = {e.type: (e.before, e.after) for e in diff_platform_records(old, new, DAY2)}  # type: ignore[arg-type]
    assert types == {
        "platform_state_changed": ("GA", "Deprecated"),
        "platform_date_set": (None, ["2027-02-02"]),
    }


def test_listed_and_no_longer_listed() -> None:
    events = diff_platform_records(read(bedrock(opus())), read(bedrock(HAIKU)), DAY2)  # type: ignore[arg-type]
    assert sorted((e.type, e.platform_id) for e in events) == [
        ("platform_model_listed", HAIKU.model_id),
        ("platform_model_unlisted", OPUS_ID),
    ]
    assert (
        "no longer listed"
        in next(e for e in events if e.type == "platform_model_unlisted").summary()
    )


def test_a_table_replaced_by_a_policy_is_one_event_not_every_model_removed() -> None:
    old = read(bedrock(opus(), HAIKU))
    policy = read("# Model lifecycle\n\nAmazon Bedrock now retires models a year after launch.\n")
    events = diff_platform_records(old, policy, DAY2)  # type: ignore[arg-type]
    assert [e.type for e in events] == ["platform_page_not_understood"]
    assert diff_platform_records(old, policy, DAY3, said_before=True) == []  # type: ignore[arg-type]


# --- snapshots and outcomes in a data directory -------------------------------------------------


def _apply(store: Store, text: str, day: date, platform: str = "bedrock") -> object:
    record = read(text, platform)
    result = apply_platform_readings(store, [PlatformReading(platform, record)], day)  # type: ignore[arg-type]
    store.save("test", day=day, commit=False)
    return result.outcomes[platform]  # type: ignore[index]


def test_snapshots_and_latest_per_platform(tmp_path: Path) -> None:
    store = Store(tmp_path)
    first = _apply(store, bedrock(opus()), DAY1)
    assert first.status == "first"  # type: ignore[attr-defined]
    folder = tmp_path / "snapshots" / "platforms" / "bedrock"
    assert sorted(p.name for p in folder.iterdir()) == ["2026-07-01.json", "latest.json"]
    assert _apply(store, bedrock(opus()), DAY2).status == "unchanged"  # type: ignore[attr-defined]
    changed = _apply(store, bedrock(opus("February 8, 2027")), DAY3)
    assert changed.status == "changed" and [e.type for e in changed.events] == [
        "platform_date_moved"
    ]  # type: ignore[attr-defined]
    day_events = json.loads((tmp_path / "diffs" / "platforms" / "2026-09-01.json").read_text())
    assert [e["type"] for e in day_events["events"]] == ["platform_date_moved"]
    assert (
        json.loads((folder / "latest.json").read_text())["models"][0]["groups"][0]["dates"][1][
            "label"
        ]
        == "February 8, 2027"
    )


def test_damaged_reading_is_held_and_the_snapshot_stays(tmp_path: Path) -> None:
    store = Store(tmp_path)
    _apply(store, bedrock(opus(), HAIKU), DAY1)
    cut = bedrock(opus(), HAIKU).replace("June 10, 2026 |\n", "Ju\n", 1)
    held = _apply(store, cut, DAY2)
    assert held.status == "held" and "cut short" in held.message  # type: ignore[attr-defined]
    assert not (tmp_path / "snapshots" / "platforms" / "bedrock" / "2026-08-01.json").exists()


def test_not_understood_then_understood_again_compares_with_the_last_understood(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path)
    _apply(store, bedrock(opus()), DAY1)
    odd = _apply(store, "# Model lifecycle\n\nAmazon Bedrock keeps a policy now.\n", DAY2)
    assert odd.status == "not_understood"  # type: ignore[attr-defined]
    assert [e.type for e in odd.events] == ["platform_page_not_understood"]  # type: ignore[attr-defined]
    assert last_understood(store, "bedrock").shape == "bedrock_legacy_tables"  # type: ignore[union-attr]
    back = _apply(store, bedrock(opus()), DAY3)
    assert back.status == "changed" and back.events == ()  # type: ignore[attr-defined]


def test_one_platform_failing_does_not_stop_another(tmp_path: Path) -> None:
    store = Store(tmp_path)
    readings = [
        PlatformReading("bedrock", error="could not connect"),
        PlatformReading(
            "foundry",
            read(foundry_schedule([("claude-opus-4-6", "—", "GA", "2027-02-02", "—")]), "foundry"),
        ),  # type: ignore[arg-type]
    ]
    result = apply_platform_readings(store, readings, DAY1)
    assert {n: o.status for n, o in result.outcomes.items()} == {
        "bedrock": "failed",
        "foundry": "first",
    }


# --- parse ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", corpus_pages("*") or [None], ids=lambda p: getattr(p, "name", "none")
)
def test_anthropic_pages_are_never_taken_for_a_partner_page(path: Path | None) -> None:
    if path is None:
        pytest.skip(CORPUS_MISSING)
    assert detect_platform(path.read_text(encoding="utf-8", errors="replace")) is None


def test_parse_reads_a_partner_capture(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    capture = CORPUS_DIR / "partners" / "bedrock__2026-10-08__store71007466439.md"
    if not capture.exists():
        pytest.skip(CORPUS_MISSING)
    assert main(["parse", str(capture), "--data-dir", str(tmp_path)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["platform"] == "bedrock" and record["shape"] == "bedrock_legacy_tables"
    assert {m["model_id"] for m in record["models"]} >= {"claude-opus-4-1-20250805"}


def test_parse_with_platform_option_and_no_catalog_hint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "schedule.md"
    page.write_text(
        foundry_schedule([("claude-opus-4-6", "—", "GA", "2027-02-02", "—")]), encoding="utf-8"
    )
    assert main(["parse", str(page), "--platform", "foundry", "--data-dir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["models"][0]["platform_id"] == "claude-opus-4-6"
    assert "hint:" in err and "--data-dir" in err


def test_parse_of_an_unreadable_partner_page_fails_clearly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "bedrock__2026-01-01__empty.md"
    page.write_text("  \n", encoding="utf-8")
    assert main(["parse", str(page)]) == 1
    assert "the body is empty" in capsys.readouterr().err


def test_parse_still_reads_anthropics_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "en__2026-03-01__x.md"
    page.write_text(page_text("en"), encoding="utf-8")
    assert main(["parse", str(page)]) == 0
    assert json.loads(capsys.readouterr().out)["language"] == "en"


# --- replay -------------------------------------------------------------------------------------


def test_replay_of_platform_captures(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "en__2026-06-01__ours.md").write_text(page_text("en"), encoding="utf-8")
    (archive / "bedrock__2026-06-01__a.md").write_text(
        bedrock_single_list([opus(), HAIKU]), encoding="utf-8"
    )
    (archive / "bedrock__2026-07-01__b.md").write_text(
        bedrock(opus("February 8, 2027"), reached=(HAIKU,)), encoding="utf-8"
    )
    (archive / "foundry__2026-07-01__c.md").write_text(
        foundry_schedule([("claude-opus-4-6", "—", "GA", "2027-02-02", "—")]), encoding="utf-8"
    )
    code = main(
        ["replay", str(archive), "--data-dir", str(data), "--platforms", "bedrock,foundry", "-q"]
    )
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert sorted(p.name for p in (data / "snapshots" / "platforms" / "bedrock").iterdir()) == [
        "2026-06-01.json",
        "2026-07-01.json",
        "latest.json",
    ]
    report = (data / "diffs" / "2026-07-01.md").read_text(encoding="utf-8")
    assert "## Amazon Bedrock" in report and "EOL 2027-01-08 → 2027-02-08 (+31 days)" in report
    assert "## Microsoft Foundry" in report and "first snapshot" in report
    feed = json.loads((data / "diffs" / "feed.json").read_text(encoding="utf-8"))
    titles = [item["title"] for item in feed["items"]]
    assert (
        "Amazon Bedrock: claude-opus-4-1-20250805: EOL 2027-01-08 → 2027-02-08 (+31 days)" in titles
    )
    assert "Amazon Bedrock" in (data / "diffs" / "feed.atom").read_text(encoding="utf-8")
    log = subprocess.run(
        ["git", "log", "--format=%B", "-n1"], cwd=data, capture_output=True, text=True
    ).stdout
    assert "[Amazon Bedrock] claude-opus-4-1-20250805: EOL" in log
    # A second replay of the same archive changes nothing.
    before = sorted(p.name for p in (data / "snapshots" / "platforms" / "bedrock").iterdir())
    assert (
        main(
            [
                "replay",
                str(archive),
                "--data-dir",
                str(data),
                "--platforms",
                "bedrock,foundry",
                "-q",
            ]
        )
        == 0
    )
    assert (
        sorted(p.name for p in (data / "snapshots" / "platforms" / "bedrock").iterdir()) == before
    )


def test_replay_of_the_real_partner_captures(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    partners = CORPUS_DIR / "partners"
    if not partners.is_dir():
        pytest.skip(CORPUS_MISSING)
    archive = tmp_path / "archive"
    archive.mkdir()
    for capture in partners.glob("bedrock__*.md"):
        shutil.copy(capture, archive / capture.name)
    assert (
        main(["replay", str(archive), "--data-dir", str(data), "--platforms", "bedrock", "-q"]) == 0
    )
    events = json.loads((data / "diffs" / "platforms" / "2026-10-08.json").read_text())["events"]
    got = {(e["type"], e["model_id"]) for e in events}
    assert ("platform_state_changed", "claude-3-haiku-20240307") in got
    assert ("platform_model_listed", "claude-opus-4-1-20250805") in got
    assert ("platform_page_shape_changed", None) in got
    assert not any(
        t == "platform_model_unlisted" and m == "claude-sonnet-4-20250514" for t, m in got
    )


# --- run ----------------------------------------------------------------------------------------


def _run(server: PageServer, data: Path, day: str, *extra: str) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    args = [
        "run",
        "--base-url",
        server.url,
        "--data-dir",
        str(data),
        "--date",
        day,
        "--languages",
        "en",
    ]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, *extra])
    return code, out.getvalue(), err.getvalue()


def _urls(server: PageServer) -> list[str]:
    return [
        f"--platform-url={name}={server.url}/partners/{name}" for name in ("bedrock", "foundry")
    ]


def test_run_fetches_platforms_beside_the_languages(server: PageServer, data: Path) -> None:
    server.route(page_path("en"), Reply(200, page_text("en")))
    server.route("/partners/bedrock", Reply(200, bedrock(opus())))
    server.route("/partners/foundry", Reply(404, "Not Found"))
    code, out, err = _run(
        server, data, "2026-07-01", "--platforms", "bedrock,foundry", *_urls(server)
    )
    assert code == 1, out + err  # a platform failed, as a language would
    assert (data / "snapshots" / "platforms" / "bedrock" / "latest.json").is_file()
    assert (data / "snapshots" / "en").is_dir()  # the language went on
    assert "foundry  failed" in out and "Microsoft Foundry: failed" in err
    server.route("/partners/bedrock", Reply(200, bedrock(opus("February 8, 2027"))))
    server.route(
        "/partners/foundry",
        Reply(200, foundry_schedule([("claude-opus-4-6", "—", "GA", "2027-02-02", "—")])),
    )
    code, out, err = _run(
        server, data, "2026-07-02", "--platforms", "bedrock,foundry", *_urls(server)
    )
    assert code == 0, out + err
    assert "[Amazon Bedrock] claude-opus-4-1-20250805: EOL 2027-01-08 → 2027-02-08" in out
    report = (data / "diffs" / "2026-07-02.md").read_text(encoding="utf-8")
    assert "## Amazon Bedrock" in report


def test_platforms_none_fetches_no_platform(server: PageServer, data: Path) -> None:
    server.route(page_path("en"), Reply(200, page_text("en")))
    code, out, err = _run(server, data, "2026-07-01", "--platforms", "none", *_urls(server))
    assert code == 0, out + err
    assert (
        server.requests("/partners/bedrock") == []
        and not (data / "snapshots" / "platforms").exists()
    )


@pytest.mark.parametrize("bad", ["bedrok", "", "bedrock,azure"])
def test_platforms_option_says_what_it_takes(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["run", "--platforms", bad])
    assert stop.value.code == 2
    assert "bedrock, vertex, foundry" in capsys.readouterr().err


def test_an_older_day_never_lands_on_newer_platform_history(tmp_path: Path) -> None:
    store = Store(tmp_path)
    _apply(store, bedrock(opus()), DAY2)
    older = _apply(store, bedrock(opus("February 8, 2027")), DAY1)
    assert older.status == "failed" and "before its newest snapshot" in older.message  # type: ignore[attr-defined]
    latest = json.loads(
        (tmp_path / "snapshots" / "platforms" / "bedrock" / "latest.json").read_text()
    )
    assert latest["models"][0]["groups"][0]["dates"][1]["label"] == "January 8, 2027"


# --- platforms with several pages ---------------------------------------------------------------

SONNET_5_ID = "anthropic.claude-sonnet-5-20261001-v1:0"  # launched after 7 Sept 2026: newer page
SONNET_5 = BedrockEntry(
    "Anthropic",
    "Claude Sonnet 5",
    SONNET_5_ID,
    (("us-east-1", "March 1, 2027", "September 1, 2027", "June 1, 2027"),),
)
GOOGLE_HAIKU = VertexSection(
    "Claude 3 Haiku", "claude-3-haiku", "February 23, 2026", "August 23, 2026"
)
GOOGLE_CARD = vertex_card("claude-sonnet-4-5", "Generally available", "September 29, 2025",
                          "September 29, 2026")  # fmt: skip
POLICY = "# Model lifecycle\n\nModels retire when a newer one has been out for a year.\n"


def _two_page_urls(server: PageServer) -> list[str]:
    return [
        f"--platform-url=bedrock={server.url}/b/legacy|{server.url}/b/lifecycle",
        f"--platform-url=vertex={server.url}/g/deprecations|{server.url}/g/card",
    ]


def _snapshot_models(data: Path, platform: str) -> dict[str, dict[str, object]]:
    latest = data / "snapshots" / "platforms" / platform / "latest.json"
    return {m["platform_id"]: m for m in json.loads(latest.read_text())["models"]}


def test_run_reads_every_page_of_a_platform_as_one_reading(server: PageServer, data: Path) -> None:
    server.route(page_path("en"), Reply(200, page_text("en")))
    server.route("/b/legacy", Reply(200, bedrock(opus())))
    server.route("/b/lifecycle", Reply(200, bedrock(SONNET_5)))
    server.route("/g/deprecations", Reply(200, vertex_deprecations([GOOGLE_HAIKU])))
    server.route("/g/card", Reply(200, GOOGLE_CARD))
    args = ("--platforms", "bedrock,vertex", *_two_page_urls(server))
    code, out, err = _run(server, data, "2026-10-01", *args)
    assert code == 0, out + err
    bedrock_models = _snapshot_models(data, "bedrock")
    assert set(bedrock_models) == {OPUS_ID, SONNET_5_ID}
    assert bedrock_models[SONNET_5_ID]["page"] == f"{server.url}/b/lifecycle"
    google = _snapshot_models(data, "vertex")
    assert set(google) == {"claude-3-haiku", "claude-sonnet-4-5"}
    (card_group,) = google["claude-sonnet-4-5"]["groups"]  # type: ignore[misc]
    assert {"kind": "retirement_not_sooner_than", "date": "2026-09-29",
            "label": "September 29, 2026"} in card_group["dates"]  # fmt: skip
    joined = json.loads((data / "snapshots" / "platforms.json").read_text())["models"]
    fates = {f["platform_id"]: f for fates in joined.values() for f in fates}
    assert fates[OPUS_ID]["page"] == f"{server.url}/b/legacy"

    # The newer Bedrock page fails and Google's card turns into a policy: their models stay as
    # last read, and the Legacy page's change is still reported.
    server.route("/b/legacy", Reply(200, bedrock(opus("February 8, 2027"))))
    server.route("/b/lifecycle", Reply(500, "down"))
    server.route("/g/card", Reply(200, POLICY))
    code, out, err = _run(server, data, "2026-10-02", *args)
    assert code == 0, out + err
    assert "EOL 2027-01-08 → 2027-02-08" in out
    assert "no longer listed" not in out + err
    assert set(_snapshot_models(data, "bedrock")) == {OPUS_ID, SONNET_5_ID}
    assert set(_snapshot_models(data, "vertex")) == {"claude-3-haiku", "claude-sonnet-4-5"}
    latest = json.loads((data / "snapshots" / "platforms" / "vertex" / "latest.json").read_text())
    assert latest["missing_pages"] == [f"{server.url}/g/card"]
    assert any("not understood" in w["message"] for w in latest["warnings"])
    assert "kept as last read" in out + err

    # Back, and the newer page no longer lists its model: that removal is real, and said.
    server.route("/b/lifecycle", Reply(200, bedrock(HAIKU)))
    server.route("/g/card", Reply(200, GOOGLE_CARD))
    code, out, err = _run(server, data, "2026-10-03", *args)
    assert code == 0, out + err
    assert f"{SONNET_5_ID} (not mapped" in out or "claude-sonnet-5-20261001" in out
    assert "no longer listed" in out
    assert (
        _snapshot_models(data, "vertex")["claude-3-haiku"]["page"] == f"{server.url}/g/deprecations"
    )
    assert (
        json.loads((data / "snapshots" / "platforms" / "vertex" / "latest.json").read_text())[
            "missing_pages"
        ]
        == []
    )


def test_a_platform_none_of_whose_pages_reads_fails_alone(server: PageServer, data: Path) -> None:
    server.route(page_path("en"), Reply(200, page_text("en")))
    server.route("/b/legacy", Reply(404, "Not Found"))
    server.route("/b/lifecycle", Reply(404, "Not Found"))
    server.route("/g/deprecations", Reply(200, vertex_deprecations([GOOGLE_HAIKU])))
    server.route("/g/card", Reply(200, GOOGLE_CARD))
    code, out, err = _run(
        server, data, "2026-10-01", "--platforms", "bedrock,vertex", *_two_page_urls(server)
    )
    assert code == 1, out + err
    assert "bedrock  failed" in out
    assert "/b/legacy" in out + err and "/b/lifecycle" in out + err  # both pages' causes
    assert set(_snapshot_models(data, "vertex")) == {"claude-3-haiku", "claude-sonnet-4-5"}


def test_platform_url_takes_each_page_and_checks_every_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from scraper.fetch_platforms import platform_urls

    assert platform_urls("bedrock", {"bedrock": "http://a.test/1 | http://a.test/2"}) == (
        "http://a.test/1",
        "http://a.test/2",
    )
    assert (
        platform_urls("vertex") == PLATFORMS["vertex"].urls and len(PLATFORMS["vertex"].urls) == 2
    )
    with pytest.raises(SystemExit):
        main(["run", "--platform-url", "bedrock=https://a.test/1|notaurl"])
    assert "'notaurl' is not an http(s) URL" in capsys.readouterr().err


def test_join_pages_keeps_a_damaged_page_out_and_an_old_snapshots_models_carried() -> None:
    from scraper.read.partners.pages import PageReading, join_pages
    from scraper.track.platforms import carry_missing_pages

    legacy, newer = "https://a.test/legacy", "https://a.test/new"
    before = read(bedrock(opus()))  # a snapshot from when Bedrock had one page
    cut = bedrock(SONNET_5, HAIKU).replace("June 10, 2026 |\n", "Ju\n", 1)  # cut short: damage
    assert read(cut).damage  # type: ignore[attr-defined]
    joined = join_pages(
        "bedrock",
        [
            PageReading(legacy, read_partner_text(cut, url=legacy, platform="bedrock")),
            PageReading(newer, read_partner_text(bedrock(SONNET_5), url=newer, platform="bedrock")),
        ],
    )
    assert joined.understood() and joined.missing_pages == [legacy]
    assert [m.platform_id for m in joined.models] == [SONNET_5_ID]
    assert any("damaged" in w.message for w in joined.warnings)
    old = before.model_copy(update={"source": before.source.model_copy(update={"url": legacy})})  # type: ignore[attr-defined]
    carried = carry_missing_pages(joined, old)
    assert {m.platform_id: m.page for m in carried.models} == {OPUS_ID: legacy, SONNET_5_ID: newer}
    # Nothing understood at all: one not-understood reading that names every page's trouble.
    unknown = join_pages(
        "bedrock",
        [
            PageReading(legacy, read_partner_text(POLICY, url=legacy, platform="bedrock")),
            PageReading(newer, error=f"{newer}: HTTP 500"),
        ],
    )
    assert not unknown.understood() and unknown.models == []
    assert any("HTTP 500" in w.message for w in unknown.warnings)
