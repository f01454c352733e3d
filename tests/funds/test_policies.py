"""Fund policies (资金政策) as data: drafted by the paying office, published in versions,
retired; exact amounts in fen; bad input refused with codes and nothing written; a
policy outside the caller's jurisdiction behaves as one that does not exist."""

from __future__ import annotations

from typing import Any

import pytest

from resolvers.core.ids import encode_id
from schema.models import AuditEvent, FundPolicy
from schema.models.enums import FundPolicyStatus
from tests.support.graphql import GraphQLClient, error_codes

POLICY = """fundPolicy { id code version status name amountFen budgetFen schedule months startEvent
  clawback triggers eligibility { field values atLeast } effectiveFrom effectiveTo jurisdiction { code } }"""
CREATE = f"""mutation($input: CreateFundPolicyInput!) {{
  createFundPolicy(input: $input) {{ {POLICY} userErrors {{ field code }} }} }}"""
UPDATE = f"""mutation($input: UpdateFundPolicyInput!) {{
  updateFundPolicy(input: $input) {{ {POLICY} userErrors {{ field code }} }} }}"""
PUBLISH = f"""mutation($input: PublishFundPolicyInput!) {{
  publishFundPolicy(input: $input) {{ {POLICY} userErrors {{ field code }} }} }}"""
RETIRE = f"""mutation($input: RetireFundPolicyInput!) {{
  retireFundPolicy(input: $input) {{ {POLICY} userErrors {{ field code }} }} }}"""
LIST = """query($f: FundPolicyFilter) { fundPolicies(filter: $f) { totalCount
  edges { node { code version status jurisdiction { code } } } } }"""
NODE = "query($id: ID!) { node(id: $id) { ... on FundPolicy { code } } }"
YUAN = 100


def rent_subsidy(**overrides: Any) -> dict[str, Any]:
    """Modelled on 石家庄's doctoral rent subsidy (the demo has that one): 3,000 元 a month
    for five years from the day work starts; leaving within them recovers what was paid."""
    return {
        "code": "sjz.rent.postdoc", "name": "博士后租房补贴", "jurisdictionCode": "130100",
        "basis": "《石家庄市人才强市若干措施》（2021）", "amountFen": 3_000 * YUAN, "schedule": "MONTHLY",
        "months": 60, "startEvent": "WORK_START", "budgetFen": 50_000_000 * YUAN, "clawback": "FULL",
        "triggers": ["LEFT", "FALSIFIED"],
        "eligibility": [{"field": "DEGREE", "values": ["博士"]}, {"field": "EMPLOYED_HERE"}],
        **overrides,
    }  # fmt: skip


async def _create(client: GraphQLClient, user: str = "sjz_admin", **overrides: Any) -> dict[str, Any]:
    body = await client.data(CREATE, {"input": rent_subsidy(**overrides)}, as_user=user)
    return body["createFundPolicy"]


async def test_a_city_office_drafts_publishes_versions_and_retires_a_policy(client: GraphQLClient) -> None:
    made = await _create(client)
    assert made["userErrors"] == []
    policy = made["fundPolicy"]
    # 5,000 万元 is more than Int's 32 bits can hold in fen: exact all the same.
    assert (policy["amountFen"], policy["budgetFen"]) == (300_000, 5_000_000_000)
    assert policy["eligibility"] == [{"field": "DEGREE", "values": ["博士"], "atLeast": None},
                                     {"field": "EMPLOYED_HERE", "values": None, "atLeast": None}]  # fmt: skip
    assert (policy["status"], policy["version"], policy["jurisdiction"]) == ("DRAFT", 1, {"code": "130100"})
    published = await client.data(PUBLISH, {"input": {"id": policy["id"], "effectiveFrom": "2026-01-01"}},
                                  as_user="sjz_admin")  # fmt: skip
    assert published["publishFundPolicy"]["fundPolicy"]["status"] == "PUBLISHED"
    changed = await client.data(UPDATE, {"input": {"id": policy["id"], "amountFen": 3_500 * YUAN}},
                                as_user="sjz_admin")  # fmt: skip
    draft = changed["updateFundPolicy"]["fundPolicy"]
    assert (draft["version"], draft["status"], draft["amountFen"]) == (2, "DRAFT", 350_000)
    assert draft["triggers"] == ["FALSIFIED", "LEFT"] and draft["months"] == 60  # the rest carried over
    await client.data(
        PUBLISH, {"input": {"id": draft["id"], "effectiveFrom": "2026-07-01"}}, as_user="sjz_admin"
    )
    versions = await FundPolicy.filter(code="sjz.rent.postdoc").order_by("version")
    assert [(v.status, str(v.effective_to), v.amount_fen) for v in versions] == [
        (FundPolicyStatus.RETIRED, "2026-06-30", 300_000), (FundPolicyStatus.PUBLISHED, "None", 350_000),
    ]  # fmt: skip
    retired = await client.data(
        RETIRE, {"input": {"id": draft["id"], "reason": "政策到期"}}, as_user="sjz_admin"
    )
    assert retired["retireFundPolicy"]["fundPolicy"]["status"] == "RETIRED"
    audited = AuditEvent.filter(target_type="fund_policy", target_id__in=[str(v.id) for v in versions])
    operations = await audited.values_list("operation", flat=True)
    assert sorted(operations) == sorted(["createFundPolicy", "publishFundPolicy", "updateFundPolicy",
                                         "publishFundPolicy", "retireFundPolicy"])  # fmt: skip


