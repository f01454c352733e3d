"""A talent moved to another county takes the custom fields of its NEW place: values of
fields that do not apply there are dropped (audited as removed, personal ones masked),
the others checked as on any write (VALIDATION on `customFields.<key>`, nothing
changed), and a required field of the new place is enforced on the next write that
touches the custom fields, not by the move. By updateTalent and by the talent import."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from arq.connections import ArqRedis
from openpyxl import load_workbook

from resolvers.core.validation import make_resident_id
from schema.models import AuditEvent, Talent
from tests.customfields.support import define, error_fields
from tests.support.graphql import GraphQLClient
from tests.support.talent_sheets import person_id, sheet, talent_row, upload
from tests.support.worker import drain

CREATE_TALENT = """mutation($input: CreateTalentInput!) {
  createTalent(input: $input) { talent { id customFields } userErrors { field code message } }
}"""
UPDATE_TALENT = """mutation($input: UpdateTalentInput!) {
  updateTalent(input: $input) { talent { id customFields jurisdiction { code } } userErrors { field code } }
}"""
IMPORT = """query($id: ID!) { talentImport(id: $id) {
  status createdCount updatedCount unchangedCount errorCount error reportUrl } }"""


async def _fields(client: GraphQLClient) -> None:
    """长安区: a personal text field and a number `score`; 正定县: its own `score` (a choice)
    and a required field. Both keep 石家庄's owns_home and contact_frequency (demo)."""
    await define(client, "changan_admin", jurisdictionCode="130102", key="spouse_employer",
                 label="配偶工作单位", kind="TEXT", personal=True)  # fmt: skip
    await define(client, "changan_admin", jurisdictionCode="130102", key="score", label="评分", kind="NUMBER")
    await define(client, "zhengding_admin", jurisdictionCode="130123", key="score", label="评级",
                 kind="ENUM", options=["高", "低"])  # fmt: skip
    await define(client, "zhengding_admin", jurisdictionCode="130123", key="zd_contact", label="联络人",
                 kind="TEXT", required=True)  # fmt: skip


async def _changan_talent(client: GraphQLClient, serial: int, **custom: Any) -> str:
    talent = {"name": "赵启明", "idNumber": make_resident_id("130102", date(1991, 5, 20), serial, male=True),
              "jurisdictionCode": "130102", "customFields": custom}  # fmt: skip
    data = await client.data(CREATE_TALENT, {"input": talent}, as_user="changan_admin")
    assert data["createTalent"]["userErrors"] == [], data
    return data["createTalent"]["talent"]["id"]


async def _update(client: GraphQLClient, user: str, **changes: Any) -> dict[str, Any]:
    return (await client.data(UPDATE_TALENT, {"input": changes}, as_user=user))["updateTalent"]


async def test_a_moved_talent_drops_the_old_places_values_and_the_trail_says_so(
    client: GraphQLClient,
) -> None:
    await _fields(client)
    custom = {"owns_home": True, "contact_frequency": "每月", "spouse_employer": "河北医科大学"}
    gid = await _changan_talent(client, 233, **custom)
    moved = await _update(client, "sjz_admin", id=gid, jurisdictionCode="130123")
    assert moved["userErrors"] == []
    # the city's fields apply in 正定县 too; 长安区's personal field does not. 正定县's required
    # field is not asked for by the move …
    kept = {"owns_home": True, "contact_frequency": "每月"}
    assert moved["talent"]["customFields"] == kept and moved["talent"]["jurisdiction"] == {"code": "130123"}
    talent = await Talent.get(id_number=make_resident_id("130102", date(1991, 5, 20), 233, male=True))
    assert (talent.jurisdiction_id, talent.custom_fields) == ("130123", kept)
    events = AuditEvent.filter(operation="updateTalent", target_id=str(talent.id))
    event = await events.order_by("-id").first()
    assert event is not None
    assert event.before["custom_fields"] == {"spouse_employer": "****"}  # masked in the trail
    assert event.after["custom_fields"] == {"spouse_employer": None}
    assert (event.before["jurisdiction_id"], event.after["jurisdiction_id"]) == ("130102", "130123")
    # … nor by a write that leaves the custom fields alone …
    renamed = await _update(client, "zhengding_admin", id=gid, name="赵启明二")
    assert renamed["userErrors"] == []
    # … but by the next one that touches them
    touched = await _update(client, "zhengding_admin", id=gid, customFields={"owns_home": False})
    assert error_fields(touched["userErrors"]) == {("customFields.zd_contact", "VALIDATION")}
    assert (await Talent.get(id=talent.id)).custom_fields == kept
    given = {"owns_home": False, "zd_contact": "王"}
    fixed = await _update(client, "zhengding_admin", id=gid, customFields=given)
    assert fixed["talent"]["customFields"] == {**given, "contact_frequency": "每月"}


