"""Feeds for programs: JSON Feed 1.1 and Atom 1.0 (the calendar is in `calendar.py`).

Pure functions: events in, text out, no clock. Every timestamp comes from the data (an event's
day at midnight UTC), so the same input always gives the same bytes.

What an item is: one change (`report.count_changes`: a model's changes of the day on one page,
a model named in a note, a parameter row, an announcement, a reworded section), or one finding
however many translations share it (as the day's report says it once). The feed keeps whole
days, the newest `FEED_DAYS` days with events: findings never push a day's changes out, and no
day is cut in the middle.

`json_feed` and `atom_feed` make a feed from events. `day_entries` makes one day's entries as
text, and `json_feed_of` and `atom_feed_of` put a feed together from days of them, byte for byte
the same: `feed_cache` keeps each day's text between runs, so a day renders only what it adds.
"""

from __future__ import annotations

import hashlib
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urljoin

from scraper import PROJECT_URL
from scraper.publish.report import (
    change_key,
    event_sort_key,
    finding_words,
    shared_findings,
)
from scraper.publish.sentences import (
    Line,
    event_line,
    language_lines,
    language_name,
)
from scraper.read.languages import language_rank
from scraper.read.records import dump_json
from scraper.track.events import Event, page_url
from scraper.track.platforms import PlatformEvent
from scraper.words import counted, join_words

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NS = "http://www.w3.org/2005/Atom"
TAG_PREFIX = "tag:claude-deprecation-tracker,2026:"
GENERATOR = "claude-deprecation-tracker"
EPOCH = "1970-01-01T00:00:00Z"  # Atom's `updated` for a feed without entries
EXTENSION = "_claude_deprecation_tracker"  # JSON Feed custom object: "_" + a name
EXTENSION_ANCHOR = "#json-feed-extension"  # README section its `about` points at
ABOUT = PROJECT_URL + EXTENSION_ANCHOR  # the tool's documentation of its extension
FEED_DAYS = 30  # the newest days with events a feed keeps, each whole
TITLE = "Claude model deprecations"
DESCRIPTION = "Changes to Anthropic's model deprecations page, in every language."


@dataclass(frozen=True)
class FeedItem:
    """One entry of both feeds: a change of one page, or a finding said once for its pages."""

    id: str  # a tag URI (RFC 4151), the same in JSON Feed and Atom
    day: date
    languages: tuple[str, ...]
    title: str
    detail: tuple[str, ...]
    diff: str | None
    url: str
    types: tuple[str, ...]  # the event types in it, most important first
    model_ids: tuple[str, ...]
    events: tuple[Event, ...]

    @property
    def tags(self) -> tuple[str, ...]:
        return (*self.types, *self.languages, *self.model_ids)

    def content_text(self) -> str:
        """The item in plain text: the sentence, its details or text diff, where to read more."""
        lines = [self.title, *self.detail]
        if self.diff:
            lines += ["", self.diff]
        return "\n".join([*lines, "", self.url])

    def content_html(self) -> str:
        parts = [f"<p>{html.escape(self.title)}</p>"]
        if self.detail:
            items = "".join(f"<li>{html.escape(d)}</li>" for d in self.detail)
            parts.append(f"<ul>{items}</ul>")
        if self.diff:
            parts.append(f"<pre>{html.escape(self.diff)}</pre>")
        link = html.escape(self.url)
        parts.append(f'<p><a href="{link}">{link}</a></p>')
        return "".join(parts)


def timestamp(day: date) -> str:
    """RFC 3339 midnight UTC of a day: events are known to the day, not the second."""
    return f"{day.isoformat()}T00:00:00Z"


def _tag(name: str) -> str:
    return TAG_PREFIX + quote(name, safe="/:-._~,=@!$&'()*+;")


def feed_id(event: Event) -> str:
    """The id of the item an event makes: a tag URI (RFC 4151), one function for both feeds.

    An announcement, retirement note or reworded section keeps its event's id; a model's
    changes of one day on one page share `<day>/<language>/model/<id>` (or `…/note/<id>`).
    """
    key = change_key(event)
    if key is None:
        return _finding_id(event.date, event.type, finding_words(event))
    day, language, kind, name = key
    if kind in ("model", "note", "parameter"):
        return _tag(f"{day}/{language}/{kind}/{name}")
    return _tag(event.id)


