"""Supervision figures from the daily rollups (resolvers/deadlines/rollups.py) answer
exactly what the direct aggregates over the records answer (the reference), on the
demo's year and after each step of the flow; the flow keeps the rollup rows in its own
transaction, and equal to a rebuild from the records."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from permissions.grants import add_grant, user_subject
from resolvers.accounts.passwords import hash_password
from resolvers.core.ids import encode_id
from resolvers.deadlines import rollups
from resolvers.supervision import stats
from schema.clock import china_today
from schema.migrations.frozen.rollups_0016 import build_rollups
from schema.models import Department, Handoff, ServiceRequest, SupervisionRollup, User
from tests.support.graphql import GraphQLClient
from tests.support.handling import (
    ACCEPT,
    COMPLETE,
    EDU,
    EXTEND,
    HR,
    POLICE,
    RETURN,
    WITHDRAW,
    call,
    finish,
    submit,
)

pytestmark = pytest.mark.heavy

STATS = """query($filter: SupervisionFilter!, $groupBy: SupervisionGroupBy!) {
  supervisionStats(filter: $filter, groupBy: $groupBy) {
    key name jurisdictionCode received completed onTime late onTimeRate avgWorkdays overdue
    extensions extensionReports satisfactionAvg satisfactionCount
    satisfactionDistribution { score level count } complaints complaintOutcomes { outcome count } } }"""
EVALUATE = """mutation($id: ID!, $score: Int!) {
  evaluateServiceRequest(input: {serviceRequestId: $id, score: $score}) { userErrors { code } } }"""
GROUPINGS = ("WINDOW", "DEPARTMENT", "SPECIALIST", "JURISDICTION")


def _periods() -> list[tuple[int, int]]:
    """(from, to) as days before today: a year, a month, a past quarter, one past day, and
    a period running into the future."""
    return [(365, 0), (30, 0), (200, 110), (40, 40), (10, -5)]


def _flt(code: str, first: int, last: int) -> dict[str, str]:
    today = china_today()
    return {"jurisdictionCode": code, "from": (today - dt.timedelta(days=first)).isoformat(),
            "to": (today - dt.timedelta(days=last)).isoformat()}  # fmt: skip


async def _both_ways(
    client: GraphQLClient, monkeypatch: pytest.MonkeyPatch, user: str, flt: dict[str, str], group_by: str,
    rollup_expected: bool = True,
) -> list[dict[str, Any]]:  # fmt: skip
    """The answer from the rollups and the reference's; asserts they are the same."""
    used: list[bool] = []
    real = stats.from_rollups

    def spy(g: Any, scopes: frozenset[str]) -> bool:
        used.append(real(g, scopes))
        return used[-1]

    variables = {"filter": flt, "groupBy": group_by}
    monkeypatch.setattr(stats, "from_rollups", spy)
    rolled = (await client.data(STATS, variables, as_user=user))["supervisionStats"]
    monkeypatch.setattr(stats, "from_rollups", lambda g, scopes: False)
    direct = (await client.data(STATS, variables, as_user=user))["supervisionStats"]
    monkeypatch.setattr(stats, "from_rollups", real)
    assert used == [rollup_expected], (user, group_by)
    assert rolled == direct, (user, flt, group_by)
    return rolled


async def _department_admin(username: str, *scopes: str) -> None:
    await User.create(username=username, password_hash=hash_password("demo-pass-2026"))
    for scope in scopes:
        role = "department_admin" if scope.startswith("dept:") else "city_admin"
        await add_grant(user_subject(username), role, scope)


