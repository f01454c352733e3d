"""Direct recognition (直接认定) through the API: the seeded award and salary/tax rules skip
the reviews they allow and are recorded; rules are data that offices edit."""

from __future__ import annotations

import pytest

from resolvers.core.ids import encode_id
from schema.clock import china_today
from schema.models import AuditEvent, Card, DirectRecognitionRule, Recognition, Talent, TalentCategory, User
from schema.models.enums import CardStatus, TalentStatus
from tests.support.graphql import GraphQLClient, error_codes

SUBMIT = """mutation($input: SubmitRecognitionInput!) { submitRecognition(input: $input) {
  recognition { id status publicityFrom publicityUntil decidedAt card { number tier { code } }
    directRule { code kind skips } steps { kind opinion toStatus } }
  userErrors { field code message } } }"""
RULES = """query($code: String, $active: Boolean) { directRecognitionRules(jurisdictionCode: $code,
  active: $active) { id code kind awards minAnnualSalaryYuan minEmployerTaxYuan skips active
  jurisdiction { code } category { code } } }"""
CREATE = """mutation($input: CreateDirectRecognitionRuleInput!) { createDirectRecognitionRule(input: $input) {
  rule { id code kind skips awards } userErrors { field code message } } }"""
UPDATE = """mutation($input: UpdateDirectRecognitionRuleInput!) { updateDirectRecognitionRule(input: $input) {
  rule { id code minAnnualSalaryYuan active } userErrors { field code message } } }"""



@pytest.fixture(autouse=True)
async def five_day_notice(demo_db: str) -> None:
    """The demo's 石家庄 ladder has no notice period; these tests exercise one of five days."""
    await TalentCategory.filter(code__startswith="sjz.").update(publicity_workdays=5)

async def _talents(n: int) -> list[Talent]:
    """长安区 talents at an employer with no application (the demo has two)."""
    busy = await Recognition.all().values_list("talent_id", flat=True)
    demo = (await User.get(username="talent_demo")).talent_id
    return await Talent.filter(
        jurisdiction_id="130102", status=TalentStatus.ACTIVE, employer_id__isnull=False
    ).exclude(id__in=[*busy, demo]).order_by("id").limit(n)


async def _category_id(code: str) -> str:
    return encode_id("TalentCategory", (await TalentCategory.get(code=code)).id)


async def _submit(client: GraphQLClient, talent: Talent, category: str, **declared: object) -> dict:
    fields = {"talentId": encode_id("Talent", talent.id), "categoryId": await _category_id(category),
              "basis": "依据直接认定目录申报", **declared}  # fmt: skip
    data = await client.data(SUBMIT, {"input": fields}, as_user="changan_window")
    return data["submitRecognition"]


def _codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def _rule_id(code: str) -> str:
    return encode_id("DirectRecognitionRule", (await DirectRecognitionRule.get(code=code)).id)


async def test_a_listed_award_skips_both_reviews_but_not_the_notice(client: GraphQLClient) -> None:
    [talent] = await _talents(1)
    result = await _submit(client, talent, "sjz.A", awards=["茅盾文学奖"])
    assert result["userErrors"] == []
    recognition = result["recognition"]
    assert recognition["status"] == "PUBLICITY" and recognition["publicityFrom"] == china_today().isoformat()
    assert recognition["directRule"] == {"code": "sjz.direct.award", "kind": "AWARD",
                                         "skips": ["COUNTY_REVIEW", "CITY_REVIEW"]}  # fmt: skip
    kinds = [(s["kind"], s["toStatus"]) for s in recognition["steps"]]
    assert kinds == [("SUBMITTED", "COUNTY_REVIEW"), ("DIRECT_MATCH", "PUBLICITY"),
                     ("PUBLICITY_STARTED", "PUBLICITY")]  # fmt: skip
    assert "sjz.direct.award" in recognition["steps"][1]["opinion"]


