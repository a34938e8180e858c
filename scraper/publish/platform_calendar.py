"""`calendar --platforms`: beside each Anthropic retirement, one event per model and partner
platform, on the day the model stops answering there (Bedrock's EOL, Google Cloud's shutdown,
Foundry's retirement). Each keeps one UID per model and platform, so a moved date moves it.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from scraper.publish.calendar import UID_DOMAIN
from scraper.publish.platform_fates import (
    PlatformFate,
    PlatformsDocument,
    fate_sentence,
    platform_fate_for,
)
from scraper.read.partners.platforms import PLATFORMS


def platform_uid(model_id: str, platform: str) -> str:
    return f"{model_id}.{platform}@{UID_DOMAIN}"


def with_platform_events(ics: str, document: PlatformsDocument) -> str:
    """The calendar text with one event per model and platform that has an end date."""
    calendar = Calendar.from_ical(ics)
    for model_id in sorted(document.models):
        for platform in PLATFORMS:
            fate = platform_fate_for(document.models, model_id, platform)
            if fate is not None and fate.end is not None:
                calendar.add_component(_event(model_id, fate))
    body: bytes = calendar.to_ical()
    return body.decode("utf-8")


def _event(model_id: str, fate: PlatformFate) -> CalendarEvent:
    assert fate.end is not None
    tentative = fate.end.kind == "retirement_not_sooner_than"
    event = CalendarEvent()
    event.add("uid", platform_uid(model_id, fate.platform))
    event.add("dtstamp", datetime.combine(fate.read_on, time(0, 0), tzinfo=UTC))
    event.add("dtstart", fate.end.date)
    event.add("dtend", fate.end.date + timedelta(days=1))
    event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    event.add("summary", f"{model_id}: {fate_sentence(fate)}")
    lines = [
        f"{model_id} ({fate.platform_id} on {fate.platform_title}): {fate_sentence(fate)}.",
        "The platform sets its own schedule; Anthropic's own date may differ.",
        f"Read on {fate.read_on.isoformat()} from {fate.page}",
    ]
    event.add("description", "\n".join(lines))
    if fate.page.startswith(("https://", "http://")):
        event.add("url", fate.page)
    event.add("transp", "TRANSPARENT")
    return event
