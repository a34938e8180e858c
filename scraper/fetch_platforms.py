"""Fetch and read the partner platforms' lifecycle pages, each its own source.

A platform that cannot be fetched or read becomes that platform's failed reading; the others
(and the 12 languages) go on. Tests point `urls` at the loopback page server.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from scraper.read.partners.platforms import PLATFORMS
from scraper.read.partners.records import PlatformName
from scraper.track.platforms import PlatformReading

if TYPE_CHECKING:
    from scraper.fetch import FetchOptions


def platform_url(name: PlatformName, urls: Mapping[str, str] | None = None) -> str:
    """The page fetched for a platform: the one given in `urls`, else the platform's own."""
    return (urls or {}).get(name) or PLATFORMS[name].urls[0]


def fetch_platforms(
    platforms: Sequence[PlatformName],
    *,
    urls: Mapping[str, str] | None = None,
    options: FetchOptions | None = None,
    catalog: Iterable[str] | None = None,
) -> list[PlatformReading]:
    from scraper.fetch import FetchOptions, fetch_url
    from scraper.read.extract import PageError
    from scraper.read.partners import PartnerPageError, read_partner_text

    known = frozenset(catalog) if catalog is not None else None
    readings = []
    for name in platforms:
        url = platform_url(name, urls)
        try:
            text, fmt, final = fetch_url(url, options or FetchOptions())
            record = read_partner_text(text, url=final, platform=name, fmt=fmt, catalog=known)
            readings.append(PlatformReading(name, record))
        except (OSError, PartnerPageError, PageError) as error:  # FetchError is an OSError
            readings.append(PlatformReading(name, error=str(error)))
        except Exception as error:  # one platform's surprise never stops the others
            cause = f"{url}: unexpected error while reading: {type(error).__name__}: {error}"
            readings.append(PlatformReading(name, error=cause))
    return readings