def _finding_id(day: date, kind: str, words: str) -> str:
    """One id for a finding whichever pages share it: its day, new or resolved, and its words."""
    digest = hashlib.sha256(words.encode()).hexdigest()[:12]
    return _tag(f"{day.isoformat()}/{kind}/{digest}")


def model_ids(events: Iterable[Event]) -> tuple[str, ...]:
    """Every model the events concern (an announcement's too), sorted."""
    found: set[str] = set()
    for event in events:
        found |= set(event.model_ids) | ({event.model_id} if event.model_id else set())
    return tuple(sorted(found))


def item_title(event: Event) -> str:
    """A sentence a person reads: `German: claude-x is now deprecated (was active): …`."""
    return f"{language_name(event.language)}: {event_line(event).plain()}"


def feed_days(events: Iterable[Event], days: int = FEED_DAYS) -> list[Event]:
    """The events of the newest `days` days that have any, whole days; ids unique."""
    unique: dict[str, Event] = {}
    for event in events:
        unique.setdefault(event.id, event)
    kept = set(sorted({e.date for e in unique.values()}, reverse=True)[: max(days, 0)])
    return [e for e in unique.values() if e.date in kept]


def platform_days(events: Iterable[PlatformEvent], days: int = FEED_DAYS) -> list[PlatformEvent]:
    """The partner platforms' events of their newest `days` days with events, newest first."""
    kept = sorted({e.date for e in events}, reverse=True)[:days]
    return sorted((e for e in events if e.date in kept), key=lambda e: e.date, reverse=True)


def feed_items(
    events: Iterable[Event], *, days: int = FEED_DAYS, feed_url: str | None = None
) -> list[FeedItem]:
    """The items of both feeds, newest day first; in a day, each page's changes (English
    first, then by event type and model), then its findings (new before resolved, most shared
    first).

    `feed_url` (absolute) makes the findings' link to the translation matrix beside the feed
    absolute; without it a finding links to the page of its first language.
    """
    by_day: dict[date, list[Event]] = {}
    for event in feed_days(events, days):
        by_day.setdefault(event.date, []).append(event)
    items: list[FeedItem] = []
    for day in sorted(by_day, reverse=True):
        items += _day_items(day, tuple(by_day[day]), feed_url)
    for key in [k for k in _DAY_ITEMS if k[1] == feed_url and k[0] not in by_day]:
        del _DAY_ITEMS[key]  # only the days of the newest feed are kept
    return items


# A day's items depend only on that day's events and the feed's URL. A feed holds FEED_DAYS
# days and a caller may make it again every day (both feeds), so a day's items are kept, and
# used again while its events are equal (compared, not trusted by id). (The runner keeps each
# day's rendered text instead, in .tracker/, across processes: `feed_cache`.)
_DAY_ITEMS: dict[tuple[date, str | None], tuple[tuple[Event, ...], list[FeedItem]]] = {}


def _day_items(day: date, events: tuple[Event, ...], feed_url: str | None) -> list[FeedItem]:
    kept = _DAY_ITEMS.get((day, feed_url))
    if kept is not None and kept[0] == events:
        return kept[1]
    items = _change_items(events) + _finding_items(day, events, feed_url)
    _DAY_ITEMS[(day, feed_url)] = (events, items)
    return items


def _change_items(events: Sequence[Event]) -> list[FeedItem]:
    changes: dict[tuple[str, str, str, str], list[Event]] = {}
    for event in sorted(events, key=event_sort_key):
        if (key := change_key(event)) is not None:
            changes.setdefault(key, []).append(event)
    items = []
    for key, group in sorted(
        changes.items(), key=lambda item: (language_rank(item[0][1]), event_sort_key(item[1][0]))
    ):
        lang = key[1]
        line = next(iter(language_lines(group)), None)  # one thing, one sentence
        if line is None:  # an event no sentence covers: its own one-line summary, not lost
            said = group[0].summary().removeprefix(f"[{lang}] ")
            line = Line(group[0].type, (), said, said)
        link = line.links[0].url if line.links else group[0].link
        link = link if _absolute(link) else page_url(lang)  # a feed reader cannot resolve "#x"
        types = tuple(dict.fromkeys(e.type for e in group))
        ids = model_ids(group)
        items.append(
            FeedItem(
                id=feed_id(group[0]),
                day=group[0].date,
                languages=(lang,),
                title=f"{language_name(lang)}: {line.plain()}",
                detail=line.detail,
                diff=line.diff,
                url=link,
                types=types,
                model_ids=ids,
                events=tuple(group),
            )
        )
    return items