async def test_an_unlisted_award_or_another_category_takes_the_ordinary_path(client: GraphQLClient) -> None:
    first, second = await _talents(2)
    unlisted = (await _submit(client, first, "sjz.A", awards=["市科技进步奖"]))["recognition"]
    assert unlisted["status"] == "COUNTY_REVIEW" and unlisted["directRule"] is None
    # The award rule recognises in sjz.A only.
    other = (await _submit(client, second, "sjz.B", awards=["茅盾文学奖"]))["recognition"]
    assert other["status"] == "COUNTY_REVIEW" and other["directRule"] is None


async def test_salary_and_tax_at_the_thresholds_skip_the_county_review(client: GraphQLClient) -> None:
    at, below_salary, below_tax = await _talents(3)
    met = (await _submit(client, at, "sjz.C", annualSalaryYuan=500_000, employerTaxYuan=5_000_000))
    assert met["recognition"]["status"] == "CITY_REVIEW"
    assert met["recognition"]["directRule"]["code"] == "sjz.direct.salary_tax"
    low = await _submit(client, below_salary, "sjz.C", annualSalaryYuan=499_999, employerTaxYuan=9_000_000)
    assert low["recognition"]["status"] == "COUNTY_REVIEW" and low["recognition"]["directRule"] is None
    low_tax = await _submit(client, below_tax, "sjz.C", annualSalaryYuan=800_000, employerTaxYuan=4_999_999)
    assert low_tax["recognition"]["directRule"] is None


async def test_a_rule_skipping_everything_approves_at_once_with_a_card(client: GraphQLClient) -> None:
    created = (await client.data(CREATE, {"input": {
        "code": "sjz.direct.academician", "name": "两院院士直接认定", "jurisdictionCode": "130100",
        "categoryId": await _category_id("sjz.A"), "kind": "AWARD", "awards": ["中国科学院院士"],
        "skips": ["PUBLICITY", "COUNTY_REVIEW", "CITY_REVIEW"], "source": "演示规则",
    }}, as_user="sjz_admin"))["createDirectRecognitionRule"]  # fmt: skip
    assert created["userErrors"] == [] and created["rule"]["skips"] == ["COUNTY_REVIEW", "CITY_REVIEW",
                                                                       "PUBLICITY"]  # fmt: skip
    [talent] = await _talents(1)
    result = (await _submit(client, talent, "sjz.A", awards=["中国科学院院士"]))["recognition"]
    # Both rules match; the one skipping more wins and is recorded.
    assert result["status"] == "APPROVED" and result["decidedAt"]
    assert result["directRule"]["code"] == "sjz.direct.academician"
    assert result["card"]["tier"]["code"] == "A"
    assert await Card.filter(holder_id=talent.id, status=CardStatus.ACTIVE).count() == 1
    assert (await Talent.get(id=talent.id)).category_id == (await TalentCategory.get(code="sjz.A")).id


async def test_editing_a_rule_changes_what_matches(client: GraphQLClient) -> None:
    first, second, third = await _talents(3)
    rule = await _rule_id("sjz.direct.salary_tax")
    raised = (await client.data(UPDATE, {"input": {"ruleId": rule, "minAnnualSalaryYuan": 800_000}},
                                as_user="sjz_admin"))["updateDirectRecognitionRule"]  # fmt: skip
    assert raised["userErrors"] == [] and raised["rule"]["minAnnualSalaryYuan"] == 800_000
    declared = {"annualSalaryYuan": 600_000, "employerTaxYuan": 6_000_000}
    assert (await _submit(client, first, "sjz.C", **declared))["recognition"]["directRule"] is None
    lowered = {"input": {"ruleId": rule, "minAnnualSalaryYuan": 600_000}}
    await client.data(UPDATE, lowered, as_user="sjz_admin")
    assert (await _submit(client, second, "sjz.C", **declared))["recognition"]["status"] == "CITY_REVIEW"
    await client.data(UPDATE, {"input": {"ruleId": rule, "active": False}}, as_user="hebei_admin")
    assert (await _submit(client, third, "sjz.C", **declared))["recognition"]["directRule"] is None
    operations = await AuditEvent.filter(target_type="direct_rule").values_list("operation", flat=True)
    assert operations == ["updateDirectRecognitionRule"] * 3


