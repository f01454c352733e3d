"""Transfer and replacement of specialists (专员调整): the organisation nominates, the talent
office of the organisation's own level files (备案); the successor takes over items and
dedicated talents. Only those in scope see a succession."""

from __future__ import annotations

from permissions.grants import add_grant, user_subject
from resolvers.accounts.passwords import hash_password
from resolvers.core.ids import encode_id
from schema.models import DedicatedAssignment, Department, Employer, Specialist, SpecialistSuccession, User
from schema.models.enums import SpecialistKind, SpecialistStatus, SuccessionStatus
from tests.support.graphql import GraphQLClient

LIST = """{ successions(first: 20) { totalCount edges { node { id status reason nominatedBy
  specialist { name status } successor { name status } } } } }"""
NOMINATE = """mutation($input: NominateSpecialistSuccessorInput!) {
  nominateSpecialistSuccessor(input: $input) {
  succession { id status successor { id name status } } userErrors { field code message } } }"""
FILE = """mutation($input: FileSpecialistSuccessionInput!) { fileSpecialistSuccession(input: $input) {
  succession { status decidedBy decisionNote specialist { status leftOn items { code } }
    successor { status filedAt items { code } dedicatedTalentCount } } userErrors { field code } } }"""
PASSWORD = "dept-admin-pass-2026"


async def demo_succession(client: GraphQLClient, user: str = "changan_admin") -> str:
    data = await client.data(LIST, as_user=user)
    [edge] = data["successions"]["edges"]
    return edge["node"]["id"]


async def file(client: GraphQLClient, user: str, sid: str, decision: str, note: str | None = None) -> dict:
    data = await client.data(
        FILE, {"input": {"successionId": sid, "decision": decision, "note": note}}, as_user=user
    )
    return data["fileSpecialistSuccession"]


async def test_the_demo_nomination_waits_for_the_county_office(client: GraphQLClient) -> None:
    data = await client.data(LIST, as_user="changan_admin")
    node = data["successions"]["edges"][0]["node"]
    assert (node["status"], node["nominatedBy"]) == ("NOMINATED", "changan_admin")
    assert (node["specialist"]["status"], node["successor"]["status"]) == ("ACTIVE", "PENDING")
    assert (await client.data(LIST, as_user="zhengding_admin"))["successions"]["totalCount"] == 0
    assert (await client.data(LIST, as_user="auditor_demo"))["successions"]["totalCount"] == 1
    assert (await client.data(LIST, as_user="jinan_admin"))["successions"]["totalCount"] == 0


async def test_filing_hands_items_and_dedicated_talents_to_the_successor(client: GraphQLClient) -> None:
    row = await SpecialistSuccession.get(status=SuccessionStatus.NOMINATED)
    outgoing_items = {i.code for i in await (await Specialist.get(id=row.specialist_id)).items.all()}
    talents = set(
        await DedicatedAssignment.filter(specialist_id=row.specialist_id, ended_at__isnull=True).values_list(
            "talent_id", flat=True
        )
    )
    assert talents and outgoing_items
    done = await file(client, "changan_admin", await demo_succession(client), "APPROVE", "同意备案")
    assert done["userErrors"] == []
    s = done["succession"]
    assert (s["status"], s["decidedBy"], s["decisionNote"]) == ("FILED", "changan_admin", "同意备案")
    assert s["specialist"]["status"] == "INACTIVE" and s["specialist"]["leftOn"]
    assert s["successor"]["status"] == "ACTIVE" and s["successor"]["filedAt"]
    assert {i["code"] for i in s["successor"]["items"]} == outgoing_items
    assert s["successor"]["dedicatedTalentCount"] == len(talents)
    moved = await DedicatedAssignment.filter(talent_id__in=list(talents), ended_at__isnull=True)
    assert {(a.specialist_id, a.reason) for a in moved} == {(row.successor_id, "SUCCESSION")}
    again = await file(client, "changan_admin", await demo_succession(client), "REJECT", "重复")
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATE"]


async def test_only_the_office_of_the_organisations_level_files(client: GraphQLClient) -> None:
    sid = await demo_succession(client)
    for user, code in (
        ("sjz_admin", "FORBIDDEN"),
        ("auditor_demo", "FORBIDDEN"),
        ("zhengding_admin", "NOT_FOUND"),
    ):
        result = await file(client, user, sid, "APPROVE")
        assert [e["code"] for e in result["userErrors"]] == [code], user
    assert await SpecialistSuccession.filter(status=SuccessionStatus.NOMINATED).count() == 1


async def test_a_rejection_needs_a_note_and_stands_the_successor_down(client: GraphQLClient) -> None:
    sid = await demo_succession(client)
    missing = await file(client, "changan_admin", sid, "REJECT")
    assert [(e["field"], e["code"]) for e in missing["userErrors"]] == [("note", "VALIDATION")]
    done = await file(client, "changan_admin", sid, "REJECT", "接替人选不符合条件")
    assert done["succession"]["status"] == "REJECTED"
    assert done["succession"]["successor"]["status"] == "INACTIVE"
    assert done["succession"]["specialist"]["status"] == "ACTIVE"


