"""Fetch and read the partner platforms' lifecycle pages, each platform its own source.

A platform may have several pages (Bedrock's Legacy and newer lifecycle pages; Google Cloud's
deprecations page and its model cards): each is fetched and read on its own and the readings are
joined into one (`scraper.read.partners.pages`), a page in trouble kept as last read. A platform
none of whose pages can be read becomes that platform's failed reading; the others (and the 12
languages) go on. Tests point `urls` at the loopback page server.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from scraper.read.partners.pages import NoPageRead, PageReading, join_pages
from scraper.read.partners.platforms import PLATFORMS
from scraper.read.partners.records import PlatformName
from scraper.track.platforms import PlatformReading

if TYPE_CHECKING:
    from scraper.fetch import FetchOptions


# In `--platform-url NAME=URL|URL`, what separates a platform's pages ('|' is never bare in a URL).
PAGE_SEPARATOR = "|"


def platform_urls(name: PlatformName, urls: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The pages fetched for a platform, in order: those given in `urls` (several joined by
    `|`), else the platform's own."""
    given = (urls or {}).get(name)
    if given:
        return tuple(url.strip() for url in given.split(PAGE_SEPARATOR) if url.strip())
    return PLATFORMS[name].urls


def fetch_platforms(
    platforms: Sequence[PlatformName],
    *,
    urls: Mapping[str, str] | None = None,
    options: FetchOptions | None = None,
    catalog: Iterable[str] | None = None,
) -> list[PlatformReading]:
    """Each platform's reading, in the order given: its pages fetched and read one by one and
    joined, or (none of them read) the platform's error. `catalog` resolves undated aliases."""
    from scraper.fetch import FetchOptions

    options = options or FetchOptions()
    known = frozenset(catalog) if catalog is not None else None
    readings = []
    for name in platforms:
        pages = [_read_page(name, url, options, known) for url in platform_urls(name, urls)]
        try:
            readings.append(PlatformReading(name, join_pages(name, pages)))
        except NoPageRead as error:
            readings.append(PlatformReading(name, error=str(error)))
    return readings


def _read_page(
    name: PlatformName, url: str, options: FetchOptions, catalog: frozenset[str] | None
) -> PageReading:
    from scraper.fetch import fetch_url
    from scraper.read.extract import PageError
    from scraper.read.partners import PartnerPageError, read_partner_text

    try:
        text, fmt, final = fetch_url(url, options)
        record = read_partner_text(text, url=final, platform=name, fmt=fmt, catalog=catalog)
        return PageReading(url, record)
    except (OSError, PartnerPageError, PageError) as error:  # FetchError is an OSError
        return PageReading(url, error=str(error))
    except Exception as error:  # one page's surprise never stops the others
        cause = f"{url}: unexpected error while reading: {type(error).__name__}: {error}"
        return PageReading(url, error=cause)
