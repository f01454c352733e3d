"""Access and bulk events belong to the area they concern, so that area's auditor finds
them: an export to the area of the people in it, an import to the importer's area with one
before/after event per talent it created or changed."""

from __future__ import annotations

from arq.connections import ArqRedis

from schema.models import AuditEvent, Talent
from tests.support.graphql import GraphQLClient
from tests.support.talent_sheets import person_id, sheet, talent_row, upload
from tests.support.worker import drain

EXPORT = """mutation { exportTalents(input: {}) { url userErrors { code } } }"""
EVENTS = """query($op: String!) { auditEvents(first: 100, filter: {operation: {eq: $op}}) {
  edges { node { targetType targetId jurisdictionCode before after } } } }"""


async def _events(client: GraphQLClient, viewer: str, operation: str) -> list[dict]:
    data = await client.data(EVENTS, {"op": operation}, as_user=viewer)
    return [e["node"] for e in data["auditEvents"]["edges"]]


async def test_an_export_is_seen_by_the_auditor_of_the_people_in_it(client: GraphQLClient) -> None:
    data = await client.data(EXPORT, as_user="zhengding_admin")
    assert data["exportTalents"]["userErrors"] == []
    seen = await _events(client, "auditor_demo", "exportTalents")
    assert [e["jurisdictionCode"] for e in seen] == ["130123"]
    assert await _events(client, "jinan_admin", "exportTalents") == []


async def test_an_import_records_each_talent_it_wrote(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    rows = [talent_row(i) for i in range(3)]
    assert (await upload(client, sheet(rows))).status_code == 202
    await drain(redis_url)
    ids = dict(await Talent.filter(id_number__in=[person_id(i) for i in range(3)]).values_list("id", "name"))
    created = await AuditEvent.filter(operation="importTalent").order_by("id")
    assert {int(e.target_id) for e in created} == set(ids)
    assert all(e.before is None and e.after["name"] == ids[int(e.target_id)] for e in created)
    assert {e.jurisdiction_code for e in created} == {"130102"}

    changed = [talent_row(0, 姓名="改名导入"), talent_row(1), talent_row(2)]
    assert (await upload(client, sheet(changed))).status_code == 202
    await drain(redis_url)
    updates = await AuditEvent.filter(operation="importTalent", before__not_isnull=True)
    assert len(updates) == 1
    assert (updates[0].before, updates[0].after) == ({"name": "导入0"}, {"name": "改名导入"})

    for viewer in ("auditor_demo", "changan_admin"):
        summaries = await _events(client, viewer, "importTalents")
        assert [e["jurisdictionCode"] for e in summaries] == ["130102", "130102"]
        talents = await _events(client, viewer, "importTalent")
        assert len(talents) == 4
