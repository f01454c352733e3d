"""Complaints (投诉) through the API: who may file, route, answer and call back, and the
`complaints` listing. The moves themselves are in resolvers/complaints/flow.py.

* fileComplaint — a talent online about themself (complaint:create on their talent scope);
  office and window staff for the hotline or the window in their area (on the jurisdiction).
* routeComplaint — an office with complaint:dispatch on the complaint, to a department or
  window that lies within its own dispatch scope and serves the complaint's area.
* answerComplaint — only the organisation it is routed to: complaint:handle on the
  department (dept scope), or on the window's jurisdiction (window staff).
* recordComplaintCallback — an office with complaint:update on the complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from permissions.compiled import CompiledPermissions
from permissions.scopes import covers, dept, jur
from resolvers.complaints import flow
from resolvers.core.context import RequestContext
from resolvers.core.errors import (
    ErrorCode,
    UserError,
    UserErrors,
    forbidden,
    not_found,
    record_not_found,
    validation,
)
from resolvers.core.idempotency import fingerprint, once
from resolvers.core.ids import decode_int_id
from resolvers.core.inputs import Text, read_text, read_texts
from resolvers.core.lookup import find_visible, require_action
from resolvers.core.validation import TextKind, check_jurisdiction_code, check_phone
from resolvers.listing.connections import Listing
from resolvers.listing.counting import BY_JURISDICTION, GroupColumn
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn, date_column, datetime_column
from schema.clock import china_today
from schema.models import (
    Complaint,
    Department,
    Jurisdiction,
    ServiceRequest,
    ServiceWindow,
    Specialist,
    Talent,
)
from schema.models.enum_labels import zh
from schema.models.enums import (
    CallbackResult,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintSource,
    ComplaintStatus,
)

S = ComplaintStatus
MAX_WORKDAYS = 60
TALENT_SOURCES = (ComplaintSource.ONLINE,)
STAFF_SOURCES = (ComplaintSource.HOTLINE, ComplaintSource.WINDOW)
OUTCOMES = {
    ComplaintKind.COMPLAINT: (ComplaintOutcome.SUBSTANTIATED, ComplaintOutcome.PARTLY_SUBSTANTIATED,
                              ComplaintOutcome.UNFOUNDED),
    ComplaintKind.RECTIFICATION: (ComplaintOutcome.RECTIFIED,),
}  # fmt: skip
COMPLAINT_TEXTS = (
    Text("subject", "subject", 128, required=True),
    Text("content", "content", 4000, required=True, kind=TextKind.TEXT),
    Text("complainant_name", "complainantName", 64, kind=TextKind.NAME),
)



def _overdue(flag: bool) -> Q:
    """Open and past its due date; one not yet routed may have no due date (never late)."""
    late = Q(status__in=list(flow.OPEN), due_on__lt=china_today())
    return late if flag else Q(Q(due_on__isnull=True), ~late, join_type=Q.OR)


_overdue.column = "due_on"  # type: ignore[attr-defined]

COMPLAINTS = Listing(
    Complaint,
    "complaint",
    {
        "id": id_filter("Complaint", "id", "filter.id"),
        "kind": "kind",
        "status": "status",
        "source": "source",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
        "department_id": id_filter("Department", "department_id", "filter.departmentId"),
        "window_id": id_filter("ServiceWindow", "window_id", "filter.windowId"),
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "service_request_id": id_filter("ServiceRequest", "request_id", "filter.serviceRequestId"),
        "overdue": _overdue,
        "created_at": "created_at",
        "due_on": "due_on",
    },
    {"ID": OrderColumn("id"), "DUE_ON": date_column("due_on"), "CREATED_AT": datetime_column("created_at")},
)

# complaintCounts(groupBy): what a chart of complaints may be grouped by
COMPLAINT_GROUPS = {
    "STATUS": GroupColumn("status"),
    "KIND": GroupColumn("kind"),
    "SOURCE": GroupColumn("source"),
    "JURISDICTION": BY_JURISDICTION,
    "DEPARTMENT": GroupColumn("department_id", "department__name", "Department"),
    "CREATED_AT": GroupColumn("created_at", temporal="timestamp"),
}


# -- filing (投诉受理) -------------------------------------------------------------------------


@dataclass(frozen=True)
class NewComplaint:
    """fileComplaint: IDs are global IDs; absent optional fields are None."""

    source: ComplaintSource
    subject: str
    content: str
    talent_id: str | None = None
    service_request_id: str | None = None
    complainant_name: str | None = None
    complainant_phone: str | None = None
    jurisdiction_code: str | None = None
    specialist_id: str | None = None
    # The client's idempotency key: a resend with it answers with the first complaint.
    client_mutation_id: str | None = None


async def file_complaint(ctx: RequestContext, data: NewComplaint) -> Complaint:
    """One complaint; with a client mutation ID, once (a resend answers with the first)."""
    return await once(
        ctx, "fileComplaint", data.client_mutation_id, fingerprint(data),
        Complaint, "complaint", lambda: _file(ctx, data),
    )  # fmt: skip


async def _file(ctx: RequestContext, data: NewComplaint) -> Complaint:
    principal = ctx.require_principal()
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    read_texts(data, COMPLAINT_TEXTS, values, errors)
    source = ComplaintSource(data.source)
    by_talent = principal.talent_id is not None
    if source not in (TALENT_SOURCES if by_talent else STAFF_SOURCES):
        allowed = TALENT_SOURCES if by_talent else STAFF_SOURCES
        errors.append(validation("source", f"投诉来源只能是{'或'.join(f'“{zh(s)}”' for s in allowed)}",
                                 f"you file through {' or '.join(s.value for s in allowed)}"))  # fmt: skip
    phone = data.complainant_phone
    if phone:
        try:
            values["complainant_phone"] = check_phone(phone, "complainantPhone")
        except UserError as error:
            errors.append(error)
    if errors:
        raise UserErrors(errors)

    talent, request = await _subjects(ctx, data, by_talent)
    jurisdiction = await _jurisdiction(data, talent, request)
    scopes = [jur(jurisdiction)] + ([f"talent:{talent.id}"] if talent else [])
    if not ctx.perms.allows("complaint", "create", scopes):
        raise forbidden("jurisdictionCode", "您无权在该区划登记投诉", "you may not file complaints there")
    specialist_id = await _specialist(data.specialist_id)
    if talent is not None:
        values["complainant_name"] = values.get("complainant_name") or talent.name
        values["complainant_phone"] = values.get("complainant_phone") or talent.phone
    complaint = await flow.open_complaint(
        ctx.actor, "fileComplaint", kind=ComplaintKind.COMPLAINT, source=source,
        jurisdiction_id=jurisdiction, talent_id=talent.id if talent else None,
        request_id=request.id if request else None, specialist_id=specialist_id, **values,
    )  # fmt: skip
    ctx.jobs_after_commit.extend(await flow.tell_office_of_new(complaint))
    return complaint


async def _subjects(
    ctx: RequestContext, data: NewComplaint, by_talent: bool
) -> tuple[Talent | None, ServiceRequest | None]:
    """The talent and request complained about, each visible to the caller; a talent files
    about themself (their own record is the only one they see)."""
    talent_gid, request_gid = data.talent_id, data.service_request_id
    talent = await find_visible(ctx, Talent, "talent", talent_gid, "talentId") if talent_gid else None
    request = None
    if request_gid:
        request = await find_visible(ctx, ServiceRequest, "service_request", request_gid, "serviceRequestId")
        if talent is not None and request.talent_id != talent.id:
            raise validation(
                "serviceRequestId", "该服务申请不属于所选人才", "the request is not the talent's"
            )
        talent = talent or await Talent.get(id=request.talent_id)
    if by_talent:
        own = ctx.require_principal().talent_id
        if talent is not None and talent.id != own:
            raise not_found("talentId", "人才", "talent")
        talent = talent or await Talent.get(id=own)
    return talent, request


async def _jurisdiction(data: NewComplaint, talent: Talent | None, request: ServiceRequest | None) -> str:
    """The request's county, else the talent's, else the code given (hotline, no talent)."""
    natural = request.jurisdiction_id if request else talent.jurisdiction_id if talent else None
    given = data.jurisdiction_code
    if given is None:
        if natural is None:
            raise validation("jurisdictionCode", "请指明投诉涉及的区划（或人才）",
                             "name the area (or the talent) the complaint concerns")  # fmt: skip
        return natural
    code = check_jurisdiction_code(given)
    if natural is not None and code != natural:
        raise validation("jurisdictionCode", f"该投诉应属于提供服务的区划 {natural}",
                         f"the complaint belongs to {natural}, where it was served")  # fmt: skip
    if not await Jurisdiction.exists(code=code):
        raise not_found("jurisdictionCode", "行政区划", "jurisdiction")
    return code


async def _specialist(gid: str | None) -> int | None:
    if not gid:
        return None
    key = decode_int_id(gid, "Specialist", "specialistId")
    # Specialists are public (公示): whoever complains may name one.
    if not await Specialist.exists(id=key):
        raise not_found("specialistId", "服务专员", "specialist")
    return key


# -- routing (按责转办, 限时办结) --------------------------------------------------------------


@dataclass(frozen=True)
class Routing:
    """routeComplaint: exactly one of department_id and window_id (global IDs); the time
    limit defaults by the complaint's kind."""

    complaint_id: str
    department_id: str | None = None
    window_id: str | None = None
    time_limit_workdays: int | None = None
    note: str | None = None


