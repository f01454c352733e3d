"""A complaint's whole flow through the API as the demo users — filed online, routed by
responsibility (按责转办, 限时办结), answered to the complainant (逐一反馈), called back
(回访) — and every refused step answering its code with nothing changed."""

from __future__ import annotations

from typing import Any

from resolvers.core.ids import decode_id, encode_id
from resolvers.deadlines.workdays import load_calendar
from schema.clock import china_today
from schema.models import AuditEvent, Complaint, ComplaintStep, Department, Notification, ServiceWindow, User
from tests.support.graphql import GraphQLClient

FIELDS = """id number kind source status dueOn overdue answer outcome answeredOnTime callbackResult
  jurisdiction { code } department { name } window { name } talent { name }
  steps { action actor note }"""
FILE = f"""mutation($input: FileComplaintInput!) {{ fileComplaint(input: $input) {{
  complaint {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
ROUTE = f"""mutation($input: RouteComplaintInput!) {{ routeComplaint(input: $input) {{
  complaint {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
ANSWER = f"""mutation($input: AnswerComplaintInput!) {{ answerComplaint(input: $input) {{
  complaint {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
CALLBACK = f"""mutation($input: RecordComplaintCallbackInput!) {{ recordComplaintCallback(input: $input) {{
  complaint {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
POLICE = "石家庄市公安局"
CHANGAN_WINDOW = "长安区人才服务分窗口"


async def _call(client: GraphQLClient, mutation: str, as_user: str, **input: Any) -> dict[str, Any]:
    data = await client.data(mutation, {"input": input}, as_user=as_user)
    return next(iter(data.values()))


def _codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


def _pk(global_id: str) -> int:
    return int(decode_id(global_id)[1])


async def _state(complaint_id: str) -> tuple[Any, ...]:
    """What a refused call must leave as it was."""
    row = await Complaint.get(id=_pk(complaint_id))
    return (row.status, row.department_id, row.window_id, row.due_on, row.answer, row.callback_result,
            await ComplaintStep.filter(complaint_id=row.id).count(),
            await AuditEvent.filter(target_type="complaint", target_id=str(row.id)).count(),
            await Notification.all().count())  # fmt: skip


async def _department(name: str) -> str:
    return encode_id("Department", (await Department.get(name=name)).id)


async def _window(name: str) -> str:
    return encode_id("ServiceWindow", (await ServiceWindow.get(name=name)).id)


async def _inbox(username: str) -> list[str]:
    user = await User.get(username=username)
    return list(await Notification.filter(recipient_id=user.id, related_type="complaint").values_list(
        "subject", flat=True))  # fmt: skip


async def _file_online(client: GraphQLClient) -> dict[str, Any]:
    filed = await _call(client, FILE, "talent_demo", source="ONLINE", subject="户籍办理超期",
                        content="承诺 10 个工作日，已过期未告知进度。")  # fmt: skip
    assert filed["userErrors"] == []
    return filed["complaint"]


async def test_a_complaint_walks_filed_routed_answered_and_called_back(client: GraphQLClient) -> None:
    complaint = await _file_online(client)
    assert complaint["status"] == "RECEIVED" and complaint["kind"] == "COMPLAINT"
    assert complaint["source"] == "ONLINE" and complaint["jurisdiction"] == {"code": "130102"}
    assert complaint["number"].startswith("TS130102") and complaint["talent"]["name"]
    assert any(s.startswith("新投诉待转办") for s in await _inbox("changan_admin"))
    cid = complaint["id"]

    routed = await _call(client, ROUTE, "sjz_admin", complaintId=cid, departmentId=await _department(POLICE),
                         timeLimitWorkdays=5, note="请核查")  # fmt: skip
    assert routed["userErrors"] == []
    due = (await load_calendar()).add_workdays(china_today(), 5)
    assert routed["complaint"]["status"] == "ROUTED" and routed["complaint"]["dueOn"] == due.isoformat()
    assert routed["complaint"]["department"] == {"name": POLICE} and not routed["complaint"]["overdue"]
    assert any(s.startswith("投诉转办") for s in await _inbox("sjz_police_handler"))

    answered = await _call(client, ANSWER, "sjz_police_handler", complaintId=cid,
                           answer="已核查，系统升级延误。", outcome="PARTLY_SUBSTANTIATED")  # fmt: skip
    assert answered["userErrors"] == []
    assert answered["complaint"]["status"] == "ANSWERED" and answered["complaint"]["answeredOnTime"] is True
    talent_inbox = await _inbox("talent_demo")
    assert any(s.startswith("投诉办理结果") for s in talent_inbox)  # 逐一反馈
    assert any(s.startswith("投诉已反馈待回访") for s in await _inbox("sjz_admin"))

    closed = await _call(client, CALLBACK, "sjz_admin", complaintId=cid, result="SATISFIED", note="电话回访")
    assert closed["userErrors"] == []
    final = closed["complaint"]
    assert final["status"] == "CLOSED" and final["callbackResult"] == "SATISFIED"
    assert final["outcome"] == "PARTLY_SUBSTANTIATED"
    assert [(s["action"], s["actor"]) for s in final["steps"]] == [
        ("FILED", "talent_demo"), ("ROUTED", "sjz_admin"), ("ANSWERED", "sjz_police_handler"),
        ("CALLBACK", "sjz_admin"),
    ]  # fmt: skip
    again = await _call(client, CALLBACK, "sjz_admin", complaintId=cid, result="SATISFIED")
    assert _codes(again) == [("complaintId", "INVALID_STATE")]
    assert "已回访" in again["userErrors"][0]["message"]
    events = await AuditEvent.filter(target_type="complaint", target_id=str(_pk(cid))).order_by("id")
    assert [e.operation for e in events] == [
        "fileComplaint", "routeComplaint", "answerComplaint", "recordComplaintCallback"]
    assert {e.jurisdiction_code for e in events} == {"130102"}


async def test_routing_outside_the_callers_scope_is_forbidden_and_changes_nothing(
    client: GraphQLClient,
) -> None:
    cid = (await _file_online(client))["id"]
    police, changan, zhengding = (await _department(POLICE), await _window(CHANGAN_WINDOW),
                                  await _window("正定县人才服务分窗口"))  # fmt: skip
    before = await _state(cid)
    refused = await _call(client, ROUTE, "changan_admin", complaintId=cid, departmentId=police)
    assert _codes(refused) == [("departmentId", "FORBIDDEN")]  # a city department: not the county's to route
    assert await _state(cid) == before
    for bad in ({"departmentId": police, "windowId": changan}, {}):
        both_or_none = await _call(client, ROUTE, "sjz_admin", complaintId=cid, **bad)
        assert _codes(both_or_none) == [("departmentId", "VALIDATION")]
    too_long = await _call(client, ROUTE, "sjz_admin", complaintId=cid, windowId=changan, timeLimitWorkdays=0)
    assert _codes(too_long) == [("timeLimitWorkdays", "VALIDATION")]
    elsewhere = await _call(client, ROUTE, "sjz_admin", complaintId=cid, windowId=zhengding)
    assert _codes(elsewhere) == [("windowId", "VALIDATION")]  # does not serve 长安区
    by_window = await _call(client, ROUTE, "changan_window", complaintId=cid, windowId=changan)
    assert _codes(by_window) == [("complaintId", "FORBIDDEN")]  # window staff do not dispatch
    other_county = await _call(client, ROUTE, "zhengding_admin", complaintId=cid, windowId=changan)
    assert _codes(other_county) == [("complaintId", "NOT_FOUND")]
    assert await _state(cid) == before

    ok = await _call(client, ROUTE, "changan_admin", complaintId=cid, windowId=changan)
    assert ok["userErrors"] == [] and ok["complaint"]["window"] == {"name": CHANGAN_WINDOW}
    rerouted = await _call(client, ROUTE, "sjz_admin", complaintId=cid, departmentId=police)
    assert rerouted["userErrors"] == [] and rerouted["complaint"]["window"] is None
    assert [s["action"] for s in rerouted["complaint"]["steps"]] == ["FILED", "ROUTED", "REROUTED"]


async def test_only_the_responsible_organisation_answers(client: GraphQLClient) -> None:
    cid = (await _file_online(client))["id"]
    early = await _call(client, ANSWER, "changan_window", complaintId=cid, answer="x", outcome="UNFOUNDED")
    assert _codes(early) == [("complaintId", "INVALID_STATE")]
    await _call(client, ROUTE, "sjz_admin", complaintId=cid, departmentId=await _department(POLICE))
    before = await _state(cid)
    for user, code in (("sjz_edu_handler", "NOT_FOUND"), ("zhengding_admin", "NOT_FOUND"),
                       ("changan_window", "FORBIDDEN"), ("changan_admin", "FORBIDDEN"),
                       ("talent_demo", "FORBIDDEN")):  # fmt: skip
        refused = await _call(client, ANSWER, user, complaintId=cid, answer="已处理", outcome="UNFOUNDED")
        assert _codes(refused) == [("complaintId", code)], user
    wrong_outcome = await _call(client, ANSWER, "sjz_police_handler", complaintId=cid, answer="已整改",
                                outcome="RECTIFIED")  # fmt: skip
    assert _codes(wrong_outcome) == [("outcome", "VALIDATION")]  # RECTIFIED ends rectification tasks
    blank = await _call(client, ANSWER, "sjz_police_handler", complaintId=cid, answer=" ",
                        outcome="UNFOUNDED")  # fmt: skip
    assert _codes(blank) == [("answer", "VALIDATION")]
    assert await _state(cid) == before

    # Routed to a window: its staff answer, the department no longer sees it.
    await _call(client, ROUTE, "sjz_admin", complaintId=cid, windowId=await _window(CHANGAN_WINDOW))
    gone = await _call(client, ANSWER, "sjz_police_handler", complaintId=cid, answer="x", outcome="UNFOUNDED")
    assert _codes(gone) == [("complaintId", "NOT_FOUND")]
    done = await _call(client, ANSWER, "changan_window", complaintId=cid, answer="致歉",
                       outcome="SUBSTANTIATED")  # fmt: skip
    assert done["userErrors"] == [] and done["complaint"]["status"] == "ANSWERED"
    again = await _call(client, ROUTE, "sjz_admin", complaintId=cid, departmentId=await _department(POLICE))
    assert _codes(again) == [("complaintId", "INVALID_STATE")]  # answered: no more re-routing


async def test_callback_before_answer_is_refused_and_a_dissatisfied_callback_reopens(
    client: GraphQLClient,
) -> None:
    cid = (await _file_online(client))["id"]
    await _call(client, ROUTE, "changan_admin", complaintId=cid, windowId=await _window(CHANGAN_WINDOW),
                timeLimitWorkdays=3)  # fmt: skip
    before = await _state(cid)
    early = await _call(client, CALLBACK, "changan_admin", complaintId=cid, result="SATISFIED")
    assert _codes(early) == [("complaintId", "INVALID_STATE")]
    assert await _state(cid) == before
    await _call(client, ANSWER, "changan_window", complaintId=cid, answer="已调整", outcome="SUBSTANTIATED")

    before = await _state(cid)
    by_window = await _call(client, CALLBACK, "changan_window", complaintId=cid, result="SATISFIED")
    assert _codes(by_window) == [("complaintId", "FORBIDDEN")]  # the office calls back
    satisfied_reopen = await _call(client, CALLBACK, "changan_admin", complaintId=cid, result="SATISFIED",
                                   reopen=True)  # fmt: skip
    assert _codes(satisfied_reopen) == [("reopen", "VALIDATION")]
    assert await _state(cid) == before

    reopened = await _call(client, CALLBACK, "changan_admin", complaintId=cid, result="DISSATISFIED",
                           note="仍未解决", reopen=True)  # fmt: skip
    assert reopened["userErrors"] == []
    row = reopened["complaint"]
    assert row["status"] == "ROUTED" and row["answer"] is None and row["callbackResult"] == "DISSATISFIED"
    assert row["dueOn"] == (await load_calendar()).add_workdays(china_today(), 5).isoformat()
    assert [s["action"] for s in row["steps"]] == ["FILED", "ROUTED", "ANSWERED", "REOPENED"]
    again = await _call(client, ANSWER, "changan_window", complaintId=cid, answer="已整改",
                        outcome="SUBSTANTIATED")  # fmt: skip
    assert again["complaint"]["status"] == "ANSWERED"
    closed = await _call(client, CALLBACK, "changan_admin", complaintId=cid, result="BASICALLY_SATISFIED")
    assert closed["complaint"]["status"] == "CLOSED"


async def test_filing_checks_the_channel_the_area_and_the_people_named(client: GraphQLClient) -> None:
    count = await Complaint.all().count()
    demo = await User.get(username="talent_demo")
    hotline_by_talent = await _call(client, FILE, "talent_demo", source="HOTLINE", subject="s", content="c")
    assert _codes(hotline_by_talent) == [("source", "VALIDATION")]
    blank = await _call(client, FILE, "talent_demo", source="ONLINE", subject=" ", content="c")
    assert _codes(blank) == [("subject", "VALIDATION")]
    online_by_staff = await _call(client, FILE, "changan_admin", source="ONLINE", subject="s", content="c",
                                  jurisdictionCode="130102")  # fmt: skip
    assert _codes(online_by_staff) == [("source", "VALIDATION")]
    nowhere = await _call(client, FILE, "changan_admin", source="HOTLINE", subject="s", content="c")
    assert _codes(nowhere) == [("jurisdictionCode", "VALIDATION")]
    other_county = await _call(client, FILE, "zhengding_admin", source="HOTLINE", subject="s", content="c",
                               jurisdictionCode="130102")  # fmt: skip
    assert _codes(other_county) == [("jurisdictionCode", "FORBIDDEN")]
    bad_phone = await _call(client, FILE, "changan_admin", source="HOTLINE", subject="s", content="c",
                            jurisdictionCode="130102", complainantPhone="12")  # fmt: skip
    assert _codes(bad_phone) == [("complainantPhone", "VALIDATION")]
    someone = encode_id("Talent", demo.talent_id + 1)
    about_other = await _call(client, FILE, "talent_demo", source="ONLINE", subject="s", content="c",
                              talentId=someone)  # fmt: skip
    assert _codes(about_other) == [("talentId", "NOT_FOUND")]
    assert await Complaint.all().count() == count

    hotline = await _call(client, FILE, "changan_window", source="WINDOW", subject="窗口态度", content="c",
                          jurisdictionCode="130102", complainantName="王女士",
                          complainantPhone="13931112222")  # fmt: skip
    assert hotline["userErrors"] == [] and hotline["complaint"]["talent"] is None


DEMO = """query($filter: ComplaintFilter) { complaints(filter: $filter, first: 10) {
  edges { node { id status window { name } department { name } } } } }"""


async def test_the_demo_complaints_walk_their_flow_as_the_readme_says(client: GraphQLClient) -> None:
    async def one(user: str, status: str) -> dict[str, Any]:
        data = await client.data(DEMO, {"filter": {"status": {"eq": status}}}, as_user=user)
        edges = data["complaints"]["edges"]
        assert len(edges) == 1, (user, status)
        return edges[0]["node"]

    received = await one("talent_demo", "RECEIVED")  # filed online by talent_demo
    routed = await _call(client, ROUTE, "sjz_admin", complaintId=received["id"],
                         departmentId=await _department(POLICE))  # fmt: skip
    assert routed["userErrors"] == []
    answered = await _call(client, ANSWER, "sjz_police_handler", complaintId=received["id"],
                           answer="已核实并改进", outcome="SUBSTANTIATED")  # fmt: skip
    assert answered["userErrors"] == []
    closed = await _call(client, CALLBACK, "sjz_admin", complaintId=received["id"], result="SATISFIED")
    assert closed["complaint"]["status"] == "CLOSED"

    at_window = await one("changan_window", "ROUTED")
    assert at_window["window"] == {"name": CHANGAN_WINDOW}
    done = await _call(client, ANSWER, "changan_window", complaintId=at_window["id"], answer="已安排午间值守",
                       outcome="SUBSTANTIATED")  # fmt: skip
    assert done["userErrors"] == []

    waiting = [n for n in (await client.data(DEMO, {"filter": {"status": {"eq": "ANSWERED"}}},
                                             as_user="sjz_admin"))["complaints"]["edges"]
               if n["node"]["department"]]  # fmt: skip
    assert [w["node"]["department"]["name"] for w in waiting] == [POLICE]
    called = await _call(client, CALLBACK, "sjz_admin", complaintId=waiting[0]["node"]["id"],
                         result="BASICALLY_SATISFIED")  # fmt: skip
    assert called["complaint"]["status"] == "CLOSED"
