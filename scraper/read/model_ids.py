"""Claude model ids as code writes them: find them in text, and name the model each one means.

Recognised spellings, all case-insensitive:
- ids as the page lists them, dated or not: `claude-3-opus-20240229`, `claude-opus-4-6`;
- aliases: `claude-sonnet-4-5`, `claude-3-5-sonnet-latest`, `claude-sonnet-4-0`, `claude-2`;
- Amazon Bedrock: `anthropic.claude-3-haiku-20240307-v1:0`, with an optional cross-region
  inference prefix (`us.anthropic.…`), and the old `anthropic.claude-v2:1`, `claude-instant-v1`;
- Google Vertex AI: `claude-3-haiku@20240307`, `claude-3-5-sonnet-v2@20241022`.

Everything here is pure: text in, matches out; a spelling in, a model id of the catalog out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Platform = Literal["anthropic", "bedrock", "vertex"]


# The id from `claude` on: dash-separated [a-z0-9] segments (dots only before digits: `claude-2.1`),
# then an optional Bedrock `:0` or Vertex `@20240307`. No two parts can match the same character,
# so a match is found in one pass, never with backtracking blow-up.
_CORE = re.compile(
    r"claude(?:-[a-z0-9]+(?:\.[0-9]+)*)*(?::[0-9]+)?(?:@(?:[0-9]{8}|latest))?", re.IGNORECASE
)
# A Bedrock prefix just before `claude`: `anthropic.`, or a regional profile `us.anthropic.`.
_BEDROCK_PREFIX = re.compile(r"(?:(?:us-gov|[a-z]{2,6})\.)?anthropic\.\Z", re.IGNORECASE)
_PREFIX_WINDOW = len("us-gov.anthropic.")
# Characters that, right before an id, mean it is the tail of a longer word or an anchor slug
# (`#2025-01-21-claude-2-…`, `my_claude-3`, `x.claude-3`); `/`, `=`, quotes and spaces are fine.
_WORD_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.#$")
# Right after an id these mean it continues (`claude-3-opus-{date}`, `claude-3_x`).
_WORD_AFTER = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-{$%")

_DATE_SUFFIX = re.compile(r"-(\d{8})\Z")
_BEDROCK_VERSION = re.compile(r"-v\d+(?::\d+)?\Z")
_VERTEX_REVISION = re.compile(r"-v\d+\Z")

# Bedrock's first-generation names, which follow no pattern (Bedrock's model catalog).
BEDROCK_LEGACY = {
    "claude-v1": "claude-1.3",
    "claude-v2": "claude-2.0",
    "claude-v2:0": "claude-2.0",
    "claude-v2:1": "claude-2.1",
    "claude-instant-v1": "claude-instant-1.2",
}


@dataclass(frozen=True)
class IdMatch:
    """One id found in a text: where (character offsets) and how it was written."""

    start: int
    end: int
    written: str


def find_ids(text: str) -> Iterator[IdMatch]:
    """Every Claude model id spelling in `text`, skipping ones inside longer words or slugs."""
    for match in _CORE.finditer(text):
        start, end = match.span()
        if end - start == len("claude"):  # the name alone, as in prose, is no model id
            continue
        if start and text[start - 1] == ".":
            prefix = _BEDROCK_PREFIX.search(text, max(0, start - _PREFIX_WINDOW), start)
            if prefix:
                start = prefix.start()
        if start and text[start - 1] in _WORD_BEFORE:
            continue
        if end < len(text) and text[end] in _WORD_AFTER:
            continue
        yield IdMatch(start, end, text[start:end])


@dataclass(frozen=True)
class Spelling:
    """A written id reduced to the API's own form, and the platform the spelling belongs to."""

    canonical: str
    platform: Platform


