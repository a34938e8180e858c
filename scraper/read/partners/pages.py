"""One platform's reading from several pages (Bedrock's Legacy and newer lifecycle pages,
Google Cloud's deprecations page and its model cards), joined into one `PlatformRecord`.

A page that fails, is damaged or is not understood is named in `missing_pages` with a warning
saying why; its models are not dropped here but carried from the last snapshot when tracked
(`scraper.track.platforms.carry_missing_pages`), so another page's trouble never makes them
look removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scraper.read.partners.records import PlatformName, PlatformRecord
from scraper.read.records import ParseWarning


@dataclass(frozen=True)
class PageReading:
    """One page of a platform: what was read from it, or why nothing was."""

    url: str
    record: PlatformRecord | None = None
    error: str | None = None

    def trouble(self) -> str | None:
        """Why this page's models cannot be taken as they are today; None when they can."""
        if self.record is None:
            return self.error or "nothing was read"
        if self.record.damage:
            return "damaged: " + "; ".join(self.record.damage)
        if not self.record.understood():
            said = "; ".join(w.message for w in self.record.warnings[:2])
            return "not understood" + (f": {said}" if said else "")
        return None


class NoPageRead(ValueError):
    """None of a platform's pages could be read: the platform's reading failed."""


def join_pages(platform: PlatformName, pages: Sequence[PageReading]) -> PlatformRecord:
    """The platform's one record from its pages, in the platform's order.

    One page gives its record as it is (its failure is the platform's). Of several, the models
    of every understood page, each marked with its page; the first understood page gives the
    source, title and shape. When none is understood, the first page read stands for them all
    (not understood or damaged: the platform is then judged as one page would be).
    """
    if len(pages) == 1:
        only = pages[0]
        if only.record is None:
            raise NoPageRead(only.error or f"{only.url}: nothing was read")
        return only.record
    read = [page for page in pages if page.record is not None]
    if not read:
        raise NoPageRead("; ".join(page.error or f"{page.url}: nothing was read" for page in pages))
    good = [page for page in pages if page.trouble() is None]
    missing = [page for page in pages if page.trouble() is not None]
    said = [
        ParseWarning(
            where=page.url,
            message=f"{page.url} not read ({page.trouble()}); its models are kept as last read",
        )
        for page in missing
    ]
    if not good:
        first = read[0].record
        assert first is not None
        others = [w for page, w in zip(missing, said, strict=True) if page is not read[0]]
        return first.model_copy(update={"warnings": [*first.warnings, *others]})
    main = good[0].record
    assert main is not None
    models = [
        model.model_copy(update={"page": page.url})
        for page in good
        if page.record is not None
        for model in page.record.models
    ]
    warnings = [w for page in good if page.record is not None for w in page.record.warnings]
    return main.model_copy(
        update={
            "platform": platform,
            "models": models,
            "warnings": warnings + said,
            "missing_pages": sorted(page.url for page in missing),
        }
    ).normalized()
