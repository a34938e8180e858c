"""Readers for the partner platforms' lifecycle pages: Amazon Bedrock, Google Cloud, Microsoft
Foundry. `read_partner_text` turns one page body into a `PlatformRecord` of Anthropic's models.

The page goes through the same Markdown/HTML readers as Anthropic's page (`read_document`), so
either form of a page gives the same record; each platform's reader then finds its entries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from scraper.read.document import Document
from scraper.read.parse import (
    decode,
    file_format,
    is_soft_404,
    read_document,
    read_page_bytes,
    sniff_format,
)
from scraper.read.partners.bedrock import read_bedrock
from scraper.read.partners.common import Reading
from scraper.read.partners.foundry import read_foundry
from scraper.read.partners.platforms import (
    PLATFORMS,
    detect_platform,
    platform_of_name,
    platform_of_url,
)
from scraper.read.partners.records import PlatformName, PlatformRecord
from scraper.read.partners.vertex import read_vertex
from scraper.read.records import Source, SourceFormat

__all__ = [
    "PartnerPageError",
    "PlatformRecord",
    "detect_platform",
    "partner_platform",
    "read_partner_file",
    "read_partner_text",
]

READERS: dict[PlatformName, Callable[[Document, Reading], None]] = {
    "bedrock": read_bedrock,
    "vertex": read_vertex,
    "foundry": read_foundry,
}


class PartnerPageError(ValueError):
    """The body is not a partner lifecycle page the tool can read at all (empty, a 404 page,
    no platform named): nothing is recorded from it."""


def read_partner_text(
    text: str,
    *,
    url: str,
    platform: PlatformName | None = None,
    fmt: SourceFormat | None = None,
    catalog: Iterable[str] | None = None,
    sha256: str | None = None,
) -> PlatformRecord:
    """Read a partner page. The platform is `platform`, else told from the page's words.

    `catalog` is the set of model ids Anthropic's page names; undated aliases (`claude-sonnet-4-5`)
    are resolved against it, and without it they stay unmapped, with a warning each.
    """
    if not text.strip():
        raise PartnerPageError(f"{url}: the body is empty")
    if is_soft_404(text):
        raise PartnerPageError(f"{url}: the server answered with a 'Not Found' page (soft 404)")
    name = platform or detect_platform(text)
    if name is None:
        raise PartnerPageError(
            f"{url}: no partner platform recognised (none of "
            f"{', '.join(p.title for p in PLATFORMS.values())} is named); "
            "give the platform (--platform bedrock|vertex|foundry)"
        )
    fmt = fmt or sniff_format(text)
    doc = read_document(text, fmt)
    reading = Reading(platform=name, catalog=frozenset(catalog) if catalog is not None else None)
    READERS[name](doc, reading)
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return PlatformRecord(
        platform=name,
        source=Source(url=url, format=fmt, sha256=digest),
        title=doc.title,
        shape=reading.shape,
        models=reading.models,
        warnings=reading.warnings,
        damage=reading.damage,
    ).normalized()


def partner_platform(
    text: str, *, name: str = "", url: str = "", platform: PlatformName | None = None
) -> PlatformName | None:
    """Which platform's page this is: as given, else by file name, URL, or the page's words;
    None for anything else (Anthropic's own page among them)."""
    return platform or platform_of_name(name) or platform_of_url(url) or detect_platform(text)


def read_partner_file(
    path: Path,
    platform: PlatformName | None = None,
    *,
    catalog: Iterable[str] | None = None,
    url: str | None = None,
) -> tuple[PlatformRecord, str]:
    """Read a saved partner page; the record and the text it was read from."""
    body = read_page_bytes(path)
    text = decode(body)
    name = partner_platform(text, name=path.name, platform=platform)
    record = read_partner_text(
        text,
        url=url or str(path),
        platform=name,
        fmt=file_format(path, text),
        catalog=catalog,
        sha256=hashlib.sha256(body).hexdigest(),
    )
    return record, text