BAD: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    ("negative amount", {"amountFen": -300_000}, [("amountFen", "VALIDATION")]),
    ("no amount", {"amountFen": 0}, [("amountFen", "VALIDATION")]),
    ("negative budget", {"budgetFen": -1}, [("budgetFen", "VALIDATION")]),
    ("budget below a payment", {"budgetFen": 100}, [("budgetFen", "VALIDATION")]),
    ("yearly in part-years", {"schedule": "YEARLY", "months": 30}, [("months", "VALIDATION")]),
    ("monthly with no period", {"months": 0}, [("months", "VALIDATION")]),
    ("clawback with no trigger", {"triggers": []}, [("triggers", "VALIDATION")]),
    ("unknown category", {"eligibility": [{"field": "CATEGORY", "values": ["sjz.Z"]}]},
     [("eligibility", "VALIDATION")]),
    ("a rule twice", {"eligibility": [{"field": "EMPLOYED_HERE"}, {"field": "EMPLOYED_HERE"}]},
     [("eligibility", "VALIDATION")]),
    ("a minimum on a listed rule", {"eligibility": [{"field": "DEGREE", "values": ["博士"], "atLeast": 3}]},
     [("eligibility", "VALIDATION")]),
    ("months of insurance unbounded", {"eligibility": [{"field": "SOCIAL_INSURANCE_MONTHS", "atLeast": 0}]},
     [("eligibility", "VALIDATION")]),
    ("a bad code", {"code": "租房/../x"}, [("code", "VALIDATION")]),
    ("no such place", {"jurisdictionCode": "139999"}, [("jurisdictionCode", "NOT_FOUND")]),
    ("ends before it starts", {"effectiveFrom": "2026-06-01", "effectiveTo": "2026-01-01"},
     [("effectiveTo", "VALIDATION")]),
]  # fmt: skip


