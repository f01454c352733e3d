"""The calendar through its resolvers: who may change which calendar (an office its own
jurisdiction's, the operator the national one), what is refused, the audit trail, the
cache seeing every change at once, and the alert that next year's calendar is missing."""

from __future__ import annotations

import datetime as dt

import pytest

from jobs.deadlines import check_calendar_coverage
from permissions.policy_cache import PolicyCache
from resolvers.accounts.authentication import principal_for_user
from resolvers.core.context import RequestContext
from resolvers.core.errors import UserError
from resolvers.core.settings import Settings
from resolvers.deadlines import calendar as ops
from resolvers.deadlines.workdays import load_calendar
from schema.clock import china_today
from schema.models import AuditEvent, CalendarDay, LocalCalendarDay, Notification, User
from schema.models.enums import CalendarDayKind

D = dt.date.fromisoformat
HOLIDAY, WORKDAY = CalendarDayKind.HOLIDAY, CalendarDayKind.WORKDAY


async def as_user(username: str | None) -> RequestContext:
    policies = PolicyCache()
    principal = None
    if username is not None:
        principal = await principal_for_user(await User.get(username=username), policies)
    return RequestContext(settings=Settings(), policies=policies, principal=principal, request_id="test")


def codes(errors: list[UserError]) -> list[tuple[str | None, str]]:
    return [(e.field, e.code.value) for e in errors]


async def local_days() -> list[tuple[str, dt.date, CalendarDayKind, str | None, str]]:
    rows = await LocalCalendarDay.all().order_by("jurisdiction_id", "day")
    return [(r.jurisdiction_id, r.day, r.kind, r.name, r.created_by) for r in rows]


async def audit_trail() -> list[tuple[str, str | None, dict | None, dict | None]]:
    rows = await AuditEvent.filter(target_type="calendar_day").order_by("id")
    return [(r.operation, r.target_id, r.before, r.after) for r in rows]


async def test_a_city_admin_enters_changes_and_removes_a_day_of_its_own_calendar(demo_db: str) -> None:
    ctx = await as_user("sjz_admin")
    row, errors = await ops.set_calendar_day(ctx, D("2027-01-01"), HOLIDAY, " 元旦 ")
    assert errors == [] and row is not None
    assert (row.day, row.kind, row.name) == (D("2027-01-01"), HOLIDAY, "元旦")
    assert row.jurisdiction_code == "130100"  # the caller's own jurisdiction by default
    row, errors = await ops.set_calendar_day(ctx, D("2027-01-01"), WORKDAY, None)  # upsert
    assert errors == [] and (row.kind, row.name) == (WORKDAY, None)
    assert await local_days() == [("130100", D("2027-01-01"), WORKDAY, None, "sjz_admin")]
    assert await CalendarDay.all().count() == 0  # the national calendar is untouched
    # The province office reaches the city's calendar by naming it.
    hebei = await as_user("hebei_admin")
    row, errors = await ops.remove_calendar_day(hebei, D("2027-01-01"))  # its own (130000): none
    assert row is None and codes(errors) == [("day", "NOT_FOUND")]
    row, errors = await ops.remove_calendar_day(hebei, D("2027-01-01"), "130100")
    assert errors == [] and row.day == D("2027-01-01")
    assert await local_days() == []
    entered = {"day": "2027-01-01", "kind": "HOLIDAY", "name": "元旦", "jurisdiction_code": "130100"}
    changed = {"day": "2027-01-01", "kind": "WORKDAY", "name": None, "jurisdiction_code": "130100"}
    assert await audit_trail() == [
        ("setCalendarDay", "130100:2027-01-01", None, entered),
        ("setCalendarDay", "130100:2027-01-01", entered, changed),
        ("removeCalendarDay", "130100:2027-01-01", changed, None),
    ]
    rows = await AuditEvent.filter(target_type="calendar_day").values_list("actor", "jurisdiction_code")
    assert rows == [("sjz_admin", "130100"), ("sjz_admin", "130100"), ("hebei_admin", "130100")]


