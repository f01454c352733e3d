"""The working-day calendar through GraphQL (needs CalendarQueries and CalendarMutations
in schema/build.py)."""

from __future__ import annotations

import datetime as dt

from resolvers.deadlines.workdays import load_calendar
from schema.models import AuditEvent, CalendarDay, LocalCalendarDay
from tests.support.graphql import GraphQLClient, error_codes

SET = """mutation($input: SetCalendarDayInput!) {
  setCalendarDay(input: $input) { calendarDay { day kind name jurisdictionCode }
                                  userErrors { field code message } } }"""
REMOVE = """mutation($input: RemoveCalendarDayInput!) {
  removeCalendarDay(input: $input) { calendarDay { day kind name jurisdictionCode }
                                     userErrors { field code message } } }"""
DAYS = """query($year: Int!, $code: String) { calendarDays(year: $year, jurisdictionCode: $code) {
  day kind name jurisdictionCode jurisdiction { name } } }"""
DUE = """query($from: Date!, $count: Int!, $code: String) {
  workingDays(from: $from, count: $count, jurisdictionCode: $code) { dueOn calendarComplete } }"""


async def test_the_operator_enters_next_years_holidays_and_an_office_its_own(client: GraphQLClient) -> None:
    due = await client.data(DUE, {"from": "2026-12-31", "count": 1}, as_user="talent_demo")
    assert due["workingDays"] == {"dueOn": "2027-01-01", "calendarComplete": False}

    new_year = {"day": "2027-01-01", "kind": "HOLIDAY", "name": "元旦", "national": True}
    data = await client.data(SET, {"input": new_year}, as_user="hebei_admin")
    assert _errors(data["setCalendarDay"]) == [("national", "FORBIDDEN")]
    data = await client.data(SET, {"input": new_year}, as_user="platform_ops")  # the operator
    national = {"day": "2027-01-01", "kind": "HOLIDAY", "name": "元旦", "jurisdictionCode": None}
    assert data["setCalendarDay"] == {"calendarDay": national, "userErrors": []}
    make_up = {"day": "2027-01-09", "kind": "WORKDAY", "name": None, "jurisdictionCode": "130100"}
    data = await client.data(SET, {"input": {"day": "2027-01-09", "kind": "WORKDAY"}}, as_user="sjz_admin")
    assert data["setCalendarDay"] == {"calendarDay": make_up, "userErrors": []}

    listed = await client.data(DAYS, {"year": 2027, "code": "130102"}, as_user="talent_demo")
    assert listed["calendarDays"] == [{**national, "jurisdiction": None},
                                      {**make_up, "jurisdiction": {"name": "石家庄市"}}]  # fmt: skip
    listed = await client.data(DAYS, {"year": 2027, "code": "370102"}, as_user="talent_demo")
    assert [d["day"] for d in listed["calendarDays"]] == ["2027-01-01"]
    due = await client.data(DUE, {"from": "2026-12-31", "count": 1}, as_user="talent_demo")
    assert due["workingDays"] == {"dueOn": "2027-01-04", "calendarComplete": True}
    due = await client.data(DUE, {"from": "2027-01-07", "count": 2, "code": "130102"}, as_user="talent_demo")
    assert due["workingDays"] == {"dueOn": "2027-01-09", "calendarComplete": True}
    due = await client.data(DUE, {"from": "2027-01-07", "count": 2, "code": "370102"}, as_user="talent_demo")
    assert due["workingDays"] == {"dueOn": "2027-01-11", "calendarComplete": True}

    withdrawn = {"input": {"day": "2027-01-01", "national": True}}
    data = await client.data(REMOVE, withdrawn, as_user="platform_ops")
    assert data["removeCalendarDay"] == {"calendarDay": national, "userErrors": []}
    assert (await load_calendar()).is_workday(dt.date(2027, 1, 1))
    trail = AuditEvent.filter(target_type="calendar_day").order_by("id").values_list("operation", flat=True)
    assert await trail == ["setCalendarDay", "setCalendarDay", "removeCalendarDay"]




def _errors(payload: dict) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_refusals_come_back_as_user_errors(client: GraphQLClient) -> None:
    county = {"input": {"day": "2027-01-01", "kind": "HOLIDAY"}}
    data = await client.data(SET, county, as_user="changan_admin")
    assert _errors(data["setCalendarDay"]) == [(None, "FORBIDDEN")]
    data = await client.data(
        SET, {"input": {"day": "1999-01-01", "kind": "HOLIDAY", "name": "x" * 65}}, as_user="sjz_admin"
    )
    assert _errors(data["setCalendarDay"]) == [("day", "VALIDATION"), ("name", "VALIDATION")]
    assert data["setCalendarDay"]["calendarDay"] is None
    data = await client.data(REMOVE, {"input": {"day": "2027-01-01"}}, as_user="sjz_admin")
    assert _errors(data["removeCalendarDay"]) == [("day", "NOT_FOUND")]
    other_city = {"input": {"day": "2027-01-01", "kind": "HOLIDAY", "jurisdictionCode": "130100"}}
    data = await client.data(SET, other_city, as_user="jinan_admin")
    assert _errors(data["setCalendarDay"]) == [("jurisdictionCode", "FORBIDDEN")]
    assert await CalendarDay.all().count() == 0 and await LocalCalendarDay.all().count() == 0
    assert await AuditEvent.filter(target_type="calendar_day").count() == 0


async def test_reading_needs_a_signed_in_user_and_sane_arguments(client: GraphQLClient) -> None:
    assert error_codes(await client.execute(DAYS, {"year": 2027})) == ["UNAUTHENTICATED"]
    assert error_codes(await client.execute(DUE, {"from": "2026-01-05", "count": 1})) == ["UNAUTHENTICATED"]
    body = await client.execute(DUE, {"from": "2026-01-05", "count": 400}, as_user="talent_demo")
    assert error_codes(body) == ["VALIDATION"]
    body = await client.execute(SET, {"input": {"day": "2027-01-01", "kind": "HOLIDAY"}})
    assert error_codes(body) == ["UNAUTHENTICATED"]
