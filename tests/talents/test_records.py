"""createTalent / updateTalent / markTalentLeft: coded user errors, nothing half-written,
every change audited."""

from __future__ import annotations

from datetime import date

from resolvers.core.ids import encode_id
from resolvers.core.validation import make_resident_id
from schema.models import AuditEvent, Talent
from tests.support.graphql import GraphQLClient, error_codes

CREATE = """mutation($input: CreateTalentInput!) {
  createTalent(input: $input) {
    talent { id name gender idNumber jurisdiction { code } }
    userErrors { field code message }
  }
}"""
UPDATE = """mutation($input: UpdateTalentInput!) {
  updateTalent(input: $input) { talent { id phone education } userErrors { field code } }
}"""
LEFT = """mutation($input: MarkTalentLeftInput!) {
  markTalentLeft(input: $input) { talent { status leftOn } userErrors { field code } }
}"""

NEW_ID = make_resident_id("130102", date(1990, 3, 15), 417, male=False)


def _input(**overrides: object) -> dict[str, object]:
    return {"name": "林晓", "idNumber": NEW_ID, "jurisdictionCode": "130102",
            "phone": "13912345678", **overrides}  # fmt: skip


async def test_window_specialist_creates_a_talent_and_it_is_audited(client: GraphQLClient) -> None:
    data = await client.data(CREATE, {"input": _input()}, as_user="changan_window")
    payload = data["createTalent"]
    assert payload["userErrors"] == []
    assert payload["talent"]["gender"] == "FEMALE"  # from the ID number
    assert payload["talent"]["idNumber"] == NEW_ID
    talent = await Talent.get(id_number=NEW_ID)
    event = await AuditEvent.get(operation="createTalent", target_id=str(talent.id))
    assert event.actor == "changan_window" and event.jurisdiction_code == "130102"
    assert event.after["id_number"].startswith("130102****")  # the trail stores it masked


async def test_bad_input_gives_coded_errors_and_writes_nothing(client: GraphQLClient) -> None:
    before = await Talent.all().count()
    bad_checksum = NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")
    cases = [
        (_input(idNumber=bad_checksum), "idNumber", "VALIDATION"),
        (_input(idNumber="130102199002301234"), "idNumber", "VALIDATION"),  # 30 February
        (_input(jurisdictionCode="139999"), "jurisdictionCode", "NOT_FOUND"),
        (_input(jurisdictionCode="130100"), "jurisdictionCode", "VALIDATION"),  # not a county
        (_input(phone="12345"), "phone", "VALIDATION"),
        (_input(name=" "), "name", "VALIDATION"),
        (_input(employerId=encode_id("Employer", 999_999)), "employerId", "NOT_FOUND"),
        (_input(employerId="%%%"), "employerId", "VALIDATION"),
    ]
    for payload, field, code in cases:
        data = await client.data(CREATE, {"input": payload}, as_user="changan_window")
        errors = data["createTalent"]["userErrors"]
        assert data["createTalent"]["talent"] is None
        assert {"field": field, "code": code} in [
            {"field": e["field"], "code": e["code"]} for e in errors
        ], (payload, errors)
    assert await Talent.all().count() == before
    assert not await AuditEvent.filter(operation="createTalent").exists()


async def test_several_errors_are_reported_together(client: GraphQLClient) -> None:
    data = await client.data(
        CREATE, {"input": _input(phone="1", jurisdictionCode="139999", idNumber="123")},
        as_user="changan_window",
    )  # fmt: skip
    fields = {e["field"] for e in data["createTalent"]["userErrors"]}
    assert fields == {"phone", "jurisdictionCode", "idNumber"}


async def test_creating_outside_ones_county_is_forbidden(client: GraphQLClient) -> None:
    data = await client.data(
        CREATE, {"input": _input(jurisdictionCode="130123")}, as_user="changan_window"
    )
    assert [e["code"] for e in data["createTalent"]["userErrors"]] == ["FORBIDDEN"]
    assert not await Talent.filter(id_number=NEW_ID).exists()