def _finding_items(day: date, events: Sequence[Event], feed_url: str | None) -> list[FeedItem]:
    said = shared_findings(events)
    ordered = sorted(
        said.items(),
        key=lambda item: (
            item[0][0] != "finding_appeared",
            -len(item[1]),
            [language_rank(e.language) for e in item[1]],
        ),
    )
    items = []
    for (kind, words), group in ordered:
        languages = tuple(dict.fromkeys(e.language for e in group))
        names = [language_name(lang) for lang in languages]
        detail: tuple[str, ...] = ()
        if len(languages) == 1:
            where = f"on the {names[0]} page"
        else:
            noun = "page" if "en" in languages else "translation"
            where = f"in {counted(len(languages), noun)}"
            if len(languages) <= _NAMED_IN_TITLE:
                where += f" ({join_words(names)})"
            else:  # a title stays readable; the content names them all
                detail = (f"On the {join_words(names)} pages.",)
        verb = f"New finding {where}" if kind == "finding_appeared" else f"Resolved {where}"
        gone = "" if kind == "finding_appeared" else ", no longer so"
        ids = model_ids(group)
        items.append(
            FeedItem(
                id=_finding_id(day, kind, words),
                day=day,
                languages=languages,
                title=f"{verb}{gone}: {words}",
                detail=detail,
                diff=None,
                url=_matrix_link(group, feed_url),
                types=(kind,),
                model_ids=ids,
                events=tuple(group),
            )
        )
    return items


_NAMED_IN_TITLE = 3  # languages named in a shared finding's title; more are named in its content


def _matrix_link(group: Sequence[Event], feed_url: str | None) -> str:
    """The translation matrix where the finding is said (its own row for one page), as an
    absolute URL; the page of its first language when the matrix's place is not known."""
    link = group[0].link if len(group) == 1 else group[0].link.partition("#")[0]
    if _absolute(link):
        return link
    if feed_url and _absolute(feed_url):
        return urljoin(feed_url, link)  # the matrix sits beside the feeds, in diffs/
    return page_url(group[0].language)


def _absolute(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("https://", "http://"))


def _home(home_page_url: str | None) -> str:
    """The page the feed describes: the site or repository when known, else the page it
    follows (the English model deprecations page): always a working absolute URL."""
    return home_page_url if home_page_url and _absolute(home_page_url) else page_url("en")


# -- JSON Feed 1.1 ------------------------------------------------------------------------------


def json_feed(
    events: Sequence[Event],
    *,
    title: str = TITLE,
    home_page_url: str | None = None,
    feed_url: str | None = None,
    days: int = FEED_DAYS,
    platform_events: Sequence[PlatformEvent] = (),
) -> str:
    """A JSON Feed 1.1 document: one item per change or shared finding, whole days, newest first.

    `home_page_url` and `feed_url` are used when absolute (the spec wants absolute URLs); with
    no home page known it is the English page the feed follows, and `feed_url` is left out.
    Partner platforms' events are items too, their newest `days` days whole.
    """
    from scraper.publish.platforms import json_item

    about = ABOUT
    feed = _json_feed_head(title, home_page_url, feed_url)
    items = feed_items(events, days=days, feed_url=feed_url)
    feed["items"] = [_kept_json_item(item, about) for item in items]
    if platform_events:  # merged by day, newest first (the sort keeps each day's order)
        partners = [json_item(e, about, EXTENSION) for e in platform_days(platform_events, days)]
        items = feed["items"] + partners
        feed["items"] = sorted(items, key=lambda i: i["date_published"], reverse=True)
    current = {(item["id"], about) for item in feed["items"]}
    for key in [k for k in _JSON_ITEMS if k[1] == about and k not in current]:
        del _JSON_ITEMS[key]  # only the newest feed's items are kept
    return dump_json(feed)


def _json_feed_head(title: str, home_page_url: str | None, feed_url: str | None) -> dict[str, Any]:
    """The JSON Feed's fields but its items."""
    home = _home(home_page_url)
    author: dict[str, str] = {"name": GENERATOR}
    if _absolute(home_page_url):
        author["url"] = home
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": home,
        "description": DESCRIPTION,
        "language": "en",
        "authors": [author],
    }
    if feed_url and _absolute(feed_url):
        feed["feed_url"] = feed_url
    return feed


