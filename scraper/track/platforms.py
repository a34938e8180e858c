"""The partner platforms tracked like the page: dated snapshots, typed events, outcomes.

Per platform (Amazon Bedrock, Google Cloud, Microsoft Foundry), as for a language:

    snapshots/platforms/<platform>/<YYYY-MM-DD>.json   the PlatformRecord of that day (on change)
    snapshots/platforms/<platform>/latest.json         the newest one
    diffs/platforms/<YYYY-MM-DD>.json                  that day's platform events

A reading with evidence of damage (a table cut short) is held: the last snapshot stays. A page
whose shape is not understood (a table replaced by a policy, a page split in two) is recorded
and said once ("not understood"), but never compared model by model: no model is reported gone
because a table moved. Comparisons are always against the last understood snapshot.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scraper.read.partners.ids import catalog_of
from scraper.read.partners.platforms import DATE_KIND_WORDS, PLATFORMS
from scraper.read.partners.records import DateKind, PlatformModel, PlatformName, PlatformRecord
from scraper.read.records import dump_json
from scraper.track.store import Store

PlatformEventType = Literal[
    "platform_model_listed",
    "platform_model_unlisted",
    "platform_state_changed",
    "platform_date_set",
    "platform_date_moved",
    "platform_date_cleared",
    "platform_regions_changed",
    "platform_page_shape_changed",
    "platform_page_not_understood",
]
PlatformStatus = Literal["first", "changed", "unchanged", "held", "failed", "not_understood"]
# Later states win when a page lists one model twice (scheduled and reached EOL).
_STATE_RANK = {None: 0, "active": 1, "legacy": 2, "deprecated": 3, "retired": 4}


class PlatformEvent(BaseModel):
    """One change on one platform's lifecycle page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Stable, unique id (date, platform, type, subject, change hash).")
    date: datetime.date = Field(description="Day of the run (or capture) that saw the change.")
    type: PlatformEventType
    platform: PlatformName
    platform_id: str | None = Field(description="The platform's model id, as printed.")
    model_id: str | None = Field(description="The Anthropic model id, when it maps to one.")
    kind: DateKind | None = Field(default=None, description="For date events: which date.")
    before: Any = None
    after: Any = None
    shift_days: int | None = Field(default=None, description="For a moved date: new − old.")
    link: str = Field(description="The platform's page.")

    def summary(self) -> str:
        """One line, for commit messages, reports and feed titles."""
        return f"[{PLATFORMS[self.platform].title}] {self.change()}"

    def change(self) -> str:
        """What changed, without the platform (where the platform is said already)."""
        said: str = _SUMMARIES[self.type](self)
        return said


SHAPE_WORDS: dict[str, str] = {
    "bedrock_single_list": "one list of Legacy models",
    "bedrock_legacy_tables": "a table of scheduled EOL dates and a list of models past EOL",
    "vertex_deprecations": "a deprecation sentence per model",
    "vertex_model_card": "a model card",
    "foundry_schedule": "retirement schedule tables",
    "unknown": "not understood",
}


def _who(e: PlatformEvent) -> str:
    return e.model_id or f"{e.platform_id} (not mapped to an Anthropic model)"


def _kind(e: PlatformEvent) -> str:
    return DATE_KIND_WORDS[e.kind] if e.kind else "date"


def _dates(value: Any) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _shift(days: int | None) -> str:
    return "" if not days else f" ({'+' if days > 0 else ''}{days} days)"


_SUMMARIES: dict[str, Any] = {
    "platform_model_listed": lambda e: f"{_who(e)} listed ({_show(e.after)})",
    "platform_model_unlisted": lambda e: f"{_who(e)} no longer listed (was {_show(e.before)})",
    "platform_state_changed": lambda e: f"{_who(e)}: {e.before} → {e.after}",
    "platform_date_set": lambda e: f"{_who(e)}: {_kind(e)} {_dates(e.after)}",
    "platform_date_moved": lambda e: (
        f"{_who(e)}: {_kind(e)} {_dates(e.before)} → {_dates(e.after)}{_shift(e.shift_days)}"
    ),
    "platform_date_cleared": lambda e: (
        f"{_who(e)}: no {_kind(e)} date any more (was {_dates(e.before)})"
    ),
    "platform_regions_changed": lambda e: (
        f"{_who(e)}: regions {_regions_change(e.before, e.after)}"
    ),
    "platform_page_shape_changed": lambda e: (
        f"the page changed shape: {SHAPE_WORDS.get(e.before, e.before)} → "
        f"{SHAPE_WORDS.get(e.after, e.after)}"
    ),
    "platform_page_not_understood": lambda e: (
        f"the page is not understood any more ({e.after}); its models are not compared until it is"
    ),
}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        end = value.get("end")
        return str(value.get("state", "")) + (f", {end}" if end else "")
    return str(value)