async def test_an_office_changes_only_calendars_within_its_reach(demo_db: str) -> None:
    sjz, jinan = await as_user("sjz_admin"), await as_user("jinan_admin")
    row, errors = await ops.set_calendar_day(sjz, D("2027-02-01"), HOLIDAY, "长安区庙会", "130102")
    assert errors == [] and row.jurisdiction_code == "130102"  # a county under the city
    for code, expected in [
        ("130100", [("jurisdictionCode", "FORBIDDEN")]),  # another city's
        ("130102", [("jurisdictionCode", "FORBIDDEN")]),  # a county of another city
        ("130000", [("jurisdictionCode", "FORBIDDEN")]),  # the province above it
        ("370000", [("jurisdictionCode", "FORBIDDEN")]),
        ("990100", [("jurisdictionCode", "NOT_FOUND")]),
        ("13010", [("jurisdictionCode", "VALIDATION")]),
    ]:
        row, errors = await ops.set_calendar_day(jinan, D("2027-02-02"), HOLIDAY, None, code)
        assert row is None and codes(errors) == expected, code
    row, errors = await ops.remove_calendar_day(jinan, D("2027-02-01"), "130102")
    assert row is None and codes(errors) == [("jurisdictionCode", "FORBIDDEN")]
    assert [(c, d) for c, d, *_ in await local_days()] == [("130102", D("2027-02-01"))]
    assert [op for op, *_ in await audit_trail()] == ["setCalendarDay"]


async def test_only_the_operator_changes_the_national_calendar(demo_db: str) -> None:
    for username in ("sjz_admin", "hebei_admin"):
        row, errors = await ops.set_calendar_day(await as_user(username), D("2027-01-01"), HOLIDAY, "元旦",
                                                 national=True)  # fmt: skip
        assert row is None and codes(errors) == [("national", "FORBIDDEN")]
    operator = await as_user("platform_ops")  # platform_admin on `*`
    row, errors = await ops.set_calendar_day(operator, D("2027-01-01"), HOLIDAY, "元旦")
    assert row is None and codes(errors) == [("jurisdictionCode", "VALIDATION")]  # whose, then?
    row, errors = await ops.set_calendar_day(operator, D("2027-01-01"), HOLIDAY, "元旦", national=True)
    assert errors == [] and (row.day, row.jurisdiction_code) == (D("2027-01-01"), None)
    row, errors = await ops.set_calendar_day(operator, D("2027-01-02"), HOLIDAY, None, "130000", True)
    assert row is None and codes(errors) == [("jurisdictionCode", "VALIDATION")]
    assert [(r.day, r.created_by) for r in await CalendarDay.all()] == [(D("2027-01-01"), "platform_ops")]
    row, errors = await ops.remove_calendar_day(await as_user("sjz_admin"), D("2027-01-01"), national=True)
    assert row is None and codes(errors) == [("national", "FORBIDDEN")]
    row, errors = await ops.remove_calendar_day(operator, D("2027-01-01"), national=True)
    assert errors == [] and await CalendarDay.all().count() == 0
    assert [(op, key) for op, key, *_ in await audit_trail()] == [
        ("setCalendarDay", "2027-01-01"), ("removeCalendarDay", "2027-01-01")
    ]


@pytest.mark.parametrize("username", ["changan_admin", "changan_window", "talent_demo"])
async def test_others_may_not_change_the_calendar(demo_db: str, username: str) -> None:
    ctx = await as_user(username)
    row, errors = await ops.set_calendar_day(ctx, D("2027-01-01"), HOLIDAY, "元旦")
    assert row is None and codes(errors) == [(None, "FORBIDDEN")]
    await CalendarDay.create(day=D("2027-01-02"), kind=HOLIDAY, created_by="test")
    row, errors = await ops.remove_calendar_day(ctx, D("2027-01-02"))
    assert row is None and codes(errors) == [(None, "FORBIDDEN")]
    row, errors = await ops.remove_calendar_day(ctx, D("2027-01-02"), national=True)
    assert row is None and codes(errors) == [("national", "FORBIDDEN")]
    assert await CalendarDay.all().values_list("day", flat=True) == [D("2027-01-02")]
    assert await local_days() == []
    assert await audit_trail() == []


