"""Guards: never publish a broken or stale copy of a page.

A new reading replaces the last good one unless there is evidence that the copy is damaged or is
not the page moving forward. It is *held* (the last good snapshot stays) when:

- the status table shrank a lot, or every model disappeared;
- a model that was listed and not retired disappeared, while nothing on the new page says it
  retired (no "retired on" note, no retirement date on or before the day of the reading);
- a status row now stands outside its table (a line swap moved it below the table): the model
  is still on the page, so "removed" would be wrong;
- a model's state went backwards (retired -> deprecated -> active), which real pages do not do
  but lagging mirrors and caches do;
- a history section (or a row of one) disappeared, or the page lost a large share of its
  sections or text, or a table row is cut short: a response cut off cleanly before the end still
  parses as a page, and would otherwise publish "deprecation section removed" events.

A value the reader does not understand (an unknown word, a date it cannot read) is *not* such
evidence: the page publishes, the value is kept as written and its warning stays in the record.

Flapping (a model that appears and disappears between runs, as lagging mirrors and CDN caches
make it) is handled by the asymmetry: an addition is published at once, a suspicious removal or
regression is held. A held reading is only accepted once it has been seen on
`CONFIRM_AFTER_DAYS` distinct days in a row (see `Hold`), so a real removal is published a few
days late, while a one-off stale copy never produces an add/remove pair. Every run judges its
reading afresh against the last good one; `Hold.since` is the first day of the ongoing hold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scraper.read.languages import STATES
from scraper.read.records import PageRecord, ParseWarning
from scraper.words import join_words

SHRINK_RATIO = 0.5  # the new table has fewer than half the rows: hold (retired rows do leave)
TEXT_RATIO = 0.8  # the new page's prose lost more than a fifth: hold (real pages only grow)
SECTIONS_RATIO = 0.8  # the new page lost more than a fifth of its sections: hold
CONFIRM_AFTER_DAYS = 3  # a held reading seen on this many distinct days in a row is accepted
NAMED = 3  # ids named in a grouped reason before "and N more"
REASONS_SHOWN = 3  # reasons in a hold's one sentence before "and N more"
_STATE_RANK = {state: rank for rank, state in enumerate(STATES)}  # the lifecycle's order
# Warnings of the reader that are evidence of a damaged copy, not of a value it cannot read.
DAMAGE_WARNINGS = ("cut short",)


@dataclass(frozen=True)
class Hold:
    """A reading held back, and how long the same suspicious reading has been seen."""

    reasons: tuple[str, ...]
    first_seen: date  # the first day of this reading (see `fingerprint`)
    last_seen: date
    days_seen: int
    fingerprint: str  # identifies the held reading, so only the same reading counts as repeat
    since: date | None = None  # the first day of the ongoing hold, whatever was read since

    @property
    def held_since(self) -> date:
        return self.since or self.first_seen

    @property
    def reason(self) -> str:
        """The hold's reasons in one short sentence."""
        return hold_reason(self.reasons)


# -- evidence: each kind of doubt, said once for one thing and once for many -----------------


@dataclass(frozen=True)
class _Doubt:
    kind: str
    subject: str  # a model id, a section; what the group names
    one: str  # the sentence when it is the only one of its kind


# kind -> the sentence for several subjects ({n}, {names}); one subject uses the doubt's own.
_MANY = {
    "vanished": "{n} models ({names}) disappeared from the status table but nothing says they "
    "were retired",
    "moved_out": "the status rows of {n} models ({names}) now stand outside the status table "
    "(lines moved?)",
    "went_back": "{n} models ({names}) went back to an earlier state",
    "lost_section": "{n} history sections ({names}) disappeared",
    "lost_rows": "{n} history sections ({names}) lost rows",
    "cut_short": "{n} table rows ({names}) are cut short (the copy looks truncated)",
}


def _group(doubts: Sequence[_Doubt]) -> list[str]:
    """One sentence per kind of doubt, in the order the kinds were first met."""
    kinds: dict[str, list[_Doubt]] = {}
    for doubt in doubts:
        kinds.setdefault(doubt.kind, []).append(doubt)
    said = []
    for kind, group in kinds.items():
        if len(group) == 1 or kind not in _MANY:
            said += [d.one for d in group]
        else:
            said.append(_MANY[kind].format(n=len(group), names=_names([d.subject for d in group])))
    return said


def _names(subjects: Sequence[str]) -> str:
    """`a, b and c`; past NAMED, `a, b, c and 2 more`."""
    more = len(subjects) - NAMED
    return join_words([*subjects[:NAMED], f"{more} more"] if more > 0 else subjects)


def hold_reason(reasons: Sequence[str]) -> str:
    """Reasons (already grouped by `check`) in one short sentence: the first few, then a count."""
    reasons = list(dict.fromkeys(reasons))  # an older hold.json may repeat itself
    if not reasons:
        return "no reason recorded"
    said = "; ".join(reasons[:REASONS_SHOWN])
    rest = len(reasons) - REASONS_SHOWN
    return said + (f"; and {rest} more reason{'s' if rest != 1 else ''}" if rest > 0 else "")