@pytest.mark.parametrize(("overrides", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
async def test_bad_input_is_refused_with_its_code_and_writes_nothing(
    client: GraphQLClient, overrides: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    policies = await FundPolicy.all().count()
    made = await _create(client, **overrides)
    assert made["fundPolicy"] is None
    assert sorted((e["field"], e["code"]) for e in made["userErrors"]) == expected
    assert await FundPolicy.all().count() == policies
    assert not await AuditEvent.filter(target_type="fund_policy").exists()


@pytest.mark.parametrize("amount", [300_000.5, "300000", True])
async def test_an_amount_is_a_whole_number_of_fen(client: GraphQLClient, amount: object) -> None:
    body = await client.execute(CREATE, {"input": rent_subsidy(amountFen=amount)}, as_user="sjz_admin")
    assert error_codes(body) == ["VALIDATION"]
    assert not await FundPolicy.exists(code="sjz.rent.postdoc")


async def test_a_county_sees_its_own_policies_and_the_city_all_of_its_counties(client: GraphQLClient) -> None:
    city = (await _create(client))["fundPolicy"]
    county = (await _create(client, "changan_admin", code="changan.startup", name="长安区人才创业补贴",
                            jurisdictionCode="130102", schedule="ONCE", months=36,
                            startEvent="HOME_PURCHASE", budgetFen=None))["fundPolicy"]  # fmt: skip
    assert county["budgetFen"] is None
    seen_by_city = await client.data(LIST, as_user="sjz_admin")
    assert {e["node"]["code"] for e in seen_by_city["fundPolicies"]["edges"]} == {
        "sjz.rent.doctor", "sjz.home.doctor", "sjz.support.high", "changan.housing",  # the demo's
        "sjz.grassroots.allowance", "sjz.rent.postdoc", "changan.startup",
    }  # fmt: skip
    seen_by_county = await client.data(LIST, as_user="changan_admin")
    codes = sorted(e["node"]["code"] for e in seen_by_county["fundPolicies"]["edges"])
    assert codes == ["changan.housing", "changan.startup"]
    # The city's policy is, to the county, a policy that does not exist.
    hidden = await client.execute(NODE, {"id": city["id"]}, as_user="changan_admin")
    missing = await client.execute(NODE, {"id": encode_id("FundPolicy", 999_999)}, as_user="changan_admin")
    assert error_codes(hidden) == error_codes(missing) == ["NOT_FOUND"]
    refused = await client.data(PUBLISH, {"input": {"id": city["id"]}}, as_user="changan_admin")
    gone = await client.data(
        PUBLISH, {"input": {"id": encode_id("FundPolicy", 999_999)}}, as_user="changan_admin"
    )
    assert refused["publishFundPolicy"]["userErrors"] == gone["publishFundPolicy"]["userErrors"]
    # … and a county office may not draft one for its city.
    made = await _create(client, "changan_admin", code="sjz.other")
    assert made["fundPolicy"] is None
    assert [e["code"] for e in made["userErrors"]] == ["FORBIDDEN"]


async def test_the_demo_publishes_shijiazhuangs_three_and_changans_housing_subsidy(
    client: GraphQLClient,
) -> None:
    body = await client.data(
        """{ fundPolicies(filter: {status: PUBLISHED}) { edges { node { code amountFen schedule months
          jurisdiction { code } } } } }""", as_user="sjz_admin",
    )  # fmt: skip
    found = {e["node"]["code"]: e["node"] for e in body["fundPolicies"]["edges"]}
    assert {code: (p["amountFen"], p["schedule"], p["months"]) for code, p in found.items()} == {
        "sjz.rent.doctor": (300_000, "MONTHLY", 60),
        "sjz.home.doctor": (30_000_000, "ONCE", 60),
        "sjz.support.high": (20_000_000, "YEARLY", 36),
        "changan.housing": (100_000, "MONTHLY", 36),
        "sjz.grassroots.allowance": (30_000, "PER_DAY", 12),  # 300.00 a day of grassroots service
    }
    assert found["changan.housing"]["jurisdiction"] == {"code": "130102"}


async def test_talents_and_handlers_see_no_fund_policy(client: GraphQLClient) -> None:
    await _create(client)
    for user in ("talent_demo", "sjz_police_handler"):
        body = await client.execute(LIST, as_user=user)
        assert error_codes(body) == [] and body["data"]["fundPolicies"]["totalCount"] == 0, user


async def test_publishing_twice_or_editing_a_retired_policy_is_an_invalid_state(
    client: GraphQLClient,
) -> None:
    policy = (await _create(client))["fundPolicy"]
    first = await client.data(PUBLISH, {"input": {"id": policy["id"]}}, as_user="sjz_admin")
    again = await client.data(PUBLISH, {"input": {"id": policy["id"]}}, as_user="sjz_admin")
    assert first["publishFundPolicy"]["userErrors"] == []
    assert [e["code"] for e in again["publishFundPolicy"]["userErrors"]] == ["INVALID_STATE"]
    await client.data(RETIRE, {"input": {"id": policy["id"]}}, as_user="sjz_admin")
    edit = await client.data(UPDATE, {"input": {"id": policy["id"], "name": "改名"}}, as_user="sjz_admin")
    assert [e["code"] for e in edit["updateFundPolicy"]["userErrors"]] == ["INVALID_STATE"]


async def test_an_update_may_leave_out_but_never_clear_what_a_policy_must_have(client: GraphQLClient) -> None:
    policy = (await _create(client))["fundPolicy"]
    cleared = {"id": policy["id"], "amountFen": None, "schedule": None, "eligibility": None}
    body = await client.data(UPDATE, {"input": cleared}, as_user="sjz_admin")
    errors = sorted((e["field"], e["code"]) for e in body["updateFundPolicy"]["userErrors"])
    assert errors == [("amountFen", "VALIDATION"), ("eligibility", "VALIDATION"), ("schedule", "VALIDATION")]
    stored = await FundPolicy.get(code="sjz.rent.postdoc")
    assert (stored.amount_fen, len(stored.eligibility)) == (300_000, 2)