async def test_signing_in_is_required(demo_db: str) -> None:
    ctx = await as_user(None)
    for call in (
        ops.set_calendar_day(ctx, D("2027-01-01"), HOLIDAY, None),
        ops.remove_calendar_day(ctx, D("2027-01-01")),
        ops.list_calendar_days(ctx, 2027),
        ops.working_days(ctx, D("2027-01-01"), 1),
    ):
        with pytest.raises(UserError) as refused:
            await call
        assert refused.value.code.value == "UNAUTHENTICATED"


async def test_bad_days_and_names_are_refused_and_nothing_is_written(demo_db: str) -> None:
    ctx = await as_user("sjz_admin")
    too_far = dt.date(china_today().year + 6, 1, 1)
    for day, name, expected in [
        (D("1999-12-31"), None, [("day", "VALIDATION")]),
        (too_far, None, [("day", "VALIDATION")]),
        (D("2027-01-01"), "节" * 65, [("name", "VALIDATION")]),
        (D("1999-10-01"), "节" * 65, [("day", "VALIDATION"), ("name", "VALIDATION")]),
    ]:
        row, errors = await ops.set_calendar_day(ctx, day, HOLIDAY, name)
        assert row is None and codes(errors) == expected, (day, name)
    # The limits themselves are allowed.
    last = dt.date(china_today().year + 5, 12, 31)
    for day in (D("2000-01-01"), last):
        row, errors = await ops.set_calendar_day(ctx, day, HOLIDAY, "节" * 64)
        assert errors == [], day
    assert sorted(await LocalCalendarDay.all().values_list("day", flat=True)) == [D("2000-01-01"), last]
    assert [op for op, *_ in await audit_trail()] == ["setCalendarDay", "setCalendarDay"]


async def test_removing_an_absent_day_is_not_found(demo_db: str) -> None:
    row, errors = await ops.remove_calendar_day(await as_user("sjz_admin"), D("2027-01-01"))
    assert row is None and codes(errors) == [("day", "NOT_FOUND")]
    assert await audit_trail() == []


async def test_every_change_reaches_the_cached_calendar_at_once(demo_db: str) -> None:
    sjz, operator = await as_user("sjz_admin"), await as_user("platform_ops")
    before = await load_calendar("130102")
    assert not before.covered(2027)
    assert before.add_workdays(D("2026-12-31"), 1) == D("2027-01-01")
    assert await load_calendar("130102") is before  # cached

    await ops.set_calendar_day(sjz, D("2027-01-01"), HOLIDAY, "元旦")
    entered = await load_calendar("130102")
    assert entered.add_workdays(D("2026-12-31"), 1) == D("2027-01-04")
    assert not entered.covered(2027)  # a city's own day is not the national notice
    assert (await load_calendar("370102")).add_workdays(D("2026-12-31"), 1) == D("2027-01-01")

    await ops.set_calendar_day(sjz, D("2027-01-01"), WORKDAY, None)
    assert (await load_calendar("130102")).add_workdays(D("2026-12-31"), 1) == D("2027-01-01")

    await ops.set_calendar_day(operator, D("2027-01-01"), HOLIDAY, "元旦", national=True)
    assert (await load_calendar("370102")).add_workdays(D("2026-12-31"), 1) == D("2027-01-04")
    assert (await load_calendar("370102")).covered(2027)
    # The city's own entry still wins in its area.
    assert (await load_calendar("130102")).add_workdays(D("2026-12-31"), 1) == D("2027-01-01")

    await ops.remove_calendar_day(operator, D("2027-01-01"), national=True)
    assert not (await load_calendar()).covered(2027)


