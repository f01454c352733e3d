"""Custom-field values on talents, employers and service requests: checked against the
definitions that apply to the record's county, city and province; coded errors on
`customFields.<key>` and nothing written; changes audited."""

from __future__ import annotations

from datetime import date

from resolvers.core.ids import encode_id
from resolvers.core.validation import make_credit_code, make_resident_id
from schema.clock import now
from schema.models import AuditEvent, Employer, ServiceRequest, Talent
from schema.models.enums import RequestChannel
from tests.customfields.support import define, error_fields
from tests.support.graphql import GraphQLClient

CREATE_TALENT = """mutation($input: CreateTalentInput!) {
  createTalent(input: $input) { talent { id customFields } userErrors { field code message } }
}"""
UPDATE_TALENT = """mutation($input: UpdateTalentInput!) {
  updateTalent(input: $input) { talent { id customFields } userErrors { field code } }
}"""
NEW_ID = make_resident_id("130102", date(1991, 5, 20), 233, male=True)


def _talent(**custom: object) -> dict[str, object]:
    return {"name": "赵启明", "idNumber": NEW_ID, "jurisdictionCode": "130102", "customFields": custom}


async def test_a_talent_takes_the_fields_of_its_county_and_city(client: GraphQLClient) -> None:
    await define(client, "changan_admin", jurisdictionCode="130102", key="score", label="评分", kind="NUMBER")
    await define(
        client, "changan_admin", jurisdictionCode="130102", key="met_on", label="走访日期", kind="DATE"
    )
    custom = {"owns_home": False, "contact_frequency": "每周", "score": 87.5, "met_on": "2026-03-01"}
    data = await client.data(CREATE_TALENT, {"input": _talent(**custom)}, as_user="changan_window")
    assert data["createTalent"]["userErrors"] == []
    assert data["createTalent"]["talent"]["customFields"] == custom
    talent = await Talent.get(id_number=NEW_ID)
    assert talent.custom_fields == custom
    event = await AuditEvent.get(operation="createTalent", target_id=str(talent.id))
    assert event.after["custom_fields"] == custom


async def test_bad_values_give_coded_errors_on_their_keys_and_write_nothing(client: GraphQLClient) -> None:
    await define(client, "changan_admin", jurisdictionCode="130102", key="score", label="评分", kind="NUMBER")
    await define(
        client, "zhengding_admin", jurisdictionCode="130123", key="zd_only", label="正定", kind="TEXT"
    )
    before = await Talent.all().count()
    cases = [
        ({"nonsense": 1}, "customFields.nonsense"),  # no such field
        ({"zd_only": "x"}, "customFields.zd_only"),  # another county's field does not apply here
        ({"owns_home": "是"}, "customFields.owns_home"),  # not a boolean
        ({"contact_frequency": "每天"}, "customFields.contact_frequency"),  # not an option
        ({"score": "九十"}, "customFields.score"),
        ({"score": True}, "customFields.score"),
        ({"Bad Key'": 1}, "customFields"),
    ]
    for custom, field in cases:
        data = await client.data(CREATE_TALENT, {"input": _talent(**custom)}, as_user="changan_window")
        payload = data["createTalent"]
        assert payload["talent"] is None
        assert (field, "VALIDATION") in error_fields(payload["userErrors"]), (custom, payload)
    assert await Talent.all().count() == before
    assert not await AuditEvent.filter(operation="createTalent").exists()


async def test_a_required_field_must_be_given(client: GraphQLClient) -> None:
    await define(client, "changan_admin", jurisdictionCode="130102", key="mentor", label="联系人",
                 kind="TEXT", required=True)  # fmt: skip
    data = await client.data(CREATE_TALENT, {"input": _talent(owns_home=True)}, as_user="changan_window")
    assert error_fields(data["createTalent"]["userErrors"]) == {("customFields.mentor", "VALIDATION")}
    data = await client.data(CREATE_TALENT, {"input": _talent(mentor="王老师")}, as_user="changan_window")
    assert data["createTalent"]["userErrors"] == []