async def department_admin(client: GraphQLClient, department: Department) -> str:
    name = f"admin_{department.id}"
    await User.create(username=name, password_hash=hash_password(PASSWORD))
    await add_grant(user_subject(name), "department_admin", f"dept:{department.id}")
    await client.login(name, PASSWORD)
    return name


async def test_a_department_nominates_a_new_person_and_the_city_office_files(client: GraphQLClient) -> None:
    police = await Department.get(name="石家庄市公安局")
    admin = await department_admin(client, police)
    outgoing = await Specialist.filter(department_id=police.id, status=SpecialistStatus.ACTIVE).first()
    result = await client.data(NOMINATE, {"input": {
        "specialistId": encode_id("Specialist", outgoing.id), "reason": "调任其他岗位",
        "successor": {"name": "王建国", "officePhone": "0311-86688888", "mobile": "13900001111"},
    }}, as_user=admin)  # fmt: skip
    nominated = result["nominateSpecialistSuccessor"]
    assert nominated["userErrors"] == [] and nominated["succession"]["successor"]["status"] == "PENDING"
    successor = await Specialist.get(name="王建国")
    assert (successor.department_id, successor.kind, successor.jurisdiction_id) == (
        police.id, SpecialistKind.HANDLING, "130100"
    )  # fmt: skip
    county = await file(client, "changan_admin", nominated["succession"]["id"], "APPROVE")
    assert [e["code"] for e in county["userErrors"]] == ["NOT_FOUND"]
    filed = await file(client, "sjz_admin", nominated["succession"]["id"], "APPROVE")
    assert filed["succession"]["successor"]["status"] == "ACTIVE"


async def test_bad_nominations_change_nothing(client: GraphQLClient) -> None:
    police = await Department.get(name="石家庄市公安局")
    admin = await department_admin(client, police)
    mine = await Specialist.filter(department_id=police.id, status=SpecialistStatus.ACTIVE).order_by("id")
    elsewhere = await Specialist.filter(department__name="石家庄市教育局").first()
    sid, other = encode_id("Specialist", mine[0].id), encode_id("Specialist", elsewhere.id)
    cases = [
        ({"specialistId": sid, "reason": " ", "successor": {"name": "赵一"}}, [("reason", "VALIDATION")]),
        ({"specialistId": sid, "reason": "调岗"}, [("successor", "VALIDATION")]),
        ({"specialistId": sid, "reason": "调岗", "successorId": sid}, [("successorId", "VALIDATION")]),
        ({"specialistId": sid, "reason": "调岗", "successorId": other}, [("successorId", "NOT_FOUND")]),
        ({"specialistId": sid, "reason": "调岗", "successor": {"name": "赵一", "mobile": "123"}},
         [("mobile", "VALIDATION")]),
        ({"specialistId": other, "reason": "调岗", "successor": {"name": "赵一"}},
         [("specialistId", "NOT_FOUND")]),
    ]  # fmt: skip
    before = (await Specialist.all().count(), await SpecialistSuccession.all().count())
    for given, expected in cases:
        result = await client.data(NOMINATE, {"input": given}, as_user=admin)
        errors = [(e["field"], e["code"]) for e in result["nominateSpecialistSuccessor"]["userErrors"]]
        assert errors == expected, given
    assert (await Specialist.all().count(), await SpecialistSuccession.all().count()) == before
    colleague = encode_id("Specialist", mine[1].id)
    given = {"input": {"specialistId": sid, "reason": "调岗", "successorId": colleague}}
    ok = await client.data(NOMINATE, given, as_user=admin)
    assert ok["nominateSpecialistSuccessor"]["userErrors"] == []
    twice = await client.data(NOMINATE, given, as_user=admin)
    assert [e["code"] for e in twice["nominateSpecialistSuccessor"]["userErrors"]] == ["INVALID_STATE"]


async def test_a_unit_specialist_nominates_for_their_employer_only(client: GraphQLClient) -> None:
    unit = await Specialist.filter(kind=SpecialistKind.UNIT, jurisdiction_id="130102").first()
    employer = await Employer.get(id=unit.employer_id)
    await User.create(username="unit_demo", password_hash=hash_password(PASSWORD))
    await add_grant(user_subject("unit_demo"), "unit_specialist", f"org:{employer.id}")
    await client.login("unit_demo", PASSWORD)
    result = await client.data(NOMINATE, {"input": {
        "specialistId": encode_id("Specialist", unit.id), "reason": "离职", "successor": {"name": "钱多多"},
    }}, as_user="unit_demo")  # fmt: skip
    assert result["nominateSpecialistSuccessor"]["userErrors"] == []
    listed = await client.data(LIST, as_user="unit_demo")
    assert [e["node"]["specialist"]["name"] for e in listed["successions"]["edges"]] == [unit.name]
    window = await Specialist.filter(kind=SpecialistKind.WINDOW, jurisdiction_id="130102").first()
    refused = await client.data(NOMINATE, {"input": {
        "specialistId": encode_id("Specialist", window.id), "reason": "离职", "successor": {"name": "孙某"},
    }}, as_user="unit_demo")  # fmt: skip
    assert [e["code"] for e in refused["nominateSpecialistSuccessor"]["userErrors"]] == ["NOT_FOUND"]
