"""Google Cloud's pages on partner models: the deprecations page and the model cards.

The deprecations page has a section per model whose first sentence says it "is deprecated as of
DATE and will be shut down on DATE", then a spec table (Model ID, Launch stage, Versions with
release dates, regions). A model card has the same spec fields, and under Versions a "Retirement
date not sooner than". Both are read from the section's text, so a spec table turned into a list
(the card) or the reverse reads the same.
"""

from __future__ import annotations

import re

from scraper.read.document import Block, Document, Heading, Table
from scraper.read.partners.common import Reading, read_date
from scraper.read.partners.platforms import DATE_LABELS
from scraper.read.partners.records import PlatformDate, RegionGroup

# A date as Google prints it, else the words up to the sentence's next clause (kept as written).
_DATE = r"([A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{4}-\d{2}-\d{2}|[^.\n]{1,60}?(?=\s+and\b|\s*\.|\s*$))"
# Phrase → the pattern that reads its date; the sentence's phrases and the spec fields alike.
_DATE_PATTERNS = {
    label: re.compile(rf"\b{re.escape(label)}\s*:?\s+{_DATE}", re.IGNORECASE)
    for label in (
        "deprecated as of",
        "shut down on",
        "retirement date not sooner than",
        "release date",
    )
}
# Tags side by side lose the space between label and value ("Model IDclaude-3-haiku").
_MODEL_ID = re.compile(r"\bModel ID\s*:?\s*`?(claude[\w.@-]*)", re.IGNORECASE)
_LAUNCH_STAGE = re.compile(r"\bLaunch stage\s*:?\s*(generally available|[\w-]+)", re.IGNORECASE)
_REGIONS = re.compile(r"Model availability(.*?)(?:ML processing|Quota limits|$)", re.DOTALL)
_REGION = re.compile(r"\b(?:[a-z]+-[a-z]+\d+|global)\b")
EXPECTED = (
    "a section per model with 'deprecated as of … shut down on …' or a model card with "
    "'Model ID' and 'Retirement date not sooner than' (Google Cloud's partner model pages)"
)


def read_vertex(doc: Document, reading: Reading) -> None:
    any_sentence = False
    sections = _sections(doc)
    for title, text in sections:
        found = _MODEL_ID.search(text)
        if not found:
            continue
        model_id = found.group(1).rstrip(".")
        versioned = re.search(rf"\b{re.escape(model_id)}@\d{{8}}\b", text)
        dates = [
            read_date(DATE_LABELS[label], match.group(1))
            for label, pattern in _DATE_PATTERNS.items()
            if (match := pattern.search(text))
        ]
        deprecated = any(d.kind == "deprecated" for d in dates)
        any_sentence = any_sentence or deprecated
        stage = _LAUNCH_STAGE.search(text)
        reading.add(
            platform_id=versioned.group(0) if versioned else model_id,
            name=title or doc.title or model_id,
            section=title or (doc.title or ""),
            state_label="deprecated" if deprecated else (stage.group(1) if stage else ""),
            groups=[RegionGroup(regions=_regions(text), dates=_sorted(dates))],
        )
    if reading.models:
        reading.shape = "vertex_deprecations" if any_sentence else "vertex_model_card"
    elif "claude" in " ".join(text for _, text in sections).lower():
        reading.warn(
            "page", f"Claude is named, but no model entry was recognised (expected {EXPECTED})"
        )
    else:
        reading.shape = "vertex_deprecations" if _lists_deprecations(sections) else "unknown"
        if reading.shape == "unknown":
            reading.warn("page", f"no model entries found (expected {EXPECTED})")


def _sections(doc: Document) -> list[tuple[str, str]]:
    """(heading, the text under it) per level-2 section; the text before the first heading too."""
    sections: list[tuple[str, list[Block]]] = [("", [])]
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            sections.append((block.text.strip(), []))
        else:
            sections[-1][1].append(block)
    return [(title, " ".join(_text(b) for b in blocks)) for title, blocks in sections]


def _text(block: Block) -> str:
    if isinstance(block, Table):
        return " ".join(" ".join(row) for row in (block.header, *block.rows))
    return block.text


def _lists_deprecations(sections: list[tuple[str, str]]) -> bool:
    """A deprecations page that lists no Claude model (all shut down and removed) is understood."""
    return any(_DATE_PATTERNS["shut down on"].search(text) for _, text in sections)


def _regions(text: str) -> list[str]:
    found = _REGIONS.search(text)
    return sorted(set(_REGION.findall(found.group(1)))) if found else []


def _sorted(dates: list[PlatformDate]) -> list[PlatformDate]:
    order = list(DATE_LABELS.values())
    return sorted(dates, key=lambda d: order.index(d.kind))