async def route_complaint(ctx: RequestContext, data: Routing) -> Complaint:
    complaint = await find_visible(ctx, Complaint, "complaint", data.complaint_id, "complaintId")
    require_action(ctx, "complaint", "dispatch", complaint, "complaintId", "您无权转办该投诉",
                   "you may not route this complaint")  # fmt: skip
    if complaint.status not in flow.OPEN:
        raise UserError("complaintId", ErrorCode.INVALID_STATE, "只有尚未反馈的投诉才能转办",
                        "only an unanswered complaint is routed")  # fmt: skip
    department_gid, window_gid = data.department_id, data.window_id
    if bool(department_gid) == bool(window_gid):
        raise validation("departmentId", "职能部门和服务窗口须选且只选其一",
                         "name exactly one of departmentId and windowId")  # fmt: skip
    workdays = data.time_limit_workdays
    workdays = flow.default_workdays(complaint.kind) if workdays is None else workdays
    if not 1 <= workdays <= MAX_WORKDAYS:
        raise validation("timeLimitWorkdays", f"办结时限应为 1 至 {MAX_WORKDAYS} 个工作日",
                         f"from 1 to {MAX_WORKDAYS} working days")  # fmt: skip
    note = read_text(data.note, "note", 2000)
    target: Department | ServiceWindow | None
    if department_gid:
        key = decode_int_id(department_gid, "Department", "departmentId")
        target, field = await Department.get_or_none(id=key), "departmentId"
    else:
        assert window_gid is not None  # exactly one of the two is given (checked above)
        key = decode_int_id(window_gid, "ServiceWindow", "windowId")
        target, field = await ServiceWindow.get_or_none(id=key), "windowId"
    if target is None:
        raise record_not_found(field, "Department" if department_gid else "ServiceWindow")
    if not ctx.perms.allows("complaint", "dispatch", [jur(target.jurisdiction_id)]):
        raise forbidden(field, "该单位不在您可转办的区划范围内",
                        "the organisation lies outside the area you may route to")  # fmt: skip
    if not covers(jur(target.jurisdiction_id), jur(complaint.jurisdiction_id)):
        raise validation(
            field, "该单位不负责投诉所在区划", "the organisation does not serve the complaint's area"
        )
    ctx.jobs_after_commit.extend(await flow.route(
        ctx.actor, complaint, department_id=key if department_gid else None,
        window_id=key if window_gid else None, workdays=workdays, note=note,
    ))  # fmt: skip
    return complaint


