"""一窗接件、并联办理、集中反馈、统一建档 — end to end through the API and the real worker."""

from __future__ import annotations

from arq.connections import ArqRedis

from resolvers.core.ids import encode_id
from schema.models import (
    ArchiveEntry,
    AuditEvent,
    Handoff,
    Notification,
    OutboxEntry,
    ServiceItem,
    ServiceRequest,
    StatusChange,
    Talent,
    User,
)
from schema.models.enums import OutboxStatus
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.worker import drain

SUBMIT = """mutation($input: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $input) {
    serviceRequest { id number status dueOn items { item { code } servedAt }
                     handoffs { id status dueOn department { name } } }
    userErrors { field code message }
  }
}"""
MY_HANDOFFS = """{ handoffs(first: 20) { totalCount edges { node {
  id status item { code } department { name } applicant { name idNumber }
  serviceRequest { number } } } } }"""
ACCEPT = """mutation($id: ID!) {
  acceptHandoff(input: {handoffId: $id}) { handoff { status } userErrors { code } } }"""
COMPLETE = """mutation($id: ID!, $outcome: HandoffOutcome!, $opinion: String) {
  completeHandoff(input: {handoffId: $id, outcome: $outcome, opinion: $opinion}) {
    handoff { status outcome } userErrors { field code } } }"""
REQUEST = """query($id: ID!) { serviceRequest(id: $id) { status completedAt
  archiveEntry { summary results } history { toStatus actor } handoffs { status } } }"""


async def _ids(*codes: str) -> list[str]:
    items = await ServiceItem.filter(code__in=codes)
    return [encode_id("ServiceItem", i.id) for i in items]


async def _demo_talent() -> Talent:
    return await Talent.get(id=(await User.get(username="talent_demo")).talent_id)


