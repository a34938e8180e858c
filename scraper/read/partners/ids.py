"""A platform's model id → the Anthropic model id it stands for.

Bedrock's ids carry the snapshot date (`anthropic.claude-3-7-sonnet-20250219-v1:0`), so they map
on their own. Google Cloud and Foundry often print an alias without the date (`claude-3-haiku`,
`claude-sonnet-4-5`, `claude-3-5-sonnet-v2`); those are resolved against the catalog of ids
Anthropic's own page lists. Google Cloud numbers a family's snapshots: the bare name is the first,
`-v2` the second (`claude-3-5-sonnet` is 20240620, `claude-3-5-sonnet-v2` is 20241022), whereas
an alias elsewhere means the newest snapshot, as Anthropic's API aliases do.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from scraper.read.model_ids import IdResolver, dated_base, normalize
from scraper.read.partners.records import PlatformName
from scraper.read.records import PageRecord

_VERTEX_REVISION = re.compile(r"-v(\d+)\Z")
_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]*")


def catalog_of(record: PageRecord) -> frozenset[str]:
    """Every model id Anthropic's page names: status table, history and notes."""
    ids = {m.model_id for m in record.models}
    ids.update(e.model_id for d in record.deprecations for e in d.entries)
    ids.update(n.model_id for n in record.note_models)
    return frozenset(ids)


def id_token(cell: str) -> str:
    """The id in a cell that may say more (`claude-mythos-preview (gated research preview)`)."""
    found = _ID_TOKEN.search(cell.replace("`", ""))
    return found.group(0) if found else cell.strip()


def anthropic_id(
    platform: PlatformName, platform_id: str, catalog: Iterable[str] | None
) -> str | None:
    """The Anthropic id `platform_id` stands for; None when neither its form nor the catalog
    tells (an unknown alias, or an undated alias read without a catalog)."""
    written = platform_id.strip().lower()
    if platform == "vertex" and "@" not in written:
        numbered = _vertex_snapshot(written, catalog)
        if numbered is not None or _VERTEX_REVISION.search(written):
            return numbered  # `-v3` of a family with two snapshots names none of them
    canonical = normalize(written).canonical
    known = frozenset(catalog or ())
    if dated_base(canonical) is not None:
        return canonical
    if not known:
        return None
    return _resolver(known).resolve(canonical)


@functools.lru_cache(maxsize=8)
def _resolver(catalog: frozenset[str]) -> IdResolver:
    """One resolver per catalog: a page's models share it (building one is ~0.15 ms)."""
    return IdResolver(catalog)


def _vertex_snapshot(written: str, catalog: Iterable[str] | None) -> str | None:
    """Google Cloud's numbered name: the bare name is the family's first dated snapshot."""
    revision = _VERTEX_REVISION.search(written)
    base = written[: revision.start()] if revision else written
    number = int(revision.group(1)) if revision else 1
    snapshots = sorted(
        model_id for model_id in (catalog or ()) if (dated_base(model_id) or ("",))[0] == base
    )
    return snapshots[number - 1] if 0 < number <= len(snapshots) else None
