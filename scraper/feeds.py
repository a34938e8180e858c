"""Feeds for programs: JSON Feed 1.1 and Atom 1.0 (the calendar is in `calendar.py`).

Pure functions: events or records in, text out, no clock. Every timestamp comes from the data
(an event's day at midnight UTC), so the same input always gives the same bytes.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from scraper.events import Event
from scraper.records import dump_json
from scraper.report import event_sort_key

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NS = "http://www.w3.org/2005/Atom"
TAG_PREFIX = "tag:claude-deprecation-tracker,2026:"
UID_DOMAIN = "claude-deprecation-tracker"
GENERATOR = "claude-deprecation-tracker"
EPOCH = "1970-01-01T00:00:00Z"  # Atom's `updated` for a feed without entries


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


def tags(event: Event) -> list[str]:
    return [t for t in (event.type, event.language, event.model_id) if t]


# -- JSON Feed 1.1 ------------------------------------------------------------------------------


def json_feed(
    events: Sequence[Event],
    *,
    title: str = "Claude model deprecations",
    home_page_url: str,
    feed_url: str,
    limit: int = 200,
) -> str:
    """A JSON Feed 1.1 document, one item per event, newest first, at most `limit` items."""
    feed = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "description": "Changes to Anthropic's model deprecations page, in every language.",
        "language": "en",
        "authors": [{"name": GENERATOR, "url": home_page_url}],
        "items": [_json_item(event) for event in newest_first(events, limit)],
    }
    return dump_json(feed)


def _json_item(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "url": event.link,
        "title": event.summary(),
        "content_text": content_text(event),
        "content_html": _content_html(event),
        "date_published": timestamp(event.date),
        "language": event.language,
        "tags": tags(event),
        "_event": event.model_dump(mode="json"),
    }


def content_text(event: Event) -> str:
    """The event in plain text: what changed, before and after, where."""
    lines = [event.summary()]
    if event.text_diff:
        lines += ["", event.text_diff]
    else:
        lines += ["", f"Before: {_plain(event.before)}", f"After: {_plain(event.after)}"]
    return "\n".join([*lines, "", event.link])


def _content_html(event: Event) -> str:
    parts = [f"<p>{html.escape(event.summary())}</p>"]
    if event.text_diff:
        parts.append(f"<pre>{html.escape(event.text_diff)}</pre>")
    else:
        parts.append(
            f"<ul><li>Before: {html.escape(_plain(event.before))}</li>"
            f"<li>After: {html.escape(_plain(event.after))}</li></ul>"
        )
    link = html.escape(event.link)
    parts.append(f'<p><a href="{link}">{link}</a></p>')
    return "".join(parts)


def _plain(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


# -- Atom 1.0 -----------------------------------------------------------------------------------


def atom_id(event: Event) -> str:
    """A tag URI (RFC 4151) for an event: its id, percent-encoded where a URI needs it."""
    return TAG_PREFIX + quote(event.id, safe="/:-._~,=@!$&'()*+;")


def atom_feed(
    events: Sequence[Event],
    *,
    title: str = "Claude model deprecations",
    home_page_url: str,
    feed_url: str,
    limit: int = 200,
) -> str:
    """An Atom 1.0 feed (RFC 4287), one entry per event, newest first, at most `limit`."""
    items = newest_first(events, limit)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(feed, "id", feed_url)
    _text(feed, "title", title)
    _text(feed, "subtitle", "Changes to Anthropic's model deprecations page, in every language.")
    _text(feed, "updated", timestamp(items[0].date) if items else EPOCH)
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": feed_url})
    ET.SubElement(feed, "link", {"rel": "alternate", "href": home_page_url})
    author = ET.SubElement(feed, "author")
    _text(author, "name", GENERATOR)
    _text(author, "uri", home_page_url)
    _text(feed, "generator", GENERATOR)
    for event in items:
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", atom_id(event))
        _text(entry, "title", event.summary())
        _text(entry, "updated", timestamp(event.date))
        _text(entry, "published", timestamp(event.date))
        ET.SubElement(entry, "link", {"rel": "alternate", "href": event.link})
        for tag in tags(event):
            ET.SubElement(entry, "category", {"term": _xml_safe(tag)})
        _text(entry, "summary", event.summary())
        _text(entry, "content", content_text(event)).set("type", "text")
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
