"""Small pages in the shapes of the partner platforms' lifecycle pages.

The wording is our own; only the shape follows the real pages (see ../shared/corpus/partners):
Bedrock's single list and its Legacy page (a table of scheduled EOL dates and a list of models
that reached EOL), Google Cloud's deprecations sentences and model cards, Foundry's schedule
tables. Model ids and dates are whatever a test passes in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

BEDROCK_INTRO = (
    "# Model lifecycle\n\nOn Amazon Bedrock a model is Active, Legacy or EOL. "
    "Public extended access start date is when prices rise.\n\n"
)


@dataclass(frozen=True)
class BedrockEntry:
    provider: str
    name: str
    model_id: str
    # (regions, legacy, eol, extended access) per region group
    groups: Sequence[tuple[str, str, str, str]] = field(default_factory=tuple)


def bedrock_list_item(entry: BedrockEntry) -> str:
    lines = [f"- **{entry.provider}**", f"  - **Model name:** {entry.name}"]
    lines.append(f"  - **Model ID:** {entry.model_id}")
    if len(entry.groups) == 1:
        regions, legacy, eol, extended = entry.groups[0]
        lines += [
            f"  - **Regions:** {regions}",
            f"  - **Legacy date:** {legacy}",
            f"  - **EOL date:** {eol}",
            f"  - **Public extended access start date:** {extended}",
        ]
    else:
        lines += [
            f"  - **Regions:** {regions} / **Legacy date:** {legacy} / **EOL date:** {eol} / "
            f"**Public extended access start date:** {extended}"
            for regions, legacy, eol, extended in entry.groups
        ]
    return "\n".join(lines) + "\n"


def bedrock_single_list(entries: Sequence[BedrockEntry]) -> str:
    items = "\n".join(bedrock_list_item(e) for e in entries)
    return (
        BEDROCK_INTRO + "The list below holds models currently in the Legacy state or are pending "
        "end-of-life (EOL) here.\n\n" + items
    )


def bedrock_legacy_page(scheduled: Sequence[BedrockEntry], reached: Sequence[BedrockEntry]) -> str:
    header = (
        "| Model provider | Model name | Model ID | Regions | Legacy date | EOL date | "
        "Public extended access start date |\n| --- | --- | --- | --- | --- | --- | --- |\n"
    )
    rows = "".join(
        f"| {e.provider} | {e.name} | {e.model_id} | {g[0]} | {g[1]} | {g[2]} | {g[3]} |\n"
        for e in scheduled
        for g in e.groups
    )
    items = "\n".join(bedrock_list_item(e) for e in reached)
    return (
        BEDROCK_INTRO
        + "**Models with a scheduled EOL date**\n\nSome words.\n\n"
        + header
        + rows
        + "\n**Models that have reached EOL**\n\nOther words.\n\n"
        + items
    )


@dataclass(frozen=True)
class VertexSection:
    title: str
    model_id: str
    deprecated: str
    shutdown: str
    stage: str = "deprecated"
    release: str = "May 1, 2024"
    regions: Sequence[str] = ("us-east5",)


def vertex_deprecations(sections: Sequence[VertexSection]) -> str:
    parts = [
        "---\ntitle: Partner model deprecations\n---\n\n"
        "MaaS models on Google Cloud get old. This page lists them.\n"
    ]
    for s in sections:
        regions = "\n".join(f"<li><code>{r}</code></li>" for r in s.regions)
        parts.append(
            f"\n## {s.title}\n\n{s.title} is **deprecated as of {s.deprecated}** and will be "
            f"**shut down on {s.shutdown}** . Only old customers may call it.\n\n"
            "<table>\n<tbody>\n"
            f"<tr>\n<th>Model ID</th>\n<td><code>{s.model_id}</code></td>\n</tr>\n"
            f"<tr>\n<th>Launch stage</th>\n<td>{s.stage}</td>\n</tr>\n"
            f"<tr>\n<th>Versions</th>\n<td><ul>\n<li><code>{s.model_id}</code>\n<ul>\n"
            f"<li><strong>Release date:</strong> {s.release}</li>\n</ul></li>\n</ul></td>\n</tr>\n"
            "<tr>\n<th><p>Model availability</p></th>\n"
            f"<td>Somewhere\n<ul>\n{regions}\n</ul></td>\n"
            "</tr>\n<tr>\n<th><p>ML processing</p></th>\n<td>Elsewhere</td>\n</tr>\n"
            "</tbody>\n</table>\n"
        )
    return "".join(parts)


def vertex_card(model_id: str, stage: str, release: str, not_before: str) -> str:
    return (
        "---\ntitle: Claude Test 9\nuri: https://docs.cloud.google.com/x\n---\n\n"
        "A model in the Model Garden.\n\nModel ID\n\n"
        f"`{model_id}`\n\nLaunch stage\n\n{stage}\n\nVersions\n\n`{model_id}`\n\n"
        f"  - **Launch stage:** {stage}\n  - **Release date:** {release}\n"
        f"  - **Retirement date not sooner than:** {not_before}\n\n"
        "Supported regions\n\nModel availability\n\n  - `us-east5`\n  - `europe-west1`\n\n"
        "ML processing\n\n  - `Multi-region`\n"
    )


FOUNDRY_HEADER = (
    "| Model | Version | Lifecycle | Retirement date | Replacement |\n"
    "|-------|---------|-----------|-----------------|-------------|\n"
)


def foundry_schedule(
    rows: Sequence[tuple[str, str, str, str, str]], provider: str = "Anthropic"
) -> str:
    table = FOUNDRY_HEADER + "".join(f"| {' | '.join(row)} |\n" for row in rows)
    return (
        "This lists when Foundry Models retire.\n\n## Foundry Models sold by Azure\n\n"
        "### Contoso\n\n" + FOUNDRY_HEADER + "| contoso-1 | 1 | GA | 2026-01-01 | — |\n\n"
        "## Foundry Models from partners and community\n\n"
        f"### {provider}\n\n{table}\n## Related content\n\n- elsewhere\n"
    )


def as_html(markdown: str) -> str:
    """A fixture page as the platform's site would serve it: the Markdown rendered to HTML
    (its raw HTML tables kept), the front matter's title in `<head>` and as the `<h1>`."""
    from html import escape

    from markdown_it import MarkdownIt

    title = ""
    if markdown.startswith("---\n"):
        front, _, markdown = markdown[4:].partition("\n---\n")
        fields = dict(line.split(":", 1) for line in front.splitlines() if ":" in line)
        title = fields.get("title", "").strip()
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    heading = f"<h1>{escape(title)}</h1>\n" if title else ""
    return (
        f"<!DOCTYPE html>\n<html><head><title>{escape(title)}</title></head>\n"
        f"<body><nav><a href='/'>Docs</a></nav><main>{heading}{body}</main>"
        "<footer>Terms</footer></body></html>\n"
    )