async def test_a_value_that_does_not_fit_the_new_places_field_stops_the_move(client: GraphQLClient) -> None:
    await _fields(client)
    gid = await _changan_talent(client, 235, owns_home=True, score=87)
    refused = await _update(client, "sjz_admin", id=gid, jurisdictionCode="130123")
    # 正定县's `score` is another field (a choice): 87 does not fit it
    assert error_fields(refused["userErrors"]) == {("customFields.score", "VALIDATION")}
    talent = await Talent.get(id_number=make_resident_id("130102", date(1991, 5, 20), 235, male=True))
    assert (talent.jurisdiction_id, talent.custom_fields) == ("130102", {"owns_home": True, "score": 87})
    # a move that gives the key anew is checked on what it gives (and, touching the custom
    # fields, on the new place's required ones)
    given = await _update(client, "sjz_admin", id=gid, jurisdictionCode="130123",
                          customFields={"score": "高"})  # fmt: skip
    assert error_fields(given["userErrors"]) == {("customFields.zd_contact", "VALIDATION")}
    moved = await _update(client, "sjz_admin", id=gid, jurisdictionCode="130123",
                          customFields={"score": "高", "zd_contact": "王"})  # fmt: skip
    assert moved["userErrors"] == []
    assert moved["talent"]["customFields"] == {"owns_home": True, "score": "高", "zd_contact": "王"}
    # staying put re-checks nothing
    same = await _update(client, "zhengding_admin", id=gid, jurisdictionCode="130123", name="赵启明")
    assert same["userErrors"] == []


async def _run(client: GraphQLClient, redis_url: str, content: bytes, as_user: str) -> dict[str, Any]:
    response = await upload(client, content, "VALID_ROWS_ONLY", as_user)
    assert response.status_code == 202, response.text
    await drain(redis_url)
    return (await client.data(IMPORT, {"id": response.json()["id"]}, as_user=as_user))["talentImport"]


async def test_an_import_that_moves_a_talent_does_the_same(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    await _fields(client)
    fits = {"owns_home": True, "spouse_employer": "河北医科大学"}
    changes = {"idNumber": person_id(11), "name": "导入11", "jurisdictionCode": "130102",
               "customFields": fits}  # fmt: skip
    assert (await client.data(CREATE_TALENT, {"input": changes}, as_user="changan_admin"))["createTalent"][
        "userErrors"] == []  # fmt: skip
    misfit = {**changes, "idNumber": person_id(12), "name": "导入12", "customFields": {"score": 87}}
    assert (await client.data(CREATE_TALENT, {"input": misfit}, as_user="changan_admin"))["createTalent"][
        "userErrors"] == []  # fmt: skip
    rows = [talent_row(11, place="130123"), talent_row(12, place="130123")]
    result = await _run(client, redis_url, sheet(rows), "sjz_admin")
    # no custom-field columns: 正定县's required field is not asked for; 87 does not fit 评级
    assert (result["status"], result["updatedCount"], result["errorCount"]) == ("DONE", 1, 1)
    moved = await Talent.get(id_number=person_id(11))
    assert (moved.jurisdiction_id, moved.custom_fields) == ("130123", {"owns_home": True})
    event = await AuditEvent.get(operation="importTalent", target_id=str(moved.id))
    assert event.before["custom_fields"] == {"spouse_employer": "****"}
    assert event.after["custom_fields"] == {"spouse_employer": None}
    stayed = await Talent.get(id_number=person_id(12))
    assert (stayed.jurisdiction_id, stayed.custom_fields) == ("130102", {"score": 87})
    report = await client.get(result["reportUrl"], as_user="sjz_admin")
    [_, line] = list(load_workbook(io.BytesIO(report.content), read_only=True).worksheets[0].iter_rows(
        values_only=True))  # fmt: skip
    assert line[-1] == "第3行: 评级: 应为文本"  # a number is no option of a choice
