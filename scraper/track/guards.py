"""Guards: never publish a broken or stale reading of a page.

A new reading replaces the last good one only if it looks like the same page moving forward.
It is *held* (the last good snapshot stays) when:

- the status table shrank a lot, or every model disappeared;
- a model that was listed and not retired disappeared, while nothing on the new page says it
  retired (no "retired on" note, no retirement date on or before the day of the reading);
- a model's state went backwards (retired -> deprecated -> active), which real pages do not do
  but lagging mirrors and caches do;
- a history section (or a row of one) disappeared, or the page lost a large share of its
  sections or text: a response cut off cleanly before the end still parses as a page, and
  would otherwise publish "deprecation section removed" events.

Flapping (a model that appears and disappears between runs, as lagging mirrors and CDN caches
make it) is handled by the asymmetry: an addition is published at once, a suspicious removal or
regression is held. A held reading is only accepted once it has been seen on
`CONFIRM_AFTER_DAYS` distinct days in a row (see `Hold`), so a real removal is published a few
days late, while a one-off stale copy never produces an add/remove pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scraper.read.languages import STATES
from scraper.read.records import PageRecord

SHRINK_RATIO = 0.5  # the new table has fewer than half the rows: hold (retired rows do leave)
TEXT_RATIO = 0.8  # the new page's prose lost more than a fifth: hold (real pages only grow)
SECTIONS_RATIO = 0.8  # the new page lost more than a fifth of its sections: hold
CONFIRM_AFTER_DAYS = 3  # a held reading seen on this many distinct days in a row is accepted
_STATE_RANK = {state: rank for rank, state in enumerate(STATES)}  # the lifecycle's order


@dataclass(frozen=True)
class Hold:
    """A reading held back, and how long the same suspicious reading has been seen."""

    reasons: tuple[str, ...]
    first_seen: date
    last_seen: date
    days_seen: int
    fingerprint: str  # identifies the held reading, so only the same reading counts as repeat


def check(old: PageRecord | None, new: PageRecord, on: date) -> list[str]:
    """Reasons to hold `new` back instead of publishing it (empty: publish)."""
    if old is None:
        return []
    reasons: list[str] = []
    old_ids = {m.model_id for m in old.models}
    new_ids = {m.model_id for m in new.models}
    if not new_ids:
        reasons.append("every model disappeared from the status table")
    elif len(new_ids) < len(old_ids) * SHRINK_RATIO:
        reasons.append(f"the status table shrank from {len(old_ids)} to {len(new_ids)} models")
    retired_now = _retired_by(new, on)
    for model in old.models:
        if model.model_id in new_ids or model.state == "retired":
            continue
        if model.model_id in retired_now:
            continue
        firm_date = model.retirement_date if not model.retirement_not_before else None
        if firm_date is not None and firm_date <= on:
            continue
        reasons.append(
            f"{model.model_id} ({model.state}) disappeared but nothing says it was retired"
        )
    for model in new.models:
        before = old.model(model.model_id)
        if (
            before is not None
            and before.state is not None
            and model.state is not None
            and _STATE_RANK[model.state] < _STATE_RANK[before.state]
        ):
            reasons.append(f"{model.model_id} went back from {before.state} to {model.state}")
    reasons += _lost_history(old, new)
    if len(new.sections) < len(old.sections) * SECTIONS_RATIO:
        reasons.append(
            f"the page lost sections: {len(old.sections)} before, {len(new.sections)} now"
        )
    old_text = sum(len(s.text) for s in old.sections)
    new_text = sum(len(s.text) for s in new.sections)
    if old_text and new_text < old_text * TEXT_RATIO:
        reasons.append(f"the page's text shrank from {old_text} to {new_text} characters")
    return reasons


def _lost_history(old: PageRecord, new: PageRecord) -> list[str]:
    """History is append-only on the real page: a section or row that vanished is suspicious."""
    reasons = []
    now = {d.announced_on: d for d in new.deprecations}
    for section in old.deprecations:
        kept = now.get(section.announced_on)
        if kept is None:
            reasons.append(f"history section {section.announced_on} ({section.title}) disappeared")
            continue
        gone = sorted({e.model_id for e in section.entries} - {e.model_id for e in kept.entries})
        if gone:
            reasons.append(
                f"history section {section.announced_on} lost its rows for {', '.join(gone)}"
            )
    return reasons


def _retired_by(record: PageRecord, on: date) -> set[str]:
    """Models the page itself says are retired (a note, or a fixed past retirement date)."""
    retired = set()
    for section in record.deprecations:
        for entry in section.entries:
            if section.retired_on is not None or (
                entry.retirement_date is not None and entry.retirement_date <= on
            ):
                retired.add(entry.model_id)
    return retired


def update_hold(previous: Hold | None, reasons: list[str], fingerprint: str, on: date) -> Hold:
    """The hold after seeing a suspicious reading on `on`."""
    if previous is None or previous.fingerprint != fingerprint:
        return Hold(tuple(reasons), on, on, 1, fingerprint)
    if on <= previous.last_seen:  # the same day again, or a replay of an earlier one
        return previous
    return Hold(tuple(reasons), previous.first_seen, on, previous.days_seen + 1, fingerprint)


def confirmed(hold: Hold) -> bool:
    return hold.days_seen >= CONFIRM_AFTER_DAYS
