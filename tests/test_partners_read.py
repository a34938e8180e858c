"""Readers of the partner platforms' pages: every Anthropic row of the real captures, and each
shape (and its breakage) on small pages of our own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scraper.read.parse import parse_file
from scraper.read.partners import PartnerPageError, detect_platform, read_partner_text
from scraper.read.partners.ids import anthropic_id, catalog_of
from scraper.read.partners.records import PlatformModel, PlatformRecord
from tests.conftest import CORPUS_DIR, CORPUS_MISSING
from tests.partner_pages import (
    BedrockEntry,
    VertexSection,
    as_html,
    bedrock_legacy_page,
    bedrock_single_list,
    foundry_schedule,
    vertex_card,
    vertex_deprecations,
)

PARTNERS = CORPUS_DIR / "partners"
CATALOG = frozenset(
    {
        "claude-3-haiku-20240307",
        "claude-3-5-sonnet-20240620",
        "claude-3-5-sonnet-20241022",
        "claude-sonnet-4-5-20250929",
        "claude-opus-4-1-20250805",
        "claude-opus-4-6",
        "claude-opus-4-8",
    }
)


def _model(record: PlatformRecord, platform_id: str, section: str | None = None) -> PlatformModel:
    found = [
        m
        for m in record.models
        if m.platform_id == platform_id and (section is None or m.section == section)
    ]
    assert len(found) == 1, [m.platform_id for m in record.models]
    return found[0]


def _dates(model: PlatformModel) -> list[dict[str, date | None]]:
    return [{d.kind: d.date for d in g.dates} for g in model.groups]


# --- the real captures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_catalog() -> frozenset[str]:
    english = sorted((CORPUS_DIR / "pages").glob("en__*.md"))
    if not english or not PARTNERS.is_dir():
        pytest.skip(CORPUS_MISSING)
    return catalog_of(parse_file(english[-1]))


def _capture(name: str, catalog: frozenset[str]) -> PlatformRecord:
    path = PARTNERS / name
    if not path.exists():
        pytest.skip(f"{path} not found ({CORPUS_MISSING})")
    return read_partner_text(path.read_text(encoding="utf-8"), url=str(path), catalog=catalog)


D = date


def test_bedrock_single_list_capture(corpus_catalog: frozenset[str]) -> None:
    record = _capture("bedrock__2026-05-26__store56836919851.md", corpus_catalog)
    assert (record.platform, record.shape, record.damage) == ("bedrock", "bedrock_single_list", [])
    expected = {  # MANIFEST.tsv: (legacy, eol, extended access) per region group
        "claude-sonnet-4-20250514": [(D(2026, 4, 14), D(2026, 10, 14), D(2026, 7, 14))],
        "claude-3-haiku-20240307": [(D(2026, 3, 10), D(2026, 9, 10), D(2026, 6, 10))] * 2,
        "claude-3-sonnet-20240229": [
            (D(2026, 1, 30), D(2026, 7, 30), None),
            (D(2026, 1, 30), D(2026, 7, 30), D(2026, 4, 30)),
        ],
        "claude-3-5-sonnet-20240620": [
            (D(2026, 1, 30), D(2026, 7, 30), D(2026, 4, 30)),
            (D(2025, 8, 25), D(2026, 6, 1), D(2025, 12, 1)),
            (D(2026, 1, 30), D(2026, 7, 30), D(2026, 4, 30)),
        ],
        "claude-3-5-sonnet-20241022": [(D(2026, 1, 30), D(2026, 7, 30), D(2026, 4, 30))],
        "claude-3-7-sonnet-20250219": [(D(2026, 1, 30), D(2026, 7, 30), D(2026, 4, 30))],
        "claude-3-5-haiku-20241022": [(D(2025, 12, 19), D(2026, 6, 19), D(2026, 3, 19))],
        "claude-opus-4-20250514": [(D(2025, 10, 1), D(2026, 5, 31), D(2026, 3, 1))],
    }
    got = {
        m.model_id: [(g["legacy"], g["eol"], g["extended_access"]) for g in _dates(m)]
        for m in record.models
    }
    assert got == expected
    assert {m.state_label for m in record.models} == {"Legacy"}
    assert {m.state for m in record.models} == {"legacy"}
    v2 = _model(record, "anthropic.claude-3-5-sonnet-20241022-v2:0")
    assert v2.groups[0].regions == [
        "ap-northeast-1",
        "ap-northeast-3",
        "ap-south-2",
        "ap-southeast-2",
    ]
    sonnet = _model(record, "anthropic.claude-3-5-sonnet-20240620-v1:0")
    assert [g.regions for g in sonnet.groups] == [
        ["ap-northeast-1", "ap-southeast-2"],
        ["eu-central-2"],
        ["us-gov-east-1", "us-gov-west-1"],
    ]
    assert _model(record, "anthropic.claude-3-7-sonnet-20250219-v1:0").groups[0].regions == [
        "us-gov-east-1",
        "us-gov-west-1",
    ]
    assert record.warnings == []


def test_bedrock_legacy_page_capture(corpus_catalog: frozenset[str]) -> None:
    record = _capture("bedrock__2026-10-08__store71007466439.md", corpus_catalog)
    assert (record.shape, record.damage, record.warnings) == ("bedrock_legacy_tables", [], [])
    scheduled = "Models with a scheduled EOL date"
    got = {
        (m.model_id, m.section, m.state, m.state_label): [
            (g["legacy"], g["eol"], g["extended_access"]) for g in _dates(m)
        ]
        for m in record.models
    }
    assert got == {
        ("claude-sonnet-4-5-20250929", scheduled, "legacy", "Legacy"): [
            (D(2026, 10, 8), D(2027, 4, 8), D(2027, 1, 8))
        ],
        ("claude-opus-4-1-20250805", scheduled, "legacy", "Legacy"): [
            (D(2026, 7, 8), D(2027, 1, 8), D(2026, 10, 8))
        ],
        ("claude-sonnet-4-20250514", scheduled, "legacy", "Legacy"): [
            (D(2026, 4, 14), D(2026, 10, 14), D(2026, 7, 14))
        ],
        ("claude-3-haiku-20240307", "Models that have reached EOL", "retired", "EOL"): [
            (D(2026, 3, 10), D(2026, 9, 10), D(2026, 6, 10))
        ]
        * 2,
    }
    opus = _model(record, "anthropic.claude-opus-4-1-20250805-v1:0")
    assert opus.groups[0].regions == ["us-east-1", "us-east-2", "us-west-2"]
    assert len(_model(record, "anthropic.claude-sonnet-4-5-20250929-v1:0").groups[0].regions) == 31


def test_foundry_capture(corpus_catalog: frozenset[str]) -> None:
    record = _capture("foundry__2026-07-07__azure-ai-docs-00bb554.md", corpus_catalog)
    assert (record.platform, record.shape, record.damage) == ("foundry", "foundry_schedule", [])
    got = {
        m.platform_id: (m.model_id, m.state_label, m.version, _dates(m), m.replacement)
        for m in record.models
    }

    def row(model_id: str, day: date, replacement: str | None = None) -> object:
        return (model_id, "Preview", "", [{"retirement": day}], replacement)

    assert got == {
        "claude-haiku-4-5": row("claude-haiku-4-5-20251001", D(2026, 10, 19)),
        "claude-mythos-preview": row("claude-mythos-preview", D(2027, 4, 2)),
        "claude-opus-4-1": row("claude-opus-4-1-20250805", D(2026, 8, 5), "claude-opus-4-8"),
        "claude-opus-4-5": row("claude-opus-4-5-20251101", D(2026, 10, 19)),
        "claude-opus-4-6": row("claude-opus-4-6", D(2027, 2, 2)),
        "claude-opus-4-7": row("claude-opus-4-7", D(2027, 4, 6)),
        "claude-sonnet-4-5": row("claude-sonnet-4-5-20250929", D(2026, 10, 19)),
        "claude-sonnet-4-6": row("claude-sonnet-4-6", D(2027, 2, 10)),
    }
    assert (
        _model(record, "claude-mythos-preview").name
        == "claude-mythos-preview (gated research preview)"
    )
    # Foundry's Preview is a launch stage with a retirement date: no state of ours means that.
    assert {m.state for m in record.models} == {None}


def test_vertex_deprecations_capture(corpus_catalog: frozenset[str]) -> None:
    record = _capture("vertex__2026-02-23__store70388160030.md", corpus_catalog)
    assert (record.platform, record.shape, record.warnings) == ("vertex", "vertex_deprecations", [])
    got = {
        m.platform_id: (m.model_id, m.state, _dates(m)[0]["deprecated"], _dates(m)[0]["shutdown"])
        for m in record.models
    }
    assert got == {
        "claude-3-haiku": ("claude-3-haiku-20240307", "deprecated", D(2026, 2, 23), D(2026, 8, 23)),
        "claude-3-5-haiku": (
            "claude-3-5-haiku-20241022",
            "deprecated",
            D(2026, 1, 5),
            D(2026, 7, 5),
        ),
        "claude-3-7-sonnet": (
            "claude-3-7-sonnet-20250219",
            "deprecated",
            D(2025, 11, 11),
            D(2026, 5, 11),
        ),
        "claude-3-5-sonnet-v2": (
            "claude-3-5-sonnet-20241022",
            "deprecated",
            D(2025, 8, 20),
            D(2026, 2, 19),
        ),
        "claude-3-5-sonnet": (
            "claude-3-5-sonnet-20240620",
            "deprecated",
            D(2025, 8, 20),
            D(2026, 2, 19),
        ),
        "claude-3-opus": ("claude-3-opus-20240229", "deprecated", D(2025, 6, 30), D(2025, 8, 1)),
    }
    assert _model(record, "claude-3-opus").groups[0].regions == ["us-east5"]


def test_vertex_model_card_capture(corpus_catalog: frozenset[str]) -> None:
    record = _capture("vertex__2025-09-29__store55228212647.md", corpus_catalog)
    assert (record.platform, record.shape, record.warnings) == ("vertex", "vertex_model_card", [])
    (model,) = record.models
    assert (model.platform_id, model.model_id, model.state, model.state_label) == (
        "claude-sonnet-4-5",
        "claude-sonnet-4-5-20250929",
        "active",
        "GA",
    )
    assert _dates(model) == [
        {"retirement_not_sooner_than": D(2026, 9, 29), "release": D(2025, 9, 29)}
    ]
    assert model.end() == ("retirement_not_sooner_than", D(2026, 9, 29))


@pytest.mark.parametrize(
    ("name", "platform"),
    [
        ("bedrock__2026-05-26__store56836919851.md", "bedrock"),
        ("bedrock__2026-10-08__store71007466439.md", "bedrock"),
        ("foundry__2026-07-07__azure-ai-docs-00bb554.md", "foundry"),
        ("vertex__2026-02-23__store70388160030.md", "vertex"),
        ("vertex__2025-09-29__store55228212647.md", "vertex"),
    ],
)
def test_platform_told_from_the_capture(name: str, platform: str) -> None:
    path = PARTNERS / name
    if not path.exists():
        pytest.skip(CORPUS_MISSING)
    assert detect_platform(path.read_text(encoding="utf-8")) == platform


# --- ids ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "written", "expected"),
    [
        ("bedrock", "anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet-20250219"),
        ("bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet-20241022"),
        ("vertex", "claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet-20241022"),
        ("vertex", "claude-3-5-sonnet", "claude-3-5-sonnet-20240620"),
        ("vertex", "claude-3-5-sonnet-v2", "claude-3-5-sonnet-20241022"),
        ("vertex", "claude-3-5-sonnet-v3", None),
        ("foundry", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
        ("foundry", "claude-opus-4-6", "claude-opus-4-6"),
        ("foundry", "claude-nonesuch-9", None),
    ],
)
def test_platform_ids_map_to_anthropic_ids(
    platform: str, written: str, expected: str | None
) -> None:
    assert anthropic_id(platform, written, CATALOG) == expected  # type: ignore[arg-type]


def test_an_alias_resolves_against_the_catalog_it_is_given_each_time() -> None:
    # Resolvers are kept per catalog: a newer catalog's snapshot wins, and the older catalog
    # still gives its own answer afterwards.
    older = frozenset({"claude-sonnet-4-5-20250929", "claude-opus-4-6"})
    newer = older | {"claude-sonnet-4-5-20260301"}
    assert anthropic_id("foundry", "claude-sonnet-4-5", older) == "claude-sonnet-4-5-20250929"
    assert anthropic_id("foundry", "claude-sonnet-4-5", newer) == "claude-sonnet-4-5-20260301"
    assert anthropic_id("foundry", "claude-sonnet-4-5", older) == "claude-sonnet-4-5-20250929"
    assert anthropic_id("foundry", "claude-sonnet-4-5", list(newer)) == "claude-sonnet-4-5-20260301"


def test_undated_alias_without_catalog_is_unmapped_with_a_warning() -> None:
    text = foundry_schedule([("claude-sonnet-4-5", "—", "GA", "2027-01-01", "—")])
    record = read_partner_text(text, url="f.md", platform="foundry")
    assert record.models[0].model_id is None
    assert "no catalog" in record.warnings[0].message
    dated = bedrock_single_list(
        [
            BedrockEntry(
                "Anthropic",
                "X",
                "anthropic.claude-x-9-20990101-v1:0",
                (("us-east-1", "May 1, 2026", "June 1, 2027", "—"),),
            )
        ]
    )
    assert read_partner_text(dated, url="b.md").models[0].model_id == "claude-x-9-20990101"


def test_unmappable_id_is_a_finding() -> None:
    text = foundry_schedule([("claude-nonesuch-9", "—", "Preview", "2027-01-01", "—")])
    record = read_partner_text(text, url="f.md", catalog=CATALOG)
    assert record.models[0].model_id is None
    assert [(w.where, "cannot be mapped" in w.message) for w in record.warnings] == [
        ("claude-nonesuch-9", True)
    ]


# --- each shape on our own pages ---------------------------------------------------------------

OPUS = BedrockEntry(
    "Anthropic",
    "Claude Opus 4.1",
    "anthropic.claude-opus-4-1-20250805-v1:0",
    (("us-east-1, us-west-2", "July 8, 2026", "January 8, 2027", "October 8, 2026"),),
)
HAIKU = BedrockEntry(
    "Anthropic",
    "Claude 3 Haiku",
    "anthropic.claude-3-haiku-20240307-v1:0",
    (
        ("eu-west-1", "March 10, 2026", "September 10, 2026", "—"),
        ("us-gov-east-1", "March 11, 2026", "September 11, 2026", "June 11, 2026"),
    ),
)
OTHER = BedrockEntry(
    "Contoso", "Widget", "contoso.widget-v1:0", (("us-east-1", "May 1, 2026", "June 1, 2026", "—"),)
)


def test_bedrock_single_list_fixture() -> None:
    record = read_partner_text(
        bedrock_single_list([OTHER, OPUS, HAIKU]), url="b.md", catalog=CATALOG
    )
    assert record.shape == "bedrock_single_list"
    assert [m.model_id for m in record.models] == [
        "claude-3-haiku-20240307",
        "claude-opus-4-1-20250805",
    ]
    haiku = record.models[0]
    assert [g.regions for g in haiku.groups] == [["eu-west-1"], ["us-gov-east-1"]]
    assert _dates(haiku) == [
        {"legacy": D(2026, 3, 10), "eol": D(2026, 9, 10), "extended_access": None},
        {"legacy": D(2026, 3, 11), "eol": D(2026, 9, 11), "extended_access": D(2026, 6, 11)},
    ]
    assert haiku.groups[0].dates[2].label == "—" and haiku.not_understood == []
    assert haiku.end() == ("eol", D(2026, 9, 11))


def test_bedrock_legacy_fixture_table_and_reached_list() -> None:
    record = read_partner_text(bedrock_legacy_page([OPUS, OTHER, HAIKU], [HAIKU]), url="b.md")
    assert record.shape == "bedrock_legacy_tables"
    by_section = {(m.platform_id, m.section): (m.state, len(m.groups)) for m in record.models}
    assert by_section == {
        (OPUS.model_id, "Models with a scheduled EOL date"): ("legacy", 1),
        (HAIKU.model_id, "Models with a scheduled EOL date"): ("legacy", 2),
        (HAIKU.model_id, "Models that have reached EOL"): ("retired", 2),
    }


def test_bedrock_unreadable_date_is_kept_and_flagged() -> None:
    odd = BedrockEntry(
        "Anthropic",
        "Claude 3 Haiku",
        HAIKU.model_id,
        (("us-east-1", "March 10, 2026", "late next year", "—"),),
    )
    record = read_partner_text(bedrock_single_list([odd]), url="b.md")
    (model,) = record.models
    assert model.not_understood == ["eol"]
    assert model.groups[0].dates[1].label == "late next year"
    assert any("late next year" in w.message for w in record.warnings)


def test_vertex_fixture_sentences() -> None:
    page = vertex_deprecations(
        [
            VertexSection(
                "Claude 3 Haiku on Google Cloud",
                "claude-3-haiku",
                "June 1, 2026",
                "December 1, 2026",
                regions=("us-east5", "europe-west1"),
            ),
            VertexSection("Jamba Test", "jamba-test", "June 1, 2026", "December 1, 2026"),
            VertexSection(
                "Claude 3.5 Sonnet v2 on Google Cloud",
                "claude-3-5-sonnet-v2",
                "May 2, 2026",
                "November 2, 2026",
                stage="GA",
            ),
        ]
    )
    record = read_partner_text(page, url="v.md", catalog=CATALOG)
    assert record.platform == "vertex" and record.shape == "vertex_deprecations"
    got = {
        m.model_id: (m.state, m.state_label, _dates(m)[0], m.groups[0].regions)
        for m in record.models
    }
    assert got == {
        "claude-3-haiku-20240307": (
            "deprecated",
            "deprecated",
            {"release": D(2024, 5, 1), "deprecated": D(2026, 6, 1), "shutdown": D(2026, 12, 1)},
            ["europe-west1", "us-east5"],
        ),
        "claude-3-5-sonnet-20241022": (
            "deprecated",
            "deprecated",
            {"release": D(2024, 5, 1), "deprecated": D(2026, 5, 2), "shutdown": D(2026, 11, 2)},
            ["us-east5"],
        ),
    }


def test_vertex_fixture_card() -> None:
    record = read_partner_text(
        vertex_card("claude-opus-4-1@20250805", "GA", "August 5, 2025", "August 5, 2026"),
        url="card.md",
        catalog=CATALOG,
    )
    (model,) = record.models
    assert (record.shape, model.model_id, model.state) == (
        "vertex_model_card",
        "claude-opus-4-1-20250805",
        "active",
    )
    assert model.end() == ("retirement_not_sooner_than", D(2026, 8, 5))
    assert model.groups[0].regions == ["europe-west1", "us-east5"]


def test_foundry_fixture_dash_means_no_date_and_replacement_maps() -> None:
    page = foundry_schedule(
        [
            ("claude-opus-4-1", "—", "Deprecated", "2026-08-05", "claude-opus-4-8"),
            ("claude-opus-4-6", "—", "GA", "—", "—"),
        ]
    )
    record = read_partner_text(page, url="f.md", catalog=CATALOG)
    opus41, opus46 = record.models
    assert (opus41.state, opus41.replacement, opus41.replacement_label) == (
        "deprecated",
        "claude-opus-4-8",
        "claude-opus-4-8",
    )
    assert (opus46.state, _dates(opus46), opus46.not_understood, opus46.end()) == (
        "active",
        [{"retirement": None}],
        [],
        None,
    )
    assert "contoso-1" not in {m.platform_id for m in record.models}


def test_foundry_html_and_markdown_give_the_same_models() -> None:
    md = foundry_schedule([("claude-opus-4-1", "—", "Deprecated", "2026-08-05", "claude-opus-4-8")])
    html = (
        "<html><body><main><h2>Foundry Models from partners and community</h2><h3>Anthropic</h3>"
        "<table><thead><tr><th>Model</th><th>Version</th><th>Lifecycle</th><th>Retirement date</th>"
        "<th>Replacement</th></tr></thead><tbody><tr><td>claude-opus-4-1</td><td>—</td>"
        "<td>Deprecated</td><td>2026-08-05</td><td>claude-opus-4-8</td></tr></tbody></table>"
        "<p>Microsoft Foundry</p></main></body></html>"
    )
    from_md = read_partner_text(md, url="f.md", catalog=CATALOG)
    from_html = read_partner_text(html, url="f.html", catalog=CATALOG, fmt="html")
    assert from_html.models == from_md.models


# --- hostile, empty, and pages that changed shape ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "<html><head><title>Not Found</title></head><body>Page not found</body></html>",
    ],
)
def test_empty_or_missing_page_is_an_error(text: str) -> None:
    with pytest.raises(PartnerPageError):
        read_partner_text(text, url="x", platform="bedrock")


def test_no_platform_named_is_an_error_that_says_what_to_do() -> None:
    with pytest.raises(PartnerPageError, match="--platform"):
        read_partner_text("# Some page\n\nNothing about any cloud.\n", url="x")


def test_page_split_in_two_is_not_understood_not_empty() -> None:
    # The lifecycle page became an index pointing at two other pages: no entries, no claim.
    page = (
        "# Model lifecycle\n\nAmazon Bedrock now keeps two pages: see Model lifecycle (Legacy) "
        "and Model lifecycle.\n"
    )
    record = read_partner_text(page, url="b.md", platform="bedrock")
    assert (record.shape, record.models, record.understood()) == ("unknown", [], False)
    assert "expected" in record.warnings[0].message


def test_table_replaced_by_a_policy_is_not_understood() -> None:
    page = (
        "## Foundry Models from partners and community\n\n### Anthropic\n\nFoundry Models from "
        "Anthropic retire twelve months after their release; Microsoft Foundry tells you ahead.\n"
    )
    record = read_partner_text(page, url="f.md", platform="foundry")
    assert (record.shape, record.models) == ("unknown", [])
    assert "no retirement schedule" in record.warnings[0].message


def test_table_moved_under_another_heading_is_still_read() -> None:
    page = foundry_schedule(
        [("claude-opus-4-6", "—", "GA", "2027-02-02", "—")], provider="Partners"
    )
    record = read_partner_text(page, url="f.md", catalog=CATALOG)
    assert [m.model_id for m in record.models] == ["claude-opus-4-6"]
    assert record.models[0].section.endswith("/ Partners")


def test_vertex_page_without_claude_sections_is_understood_as_empty() -> None:
    page = vertex_deprecations(
        [VertexSection("Jamba Test", "jamba-test", "June 1, 2026", "December 1, 2026")]
    )
    record = read_partner_text(page, url="v.md")
    assert (record.shape, record.models) == ("vertex_deprecations", [])


def test_cut_short_table_is_evidence_of_damage() -> None:
    page = bedrock_legacy_page([OPUS, HAIKU], []).replace("June 11, 2026 |\n", "Ju\n", 1)
    record = read_partner_text(page, url="b.md")
    assert record.damage and not record.understood()


def test_huge_regions_cell_and_noise_do_not_break_the_reader() -> None:
    regions = ", ".join(f"xx-region-{i}" for i in range(3000))
    big = BedrockEntry(
        "Anthropic",
        "Claude 3 Haiku",
        HAIKU.model_id,
        ((regions, "March 10, 2026", "September 10, 2026", "—"),),
    )
    record = read_partner_text(bedrock_single_list([big]) + "\x00\x1b[31m|||\n" * 50, url="b.md")
    assert len(record.models[0].groups[0].regions) == 3000


def test_record_json_is_deterministic() -> None:
    a = read_partner_text(bedrock_single_list([OPUS, HAIKU]), url="b.md")
    b = read_partner_text(bedrock_single_list([HAIKU, OPUS]), url="b.md")
    assert a.models == b.models
    assert PlatformRecord.model_validate_json(a.to_json()) == a.normalized()


def test_capture_files_exist_when_corpus_does(tmp_path: Path) -> None:
    if not PARTNERS.is_dir():
        pytest.skip(CORPUS_MISSING)
    assert len(list(PARTNERS.glob("*__*__*.md"))) >= 5


HTML_TWINS = {
    "bedrock single list": bedrock_single_list([OTHER, OPUS, HAIKU]),
    "bedrock legacy tables": bedrock_legacy_page([OPUS, OTHER, HAIKU], [HAIKU]),
    "google deprecations": vertex_deprecations(
        [
            VertexSection(
                "Claude 3 Haiku",
                "claude-3-haiku",
                "June 1, 2026",
                "December 1, 2026",
                regions=("us-east5", "europe-west1"),
            ),
            VertexSection("Jamba Test", "jamba-test", "June 1, 2026", "December 1, 2026"),
            VertexSection(
                "Claude 3.5 Sonnet v2",
                "claude-3-5-sonnet-v2",
                "May 2, 2026",
                "November 2, 2026",
                stage="GA",
            ),
        ]
    ),
    "google model card": vertex_card(
        "claude-opus-4-1@20250805", "GA", "August 5, 2025", "August 5, 2026"
    ),
}


@pytest.mark.parametrize("name", sorted(HTML_TWINS))
def test_bedrock_and_google_html_give_the_same_records_as_markdown(name: str) -> None:
    markdown = HTML_TWINS[name]
    html = as_html(markdown)
    assert "<table" in html or "<li>" in html  # really the rendered page, not the Markdown
    from_md = read_partner_text(markdown, url="page", catalog=CATALOG)
    from_html = read_partner_text(html, url="page", catalog=CATALOG, fmt="html")
    assert from_md.models  # a fixture that reads as nothing would prove nothing
    assert (from_html.platform, from_html.shape, from_html.damage) == (
        from_md.platform,
        from_md.shape,
        from_md.damage,
    )
    assert from_html.models == from_md.models
    assert [w.message for w in from_html.warnings] == [w.message for w in from_md.warnings]
