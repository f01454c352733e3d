"""The demo's year of past service (gateway/demo/history/): every stored figure agrees with
the records behind it as the live flow would have written them, both Shijiazhuang county
windows show every kind of record supervision reports on, nothing is dated today or later,
and the demo without history has no requests at all."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import pytest
from tortoise import Tortoise

from gateway.demo import seed_demo
from resolvers.archives.quarterly import last_ended_quarter
from resolvers.deadlines.workdays import load_calendar
from resolvers.requests.flow import FINISHED, OPEN_HANDOFF, OPEN_REQUEST
from schema import db as schema_db
from schema.clock import CHINA_TIME, china_today
from schema.models import (
    ArchiveEntry,
    Complaint,
    ComplaintStep,
    Evaluation,
    Handoff,
    HandoffExtension,
    QuarterlyArchive,
    ServiceItem,
    ServiceRequest,
    ServiceRequestItem,
    ServiceWindow,
    Specialist,
    StatusChange,
    User,
)
from schema.models.enums import (
    ComplaintKind,
    HandoffStatus,
    RequestStatus,
    ServiceMode,
    SpecialistKind,
    SpecialistStatus,
)
from tests.support.databases import SqliteDatabases, sqlite_url

COUNTIES = ("130102", "130123")
NUMBER = re.compile(r"^SR(130102|130123)(\d{14})[0-9A-F]{8}$")


def beijing(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CHINA_TIME).date()


async def _requests() -> list[dict[str, Any]]:
    return await ServiceRequest.all().order_by("id").values()


async def _handoffs() -> dict[int, list[dict[str, Any]]]:
    by_request: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for h in await Handoff.all().order_by("id").values():
        by_request[h["request_id"]].append(h)
    return by_request


async def test_every_completion_carries_the_figures_of_its_dates(history_db: str) -> None:
    calendar = await load_calendar()
    requests, handoffs = await _requests(), await _handoffs()
    assert 300 <= len(requests) <= 600
    rows = [("request", r, r["received_at"]) for r in requests]
    rows += [("handoff", h, h["created_at"]) for hs in handoffs.values() for h in hs]
    completed = 0
    for kind, row, received_at in rows:
        if row["completed_at"] is None:
            assert (row["completed_on"], row["workdays_taken"], row["on_time"]) == (None, None, None), row
            continue
        completed += 1
        completed_on = beijing(row["completed_at"])
        assert row["completed_on"] == completed_on, (kind, row["id"])
        assert row["workdays_taken"] == calendar.workdays_between(beijing(received_at), completed_on)
        assert row["on_time"] == (completed_on <= row["due_on"]), (kind, row["id"])
        assert row["completed_at"] > received_at
    assert completed > len(rows) * 0.8


async def test_due_dates_and_extensions_are_those_of_intake_and_the_reports(history_db: str) -> None:
    calendar = await load_calendar()
    limits = dict(await ServiceItem.all().values_list("id", "time_limit_workdays"))
    extensions = {e.handoff_id: e for e in await HandoffExtension.all()}
    assert len(extensions) == await Handoff.filter(extension_count__gt=0).count() > 0
    handoffs = await _handoffs()
    for request in await _requests():
        received_on = beijing(request["received_at"])
        mine = handoffs[request["id"]]
        for h in mine:
            assert h["created_at"] == request["received_at"]
            intake_due = calendar.add_workdays(received_on, limits[h["item_id"]] or 1)
            extension = extensions.get(h["id"])
            if extension is None:
                assert h["due_on"] == intake_due and h["extension_count"] == 0
            else:
                assert h["extension_count"] == 1
                assert (extension.previous_due_on, extension.new_due_on) == (intake_due, h["due_on"])
                assert h["due_on"] > intake_due and beijing(extension.created_at) <= intake_due
        expected = max((h["due_on"] for h in mine), default=received_on)
        assert request["due_on"] == expected, request["number"]


async def test_a_request_settles_when_its_last_handoff_ends(history_db: str) -> None:
    handoffs = await _handoffs()
    direct = set(await ServiceItem.filter(mode=ServiceMode.DIRECT).values_list("id", flat=True))
    lines: dict[int, list[int]] = defaultdict(list)
    for request_id, item_id in await ServiceRequestItem.all().values_list("request_id", "item_id"):
        lines[request_id].append(item_id)
    entries = set(await ArchiveEntry.all().values_list("request_id", flat=True))
    for request in await _requests():
        mine = handoffs[request["id"]]
        applied = {i for i in lines[request["id"]] if i not in direct}
        assert {h["item_id"] for h in mine} == applied
        status = request["status"]
        if status == RequestStatus.WITHDRAWN:
            assert request["withdrawn_at"] and all(h["status"] == HandoffStatus.WITHDRAWN for h in mine)
            continue
        if status in OPEN_REQUEST:
            assert any(h["status"] in OPEN_HANDOFF for h in mine) and request["id"] not in entries
            accepted = any(h["accepted_at"] for h in mine)
            assert status == (RequestStatus.IN_PROGRESS if accepted else RequestStatus.DISPATCHED)
            continue
        assert all(h["status"] in FINISHED for h in mine) and request["id"] in entries
        if mine:
            assert request["completed_at"] == max(h["completed_at"] for h in mine)
        approved = all(h["status"] == HandoffStatus.DONE and h["outcome"] == "APPROVED" for h in mine)
        assert (status == RequestStatus.COMPLETED) == approved, request["number"]
        for h in mine:
            if h["status"] == HandoffStatus.RETURNED:
                assert h["outcome"] is None and h["return_reason"]
            if h["outcome"] == "REJECTED":
                assert h["opinion"]


async def test_handlers_are_the_departments_handling_specialists(history_db: str) -> None:
    handlers = dict(
        await Specialist.filter(
            kind=SpecialistKind.HANDLING, status=SpecialistStatus.ACTIVE, user_id__isnull=False
        ).values_list("department_id", "user_id")
    )
    assert len(handlers) == 3  # sjz_police_handler, sjz_edu_handler, sjz_hr_handler
    for hs in (await _handoffs()).values():
        for h in hs:
            if h["accepted_at"] is None:
                assert h["handler_id"] is None
            else:
                assert h["handler_id"] == handlers.get(h["department_id"]), h["id"]
                assert h["created_at"] < h["delivered_at"] <= h["accepted_at"]


async def test_both_county_windows_show_every_kind_of_record(history_db: str) -> None:
    today = china_today()
    evaluated = set(await Evaluation.all().values_list("request_id", flat=True))
    extended = set(await Handoff.filter(extension_count__gt=0).values_list("request_id", flat=True))
    windows = dict(
        await ServiceWindow.filter(jurisdiction_id__in=COUNTIES).values_list("id", "jurisdiction_id")
    )
    seen: dict[str, set[str]] = defaultdict(set)
    for r in await _requests():
        county = windows[r["window_id"]]
        assert county == r["jurisdiction_id"]
        kinds = seen[county]
        if r["on_time"] is True:
            kinds.add("on time")
        if r["on_time"] is False:
            kinds.add("late")
        if r["id"] in extended:
            kinds.add("extended")
        if r["status"] in OPEN_REQUEST and r["due_on"] < today:
            kinds.add("overdue now")
        if r["status"] in OPEN_REQUEST and r["due_on"] >= today:
            kinds.add("open, not yet due")
        if r["id"] in evaluated:
            kinds.add("evaluated")
    wanted = {"on time", "late", "extended", "overdue now", "open, not yet due", "evaluated"}
    assert seen == {county: wanted for county in COUNTIES}
    settled = await ServiceRequest.filter(on_time__isnull=False)
    assert 0.7 <= sum(r.on_time for r in settled) / len(settled) <= 0.92
    scores = await Evaluation.all().values_list("score", flat=True)
    assert 0.5 <= len(scores) / len(settled) <= 0.7 and sum(s >= 4 for s in scores) / len(scores) > 0.6


async def test_poor_ratings_opened_rectification_and_the_year_had_complaints(history_db: str) -> None:
    poor = await Evaluation.filter(score__lte=2)
    assert poor
    tasks = await Complaint.filter(kind=ComplaintKind.RECTIFICATION)
    assert sorted(t.evaluation_id for t in tasks) == sorted(e.id for e in poor)
    for task in tasks:
        request = await ServiceRequest.get(id=task.request_id)
        assert task.window_id == request.window_id and task.jurisdiction_id == request.jurisdiction_id
    complaints = await Complaint.filter(kind=ComplaintKind.COMPLAINT).order_by("id")
    assert len(complaints) == 3 + 4  # gateway/demo/complaints.py's three, and the year's
    for complaint in complaints[3:]:
        assert complaint.status in ("CLOSED", "ANSWERED") and complaint.outcome is not None
        assert (complaint.department_id is None) != (complaint.window_id is None)
        assert complaint.answered_on_time == (beijing(complaint.answered_at) <= complaint.due_on)
        steps = await ComplaintStep.filter(complaint_id=complaint.id).order_by("id")
        assert [s.action for s in steps][:3] == ["FILED", "ROUTED", "ANSWERED"]


async def test_nothing_is_dated_today_or_later(history_db: str) -> None:
    today = china_today()
    stamps = []
    for r in await _requests():
        stamps += [r["received_at"], r["completed_at"], r["withdrawn_at"]]
        assert r["completed_on"] is None or r["completed_on"] < today
    for hs in (await _handoffs()).values():
        for h in hs:
            stamps += [h["created_at"], h["delivered_at"], h["accepted_at"], h["completed_at"]]
    stamps += await Evaluation.all().values_list("created_at", flat=True)
    stamps += await ArchiveEntry.all().values_list("created_at", flat=True)
    stamps += await HandoffExtension.all().values_list("created_at", flat=True)
    stamps += await StatusChange.all().values_list("at", flat=True)
    year = await Complaint.filter(created_at__lt=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
    assert len(year) >= 4
    for c in year:
        stamps += [c.created_at, c.routed_at, c.answered_at, c.callback_at]
    stamps = [s for s in stamps if s is not None]
    assert max(beijing(s) for s in stamps) < today
    assert min(beijing(s) for s in stamps) >= today - dt.timedelta(days=365)
    received = await ServiceRequest.all().values_list("received_at", flat=True)
    for at in received:
        local = at.astimezone(CHINA_TIME)
        assert (await load_calendar()).is_workday(local.date()) and 9 <= local.hour < 18


async def test_numbers_follow_the_intake_format_and_talent_demo_has_no_history(history_db: str) -> None:
    numbers = await ServiceRequest.all().values_list("number", "received_at", "jurisdiction_id")
    assert len({n for n, _, _ in numbers}) == len(numbers)
    for number, received_at, county in numbers:
        match = NUMBER.match(number)
        assert match and match[1] == county
        assert match[2] == f"{received_at.astimezone(CHINA_TIME):%Y%m%d%H%M%S}"
    demo = await User.get(username="talent_demo")
    assert not await ServiceRequest.filter(talent_id=demo.talent_id).exists()


async def test_the_seeded_quarterly_archives_file_the_history(history_db: str) -> None:
    period = last_ended_quarter(china_today())
    low, high = period.utc_bounds()
    archives = await QuarterlyArchive.filter(year=period.year, quarter=period.quarter)
    assert len(archives) == 2
    for archive in archives:
        received = await ServiceRequest.filter(
            window_id=archive.window_id, received_at__gte=low, received_at__lt=high
        ).count()
        assert archive.request_count == received > 0


async def test_without_history_the_demo_has_no_requests(db: str) -> None:
    assert await seed_demo(history=False)
    for model in (ServiceRequest, Handoff, Evaluation, ArchiveEntry, StatusChange):
        assert await model.all().count() == 0, model.__name__
    assert await Complaint.all().count() == 3
    assert all(a.request_count == 0 for a in await QuarterlyArchive.all())


@pytest.fixture
async def two_runs(sqlite_databases: SqliteDatabases) -> AsyncIterator[list[tuple[Any, ...]]]:
    snapshots = []
    for _ in ("first", "second"):
        url = sqlite_url(sqlite_databases.create())
        await Tortoise.init(config=schema_db.tortoise_config(url))
        try:
            await seed_demo(today=dt.date(2026, 3, 1))
            snapshots.append(
                (
                    await ServiceRequest.all()
                    .order_by("id")
                    .values_list("number", "talent_id", "status", "due_on", "completed_at", "on_time"),
                    await Handoff.all().order_by("id").values_list("status", "due_on", "handler_id"),
                    await Evaluation.all().order_by("id").values_list("request_id", "score", "created_at"),
                    await Complaint.filter(created_at__lt=dt.datetime(2026, 3, 1, tzinfo=CHINA_TIME))
                    .order_by("id")
                    .values_list("number", "status"),
                )
            )
        finally:
            await Tortoise.close_connections()
    yield snapshots


async def test_the_same_history_is_generated_every_run(two_runs: list[tuple[Any, ...]]) -> None:
    first, second = two_runs
    assert first == second and len(first[0]) >= 300
    assert max(at for _, _, _, _, at, _ in first[0] if at) < dt.datetime(2026, 3, 1, tzinfo=CHINA_TIME)
