"""What a talent may apply for (可申领政策): the published policies in force where they live
— their county's, their city's and their province's — each with the rules their record
does not meet, the facts the application must declare, and whether they already hold or
have applied for it. Asked by the window, the unit or the talent about a talent they may
see: a county office's own list (`fundPolicies`) shows only the policies it pays."""

from __future__ import annotations

from dataclasses import dataclass

from permissions.scopes import ancestors
from resolvers.core.context import RequestContext
from resolvers.core.lookup import find_visible
from resolvers.funds.applications import OPEN
from resolvers.funds.eligibility import facts_of, rules_of, unmet
from schema.clock import china_today
from schema.models import Entitlement, FundApplication, FundPolicy, Talent
from schema.models.enums import EntitlementStatus, FundPolicyStatus, FundRuleField

DECLARED = (FundRuleField.FIRST_HOME, FundRuleField.SOCIAL_INSURANCE_MONTHS)
ASSUMED_MONTHS = 10_000  # declared facts are taken as met here; the reviewers check them


@dataclass(frozen=True)
class Applicable:
    policy: FundPolicy
    unmet: list[str]  # rules the talent's record does not meet (empty: eligible on record)
    to_declare: list[FundRuleField]  # facts the application declares, with materials
    held: bool  # an open application or an active entitlement of the policy's code


async def policies_for(ctx: RequestContext, talent_id: str) -> list[Applicable]:
    talent = await find_visible(ctx, Talent, "talent", talent_id, "talentId")
    today = china_today()
    published = FundPolicy.filter(status=FundPolicyStatus.PUBLISHED,
                                  jurisdiction_id__in=ancestors(talent.jurisdiction_id))  # fmt: skip
    policies = [p for p in await published.order_by("jurisdiction_id", "code")
                if (p.effective_from is None or p.effective_from <= today)
                and (p.effective_to is None or today <= p.effective_to)]  # fmt: skip
    applied = set(await FundApplication.filter(talent_id=talent.id, status__in=list(OPEN)).values_list(
        "policy__code", flat=True))  # fmt: skip
    holding = set(await Entitlement.filter(talent_id=talent.id, status=EntitlementStatus.ACTIVE).values_list(
        "policy_code", flat=True))  # fmt: skip
    facts = {place: await facts_of(talent, place, True, ASSUMED_MONTHS)
             for place in {p.jurisdiction_id for p in policies}}  # fmt: skip
    return [
        Applicable(p, unmet(p.eligibility, facts[p.jurisdiction_id]),
                   [r.field for r in rules_of(p.eligibility) if r.field in DECLARED],
                   p.code in applied or p.code in holding)
        for p in policies
    ]  # fmt: skip
