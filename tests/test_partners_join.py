"""Each model's fate on each partner platform, joined: models.json, platforms.json findings,
`audit` of a platform id by that platform's dates, `calendar --platforms`."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from icalendar import Calendar
from partner_pages import BedrockEntry, bedrock_legacy_page, foundry_schedule
from test_site import OVERFLOW, screenshot_dir
from test_site import browser_context as chromium
from trackpages import page_text

from scraper.act.platform_audit import judged_on_platform
from scraper.cli import main
from scraper.publish.platform_fates import fate_sentence, platforms_document
from scraper.read.parse import parse_text
from scraper.read.partners import read_partner_text

GAMMA = "claude-gamma-3-20240601"  # deprecated on the fixture page, retires 2026-04-30
ALPHA = "claude-alpha-5"  # active, retires not sooner than 2027-03-01
GAMMA_ON_BEDROCK = BedrockEntry(
    "Anthropic",
    "Claude Gamma 3",
    f"anthropic.{GAMMA}-v1:0",
    (("us-east-1, us-west-2", "April 30, 2026", "October 30, 2026", "July 30, 2026"),),
)
FOUNDRY = foundry_schedule(
    [
        (ALPHA, "—", "Preview", "2027-02-20", "—"),
        ("claude-unheard-of-9", "—", "Preview", "2027-02-20", "—"),
    ]
)


def _document() -> object:
    english = parse_text(page_text("en"), url="en.md", language="en")
    records = {
        "bedrock": (
            date(2026, 5, 1),
            read_partner_text(bedrock_legacy_page([GAMMA_ON_BEDROCK], []), url="b.md"),
        ),
        "foundry": (date(2026, 5, 2), read_partner_text(FOUNDRY, url="f.md", platform="foundry")),
    }
    return platforms_document(records, english)  # type: ignore[arg-type]


def test_fates_per_model_with_dates_regions_page_and_day() -> None:
    document = _document()
    (fate,) = document.models[GAMMA]  # type: ignore[attr-defined]
    assert (fate.platform, fate.state, fate.state_label, fate.page, fate.read_on) == (
        "bedrock",
        "legacy",
        "Legacy",
        "b.md",
        date(2026, 5, 1),
    )
    assert (fate.end.kind, fate.end.date) == ("eol", date(2026, 10, 30))
    assert fate.groups[0].regions == ["us-east-1", "us-west-2"]
    assert (
        fate_sentence(fate)
        == "Legacy on Amazon Bedrock, EOL 30 October 2026 (us-east-1, us-west-2)"
    )
    (alpha,) = document.models[ALPHA]  # type: ignore[attr-defined]
    assert (alpha.platform, alpha.state, alpha.end.date) == ("foundry", None, date(2027, 2, 20))


def test_findings_say_where_a_platform_differs_and_what_cannot_be_mapped() -> None:
    findings = {(f.kind, f.model_id or f.platform_id): f for f in _document().findings}  # type: ignore[attr-defined]
    differs = findings[("date_differs", GAMMA)]
    assert (differs.anthropic_date, differs.platform_date, differs.days) == (
        date(2026, 4, 30),
        date(2026, 10, 30),
        183,
    )
    assert "183 days after Anthropic's 2026-04-30" in differs.message
    alpha = findings[("date_differs", ALPHA)]
    assert "9 days before Anthropic's not sooner than 2027-03-01" in alpha.message
    assert findings[("unmapped_id", "claude-unheard-of-9")].platform == "foundry"
    assert {kind for kind, _ in findings} == {"date_differs", "unmapped_id"}


def test_audit_judges_a_platform_id_by_that_platforms_dates() -> None:
    from scraper.act.audit import AuditFinding

    base = AuditFinding(
        path="app.py",
        line=1,
        column=1,
        end_column=2,
        line_in="file",
        cell=None,
        written=f"anthropic.{GAMMA}-v1:0",
        platform="bedrock",
        model_id=GAMMA,
        state="retired",
        state_on_page="deprecated",
        retirement_date=date(2026, 4, 30),
        retirement_not_before=False,
        retirement_kind="date",
        retirement_label="April 30, 2026",
        days_until_retirement=-32,
        replacement=ALPHA,
    )
    fates = _document().models  # type: ignore[attr-defined]
    judged = judged_on_platform(base, fates, date(2026, 6, 1))
    assert (
        judged.judged_by,
        judged.state,
        judged.retirement_date,
        judged.days_until_retirement,
    ) == (
        "bedrock",
        "legacy",
        date(2026, 10, 30),
        151,
    )
    assert (
        judged.platform_fate
        == "Legacy on Amazon Bedrock, EOL 30 October 2026 (us-east-1, us-west-2)"
    )
    assert judged_on_platform(base, fates, date(2026, 11, 1)).state == "retired"
    anthropic_spelling = replace(base, platform="anthropic", written=GAMMA)
    assert judged_on_platform(anthropic_spelling, fates, date(2026, 6, 1)) == anthropic_spelling


@pytest.fixture
def replayed(tmp_path: Path) -> Path:
    """A data directory with the English page and two platforms replayed into it."""
    data = tmp_path / "data"
    subprocess.run(["git", "init", "-q", str(data)], check=True)
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "en__2026-05-01__ours.md").write_text(page_text("en"), encoding="utf-8")
    (archive / "bedrock__2026-05-01__a.md").write_text(
        bedrock_legacy_page([GAMMA_ON_BEDROCK], []), encoding="utf-8"
    )
    (archive / "foundry__2026-05-02__b.md").write_text(FOUNDRY, encoding="utf-8")
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
    return data


def test_models_json_holds_each_models_platform_fates(replayed: Path) -> None:
    models = {
        m["model_id"]: m
        for m in json.loads((replayed / "snapshots" / "models.json").read_text())["models"]
    }
    (fate,) = models[GAMMA]["platforms"]
    assert (fate["platform"], fate["state_label"], fate["end"], fate["read_on"]) == (
        "bedrock",
        "Legacy",
        {"date": "2026-10-30", "kind": "eol"},
        "2026-05-01",
    )
    assert models["claude-beta-4-20250101"]["platforms"] == []
    platforms = json.loads((replayed / "snapshots" / "platforms.json").read_text())
    assert set(platforms["platforms"]) == {"bedrock", "foundry"}
    assert any(
        f["kind"] == "date_differs" and f["model_id"] == GAMMA for f in platforms["findings"]
    )


def test_audit_cli_uses_the_platforms_of_the_data_directory(
    replayed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code_dir = tmp_path / "code"
    code_dir.mkdir()
    (code_dir / "app.py").write_text(
        f'a = "anthropic.{GAMMA}-v1:0"\nb = "{GAMMA}"\n', encoding="utf-8"
    )
    main(["audit", str(code_dir), "--data-dir", str(replayed), "--today", "2026-06-01"])
    out = capsys.readouterr().out
    assert "Legacy on Amazon Bedrock, EOL 30 October 2026 (us-east-1, us-west-2)" in out
    assert f"{GAMMA}: retired on 2026-04-30" in out  # Anthropic's own id: Anthropic's date


def test_calendar_platforms_has_one_event_per_model_and_platform(
    replayed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["calendar", "--data-dir", str(replayed), "--platforms"]) == 0
    calendar = Calendar.from_ical(capsys.readouterr().out)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    bedrock = events[f"{GAMMA}.bedrock@claude-deprecation-tracker"]
    assert bedrock.decoded("dtstart") == date(2026, 10, 30)
    assert "Legacy on Amazon Bedrock" in str(bedrock["summary"])
    assert f"{ALPHA}.foundry@claude-deprecation-tracker" in events
    assert f"{GAMMA}@claude-deprecation-tracker" in events  # Anthropic's own event stays
    assert main(["calendar", "--data-dir", str(replayed)]) == 0
    plain = Calendar.from_ical(capsys.readouterr().out)
    assert not any(".bedrock@" in str(e["uid"]) for e in plain.walk("VEVENT"))


def test_calendar_platforms_without_platform_data_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], replayed: Path
) -> None:
    (replayed / "snapshots" / "platforms.json").unlink()
    assert main(["calendar", "--data-dir", str(replayed), "--platforms"]) == 1
    assert "no partner platforms tracked yet" in capsys.readouterr().err


def test_site_model_table_shows_the_platforms(replayed: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert (
        main(["site", "--data-dir", str(replayed), "--out", str(out), "--today", "2026-06-01"]) == 0
    )
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<th role="columnheader" scope="col">Platforms</th>' in page
    assert "Amazon Bedrock: Legacy, EOL 2026-10-30" in page
    assert "Microsoft Foundry: Preview, retires on 2027-02-20" in page


def test_site_without_platforms_has_no_platform_column(replayed: Path, tmp_path: Path) -> None:
    (replayed / "snapshots" / "platforms.json").unlink()
    out = tmp_path / "site"
    assert (
        main(["site", "--data-dir", str(replayed), "--out", str(out), "--today", "2026-06-01"]) == 0
    )
    assert ">Platforms</th>" not in (out / "index.html").read_text(encoding="utf-8")


def _chart_row(soup: BeautifulSoup, chart: str, model_id: str) -> Tag:
    row = soup.select_one(f'svg#{chart} g.row[data-model="{model_id}"]')
    assert isinstance(row, Tag), f"no row for {model_id} in {chart}"
    return row


def _x(element: Tag) -> float:
    return float(str(element["x"]))


def test_site_chart_marks_each_platforms_end_on_the_models_row(
    replayed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert (
        main(["site", "--data-dir", str(replayed), "--out", str(out), "--today", "2026-06-01"]) == 0
    )
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    for chart in ("timeline", "timeline-narrow"):
        gamma = _chart_row(soup, chart, GAMMA)
        (marker,) = gamma.select("g.platform-end")
        assert marker["data-platform"] == "bedrock"
        assert marker["data-date"] == "2026-10-30"
        assert marker.select_one("text").get_text() == "B"  # type: ignore[union-attr]
        tooltip = marker.select_one("title").get_text()  # type: ignore[union-attr]
        assert tooltip == "Legacy on Amazon Bedrock, EOL 30 October 2026 (us-east-1, us-west-2)"
        assert tooltip in gamma.select_one("title").get_text()  # type: ignore[union-attr]
        # Bedrock's EOL is six months after Anthropic's retirement: right of its mark.
        retirement = gamma.select_one("rect.retirement")
        assert isinstance(retirement, Tag)
        assert _x(marker.select_one("rect")) > _x(retirement) + 20  # type: ignore[arg-type]
        (foundry,) = _chart_row(soup, chart, ALPHA).select("g.platform-end")
        assert (foundry["data-platform"], foundry["data-date"]) == ("foundry", "2027-02-20")
        assert foundry.select_one("text").get_text() == "M"  # type: ignore[union-attr]
        assert _chart_row(soup, chart, "claude-beta-4-20250101").select("g.platform-end") == []
        # The axis runs to the latest platform date, so no marker sits past the chart's edge.
        svg = soup.select_one(f"svg#{chart}")
        assert isinstance(svg, Tag)
        width = float(str(svg["width"]))
        for rect in svg.select("g.platform-end rect"):
            assert _x(rect) >= 0 and _x(rect) + 10 <= width
    legend = [li.get_text(" ", strip=True) for li in soup.select("ul.legend li")]
    assert "B Amazon Bedrock stops serving it" in legend  # the letter, then its platform
    assert "M Microsoft Foundry stops serving it" in legend
    assert not any("Google Cloud" in item for item in legend)  # not tracked here
    desc = soup.select_one("desc#timeline-desc")
    assert desc is not None and "B for Amazon Bedrock" in desc.get_text()


def test_site_chart_without_platforms_has_no_markers(replayed: Path, tmp_path: Path) -> None:
    (replayed / "snapshots" / "platforms.json").unlink()
    out = tmp_path / "site"
    assert (
        main(["site", "--data-dir", str(replayed), "--out", str(out), "--today", "2026-06-01"]) == 0
    )
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select("g.platform-end") == []
    assert not any("stops serving" in li.get_text() for li in soup.select("ul.legend li"))


def test_audit_of_a_model_past_its_google_shutdown_leads_with_the_shutdown() -> None:
    from partner_pages import VertexSection, vertex_deprecations

    from scraper.act.audit import AuditFinding, describe

    opus = "claude-3-opus-20240229"
    page = vertex_deprecations(
        [VertexSection("Claude 3 Opus", "claude-3-opus", "June 30, 2025", "August 1, 2025")]
    )
    record = read_partner_text(page, url="g.md", platform="vertex", catalog={opus})
    english = parse_text(page_text("en"), url="en.md", language="en")
    fates = platforms_document({"vertex": (date(2026, 11, 30), record)}, english).models
    finding = AuditFinding(
        path="app.py", line=1, column=1, end_column=2, line_in="file", cell=None,
        written="claude-3-opus@20240229", platform="vertex", model_id=opus, state="retired",
        state_on_page="retired", retirement_date=date(2026, 1, 5), retirement_not_before=False,
        retirement_kind="date", retirement_label="January 5, 2026", days_until_retirement=-330,
        replacement=None,
    )  # fmt: skip
    judged = judged_on_platform(finding, fates, date(2026, 12, 1))
    assert (judged.state, judged.state_on_page, judged.retirement_date) == (
        "retired",
        "deprecated",  # the page's word, kept
        date(2025, 8, 1),
    )
    assert describe(judged) == "shut down on Google Cloud on 1 August 2025 (487 days ago)"
    # Before the shutdown the page's own state leads, with the day and how far off it is.
    before = describe(judged_on_platform(finding, fates, date(2025, 7, 1)))
    assert before == (
        "deprecated on Google Cloud, shut down on 1 August 2025 (us-east5); 2025-08-01 (in 31 days)"
    )
    assert describe(judged_on_platform(finding, fates, date(2025, 8, 1))).endswith("(today)")


def test_chart_marker_is_hollow_for_a_not_sooner_than_day_and_escapes_its_tooltip() -> None:
    from partner_pages import vertex_card

    from scraper.publish.site import WIDE, ModelLife, timeline_svg

    sonnet = "claude-sonnet-4-5-20250929"
    card = vertex_card("claude-sonnet-4-5", "<b>GA</b>", "September 29, 2025", "September 29, 2026")
    record = read_partner_text(card, url="card.md", platform="vertex", catalog={sonnet})
    english = parse_text(page_text("en"), url="en.md", language="en")
    fates = platforms_document({"vertex": (date(2026, 1, 2), record)}, english).models
    life = ModelLife(
        model_id=sonnet, state="active", state_label="Active", in_status_table=True,
        first_seen=date(2025, 10, 1), announced_on=None, deprecated_on=None,
        retirement_date=None, not_before=False, replacement=None, anchor="",
    )  # fmt: skip
    soup = BeautifulSoup(timeline_svg([life], date(2026, 1, 2), WIDE, fates), "html.parser")
    marker = soup.select_one("g.platform-end")
    assert isinstance(marker, Tag)
    assert marker["class"] == ["platform-end", "platform-vertex", "not-before"]
    assert marker.select_one("text").get_text() == "G"  # type: ignore[union-attr]
    tooltip = marker.select_one("title")
    assert tooltip is not None and "retires not sooner than 29 September 2026" in tooltip.get_text()
    assert soup.select("b") == []  # the page's words are text, never markup


chromium_context = chromium  # the site tests' headless Chromium, as a fixture of this module


@pytest.mark.parametrize("width", [1280, 390])
def test_platform_markers_fit_the_chart_in_a_real_browser(
    replayed: Path, tmp_path: Path, chromium_context: Any, width: int
) -> None:
    out = tmp_path / "site"
    assert (
        main(["site", "--data-dir", str(replayed), "--out", str(out), "--today", "2026-06-01"]) == 0
    )
    page = chromium_context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((out / "index.html").as_uri(), wait_until="load")
    found = page.evaluate(OVERFLOW)
    assert found["page"] <= found["width"], found
    assert found["regions"] == [], found
    chart = "timeline" if width > 700 else "timeline-narrow"
    box = page.locator(f"svg#{chart}").bounding_box()
    markers = page.locator(f"svg#{chart} g.platform-end rect")
    assert markers.count() == 2
    for index in range(markers.count()):
        mark = markers.nth(index).bounding_box()
        assert mark is not None and mark["width"] > 3  # drawn, and visible
        assert box["x"] <= mark["x"] and mark["x"] + mark["width"] <= box["x"] + box["width"]
    page.screenshot(path=str(screenshot_dir() / f"site-platforms-{width}.png"), full_page=True)
    page.close()
