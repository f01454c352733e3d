"""Handling a handoff (承办) and what the talent does afterwards: return, reject, extend,
book an appointment, withdraw, evaluate — refused calls change nothing, successful ones
are audited, and a department never sees another department's part."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resolvers.core.ids import decode_id, encode_id
from schema.clock import china_today
from schema.models import (
    Appointment,
    ArchiveEntry,
    AuditEvent,
    Department,
    Evaluation,
    Handoff,
    HandoffExtension,
    Notification,
    ServiceItem,
    ServiceRequest,
    StatusChange,
    Talent,
    User,
)
from schema.models.enums import HandoffStatus, RequestStatus
from tests.support.graphql import GraphQLClient, error_codes

SUBMIT = """mutation($input: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $input) {
    serviceRequest { id dueOn handoffs { id dueOn department { name } } }
    userErrors { field code message } } }"""
ACCEPT = """mutation($id: ID!) {
  acceptHandoff(input: {handoffId: $id}) { handoff { status } userErrors { field code } } }"""
COMPLETE = """mutation($id: ID!, $outcome: HandoffOutcome!, $opinion: String) {
  completeHandoff(input: {handoffId: $id, outcome: $outcome, opinion: $opinion}) {
    handoff { status outcome opinion } userErrors { field code } } }"""
RETURN = """mutation($id: ID!, $reason: String!) {
  returnHandoff(input: {handoffId: $id, reason: $reason}) {
    handoff { status returnReason } userErrors { field code } } }"""
EXTEND = """mutation($id: ID!, $reason: String!, $newDueOn: Date!) {
  reportHandoffExtension(input: {handoffId: $id, reason: $reason, newDueOn: $newDueOn}) {
    handoff { status dueOn } userErrors { field code } } }"""
SCHEDULE = """mutation($id: ID!, $purpose: String!, $at: DateTime!, $place: String!) {
  scheduleAppointment(input: {handoffId: $id, purpose: $purpose, at: $at, place: $place}) {
    appointment { purpose at place createdBy } userErrors { field code } } }"""
WITHDRAW = """mutation($id: ID!, $reason: String) {
  withdrawServiceRequest(input: {serviceRequestId: $id, reason: $reason}) {
    serviceRequest { status withdrawnAt handoffs { status } } userErrors { field code } } }"""
EVALUATE = """mutation($id: ID!, $score: Int!, $comment: String) {
  evaluateServiceRequest(input: {serviceRequestId: $id, score: $score, comment: $comment}) {
    serviceRequest { evaluation { score comment } } userErrors { field code } } }"""
HANDOFF = """query($id: ID!) { handoff(id: $id) { status dueOn
  serviceRequest { dueOn }
  extensions { reason previousDueOn newDueOn reportedBy }
  appointments { purpose at place createdBy } } }"""

HANDLER = {
    "石家庄市公安局": "sjz_police_handler",
    "石家庄市教育局": "sjz_edu_handler",
    "石家庄市人力资源和社会保障局": "sjz_hr_handler",
}
POLICE, EDU, HR = HANDLER
BEIJING = dt.timezone(dt.timedelta(hours=8))


# -- helpers ------------------------------------------------------------------------------


async def _demo_talent() -> Talent:
    return await Talent.get(id=(await User.get(username="talent_demo")).talent_id)


async def _submit(client: GraphQLClient, *codes: str, talent: Talent | None = None) -> dict[str, Any]:
    """A request submitted at the 长安区 window; `handoffs` maps department name → handoff ID."""
    talent = talent or await _demo_talent()
    items = [encode_id("ServiceItem", i.id) for i in await ServiceItem.filter(code__in=codes)]
    data = await client.data(SUBMIT, {"input": {"talentId": encode_id("Talent", talent.id),
                                                "itemIds": items}}, as_user="changan_window")  # fmt: skip
    payload = data["submitServiceRequest"]
    assert payload["userErrors"] == [], payload
    request = payload["serviceRequest"]
    request["handoffs"] = {h["department"]["name"]: h["id"] for h in request["handoffs"]}
    return request


async def _call(client: GraphQLClient, mutation: str, as_user: str, **variables: Any) -> dict[str, Any]:
    """The payload of a mutation's one root field."""
    data = await client.data(mutation, variables, as_user=as_user)
    return next(iter(data.values()))


