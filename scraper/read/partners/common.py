"""What the three partner readers share: reading a date cell, naming a model, warnings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from scraper.read.dates import first_date
from scraper.read.partners.ids import anthropic_id, id_token
from scraper.read.partners.platforms import NO_DATE, PLATFORMS, state_of
from scraper.read.partners.records import (
    DateKind,
    PageShape,
    PlatformDate,
    PlatformModel,
    PlatformName,
    RegionGroup,
)
from scraper.read.records import ParseWarning


def says_none(cell: str) -> bool:
    """Whether a cell prints "nothing here" (`—`, `N/A`, empty; see `NO_DATE`)."""
    return cell.strip().lower() in NO_DATE


def read_date(kind: DateKind, label: str) -> PlatformDate:
    """A date as printed: `—` is no date; words the tool does not read keep their label."""
    text = label.strip()
    value = None if says_none(text) else first_date(text, "en")
    return PlatformDate(kind=kind, date=value, label=text)


def unread(dates: Iterable[PlatformDate]) -> list[DateKind]:
    """Kinds whose label is something, but not a date the tool reads."""
    return sorted({d.kind for d in dates if d.date is None and not says_none(d.label)})


@dataclass
class Reading:
    """What a reader found on one page: the shape it recognised, the models, what went wrong."""

    platform: PlatformName
    catalog: frozenset[str] | None
    shape: PageShape = "unknown"
    models: list[PlatformModel] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(ParseWarning(where=where, message=message))

    def map_id(self, written: str) -> str | None:
        """The Anthropic id for a platform id, with a warning when it cannot be told."""
        token = id_token(written)
        model_id = anthropic_id(self.platform, token, self.catalog)
        if model_id is None:
            why = (
                "not a model Anthropic's page names"
                if self.catalog
                else "an alias, and no catalog of Anthropic's ids was given to resolve it"
            )
            self.warn(token, f"cannot be mapped to an Anthropic model id ({why})")
        return model_id

    def add(
        self,
        *,
        platform_id: str,
        name: str,
        section: str,
        state_label: str,
        groups: list[RegionGroup],
        version: str = "",
        replacement_label: str = "",
    ) -> None:
        token = id_token(platform_id)
        replacement_text = "" if says_none(replacement_label) else replacement_label
        replacement = (
            anthropic_id(self.platform, id_token(replacement_text), self.catalog)
            if replacement_text
            else None
        )
        dates = [d for group in groups for d in group.dates]
        not_read = unread(dates)
        state = state_of(self.platform, state_label)
        if state is None and state_label.strip().lower() not in PLATFORMS[self.platform].states:
            self.warn(token, f"state {state_label!r} is not a word this platform is known to use")
        self.models.append(
            PlatformModel(
                platform_id=token,
                model_id=self.map_id(platform_id),
                name=name.strip(),
                version="" if says_none(version) else version.strip(),
                section=section,
                state=state,
                state_label=state_label.strip(),
                groups=groups,
                replacement_label=replacement_text.strip(),
                replacement=replacement,
                not_understood=not_read,
            )
        )
        for kind in not_read:
            label = next(d.label for d in dates if d.kind == kind and d.date is None)
            self.warn(token, f"{kind} date {label!r} is not a date the tool reads; kept as written")
