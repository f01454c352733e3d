"""Completion figures (completed_on, workdays_taken, on_time) written when a handoff is
completed or returned and when its request settles, and the count of 延期报备 — driven
through GraphQL on the demo data, read back from the database."""

from __future__ import annotations

import datetime as dt

from tortoise import connections

from resolvers.core.ids import encode_id
from resolvers.deadlines.workdays import load_calendar
from schema.clock import china_today
from schema.migrations.frozen.completion_0007 import backfill_completion_figures
from schema.models import Handoff, ServiceRequest
from tests.support.graphql import GraphQLClient
from tests.support.handling import (
    EDU,
    EXTEND,
    HR,
    POLICE,
    RETURN,
    WITHDRAW,
    backdate,
    call,
    finish,
    submit,
)  # fmt: skip


def _figures(row: Handoff | ServiceRequest) -> tuple[dt.date | None, int | None, bool | None]:
    return row.completed_on, row.workdays_taken, row.on_time


async def test_completing_on_the_due_date_the_same_day_is_on_time_with_no_workdays(
    client: GraphQLClient,
) -> None:
    today = china_today()
    request, handoffs = await submit(client, "sjz.household")  # police and HR
    await ServiceRequest.filter(id=request).update(due_on=today)  # the last day still counts
    await Handoff.filter(request_id=request).update(due_on=today)

    await finish(client, handoffs[POLICE], POLICE)
    assert _figures(await Handoff.get(id=handoffs[POLICE])) == (today, 0, True)
    assert _figures(await ServiceRequest.get(id=request)) == (None, None, None)  # HR still open
    assert _figures(await Handoff.get(id=handoffs[HR])) == (None, None, None)

    await finish(client, handoffs[HR], HR)
    assert _figures(await Handoff.get(id=handoffs[HR])) == (today, 0, True)
    assert _figures(await ServiceRequest.get(id=request)) == (today, 0, True)


async def test_completing_after_the_due_date_is_late_and_counts_working_days_since_receipt(
    client: GraphQLClient,
) -> None:
    today = china_today()
    request, handoffs = await submit(client, "sjz.school")
    received_on = await backdate(request, 14, due_on=today - dt.timedelta(days=1))
    expected = (await load_calendar()).workdays_between(received_on, today)
    assert expected > 0

    await finish(client, handoffs[EDU], EDU)
    assert _figures(await Handoff.get(id=handoffs[EDU])) == (today, expected, False)
    assert _figures(await ServiceRequest.get(id=request)) == (today, expected, False)


async def test_returning_a_handoff_writes_its_figures_and_settles_the_request(client: GraphQLClient) -> None:
    today = china_today()
    request, handoffs = await submit(client, "sjz.school")
    received_on = await backdate(request, 14, due_on=today + dt.timedelta(days=5))
    expected = (await load_calendar()).workdays_between(received_on, today)
    assert expected > 0

    await finish(client, handoffs[EDU], EDU, RETURN)
    returned = await Handoff.get(id=handoffs[EDU])
    assert returned.status.value == "RETURNED" and _figures(returned) == (today, expected, True)
    assert _figures(await ServiceRequest.get(id=request)) == (today, expected, True)


async def test_each_extension_is_counted_and_a_refused_one_is_not(client: GraphQLClient) -> None:
    _, handoffs = await submit(client, "sjz.school")
    handoff, gid = handoffs[EDU], encode_id("Handoff", handoffs[EDU])
    assert (await Handoff.get(id=handoff)).extension_count == 0
    due = (await Handoff.get(id=handoff)).due_on

    for days in (3, 7):
        later = (due + dt.timedelta(days=days)).isoformat()
        assert await call(client, EXTEND, EDU, id=gid, newDueOn=later) == []
    extended = await Handoff.get(id=handoff)
    assert extended.extension_count == 2 and extended.due_on == due + dt.timedelta(days=7)

    same = extended.due_on.isoformat()  # not after the current due date: refused
    refused = await call(client, EXTEND, EDU, id=gid, newDueOn=same)
    assert refused == [{"field": "newDueOn", "code": "VALIDATION"}]
    assert (await Handoff.get(id=handoff)).extension_count == 2


async def test_a_withdrawn_request_and_its_handoffs_have_no_figures(client: GraphQLClient) -> None:
    request, handoffs = await submit(client, "sjz.household")
    assert await call(client, WITHDRAW, "talent_demo", id=encode_id("ServiceRequest", request)) == []
    withdrawn = await ServiceRequest.get(id=request)
    assert withdrawn.status.value == "WITHDRAWN" and _figures(withdrawn) == (None, None, None)
    for row in await Handoff.filter(id__in=list(handoffs.values())):
        assert row.status.value == "WITHDRAWN" and _figures(row) == (None, None, None)


async def test_rows_that_ended_before_the_figures_were_stored_get_them_from_the_migration(
    client: GraphQLClient,
) -> None:
    today = china_today()
    late, handoffs = await submit(client, "sjz.school")
    await backdate(late, 14, due_on=today - dt.timedelta(days=1))
    edu = encode_id("Handoff", handoffs[EDU])
    for days in (20, 30):  # reported while open, then the due date was moved back for the test
        later = (today + dt.timedelta(days)).isoformat()
        assert await call(client, EXTEND, EDU, id=edu, newDueOn=later) == []
    await Handoff.filter(id=handoffs[EDU]).update(due_on=today - dt.timedelta(days=1))
    await finish(client, handoffs[EDU], EDU)
    withdrawn, _ = await submit(client, "sjz.household")
    assert await call(client, WITHDRAW, "talent_demo", id=encode_id("ServiceRequest", withdrawn)) == []
    stored = [_figures(await Handoff.get(id=handoffs[EDU])), _figures(await ServiceRequest.get(id=late))]
    assert stored[0][2] is False and stored[0][1] > 0

    blank = {"completed_on": None, "workdays_taken": None, "on_time": None}
    await Handoff.all().update(extension_count=0, **blank)
    await ServiceRequest.all().update(**blank)
    assert await backfill_completion_figures(connections.get("default")) == 2
    again = [_figures(await Handoff.get(id=handoffs[EDU])), _figures(await ServiceRequest.get(id=late))]
    assert again == stored
    assert (await Handoff.get(id=handoffs[EDU])).extension_count == 2
    assert _figures(await ServiceRequest.get(id=withdrawn)) == (None, None, None)
    assert await backfill_completion_figures(connections.get("default")) == 0  # once only