async def test_reading_the_calendar_and_due_dates(demo_db: str) -> None:
    admin, talent = await as_user("sjz_admin"), await as_user("talent_demo")
    operator = await as_user("platform_ops")
    await ops.set_calendar_day(operator, D("2027-01-01"), HOLIDAY, "元旦", national=True)
    await ops.set_calendar_day(operator, D("2028-01-01"), HOLIDAY, None, national=True)
    await ops.set_calendar_day(admin, D("2027-01-09"), WORKDAY, None)
    await ops.set_calendar_day(admin, D("2027-01-01"), WORKDAY, "石家庄调休", "130102")
    await ops.set_calendar_day(await as_user("jinan_admin"), D("2027-01-11"), HOLIDAY, None)
    listed = await ops.list_calendar_days(talent, 2027, "130102")
    assert [(r.day, r.kind, r.jurisdiction_code) for r in listed] == [
        (D("2027-01-01"), HOLIDAY, None), (D("2027-01-01"), WORKDAY, "130102"),
        (D("2027-01-09"), WORKDAY, "130100"),
    ]  # fmt: skip
    assert [(r.day, r.jurisdiction_code) for r in await ops.list_calendar_days(talent, 2027)] == [
        (D("2027-01-01"), None)
    ]
    assert [(r.day, r.jurisdiction_code) for r in await ops.list_calendar_days(talent, 2027, "370171")] == [
        (D("2027-01-01"), None), (D("2027-01-11"), "370100")
    ]
    assert await ops.list_calendar_days(talent, 2026, "130102") == []

    assert await ops.working_days(talent, D("2026-09-30"), 1) == (D("2026-10-08"), True)
    assert await ops.working_days(talent, D("2027-01-07"), 2) == (D("2027-01-11"), True)
    assert await ops.working_days(talent, D("2027-01-07"), 2, "130123") == (D("2027-01-09"), True)
    assert await ops.working_days(talent, D("2027-01-08"), 1, "370102") == (D("2027-01-12"), True)
    assert await ops.working_days(talent, D("2026-12-31"), 1, "130102") == (D("2027-01-01"), True)
    assert await ops.working_days(talent, D("2026-03-06"), 0) == (D("2026-03-06"), True)
    await ops.remove_calendar_day(operator, D("2028-01-01"), national=True)
    due, complete = await ops.working_days(talent, D("2027-12-01"), 30)
    assert due.year == 2028 and complete is False

    for count in (-1, 366):
        with pytest.raises(UserError) as refused:
            await ops.working_days(talent, D("2026-01-01"), count)
        assert (refused.value.field, refused.value.code.value) == ("count", "VALIDATION")
    with pytest.raises(UserError) as refused:
        await ops.working_days(talent, D("9999-12-01"), 100)
    assert (refused.value.field, refused.value.code.value) == ("from", "VALIDATION")
    with pytest.raises(UserError) as refused:
        await ops.list_calendar_days(talent, 0)
    assert (refused.value.field, refused.value.code.value) == ("year", "VALIDATION")
    for call, code in [(ops.list_calendar_days(talent, 2027, "990100"), "NOT_FOUND"),
                       (ops.working_days(talent, D("2027-01-01"), 1, "x"), "VALIDATION")]:  # fmt: skip
        with pytest.raises(UserError) as refused:
            await call
        assert (refused.value.field, refused.value.code.value) == ("jurisdictionCode", code)


# -- the alert ---------------------------------------------------------------------------------


async def calendar_notices() -> list[tuple[str, str]]:
    rows = await Notification.filter(related_type="calendar").select_related("recipient")
    return sorted((n.recipient.username, n.related_id) for n in rows)


async def test_the_calendars_keepers_are_told_once_that_next_years_calendar_is_missing(demo_db: str) -> None:
    assert await check_calendar_coverage({}, today="2026-11-22") == [2027]
    keepers = ("hebei_admin", "jinan_admin", "platform_ops", "sjz_admin")  # the operator and the offices
    expected = [(username, "2027") for username in keepers]
    assert await calendar_notices() == expected
    notice = await Notification.filter(related_type="calendar").first()
    assert "2027" in notice.subject and "setCalendarDay" in notice.body and "national: true" in notice.body
    assert notice.channel.value == "IN_APP"

    assert await check_calendar_coverage({}, today="2026-11-23") == [2027]
    assert await calendar_notices() == expected  # nothing new

    # An office's own days do not make the national calendar whole; the operator's do.
    await ops.set_calendar_day(await as_user("hebei_admin"), D("2027-01-01"), HOLIDAY, "元旦")
    assert await check_calendar_coverage({}, today="2026-11-24") == [2027]
    await ops.set_calendar_day(await as_user("platform_ops"), D("2027-01-01"), HOLIDAY, "元旦", national=True)
    assert await check_calendar_coverage({}, today="2026-11-25") == []
    assert await calendar_notices() == expected


async def test_no_alert_while_the_calendar_reaches_far_enough(demo_db: str) -> None:
    assert await check_calendar_coverage({}, today="2026-06-01") == []
    assert await calendar_notices() == []