def _regions_change(before: Any, after: Any) -> str:
    """`+ca-west-1, −me-central-1` (and the number of region groups when that changed)."""
    old = {r for group in before or [] for r in group}
    new = {r for group in after or [] for r in group}
    parts = [f"+{r}" for r in sorted(new - old)] + [f"−{r}" for r in sorted(old - new)]
    if len(before or []) != len(after or []):
        parts.append(f"{len(before or [])} → {len(after or [])} region groups")
    return ", ".join(parts) or "regrouped"


# -- comparing two readings -------------------------------------------------------------------


def _view(model: PlatformModel) -> dict[str, Any]:
    """What is compared: the state word, each kind's dates, the region groups (not labels or
    the order of rows)."""
    dates: dict[str, list[str]] = {}
    for group in model.groups:
        for d in group.dates:
            value = d.date.isoformat() if d.date else (d.label if d.label not in ("", "—") else "")
            if value:
                dates.setdefault(d.kind, [])
                if value not in dates[d.kind]:
                    dates[d.kind].append(value)
    return {
        "state": model.state_label,
        "dates": {kind: sorted(values) for kind, values in dates.items()},
        "regions": sorted(sorted(g.regions) for g in model.groups if g.regions),
    }


def _by_id(record: PlatformRecord) -> dict[str, PlatformModel]:
    models: dict[str, PlatformModel] = {}
    for model in record.models:
        known = models.get(model.platform_id)
        if known is None or _STATE_RANK[model.state] > _STATE_RANK[known.state]:
            models[model.platform_id] = model
    return models


def _end_words(model: PlatformModel) -> str:
    end = model.end()
    return f"{DATE_KIND_WORDS[end[0]]} {end[1].isoformat()}" if end else ""


def page_link(record: PlatformRecord) -> str:
    url = record.source.url
    return url if url.startswith(("https://", "http://")) else PLATFORMS[record.platform].urls[0]


def diff_platform_records(
    old: PlatformRecord | None, new: PlatformRecord, day: date, *, said_before: bool = False
) -> list[PlatformEvent]:
    """Events from the last understood reading `old` to `new` (none for a first reading).

    A `new` not understood is one event, unless `said_before` (the newest snapshot was not
    understood either)."""
    link = page_link(new)
    make = _Maker(day, new.platform, link)
    if not new.understood():
        if not said_before:
            why = "; ".join(w.message for w in new.warnings[:2]) or f"shape {new.shape}"
            return [
                make(
                    "platform_page_not_understood", None, None, before=old and old.shape, after=why
                )
            ]
        return []
    if old is None:
        return []
    events: list[PlatformEvent] = []
    if old.shape != new.shape:
        events.append(
            make("platform_page_shape_changed", None, None, before=old.shape, after=new.shape)
        )
    before, after = _by_id(old), _by_id(new)
    for pid in sorted(set(before) | set(after)):
        was, now = before.get(pid), after.get(pid)
        model_id = (now.model_id if now else None) or (was.model_id if was else None)
        if was is None and now is not None:
            events.append(
                make(
                    "platform_model_listed",
                    pid,
                    model_id,
                    after={"state": now.state_label, "end": _end_words(now)},
                )
            )
            continue
        if now is None and was is not None:
            events.append(
                make(
                    "platform_model_unlisted",
                    pid,
                    model_id,
                    before={"state": was.state_label, "end": _end_words(was)},
                )
            )
            continue
        assert was is not None and now is not None
        events += _model_events(make, pid, now.model_id or was.model_id, _view(was), _view(now))
    return events