# -- answering (逐一反馈) ---------------------------------------------------------------------


async def may_answer(perms: CompiledPermissions, complaint: Complaint) -> bool:
    """Only the organisation it is routed to: complaint:handle through the department's
    own scope, or on the window's jurisdiction (window staff)."""
    if complaint.department_id is not None:
        return perms.allows("complaint", "handle", [dept(complaint.department_id)])
    if complaint.window_id is not None:
        window = await ServiceWindow.get(id=complaint.window_id)
        return perms.allows("complaint", "handle", [jur(window.jurisdiction_id)])
    return False


async def answer_complaint(
    ctx: RequestContext, complaint_id: str, answer: str, outcome: ComplaintOutcome
) -> Complaint:
    complaint = await find_visible(ctx, Complaint, "complaint", complaint_id, "complaintId")
    if complaint.status != S.ROUTED:
        raise UserError("complaintId", ErrorCode.INVALID_STATE, "只有已转办且尚未反馈的投诉才能反馈",
                        "only a routed, unanswered one is answered")  # fmt: skip
    if not await may_answer(ctx.perms, complaint):
        raise forbidden("complaintId", "只有承办该投诉的单位可以反馈",
                        "only the organisation it is routed to answers it")  # fmt: skip
    answer = read_text(answer, "answer", 4000, required=True)
    outcome = ComplaintOutcome(outcome)
    if outcome not in OUTCOMES[complaint.kind]:
        allowed = OUTCOMES[complaint.kind]
        raise validation(
            "outcome",
            f"{zh(complaint.kind)}的核查结果只能是{'、'.join(zh(o) for o in allowed)}",
            f"a {complaint.kind.value.lower()} ends {', '.join(o.value for o in allowed)}",
        )
    ctx.jobs_after_commit.extend(await flow.record_answer(ctx.actor, complaint, answer, outcome))
    return complaint