# An item's JSON object, kept while the same item (the same object: `_DAY_ITEMS` hands out the
# same items while their day's events are equal) is in the newest feed. Never changed once
# made. (Atom entries are not kept: a feed's elements weigh tens of MB, more than they cost.)
_JSON_ITEMS: dict[tuple[str, str], tuple[FeedItem, dict[str, Any]]] = {}


def _kept_json_item(item: FeedItem, about: str) -> dict[str, Any]:
    kept = _JSON_ITEMS.get((item.id, about))
    if kept is not None and kept[0] is item:
        return kept[1]
    made = _json_item(item, about)
    _JSON_ITEMS[(item.id, about)] = (item, made)
    return made


def _json_item(item: FeedItem, about: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_text": item.content_text(),
        "content_html": item.content_html(),
        "date_published": timestamp(item.day),
        "language": "en",  # the sentences are English, whichever page they are about
        "tags": list(item.tags),
        # A custom object as the spec asks: "_" + name, with `about` saying what it is.
        EXTENSION: {
            "about": about,
            "languages": list(item.languages),
            "model_ids": list(item.model_ids),
            "events": [event.model_dump(mode="json") for event in item.events],
        },
    }


# -- Atom 1.0 -----------------------------------------------------------------------------------


def atom_feed(
    events: Sequence[Event],
    *,
    title: str = TITLE,
    home_page_url: str | None = None,
    feed_url: str | None = None,
    days: int = FEED_DAYS,
    platform_events: Sequence[PlatformEvent] = (),
) -> str:
    """An Atom 1.0 feed (RFC 4287), the same items as the JSON Feed, with the same ids."""
    from scraper.publish.platforms import atom_entry

    items = feed_items(events, days=days, feed_url=feed_url)
    partners = platform_days(platform_events, days)
    newest = [i.day for i in items[:1]] + [e.date for e in partners[:1]]
    feed = _atom_feed_head(title, home_page_url, feed_url, max(newest) if newest else None)
    for item in items:
        feed.append(_atom_entry(item))
    for partner in partners:
        atom_entry(feed, partner, _text)
    ET.indent(feed, space="  ")
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def _atom_feed_head(
    title: str, home_page_url: str | None, feed_url: str | None, newest: date | None
) -> ET.Element:
    """The Atom feed element with its own children, before any entry."""
    home = _home(home_page_url)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(feed, "id", TAG_PREFIX + "feed")  # the same feed wherever it is published
    _text(feed, "title", title)
    _text(feed, "subtitle", DESCRIPTION)
    _text(feed, "updated", timestamp(newest) if newest else EPOCH)
    if feed_url and _absolute(feed_url):
        ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml",
                                     "href": feed_url})  # fmt: skip
    ET.SubElement(feed, "link", {"rel": "alternate", "href": home})
    author = ET.SubElement(feed, "author")
    _text(author, "name", GENERATOR)
    if _absolute(home_page_url):
        _text(author, "uri", home)
    _text(feed, "generator", GENERATOR)
    return feed


