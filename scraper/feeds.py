"""Feeds for programs and calendars: JSON Feed 1.1, Atom 1.0 and an iCalendar of retirements.

Pure functions: events or records in, text out, no clock. Every timestamp comes from the data
(an event's day at midnight UTC), so the same input always gives the same bytes.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from scraper.events import STATUS_ANCHOR, Event, page_url
from scraper.records import Deprecation, DeprecationEntry, PageRecord, dump_json
from scraper.report import event_sort_key, language_rank
from scraper.sentences import event_line, language_name

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NS = "http://www.w3.org/2005/Atom"
TAG_PREFIX = "tag:claude-deprecation-tracker,2026:"
UID_DOMAIN = "claude-deprecation-tracker"
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
) -> str:
    """A JSON Feed 1.1 document, one item per event, newest first, at most `limit` items."""
    about = home_page_url + EXTENSION_ANCHOR
    feed = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "description": "Changes to Anthropic's model deprecations page, in every language.",
        "language": "en",
        "authors": [{"name": GENERATOR, "url": home_page_url}],
        "items": [_json_item(event, about) for event in newest_first(events, limit)],
    }
    return dump_json(feed)


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


# -- iCalendar ----------------------------------------------------------------------------------


def retirement_calendar(records: Mapping[str, PageRecord]) -> str:
    """An iCalendar (RFC 5545) with one all-day event per model's retirement date.

    Dates come from the English record (or, without one, the first language available):
    the status table's date, else the deprecation history's.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{GENERATOR}//retirements//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Claude model retirements",
    ]
    record = _calendar_record(records)
    if record is not None:
        for retirement in _retirements(record):
            lines += _vevent(retirement)
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in fold(line))


def _calendar_record(records: Mapping[str, PageRecord]) -> PageRecord | None:
    languages = sorted(records, key=language_rank)  # English first
    return records[languages[0]] if languages else None


@dataclass(frozen=True)
class _Retirement:
    model_id: str
    day: date
    not_before: bool
    state: str | None
    deprecated_on: date | None
    replacement: str | None
    stamp: date  # DTSTAMP: from the data (deprecation or announcement day), never the clock
    url: str


def _retirements(record: PageRecord) -> list[_Retirement]:
    history: dict[str, tuple[Deprecation, DeprecationEntry]] = {}
    for listed in sorted(record.deprecations, key=lambda d: (d.announced_on, d.anchor)):
        for listed_entry in listed.entries:
            history[listed_entry.model_id] = (listed, listed_entry)  # the newest section wins
    found: list[_Retirement] = []
    for model in record.models:
        pair = history.pop(model.model_id, None)
        section, entry = (pair[0], pair[1]) if pair else (None, None)
        day = model.retirement_date or (entry.retirement_date if entry else None)
        if day is None:
            continue
        found.append(
            _Retirement(
                model_id=model.model_id,
                day=day,
                not_before=bool(model.retirement_not_before) and model.retirement_date == day,
                state=model.state,
                deprecated_on=model.deprecated_on,
                replacement=entry.replacement if entry else None,
                stamp=model.deprecated_on or (section.announced_on if section else day),
                url=page_url(record.language, section.anchor if section else STATUS_ANCHOR),
            )
        )
    # Models only the history still lists (retired ones the status table dropped).
    for model_id, (only_section, only_entry) in history.items():
        if only_entry.retirement_date is not None:
            found.append(
                _Retirement(
                    model_id=model_id,
                    day=only_entry.retirement_date,
                    not_before=False,
                    state=None,
                    deprecated_on=None,
                    replacement=only_entry.replacement,
                    stamp=only_section.announced_on,
                    url=page_url(record.language, only_section.anchor),
                )
            )
    return sorted(found, key=lambda r: (r.day, r.model_id))


def _vevent(retirement: _Retirement) -> list[str]:
    day = retirement.day
    state = retirement.state or "not in the status table"
    if retirement.deprecated_on:
        state += f" (deprecated on {retirement.deprecated_on.isoformat()})"
    retires = ("not sooner than " if retirement.not_before else "") + day.isoformat()
    description = "\n".join(
        [
            f"State: {state}",
            f"Retirement: {retires}",
            f"Replacement: {retirement.replacement or 'none given'}",
            retirement.url,
        ]
    )
    summary = f"{retirement.model_id} retires" + (
        " not sooner than" if retirement.not_before else ""
    )
    return [
        "BEGIN:VEVENT",
        f"UID:{retirement.model_id}@{UID_DOMAIN}",
        f"DTSTAMP:{_ics_date(retirement.stamp)}T000000Z",
        f"DTSTART;VALUE=DATE:{_ics_date(day)}",
        f"DTEND;VALUE=DATE:{_ics_date(day + timedelta(days=1))}",
        f"SUMMARY:{ics_text(summary)}",
        f"DESCRIPTION:{ics_text(description)}",
        f"URL:{retirement.url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _ics_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def ics_text(text: str) -> str:
    """An iCalendar TEXT value: backslash, semicolon, comma and newline escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str, width: int = 75) -> list[str]:
    """A content line folded into lines of at most `width` octets, never inside a character."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > width:
            out.append(current)
            current, size = " ", 1  # a continuation line starts with one space
        current += char
        size += octets
    out.append(current)
    return out
