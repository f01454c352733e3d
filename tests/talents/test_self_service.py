"""Talent self-service: a talent sees their own profile, cards, requests, messages and
service archive — nothing of anyone else — and exports the archive (JSON and Excel)."""

from __future__ import annotations

import datetime as dt

import orjson

from resolvers.archives.export import ARCHIVE_SHEET_COLUMNS, ARCHIVE_SHEET_TITLE
from resolvers.core.ids import encode_id
from resolvers.files.reports import JSON, XLSX
from resolvers.files.xlsx import read_table
from schema.models import (
    ArchiveEntry,
    AuditEvent,
    Notification,
    Report,
    ServiceItem,
    ServiceRequest,
    Talent,
    User,
)  # fmt: skip
from schema.models.enums import RequestChannel, RequestStatus
from tests.support.graphql import GraphQLClient, error_codes

SUBMIT = """mutation($input: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $input) { serviceRequest { id number status } userErrors { code } } }"""
MINE = """{
  me { talent { id name idNumber phone
    activeCard { number } cards { number }
    archiveEntries { summary results createdAt request { number } } } }
  serviceRequests(first: 50) { totalCount edges { node { number talent { id } } } }
  talents(first: 50) { totalCount edges { node { id } } }
  notifications(first: 50) { totalCount edges { node { subject } } }
}"""
NODE = "query($id: ID!) { node(id: $id) { id } }"
TALENT = "query($id: ID!) { talent(id: $id) { id } }"
REQUEST = "query($id: ID!) { serviceRequest(id: $id) { id } }"
ARCHIVE_OF = "query($id: ID!) { talent(id: $id) { archiveEntries { summary request { number } } } }"
EXPORT = """mutation($input: ExportArchiveInput!) {
  exportArchive(input: $input) { url rowCount userErrors { field code } } }"""


async def _demo_talent() -> Talent:
    return await Talent.get(id=(await User.get(username="talent_demo")).talent_id)


async def _served_at_the_window(client: GraphQLClient, talent: Talent) -> dict:
    """A DIRECT item is served and archived at once (统一建档) — the real path."""
    item = await ServiceItem.get(code="sjz.medical")
    data = await client.data(
        SUBMIT,
        {
            "input": {
                "talentId": encode_id("Talent", talent.id),
                "itemIds": [encode_id("ServiceItem", item.id)],
            }
        },
        as_user="changan_window",
    )
    request = data["submitServiceRequest"]["serviceRequest"]
    assert request["status"] == "COMPLETED", data
    return request


async def _neighbour(talent: Talent) -> Talent:
    """Another talent in the same county, with an archived request of their own."""
    other = await Talent.filter(jurisdiction_id=talent.jurisdiction_id).exclude(id=talent.id).first()
    assert other is not None
    now = dt.datetime.now(dt.UTC)
    request = await ServiceRequest.create(
        number=f"SR-OTHER-{other.id}",
        talent_id=other.id,
        jurisdiction_id=other.jurisdiction_id,
        channel=RequestChannel.WINDOW,
        status=RequestStatus.COMPLETED,
        received_at=now,
        completed_at=now,
    )
    results = [
        {
            "item": "医疗保健",
            "code": "sjz.medical",
            "department": None,
            "result": "已服务",
            "outcome": "SERVED",
            "opinion": None,
        }
    ]
    await ArchiveEntry.create(
        talent_id=other.id,
        request_id=request.id,
        jurisdiction_id=other.jurisdiction_id,
        summary=f"{request.number}: 医疗保健 已服务",
        results=results,
    )
    return other


async def test_a_talent_sees_own_profile_unmasked_and_only_own_cards_requests_messages_and_archive(
    client: GraphQLClient,
) -> None:
    talent = await _demo_talent()
    request = await _served_at_the_window(client, talent)
    other = await _neighbour(talent)

    data = await client.data(MINE, as_user="talent_demo")
    me = data["me"]["talent"]
    assert me["id"] == encode_id("Talent", talent.id)
    assert me["idNumber"] == talent.id_number and me["phone"] == talent.phone  # own data unmasked
    assert me["activeCard"]["number"] and me["activeCard"]["number"] in {c["number"] for c in me["cards"]}
    assert [e["request"]["number"] for e in me["archiveEntries"]] == [request["number"]]
    assert me["archiveEntries"][0]["results"][0]["outcome"] == "SERVED"
    requests = data["serviceRequests"]
    assert requests["totalCount"] == 1
    assert requests["edges"][0]["node"]["talent"]["id"] == me["id"]
    assert data["talents"]["totalCount"] == 1 and data["talents"]["edges"][0]["node"]["id"] == me["id"]
    subjects = [e["node"]["subject"] for e in data["notifications"]["edges"]]
    # 集中反馈: the result is the newest; the rest are their own (the demo answered a complaint).
    own = await Notification.filter(recipient__username="talent_demo").order_by("-id").values_list(
        "subject", flat=True
    )
    assert subjects[0] == f"办理结果 {request['number']}" and subjects == list(own)
    # The unmasked read of their own record is audited like anyone's.
    assert await AuditEvent.filter(
        actor="talent_demo", operation="pii:read", target_id=str(talent.id)
    ).exists()

    other_id = encode_id("Talent", other.id)
    assert error_codes(await client.execute(NODE, {"id": other_id}, as_user="talent_demo")) == ["NOT_FOUND"]
    assert error_codes(await client.execute(TALENT, {"id": other_id}, as_user="talent_demo")) == ["NOT_FOUND"]
    others_request = await ServiceRequest.get(talent_id=other.id)
    body = await client.execute(
        REQUEST, {"id": encode_id("ServiceRequest", others_request.id)}, as_user="talent_demo"
    )
    assert error_codes(body) == ["NOT_FOUND"]