# -- callback (回访) --------------------------------------------------------------------------


async def record_complaint_callback(
    ctx: RequestContext,
    complaint_id: str,
    result: CallbackResult,
    note: str | None = None,
    reopen: bool | None = None,
) -> Complaint:
    """`reopen`: the complainant is dissatisfied and it goes back to the organisation."""
    complaint = await find_visible(ctx, Complaint, "complaint", complaint_id, "complaintId")
    require_action(ctx, "complaint", "update", complaint, "complaintId", "只有人才办可以回访投诉人",
                   "only the talent office calls the complainant back")  # fmt: skip
    if complaint.status == S.CLOSED:
        raise UserError("complaintId", ErrorCode.INVALID_STATE, "该投诉已回访",
                        "the complainant was already called back")  # fmt: skip
    if complaint.status != S.ANSWERED:
        raise UserError("complaintId", ErrorCode.INVALID_STATE, "投诉反馈后才能回访",
                        "call back once the complaint is answered")  # fmt: skip
    result = CallbackResult(result)
    if reopen and result != CallbackResult.DISSATISFIED:
        raise validation("reopen", "只有投诉人不满意时才能重新转办",
                         "reopen only when the complainant is dissatisfied")  # fmt: skip
    note = read_text(note, "note", 2000)
    ctx.jobs_after_commit.extend(await flow.record_callback(ctx.actor, complaint, result, note, bool(reopen)))
    return complaint


def is_overdue(complaint: Complaint) -> bool:
    return complaint.status in flow.OPEN and complaint.due_on is not None and complaint.due_on < china_today()
