"""`audit` of a platform's id by that platform's dates.

`anthropic.claude-opus-4-1-20250805-v1:0` in code runs on Amazon Bedrock, so what matters is
Bedrock's schedule ("Legacy on Amazon Bedrock, EOL 8 January 2027 (us-east-1, …)"), not
Anthropic's retirement of the same model. A Google Cloud spelling (`…@20240307`) is judged by
Google Cloud's page. Where the platform's page does not list the model, Anthropic's dates stand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from scraper.publish.platform_fates import PlatformFate, fate_sentence, platform_fate_for
from scraper.read.partners.platforms import ENDED_WORDS
from scraper.words import counted

if TYPE_CHECKING:
    from scraper.act.audit import AuditFinding


def judged_on_platform(
    finding: AuditFinding, fates: Mapping[str, Sequence[PlatformFate]], today: date
) -> AuditFinding:
    """The finding with the platform's state and dates, when the platform lists the model."""
    fate = platform_fate_for(fates, finding.model_id, finding.platform)
    if fate is None:
        return finding
    end = fate.end
    tentative = end is not None and end.kind == "retirement_not_sooner_than"
    state = fate.state
    sentence = fate_sentence(fate)
    if end is not None and not tentative and end.date <= today:
        state = "retired"  # past the platform's end date, requests fail there
        sentence = ended_sentence(fate, today)
    return replace(
        finding,
        state=state,
        state_on_page=fate.state,
        retirement_date=end.date if end else None,
        retirement_not_before=tentative if end else None,
        days_until_retirement=(end.date - today).days if end else None,
        replacement=fate.replacement or finding.replacement,
        judged_by=fate.platform,
        platform_fate=sentence,
    )


def ended_sentence(fate: PlatformFate, today: date) -> str:
    """A model past its end on the platform, said first as what happened there and when:
    `shut down on Google Cloud on 1 August 2025 (488 days ago)`, not the page's state word
    (which may still say "Deprecated")."""
    assert fate.end is not None
    day = fate.end.date
    template = ENDED_WORDS.get(fate.end.kind, "{platform}: ended on {day}")
    said = template.format(platform=fate.platform_title, day=f"{day.day} {day:%B %Y}")
    days = (today - day).days
    return said + (f" ({counted(days, 'day')} ago)" if days else " (today)")