def _errors(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


def _pk(global_id: str) -> int:
    return int(decode_id(global_id)[1])


async def _state(request_id: str) -> tuple[str, list[tuple[int, str]], int]:
    """What a refused call must leave as it was: the request's status, its handoffs'
    statuses and the number of history rows."""
    pk = _pk(request_id)
    request = await ServiceRequest.get(id=pk)
    handoffs = [(h.id, h.status.value) for h in await Handoff.filter(request_id=pk).order_by("id")]
    return request.status.value, handoffs, await StatusChange.filter(request_id=pk).count()


async def _user_id(username: str) -> int:
    return (await User.get(username=username)).id


async def _handoff_messages(username: str, handoff_id: str) -> list[Notification]:
    return await Notification.filter(recipient_id=await _user_id(username), related_type="handoff",
                                     related_id=str(_pk(handoff_id))).order_by("id")  # fmt: skip


async def _accept(client: GraphQLClient, handoff_id: str, handler: str) -> None:
    payload = await _call(client, ACCEPT, handler, id=handoff_id)
    assert payload["userErrors"] == [] and payload["handoff"]["status"] == "ACCEPTED"


async def _approve(client: GraphQLClient, handoff_id: str, handler: str) -> None:
    await _accept(client, handoff_id, handler)
    payload = await _call(client, COMPLETE, handler, id=handoff_id, outcome="APPROVED", opinion="同意")
    assert payload["userErrors"] == [] and payload["handoff"]["status"] == "DONE"


# -- return, reject and out-of-order steps -------------------------------------------------


async def test_returning_the_only_handoff_rejects_the_request_with_a_return_in_the_archive(
    client: GraphQLClient,
) -> None:
    request = await _submit(client, "sjz.school")
    handoff = request["handoffs"][EDU]
    before = await _state(request["id"])

    blank = await _call(client, RETURN, HANDLER[EDU], id=handoff, reason="   ")
    assert _errors(blank) == [("reason", "VALIDATION")] and blank["handoff"] is None
    assert await _state(request["id"]) == before

    returned = await _call(client, RETURN, HANDLER[EDU], id=handoff, reason="缺少学籍证明")
    assert returned == {"handoff": {"status": "RETURNED", "returnReason": "缺少学籍证明"}, "userErrors": []}
    row = await ServiceRequest.get(id=_pk(request["id"]))
    assert row.status == RequestStatus.REJECTED and row.completed_at is not None
    archive = await ArchiveEntry.get(request_id=row.id)
    assert [(r["code"], r["result"], r["opinion"]) for r in archive.results] == [
        ("sjz.school", "退回补正", "缺少学籍证明")
    ]
    assert "退回补正" in archive.summary
    changes = await StatusChange.filter(request_id=row.id).order_by("id").values_list(
        "handoff_id", "from_status", "to_status", "note"
    )  # fmt: skip
    assert changes[-2:] == [
        (_pk(handoff), "PENDING", "RETURNED", "缺少学籍证明"),  # the handoff ends …
        (None, "RECEIVED", "REJECTED", None),  # … and, being the only one, settles the request
    ]

    again = await _call(client, RETURN, HANDLER[EDU], id=handoff, reason="再次退回")
    assert _errors(again) == [("handoffId", "INVALID_STATE")]
    assert await ArchiveEntry.filter(request_id=row.id).count() == 1


async def test_rejecting_without_an_opinion_is_refused_and_changes_nothing(client: GraphQLClient) -> None:
    request = await _submit(client, "sjz.school")
    handoff = request["handoffs"][EDU]
    await _accept(client, handoff, HANDLER[EDU])
    before = await _state(request["id"])

    for opinion in (None, "  "):
        refused = await _call(client, COMPLETE, HANDLER[EDU], id=handoff, outcome="REJECTED", opinion=opinion)
        assert _errors(refused) == [("opinion", "VALIDATION")]
    assert await _state(request["id"]) == before

    rejected = await _call(client, COMPLETE, HANDLER[EDU], id=handoff, outcome="REJECTED",
                           opinion="不符合条件")  # fmt: skip
    assert rejected["handoff"] == {"status": "DONE", "outcome": "REJECTED", "opinion": "不符合条件"}
    assert (await ServiceRequest.get(id=_pk(request["id"]))).status == RequestStatus.REJECTED


async def test_steps_out_of_order_are_invalid_state_and_change_nothing(client: GraphQLClient) -> None:
    request = await _submit(client, "sjz.school")
    handoff, handler = request["handoffs"][EDU], HANDLER[EDU]
    before = await _state(request["id"])

    early = await _call(client, COMPLETE, handler, id=handoff, outcome="APPROVED", opinion="同意")
    assert _errors(early) == [("handoffId", "INVALID_STATE")] and early["handoff"] is None
    assert await _state(request["id"]) == before

    await _accept(client, handoff, handler)
    accepted = await _state(request["id"])
    assert accepted[0] == "IN_PROGRESS" and accepted[1] == [(_pk(handoff), "ACCEPTED")]
    twice = await _call(client, ACCEPT, handler, id=handoff)
    assert _errors(twice) == [("handoffId", "INVALID_STATE")]
    assert await _state(request["id"]) == accepted
    assert await AuditEvent.filter(operation="acceptHandoff").count() == 1


# -- extensions and appointments ----------------------------------------------------------


async def test_an_extension_must_move_the_due_date_later_and_not_into_the_past(
    client: GraphQLClient,
) -> None:
    request = await _submit(client, "sjz.school")
    handoff = request["handoffs"][EDU]
    due = dt.date.fromisoformat(request["dueOn"])
    today = china_today()
    for new_due_on in (today - dt.timedelta(days=1), due, due - dt.timedelta(days=1)):
        refused = await _call(client, EXTEND, HANDLER[EDU], id=handoff, reason="需现场核查",
                              newDueOn=new_due_on.isoformat())  # fmt: skip
        assert _errors(refused) == [("newDueOn", "VALIDATION")], new_due_on
    blank = await _call(client, EXTEND, HANDLER[EDU], id=handoff, reason=" ",
                        newDueOn=(due + dt.timedelta(days=3)).isoformat())  # fmt: skip
    assert _errors(blank) == [("reason", "VALIDATION")]
    assert (await Handoff.get(id=_pk(handoff))).due_on == due
    assert (await ServiceRequest.get(id=_pk(request["id"]))).due_on == due
    assert not await HandoffExtension.exists()
    assert not await Notification.filter(related_type="handoff").exists()


async def test_a_reported_extension_moves_the_due_dates_and_tells_the_window_and_the_talent(
    client: GraphQLClient,
) -> None:
    request = await _submit(client, "sjz.household")
    police, hr = request["handoffs"][POLICE], request["handoffs"][HR]
    due = dt.date.fromisoformat(request["dueOn"])
    later = due + dt.timedelta(days=7)
    await _accept(client, police, HANDLER[POLICE])

    extended = await _call(client, EXTEND, HANDLER[POLICE], id=police, reason="需调取外省户籍档案",
                           newDueOn=later.isoformat())  # fmt: skip
    assert extended == {"handoff": {"status": "ACCEPTED", "dueOn": later.isoformat()}, "userErrors": []}
    assert (await Handoff.get(id=_pk(police))).due_on == later
    assert (await Handoff.get(id=_pk(hr))).due_on == due  # the other department keeps its date
    assert (await ServiceRequest.get(id=_pk(request["id"]))).due_on == later
    extension = await HandoffExtension.get(handoff_id=_pk(police))
    assert (extension.previous_due_on, extension.new_due_on, extension.reported_by) == (
        due, later, "sjz_police_handler"
    )  # fmt: skip
    for username in ("changan_window", "talent_demo"):
        [message] = await _handoff_messages(username, police)
        assert "延期报备" in message.subject and "需调取外省户籍档案" in message.body
        assert later.isoformat() in message.body

    view = (await client.data(HANDOFF, {"id": police}, as_user="changan_window"))["handoff"]
    assert view["dueOn"] == later.isoformat() and view["serviceRequest"]["dueOn"] == later.isoformat()
    assert view["extensions"] == [{
        "reason": "需调取外省户籍档案", "previousDueOn": due.isoformat(), "newDueOn": later.isoformat(),
        "reportedBy": "sjz_police_handler",
    }]  # fmt: skip


async def test_an_appointment_must_be_in_the_future_at_a_place_and_the_talent_is_told(
    client: GraphQLClient,
) -> None:
    request = await _submit(client, "sjz.school")
    handoff = request["handoffs"][EDU]
    now = dt.datetime.now(dt.UTC)
    soon = (now + dt.timedelta(days=2)).replace(hour=1, minute=30, second=0, microsecond=0)
    place = "石家庄市教育局二楼人才服务专窗"

    past = await _call(client, SCHEDULE, HANDLER[EDU], id=handoff, purpose="核验原件",
                       at=(now - dt.timedelta(hours=1)).isoformat(), place=place)  # fmt: skip
    assert _errors(past) == [("at", "VALIDATION")]
    blank = await _call(client, SCHEDULE, HANDLER[EDU], id=handoff, purpose="核验原件",
                        at=soon.isoformat(), place="  ")  # fmt: skip
    assert _errors(blank) == [("place", "VALIDATION")]
    assert not await Appointment.exists()
    assert not await Notification.filter(related_type="handoff").exists()

    booked = await _call(client, SCHEDULE, HANDLER[EDU], id=handoff, purpose="核验原件",
                         at=soon.isoformat(), place=place)  # fmt: skip
    assert booked["userErrors"] == [] and booked["appointment"]["place"] == place
    view = (await client.data(HANDOFF, {"id": handoff}, as_user="changan_window"))["handoff"]
    [listed] = view["appointments"]
    assert (listed["purpose"], listed["place"], listed["createdBy"]) == ("核验原件", place, "sjz_edu_handler")
    assert dt.datetime.fromisoformat(listed["at"]) == soon
    [message] = await _handoff_messages("talent_demo", handoff)
    assert place in message.body and "核验原件" in message.body
    assert f"{soon.astimezone(BEIJING):%Y-%m-%d %H:%M}" in message.body  # told in 北京时间


async def test_an_appointment_time_without_a_zone_is_beijing_time(client: GraphQLClient) -> None:
    request = await _submit(client, "sjz.school")
    handoff = request["handoffs"][EDU]
    local = (dt.datetime.now(BEIJING) + dt.timedelta(days=3)).replace(hour=9, minute=30, second=0,
                                                                       microsecond=0)  # fmt: skip
    booked = await _call(client, SCHEDULE, HANDLER[EDU], id=handoff, purpose="面谈",
                         at=local.replace(tzinfo=None).isoformat(), place="教育局")  # fmt: skip
    assert booked["userErrors"] == []
    assert dt.datetime.fromisoformat(booked["appointment"]["at"]) == local  # 09:30 北京时间 = 01:30 UTC
    [message] = await _handoff_messages("talent_demo", handoff)
    assert f"{local:%Y-%m-%d} 09:30" in message.body


# -- withdrawal and evaluation ------------------------------------------------------------


async def test_the_talent_withdraws_while_nothing_is_finished_and_the_departments_are_told(
    client: GraphQLClient,
) -> None:
    request = await _submit(client, "sjz.household")
    await _accept(client, request["handoffs"][POLICE], HANDLER[POLICE])

    withdrawn = await _call(client, WITHDRAW, "talent_demo", id=request["id"], reason="已在外地办理")
    assert withdrawn["userErrors"] == []
    assert withdrawn["serviceRequest"]["status"] == "WITHDRAWN" and withdrawn["serviceRequest"]["withdrawnAt"]
    status, handoffs, _ = await _state(request["id"])
    assert status == "WITHDRAWN" and {s for _, s in handoffs} == {"WITHDRAWN"}
    for department, handoff in request["handoffs"].items():
        [message] = await _handoff_messages(HANDLER[department], handoff)
        assert "申请已撤回" in message.subject and "已在外地办理" in message.body
    assert await StatusChange.filter(request_id=_pk(request["id"]), to_status="WITHDRAWN").count() == 3


async def test_withdrawal_after_a_department_finished_is_invalid_state(client: GraphQLClient) -> None:
    request = await _submit(client, "sjz.household")
    await _approve(client, request["handoffs"][POLICE], HANDLER[POLICE])
    before = await _state(request["id"])

    refused = await _call(client, WITHDRAW, "talent_demo", id=request["id"])
    assert _errors(refused) == [("serviceRequestId", "INVALID_STATE")]
    assert await _state(request["id"]) == before
    assert (await Handoff.get(id=_pk(request["handoffs"][HR]))).status == HandoffStatus.PENDING


async def test_a_talent_cannot_withdraw_someone_elses_request(client: GraphQLClient) -> None:
    demo = await _demo_talent()
    other = await Talent.filter(jurisdiction_id=demo.jurisdiction_id, status="ACTIVE", cards__status="ACTIVE",
                                cards__tier__code="A").exclude(id=demo.id).first()  # fmt: skip
    assert other is not None
    request = await _submit(client, "sjz.school", talent=other)
    before = await _state(request["id"])

    refused = await _call(client, WITHDRAW, "talent_demo", id=request["id"])
    assert _errors(refused) == [("serviceRequestId", "NOT_FOUND")]
    assert await _state(request["id"]) == before


async def test_only_the_talent_evaluates_once_after_completion_with_a_score_from_1_to_5(
    client: GraphQLClient,
) -> None:
    request = await _submit(client, "sjz.school")
    early = await _call(client, EVALUATE, "talent_demo", id=request["id"], score=5)
    assert _errors(early) == [("serviceRequestId", "INVALID_STATE")]
    await _approve(client, request["handoffs"][EDU], HANDLER[EDU])

    by_window = await _call(client, EVALUATE, "changan_window", id=request["id"], score=5)
    assert _errors(by_window) == [("serviceRequestId", "FORBIDDEN")]
    for score in (0, 6):
        out_of_range = await _call(client, EVALUATE, "talent_demo", id=request["id"], score=score)
        assert _errors(out_of_range) == [("score", "VALIDATION")]
    assert not await Evaluation.exists()

    evaluated = await _call(client, EVALUATE, "talent_demo", id=request["id"], score=4, comment="办理很快")
    assert evaluated["userErrors"] == []
    assert evaluated["serviceRequest"]["evaluation"] == {"score": 4, "comment": "办理很快"}
    view = await client.data("query($id: ID!) { serviceRequest(id: $id) { evaluation { score comment } } }",
                             {"id": request["id"]}, as_user="changan_window")  # fmt: skip
    assert view["serviceRequest"]["evaluation"] == {"score": 4, "comment": "办理很快"}

    again = await _call(client, EVALUATE, "talent_demo", id=request["id"], score=1)
    assert _errors(again) == [("serviceRequestId", "CONFLICT")]
    assert [e.score for e in await Evaluation.all()] == [4]


# -- audit and scope ----------------------------------------------------------------------


async def test_every_successful_handling_mutation_is_audited_by_its_operation_name(
    client: GraphQLClient,
) -> None:
    household = await _submit(client, "sjz.household")
    police, hr = household["handoffs"][POLICE], household["handoffs"][HR]
    at = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).isoformat()
    due = dt.date.fromisoformat(household["dueOn"])
    later = str(due + dt.timedelta(days=1))
    calls = [
        (ACCEPT, "sjz_police_handler", {"id": police}),
        (SCHEDULE, "sjz_police_handler", {"id": police, "purpose": "采集指纹", "at": at, "place": "户政"}),
        (EXTEND, "sjz_police_handler", {"id": police, "reason": "待档案", "newDueOn": later}),
        (COMPLETE, "sjz_police_handler", {"id": police, "outcome": "APPROVED", "opinion": "同意"}),
        (RETURN, "sjz_hr_handler", {"id": hr, "reason": "缺劳动合同"}),
        (EVALUATE, "talent_demo", {"id": household["id"], "score": 3}),
    ]
    for mutation, username, variables in calls:
        assert (await _call(client, mutation, username, **variables))["userErrors"] == [], mutation
    school = await _submit(client, "sjz.school")
    assert (await _call(client, WITHDRAW, "talent_demo", id=school["id"]))["userErrors"] == []

    expected = [
        ("acceptHandoff", "sjz_police_handler", "handoff", _pk(police)),
        ("scheduleAppointment", "sjz_police_handler", "handoff", _pk(police)),
        ("reportHandoffExtension", "sjz_police_handler", "handoff", _pk(police)),
        ("completeHandoff", "sjz_police_handler", "handoff", _pk(police)),
        ("returnHandoff", "sjz_hr_handler", "handoff", _pk(hr)),
        ("evaluateServiceRequest", "talent_demo", "service_request", _pk(household["id"])),
        ("withdrawServiceRequest", "talent_demo", "service_request", _pk(school["id"])),
    ]
    operations = [name for name, *_ in expected]
    events = await AuditEvent.filter(operation__in=operations).order_by("id")
    assert [(e.operation, e.actor, e.target_type, int(e.target_id)) for e in events] == expected
    assert all(e.jurisdiction_code == "130102" for e in events)

    refused = await _call(client, ACCEPT, "sjz_police_handler", id=police)  # refused: not audited
    assert _errors(refused) == [("handoffId", "INVALID_STATE")]
    assert await AuditEvent.filter(operation="acceptHandoff").count() == 1