def _model_events(
    make: _Maker, pid: str, model_id: str | None, was: dict[str, Any], now: dict[str, Any]
) -> list[PlatformEvent]:
    events = []
    if was["state"] != now["state"]:
        events.append(
            make("platform_state_changed", pid, model_id, before=was["state"], after=now["state"])
        )
    for kind in sorted(set(was["dates"]) | set(now["dates"])):
        old_dates, new_dates = was["dates"].get(kind, []), now["dates"].get(kind, [])
        if old_dates == new_dates:
            continue
        if not old_dates:
            events.append(make("platform_date_set", pid, model_id, kind=kind, after=new_dates))
        elif not new_dates:
            events.append(make("platform_date_cleared", pid, model_id, kind=kind, before=old_dates))
        else:
            shift = _shift_days(old_dates, new_dates)
            moved = make("platform_date_moved", pid, model_id, kind=kind, before=old_dates,
                         after=new_dates, shift_days=shift)  # fmt: skip
            events.append(moved)
    if was["regions"] != now["regions"]:
        events.append(
            make(
                "platform_regions_changed",
                pid,
                model_id,
                before=was["regions"],
                after=now["regions"],
            )
        )
    return events


def _shift_days(old: list[str], new: list[str]) -> int | None:
    try:
        return (date.fromisoformat(max(new)) - date.fromisoformat(max(old))).days
    except ValueError:
        return None  # a date kept as written: no arithmetic on words


@dataclass(frozen=True)
class _Maker:
    day: date
    platform: PlatformName
    link: str

    def __call__(
        self,
        type_: PlatformEventType,
        platform_id: str | None,
        model_id: str | None,
        *,
        kind: DateKind | None = None,
        before: Any = None,
        after: Any = None,
        shift_days: int | None = None,
    ) -> PlatformEvent:
        change = json.dumps([kind, before, after], sort_keys=True, default=str)
        digest = hashlib.sha256(change.encode()).hexdigest()[:8]
        subject = platform_id or "page"
        return PlatformEvent(
            id=f"{self.day.isoformat()}/{self.platform}/{type_}/{subject}/{digest}",
            date=self.day,
            type=type_,
            platform=self.platform,
            platform_id=platform_id,
            model_id=model_id,
            kind=kind,
            before=before,
            after=after,
            shift_days=shift_days,
            link=self.link,
        )


# -- one run's platform readings ----------------------------------------------------------------


@dataclass(frozen=True)
class PlatformReading:
    """What was read for one platform: a record (and its text), or an error."""

    platform: PlatformName
    record: PlatformRecord | None = None
    error: str | None = None


@dataclass(frozen=True)
class PlatformOutcome:
    platform: PlatformName
    status: PlatformStatus
    message: str
    events: tuple[PlatformEvent, ...] = ()


@dataclass
class PlatformsResult:
    outcomes: dict[PlatformName, PlatformOutcome] = field(default_factory=dict)
    events: list[PlatformEvent] = field(default_factory=list)


def platform_folder(store: Store, platform: PlatformName) -> Path:
    return store.snapshots / "platforms" / platform


def platform_days(store: Store, platform: PlatformName) -> list[date]:
    folder = platform_folder(store, platform)
    found = {p for p in folder.glob("????-??-??.json") if p.is_file()}
    found |= {p for p in store.pending if p.parent == folder and p.match("????-??-??.json")}
    return sorted(date.fromisoformat(p.stem) for p in found)


def platform_snapshot(store: Store, platform: PlatformName, day: date) -> PlatformRecord | None:
    relative = f"snapshots/platforms/{platform}/{day.isoformat()}.json"
    text = store.read_data(relative)
    try:
        return None if text is None else PlatformRecord.model_validate_json(text)
    except ValidationError:
        return None


def latest_platform(store: Store, platform: PlatformName) -> PlatformRecord | None:
    text = store.read_data(f"snapshots/platforms/{platform}/latest.json")
    try:
        return None if text is None else PlatformRecord.model_validate_json(text)
    except ValidationError:
        return None


def latest_platform_records(store: Store) -> dict[PlatformName, tuple[date, PlatformRecord]]:
    """Each platform's newest snapshot and its day (platforms never read are left out)."""
    found: dict[PlatformName, tuple[date, PlatformRecord]] = {}
    for name in PLATFORMS:
        days = platform_days(store, name)
        record = latest_platform(store, name) if days else None
        if record is not None:
            found[name] = (days[-1], record)
    return found


def last_understood(store: Store, platform: PlatformName) -> PlatformRecord | None:
    """The newest snapshot whose shape was understood: what a new reading is compared with."""
    for day in reversed(platform_days(store, platform)):
        record = platform_snapshot(store, platform, day)
        if record is not None and record.understood():
            return record
    return None


def _same(a: PlatformRecord, b: PlatformRecord) -> bool:
    return a.normalized().model_dump(exclude={"source"}) == b.normalized().model_dump(
        exclude={"source"}
    )


