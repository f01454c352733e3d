"""Working-day calendars per jurisdiction (issue: the calendar was deployment-wide, so a
holiday sjz_admin entered moved Jinan's deadlines too, and any city office could rewrite
the national calendar). Now an office's days apply in its own jurisdiction and below, the
national days only the operator changes, and every deadline counts in the calendar of the
record's county — over the real server and on both backends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from jobs.supervision import remind_due_handoffs, supervise_overdue
from resolvers.complaints.flow import due_after
from resolvers.core.ids import encode_id
from resolvers.deadlines.workdays import load_calendar
from schema.clock import china_today
from schema.models import Card, Handoff, ServiceItem, SupervisionRecord, User
from schema.models.enums import CardStatus, SupervisionKind
from tests.support.graphql import GraphQLClient
from tests.support.live_server import LiveServer

SET = """mutation($input: SetCalendarDayInput!) {
  setCalendarDay(input: $input) { calendarDay { day jurisdictionCode } userErrors { field code } } }"""
REMOVE = """mutation($input: RemoveCalendarDayInput!) {
  removeCalendarDay(input: $input) { calendarDay { day } userErrors { field code } } }"""
DUE = """query($from: Date!, $count: Int!, $code: String) {
  workingDays(from: $from, count: $count, jurisdictionCode: $code) { dueOn } }"""
SUBMIT = """mutation($input: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $input) {
    serviceRequest { dueOn handoffs { dueOn } } userErrors { field code } } }"""
ITEM = """query($code: String!) { serviceItems(first: 1, filter: {code: {eq: $code}}) {
  nodes { id timeLimitWorkdays } } }"""
HOLDERS = """query($code: String!) {
  talents(first: 50, filter: {withinJurisdiction: $code}, orderBy: [{field: ID}]) {
    nodes { id activeCard { status } } } }"""

SJZ_COUNTY, JINAN_COUNTY = "130102", "370102"
HOLIDAY_NAME = "本地假日"
CRON = {"redis": None}

Run = Callable[..., dict[str, Any]]  # (query, variables, as_user) → data


def _due(run: Run, start: dt.date, count: int, code: str | None) -> str:
    data = run(DUE, {"from": start.isoformat(), "count": count, "code": code}, "talent_demo")
    return data["workingDays"]["dueOn"]


def _submit(run: Run, county: str, item_code: str, user: str, skip: set[str]) -> dict[str, Any]:
    """A request for the first card holder of `county` who can still ask for the item."""
    item = run(ITEM, {"code": item_code}, user)["serviceItems"]["nodes"][0]
    for talent in run(HOLDERS, {"code": county}, user)["talents"]["nodes"]:
        if talent["id"] in skip or not talent["activeCard"] or talent["activeCard"]["status"] != "ACTIVE":
            continue
        skip.add(talent["id"])
        data = run(SUBMIT, {"input": {"talentId": talent["id"], "itemIds": [item["id"]]}}, user)
        payload = data["submitServiceRequest"]
        if not payload["userErrors"]:
            return {**payload["serviceRequest"], "limit": item["timeLimitWorkdays"]}
    raise AssertionError(f"no holder in {county} could ask for {item_code}")


def _check_a_citys_holiday_moves_only_its_own_deadlines(run: Run) -> None:
    today, used = china_today(), set()
    jinan_limit = run(ITEM, {"code": "jinan.household"}, "jinan_admin")["serviceItems"]["nodes"][0]
    sjz_limit = run(ITEM, {"code": "sjz.household"}, "changan_window")["serviceItems"]["nodes"][0]
    assert jinan_limit["timeLimitWorkdays"] < sjz_limit["timeLimitWorkdays"]
    # A working day inside both deadlines, the same in both cities until someone enters one.
    day = _due(run, today, jinan_limit["timeLimitWorkdays"], JINAN_COUNTY)
    assert day == _due(run, today, jinan_limit["timeLimitWorkdays"], SJZ_COUNTY)
    sjz_before = _due(run, today, sjz_limit["timeLimitWorkdays"], SJZ_COUNTY)
    jinan_before = _due(run, today, jinan_limit["timeLimitWorkdays"], JINAN_COUNTY)

    entered = run(SET, {"input": {"day": day, "kind": "HOLIDAY", "name": HOLIDAY_NAME}}, "sjz_admin")
    assert entered["setCalendarDay"] == {"calendarDay": {"day": day, "jurisdictionCode": "130100"},
                                         "userErrors": []}  # fmt: skip
    try:
        sjz = _submit(run, SJZ_COUNTY, "sjz.household", "changan_window", used)
        jinan = _submit(run, JINAN_COUNTY, "jinan.household", "jinan_admin", used)
        sjz_after = _due(run, today, sjz_limit["timeLimitWorkdays"], SJZ_COUNTY)
        assert sjz_after > sjz_before  # one working day fewer on the way
        assert {h["dueOn"] for h in sjz["handoffs"]} == {sjz_after} and sjz["dueOn"] == sjz_after
        assert {h["dueOn"] for h in jinan["handoffs"]} == {jinan_before} and jinan["dueOn"] == jinan_before
        # 正定县 is in Shijiazhuang too; 济南高新区 in Jinan.
        assert _due(run, today, sjz_limit["timeLimitWorkdays"], "130123") == sjz_after
        assert _due(run, today, jinan_limit["timeLimitWorkdays"], "370171") == jinan_before
        assert _due(run, today, jinan_limit["timeLimitWorkdays"], None) == jinan_before  # national
    finally:
        removed = run(REMOVE, {"input": {"day": day}}, "sjz_admin")
        assert removed["removeCalendarDay"]["userErrors"] == []


def _check_jinan_cannot_touch_shijiazhuangs_calendar(run: Run) -> None:
    day = (china_today() + dt.timedelta(days=40)).isoformat()
    for code in ("130100", "130102", "130000"):
        data = run(SET, {"input": {"day": day, "kind": "HOLIDAY", "jurisdictionCode": code}}, "jinan_admin")
        assert data["setCalendarDay"] == {"calendarDay": None,
                                          "userErrors": [{"field": "jurisdictionCode", "code": "FORBIDDEN"}]}
        data = run(REMOVE, {"input": {"day": day, "jurisdictionCode": code}}, "jinan_admin")
        assert data["removeCalendarDay"]["userErrors"] == [{"field": "jurisdictionCode", "code": "FORBIDDEN"}]
    for user in ("jinan_admin", "sjz_admin", "hebei_admin"):  # nor the national calendar
        data = run(SET, {"input": {"day": day, "kind": "HOLIDAY", "national": True}}, user)
        assert data["setCalendarDay"]["userErrors"] == [{"field": "national", "code": "FORBIDDEN"}]
    data = run(SET, {"input": {"day": day, "kind": "HOLIDAY", "jurisdictionCode": "999900"}}, "jinan_admin")
    assert data["setCalendarDay"]["userErrors"] == [{"field": "jurisdictionCode", "code": "NOT_FOUND"}]


def _check_national_days_apply_everywhere(run: Run) -> None:
    places = (SJZ_COUNTY, "130123", JINAN_COUNTY, "370171", None)
    # 国庆节 2026 from the bundled national calendar.
    for code in places:
        assert _due(run, dt.date(2026, 9, 30), 1, code) == "2026-10-08", code
    # A day the operator enters moves every place's deadlines alike.
    today = china_today()
    day = _due(run, today, 3, None)
    before = {code: _due(run, today, 5, code) for code in places}
    assert len(set(before.values())) == 1
    entered = run(SET, {"input": {"day": day, "kind": "HOLIDAY", "national": True}}, "platform_ops")
    assert entered["setCalendarDay"]["calendarDay"] == {"day": day, "jurisdictionCode": None}
    try:
        after = {code: _due(run, today, 5, code) for code in places}
        assert len(set(after.values())) == 1 and after[None] > before[None]
    finally:
        removed = run(REMOVE, {"input": {"day": day, "national": True}}, "platform_ops")
        assert removed["removeCalendarDay"]["userErrors"] == []


# -- over the real server -------------------------------------------------------------------------


@pytest.fixture
def http(live_server: LiveServer) -> Iterator[Run]:
    def run(query: str, variables: dict[str, Any], as_user: str) -> dict[str, Any]:
        body = live_server.gql(query, variables, as_user=as_user)
        assert "errors" not in body, body
        return body["data"]

    yield run


def test_over_http_sjz_admins_holiday_moves_a_shijiazhuang_handoff_and_not_a_jinan_one(http: Run) -> None:
    _check_a_citys_holiday_moves_only_its_own_deadlines(http)


def test_over_http_jinan_admin_cannot_edit_shijiazhuangs_calendar_nor_the_national_one(http: Run) -> None:
    _check_jinan_cannot_touch_shijiazhuangs_calendar(http)


def test_over_http_national_days_still_apply_everywhere(http: Run) -> None:
    _check_national_days_apply_everywhere(http)


# -- in process, on both backends -----------------------------------------------------------------


async def _submit_in(client: GraphQLClient, prefix: str, item: ServiceItem, user: str) -> None:
    """A request for the item, for the first card holder under `prefix` eligible for it
    (not the demo talent, who has requests of their own)."""
    demo = (await User.get(username="talent_demo")).talent_id
    holders = await Card.filter(status=CardStatus.ACTIVE, holder__jurisdiction_id__startswith=prefix).exclude(
        holder_id=demo
    ).order_by("holder_id").values_list("holder_id", flat=True)
    for holder in holders[:20]:
        data = await client.data(SUBMIT, {"input": {"talentId": encode_id("Talent", holder),
                                                    "itemIds": [encode_id("ServiceItem", item.id)]}},
                                 as_user=user)  # fmt: skip
        if not data["submitServiceRequest"]["userErrors"]:
            return
    raise AssertionError(f"no holder under {prefix} could ask for {item.code}")


async def test_each_deadline_counts_in_the_calendar_of_its_county(client: GraphQLClient) -> None:
    today = china_today()
    sjz_item = await ServiceItem.get(code="sjz.household")
    jinan_item = await ServiceItem.get(code="jinan.household")
    day = (await load_calendar(JINAN_COUNTY)).add_workdays(today, jinan_item.time_limit_workdays)
    assert (await load_calendar(SJZ_COUNTY)).add_workdays(today, 10) == (
        await load_calendar(JINAN_COUNTY)
    ).add_workdays(today, 10)
    data = await client.data(SET, {"input": {"day": day.isoformat(), "kind": "HOLIDAY"}}, as_user="sjz_admin")
    assert data["setCalendarDay"]["userErrors"] == []

    await _submit_in(client, SJZ_COUNTY, sjz_item, "changan_window")
    await _submit_in(client, JINAN_COUNTY, jinan_item, "jinan_admin")
    sjz_due = (await load_calendar(SJZ_COUNTY)).add_workdays(today, sjz_item.time_limit_workdays)
    jinan_due = (await load_calendar(JINAN_COUNTY)).add_workdays(today, jinan_item.time_limit_workdays)
    assert jinan_due == day  # untouched by Shijiazhuang's holiday
    assert set(await Handoff.filter(item_id=sjz_item.id).values_list("due_on", flat=True)) == {sjz_due}
    assert set(await Handoff.filter(item_id=jinan_item.id).values_list("due_on", flat=True)) == {day}
    assert sjz_due > (await load_calendar(None)).add_workdays(today, sjz_item.time_limit_workdays)

    # 限时办结 of complaints, by the complaint's place.
    assert await due_after("130123", jinan_item.time_limit_workdays) > day
    assert await due_after("370171", jinan_item.time_limit_workdays) == day


async def test_a_national_day_moves_deadlines_everywhere_and_a_local_entry_wins_over_it(
    client: GraphQLClient,
) -> None:
    today = china_today()
    day = (await load_calendar(None)).add_workdays(today, 3)
    data = await client.data(SET, {"input": {"day": day.isoformat(), "kind": "HOLIDAY", "national": True}},
                             as_user="platform_ops")  # fmt: skip
    assert data["setCalendarDay"] == {"calendarDay": {"day": day.isoformat(), "jurisdictionCode": None},
                                      "userErrors": []}  # fmt: skip
    for code in (SJZ_COUNTY, "130123", JINAN_COUNTY, "370171"):
        assert not (await load_calendar(code)).is_workday(day), code
    # 正定县's office cannot, but the city can declare it a working day for its area only.
    data = await client.data(SET, {"input": {"day": day.isoformat(), "kind": "WORKDAY",
                                             "jurisdictionCode": "130123"}}, as_user="sjz_admin")  # fmt: skip
    assert data["setCalendarDay"]["userErrors"] == []
    assert (await load_calendar("130123")).is_workday(day)
    assert not (await load_calendar(SJZ_COUNTY)).is_workday(day)


async def test_reminders_and_overdue_counts_use_each_handoffs_own_calendar(client: GraphQLClient) -> None:
    """One query per job run, whatever the number of places: the horizon of 'due by the
    next working day' differs between Shijiazhuang and Jinan when one of them has a holiday."""
    tue, wed, thu = dt.date(2025, 6, 10), dt.date(2025, 6, 11), dt.date(2025, 6, 12)
    data = await client.data(SET, {"input": {"day": wed.isoformat(), "kind": "HOLIDAY"}}, as_user="sjz_admin")
    assert data["setCalendarDay"]["userErrors"] == []
    handoffs = {}
    for county, code, user in ((SJZ_COUNTY, "sjz.school", "changan_window"),
                               (JINAN_COUNTY, "jinan.school", "jinan_admin")):  # fmt: skip
        item = await ServiceItem.get(code=code)
        await _submit_in(client, county, item, user)
        [handoffs[county]] = await Handoff.filter(item_id=item.id)
        await Handoff.filter(id=handoffs[county].id).update(due_on=thu)
    # On Tuesday, Shijiazhuang's next working day is Thursday (its Wednesday is a holiday):
    # its handoff is due by then; Jinan's is not (its next working day is Wednesday).
    assert await remind_due_handoffs(CRON, today=tue.isoformat()) == 1
    reminders = SupervisionRecord.filter(kind=SupervisionKind.REMINDER)
    assert await reminders.values_list("handoff_id", flat=True) == [handoffs[SJZ_COUNTY].id]
    assert await remind_due_handoffs(CRON, today=wed.isoformat()) == 1  # Jinan's turn, Wednesday
    # Late since Thursday: by the next Monday (6-16) three working days late everywhere, but
    # counted on each side's own calendar.
    for h in handoffs.values():
        await Handoff.filter(id=h.id).update(due_on=tue)
    await supervise_overdue(CRON, today=thu.isoformat())  # Shijiazhuang: Wed off, 1 day late
    overdue = SupervisionRecord.filter(kind=SupervisionKind.OVERDUE)
    notes = dict(await overdue.values_list("handoff_id", "note"))
    assert "已超期 1 个工作日" in notes[handoffs[SJZ_COUNTY].id]
    assert "已超期 2 个工作日" in notes[handoffs[JINAN_COUNTY].id]
