"""Feeds for programs: JSON Feed 1.1 and Atom 1.0 (the calendar is in `calendar.py`).

Pure functions: events or records in, text out, no clock. Every timestamp comes from the data
(an event's day at midnight UTC), so the same input always gives the same bytes.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from scraper import PROJECT_URL
from scraper.publish.report import event_sort_key
from scraper.publish.sentences import event_line, language_name
from scraper.read.records import dump_json
from scraper.track.events import Event
from scraper.track.platforms import PlatformEvent

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NS = "http://www.w3.org/2005/Atom"
TAG_PREFIX = "tag:claude-deprecation-tracker,2026:"
GENERATOR = "claude-deprecation-tracker"
EPOCH = "1970-01-01T00:00:00Z"  # Atom's `updated` for a feed without entries
EXTENSION = "_claude_deprecation_tracker"  # JSON Feed custom object: "_" + a name
EXTENSION_ANCHOR = "#json-feed-extension"  # README section its `about` points at


def newest_first(events: Iterable[Event], limit: int | None = None) -> list[Event]:
    """Events by day, newest first, then English first and the report's order; ids unique."""
    unique: dict[str, Event] = {}
    for event in events:
        unique.setdefault(event.id, event)
    ordered = sorted(unique.values(), key=lambda e: (-e.date.toordinal(), event_sort_key(e)))
    return ordered if limit is None else ordered[: max(limit, 0)]


def timestamp(day: date) -> str:
    """RFC 3339 midnight UTC of a day: events are known to the day, not the second."""
    return f"{day.isoformat()}T00:00:00Z"


def feed_id(event: Event) -> str:
    """The item id of an event in every feed (JSON Feed and Atom alike): a tag URI (RFC 4151).

    One function for both, so a reader of either feed (or both) sees one id per change.
    """
    return TAG_PREFIX + quote(event.id, safe="/:-._~,=@!$&'()*+;")


def model_ids(event: Event) -> list[str]:
    """Every model an event concerns (an announcement's too), sorted."""
    return sorted(set(event.model_ids) | ({event.model_id} if event.model_id else set()))


def tags(event: Event) -> list[str]:
    return [event.type, event.language, *model_ids(event)]


def item_title(event: Event) -> str:
    """A sentence a person reads: `German: claude-x is now deprecated (was active): …`."""
    return f"{language_name(event.language)}: {event_line(event).plain()}"


def content_text(event: Event) -> str:
    """The event in plain text: the sentence, its details or text diff, where on the page."""
    line = event_line(event)
    lines = [item_title(event), *line.detail]
    if line.diff:
        lines += ["", line.diff]
    return "\n".join([*lines, "", event.link])


def _content_html(event: Event) -> str:
    line = event_line(event)
    parts = [f"<p>{html.escape(item_title(event))}</p>"]
    if line.detail:
        parts.append("<ul>" + "".join(f"<li>{html.escape(d)}</li>" for d in line.detail) + "</ul>")
    if line.diff:
        parts.append(f"<pre>{html.escape(line.diff)}</pre>")
    link = html.escape(event.link)
    parts.append(f'<p><a href="{link}">{link}</a></p>')
    return "".join(parts)


# -- JSON Feed 1.1 ------------------------------------------------------------------------------


def json_feed(
    events: Sequence[Event],
    *,
    title: str = "Claude model deprecations",
    home_page_url: str,
    feed_url: str,
    limit: int = 200,
    platform_events: Sequence[PlatformEvent] = (),
) -> str:
    """A JSON Feed 1.1 document, one item per event, newest first, at most `limit` items.
    Partner platforms' events are items too (`platform_events`)."""
    from scraper.publish.platforms import json_item

    about = PROJECT_URL + EXTENSION_ANCHOR  # the tool's documentation of its extension
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "description": "Changes to Anthropic's model deprecations page, in every language.",
        "language": "en",
        "authors": [{"name": GENERATOR}],
        "items": [_json_item(event, about) for event in newest_first(events, limit)],
    }
    if platform_events:  # merged by day, newest first (the sort keeps each day's order)
        items = feed["items"] + [json_item(e, about, EXTENSION) for e in platform_events]
        feed["items"] = sorted(items, key=lambda i: i["date_published"], reverse=True)[:limit]
    # The spec's URLs are absolute; where the data is published is unknown, they are left out.
    if _absolute(home_page_url):
        feed["home_page_url"] = home_page_url
        feed["authors"][0]["url"] = home_page_url
    if _absolute(feed_url):
        feed["feed_url"] = feed_url
    return dump_json(feed)


def _absolute(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def _json_item(event: Event, about: str) -> dict[str, Any]:
    return {
        "id": feed_id(event),
        "url": event.link,
        "title": item_title(event),
        "content_text": content_text(event),
        "content_html": _content_html(event),
        "date_published": timestamp(event.date),
        "language": event.language,
        "tags": tags(event),
        # A custom object as the spec asks: "_" + name, with `about` saying what it is.
        EXTENSION: {
            "about": about,
            "model_ids": model_ids(event),
            "event": event.model_dump(mode="json"),
        },
    }


# -- Atom 1.0 -----------------------------------------------------------------------------------


def atom_id(event: Event) -> str:
    """An entry's id: the same as the JSON Feed item's."""
    return feed_id(event)


def atom_feed(
    events: Sequence[Event],
    *,
    title: str = "Claude model deprecations",
    home_page_url: str,
    feed_url: str,
    limit: int = 200,
    platform_events: Sequence[PlatformEvent] = (),
) -> str:
    """An Atom 1.0 feed (RFC 4287), one entry per event, newest first, at most `limit`.
    Partner platforms' events are entries too (`platform_events`)."""
    from scraper.publish.platforms import atom_entry

    items = newest_first(events, limit)
    partners = sorted(platform_events, key=lambda e: e.date, reverse=True)[:limit]
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(feed, "id", TAG_PREFIX + "feed")  # the same feed wherever it is published
    _text(feed, "title", title)
    _text(feed, "subtitle", "Changes to Anthropic's model deprecations page, in every language.")
    days = [e.date for e in items[:1]] + [e.date for e in partners[:1]]
    _text(feed, "updated", timestamp(max(days)) if days else EPOCH)
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": feed_url})
    ET.SubElement(feed, "link", {"rel": "alternate", "href": home_page_url})
    author = ET.SubElement(feed, "author")
    _text(author, "name", GENERATOR)
    _text(author, "uri", home_page_url)
    _text(feed, "generator", GENERATOR)
    for event in items:
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", feed_id(event))
        _text(entry, "title", item_title(event))
        _text(entry, "updated", timestamp(event.date))
        _text(entry, "published", timestamp(event.date))
        ET.SubElement(entry, "link", {"rel": "alternate", "href": event.link})
        categories = [("type", event.type), ("language", event.language)]
        categories += [("model", model_id) for model_id in model_ids(event)]
        for scheme, term in categories:
            attributes = {"term": _xml_safe(term), "scheme": TAG_PREFIX + scheme}
            ET.SubElement(entry, "category", attributes)
        _text(entry, "summary", item_title(event))
        _text(entry, "content", content_text(event)).set("type", "text")
    for partner in partners:
        atom_entry(feed, partner, _text)
    ET.indent(feed, space="  ")
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _xml_safe(text)
    return element


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: drop them."""
    return _NOT_XML.sub("", text)
