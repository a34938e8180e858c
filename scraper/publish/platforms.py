"""The partner platforms in what the tracker publishes: feed items, commit message lines.

(The day report's per-platform sections are written by `scraper.track.platforms`.)
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

from scraper.publish.feeds import TAG_PREFIX, timestamp
from scraper.read.partners.platforms import PLATFORMS
from scraper.track.platforms import PlatformEvent, PlatformsResult


def feed_id(event: PlatformEvent) -> str:
    return TAG_PREFIX + quote(event.id, safe="/:-._~,=@!$&'()*+;")


def item_title(event: PlatformEvent) -> str:
    """`Amazon Bedrock: claude-opus-4-1-20250805: EOL 2027-01-08 → 2027-02-08 (+31 days)`."""
    return f"{PLATFORMS[event.platform].title}: {event.change()}"


def tags(event: PlatformEvent) -> list[str]:
    return [event.type, event.platform, *([event.model_id] if event.model_id else [])]


def content_text(event: PlatformEvent) -> str:
    lines = [item_title(event)]
    if event.platform_id and event.platform_id != event.model_id:
        lines.append(f"Platform id: {event.platform_id}")
    return "\n".join([*lines, "", event.link])


def json_item(event: PlatformEvent, about: str, extension: str) -> dict[str, Any]:
    return {
        "id": feed_id(event),
        "url": event.link,
        "title": item_title(event),
        "content_text": content_text(event),
        "date_published": timestamp(event.date),
        "language": "en",
        "tags": tags(event),
        extension: {
            "about": about,
            "model_ids": [event.model_id] if event.model_id else [],
            "platform_event": event.model_dump(mode="json"),
        },
    }


def atom_entry(feed: ET.Element, event: PlatformEvent, text: Any) -> None:
    """One Atom entry under `feed`; `text(parent, tag, value)` is the feed's own text writer."""
    entry = ET.SubElement(feed, "entry")
    stamp = timestamp(event.date)
    text(entry, "id", feed_id(event))
    text(entry, "title", item_title(event))
    text(entry, "updated", stamp)
    text(entry, "published", stamp)
    ET.SubElement(entry, "link", {"rel": "alternate", "href": event.link})
    for scheme, term in [("type", event.type), ("platform", event.platform)] + (
        [("model", event.model_id)] if event.model_id else []
    ):
        ET.SubElement(entry, "category", {"term": term, "scheme": TAG_PREFIX + scheme})
    text(entry, "summary", item_title(event))
    text(entry, "content", content_text(event)).set("type", "text")


def platform_commit_lines(result: PlatformsResult, limit: int = 20) -> str:
    """Lines for the run's commit message: each platform event, then held or failed pages."""
    lines = [e.summary() for e in result.events[:limit]]
    if len(result.events) > limit:
        lines.append(f"… and {len(result.events) - limit} more platform events")
    lines += [
        f"[{PLATFORMS[name].title}] {o.status.replace('_', ' ')}: {o.message}"
        for name, o in result.outcomes.items()
        if o.status in ("held", "failed", "not_understood")
    ]
    return "".join(f"\n{line}" for line in lines) if lines else ""
