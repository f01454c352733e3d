"""Fund applications for tests: a doctor of 长安区 at a 石家庄 employer, an application's
input, and the apply and review mutations (tests/funds/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resolvers.core.ids import encode_id
from schema.clock import china_today
from schema.models import Employer, FundPolicy, Talent
from schema.models.enums import FundPolicyStatus, TalentStatus
from tests.support.graphql import GraphQLClient

APPLICATION = """fundApplication { id number status startOn bankAccount
  steps { fromStatus toStatus decision opinion actor }
  entitlement { policyCode amountFen schedule startsOn endsOn status }
  policy { code } talent { name } }"""
APPLY = f"""mutation($input: ApplyForFundInput!) {{
  applyForFund(input: $input) {{ {APPLICATION} userErrors {{ field code message }} }} }}"""
REVIEW = f"""mutation($input: ReviewFundApplicationInput!) {{
  reviewFundApplication(input: $input) {{ {APPLICATION} userErrors {{ field code message }} }} }}"""
ACCOUNT = "6222020200112233445"


async def published_policy(code: str) -> str:
    return encode_id("FundPolicy", (await FundPolicy.get(code=code, status=FundPolicyStatus.PUBLISHED)).id)


async def doctor_in_changan(degree: str = "博士", skip: int = 0) -> Talent:
    """An active talent of 长安区 employed in 石家庄, made a doctor (or `degree`) here."""
    employers = await Employer.filter(jurisdiction_id__startswith="1301").values_list("id", flat=True)
    active = Talent.filter(jurisdiction_id="130102", status=TalentStatus.ACTIVE)
    found = active.filter(employer_id__in=list(employers))
    talent = await found.order_by("id").offset(skip).first()
    assert talent is not None
    talent.degree = degree
    await talent.save(update_fields=["degree"])
    return talent


def apply_input(talent: Talent, policy: str, **overrides: Any) -> dict[str, Any]:
    started = china_today() - dt.timedelta(days=40)
    return {
        "talentId": encode_id("Talent", talent.id), "policyId": policy, "bankName": "中国工商银行石家庄分行",
        "bankAccount": ACCOUNT, "startOn": started.isoformat(), "materials": ["博士学位证书", "劳动合同"],
        **overrides,
    }  # fmt: skip


async def apply_for(
    client: GraphQLClient, variables: dict[str, Any], user: str = "changan_window"
) -> dict[str, Any]:
    return (await client.data(APPLY, {"input": variables}, as_user=user))["applyForFund"]


async def review(client: GraphQLClient, application: str, user: str, decision: str = "APPROVE",
                  opinion: str | None = "材料齐全，符合条件") -> dict[str, Any]:  # fmt: skip
    variables = {"input": {"applicationId": application, "decision": decision, "opinion": opinion}}
    return (await client.data(REVIEW, variables, as_user=user))["reviewFundApplication"]
