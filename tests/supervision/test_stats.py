"""The supervision dashboard (督办考核): figures per window, department, specialist and
jurisdiction after requests are handled on time, late, extended and left overdue; every
figure equals the number of records its drill-down lists; scope and bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from permissions.grants import add_grant, user_subject
from resolvers.accounts.passwords import hash_password
from resolvers.core.ids import encode_id
from resolvers.deadlines.workdays import load_calendar
from schema.clock import china_today
from schema.models import Department, Handoff, ServiceWindow, User
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.handling import EDU, EXTEND, HR, POLICE, backdate, call, finish, submit
from tests.support.query_counter import QueryCounter

pytestmark = pytest.mark.heavy

STATS = """query($filter: SupervisionFilter!, $groupBy: SupervisionGroupBy!) {
  supervisionStats(filter: $filter, groupBy: $groupBy) {
    key name jurisdictionCode received completed onTime late onTimeRate avgWorkdays overdue
    extensions extensionReports satisfactionAvg satisfactionCount
    satisfactionDistribution { score level count } complaints complaintOutcomes { outcome count } } }"""
# One aliased drill-down per figure: the totals must equal the row.
FIGURE_OF = {"RECEIVED": "received", "COMPLETED": "completed", "ON_TIME": "onTime", "LATE": "late",
             "OVERDUE": "overdue", "EXTENDED": "extensions", "EVALUATED": "satisfactionCount",
             "COMPLAINTS": "complaints"}  # fmt: skip
DRILL = "query($filter: SupervisionFilter!, $groupBy: SupervisionGroupBy!, $key: String!) {" + "".join(
    f"""  {m.lower()}: supervisionRecords(filter: $filter, groupBy: $groupBy, key: $key, measure: {m}) {{
    serviceRequests {{ totalCount }} handoffs {{ totalCount }} complaints {{ totalCount }} }}"""
    for m in FIGURE_OF
) + "}"
RECORDS = """query($filter: SupervisionFilter!, $groupBy: SupervisionGroupBy!, $key: String!,
                    $measure: SupervisionMeasure!) {
  supervisionRecords(filter: $filter, groupBy: $groupBy, key: $key, measure: $measure, first: 50) {
    measure serviceRequests { totalCount nodes { id } } handoffs { totalCount nodes { id } }
    complaints { totalCount nodes { id } } } }"""
EVALUATE = """mutation($id: ID!, $score: Int!) {
  evaluateServiceRequest(input: {serviceRequestId: $id, score: $score}) { userErrors { code } } }"""
CHANGAN_WINDOW = "长安区人才服务分窗口"


def _period(code: str, days: int = 30) -> dict[str, str]:
    today = china_today()
    return {"jurisdictionCode": code, "from": (today - dt.timedelta(days=days)).isoformat(),
            "to": today.isoformat()}  # fmt: skip


async def _stats(client: GraphQLClient, user: str, flt: dict[str, Any], group_by: str) -> dict[str, Any]:
    rows = (await client.data(STATS, {"filter": flt, "groupBy": group_by}, as_user=user))["supervisionStats"]
    return {r["name"]: r for r in rows}


async def _assert_drill_downs_match(client: GraphQLClient, user: str, flt: dict[str, Any], group_by: str,
                                    rows: dict[str, Any]) -> None:  # fmt: skip
    for row in rows.values():
        data = await client.data(DRILL, {"filter": flt, "groupBy": group_by, "key": row["key"]}, as_user=user)
        for measure, figure in FIGURE_OF.items():
            listed = [c["totalCount"] for c in data[measure.lower()].values() if c is not None]
            assert listed == [row[figure]], (group_by, row["name"], measure)


@pytest.fixture
async def handled(client: GraphQLClient) -> dict[str, Any]:
    """At the 长安区 window: A on time today, B late, C open and overdue (both received 14
    days ago and due yesterday), D extended twice and done; A rated 2, B rated 5."""
    today, yesterday = china_today(), china_today() - dt.timedelta(days=1)
    # One open request per item at a time: each school request is finished before the next.
    a, a_handoffs = await submit(client, "sjz.school")
    await finish(client, a_handoffs[EDU], EDU)
    b, b_handoffs = await submit(client, "sjz.school")
    received_b = await backdate(b, 14, due_on=yesterday)
    await finish(client, b_handoffs[EDU], EDU)
    c, _ = await submit(client, "sjz.school")
    await backdate(c, 14, due_on=yesterday)
    _, d_handoffs = await submit(client, "sjz.household")  # police and HR
    police = encode_id("Handoff", d_handoffs[POLICE])
    due = (await Handoff.get(id=d_handoffs[POLICE])).due_on
    for days in (5, 9):
        later = (due + dt.timedelta(days)).isoformat()
        assert await call(client, EXTEND, POLICE, id=police, newDueOn=later) == []
    await finish(client, d_handoffs[POLICE], POLICE)
    await finish(client, d_handoffs[HR], HR)
    for request, score in ((a, 2), (b, 5)):
        request_id = encode_id("ServiceRequest", request)
        assert await call(client, EVALUATE, "talent_demo", id=request_id, score=score) == []
    late_days = (await load_calendar()).workdays_between(received_b, today)
    return {"late_days": late_days}


async def test_window_figures_after_on_time_late_overdue_and_extended_requests(
    client: GraphQLClient, handled: dict[str, Any]
) -> None:
    flt = _period("130102")
    rows = await _stats(client, "changan_admin", flt, "WINDOW")
    window = rows[CHANGAN_WINDOW]
    assert window["key"] == encode_id("ServiceWindow", (await ServiceWindow.get(name=CHANGAN_WINDOW)).id)
    assert {k: window[k] for k in ("received", "completed", "onTime", "late", "overdue", "extensions",
                                   "extensionReports", "satisfactionCount", "complaints")} == {
        "received": 4, "completed": 3, "onTime": 2, "late": 1, "overdue": 1, "extensions": 1,
        "extensionReports": 2, "satisfactionCount": 2, "complaints": 1,  # the demo's hotline complaint
    }  # fmt: skip
    assert window["onTimeRate"] == pytest.approx(2 / 3, abs=1e-4)
    assert window["avgWorkdays"] == pytest.approx(handled["late_days"] / 3, abs=0.01)
    assert window["satisfactionAvg"] == 3.5
    assert [(s["score"], s["count"]) for s in window["satisfactionDistribution"]] == [
        (5, 1), (4, 0), (3, 0), (2, 1), (1, 0)]  # fmt: skip
    assert window["complaintOutcomes"] == [{"outcome": None, "count": 1}]  # routed, not yet answered
    # Every window of the county is a row, those that received nothing as zeros.
    assert all(r["received"] == 0 for name, r in rows.items() if name != CHANGAN_WINDOW)
    await _assert_drill_downs_match(client, "changan_admin", flt, "WINDOW", rows)


async def test_department_and_specialist_figures_count_handoffs(
    client: GraphQLClient, handled: dict[str, Any]
) -> None:
    flt = _period("130100")
    rows = await _stats(client, "sjz_admin", flt, "DEPARTMENT")
    edu, police, hr = rows["石家庄市教育局"], rows["石家庄市公安局"], rows["石家庄市人力资源和社会保障局"]
    assert (edu["received"], edu["completed"], edu["onTime"], edu["late"], edu["overdue"]) == (3, 2, 1, 1, 1)
    assert edu["satisfactionCount"] == 2 and edu["satisfactionAvg"] == 3.5
    assert (police["received"], police["completed"], police["onTime"], police["extensions"],
            police["extensionReports"]) == (1, 1, 1, 1, 2)  # fmt: skip
    assert police["complaintOutcomes"] == [{"outcome": "PARTLY_SUBSTANTIATED", "count": 1}]
    assert (hr["received"], hr["completed"], hr["onTimeRate"]) == (1, 1, 1.0)
    await _assert_drill_downs_match(client, "sjz_admin", flt, "DEPARTMENT", rows)

    by_specialist = await _stats(client, "sjz_admin", flt, "SPECIALIST")
    handled_rows = [r for r in by_specialist.values() if r["received"]]
    assert sorted(r["received"] for r in handled_rows) == [1, 1, 1, 2]  # C was never accepted
    assert [r["key"] for r in handled_rows if r["name"] == "未记录承办专员（未受理等）"] == [""]
    await _assert_drill_downs_match(client, "sjz_admin", flt, "SPECIALIST", by_specialist)


async def test_by_jurisdiction_rolls_counties_up_and_a_county_office_sees_its_own(
    client: GraphQLClient, handled: dict[str, Any]
) -> None:
    flt = _period("130100")
    rows = await _stats(client, "sjz_admin", flt, "JURISDICTION")
    changan = next(r for r in rows.values() if r["key"] == "130102")
    assert (changan["received"], changan["completed"], changan["complaints"]) == (4, 3, 3)
    assert {r["jurisdictionCode"] for r in rows.values()} >= {"130102", "130123"}
    await _assert_drill_downs_match(client, "sjz_admin", flt, "JURISDICTION", rows)

    province = await _stats(client, "hebei_admin", _period("130000"), "JURISDICTION")
    assert next(r for r in province.values() if r["key"] == "130100")["received"] == 4

    own = await _stats(client, "changan_admin", flt, "JURISDICTION")
    assert [r["key"] for r in own.values()] == ["130102"]  # the city asked, only its county answered


async def test_a_department_admin_sees_only_its_own_handoffs(
    client: GraphQLClient, handled: dict[str, Any]
) -> None:
    police = await Department.get(name="石家庄市公安局")
    await User.create(username="police_admin", password_hash=hash_password("demo-pass-2026"))
    await add_grant(user_subject("police_admin"), "department_admin", f"dept:{police.id}")
    flt = _period("130100")
    rows = await _stats(client, "police_admin", flt, "DEPARTMENT")
    assert [(name, r["received"]) for name, r in rows.items()] == [("石家庄市公安局", 1)]
    await _assert_drill_downs_match(client, "police_admin", flt, "DEPARTMENT", rows)


@pytest.mark.parametrize(
    ("user", "flt", "code"),
    [
        ("changan_window", _period("130102"), "FORBIDDEN"),  # window staff: no supervision
        ("talent_demo", _period("130102"), "FORBIDDEN"),
        ("changan_admin", _period("130123"), "FORBIDDEN"),  # the neighbouring county
        ("jinan_admin", _period("130100"), "FORBIDDEN"),
        ("sjz_admin", _period("139999"), "NOT_FOUND"),
        ("sjz_admin", _period("13010"), "VALIDATION"),
        ("sjz_admin", {"jurisdictionCode": "130100", "from": "2026-05-02", "to": "2026-05-01"}, "VALIDATION"),
        ("sjz_admin", {"jurisdictionCode": "130100", "from": "2025-01-01", "to": "2026-05-01"}, "VALIDATION"),
    ],
)
async def test_bad_or_forbidden_filters_are_coded_errors(
    client: GraphQLClient, user: str, flt: dict[str, str], code: str
) -> None:
    body = await client.execute(STATS, {"filter": flt, "groupBy": "WINDOW"}, as_user=user)
    assert error_codes(body) == [code] and body["data"] is None


async def test_anonymous_callers_are_refused(client: GraphQLClient) -> None:
    body = await client.execute(STATS, {"filter": _period("130102"), "groupBy": "WINDOW"})
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_drill_down_keys_of_another_kind_or_place_are_not_found(client: GraphQLClient) -> None:
    flt = _period("130100")
    department = encode_id("Department", (await Department.get(name="石家庄市公安局")).id)
    for group_by, key in (("WINDOW", department), ("JURISDICTION", "130123x"), ("JURISDICTION", "130000"),
                          ("SPECIALIST", "bm90LWFuLWlk")):  # fmt: skip
        body = await client.execute(RECORDS, {"filter": flt, "groupBy": group_by, "key": key,
                                              "measure": "RECEIVED"}, as_user="sjz_admin")  # fmt: skip
        assert error_codes(body) and error_codes(body)[0] in {"NOT_FOUND", "VALIDATION"}, (group_by, key)


async def test_statements_do_not_grow_with_the_number_of_rows(
    client: GraphQLClient, handled: dict[str, Any], query_counter: QueryCounter
) -> None:
    async def statements(code: str, group_by: str) -> tuple[int, int]:
        await _stats(client, "hebei_admin", _period(code), group_by)  # warm the policy cache
        with query_counter.capture() as q:
            rows = await _stats(client, "hebei_admin", _period(code), group_by)
        return q.count, len(rows)

    county, county_rows = await statements("130102", "DEPARTMENT")
    province, province_rows = await statements("130000", "DEPARTMENT")
    assert province_rows > county_rows and province == county
    for group_by in ("WINDOW", "JURISDICTION", "SPECIALIST"):
        count, _ = await statements("130000", group_by)
        assert count <= county + 2, group_by


@pytest.mark.parametrize("group_by", ["WINDOW", "DEPARTMENT", "JURISDICTION"])
async def test_on_the_demo_year_every_figure_is_the_count_of_its_records(
    history_db: str, client: GraphQLClient, group_by: str
) -> None:
    flt = _period("130100", days=365)
    rows = await _stats(client, "sjz_admin", flt, group_by)
    busy = {name: r for name, r in rows.items() if r["received"]}
    assert sum(r["late"] for r in busy.values()) and sum(r["overdue"] for r in busy.values())
    assert sum(r["extensions"] for r in busy.values()) and sum(r["satisfactionCount"] for r in busy.values())
    await _assert_drill_downs_match(client, "sjz_admin", flt, group_by, busy)