async def test_rules_are_public_reference_data_for_signed_in_users(client: GraphQLClient) -> None:
    everything = (await client.data(RULES, {}, as_user="talent_demo"))["directRecognitionRules"]
    assert {r["code"] for r in everything} == {"sjz.direct.award", "sjz.direct.salary_tax",
                                               "jinan.direct.award", "jinan.direct.salary_tax"}  # fmt: skip
    here = (await client.data(RULES, {"code": "130102"}, as_user="changan_window"))["directRecognitionRules"]
    assert {r["code"] for r in here} == {"sjz.direct.award", "sjz.direct.salary_tax"}
    award = next(r for r in here if r["kind"] == "AWARD")
    assert {"国家最高科学技术奖", "何梁何利基金科学与技术成就奖", "茅盾文学奖"} <= set(award["awards"])
    salary = next(r for r in here if r["kind"] == "SALARY_TAX")
    assert (salary["minAnnualSalaryYuan"], salary["minEmployerTaxYuan"]) == (500_000, 5_000_000)
    assert salary["skips"] == ["COUNTY_REVIEW"] and salary["category"]["code"] == "sjz.C"
    assert error_codes(await client.execute(RULES, {})) == ["UNAUTHENTICATED"]


async def test_bad_rules_are_refused_with_codes_and_nothing_written(client: GraphQLClient) -> None:
    before = await DirectRecognitionRule.all().count()
    base = {"code": "sjz.direct.new", "name": "新规则", "jurisdictionCode": "130100",
            "categoryId": await _category_id("sjz.B"), "kind": "AWARD", "awards": ["国家技术发明奖一等奖"],
            "skips": ["COUNTY_REVIEW"]}  # fmt: skip

    async def create(user: str = "sjz_admin", **change: object) -> list[str]:
        data = await client.data(CREATE, {"input": {**base, **change}}, as_user=user)
        return _codes(data["createDirectRecognitionRule"])

    assert await create(awards=[]) == ["VALIDATION"]
    assert await create(minAnnualSalaryYuan=1) == ["VALIDATION"]
    assert await create(kind="SALARY_TAX", awards=[]) == ["VALIDATION", "VALIDATION"]
    assert await create(skips=[]) == ["VALIDATION"]
    assert await create(skips=["APPROVED"]) == ["VALIDATION"]
    assert await create(code="Bad Code!") == ["VALIDATION"]
    assert await create(categoryId=await _category_id("jinan.B")) == ["VALIDATION"]
    assert await create(jurisdictionCode="999999") == ["NOT_FOUND"]
    assert await create("changan_admin", jurisdictionCode="130102") == ["FORBIDDEN"]  # counties do not
    assert await create("jinan_admin") == ["FORBIDDEN"]
    assert await create(code="sjz.direct.award") == ["CONFLICT"]
    assert await DirectRecognitionRule.all().count() == before
    assert await AuditEvent.filter(target_type="direct_rule").count() == 0
    rule = await _rule_id("sjz.direct.award")
    refused = await client.data(UPDATE, {"input": {"ruleId": rule, "minAnnualSalaryYuan": 10}},
                                as_user="sjz_admin")  # fmt: skip
    assert _codes(refused["updateDirectRecognitionRule"]) == ["VALIDATION"]
    off = {"input": {"ruleId": rule, "active": False}}
    other_city = await client.data(UPDATE, off, as_user="jinan_admin")
    assert _codes(other_city["updateDirectRecognitionRule"]) == ["FORBIDDEN"]
    assert (await DirectRecognitionRule.get(code="sjz.direct.award")).active