async def test_window_submits_departments_handle_in_parallel_and_the_request_completes(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    talent = await _demo_talent()
    data = await client.data(SUBMIT, {"input": {
        "talentId": encode_id("Talent", talent.id),
        "itemIds": await _ids("sjz.household", "sjz.school", "sjz.medical"),
    }}, as_user="changan_window")  # fmt: skip
    payload = data["submitServiceRequest"]
    assert payload["userErrors"] == []
    request = payload["serviceRequest"]
    assert request["status"] == "RECEIVED"
    served = {i["item"]["code"]: i["servedAt"] for i in request["items"]}
    assert served["sjz.medical"] and not served["sjz.household"]  # DIRECT served at once
    departments = sorted(h["department"]["name"] for h in request["handoffs"])
    assert departments == ["石家庄市人力资源和社会保障局", "石家庄市公安局", "石家庄市教育局"]

    assert await drain(redis_url) == 1  # all three are INBOX departments: one job delivers them together
    assert await Handoff.filter(status="DELIVERED").count() == 3
    assert await OutboxEntry.filter(key__startswith="handoff:", status=OutboxStatus.DONE).count() == 3
    assert not await OutboxEntry.filter(status=OutboxStatus.PENDING).exists()
    moves = await StatusChange.filter(to_status="DELIVERED", actor="system").count()
    assert moves == 3  # one history line per handoff, and one for the request:
    assert await StatusChange.filter(handoff_id=None, to_status="DISPATCHED").count() == 1
    police = await User.get(username="sjz_police_handler")
    assert await Notification.filter(recipient_id=police.id, related_type="handoff").count() == 1

    finished = []
    for handler, code in (("sjz_police_handler", "sjz.household"), ("sjz_edu_handler", "sjz.school"),
                          ("sjz_hr_handler", "sjz.household")):  # fmt: skip
        mine = (await client.data(MY_HANDOFFS, as_user=handler))["handoffs"]
        assert mine["totalCount"] == 1  # each department sees only its own part
        node = mine["edges"][0]["node"]
        assert node["item"]["code"] == code and node["applicant"]["name"] == talent.name
        assert node["applicant"]["idNumber"] == talent.id_number  # handlers may read it (audited)
        accepted = await client.data(ACCEPT, {"id": node["id"]}, as_user=handler)
        assert accepted["acceptHandoff"]["handoff"]["status"] == "ACCEPTED"
        done = await client.data(COMPLETE, {"id": node["id"], "outcome": "APPROVED", "opinion": "同意"},
                                 as_user=handler)  # fmt: skip
        assert done["completeHandoff"]["userErrors"] == []
        finished.append(node["id"])

    view = await client.data(REQUEST, {"id": request["id"]}, as_user="changan_window")
    req = view["serviceRequest"]
    assert req["status"] == "COMPLETED" and req["completedAt"]
    assert {r["outcome"] for r in req["archiveEntry"]["results"]} == {"APPROVED", "SERVED"}
    assert req["history"][0]["toStatus"] == "RECEIVED"
    assert await ArchiveEntry.filter(talent_id=talent.id).count() == 1
    for username in ("talent_demo", "changan_window"):  # 集中反馈
        user = await User.get(username=username)
        assert await Notification.filter(recipient_id=user.id, related_type="service_request").count() == 1
    assert await AuditEvent.filter(operation="completeHandoff").count() == 3


async def test_a_handler_cannot_see_or_touch_another_departments_handoff(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    talent = await _demo_talent()
    data = await client.data(SUBMIT, {"input": {"talentId": encode_id("Talent", talent.id),
                                                "itemIds": await _ids("sjz.school")}},
                             as_user="changan_window")  # fmt: skip
    edu = data["submitServiceRequest"]["serviceRequest"]["handoffs"][0]["id"]
    body = await client.execute(ACCEPT, {"id": edu}, as_user="sjz_police_handler")
    assert body["data"]["acceptHandoff"]["userErrors"] == [{"code": "NOT_FOUND"}]
    body = await client.execute("query($id: ID!) { node(id: $id) { id } }", {"id": edu},
                                as_user="sjz_police_handler")  # fmt: skip
    assert error_codes(body) == ["NOT_FOUND"]
    assert (await Handoff.get(id=int(await _pk(edu)))).status.value == "PENDING"


async def _pk(gid: str) -> str:
    from resolvers.core.ids import decode_id

    return decode_id(gid)[1]


async def test_bad_intake_gives_coded_errors_and_writes_nothing(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    talent = await _demo_talent()
    tid = encode_id("Talent", talent.id)
    other_county = await Talent.filter(jurisdiction_id="130123").first()
    jinan_item = await _ids("jinan.household")
    cases = [
        ({"talentId": tid, "itemIds": [encode_id("ServiceItem", 999999)]}, "itemIds", "NOT_FOUND"),
        ({"talentId": tid, "itemIds": jinan_item}, "itemIds", "VALIDATION"),
        ({"talentId": tid, "itemIds": []}, "itemIds", "VALIDATION"),
        ({"talentId": encode_id("Talent", other_county.id), "itemIds": await _ids("sjz.school")},
         "talentId", "NOT_FOUND"),
        ({"talentId": tid, "itemIds": await _ids("sjz.school") * 2}, "itemIds", "VALIDATION"),
    ]  # fmt: skip
    for payload, field, code in cases:
        data = await client.data(SUBMIT, {"input": payload}, as_user="changan_window")
        errors = [(e["field"], e["code"]) for e in data["submitServiceRequest"]["userErrors"]]
        assert (field, code) in errors, (payload, errors)
    assert not await ServiceRequest.exists()
    assert not await OutboxEntry.exists()


async def test_an_open_request_for_the_same_item_is_a_conflict(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    talent = await _demo_talent()
    payload = {"talentId": encode_id("Talent", talent.id), "itemIds": await _ids("sjz.school")}
    first = await client.data(SUBMIT, {"input": payload}, as_user="changan_window")
    assert first["submitServiceRequest"]["userErrors"] == []
    again = await client.data(SUBMIT, {"input": payload}, as_user="changan_window")
    assert [e["code"] for e in again["submitServiceRequest"]["userErrors"]] == ["CONFLICT"]
    assert await ServiceRequest.all().count() == 1


async def test_online_requests_attach_every_listed_material(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    talent = await _demo_talent()
    item = await ServiceItem.get(code="sjz.school")
    assert item.materials
    payload = {"talentId": encode_id("Talent", talent.id), "itemIds": await _ids("sjz.school")}
    missing = await client.data(SUBMIT, {"input": payload}, as_user="talent_demo")
    assert [(e["field"], e["code"]) for e in missing["submitServiceRequest"]["userErrors"]] == [
        ("materials", "VALIDATION")
    ]
    payload["materials"] = [{"itemId": payload["itemIds"][0], "name": name, "state": "ATTACHED"}
                            for name in item.materials]  # fmt: skip
    made = await client.data(SUBMIT, {"input": payload}, as_user="talent_demo")
    assert made["submitServiceRequest"]["userErrors"] == []
    request = await ServiceRequest.get()
    assert request.channel.value == "ONLINE" and request.window_id is not None  # 属地 window


async def test_a_unit_specialist_submits_for_staff_and_is_told_the_results(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    from permissions.grants import add_grant, user_subject
    from resolvers.accounts.passwords import hash_password

    talent = await _demo_talent()
    assert talent.employer_id is not None
    await User.create(username="unit_hr", password_hash=hash_password("unit-pass-2026"))
    await add_grant(user_subject("unit_hr"), "unit_specialist", f"org:{talent.employer_id}")
    await client.login("unit_hr", "unit-pass-2026")
    item = await ServiceItem.get(code="sjz.school")
    payload = {"talentId": encode_id("Talent", talent.id), "itemIds": await _ids("sjz.school"),
               "materials": [{"itemId": encode_id("ServiceItem", item.id), "name": m, "state": "ATTACHED"}
                             for m in item.materials]}  # fmt: skip
    data = await client.data(SUBMIT, {"input": payload}, as_user="unit_hr")
    assert data["submitServiceRequest"]["userErrors"] == []
    request = await ServiceRequest.get()
    assert request.channel.value == "UNIT" and request.employer_id == talent.employer_id
    other = await Talent.filter(jurisdiction_id="130102").exclude(employer_id=talent.employer_id).first()
    refused = await client.data(SUBMIT, {"input": {**payload, "talentId": encode_id("Talent", other.id)}},
                                as_user="unit_hr")  # fmt: skip
    assert [e["code"] for e in refused["submitServiceRequest"]["userErrors"]] == ["NOT_FOUND"]
    await drain(redis_url)
    handoff = (await client.data(MY_HANDOFFS, as_user="sjz_edu_handler"))["handoffs"]["edges"][0]["node"]
    await client.data(ACCEPT, {"id": handoff["id"]}, as_user="sjz_edu_handler")
    await client.data(COMPLETE, {"id": handoff["id"], "outcome": "REJECTED", "opinion": "学位已满"},
                      as_user="sjz_edu_handler")  # fmt: skip
    assert (await ServiceRequest.get(id=request.id)).status.value == "REJECTED"
    unit_user = await User.get(username="unit_hr")
    told = await Notification.get(recipient_id=unit_user.id, related_type="service_request")
    assert "学位已满" in told.body
