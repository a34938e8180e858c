"""Microsoft Foundry's model retirement schedule.

A table per model provider (Model | Version | Lifecycle | Retirement date | Replacement, `—`
where there is none) under a heading that names the provider. A row is Anthropic's when it is
under the "Anthropic" heading or its model is a `claude-` id, so a table moved under another
heading is still read. Columns are found by their header, not their position.
"""

from __future__ import annotations

from scraper.read.document import Document, Heading, Table
from scraper.read.partners.common import Reading, read_date
from scraper.read.partners.records import RegionGroup

EXPECTED = "tables with Model, Lifecycle and Retirement date columns (Foundry's schedule)"


def read_foundry(doc: Document, reading: Reading) -> None:
    headings: dict[int, str] = {}
    found_table = False
    for block in doc.blocks:
        if isinstance(block, Heading):
            headings = {level: text for level, text in headings.items() if level < block.level}
            headings[block.level] = block.text.strip()
            continue
        if not isinstance(block, Table):
            continue
        header = [cell.strip().lower() for cell in block.header]
        if not {"model", "retirement date"} <= set(header):
            continue
        found_table = True
        if block.unclosed:
            reading.damage.append(f"{_path(headings)}: rows cut short {list(block.unclosed)}")
        provider = headings[max(headings)] if headings else ""
        for cells in block.rows:
            row = dict(zip(header, cells, strict=False))
            model = row.get("model", "").strip()
            if provider.lower() != "anthropic" and not model.lower().startswith("claude"):
                continue
            reading.add(
                platform_id=model,
                name=model,
                version=row.get("version", ""),
                section=_path(headings),
                state_label=row.get("lifecycle", ""),
                groups=[
                    RegionGroup(regions=[], dates=[read_date("retirement", row["retirement date"])])
                ],
                replacement_label=row.get("replacement", ""),
            )
    if found_table:
        reading.shape = "foundry_schedule"
    else:
        reading.warn("page", f"no retirement schedule found (expected {EXPECTED})")


def _path(headings: dict[int, str]) -> str:
    return " / ".join(headings[level] for level in sorted(headings))