async def test_an_update_writes_the_given_keys_and_null_clears_one(client: GraphQLClient) -> None:
    talent = await Talent.filter(jurisdiction_id="130102", custom_fields__not="{}").order_by("id").first()
    assert talent is not None and talent.custom_fields  # the demo gives some talents values
    tid = encode_id("Talent", talent.id)
    data = await client.data(UPDATE_TALENT, {"input": {"id": tid, "customFields": {
        "owns_home": None, "contact_frequency": "每季度"}}}, as_user="changan_admin")  # fmt: skip
    assert data["updateTalent"]["talent"]["customFields"] == {"contact_frequency": "每季度"}
    bad = await client.data(UPDATE_TALENT, {"input": {"id": tid, "customFields": {"owns_home": 1}}},
                            as_user="changan_admin")  # fmt: skip
    assert error_fields(bad["updateTalent"]["userErrors"]) == {("customFields.owns_home", "VALIDATION")}
    await talent.refresh_from_db()
    assert talent.custom_fields == {"contact_frequency": "每季度"}
    event = await AuditEvent.get(operation="updateTalent", target_id=str(talent.id))
    assert event.after["custom_fields"] == {"owns_home": None, "contact_frequency": "每季度"}


async def test_employers_and_service_requests_carry_their_own_fields(client: GraphQLClient) -> None:
    await define(client, "changan_admin", type="Employer", jurisdictionCode="130102", key="listed",
                 label="是否上市", kind="BOOLEAN")  # fmt: skip
    await define(client, "sjz_admin", type="ServiceRequest", jurisdictionCode="130100", key="urgent",
                 label="加急", kind="BOOLEAN")  # fmt: skip
    code = make_credit_code("130102", 7001)
    data = await client.data("""mutation($input: CreateEmployerInput!) {
      createEmployer(input: $input) { employer { customFields } userErrors { field code } } }""",
        {"input": {"name": "长安新材料有限公司", "creditCode": code, "jurisdictionCode": "130102",
                   "customFields": {"listed": True}}}, as_user="changan_admin")  # fmt: skip
    assert data["createEmployer"] == {"employer": {"customFields": {"listed": True}}, "userErrors": []}
    assert (await Employer.get(credit_code=code)).custom_fields == {"listed": True}
    bad = await client.data("""mutation($input: CreateEmployerInput!) {
      createEmployer(input: $input) { employer { id } userErrors { field code } } }""",
        {"input": {"name": "长安某公司", "creditCode": make_credit_code("130102", 7002),
                   "jurisdictionCode": "130102", "customFields": {"owns_home": True}}},
        as_user="changan_admin")  # fmt: skip
    assert error_fields(bad["createEmployer"]["userErrors"]) == {("customFields.owns_home", "VALIDATION")}
    talent = await Talent.filter(jurisdiction_id="130102").order_by("id").first()
    assert talent is not None
    request = await ServiceRequest.create(
        number="SR-TEST-1", talent_id=talent.id, jurisdiction_id="130102", channel=RequestChannel.WINDOW,
        received_at=now(),
    )  # fmt: skip
    query = """mutation($input: SetServiceRequestCustomFieldsInput!) {
      setServiceRequestCustomFields(input: $input) {
        serviceRequest { customFields } userErrors { field code } } }"""
    rid = encode_id("ServiceRequest", request.id)
    data = await client.data(query, {"input": {"serviceRequestId": rid, "customFields": {"urgent": True}}},
                             as_user="changan_window")  # fmt: skip
    assert data["setServiceRequestCustomFields"]["serviceRequest"]["customFields"] == {"urgent": True}
    assert await AuditEvent.filter(
        operation="setServiceRequestCustomFields", target_id=str(request.id)
    ).exists()
    other = await client.data(query, {"input": {"serviceRequestId": rid, "customFields": {"urgent": False}}},
                              as_user="zhengding_admin")  # fmt: skip
    assert error_fields(other["setServiceRequestCustomFields"]["userErrors"]) == {
        ("serviceRequestId", "NOT_FOUND")
    }
