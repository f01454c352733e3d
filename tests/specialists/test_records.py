"""Specialists (服务专员): creating and changing them, their items and training, who may,
and what a caller of another county cannot see."""

from __future__ import annotations

from typing import Any

from resolvers.core.ids import encode_id
from schema.models import (
    AuditEvent,
    Department,
    Employer,
    ServiceItem,
    ServiceWindow,
    Specialist,
    SpecialistTraining,
)
from schema.models.enums import SpecialistKind, SpecialistStatus
from tests.support.graphql import GraphQLClient
from tests.support.query_counter import QueryCounter

FIELDS = """id name kind status officePhone mobile filedAt leftOn dedicatedTalentCount
  items { code } trainings { title hours } department { name } window { name } employer { name }"""
CREATE = f"""mutation($input: CreateSpecialistInput!) {{
  createSpecialist(input: $input) {{ specialist {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
UPDATE = f"""mutation($input: UpdateSpecialistInput!) {{
  updateSpecialist(input: $input) {{ specialist {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
TRAINING = """mutation($input: RecordSpecialistTrainingInput!) {
  recordSpecialistTraining(input: $input) { training { title heldOn hours organiser recordedBy }
    userErrors { field code } } }"""
NODE = """query($id: ID!) { node(id: $id) { ... on Specialist { name } } }"""


def gid(type_name: str, key: int) -> str:
    return encode_id(type_name, key)


async def item(code: str) -> str:
    return gid("ServiceItem", (await ServiceItem.get(code=code)).id)


async def department(name: str) -> str:
    return gid("Department", (await Department.get(name=name)).id)


async def window(name: str) -> str:
    return gid("ServiceWindow", (await ServiceWindow.get(name=name)).id)


async def create(client: GraphQLClient, user: str, **fields: Any) -> dict[str, Any]:
    base = {"name": "李晓明", "kind": "HANDLING", "officePhone": "0311-86012345", "mobile": "13812345678"}
    data = await client.data(CREATE, {"input": {**base, **fields}}, as_user=user)
    return data["createSpecialist"]


async def test_an_office_adds_a_handling_specialist_with_its_departments_items(client: GraphQLClient) -> None:
    made = await create(
        client, "changan_admin", departmentId=await department("长安区教育局"), jurisdictionCode="130102",
        itemIds=[await item("changan.school")], username="changan_window",
    )  # fmt: skip
    assert made["userErrors"] == []
    s = made["specialist"]
    assert (s["kind"], s["status"], s["department"]["name"]) == ("HANDLING", "ACTIVE", "长安区教育局")
    assert s["items"] == [{"code": "changan.school"}] and s["filedAt"] is not None  # an office files at once
    assert s["mobile"] == "13812345678" and s["dedicatedTalentCount"] == 0
    row = await Specialist.get(name="李晓明").prefetch_related("user")
    assert row.jurisdiction_id == "130102" and row.user.username == "changan_window"
    assert await AuditEvent.filter(operation="createSpecialist", target_id=str(row.id)).exists()


async def test_a_window_specialist_takes_items_of_its_place_or_above(client: GraphQLClient) -> None:
    made = await create(
        client, "changan_admin", kind="WINDOW", windowId=await window("长安区人才服务分窗口"),
        itemIds=[await item("sjz.household"), await item("changan.school")],
    )  # fmt: skip
    assert made["userErrors"] == []
    assert {i["code"] for i in made["specialist"]["items"]} == {"sjz.household", "changan.school"}


async def _refused(client: GraphQLClient, user: str, **fields: Any) -> list[tuple[str | None, str]]:
    before = await Specialist.all().count()
    result = await create(client, user, **fields)
    assert result["specialist"] is None
    assert await Specialist.all().count() == before  # nothing written
    return [(e["field"], e["code"]) for e in result["userErrors"]]


async def test_a_specialist_outside_the_organisations_jurisdiction_is_refused(client: GraphQLClient) -> None:
    errors = await _refused(
        client, "changan_admin", departmentId=await department("长安区教育局"), jurisdictionCode="130123"
    )
    assert errors == [("jurisdictionCode", "VALIDATION")]


async def test_items_that_are_not_the_organisations_are_refused(client: GraphQLClient) -> None:
    # 长安区教育局 is not responsible for 户籍; the 长安区 window does not serve 正定县's own items.
    errors = await _refused(
        client,
        "changan_admin",
        departmentId=await department("长安区教育局"),
        itemIds=[await item("sjz.household")],
    )
    assert errors == [("itemIds", "VALIDATION")]
    errors = await _refused(
        client, "changan_admin", kind="WINDOW", windowId=await window("长安区人才服务分窗口"),
        itemIds=[await item("zhengding.school")],
    )  # fmt: skip
    assert errors == [("itemIds", "VALIDATION")]


async def test_the_organisation_must_match_the_kind(client: GraphQLClient) -> None:
    dept = await department("长安区教育局")
    assert await _refused(client, "changan_admin", kind="WINDOW", departmentId=dept) == [
        ("departmentId", "VALIDATION")
    ]
    assert await _refused(client, "changan_admin", kind="HANDLING") == [("departmentId", "VALIDATION")]


async def test_bad_phone_and_unknown_user_are_refused_together(client: GraphQLClient) -> None:
    errors = await _refused(
        client,
        "changan_admin",
        departmentId=await department("长安区教育局"),
        mobile="12345",
        username="nobody",
    )
    assert sorted(errors) == [("mobile", "VALIDATION"), ("username", "VALIDATION")]


async def test_another_countys_office_may_not_add_specialists(client: GraphQLClient) -> None:
    # Departments are public reference data: visible, but not zhengding_admin's to staff.
    errors = await _refused(client, "zhengding_admin", departmentId=await department("长安区教育局"))
    assert errors == [("departmentId", "FORBIDDEN")]
    # An employer of another county is not even visible.
    employer = await Employer.filter(jurisdiction_id="130102").order_by("id").first()
    errors = await _refused(client, "zhengding_admin", kind="UNIT", employerId=gid("Employer", employer.id))
    assert errors == [("employerId", "NOT_FOUND")]
    errors = await _refused(client, "sjz_edu_handler", departmentId=await department("石家庄市教育局"))
    assert errors == [("departmentId", "FORBIDDEN")]


async def test_update_changes_contacts_items_and_status(client: GraphQLClient) -> None:
    target = (
        await Specialist.filter(department__name="长安区教育局", status=SpecialistStatus.ACTIVE)
        .order_by("id")
        .first()
    )
    result = await client.data(UPDATE, {"input": {
        "id": gid("Specialist", target.id), "officePhone": "0311-86019999", "itemIds": [],
        "status": "INACTIVE",
    }}, as_user="changan_admin")  # fmt: skip
    s = result["updateSpecialist"]["specialist"]
    assert result["updateSpecialist"]["userErrors"] == []
    assert (s["officePhone"], s["items"], s["status"]) == ("0311-86019999", [], "INACTIVE")
    assert s["leftOn"] is not None
    back = await client.data(
        UPDATE, {"input": {"id": gid("Specialist", target.id), "status": "ACTIVE"}}, as_user="changan_admin"
    )
    assert back["updateSpecialist"]["specialist"]["status"] == "ACTIVE"
    assert back["updateSpecialist"]["specialist"]["leftOn"] is None


async def test_update_refuses_pending_and_items_of_another_department(client: GraphQLClient) -> None:
    target = await Specialist.filter(department__name="长安区教育局").order_by("id").first()
    before = (target.status, target.office_phone)
    result = await client.data(UPDATE, {"input": {
        "id": gid("Specialist", target.id), "officePhone": "0311-86010000", "status": "PENDING",
        "itemIds": [await item("sjz.household")],
    }}, as_user="changan_admin")  # fmt: skip
    codes = {(e["field"], e["code"]) for e in result["updateSpecialist"]["userErrors"]}
    assert codes == {("status", "VALIDATION"), ("itemIds", "VALIDATION")}
    await target.refresh_from_db()
    assert (target.status, target.office_phone) == before


async def test_another_countys_specialists_are_not_found(client: GraphQLClient) -> None:
    theirs = await Specialist.filter(jurisdiction_id="130123").order_by("id").first()
    body = await client.execute(NODE, {"id": gid("Specialist", theirs.id)}, as_user="changan_admin")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    result = await client.data(
        UPDATE, {"input": {"id": gid("Specialist", theirs.id), "status": "INACTIVE"}}, as_user="changan_admin"
    )
    assert [e["code"] for e in result["updateSpecialist"]["userErrors"]] == ["NOT_FOUND"]
    listed = await client.data(
        '{ specialists(first: 100, filter: {jurisdictionCode: {eq: "130123"}}) { totalCount } }',
        as_user="changan_admin",
    )
    assert listed["specialists"]["totalCount"] == 0


async def test_training_is_recorded_and_listed(client: GraphQLClient) -> None:
    target = (
        await Specialist.filter(jurisdiction_id="130102", kind=SpecialistKind.WINDOW).order_by("id").first()
    )
    before = await SpecialistTraining.filter(specialist_id=target.id).count()
    recorded = await client.data(TRAINING, {"input": {
        "specialistId": gid("Specialist", target.id), "title": "人才政策更新培训", "heldOn": "2025-11-01",
        "hours": 6.5, "organiser": "长安区人才办", "certificate": "CA-2025-07",
    }}, as_user="changan_admin")  # fmt: skip
    training = recorded["recordSpecialistTraining"]["training"]
    assert training["hours"] == "6.5" and training["recordedBy"] == "changan_admin"
    listed = await client.data(
        "query($id: ID!) { node(id: $id) { ... on Specialist { trainings { title } } } }",
        {"id": gid("Specialist", target.id)}, as_user="changan_admin",
    )  # fmt: skip
    assert {"title": "人才政策更新培训"} in listed["node"]["trainings"]
    assert await SpecialistTraining.filter(specialist_id=target.id).count() == before + 1


async def test_training_with_bad_hours_or_a_future_date_is_refused(client: GraphQLClient) -> None:
    target = await Specialist.filter(jurisdiction_id="130102").order_by("id").first()
    before = await SpecialistTraining.all().count()
    result = await client.data(TRAINING, {"input": {
        "specialistId": gid("Specialist", target.id), "title": " ", "heldOn": "2099-01-01", "hours": 0,
    }}, as_user="changan_admin")  # fmt: skip
    codes = {(e["field"], e["code"]) for e in result["recordSpecialistTraining"]["userErrors"]}
    assert codes == {("title", "VALIDATION"), ("heldOn", "VALIDATION"), ("hours", "VALIDATION")}
    other = await Specialist.filter(jurisdiction_id="130123").order_by("id").first()
    result = await client.data(TRAINING, {"input": {
        "specialistId": gid("Specialist", other.id), "title": "x", "heldOn": "2025-01-01", "hours": 2,
    }}, as_user="changan_admin")  # fmt: skip
    assert [e["code"] for e in result["recordSpecialistTraining"]["userErrors"]] == ["NOT_FOUND"]
    assert await SpecialistTraining.all().count() == before


PAGE = """query($first: Int!) { specialists(first: $first) { edges { node {
  name items { code name } trainings { title heldOn } dedicatedTalentCount jurisdiction { name } } } } }"""


async def test_a_page_of_specialists_costs_the_same_statements_at_any_size(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    counts = []
    await client.data(PAGE, {"first": 1}, as_user="sjz_admin")  # warm the policy cache
    for first in (10, 50):
        with query_counter.capture() as q:
            data = await client.data(PAGE, {"first": first}, as_user="sjz_admin")
        assert len(data["specialists"]["edges"]) == first
        counts.append(q.count)
    # principal 3, page 1, then one each for items (2), trainings, loads, jurisdictions
    assert counts[0] == counts[1] <= 10, counts