def check(
    old: PageRecord | None, new: PageRecord, on: date, markdown: str | None = None
) -> list[str]:
    """Reasons to hold `new` back instead of publishing it (empty: publish), grouped by kind.

    `markdown` is the new reading's text; with it, a status row moved out of its table is told
    apart from a model that left the page.
    """
    if old is None:
        return []
    reasons: list[str] = []
    old_ids = {m.model_id for m in old.models}
    new_ids = {m.model_id for m in new.models}
    if not new_ids:
        reasons.append("every model disappeared from the status table")
    elif len(new_ids) < len(old_ids) * SHRINK_RATIO:
        reasons.append(f"the status table shrank from {len(old_ids)} to {len(new_ids)} models")
    doubts: list[_Doubt] = []
    moved = set(moved_out_of_table(old, new, markdown))
    retired_now = _retired_by(new, on)
    for model in old.models:
        if model.model_id in moved:
            doubts.append(_Doubt("moved_out", model.model_id, _moved_sentence(model.model_id)))
            continue
        if model.model_id in new_ids or model.state == "retired":
            continue
        if model.model_id in retired_now:
            continue
        firm_date = model.retirement_date if not model.retirement_not_before else None
        if firm_date is not None and firm_date <= on:
            continue
        doubts.append(
            _Doubt(
                "vanished",
                model.model_id,
                f"{model.model_id} ({model.state}) disappeared from the status table but "
                "nothing says it was retired",
            )
        )
    for model in new.models:
        before = old.model(model.model_id)
        if (
            before is not None
            and before.state is not None
            and model.state is not None
            and _STATE_RANK[model.state] < _STATE_RANK[before.state]
        ):
            doubts.append(
                _Doubt(
                    "went_back",
                    model.model_id,
                    f"{model.model_id} went back from {before.state} to {model.state}",
                )
            )
    doubts += _lost_history(old, new)
    doubts += _cut_short(old, new)
    reasons += _group(doubts)
    if len(new.sections) < len(old.sections) * SECTIONS_RATIO:
        reasons.append(
            f"the page lost sections: {len(old.sections)} before, {len(new.sections)} now"
        )
    old_text = sum(len(s.text) for s in old.sections)
    new_text = sum(len(s.text) for s in new.sections)
    if old_text and new_text < old_text * TEXT_RATIO:
        reasons.append(f"the page's text shrank from {old_text} to {new_text} characters")
    return reasons


def _lost_history(old: PageRecord, new: PageRecord) -> list[_Doubt]:
    """History is append-only on the real page: a section or row that vanished is suspicious."""
    doubts = []
    now = {d.announced_on: d for d in new.deprecations}
    for section in old.deprecations:
        kept = now.get(section.announced_on)
        day = section.announced_on.isoformat()
        if kept is None:
            said = f"history section {day} ({section.title}) disappeared"
            doubts.append(_Doubt("lost_section", day, said))
            continue
        gone = sorted({e.model_id for e in section.entries} - {e.model_id for e in kept.entries})
        if gone:
            said = f"history section {day} lost its rows for {_names(gone)}"
            doubts.append(_Doubt("lost_rows", day, said))
    return doubts


def _cut_short(old: PageRecord, new: PageRecord) -> list[_Doubt]:
    """Rows the reader saw cut off (not closed like the others), unless the last good reading
    already had them so: the page's own typo is not new damage."""
    known = {(w.where, w.message) for w in old.warnings}
    return [
        _Doubt("cut_short", w.where, f"{w.where}: {w.message}")
        for w in new.warnings
        if any(marker in w.message for marker in DAMAGE_WARNINGS)
        and (w.where, w.message) not in known
    ]


# -- a status row moved out of its table (a line swap) ----------------------------------------

_ROW_LINE = re.compile(r"^\s*\|\s*`?(?P<id>[^|`\s]+)`?\s*\|")


def moved_out_of_table(old: PageRecord | None, new: PageRecord, markdown: str | None) -> list[str]:
    """Models the last good reading had in its status table that the new one lacks, while the
    new page's text still has a status-table row for them (a `| id | ... |` line the reader did
    not take as part of the table: a line swap put it below the table)."""
    if old is None or not markdown:
        return []
    in_table = {m.model_id for m in new.models}
    missing = {m.model_id for m in old.models} - in_table
    if not missing:
        return []
    found = set()
    for line in markdown.splitlines():
        match = _ROW_LINE.match(line)
        if match and match["id"] in missing and line.count("|") >= 5:
            found.add(match["id"])
    return sorted(found)


def _moved_sentence(model_id: str) -> str:
    return f"{model_id}'s status row now stands outside the status table (a line moved?)"


def moved_warnings(
    old: PageRecord | None, new: PageRecord, markdown: str | None
) -> list[ParseWarning]:
    """The warning each model moved out of the status table leaves in the published record."""
    return [
        ParseWarning(
            where="model-status",
            message=f"{model_id} was in the status table of the last good reading; "
            "its row now stands outside the table and is not read",
        )
        for model_id in moved_out_of_table(old, new, markdown)
    ]


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


# -- how long a hold lasts ---------------------------------------------------------------------


def update_hold(previous: Hold | None, reasons: list[str], fingerprint: str, on: date) -> Hold:
    """The hold after seeing a suspicious reading on `on`.

    Counting days starts over for a different reading; the hold itself (`since`) goes on.
    """
    if previous is None:
        return Hold(tuple(reasons), on, on, 1, fingerprint, since=on)
    since = previous.held_since
    if previous.fingerprint != fingerprint:
        return Hold(tuple(reasons), on, on, 1, fingerprint, since=min(since, on))
    if on <= previous.last_seen:  # the same day again, or a replay of an earlier one
        return previous
    return Hold(
        tuple(reasons), previous.first_seen, on, previous.days_seen + 1, fingerprint, since=since
    )


def confirmed(hold: Hold) -> bool:
    return hold.days_seen >= CONFIRM_AFTER_DAYS