def apply_platform_readings(
    store: Store, readings: Sequence[PlatformReading], day: date
) -> PlatformsResult:
    """Compare, guard and stage each platform's reading; one platform never stops another."""
    result = PlatformsResult()
    for reading in sorted(readings, key=lambda r: list(PLATFORMS).index(r.platform)):
        staged = dict(store.pending)
        try:
            outcome = _apply_one(store, reading, day)
        except Exception as error:  # one platform's surprise never stops the others
            store.pending = staged
            cause = f"unexpected error while comparing: {type(error).__name__}: {error}"
            outcome = PlatformOutcome(reading.platform, "failed", cause)
        result.outcomes[reading.platform] = outcome
        result.events.extend(outcome.events)
    if result.events:
        earlier = day_platform_events(store, day)
        seen = {e.id for e in earlier}
        events = earlier + [e for e in result.events if e.id not in seen]
        store.write(store.diffs / "platforms" / f"{day.isoformat()}.json", _day_json(day, events))
    return result


def _apply_one(store: Store, reading: PlatformReading, day: date) -> PlatformOutcome:
    name = reading.platform
    if reading.error is not None or reading.record is None:
        return PlatformOutcome(name, "failed", reading.error or "nothing was read")
    new = reading.record.normalized()
    if new.damage:
        return PlatformOutcome(
            name, "held", "damaged: " + "; ".join(new.damage) + " (the last snapshot stays)"
        )
    new = carry_missing_pages(new, last_understood(store, name))
    days = platform_days(store, name)
    if days and day < days[-1]:  # history only moves forward, as for a language
        return PlatformOutcome(
            name, "failed", f"{day} is before its newest snapshot ({days[-1]}); nothing written"
        )
    newest = latest_platform(store, name)
    if newest is not None and _same(newest, new):
        return PlatformOutcome(name, "unchanged", "no change")
    old = last_understood(store, name)
    events = (
        diff_platform_records(old, new, day) if newest is None or not _same(newest, new) else []
    )
    folder = platform_folder(store, name)
    store.write(folder / f"{day.isoformat()}.json", new.to_json())
    store.write(folder / "latest.json", new.to_json())
    if not new.understood():
        said = "; ".join(w.message for w in new.warnings[:2])
        return PlatformOutcome(name, "not_understood", f"not understood: {said}", tuple(events))
    partly = (
        f" ({len(new.missing_pages)} of its pages kept as last read)" if new.missing_pages else ""
    )
    if newest is None:
        return PlatformOutcome(name, "first", f"first snapshot: {len(new.models)} models{partly}")
    return PlatformOutcome(name, "changed", f"{len(events)} events{partly}", tuple(events))


def carry_missing_pages(new: PlatformRecord, old: PlatformRecord | None) -> PlatformRecord:
    """`new` with the models of its missing pages as `old` (the last understood snapshot) read
    them: a page that failed today says nothing about its models, so none looks removed."""
    if not new.missing_pages or old is None:
        return new
    missing = set(new.missing_pages)
    # A snapshot from before a platform had several pages names no page: its source's.
    carried = [m for m in old.models if (m.page or old.source.url) in missing]
    carried = [m if m.page else m.model_copy(update={"page": old.source.url}) for m in carried]
    return new.model_copy(update={"models": [*new.models, *carried]}).normalized()


def day_platform_events(store: Store, day: date) -> list[PlatformEvent]:
    text = store.read_data(f"diffs/platforms/{day.isoformat()}.json")
    if text is None:
        return []
    try:
        return [PlatformEvent.model_validate(e) for e in json.loads(text)["events"]]
    except (ValueError, KeyError, ValidationError):
        return []


def recent_platform_events(store: Store, days: int) -> list[PlatformEvent]:
    """The platform events of the newest `days` days that have any, whole days, newest first."""
    folder = store.diffs / "platforms"
    written = {date.fromisoformat(p.stem) for p in folder.glob("????-??-??.json")}
    pending = {date.fromisoformat(p.stem) for p in store.pending if p.parent == folder}
    recent: list[PlatformEvent] = []
    for day in sorted(written | pending, reverse=True)[:days]:
        recent.extend(day_platform_events(store, day))
    return recent


def _day_json(day: date, events: Iterable[PlatformEvent]) -> str:
    ordered = sorted(events, key=lambda e: (list(PLATFORMS).index(e.platform), e.id))
    return dump_json(
        {"date": day.isoformat(), "events": [e.model_dump(mode="json") for e in ordered]}
    )


# -- the day report's sections --------------------------------------------------------------------