async def test_staff_read_a_talents_archive_only_within_their_scope(client: GraphQLClient) -> None:
    talent = await _demo_talent()
    request = await _served_at_the_window(client, talent)
    talent_id = encode_id("Talent", talent.id)
    seen = await client.data(ARCHIVE_OF, {"id": talent_id}, as_user="changan_admin")
    assert [e["request"]["number"] for e in seen["talent"]["archiveEntries"]] == [request["number"]]
    body = await client.execute(ARCHIVE_OF, {"id": talent_id}, as_user="zhengding_admin")
    assert error_codes(body) == ["NOT_FOUND"]


async def test_a_talent_exports_the_own_archive_as_json(client: GraphQLClient) -> None:
    talent = await _demo_talent()
    request = await _served_at_the_window(client, talent)
    await _neighbour(talent)

    data = await client.data(EXPORT, {"input": {"format": "JSON"}}, as_user="talent_demo")
    payload = data["exportArchive"]
    assert payload["userErrors"] == [] and payload["rowCount"] == 1
    assert payload["url"].startswith("/reports/") and payload["url"].endswith(".json")
    response = await client.get(payload["url"], as_user="talent_demo")
    assert response.status_code == 200 and response.headers["content-type"] == JSON
    document = orjson.loads(response.content)
    assert document["talent"]["id"] == encode_id("Talent", talent.id)
    assert document["talent"]["idNumber"] == talent.id_number  # as they see it: unmasked
    assert document["talent"]["jurisdictionCode"] == talent.jurisdiction_id
    assert document["entryCount"] == 1
    [entry] = document["entries"]
    assert entry["requestNumber"] == request["number"] and entry["status"] == "COMPLETED"
    assert entry["receivedAt"].endswith("+08:00") and entry["completedAt"] and entry["archivedAt"]
    assert entry["results"] == [
        {
            "item": "医疗保健",
            "itemCode": "sjz.medical",
            "department": None,
            "result": "已服务",
            "outcome": "SERVED",
            "opinion": None,
        }
    ]
    # Someone else's file is a missing file, even for a superior office.
    assert (await client.get(payload["url"], as_user="changan_admin")).status_code == 404
    event = await AuditEvent.get(operation="exportArchive", actor="talent_demo")
    assert event.target_id == str(talent.id) and event.after["entries"] == 1


async def test_the_archive_exports_as_one_excel_sheet_with_chinese_headers(client: GraphQLClient) -> None:
    talent = await _demo_talent()
    request = await _served_at_the_window(client, talent)
    data = await client.data(EXPORT, {"input": {"format": "XLSX"}}, as_user="talent_demo")
    url = data["exportArchive"]["url"]
    assert url.endswith(".xlsx")
    response = await client.get(url, as_user="talent_demo")
    assert response.headers["content-type"] == XLSX
    headers, rows = read_table(response.content, ARCHIVE_SHEET_TITLE)
    assert tuple(headers) == ARCHIVE_SHEET_COLUMNS and headers[0] == "办件编号"
    assert len(rows) == 1
    row = dict(zip(headers, rows[0], strict=True))
    assert row["办件编号"] == request["number"] and row["办件状态"] == "已办结"
    assert row["服务事项"] == "医疗保健" and row["办理结果"] == "已服务"


async def test_staff_export_an_archive_masked_as_they_see_it_and_others_get_not_found(
    client: GraphQLClient,
) -> None:
    talent = await _demo_talent()
    await _served_at_the_window(client, talent)
    other = await _neighbour(talent)
    variables = {"input": {"format": "JSON", "talentId": encode_id("Talent", talent.id)}}

    async def document(username: str) -> dict:
        payload = (await client.data(EXPORT, variables, as_user=username))["exportArchive"]
        assert payload["userErrors"] == []
        return orjson.loads((await client.get(payload["url"], as_user=username)).content)

    assert (await document("changan_admin"))["talent"]["idNumber"] == talent.id_number  # pii:read
    audited = await document("auditor_demo")  # reads talents, never their personal data
    assert audited["talent"]["idNumber"] != talent.id_number and "********" in audited["talent"]["idNumber"]
    assert audited["entryCount"] == 1

    for username, talent_id in (("zhengding_admin", talent.id), ("talent_demo", other.id)):
        body = await client.data(
            EXPORT,
            {"input": {"format": "XLSX", "talentId": encode_id("Talent", talent_id)}},
            as_user=username,
        )
        assert body["exportArchive"]["url"] is None
        assert body["exportArchive"]["userErrors"] == [{"field": "talentId", "code": "NOT_FOUND"}]
    body = await client.data(EXPORT, {"input": {"format": "JSON"}}, as_user="changan_admin")
    assert body["exportArchive"]["userErrors"] == [{"field": "talentId", "code": "VALIDATION"}]
    # Nothing is written for the refusals: two files, two audit events.
    assert await Report.filter(kind="ARCHIVE_EXPORT").count() == 2
    exported = await AuditEvent.filter(operation="exportArchive").values_list("actor", flat=True)
    assert sorted(exported) == ["auditor_demo", "changan_admin"]