async def test_a_handler_lists_and_reads_only_its_own_departments_handoffs(client: GraphQLClient) -> None:
    household = await _submit(client, "sjz.household")
    school = await _submit(client, "sjz.school")
    edu_department = encode_id("Department", (await Department.get(name=EDU)).id)
    listing = """query($filter: HandoffFilter) { handoffs(filter: $filter, first: 50) {
      totalCount edges { node { id department { name } } } } }"""

    own = (await client.data(listing, as_user="sjz_police_handler"))["handoffs"]
    assert own["totalCount"] == 1
    assert [e["node"]["id"] for e in own["edges"]] == [household["handoffs"][POLICE]]
    other = await client.data(listing, {"filter": {"departmentId": {"eq": edu_department}}},
                              as_user="sjz_police_handler")  # fmt: skip
    assert other["handoffs"] == {"totalCount": 0, "edges": []}
    assert (await client.data(listing, {"filter": {"departmentId": {"eq": edu_department}}},
                              as_user="sjz_edu_handler"))["handoffs"]["totalCount"] == 1  # fmt: skip

    edu_handoff = school["handoffs"][EDU]
    for query in ("query($id: ID!) { node(id: $id) { id } }", "query($id: ID!) { handoff(id: $id) { id } }"):
        body = await client.execute(query, {"id": edu_handoff}, as_user="sjz_police_handler")
        assert error_codes(body) == ["NOT_FOUND"], body