def platform_sections(
    events: Sequence[PlatformEvent], outcomes: Mapping[PlatformName, PlatformOutcome]
) -> str:
    """Markdown: a section per platform with its changes, or what stopped it being read."""
    out: list[str] = []
    for name, platform in PLATFORMS.items():
        mine = [e for e in events if e.platform == name]
        outcome = outcomes.get(name)
        if not mine and (outcome is None or outcome.status in ("unchanged",)):
            continue
        out += [f"## {platform.title}", ""]
        mine.sort(key=lambda e: (e.platform_id is not None, e.model_id or "", e.id))
        out += [f"- {_md(e.change())}" for e in mine]
        if outcome is not None and outcome.status in ("held", "failed", "not_understood", "first"):
            out.append(f"- {outcome.status.replace('_', ' ')}: {_md(outcome.message)}")
        out += [f"- Source: <{page_link_for(mine, name)}>", ""]
    return "\n".join(out)


def page_link_for(events: Sequence[PlatformEvent], name: PlatformName) -> str:
    return events[0].link if events else PLATFORMS[name].urls[0]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*")


# -- replaying captures of the platforms' pages ---------------------------------------------------

_CAPTURE = re.compile(
    r"^(?P<platform>"
    + "|".join(PLATFORMS)
    + r")__(?P<day>\d{4}-\d{2}-\d{2})__.+\.(?P<ext>md|html)$"
)


@dataclass(frozen=True)
class PlatformCapture:
    path: Path
    platform: PlatformName
    day: date
    ext: str


def find_platform_captures(
    directory: Path, names: Iterable[str]
) -> tuple[list[PlatformCapture], list[str]]:
    """Of `names` (files in `directory`), the `<platform>__<YYYY-MM-DD>__*.md|html` captures,
    and the names that are not."""
    captures, others = [], []
    for name in names:
        match = _CAPTURE.match(name)
        try:
            day = date.fromisoformat(match["day"]) if match else None
        except ValueError:
            day = None
        if match is None or day is None:
            others.append(name)
            continue
        platform = next(p for p in PLATFORMS if p == match["platform"])
        captures.append(PlatformCapture(directory / name, platform, day, match["ext"]))
    return captures, others


def pick_platform_captures(
    store: Store, captures: Sequence[PlatformCapture], platforms: Sequence[PlatformName]
) -> tuple[list[PlatformCapture], list[str]]:
    """One capture per platform and day (Markdown before HTML), newer than that platform's
    history; and why the others are skipped."""
    best: dict[tuple[str, date], PlatformCapture] = {}
    skipped = []
    for capture in sorted(captures, key=lambda c: (c.ext != "md", c.path.name)):
        if capture.platform not in platforms:
            continue
        if (capture.platform, capture.day) in best:
            skipped.append(f"skipped {capture.path.name} (another capture that day is preferred)")
            continue
        days = platform_days(store, capture.platform)
        latest = latest_platform(store, capture.platform) if days else None
        if days and capture.day < days[-1]:
            newest = days[-1]
            skipped.append(f"skipped {capture.path.name}: older than the newest {newest}")
        elif latest is not None and latest.source.url == capture.path.name:
            skipped.append(f"skipped {capture.path.name}: already applied")
        else:
            best[(capture.platform, capture.day)] = capture
    return sorted(best.values(), key=lambda c: (c.day, c.platform)), skipped


def read_platform_capture(
    capture: PlatformCapture, catalog: Iterable[str] | None
) -> PlatformReading:
    """A capture read as its platform's page (its source named by the file's name, so a replay
    gives the same snapshots wherever the archive sits); an unreadable one is a failed reading."""
    from scraper.read.extract import PageError
    from scraper.read.partners import PartnerPageError, read_partner_file

    try:
        record, _ = read_partner_file(
            capture.path, capture.platform, catalog=catalog, url=capture.path.name
        )
        return PlatformReading(capture.platform, record)
    except (OSError, PartnerPageError, PageError) as error:
        return PlatformReading(capture.platform, error=f"{capture.path.name}: {error}")
    except Exception as error:  # one capture's surprise never stops the replay
        cause = f"{capture.path.name}: unexpected error: {type(error).__name__}: {error}"
        return PlatformReading(capture.platform, error=cause)


def catalog_in(data_dir: Path) -> frozenset[str] | None:
    """The Anthropic ids of the English snapshot in a data directory, if it holds one."""
    try:
        english = Store(data_dir).latest("en")
    except (OSError, ValueError):
        return None
    return catalog_of(english) if english is not None else None
