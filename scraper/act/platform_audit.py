"""`audit` of a platform's id by that platform's dates.

`anthropic.claude-opus-4-1-20250805-v1:0` in code runs on Amazon Bedrock, so what matters is
Bedrock's schedule ("Legacy on Amazon Bedrock, EOL 8 January 2027 (us-east-1, …)"), not
Anthropic's retirement of the same model. A Google Cloud spelling (`…@20240307`) is judged by
Google Cloud's page. Where the platform's page does not list the model, Anthropic's dates stand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from scraper.publish.platform_fates import PlatformFate, fate_sentence, platform_fate_for

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
    if end is not None and not tentative and end.date <= today:
        state = "retired"  # past the platform's end date, requests fail there
    return finding.model_copy(
        update={
            "state": state,
            "state_on_page": fate.state,
            "retirement_date": end.date if end else None,
            "retirement_not_before": tentative if end else None,
            "days_until_retirement": (end.date - today).days if end else None,
            "replacement": fate.replacement or finding.replacement,
            "judged_by": fate.platform,
            "platform_fate": fate_sentence(fate),
        }
    )
