"""Personal-data custom fields are masked without pii:read, read in full (and audited) with
it, and always masked in the audit trail."""

from __future__ import annotations

from resolvers.core.ids import encode_id
from schema.models import AuditEvent, Talent
from tests.customfields.support import define
from tests.support.graphql import GraphQLClient

TALENT = """query($id: ID!) { talent(id: $id) { customFields } }"""
UPDATE = """mutation($input: UpdateTalentInput!) {
  updateTalent(input: $input) { talent { customFields } userErrors { field code } }
}"""


async def test_personal_custom_fields_are_masked_and_unmasked_reads_audited(client: GraphQLClient) -> None:
    await define(client, "sjz_admin", jurisdictionCode="130100", key="spouse_employer", label="配偶工作单位",
                 kind="TEXT", personal=True)  # fmt: skip
    talent = await Talent.filter(jurisdiction_id="130102").order_by("id").first()
    assert talent is not None
    tid = encode_id("Talent", talent.id)
    owns = not talent.custom_fields.get("owns_home", False)
    custom = {"spouse_employer": "河北医科大学", "owns_home": owns}
    data = await client.data(UPDATE, {"input": {"id": tid, "customFields": custom}}, as_user="changan_admin")
    assert data["updateTalent"]["talent"]["customFields"]["spouse_employer"] == "河北医科大学"
    event = await AuditEvent.get(operation="updateTalent", target_id=str(talent.id))
    assert event.after["custom_fields"]["spouse_employer"] == "****"  # the trail never holds it
    assert event.after["custom_fields"]["owns_home"] is owns

    await AuditEvent.filter(operation="pii:read").delete()
    masked = await client.data(TALENT, {"id": tid}, as_user="auditor_demo")  # reads talents, no pii:read
    assert masked["talent"]["customFields"]["spouse_employer"] == "****"
    assert masked["talent"]["customFields"]["owns_home"] is owns  # not personal: shown
    assert not await AuditEvent.filter(operation="pii:read", actor="auditor_demo").exists()

    shown = await client.data(TALENT, {"id": tid}, as_user="changan_admin")
    assert shown["talent"]["customFields"]["spouse_employer"] == "河北医科大学"
    read = await AuditEvent.get(operation="pii:read", actor="changan_admin", target_id=str(talent.id))
    assert "customFields.spouse_employer" in read.after["fields"]
