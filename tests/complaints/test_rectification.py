"""满意度评价 and 差评整改: a rating of 2 or 1 opens a rectification task in the same
transaction, routed to the request's window with RECTIFICATION_WORKDAYS, answered with the
measures taken and called back; 3 and above open nothing; refused evaluations write nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from resolvers.core.ids import decode_id, encode_id
from resolvers.deadlines.workdays import load_calendar
from schema.clock import china_today
from schema.models import (
    Complaint,
    Evaluation,
    Handoff,
    Notification,
    ServiceItem,
    ServiceRequest,
    ServiceWindow,
    Talent,
    User,
)
from tests.support.graphql import GraphQLClient

SUBMIT = """mutation($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) {
  serviceRequest { id handoffs { id } } userErrors { field code } } }"""
ACCEPT = """mutation($id: ID!) { acceptHandoff(input: {handoffId: $id}) { userErrors { code } } }"""
COMPLETE = """mutation($id: ID!) {
  completeHandoff(input: {handoffId: $id, outcome: APPROVED, opinion: "同意"}) { userErrors { code } } }"""
RECTIFICATION = """id number kind source status dueOn window { name } talent { name }
  serviceRequest { id } evaluation { score level } steps { action actor }"""
EVALUATE = f"""mutation($id: ID!, $score: Int!, $comment: String) {{
  evaluateServiceRequest(input: {{serviceRequestId: $id, score: $score, comment: $comment}}) {{
    serviceRequest {{ evaluation {{ score level rectification {{ {RECTIFICATION} }} }}
                      complaints {{ id kind }} }}
    userErrors {{ field code }} }} }}"""
ANSWER = """mutation($input: AnswerComplaintInput!) { answerComplaint(input: $input) {
  complaint { status outcome answeredOnTime } userErrors { field code } } }"""
ROUTE = """mutation($input: RouteComplaintInput!) { routeComplaint(input: $input) {
  complaint { status dueOn window { name } } userErrors { field code } } }"""
CALLBACK = """mutation($input: RecordComplaintCallbackInput!) { recordComplaintCallback(input: $input) {
  complaint { status callbackResult } userErrors { field code } } }"""
CHANGAN_WINDOW = "长安区人才服务分窗口"


async def _submitted(client: GraphQLClient) -> dict[str, Any]:
    talent = await Talent.get(id=(await User.get(username="talent_demo")).talent_id)
    item = await ServiceItem.get(code="sjz.school")
    data = await client.data(SUBMIT, {"input": {"talentId": encode_id("Talent", talent.id),
                                                "itemIds": [encode_id("ServiceItem", item.id)]}},
                             as_user="changan_window")  # fmt: skip
    assert data["submitServiceRequest"]["userErrors"] == []
    return data["submitServiceRequest"]["serviceRequest"]


async def _completed(client: GraphQLClient) -> str:
    """A request of talent_demo, received at the 长安区 window and completed by 石家庄市教育局."""
    request = await _submitted(client)
    for handoff in request["handoffs"]:
        for mutation in (ACCEPT, COMPLETE):
            data = await client.data(mutation, {"id": handoff["id"]}, as_user="sjz_edu_handler")
            assert next(iter(data.values()))["userErrors"] == []
    return request["id"]


async def _evaluate(client: GraphQLClient, request_id: str, score: int, comment: str | None = None) -> dict:
    data = await client.data(EVALUATE, {"id": request_id, "score": score, "comment": comment},
                             as_user="talent_demo")  # fmt: skip
    return data["evaluateServiceRequest"]


async def _call(client: GraphQLClient, mutation: str, as_user: str, **input: Any) -> dict[str, Any]:
    data = await client.data(mutation, {"input": input}, as_user=as_user)
    return next(iter(data.values()))


def _codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def _inbox(username: str) -> list[str]:
    user = await User.get(username=username)
    return list(await Notification.filter(recipient_id=user.id, related_type="complaint").values_list(
        "subject", flat=True))  # fmt: skip


async def test_a_poor_rating_opens_a_rectification_at_the_window_that_is_answered_and_called_back(
    client: GraphQLClient,
) -> None:
    request_id = await _completed(client)
    rated = await _evaluate(client, request_id, 2, "等待时间太长")
    assert rated["userErrors"] == []
    evaluation = rated["serviceRequest"]["evaluation"]
    assert evaluation["level"] == "DISSATISFIED"
    task = evaluation["rectification"]
    assert task["kind"] == "RECTIFICATION" and task["source"] == "EVALUATION" and task["status"] == "ROUTED"
    assert task["number"].startswith("ZG130102") and task["window"] == {"name": CHANGAN_WINDOW}
    assert task["serviceRequest"] == {"id": request_id} and task["evaluation"] == {"score": 2,
                                                                                   "level": "DISSATISFIED"}
    assert task["dueOn"] == (await load_calendar()).add_workdays(china_today(), 15).isoformat()
    assert [s["action"] for s in task["steps"]] == ["FILED", "ROUTED"]
    assert rated["serviceRequest"]["complaints"] == [{"id": task["id"], "kind": "RECTIFICATION"}]
    assert any(s.startswith("整改转办") for s in await _inbox("changan_window"))
    assert any(s.startswith("差评整改") for s in await _inbox("changan_admin"))

    not_rectified = await _call(client, ANSWER, "changan_window", complaintId=task["id"], answer="已培训",
                                outcome="SUBSTANTIATED")  # fmt: skip
    assert _codes(not_rectified) == [("outcome", "VALIDATION")]
    answered = await _call(client, ANSWER, "changan_window", complaintId=task["id"],
                           answer="增设午间窗口，缩短等候时间。", outcome="RECTIFIED")  # fmt: skip
    assert answered["complaint"] == {"status": "ANSWERED", "outcome": "RECTIFIED", "answeredOnTime": True}
    assert any(s.startswith("整改办理结果") for s in await _inbox("talent_demo"))
    closed = await _call(client, CALLBACK, "changan_admin", complaintId=task["id"], result="SATISFIED")
    assert closed["complaint"] == {"status": "CLOSED", "callbackResult": "SATISFIED"}


async def test_a_score_of_1_opens_a_rectification_and_3_or_more_does_not(client: GraphQLClient) -> None:
    levels = {}
    for score in (1, 3, 5):
        rated = await _evaluate(client, await _completed(client), score)
        assert rated["userErrors"] == []
        evaluation = rated["serviceRequest"]["evaluation"]
        levels[score] = (evaluation["level"], evaluation["rectification"] is not None)
    assert levels == {1: ("VERY_DISSATISFIED", True), 3: ("BASICALLY_SATISFIED", False),
                      5: ("VERY_SATISFIED", False)}  # fmt: skip
    assert await Complaint.filter(kind="RECTIFICATION").count() == 1


async def test_a_rectification_without_a_window_waits_for_the_county_office_to_route_it(
    client: GraphQLClient,
) -> None:
    request_id = await _completed(client)
    await ServiceRequest.filter(id=int(decode_id(request_id)[1])).update(window_id=None)
    task = (await _evaluate(client, request_id, 1))["serviceRequest"]["evaluation"]["rectification"]
    assert task["status"] == "RECEIVED" and task["window"] is None
    assert any(s.startswith("新整改待转办") for s in await _inbox("changan_admin"))
    routed = await _call(client, ROUTE, "changan_admin", complaintId=task["id"],
                         windowId=await _window_id(CHANGAN_WINDOW))  # fmt: skip
    assert routed["userErrors"] == []
    assert routed["complaint"]["dueOn"] == (await load_calendar()).add_workdays(china_today(), 15).isoformat()


async def _window_id(name: str) -> str:
    return encode_id("ServiceWindow", (await ServiceWindow.get(name=name)).id)


async def test_evaluating_before_completion_or_twice_writes_nothing(client: GraphQLClient) -> None:
    open_request = (await _submitted(client))["id"]
    early = await _evaluate(client, open_request, 1)
    assert _codes(early) == [("serviceRequestId", "INVALID_STATE")]
    assert not await Evaluation.exists() and not await Complaint.filter(kind="RECTIFICATION").exists()

    for handoff in await _handoffs(open_request):
        for mutation in (ACCEPT, COMPLETE):
            await client.data(mutation, {"id": handoff}, as_user="sjz_edu_handler")
    assert (await _evaluate(client, open_request, 4))["userErrors"] == []
    twice = await _evaluate(client, open_request, 1)
    assert _codes(twice) == [("serviceRequestId", "CONFLICT")]
    assert [e.score for e in await Evaluation.all()] == [4]
    assert not await Complaint.filter(kind="RECTIFICATION").exists()


async def _handoffs(request_id: str) -> list[str]:
    rows = await Handoff.filter(request_id=int(decode_id(request_id)[1])).values_list("id", flat=True)
    return [encode_id("Handoff", pk) for pk in rows]


async def test_two_evaluations_at_once_store_one_and_open_one_rectification(client: GraphQLClient) -> None:
    request_id = await _completed(client)
    await client.login("talent_demo")
    both = await asyncio.gather(*(_evaluate(client, request_id, score) for score in (1, 2)))
    codes = sorted(c for payload in both for _, c in _codes(payload))
    assert codes == ["CONFLICT"]
    assert await Evaluation.all().count() == 1
    assert await Complaint.filter(kind="RECTIFICATION").count() == 1
    again = await _evaluate(client, request_id, 2)
    assert _codes(again) == [("serviceRequestId", "CONFLICT")]
    assert await Complaint.filter(kind="RECTIFICATION").count() == 1


FILE = """mutation($input: FileComplaintInput!) { fileComplaint(input: $input) {
  complaint { id jurisdiction { code } talent { name } serviceRequest { id } }
  userErrors { field code } } }"""
REQUEST_COMPLAINTS = """query($id: ID!) { serviceRequest(id: $id) { complaints { id kind } } }"""


async def test_a_complaint_about_a_request_belongs_to_its_county_and_is_listed_on_it(
    client: GraphQLClient,
) -> None:
    request_id = (await _submitted(client))["id"]
    online = await _call(client, FILE, "talent_demo", source="ONLINE", subject="材料重复提交", content="c",
                         serviceRequestId=request_id)  # fmt: skip
    at_window = await _call(client, FILE, "changan_window", source="WINDOW", subject="等候过久", content="c",
                            serviceRequestId=request_id)  # fmt: skip
    for filed in (online, at_window):
        assert filed["userErrors"] == []
        assert filed["complaint"]["jurisdiction"] == {"code": "130102"}
        assert filed["complaint"]["serviceRequest"] == {"id": request_id} and filed["complaint"]["talent"]
    listed = await client.data(REQUEST_COMPLAINTS, {"id": request_id}, as_user="talent_demo")
    assert {c["id"] for c in listed["serviceRequest"]["complaints"]} == {
        online["complaint"]["id"], at_window["complaint"]["id"]}
    elsewhere = await _call(client, FILE, "changan_window", source="WINDOW", subject="s", content="c",
                            serviceRequestId=request_id, jurisdictionCode="130123")  # fmt: skip
    assert _codes(elsewhere) == [("jurisdictionCode", "VALIDATION")]
    not_visible = await _call(client, FILE, "zhengding_admin", source="HOTLINE", subject="s", content="c",
                              serviceRequestId=request_id)  # fmt: skip
    assert _codes(not_visible) == [("serviceRequestId", "NOT_FOUND")]
