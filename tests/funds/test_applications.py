"""Applying for funds (申领): eligibility checked at once, the county's review and then the
city's for a city policy (the county's alone for its own), an entitlement on approval;
no two at once; bank accounts masked; every refusal coded and writing nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resolvers.core.ids import decode_int_id, encode_id
from schema.clock import add_months, china_today
from schema.models import AuditEvent, Employer, Entitlement, FundApplication, FundPolicy, Talent
from schema.models.enums import FundPolicyStatus
from tests.support.funds import ACCOUNT, apply_for, apply_input, doctor_in_changan, published_policy, review
from tests.support.graphql import GraphQLClient, error_codes

MASKED = "*" * (len(ACCOUNT) - 4) + ACCOUNT[-4:]  # the console shows no one the whole account
MINE = "{ fundApplications { totalCount edges { node { number bankAccount } } } }"


async def test_a_window_applies_the_county_then_the_city_approves_and_an_entitlement_follows(
    client: GraphQLClient,
) -> None:
    talent = await doctor_in_changan()
    made = await apply_for(client, apply_input(talent, await published_policy("sjz.rent.doctor")))
    assert made["userErrors"] == []
    application = made["fundApplication"]
    assert application["status"] == "COUNTY_REVIEW" and application["bankAccount"] == MASKED  # window too
    # The city may not decide the county's step, nor the county the city's.
    early = await review(client, application["id"], "sjz_admin")
    assert [e["code"] for e in early["userErrors"]] == ["FORBIDDEN"]
    county = await review(client, application["id"], "changan_admin")
    assert county["fundApplication"]["status"] == "CITY_REVIEW"
    late = await review(client, application["id"], "changan_admin")
    assert [e["code"] for e in late["userErrors"]] == ["FORBIDDEN"]
    city = await review(client, application["id"], "sjz_admin")
    decided = city["fundApplication"]
    start = china_today() - dt.timedelta(days=40)
    assert decided["status"] == "APPROVED"
    assert decided["entitlement"] == {
        "policyCode": "sjz.rent.doctor", "amountFen": 300_000, "schedule": "MONTHLY", "status": "ACTIVE",
        "startsOn": start.isoformat(), "endsOn": add_months(start, 60).isoformat(),
    }  # fmt: skip
    assert [(s["fromStatus"], s["toStatus"], s["actor"]) for s in decided["steps"]] == [
        (None, "COUNTY_REVIEW", "changan_window"), ("COUNTY_REVIEW", "CITY_REVIEW", "changan_admin"),
        ("CITY_REVIEW", "APPROVED", "sjz_admin"),
    ]  # fmt: skip
    again = await review(client, application["id"], "sjz_admin")
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATE"]
    twice = await apply_for(client, apply_input(talent, await published_policy("sjz.rent.doctor")))
    assert [e["code"] for e in twice["userErrors"]] == ["CONFLICT"]
    events = AuditEvent.filter(target_type="fund_application").order_by("id")
    audited = await events.exclude(operation="pii:read").values_list("operation", "after")
    assert [op for op, _ in audited] == ["applyForFund", "reviewFundApplication", "reviewFundApplication"]
    assert ACCOUNT not in str(audited) and "3445" in str(audited[0][1])  # the account, masked
    assert not await events.filter(operation="pii:read").exists()  # no one reads it in clear here


async def test_a_county_policy_is_decided_by_the_county(client: GraphQLClient) -> None:
    talent = await doctor_in_changan("硕士")
    variables = apply_input(talent, await published_policy("changan.housing"), socialInsuranceMonths=12)
    application = (await apply_for(client, variables))["fundApplication"]
    decided = await review(client, application["id"], "changan_admin")
    assert decided["fundApplication"]["status"] == "APPROVED"
    assert decided["fundApplication"]["entitlement"]["amountFen"] == 100_000


async def test_a_rejection_needs_an_opinion_and_grants_nothing(client: GraphQLClient) -> None:
    talent = await doctor_in_changan()
    application = (await apply_for(client, apply_input(talent, await published_policy("sjz.rent.doctor"))))[
        "fundApplication"
    ]
    bare = await review(client, application["id"], "changan_admin", "REJECT", None)
    assert [(e["field"], e["code"]) for e in bare["userErrors"]] == [("opinion", "VALIDATION")]
    rejected = await review(client, application["id"], "changan_admin", "REJECT", "劳动合同未满一年")
    assert rejected["fundApplication"]["status"] == "REJECTED"
    assert not await Entitlement.exists()
    # A rejected application is no obstacle to a new one.
    again = await apply_for(client, apply_input(talent, await published_policy("sjz.rent.doctor")))
    assert again["userErrors"] == []


BAD: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    ("letters for an account", {"bankAccount": "6222-abc"}, [("bankAccount", "VALIDATION")]),
    ("no bank", {"bankName": " "}, [("bankName", "VALIDATION")]),
    ("a start in the future", {"startOn": (china_today() + dt.timedelta(days=3)).isoformat()},
     [("startOn", "VALIDATION")]),
    ("no start day", {"startOn": None}, [("startOn", "VALIDATION")]),
    ("a period already over", {"startOn": "2019-01-01"}, [("startOn", "VALIDATION")]),
    ("months of insurance beyond a life", {"socialInsuranceMonths": 9999},
     [("socialInsuranceMonths", "VALIDATION")]),
    ("a policy that is no policy", {"policyId": encode_id("FundPolicy", 999_999)},
     [("policyId", "NOT_FOUND")]),
]  # fmt: skip


@pytest.mark.parametrize(("overrides", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
async def test_bad_input_is_refused_with_its_code_and_writes_nothing(
    client: GraphQLClient, overrides: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    talent = await doctor_in_changan()
    policy = await published_policy("sjz.rent.doctor")
    made = await apply_for(client, apply_input(talent, policy, **overrides))
    assert made["fundApplication"] is None
    assert sorted((e["field"], e["code"]) for e in made["userErrors"]) == expected
    assert (
        not await FundApplication.exists()
        and not await AuditEvent.filter(target_type="fund_application").exists()
    )


async def test_who_is_not_eligible_is_told_which_rule_fails(client: GraphQLClient) -> None:
    talent = await doctor_in_changan("学士")
    made = await apply_for(client, apply_input(talent, await published_policy("sjz.rent.doctor")))
    [error] = made["userErrors"]
    assert (error["field"], error["code"]) == ("policyId", "VALIDATION") and "学位" in error["message"]
    housing = await apply_for(
        client, apply_input(await doctor_in_changan("硕士", 1), await published_policy("changan.housing"))
    )
    [error] = housing["userErrors"]
    assert "社保" in error["message"]  # six months of social insurance, none declared
    assert not await FundApplication.exists()


async def test_a_policy_elsewhere_is_not_found_and_an_office_elsewhere_may_not_apply(
    client: GraphQLClient,
) -> None:
    jinan = await FundPolicy.create(
        code="jinan.rent", name="济南租房补贴", jurisdiction_id="370100", amount_fen=100_000,
        schedule="MONTHLY", months=12, start_event="WORK_START", clawback="NONE", triggers=[], eligibility=[],
        status=FundPolicyStatus.PUBLISHED,
    )  # fmt: skip
    talent = await doctor_in_changan()
    elsewhere = await apply_for(client, apply_input(talent, encode_id("FundPolicy", jinan.id)))
    assert [(e["field"], e["code"]) for e in elsewhere["userErrors"]] == [("policyId", "NOT_FOUND")]
    stranger = await apply_for(
        client, apply_input(talent, await published_policy("sjz.rent.doctor")), user="zhengding_admin"
    )
    assert [(e["field"], e["code"]) for e in stranger["userErrors"]] == [("talentId", "NOT_FOUND")]


async def test_a_talent_applies_online_and_sees_their_own_only_and_an_auditor_sees_no_account(
    client: GraphQLClient,
) -> None:
    body = await client.data("{ me { talent { id } } }", as_user="talent_demo")
    own = await Talent.get(id=decode_int_id(body["me"]["talent"]["id"], "Talent"))
    employer = await Employer.filter(jurisdiction_id="130102").first()
    assert employer is not None
    own.degree, own.employer_id = "博士", employer.id  # a doctor at a 长安区 employer
    await own.save(update_fields=["degree", "employer_id"])
    other = await doctor_in_changan(skip=3)
    assert other.id != own.id
    policy = await published_policy("sjz.rent.doctor")
    mine = await apply_for(client, apply_input(own, policy), user="talent_demo")
    assert mine["userErrors"] == [] and mine["fundApplication"]["talent"] is not None
    await apply_for(client, apply_input(other, policy))
    seen = (await client.data(MINE, as_user="talent_demo"))["fundApplications"]
    assert seen["totalCount"] == 1 and seen["edges"][0]["node"]["bankAccount"] == MASKED
    audited = (await client.data(MINE, as_user="auditor_demo"))["fundApplications"]
    assert audited["totalCount"] == 2
    assert {e["node"]["bankAccount"] for e in audited["edges"]} == {MASKED}
    foreign = await client.execute(
        "query($id: ID!) { node(id: $id) { id } }",
        {"id": encode_id("FundApplication", (await FundApplication.get(talent_id=other.id)).id)},
        as_user="talent_demo",
    )  # fmt: skip
    assert error_codes(foreign) == ["NOT_FOUND"]


MAY_REVIEW = (
    """query($id: ID!) { node(id: $id) { ... on FundApplication { mayReview jurisdiction { code } } } }"""
)


async def test_each_office_is_told_whether_the_step_is_its_to_decide(client: GraphQLClient) -> None:
    made = await apply_for(
        client, apply_input(await doctor_in_changan(), await published_policy("sjz.rent.doctor"))
    )
    gid = made["fundApplication"]["id"]

    async def may(user: str) -> bool:
        node = (await client.data(MAY_REVIEW, {"id": gid}, as_user=user))["node"]
        assert node["jurisdiction"] == {"code": "130102"}
        return node["mayReview"]

    assert [await may(u) for u in ("changan_admin", "sjz_admin", "changan_window")] == [True, False, False]
    await review(client, gid, "changan_admin")
    assert [await may(u) for u in ("changan_admin", "sjz_admin")] == [False, True]
    await review(client, gid, "sjz_admin")
    assert [await may(u) for u in ("changan_admin", "sjz_admin")] == [False, False]
