"""投诉超期督办: an open complaint past its due date is reported once to the organisation it
is routed to and to the office that routed it — a second run, or two at once, send nothing;
routing it again gives a new time limit that is watched afresh; answered ones are left alone."""

from __future__ import annotations

import asyncio
import datetime as dt

from jobs.complaints import notify_overdue_complaints
from jobs.worker import WorkerSettings
from permissions.audit import Actor
from resolvers.complaints import flow
from schema.clock import china_today
from schema.models import Complaint, Department, Notification, ServiceWindow, User
from schema.models.enums import ComplaintKind, ComplaintOutcome, ComplaintSource

YESTERDAY = china_today() - dt.timedelta(days=1)


async def _routed(department: str | None = None, window: str | None = None) -> Complaint:
    complaint = await flow.open_complaint(
        Actor("sjz_admin"), "fileComplaint", kind=ComplaintKind.COMPLAINT, source=ComplaintSource.HOTLINE,
        jurisdiction_id="130102", subject="超期未反馈", content="内容",
    )  # fmt: skip
    department_id = (await Department.get(name=department)).id if department else None
    window_id = (await ServiceWindow.get(name=window)).id if window else None
    await flow.route(Actor("sjz_admin"), complaint, department_id=department_id, window_id=window_id,
                     workdays=5, note=None)  # fmt: skip
    await Complaint.filter(id=complaint.id).update(due_on=YESTERDAY)  # its time limit has passed
    return await Complaint.get(id=complaint.id)


async def _overdue_notices(username: str, complaint: Complaint) -> int:
    user = await User.get(username=username)
    return await Notification.filter(
        recipient_id=user.id, related_type="complaint", related_id=str(complaint.id),
        subject__startswith="投诉超期",
    ).count()


async def test_an_overdue_complaint_is_reported_once_to_its_organisation_and_the_routing_office(
    demo_db: str,
) -> None:
    late = await _routed(department="石家庄市公安局")
    answered = await _routed(window="长安区人才服务分窗口")
    await flow.record_answer(Actor("changan_window"), answered, "已处理", ComplaintOutcome.SUBSTANTIATED)

    assert await notify_overdue_complaints({}) == 1
    assert await _overdue_notices("sjz_police_handler", late) == 1
    assert await _overdue_notices("sjz_admin", late) == 1  # routed it
    assert await _overdue_notices("changan_admin", late) == 1  # the office of its area
    assert await _overdue_notices("changan_window", answered) == 0
    assert (await Complaint.get(id=late.id)).overdue_notified_on == china_today()

    assert await notify_overdue_complaints({}) == 0  # idempotent
    assert sum(await asyncio.gather(*(notify_overdue_complaints({}) for _ in range(3)))) == 0
    assert await _overdue_notices("sjz_police_handler", late) == 1


async def test_concurrent_runs_report_a_complaint_once(demo_db: str) -> None:
    late = await _routed(window="长安区人才服务分窗口")
    runs = await asyncio.gather(*(notify_overdue_complaints({}) for _ in range(4)))
    assert sum(runs) == 1
    assert await _overdue_notices("changan_window", late) == 1


async def test_routing_again_sets_a_new_time_limit_that_is_watched_afresh(demo_db: str) -> None:
    late = await _routed(department="石家庄市公安局")
    assert await notify_overdue_complaints({}) == 1
    window = await ServiceWindow.get(name="长安区人才服务分窗口")
    await flow.route(Actor("sjz_admin"), late, department_id=None, window_id=window.id, workdays=3, note=None)
    assert (await Complaint.get(id=late.id)).overdue_notified_on is None
    assert await notify_overdue_complaints({}) == 0  # not yet due again
    later = (await Complaint.get(id=late.id)).due_on + dt.timedelta(days=1)
    assert await notify_overdue_complaints({}, today=later.isoformat()) >= 1
    assert await _overdue_notices("changan_window", late) == 1


def test_the_overdue_check_is_a_worker_cron() -> None:
    assert "notify_overdue_complaints" in {job.name.split(":")[-1] for job in WorkerSettings.cron_jobs}