async def test_duplicate_id_number_is_a_conflict(client: GraphQLClient) -> None:
    existing = await Talent.filter(jurisdiction_id="130102").first()
    data = await client.data(
        CREATE, {"input": _input(idNumber=existing.id_number)}, as_user="changan_admin"
    )
    assert [e["code"] for e in data["createTalent"]["userErrors"]] == ["CONFLICT"]


async def test_wrong_types_are_rejected_before_anything_runs(client: GraphQLClient) -> None:
    body = await client.execute(CREATE, {"input": {"name": 5}}, as_user="changan_admin")
    assert body["data"] is None
    assert len(error_codes(body)) == 3  # name's type and the two missing required fields
    assert set(error_codes(body)) == {"VALIDATION"}


async def test_update_changes_only_given_fields_and_audits_the_difference(
    client: GraphQLClient,
) -> None:
    talent = await Talent.filter(jurisdiction_id="130102").first()
    gid = encode_id("Talent", talent.id)
    data = await client.data(
        UPDATE, {"input": {"id": gid, "education": "博士研究生"}}, as_user="changan_admin"
    )
    assert data["updateTalent"]["userErrors"] == []
    fresh = await Talent.get(id=talent.id)
    assert fresh.education == "博士研究生" and fresh.phone == talent.phone
    event = await AuditEvent.get(operation="updateTalent", target_id=str(talent.id))
    assert set(event.after) == {"education"}


async def test_update_of_invisible_talent_is_not_found(client: GraphQLClient) -> None:
    other = await Talent.filter(jurisdiction_id="130123").first()
    data = await client.data(
        UPDATE, {"input": {"id": encode_id("Talent", other.id), "education": "x"}},
        as_user="changan_admin",
    )  # fmt: skip
    assert [e["code"] for e in data["updateTalent"]["userErrors"]] == ["NOT_FOUND"]


async def test_read_only_roles_cannot_update(client: GraphQLClient) -> None:
    talent = await Talent.filter(jurisdiction_id="130102").first()
    data = await client.data(
        UPDATE, {"input": {"id": encode_id("Talent", talent.id), "education": "x"}},
        as_user="auditor_demo",
    )  # fmt: skip
    assert [e["code"] for e in data["updateTalent"]["userErrors"]] == ["FORBIDDEN"]


async def test_mark_left_once_then_invalid_state(client: GraphQLClient) -> None:
    talent = await Talent.filter(jurisdiction_id="130102", status="ACTIVE").first()
    gid = encode_id("Talent", talent.id)
    first = await client.data(LEFT, {"input": {"id": gid}}, as_user="changan_admin")
    assert first["markTalentLeft"]["talent"]["status"] == "LEFT"
    again = await client.data(LEFT, {"input": {"id": gid}}, as_user="changan_admin")
    assert [e["code"] for e in again["markTalentLeft"]["userErrors"]] == ["INVALID_STATE"]


async def test_anonymous_mutation_is_unauthenticated(client: GraphQLClient) -> None:
    body = await client.execute(CREATE, {"input": _input()})
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert not await Talent.filter(id_number=NEW_ID).exists()


async def test_messages_are_chinese_with_the_english_beside_them(client: GraphQLClient) -> None:
    other = await Talent.filter(jurisdiction_id="130123").first()
    body = await client.data(
        """mutation($input: UpdateTalentInput!) {
          updateTalent(input: $input) { userErrors { field code message messageEn } } }""",
        {"input": {"id": encode_id("Talent", other.id), "education": "x"}}, as_user="changan_admin",
    )  # fmt: skip
    assert body["updateTalent"]["userErrors"] == [
        {"field": "id", "code": "NOT_FOUND", "message": "未找到该人才", "messageEn": "talent not found"}
    ]
    anonymous = await client.execute(CREATE, {"input": _input()})
    (error,) = anonymous["errors"]
    assert error["message"] == "请先登录"
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "sign in" in error["extensions"]["messageEn"]
