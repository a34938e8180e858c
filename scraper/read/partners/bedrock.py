"""Amazon Bedrock's model lifecycle pages.

Two shapes so far: until mid-2026 one page with one list of models "in the Legacy state or
pending EOL"; since September 2026 a "Model lifecycle (Legacy)" page with a table of models with
a scheduled EOL date and a list of models that reached EOL. Each entry carries Regions, Legacy
date, EOL date and Public extended access start date, once per group of regions with its own
dates. Entries are found by their fields, not their position, so a table moved or turned into a
list is still read.
"""

from __future__ import annotations

import re

from scraper.read.document import Document, Heading, ListItem, Paragraph, Table
from scraper.read.partners.common import Reading, read_date
from scraper.read.partners.platforms import DATE_LABELS
from scraper.read.partners.records import PlatformDate, RegionGroup

# Words that open a part of the page → (the state its entries are in, in Bedrock's own word;
# the part's name in records).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("models that have reached eol", "EOL", "Models that have reached EOL"),
    ("models with a scheduled eol date", "Legacy", "Models with a scheduled EOL date"),
    (
        "currently in the legacy state or are pending end-of-life",
        "Legacy",
        "Legacy or pending EOL",
    ),
)
_FIELD = re.compile(
    r"(Model name|Model ID|Regions|Legacy date|EOL date|Public extended access start date)\s*:",
    re.IGNORECASE,
)
_SEPARATORS = " -/\u2022"
EXPECTED = (
    "a table or list with Model ID, Regions, Legacy date and EOL date "
    "(Bedrock's model lifecycle page)"
)


def read_bedrock(doc: Document, reading: Reading) -> None:
    state_label = ""
    section = ""
    found_table = found_list = False
    entries: dict[tuple[str, str], tuple[str, str, list[RegionGroup]]] = {}
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            opened = _section_of(block.text)
            if opened:
                state_label, section = opened
            continue
        if isinstance(block, Table) and _is_lifecycle_table(block):
            found_table = True
            if block.unclosed:
                reading.damage.append(
                    f"{section or 'table'}: rows cut short {list(block.unclosed)}"
                )
            for name, model_id, group in _table_rows(block):
                _collect(entries, (model_id, section), state_label, name, group)
        elif isinstance(block, ListItem) and "model id" in block.text.lower():
            found_list = True
            entry = _list_entry(block.text, reading)
            if entry is not None:
                name, model_id, groups = entry
                for group in groups:
                    _collect(entries, (model_id, section), state_label, name, group)
    for (model_id, where), (label, name, groups) in entries.items():
        reading.add(
            platform_id=model_id,
            name=name,
            section=where,
            state_label=label or "Legacy",
            groups=groups,
        )
    if found_table:
        reading.shape = "bedrock_legacy_tables"
    elif found_list:
        reading.shape = "bedrock_single_list"
    else:
        reading.warn("page", f"no lifecycle entries found (expected {EXPECTED})")


def _section_of(text: str) -> tuple[str, str] | None:
    lowered = text.lower()
    return next(((state, name) for words, state, name in SECTIONS if words in lowered), None)


def _is_lifecycle_table(table: Table) -> bool:
    header = {cell.strip().lower() for cell in table.header}
    return {"model id", "eol date"} <= header


def _is_anthropic(provider: str, model_id: str) -> bool:
    return provider.strip().lower() == "anthropic" or "anthropic." in model_id.lower()


def _table_rows(table: Table) -> list[tuple[str, str, RegionGroup]]:
    header = [cell.strip().lower() for cell in table.header]
    rows = []
    for cells in table.rows:
        row = dict(zip(header, cells, strict=False))
        model_id = row.get("model id", "").strip()
        if not _is_anthropic(row.get("model provider", ""), model_id):
            continue
        dates = [read_date(kind, row[label]) for label, kind in DATE_LABELS.items() if label in row]
        rows.append(
            (
                row.get("model name", ""),
                model_id,
                RegionGroup(regions=_regions(row.get("regions", "")), dates=dates),
            )
        )
    return rows


def _list_entry(text: str, reading: Reading) -> tuple[str, str, list[RegionGroup]] | None:
    """`Anthropic - Model name: … - Model ID: … - Regions: … / Legacy date: … - Regions: …`."""
    marks = list(_FIELD.finditer(text))
    provider = text[: marks[0].start()].strip(_SEPARATORS) if marks else ""
    fields = [
        (
            mark.group(1).lower(),
            text[mark.end() : nxt.start() if nxt else len(text)].strip(_SEPARATORS),
        )
        for mark, nxt in zip(marks, [*marks[1:], None], strict=True)
    ]
    model_id = next((value for label, value in fields if label == "model id"), "")
    if not _is_anthropic(provider, model_id):
        return None
    name = next((value for label, value in fields if label == "model name"), "")
    groups: list[RegionGroup] = []
    regions: list[str] | None = None
    dates: list[PlatformDate] = []
    for label, value in fields:
        if label == "regions":
            if regions is not None:
                groups.append(RegionGroup(regions=regions, dates=dates))
            regions, dates = _regions(value), []
        elif label in DATE_LABELS:
            dates.append(read_date(DATE_LABELS[label], value))
    if regions is not None or dates:
        groups.append(RegionGroup(regions=regions or [], dates=dates))
    if not any(d.kind == "eol" for group in groups for d in group.dates):
        reading.warn(model_id or name, "entry without an EOL date: the list may be cut short")
    return name, model_id, groups


def _regions(cell: str) -> list[str]:
    return [region.strip() for region in cell.split(",") if region.strip()]


def _collect(
    entries: dict[tuple[str, str], tuple[str, str, list[RegionGroup]]],
    key: tuple[str, str],
    state_label: str,
    name: str,
    group: RegionGroup,
) -> None:
    """Rows of one model in one part of the page are its region groups."""
    if key not in entries:
        entries[key] = (state_label, name, [])
    entries[key][2].append(group)
