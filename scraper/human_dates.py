"""How a day is written for people ("20 April 2026"): one place for every stage.

Findings (`track/`) and reports (`publish/`) say days the same way; keeping it here, below both,
lets `track/` say a day without importing `publish/` (the stages flow one way).
"""

from __future__ import annotations

from datetime import date
from typing import Any

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(value: Any) -> str:
    """`20 April 2026` for a date or an ISO string; other text is returned as it is."""
    day = value if isinstance(value, date) else iso_day(value)
    if day is None:
        return str(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def iso_day(value: Any) -> date | None:
    """The day an ISO text starts with (None: not one)."""
    try:
        return date.fromisoformat(str(value)[:10]) if value is not None else None
    except ValueError:
        return None
