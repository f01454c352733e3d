"""Talent recognition (人才认定) through the API: window submission → county review →
city review → public notice (公示) with objections → the daily job approves, and the card is
issued or upgraded; only each step's own reviewers decide."""

from __future__ import annotations

import datetime as dt

import pytest
from arq.connections import ArqRedis

from jobs.recognition import close_publicity
from permissions.grants import add_grant, user_subject
from permissions.masking import mask_name
from resolvers.accounts.passwords import hash_password
from resolvers.core.ids import decode_int_id, encode_id
from resolvers.deadlines.workdays import load_calendar
from schema.clock import china_today
from schema.models import (
    AuditEvent,
    Card,
    Notification,
    Recognition,
    RecognitionObjection,
    RecognitionStep,
    Talent,
    TalentCategory,
    User,
)
from schema.models.enums import CardStatus, RecognitionStatus, TalentStatus
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.query_counter import QueryCounter

FIELDS = """id number status publicityFrom publicityUntil decidedAt directRule { code }
  steps { kind decision opinion actor fromStatus toStatus }"""
SUBMIT = f"""mutation($input: SubmitRecognitionInput!) {{ submitRecognition(input: $input) {{
  recognition {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
REVIEW = f"""mutation($id: ID!, $decision: ReviewDecision!, $opinion: String!) {{
  reviewRecognition(input: {{recognitionId: $id, decision: $decision, opinion: $opinion}}) {{
  recognition {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
OBJECT = """mutation($id: ID!, $reason: String!) {
  objectToRecognition(input: {recognitionId: $id, reason: $reason}) {
  recognition { id status } userErrors { field code message } } }"""
NODE = """query($id: ID!) { node(id: $id) { ... on Recognition { number status decidedAt
  category { code } talent { name } card { number status tier { code } }
  objections { objector reason status resolution }
  steps { kind decision actor toStatus } } } }"""
LIST = """query($filter: RecognitionFilter, $first: Int) { recognitions(filter: $filter, first: $first) {
  totalCount nodes { number status talent { name } category { name } card { number }
  directRule { code } steps { kind } } } }"""
PUBLICITY = """query($code: String!) { recognitionPublicity(jurisdictionCode: $code) {
  number name category employer publicityFrom publicityUntil } }"""
UNIT = "unit_rec"



@pytest.fixture(autouse=True)
async def five_day_notice(demo_db: str) -> None:
    """The demo's 石家庄 ladder has no notice period; these tests exercise one of five days."""
    await TalentCategory.filter(code__startswith="sjz.").update(publicity_workdays=5)

async def _talent(*, with_card: bool) -> Talent:
    """A 长安区 talent at an employer with no application yet (the demo has two); with a
    card, a B card (categories D and E), so that sjz.B upgrades it to A."""
    busy = await Recognition.all().values_list("talent_id", flat=True)
    holders = await Card.filter(status=CardStatus.ACTIVE, tier__code="B").values_list("holder_id", flat=True)
    demo = (await User.get(username="talent_demo")).talent_id
    qs = Talent.filter(jurisdiction_id="130102", status=TalentStatus.ACTIVE, employer_id__isnull=False)
    qs = qs.exclude(id__in=[*busy, demo])
    cards = await Card.filter(status=CardStatus.ACTIVE).values_list("holder_id", flat=True)
    qs = qs.filter(id__in=list(holders)) if with_card else qs.exclude(id__in=list(cards))
    return await qs.order_by("id").first()


async def _category(code: str) -> str:
    return encode_id("TalentCategory", (await TalentCategory.get(code=code)).id)


async def _submit(client: GraphQLClient, talent: Talent, category: str = "sjz.B",
                  user: str = "changan_window", **extra: object) -> dict:  # fmt: skip
    fields = {"talentId": encode_id("Talent", talent.id), "categoryId": await _category(category),
              "basis": "国家级重点人才工程入选者"}  # fmt: skip
    variables = {"input": {**fields, **extra}}
    return (await client.data(SUBMIT, variables, as_user=user))["submitRecognition"]


async def _review(client: GraphQLClient, rid: str, user: str, decision: str = "APPROVE",
                  opinion: str = "材料齐全，同意") -> dict:  # fmt: skip
    data = await client.data(REVIEW, {"id": rid, "decision": decision, "opinion": opinion}, as_user=user)
    return data["reviewRecognition"]


async def _object(client: GraphQLClient, rid: str, user: str, reason: str = "业绩材料存疑") -> dict:
    return (await client.data(OBJECT, {"id": rid, "reason": reason}, as_user=user))["objectToRecognition"]


def _codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def _on_notice(client: GraphQLClient, talent: Talent) -> str:
    submitted = await _submit(client, talent)
    rid = submitted["recognition"]["id"]
    await _review(client, rid, "changan_admin")
    assert (await _review(client, rid, "sjz_admin"))["recognition"]["status"] == "PUBLICITY"
    return rid


async def _unit_specialist(client: GraphQLClient, employer_id: int) -> int:
    user = await User.create(username=UNIT, password_hash=hash_password("unit-pass-2026"))
    await add_grant(user_subject(UNIT), "unit_specialist", f"org:{employer_id}")
    await client.login(UNIT, "unit-pass-2026")
    return user.id


async def test_the_whole_flow_ends_in_an_upgraded_card(client: GraphQLClient, queue: ArqRedis) -> None:
    talent = await _talent(with_card=True)
    old_card = await Card.get(holder_id=talent.id, status=CardStatus.ACTIVE).select_related("tier")
    assert old_card.tier.code == "B"  # D/E talents hold B cards; sjz.B maps to the A tier
    unit_user = await _unit_specialist(client, talent.employer_id)
    submitted = await _submit(client, talent)
    assert submitted["userErrors"] == []
    recognition = submitted["recognition"]
    assert recognition["status"] == "COUNTY_REVIEW" and recognition["number"].startswith("RC130102")
    assert [s["kind"] for s in recognition["steps"]] == ["SUBMITTED"]
    rid = recognition["id"]

    county = await _review(client, rid, "changan_admin")
    assert county["userErrors"] == [] and county["recognition"]["status"] == "CITY_REVIEW"
    city = await _review(client, rid, "sjz_admin", opinion="复审通过")
    on_notice = city["recognition"]
    today = china_today()
    until = (await load_calendar()).add_workdays(today, 5)
    assert on_notice["status"] == "PUBLICITY"
    assert (on_notice["publicityFrom"], on_notice["publicityUntil"]) == (today.isoformat(), until.isoformat())

    objected = await _object(client, rid, UNIT)
    assert objected["userErrors"] == []
    dismissed = await _review(client, rid, "sjz_admin", "APPROVE", "经核查异议不成立")
    assert dismissed["recognition"]["status"] == "PUBLICITY"  # the notice runs to its end
    assert (await RecognitionObjection.get()).status.value == "DISMISSED"

    assert await close_publicity({"redis": queue}, until.isoformat()) == {"approved": 0}
    after = (until + dt.timedelta(days=1)).isoformat()
    assert await close_publicity({"redis": queue}, after) == {"approved": 2}  # and the demo's notice
    assert await close_publicity({"redis": queue}, after) == {"approved": 0}  # idempotent

    node = (await client.data(NODE, {"id": rid}, as_user="sjz_admin"))["node"]
    assert node["status"] == "APPROVED" and node["decidedAt"]
    assert node["card"]["status"] == "ACTIVE" and node["card"]["tier"]["code"] == "A"
    assert [s["kind"] for s in node["steps"]] == [
        "SUBMITTED", "COUNTY_REVIEW", "CITY_REVIEW", "PUBLICITY_STARTED", "OBJECTION",
        "OBJECTION_RESOLVED", "PUBLICITY_ENDED",
    ]  # fmt: skip
    assert [s["actor"] for s in node["steps"]][1:3] == ["changan_admin", "sjz_admin"]
    assert node["objections"] == [{"objector": UNIT, "reason": "业绩材料存疑", "status": "DISMISSED",
                                   "resolution": "经核查异议不成立"}]  # fmt: skip
    await old_card.refresh_from_db()
    assert old_card.status == CardStatus.SUPERSEDED
    new_card = await Card.get(number=node["card"]["number"])
    assert (await Recognition.get(id=decode_int_id(rid, "Recognition"))).card_id == new_card.id
    assert (await Talent.get(id=talent.id)).category_id == (await TalentCategory.get(code="sjz.B")).id
    told = await Notification.filter(recipient_id=unit_user, related_type="recognition").order_by(
        "id").values_list("body", flat=True)  # fmt: skip
    assert len(told) == 4  # received, at the city, on notice, approved
    assert "公示" in told[2] and new_card.number in told[3]
    operations = await AuditEvent.filter(target_type="recognition").values_list("operation", flat=True)
    assert sorted(set(operations)) == ["objectToRecognition", "reviewRecognition", "submitRecognition"]


async def test_a_talent_without_a_card_gets_one_on_approval(client: GraphQLClient) -> None:
    talent = await _talent(with_card=False)
    rid = await _on_notice(client, talent)
    assert (await close_publicity({}, (china_today() + dt.timedelta(days=30)).isoformat()))["approved"] == 2
    node = (await client.data(NODE, {"id": rid}, as_user="changan_admin"))["node"]
    assert node["card"]["status"] == "ACTIVE" and node["card"]["tier"]["code"] == "A"


async def test_county_rejection_ends_it_and_nothing_more_is_decided(client: GraphQLClient) -> None:
    talent = await _talent(with_card=True)
    category_before = talent.category_id
    rid = (await _submit(client, talent))["recognition"]["id"]
    rejected = await _review(client, rid, "changan_admin", "REJECT", "业绩不符合B类条件")
    assert rejected["recognition"]["status"] == "REJECTED" and rejected["recognition"]["decidedAt"]
    again = await _review(client, rid, "sjz_admin")
    assert _codes(again) == ["INVALID_STATE"]
    assert (await Talent.get(id=talent.id)).category_id == category_before
    # A rejected application is not open: the talent may apply again.
    assert (await _submit(client, talent))["userErrors"] == []


async def test_an_upheld_objection_rejects(client: GraphQLClient) -> None:
    rid = await _on_notice(client, await _talent(with_card=True))
    assert (await _object(client, rid, "changan_window"))["userErrors"] == []
    upheld = await _review(client, rid, "sjz_admin", "REJECT", "异议成立")
    assert upheld["recognition"]["status"] == "REJECTED"
    assert (await RecognitionObjection.get()).status.value == "UPHELD"
    await close_publicity({}, (china_today() + dt.timedelta(days=30)).isoformat())
    assert (await Recognition.get(id=decode_int_id(rid, "Recognition"))).status == RecognitionStatus.REJECTED


async def test_decisions_out_of_turn_or_by_the_wrong_reviewer_are_refused(client: GraphQLClient) -> None:
    rid = (await _submit(client, await _talent(with_card=True)))["recognition"]["id"]
    assert _codes(await _review(client, rid, "sjz_admin")) == ["FORBIDDEN"]  # the county's turn
    assert _codes(await _review(client, rid, "hebei_admin")) == ["FORBIDDEN"]  # no level's reviewer
    assert _codes(await _review(client, rid, "zhengding_admin")) == ["NOT_FOUND"]  # another county
    assert _codes(await _review(client, rid, "jinan_admin")) == ["NOT_FOUND"]
    assert _codes(await _review(client, rid, "changan_window")) == ["FORBIDDEN"]
    assert _codes(await _review(client, rid, "changan_admin", opinion="  ")) == ["VALIDATION"]
    await _review(client, rid, "changan_admin")
    assert _codes(await _review(client, rid, "changan_admin")) == ["FORBIDDEN"]  # now the city's
    await _review(client, rid, "sjz_admin")
    # On notice with no objection nothing is awaited.
    assert _codes(await _review(client, rid, "sjz_admin")) == ["INVALID_STATE"]
    kinds = await RecognitionStep.filter(recognition_id=decode_int_id(rid, "Recognition")).order_by(
        "id").values_list("kind", flat=True)  # fmt: skip
    assert kinds == ["SUBMITTED", "COUNTY_REVIEW", "CITY_REVIEW", "PUBLICITY_STARTED"]  # refusals leave none


async def test_an_objection_open_past_the_notice_waits_for_the_city(client: GraphQLClient) -> None:
    rid = await _on_notice(client, await _talent(with_card=False))
    key = decode_int_id(rid, "Recognition")
    assert (await _object(client, rid, "changan_window", "学历造假"))["userErrors"] == []
    await Recognition.filter(id=key).update(publicity_until=china_today() - dt.timedelta(days=1))
    assert await close_publicity({}) == {"approved": 0}  # the demo's notice still runs; ours waits
    assert (await Recognition.get(id=key)).status == RecognitionStatus.PUBLICITY
    decided = await _review(client, rid, "sjz_admin", "APPROVE", "异议不成立")
    assert decided["recognition"]["status"] == "APPROVED"
    kinds = [s["kind"] for s in decided["recognition"]["steps"]]
    assert kinds[-2:] == ["OBJECTION_RESOLVED", "PUBLICITY_ENDED"]
    assert (await Recognition.get(id=key)).card_id is not None


async def test_an_objection_after_the_notice_is_refused(client: GraphQLClient) -> None:
    rid = await _on_notice(client, await _talent(with_card=True))
    yesterday = china_today() - dt.timedelta(days=1)
    await Recognition.filter(id=decode_int_id(rid, "Recognition")).update(publicity_until=yesterday)
    late = await _object(client, rid, "changan_window")
    assert _codes(late) == ["INVALID_STATE"]
    assert await RecognitionObjection.all().count() == 0
    assert _codes(await _object(client, rid, "sjz_admin", reason="")) == ["VALIDATION"]


async def test_a_talent_sees_only_their_own(client: GraphQLClient) -> None:
    others = await _submit(client, await _talent(with_card=True))
    demo = await Talent.get(id=(await User.get(username="talent_demo")).talent_id)
    own = await _submit(client, demo, "sjz.A", user="talent_demo")
    assert own["userErrors"] == []
    listed = (await client.data(LIST, {}, as_user="talent_demo"))["recognitions"]
    assert listed["totalCount"] == 1 and listed["nodes"][0]["number"] == own["recognition"]["number"]
    hidden = await client.execute(NODE, {"id": others["recognition"]["id"]}, as_user="talent_demo")
    assert error_codes(hidden) == ["NOT_FOUND"]
    rid = own["recognition"]["id"]
    await _review(client, rid, "changan_admin")
    await _review(client, rid, "sjz_admin")
    assert (await _object(client, rid, "changan_window", "举报材料"))["userErrors"] == []
    mine = (await client.data(NODE, {"id": rid}, as_user="talent_demo"))["node"]
    assert mine["objections"] is None  # only reviewers see objections, and who objected
    hidden = {"kind": "OBJECTION", "decision": None, "actor": "异议人", "toStatus": "PUBLICITY"}
    assert hidden in mine["steps"]
    seen = (await client.data(NODE, {"id": rid}, as_user="sjz_admin"))["node"]
    assert seen["objections"][0]["objector"] == "changan_window"
    assert {"kind": "OBJECTION", "decision": None, "actor": "changan_window", "toStatus": "PUBLICITY"} \
        in seen["steps"]  # fmt: skip
    # The talent cannot submit for someone else.
    assert _codes(await _submit(client, await _talent(with_card=False), user="talent_demo")) == ["NOT_FOUND"]


async def test_the_unit_specialist_submits_for_their_employer_only(client: GraphQLClient) -> None:
    talent = await _talent(with_card=True)
    await _unit_specialist(client, talent.employer_id)
    assert (await _submit(client, talent, user=UNIT))["userErrors"] == []
    elsewhere = await Talent.filter(jurisdiction_id="130102", employer_id__not=talent.employer_id,
                                    employer_id__isnull=False).first()  # fmt: skip
    assert _codes(await _submit(client, elsewhere, user=UNIT)) == ["NOT_FOUND"]
    listed = (await client.data(LIST, {}, as_user=UNIT))["recognitions"]
    mine = await Recognition.filter(employer_id=talent.employer_id).values_list("number", flat=True)
    assert sorted(n["number"] for n in listed["nodes"]) == sorted(mine)  # the employer's, the demo's too
    assert listed["totalCount"] < await Recognition.all().count()


async def test_recognitions_filter_by_status_and_place(client: GraphQLClient) -> None:
    await _submit(client, await _talent(with_card=True))
    on_notice = {"status": {"eq": "PUBLICITY"}}
    waiting = {"status": {"eq": "COUNTY_REVIEW"}, "withinJurisdiction": "130102"}

    async def count(user: str, flt: dict | None = None) -> int:
        return (await client.data(LIST, {"filter": flt}, as_user=user))["recognitions"]["totalCount"]

    assert (await count("sjz_admin", on_notice), await count("sjz_admin", waiting)) == (1, 2)
    others = (await count("zhengding_admin"), await count("jinan_admin"), await count("changan_admin"))
    assert others == (0, 0, 3)


async def test_the_public_notice_is_anonymous_minimal_and_masked(client: GraphQLClient) -> None:
    body = await client.execute(PUBLICITY, {"code": "130100"})
    notices = body["data"]["recognitionPublicity"]
    row = await Recognition.get(status=RecognitionStatus.PUBLICITY).select_related("talent", "category")
    assert notices == [{
        "number": row.number, "name": mask_name(row.talent.name), "category": row.category.name,
        "employer": notices[0]["employer"], "publicityFrom": row.publicity_from.isoformat(),
        "publicityUntil": row.publicity_until.isoformat(),
    }]  # fmt: skip
    assert notices[0]["name"].endswith("*") and notices[0]["employer"]
    assert (await client.execute(PUBLICITY, {"code": "370100"}))["data"]["recognitionPublicity"] == []
    assert error_codes(await client.execute(PUBLICITY, {"code": "13"})) == ["VALIDATION"]


async def test_bad_input_is_coded_and_nothing_is_written(client: GraphQLClient) -> None:
    talent = await _talent(with_card=True)
    audits = AuditEvent.filter(target_type="recognition")
    before = (await Recognition.all().count(), await audits.count(), await RecognitionStep.all().count())
    blank = await _submit(client, talent, basis="  ")
    assert _codes(blank) == ["VALIDATION"]
    negative = await _submit(client, talent, annualSalaryYuan=-1, employerTaxYuan=-5)
    assert _codes(negative) == ["VALIDATION", "VALIDATION"]
    assert _codes(await _submit(client, talent, "jinan.A")) == ["VALIDATION"]  # another city's ladder
    unknown = await _submit(client, talent, categoryId=encode_id("TalentCategory", 999_999))
    assert _codes(unknown) == ["NOT_FOUND"]
    assert _codes(await _submit(client, talent, user="sjz_admin")) == ["FORBIDDEN"]  # offices review
    await Talent.filter(id=talent.id).update(status=TalentStatus.LEFT)
    assert _codes(await _submit(client, talent)) == ["INVALID_STATE"]
    after = (await Recognition.all().count(), await audits.count(), await RecognitionStep.all().count())
    assert after == before
    await Talent.filter(id=talent.id).update(status=TalentStatus.ACTIVE)
    assert (await _submit(client, talent))["userErrors"] == []
    assert _codes(await _submit(client, talent, "sjz.C")) == ["CONFLICT"]  # one open at a time


async def _list_statements(client: GraphQLClient, query_counter: QueryCounter, first: int) -> int:
    await client.data(LIST, {"first": 1}, as_user="sjz_admin")  # warm the policy cache
    with query_counter.capture() as q:
        data = await client.data(LIST, {"first": first}, as_user="sjz_admin")
    assert len(data["recognitions"]["nodes"]) == first
    return q.count


async def test_a_longer_page_costs_no_more_statements(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    for with_card in (True, False, True):
        await _submit(client, await _talent(with_card=with_card))
    small = await _list_statements(client, query_counter, 2)
    large = await _list_statements(client, query_counter, 5)
    assert small == large
    assert large <= 10, large  # principal 3, page, count, talent, category, steps


def test_the_worker_closes_notices_on_its_daily_schedule() -> None:
    from jobs.worker import WorkerSettings

    [job] = [c for c in WorkerSettings.cron_jobs if c.coroutine is close_publicity]
    assert job.unique and job.minute == {25}


async def test_with_no_notice_period_the_city_approval_issues_the_card_at_once(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    await TalentCategory.filter(code="sjz.B").update(publicity_workdays=0)  # as the demo has it
    talent = await _talent(with_card=True)
    old_card = await Card.get(holder_id=talent.id, status=CardStatus.ACTIVE)
    rid = (await _submit(client, talent))["recognition"]["id"]
    await _review(client, rid, "changan_admin")
    approved = (await _review(client, rid, "sjz_admin"))["recognition"]
    assert approved["status"] == "APPROVED" and approved["decidedAt"]
    assert [s["kind"] for s in approved["steps"]][-2:] == ["CITY_REVIEW", "PUBLICITY_ENDED"]
    assert (await Card.get(id=old_card.id)).status == CardStatus.SUPERSEDED
    assert await Card.filter(holder_id=talent.id, status=CardStatus.ACTIVE, tier__code="A").exists()
    assert _codes(await _object(client, rid, "changan_window")) == ["INVALID_STATE"]