async def test_on_the_demo_year_the_rollups_answer_as_the_records_do(
    history_db: str, client: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    police = (await Department.get(name="石家庄市公安局")).id
    await _department_admin("police_admin", f"dept:{police}")
    await _department_admin("mixed_admin", "jur:130123", f"dept:{police}")
    callers = [("sjz_admin", "130100"), ("hebei_admin", "130000"), ("changan_admin", "130102"),
               ("auditor_demo", "130100"), ("police_admin", "130100"), ("mixed_admin", "130100")]  # fmt: skip
    busy = 0
    for user, code in callers:
        for first, last in _periods():
            for group_by in GROUPINGS:
                department_scoped = user in ("police_admin", "mixed_admin")
                expected = not department_scoped or group_by == "DEPARTMENT"
                flt = _flt(code, first, last)
                rows = await _both_ways(client, monkeypatch, user, flt, group_by, expected)
                busy += sum(r["received"] + r["completed"] + r["satisfactionCount"] for r in rows)
    assert busy  # the demo's year has something to count
    # Built once, lazily, from the records the seeding wrote directly.
    assert await SupervisionRollup.filter(kind=rollups.BUILT).count() == 1


async def _table() -> set[tuple[Any, ...]]:
    rows = await SupervisionRollup.exclude(kind=rollups.BUILT).values_list(
        "day", "kind", "jurisdiction_id", "unit_id", "department_id", *rollups.FIGURES
    )
    return {tuple(r) for r in rows if any(r[5:])}


async def _today(kind: str, unit: int | None, jurisdiction: str = "130102") -> dict[str, int]:
    row = await SupervisionRollup.filter(day=china_today(), kind=kind, jurisdiction_id=jurisdiction,
                                         unit_id=unit or 0).values(*rollups.FIGURES)  # fmt: skip
    return {k: v for k, v in row[0].items() if v} if row else {}


async def test_each_step_of_the_flow_moves_the_rollups_in_its_transaction(
    history_db: str, client: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await rollups.ensure_built()
    users = dict(await User.filter(username__in=[POLICE, HR, EDU]).values_list("username", "id"))

    request, handoffs = await submit(client, "sjz.household")  # police and HR
    police, hr = (await Handoff.get(id=handoffs[POLICE])), (await Handoff.get(id=handoffs[HR]))
    assert (await _today(rollups.DEPARTMENT, police.department_id))["received"] >= 1
    unaccepted = (await _today(rollups.HANDLER, None)).get("received", 0)
    assert unaccepted >= 2

    gid = encode_id("Handoff", police.id)
    later = (police.due_on + dt.timedelta(days=5)).isoformat()
    assert await call(client, EXTEND, POLICE, id=gid, newDueOn=later) == []  # before it is accepted
    assert await call(client, ACCEPT, POLICE, id=gid) == []
    assert (await _today(rollups.HANDLER, None)).get("received", 0) == unaccepted - 1
    moved = await _today(rollups.HANDLER, users[POLICE])
    assert moved["received"] >= 1 and moved["extended"] >= 1 and moved["extension_reports"] >= 1
    later = (police.due_on + dt.timedelta(days=9)).isoformat()
    assert await call(client, EXTEND, POLICE, id=gid, newDueOn=later) == []
    assert await call(client, COMPLETE, POLICE, id=gid) == []
    await finish(client, hr.id, HR)
    window_row = await _today(rollups.REQUEST, (await ServiceRequest.get(id=request)).window_id)
    assert window_row["completed"] >= 1 and window_row["extension_reports"] >= 2
    assert await call(client, EVALUATE, "talent_demo", id=encode_id("ServiceRequest", request), score=4) == []
    assert (await _today(rollups.DEPARTMENT, police.department_id)).get("rated_4", 0) >= 1

    _, school_handoffs = await submit(client, "sjz.school")  # returned before it is accepted
    await finish(client, school_handoffs[EDU], EDU, mutation=RETURN)
    withdrawn, _ = await submit(client, "sjz.school")
    assert await call(client, WITHDRAW, "changan_window", id=encode_id("ServiceRequest", withdrawn)) == []

    # Kept up step by step, the table is what a rebuild from the records makes of it …
    kept = await _table()
    await rollups.rebuild()
    assert await _table() == kept
    # … and what migration 0016's frozen copy builds.
    async with in_transaction() as conn:
        assert await build_rollups(conn)
    assert await _table() == kept
    for group_by in GROUPINGS:
        await _both_ways(client, monkeypatch, "sjz_admin", _flt("130100", 30, 0), group_by)
        await _both_ways(client, monkeypatch, "changan_admin", _flt("130102", 365, 0), group_by)


async def test_rollup_writes_belong_to_the_transaction_that_makes_them(demo_db: str) -> None:
    await rollups.ensure_built()
    before = await _table()
    with pytest.raises(RuntimeError):
        async with in_transaction():
            deltas = rollups.Deltas()
            deltas.add(china_today(), rollups.REQUEST, "130102", None, received=1, completed=1)
            await deltas.apply()
            assert await _today(rollups.REQUEST, None) == {"received": 1, "completed": 1}
            raise RuntimeError("rolled back")
    assert await _table() == before
    # Upserts add up on the same row.
    for _ in range(2):
        deltas = rollups.Deltas()
        deltas.add(china_today(), rollups.REQUEST, "130102", None, received=1)
        await deltas.apply()
    assert await _today(rollups.REQUEST, None) == {"received": 2}


async def test_an_empty_database_is_built_by_the_first_read_only(demo_db: str) -> None:
    assert not await SupervisionRollup.exists(kind=rollups.BUILT)
    await rollups.ensure_built()
    await rollups.ensure_built()
    assert await SupervisionRollup.filter(kind=rollups.BUILT).count() == 1


@pytest.mark.postgres_only
async def test_concurrent_extensions_of_one_request_count_it_extended_once(
    demo_db: str, client: GraphQLClient
) -> None:
    """Two departments report an extension of the same request at once: each transaction
    sees itself first for its handoff, and exactly one for the request."""
    await rollups.ensure_built()
    request, handoffs = await submit(client, "sjz.household")  # police and HR
    window = (await ServiceRequest.get(id=request)).window_id
    first_in = asyncio.Event()

    async def extend(handoff_id: int, hold: bool) -> None:
        async with in_transaction():
            await Handoff.filter(id=handoff_id).update(extension_count=F("extension_count") + 1)
            await rollups.handoff_extended(handoff_id)
            if hold:
                first_in.set()
                await asyncio.sleep(0.3)  # the other waits on the request meanwhile

    async def second() -> None:
        await first_in.wait()
        await extend(handoffs[HR], hold=False)

    await asyncio.gather(extend(handoffs[POLICE], hold=True), second())
    row = await _today(rollups.REQUEST, window)
    assert (row["extended"], row["extension_reports"]) == (1, 2)
    kept = await _table()
    await rollups.rebuild()
    assert await _table() == kept