def _atom_entry(item: FeedItem) -> ET.Element:
    entry = ET.Element("entry")
    _text(entry, "id", item.id)
    _text(entry, "title", item.title)
    _text(entry, "updated", timestamp(item.day))
    _text(entry, "published", timestamp(item.day))
    ET.SubElement(entry, "link", {"rel": "alternate", "href": item.url})
    categories = [("type", kind) for kind in item.types]
    categories += [("language", lang) for lang in item.languages]
    categories += [("model", model_id) for model_id in item.model_ids]
    for scheme, term in categories:
        attributes = {"term": _xml_safe(term), "scheme": TAG_PREFIX + scheme}
        ET.SubElement(entry, "category", attributes)
    _text(entry, "summary", item.title)
    _text(entry, "content", item.content_text()).set("type", "text")
    return entry


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _xml_safe(text)
    return element


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: drop them."""
    return _NOT_XML.sub("", text)


# -- feeds assembled from each day's entries as text ---------------------------------------------
# A day's items depend only on its events and the feeds' URLs, so their text is made once and
# kept (`feed_cache` keeps it in .tracker/ between runs); a feed is then its head and the kept
# texts put together: the same bytes as `json_feed` and `atom_feed` give for the same events.


@dataclass(frozen=True)
class DayEntries:
    """A day's items as the feeds write them, in order: its JSON Feed items as they stand in the
    feed's `items` (indented, joined by `,` and a newline), its Atom entries likewise ("" when
    the day has none). A feed puts whole days together, so a day is kept as one text each."""

    day: date
    json_items: str
    atom_entries: str


def day_entries(
    day: date,
    events: Sequence[Event],
    *,
    json_feed_url: str | None = None,
    atom_feed_url: str | None = None,
) -> DayEntries:
    """The entries of one day's events (its unique events, in their report's order)."""
    changes = _change_items(events)
    json_items = changes + _finding_items(day, events, json_feed_url)
    atom_items = json_items
    if atom_feed_url != json_feed_url:  # a finding's link may be made from its feed's URL
        atom_items = changes + _finding_items(day, events, atom_feed_url)
    return DayEntries(
        day,
        _json_items_text([_json_item(item, ABOUT) for item in json_items]),
        _atom_entries_text(atom_items),
    )


_JSON_ITEMS_APART = ",\n"
_ATOM_ENTRIES_APART = "\n  "  # the tail `ET.indent` gives an entry followed by another
_NO_ITEMS = '\n  "items": []'  # how the feed's head says its (still empty) `items`


def _json_items_text(items: list[dict[str, Any]]) -> str:
    """Items as they stand in the feed's `items`: a list's items (one level deep), one more
    level in. JSON text has no newline inside a string (it is written \\n): every newline is
    indentation."""
    if not items:
        return ""
    listed = dump_json(items).removeprefix("[\n").removesuffix("\n]\n")
    return "  " + listed.replace("\n", "\n  ")


def _atom_entries_text(items: Sequence[FeedItem]) -> str:
    """Entries as they stand in the feed: under a feed element, indented as `atom_feed` does."""
    if not items:
        return ""
    feed = ET.Element("feed")
    feed.extend(_atom_entry(item) for item in items)
    ET.indent(feed, space="  ")
    return (
        ET.tostring(feed, encoding="unicode").removeprefix("<feed>\n  ").removesuffix("\n</feed>")
    )


def json_feed_of(
    days: Iterable[DayEntries],
    *,
    title: str = TITLE,
    home_page_url: str | None = None,
    feed_url: str | None = None,
    window: int = FEED_DAYS,
    platform_events: Sequence[PlatformEvent] = (),
) -> str:
    """`json_feed` from the days' entries (the days the feed keeps, each with its events)."""
    from scraper.publish.platforms import json_item

    newest_first = sorted(days, key=lambda d: d.day, reverse=True)
    dated = [(timestamp(d.day), d.json_items) for d in newest_first if d.json_items]
    if platform_events:  # merged by day, newest first, as `json_feed` merges them
        partners = [json_item(e, ABOUT, EXTENSION) for e in platform_days(platform_events, window)]
        dated += [(item["date_published"], _json_items_text([item])) for item in partners]
        dated.sort(key=lambda pair: pair[0], reverse=True)  # a day's own items first
    feed = _json_feed_head(title, home_page_url, feed_url)
    feed["items"] = []
    text = dump_json(feed)
    if not dated:
        return text
    before, _, after = text.partition(_NO_ITEMS)
    items = _JSON_ITEMS_APART.join(block for _, block in dated)
    return "".join((before, _NO_ITEMS[:-1], "\n", items, "\n  ]", after))


_KEPT_ENTRIES = "kept-entries"  # the element the days' entries replace (text is escaped: unique)


def atom_feed_of(
    days: Iterable[DayEntries],
    *,
    title: str = TITLE,
    home_page_url: str | None = None,
    feed_url: str | None = None,
    window: int = FEED_DAYS,
    platform_events: Sequence[PlatformEvent] = (),
) -> str:
    """`atom_feed` from the days' entries (the days the feed keeps, each with its events)."""
    from scraper.publish.platforms import atom_entry

    newest_first = [d for d in sorted(days, key=lambda d: d.day, reverse=True) if d.atom_entries]
    partners = platform_days(platform_events, window)
    newest = [d.day for d in newest_first[:1]] + [e.date for e in partners[:1]]
    feed = _atom_feed_head(title, home_page_url, feed_url, max(newest) if newest else None)
    if newest_first:
        ET.SubElement(feed, _KEPT_ENTRIES)  # indented as the first entry; its tail the last's
    for partner in partners:
        atom_entry(feed, partner, _text)
    ET.indent(feed, space="  ")
    body = ET.tostring(feed, encoding="unicode")
    if newest_first:
        before, _, after = body.partition(f"<{_KEPT_ENTRIES} />")
        entries = _ATOM_ENTRIES_APART.join(d.atom_entries for d in newest_first)
        body = "".join((before, entries, after))
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
