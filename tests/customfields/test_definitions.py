"""createCustomField / updateCustomField / retireCustomField and customFieldDefinitions:
offices define fields for their own jurisdiction; a definition applies there and below."""

from __future__ import annotations

from schema.models import AuditEvent, CustomFieldDefinition
from tests.customfields.support import CREATE, DEFINITIONS, RETIRE, UPDATE, define, error_fields
from tests.support.graphql import GraphQLClient


async def test_a_county_field_applies_with_its_citys_and_only_there(client: GraphQLClient) -> None:
    made = await define(client, "changan_admin", jurisdictionCode="130102", key="hukou_moved",
                        label="户口是否迁入", kind="BOOLEAN")  # fmt: skip
    assert made["jurisdiction"]["code"] == "130102" and made["status"] == "ACTIVE"
    changan = await client.data(DEFINITIONS, {"type": "Talent", "code": "130102"}, as_user="changan_window")
    keys = {d["key"]: d for d in changan["customFieldDefinitions"]}
    assert set(keys) == {"owns_home", "contact_frequency", "hukou_moved"}  # the demo's 石家庄 fields too
    assert keys["contact_frequency"]["options"] == ["每周", "每月", "每季度"]
    zhengding = await client.data(
        DEFINITIONS, {"type": "Talent", "code": "130123"}, as_user="zhengding_admin"
    )
    assert {d["key"] for d in zhengding["customFieldDefinitions"]} == {"owns_home", "contact_frequency"}
    employers = await client.data(
        DEFINITIONS, {"type": "Employer", "code": "130102"}, as_user="changan_admin"
    )
    assert employers["customFieldDefinitions"] == []
    event = await AuditEvent.get(operation="createCustomField")
    assert event.actor == "changan_admin" and event.jurisdiction_code == "130102"
    assert event.after["key"] == "hukou_moved"


async def test_bad_definitions_give_coded_errors_and_write_nothing(client: GraphQLClient) -> None:
    before = await CustomFieldDefinition.all().count()
    base = {"type": "Talent", "jurisdictionCode": "130102", "key": "k1", "label": "字段", "kind": "TEXT"}
    cases = [
        ({"key": "Owns-Home"}, ("key", "VALIDATION")),
        ({"key": "x'); DROP TABLE talent; --"}, ("key", "VALIDATION")),
        ({"type": "Card"}, ("type", "VALIDATION")),
        ({"label": " "}, ("label", "VALIDATION")),
        ({"kind": "ENUM"}, ("options", "VALIDATION")),  # an ENUM needs options
        ({"options": ["甲"]}, ("options", "VALIDATION")),  # a TEXT takes none
        ({"jurisdictionCode": "139999"}, ("jurisdictionCode", "NOT_FOUND")),
        ({"key": "owns_home"}, ("key", "CONFLICT")),  # the city's key, used below it
    ]
    for change, expected in cases:
        data = await client.data(CREATE, {"input": {**base, **change}}, as_user="changan_admin")
        payload = data["createCustomField"]
        assert payload["customField"] is None
        assert expected in error_fields(payload["userErrors"]), (change, payload)
    assert await CustomFieldDefinition.all().count() == before
    assert not await AuditEvent.filter(operation="createCustomField").exists()


async def test_a_county_cannot_define_or_change_another_places_fields(client: GraphQLClient) -> None:
    data = await client.data(CREATE, {"input": {
        "type": "Talent", "jurisdictionCode": "130123", "key": "k2", "label": "字段", "kind": "TEXT",
    }}, as_user="changan_admin")  # fmt: skip
    assert error_fields(data["createCustomField"]["userErrors"]) == {("jurisdictionCode", "FORBIDDEN")}
    theirs = await define(client, "zhengding_admin", jurisdictionCode="130123", key="k3", label="字段",
                          kind="TEXT")  # fmt: skip
    city = await CustomFieldDefinition.get(key="owns_home")
    from resolvers.core.ids import encode_id

    for definition_id in (theirs["id"], encode_id("CustomFieldDefinition", city.id)):
        changed = await client.data(
            UPDATE, {"input": {"id": definition_id, "label": "改"}}, as_user="changan_admin"
        )
        assert error_fields(changed["updateCustomField"]["userErrors"]) == {("id", "NOT_FOUND")}
        retired = await client.data(RETIRE, {"input": {"id": definition_id}}, as_user="changan_admin")
        assert error_fields(retired["retireCustomField"]["userErrors"]) == {("id", "NOT_FOUND")}
    window = await client.data(CREATE, {"input": {
        "type": "Talent", "jurisdictionCode": "130102", "key": "k4", "label": "字段", "kind": "TEXT",
    }}, as_user="changan_window")  # fmt: skip
    assert error_fields(window["createCustomField"]["userErrors"]) == {("jurisdictionCode", "FORBIDDEN")}


async def test_update_and_retire_are_audited_and_retired_fields_no_longer_apply(
    client: GraphQLClient,
) -> None:
    made = await define(client, "changan_admin", jurisdictionCode="130102", key="visits", label="走访",
                        kind="ENUM", options=["未走访", "已走访"])  # fmt: skip
    data = await client.data(UPDATE, {"input": {"id": made["id"], "label": "走访情况",
                                                "options": ["未走访", "已走访", "多次走访"]}},
                             as_user="changan_admin")  # fmt: skip
    assert data["updateCustomField"]["customField"]["options"] == ["未走访", "已走访", "多次走访"]
    event = await AuditEvent.get(operation="updateCustomField")
    assert event.before == {"label": "走访", "options": ["未走访", "已走访"]}
    retired = await client.data(RETIRE, {"input": {"id": made["id"]}}, as_user="changan_admin")
    assert retired["retireCustomField"]["customField"]["status"] == "RETIRED"
    assert await AuditEvent.filter(operation="retireCustomField").count() == 1
    again = await client.data(RETIRE, {"input": {"id": made["id"]}}, as_user="changan_admin")
    assert error_fields(again["retireCustomField"]["userErrors"]) == {("id", "INVALID_STATE")}
    listed = await client.data(DEFINITIONS, {"type": "Talent", "code": "130102"}, as_user="changan_admin")
    assert "visits" not in {d["key"] for d in listed["customFieldDefinitions"]}
