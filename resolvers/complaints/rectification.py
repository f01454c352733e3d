"""Rectification (差评整改): a poor satisfaction rating (满意度评价 of 2 or 1) opens, in the
evaluation's transaction, a task of the complaint flow — routed at once to the request's
window with RECTIFICATION_WORKDAYS working days, answered with the measures taken
(outcome RECTIFIED) and called back (回访) like any complaint."""

from __future__ import annotations

from permissions.audit import SYSTEM, Actor
from resolvers.complaints.flow import (
    default_workdays,
    office_staff,
    open_complaint,
    route,
    tell_office_of_new,
)
from resolvers.messaging.notifications import notify
from schema.models import Complaint, Evaluation, ServiceRequest, Talent
from schema.models.enums import ComplaintKind, ComplaintSource, SatisfactionLevel

POOR_SCORE = 2  # 不满意 and below
LEVELS = {
    5: (SatisfactionLevel.VERY_SATISFIED, "非常满意"),
    4: (SatisfactionLevel.SATISFIED, "满意"),
    3: (SatisfactionLevel.BASICALLY_SATISFIED, "基本满意"),
    2: (SatisfactionLevel.DISSATISFIED, "不满意"),
    1: (SatisfactionLevel.VERY_DISSATISFIED, "非常不满意"),
}


def satisfaction_level(score: int) -> SatisfactionLevel:
    return LEVELS[score][0]


async def open_rectification(actor: Actor, request: ServiceRequest, evaluation: Evaluation) -> list[str]:
    """The hook of evaluateServiceRequest; nothing for a score above POOR_SCORE. Returns the
    outbox keys of the notices (window staff and the county office)."""
    if evaluation.score > POOR_SCORE:
        return []
    talent = await Talent.get(id=request.talent_id)
    level = LEVELS[evaluation.score][1]
    task = await open_complaint(
        actor, "openRectification", kind=ComplaintKind.RECTIFICATION, source=ComplaintSource.EVALUATION,
        jurisdiction_id=request.jurisdiction_id, talent_id=talent.id, request_id=request.id,
        evaluation_id=evaluation.id, complainant_name=talent.name,
        subject=f"差评整改 {request.number}（{level}）", content=evaluation.comment or f"满意度评价：{level}",
    )  # fmt: skip
    if request.window_id is None:  # the county office routes it (routeComplaint)
        return await tell_office_of_new(task)
    keys = await route(
        SYSTEM, task, department_id=None, window_id=request.window_id,
        workdays=default_workdays(ComplaintKind.RECTIFICATION), note="差评自动转受理窗口整改",
        operation="routeRectification",
    )  # fmt: skip
    return keys + await _tell_office(task)


async def _tell_office(task: Complaint) -> list[str]:
    return await notify(
        await office_staff(task.jurisdiction_id), f"差评整改 {task.number}",
        f"{task.subject}：已转受理窗口整改，期限 {task.due_on}。",
        related_type="complaint", related_id=task.id,
    )  # fmt: skip