@lru_cache(maxsize=4096)
def normalize(written: str) -> Spelling:
    """`anthropic.claude-3-haiku-20240307-v1:0` → `claude-3-haiku-20240307` (bedrock), etc."""
    text = written.lower()
    platform: Platform = "anthropic"
    if "anthropic." in text:
        platform = "bedrock"
        text = text[text.index("anthropic.") + len("anthropic.") :]
    if text in BEDROCK_LEGACY:
        return Spelling(BEDROCK_LEGACY[text], "bedrock")
    if "@" in text:
        platform = "vertex"
        base, _, version = text.partition("@")
        base = _VERTEX_REVISION.sub("", base)  # `claude-3-5-sonnet-v2@…`: v2 is Vertex's name
        return Spelling(base if version == "latest" else f"{base}-{version}", platform)
    if _BEDROCK_VERSION.search(text) and not _is_bare_version(text):
        text = _BEDROCK_VERSION.sub("", text)
        platform = "bedrock"
    return Spelling(text, platform)


def _is_bare_version(text: str) -> bool:
    """`claude-v2` style with nothing before the version: Bedrock's legacy table handles those."""
    return text.count("-") == 1


def dated_base(model_id: str) -> tuple[str, str] | None:
    """`claude-3-opus-20240229` → (`claude-3-opus`, `20240229`); None for an undated id."""
    found = _DATE_SUFFIX.search(model_id)
    return (model_id[: found.start()], found.group(1)) if found else None


class IdResolver:
    """Resolves spellings to the model ids of a catalog (the page's status table and history).

    An alias names the family and version and leaves the snapshot date out; it resolves to the
    catalog id that is the same text plus `-YYYYMMDD` (`claude-sonnet-4-5` →
    `claude-sonnet-4-5-20250929`). `-latest` and a `.0`-style `-0` minor (`claude-sonnet-4-0`)
    are alias spellings of the same base, and a major-only name resolves across dotted versions
    (`claude-2` → `claude-2.1`). Where several ids share a base the newest date (or highest
    version) wins, as the API's aliases point at the newest snapshot.
    """

    def __init__(self, model_ids: Iterable[str]) -> None:
        self.known = frozenset(model_ids)
        self._by_base: dict[str, list[tuple[str, str]]] = {}
        for model_id in self.known:
            dated = dated_base(model_id)
            if dated:
                self._by_base.setdefault(dated[0], []).append((dated[1], model_id))
            elif "." in model_id:  # `claude-2.1`: reachable as `claude-2`
                base, _, minor = model_id.rpartition(".")
                self._by_base.setdefault(base, []).append((minor.zfill(8), model_id))
        self._cache: dict[str, str | None] = {}

    def resolve(self, written: str) -> str | None:
        """The catalog's model id `written` stands for, or None when it names none."""
        key = written.lower()
        if key not in self._cache:
            self._cache[key] = self._resolve(normalize(key).canonical)
        return self._cache[key]

    def _resolve(self, canonical: str) -> str | None:
        if canonical in self.known:
            return canonical
        base = canonical.removesuffix("-latest")
        if base in self.known:
            return base
        for candidate in (base, base.removesuffix("-0")):
            options = self._by_base.get(candidate)
            if options:
                return max(options)[1]
        dated = dated_base(canonical)  # a dated spelling of an id the page lists undated
        if dated and dated[0] in self.known:
            return dated[0]
        return None


def families(model_ids: Iterable[str]) -> frozenset[str]:
    """Words that name model families in these ids (`opus`, `haiku`, `instant`, …)."""
    words: set[str] = set()
    for model_id in model_ids:
        words.update(
            part for part in model_id.split("-")[1:] if part.isalpha() and part != "latest"
        )
    return frozenset(words)


def looks_like_model(canonical: str, family_words: frozenset[str]) -> bool:
    """An unresolved id still worth showing: it has a version number or a family word
    (`claude-4-turbo`, `claude-opus-9`), unlike `claude-code` or `claude-desktop`."""
    parts = canonical.split("-")[1:]
    return any(part[:1].isdigit() or part in family_words for part in parts)
