"""What the tool knows about each partner platform, as data: its name, its pages, its words.

The readers look words up here rather than branching on the platform, so a platform renaming a
state or a date column is a one-line change.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.read.partners.records import DateKind, PlatformName
from scraper.read.records import State


@dataclass(frozen=True)
class Platform:
    name: PlatformName
    title: str  # as people say it: "Amazon Bedrock"
    urls: tuple[str, ...]  # the pages `run` fetches, in order
    # The platform's state words (lower case) → our state, for those that mean the same.
    states: dict[str, State | None]
    # Phrases only this platform's lifecycle pages use (lower case), never Anthropic's page
    # (which names the platforms): how a page tells which platform it is from.
    signatures: tuple[str, ...]
    hosts: tuple[str, ...]  # parts of a URL that say the page is this platform's
    mark: str = ""  # one letter labelling the platform's markers on the site's chart


PLATFORMS: dict[PlatformName, Platform] = {
    "bedrock": Platform(
        name="bedrock",
        title="Amazon Bedrock",
        # Models launched before 7 September 2026 are on the Legacy page, later ones on the
        # newer "Model lifecycle" page: both are read, as one reading.
        urls=(
            "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.md",
            "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.md",
        ),
        states={"active": "active", "legacy": "legacy", "eol": "retired"},
        signatures=("public extended access start date", "anthropic.claude", "modellifecycle"),
        hosts=("docs.aws.amazon.com",),
        mark="B",
    ),
    "vertex": Platform(
        name="vertex",
        title="Google Cloud",
        # The deprecations page has the shutdown dates; an active model's card has its
        # "not sooner than" retirement. One card per active Claude model whose URL is known.
        urls=(
            "https://docs.cloud.google.com/gemini-enterprise-agent-platform/models/deprecations/"
            "partner-models",
            "https://docs.cloud.google.com/gemini-enterprise-agent-platform/models/partner-models/"
            "claude/sonnet-4-5",
        ),
        # "Deprecated" there means what it means here: still answering, with a shutdown date.
        states={
            "ga": "active",
            "generally available": "active",
            "deprecated": "deprecated",
            "preview": None,
        },
        signatures=("on google cloud", "docs.cloud.google.com", "model garden", "maas models"),
        hosts=("cloud.google.com",),
        mark="G",
    ),
    "foundry": Platform(
        name="foundry",
        title="Microsoft Foundry",
        urls=(
            "https://learn.microsoft.com/en-us/azure/foundry/openai/concepts/"
            "model-retirement-schedule",
        ),
        # Foundry's "Preview" is a launch stage with its own retirement date: no state of ours.
        states={
            "ga": "active",
            "preview": None,
            "legacy": "legacy",
            "deprecated": "deprecated",
            "retired": "retired",
        },
        signatures=("foundry models", "azure marketplace", "azure openai", "| lifecycle |"),
        hosts=("learn.microsoft.com", "azure-ai-docs"),
        mark="M",
    ),
}

# Column and field labels (lower case, trailing colon dropped) → the kind of date they hold.
DATE_LABELS: dict[str, DateKind] = {
    "legacy date": "legacy",
    "eol date": "eol",
    "public extended access start date": "extended_access",
    "retirement date": "retirement",
    "retirement date not sooner than": "retirement_not_sooner_than",
    "release date": "release",
    "deprecated as of": "deprecated",
    "shut down on": "shutdown",
}

# How a date kind reads in a sentence ("EOL 8 January 2027").
DATE_KIND_WORDS: dict[DateKind, str] = {
    "legacy": "Legacy since",
    "extended_access": "public extended access from",
    "eol": "EOL",
    "deprecated": "deprecated as of",
    "shutdown": "shut down on",
    "retirement": "retires on",
    "retirement_not_sooner_than": "retires not sooner than",
    "release": "released",
}

# How a model past its end date on a platform is said, leading the audit's line: the platform's
# own word for it ("shut down on Google Cloud on 1 August 2025").
ENDED_WORDS: dict[DateKind, str] = {
    "eol": "reached EOL on {platform} on {day}",
    "shutdown": "shut down on {platform} on {day}",
    "retirement": "retired on {platform} on {day}",
}

# Marks a page prints for "no date" (`—` in Bedrock's and Foundry's tables).
NO_DATE = frozenset({"", "—", "–", "-", "n/a", "none", "tbd"})


def state_of(platform: PlatformName, label: str) -> State | None:
    """Our state for the platform's word, or None when ours has no word that means the same."""
    return PLATFORMS[platform].states.get(label.strip().lower())


def platform_of_name(name: str) -> PlatformName | None:
    """The platform a capture's `<platform>__<YYYY-MM-DD>__…` file name names, if any."""
    prefix = name.split("__", 1)[0]
    return next((p for p in PLATFORMS if p == prefix and "__" in name), None)


def platform_of_url(url: str) -> PlatformName | None:
    return next((n for n, p in PLATFORMS.items() if any(h in url for h in p.hosts)), None)


def detect_platform(text: str) -> PlatformName | None:
    """The platform whose signature phrases the text holds most; None when it holds none."""
    lowered = text.lower()
    scores = {
        name: sum(lowered.count(phrase) for phrase in platform.signatures)
        for name, platform in PLATFORMS.items()
    }
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] else None
