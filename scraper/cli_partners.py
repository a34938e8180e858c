"""The command line's partner-platform options and output (Amazon Bedrock, Google Cloud,
Microsoft Foundry), kept beside `cli.py` so the language commands stay as they were.

Nothing heavy is imported at module level: `deprecation-tracker --help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scraper.publish.platform_fates import PlatformFate
    from scraper.read.partners.records import PlatformName
    from scraper.track.platforms import PlatformOutcome

# As in `scraper.read.partners.platforms.PLATFORMS` (a test keeps them the same).
PLATFORM_NAMES: tuple[PlatformName, ...] = ("bedrock", "vertex", "foundry")
EXIT_OK, EXIT_FAILED = 0, 1  # as in `scraper.cli`, which imports this module


def parse_partner(source: str, platform: PlatformName | None, data_dir: Path) -> int | None:
    """`parse` of a partner page: print its record and return the exit status; None when the
    source is not a partner page (the caller reads it as Anthropic's page)."""
    from scraper.read.extract import PageError
    from scraper.read.parse import decode, read_page_bytes
    from scraper.read.partners import (
        PartnerPageError,
        partner_platform,
        read_partner_text,
    )
    from scraper.read.partners.platforms import platform_of_url
    from scraper.track.platforms import catalog_in

    is_url = source.startswith(("http://", "https://"))
    try:
        if is_url:
            name = platform or platform_of_url(source)
            if name is None:
                return None
            from scraper.fetch import fetch_url

            text, fmt, url = fetch_url(source)
        else:
            path = Path(source)
            if not path.is_file():
                return None  # the caller says what is wrong with it
            text, fmt, url = decode(read_page_bytes(path)), None, source
            name = partner_platform(text, name=path.name, platform=platform)
            if name is None:
                return None
        catalog = catalog_in(data_dir)
        record = read_partner_text(text, url=url, platform=name, fmt=fmt, catalog=catalog)
    except (PartnerPageError, PageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        print(f"error: {error if is_url else f'{source}: {error}'}", file=sys.stderr)
        return EXIT_FAILED
    sys.stdout.write(record.to_json())
    for warning in record.warnings:
        print(f"warning: {record.platform}: {warning.where}: {warning.message}", file=sys.stderr)
    for damage in record.damage:
        print(f"warning: {record.platform}: damaged: {damage}", file=sys.stderr)
    if catalog is None and any(m.model_id is None for m in record.models):
        print(
            f"hint: {data_dir} holds no English snapshot to resolve undated ids against; "
            "give --data-dir DIR of a tracker data directory",
            file=sys.stderr,
        )
    return EXIT_OK


def platforms_from(value: str) -> tuple[PlatformName, ...]:
    """`bedrock,vertex` → those platforms (in their usual order); `none` → none."""
    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    if names == ["none"]:
        return ()
    unknown = [name for name in names if name not in PLATFORM_NAMES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown) or repr(value)}: not a platform; give some of "
            f"{', '.join(PLATFORM_NAMES)} (comma-separated), or 'none'"
        )
    return tuple(name for name in PLATFORM_NAMES if name in names)


def _platform_url(value: str) -> tuple[str, str]:
    from scraper.cli import _web_url  # one URL check for every option
    from scraper.fetch_platforms import PAGE_SEPARATOR

    name, sep, given = value.partition("=")
    if not sep or name not in PLATFORM_NAMES:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give NAME=URL, NAME one of {', '.join(PLATFORM_NAMES)}, URL http(s)"
        )
    # A platform with several pages takes them all, in its order: NAME=URL|URL.
    urls = [_web_url(url.strip()) for url in given.split(PAGE_SEPARATOR)]
    return name, PAGE_SEPARATOR.join(urls)


def add_platform_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--platforms",
        type=platforms_from,
        default=None,
        metavar="LIST",
        help="partner platforms whose lifecycle pages are tracked too, comma-separated: "
        f"{', '.join(PLATFORM_NAMES)}; 'none' for none (default: all, or "
        "$DEPRECATION_TRACKER_PLATFORMS)",
    )
    parser.add_argument(
        "--platform-url",
        type=_platform_url,
        action="append",
        default=[],
        metavar="NAME=URL",
        help="fetch platform NAME's page from URL instead of its own (a mirror; a test "
        "server); a platform with several pages takes them all, joined by '|'; repeatable",
    )


def print_platforms(
    outcomes: Mapping[PlatformName, PlatformOutcome], *, quiet: bool = False
) -> int:
    """One line per platform (as per language); returns how many were held or failed. With
    `quiet`, only the platforms held or failed are said."""
    from scraper.read.partners.platforms import PLATFORMS

    bad = 0
    for name, outcome in outcomes.items():
        held_or_failed = outcome.status in ("held", "failed")
        if quiet and not held_or_failed:
            continue
        print(f"{name:8} {outcome.status:9} {outcome.message}")
        for event in outcome.events:
            print(f"  {event.summary()}")
        if held_or_failed:
            bad += 1
            print(
                f"error: {PLATFORMS[outcome.platform].title}: {outcome.status}; its last "
                "snapshot stays",
                file=sys.stderr,
            )
    return bad


def platform_fates_in(data_dir: Path) -> Mapping[str, list[PlatformFate]]:
    """Each model's partner-platform fates from DIR/snapshots/platforms.json ({} if none)."""
    path = _platforms_json(data_dir)
    if not path.is_file():  # `audit` outside a data directory loads no models
        return {}

    from scraper.publish.platform_fates import read_platforms_document

    document = read_platforms_document(path)
    return document.models if document else {}


def _platforms_json(data_dir: Path) -> Path:
    return data_dir / "snapshots" / "platforms.json"


def calendar_with_platforms(ics: str, data_dir: Path) -> str:
    """`calendar --platforms`: the calendar plus one event per model and partner platform."""
    from pydantic import ValidationError

    from scraper.publish.calendar import CalendarError
    from scraper.publish.platform_calendar import with_platform_events
    from scraper.publish.platform_fates import PlatformsDocument

    path = _platforms_json(data_dir)
    try:
        document = PlatformsDocument.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise CalendarError(
            f"{path}: no partner platforms tracked yet (a run with --platforms writes it)"
        ) from None
    except ValidationError as error:
        message = f"{path}: not a platforms document ({error.error_count()} errors)"
        raise CalendarError(message) from None
    return with_platform_events(ics, document)


def platform_schemas() -> dict[str, dict[str, object]]:
    """The JSON Schemas of the partner platforms' data files, by file name."""
    from scraper.publish.platform_fates import PlatformsDocument
    from scraper.read.partners.records import platform_record_schema
    from scraper.read.records import json_schema
    from scraper.track.platforms import PlatformEvent

    return {
        "platform-record.schema.json": platform_record_schema(),
        "platforms.schema.json": json_schema(PlatformsDocument, "platforms.schema.json"),
        "platform-event.schema.json": json_schema(PlatformEvent, "platform-event.schema.json"),
    }
