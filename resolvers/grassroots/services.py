"""Service records (服务记录): where an expert served — a designated county, the receiving
unit — when, how many days and what was done. The expert records their own, or their
office does; the receiving county's office confirms it, and only confirmed days count.

A record must fall within one year the expert is listed for, in the past, and must not
overlap another record of theirs that still stands; the listing is locked while that is
checked, so two records at once cannot both slip past it (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from permissions.audit import audit
from permissions.resources import row_scopes
from permissions.scopes import jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, changed_meanwhile, forbidden, validation
from resolvers.core.inputs import read_text
from resolvers.core.lookup import find_jurisdiction, find_visible
from resolvers.core.transitions import change_status
from resolvers.core.validation import TextKind
from resolvers.grassroots.areas import is_designated
from resolvers.grassroots.flow import GRASSROOTS_SERVICE_FLOW
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import talent_users, users_with_roles
from schema import clock
from schema.clock import china_today
from schema.models import GrassrootsExpert, GrassrootsService, Talent
from schema.models.enums import GrassrootsServiceStatus, ReviewDecision

S = GrassrootsServiceStatus
STANDING = (S.RECORDED, S.CONFIRMED)  # a rejected record leaves its days free to record again
OFFICE_ROLES = ("county_admin",)  # told of records to confirm and of experts below target

SERVICES = Listing(
    GrassrootsService,
    "grassroots_service",
    {
        "id": id_filter("GrassrootsService", "id", "filter.id"),
        "expert_id": id_filter("GrassrootsExpert", "expert_id", "filter.expertId"),
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "year": "year",
        "status": "status",
        "starts_on": "starts_on",
        "area_code": "area_jurisdiction_id",
        "within_area": within_jurisdiction("area_jurisdiction_id"),
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {"ID": OrderColumn("id"), "STARTS_ON": OrderColumn("starts_on")},
)


@dataclass(frozen=True)
class NewGrassrootsService:
    talent_id: str
    area_code: str  # the receiving county (a unit's county when the unit is named)
    unit_name: str
    starts_on: dt.date
    ends_on: dt.date
    days: int
    content: str


def _dates(data: NewGrassrootsService, errors: list[UserError]) -> None:
    starts, ends = data.starts_on, data.ends_on
    if ends < starts:
        errors.append(validation("endsOn", "结束日期不能早于开始日期", "ends before it starts"))
        return
    if starts.year != ends.year:
        errors.append(validation("endsOn", "一条服务记录应在同一年度内", "a record lies within one year"))
    if ends > china_today():
        errors.append(validation("endsOn", "不能登记尚未结束的服务", "the service has not ended yet"))
    span = (ends - starts).days + 1
    if not 1 <= data.days <= span:
        errors.append(validation("days", f"服务天数应为 1–{span} 天", f"1 to {span} days (the span)"))


async def _listing(talent: Talent, year: int) -> GrassrootsExpert:
    """The expert's listing for `year`, locked until the record is written."""
    expert = await GrassrootsExpert.filter(year=year, talent_id=talent.id).select_for_update().first()
    if expert is None:
        raise validation("startsOn", f"该人才未纳入 {year} 年度服务基层范围",
                         f"the talent is not listed for {year}")  # fmt: skip
    return expert


async def record_service(ctx: RequestContext, data: NewGrassrootsService) -> GrassrootsService:
    talent = await find_visible(ctx, Talent, "talent", data.talent_id, "talentId")
    if not ctx.perms.allows("grassroots_service", "create", row_scopes("talent", talent)):
        raise forbidden("talentId", "您无权为该人才登记服务记录", "not allowed to record for this talent")
    errors: list[UserError] = []
    texts: dict[str, str] = {}
    for field, value, limit, kind in (("unitName", data.unit_name, 128, TextKind.LINE),
                                      ("content", data.content, 2000, TextKind.TEXT)):  # fmt: skip
        try:
            texts[field] = read_text(value, field, limit, kind, required=True)
        except UserError as error:
            errors.append(error)
    _dates(data, errors)
    if errors:
        raise UserErrors(errors)
    area = await find_jurisdiction(data.area_code, "areaCode")
    if not await is_designated(area.code):
        raise validation("areaCode", f"{area.name}不是认定的服务基层地区",
                         "not a designated grassroots area")  # fmt: skip
    expert = await _listing(talent, data.starts_on.year)
    if not ctx.perms.allows("grassroots_service", "create", row_scopes("grassroots_expert", expert)):
        raise forbidden("talentId", "您无权为该人才登记服务记录", "not allowed to record for this talent")
    overlapping = GrassrootsService.filter(
        expert_id=expert.id, status__in=list(STANDING), starts_on__lte=data.ends_on,
        ends_on__gte=data.starts_on,
    )  # fmt: skip
    if await overlapping.exists():
        raise UserError("startsOn", ErrorCode.CONFLICT, "与该专家已登记的服务时间重叠",
                        "overlaps another record of the expert")  # fmt: skip
    service = await GrassrootsService.create(
        expert_id=expert.id, year=expert.year, talent_id=talent.id, jurisdiction_id=expert.jurisdiction_id,
        employer_id=expert.employer_id, area_jurisdiction_id=area.code, unit_name=texts["unitName"],
        starts_on=data.starts_on, ends_on=data.ends_on, days=data.days, content=texts["content"],
        recorded_by=ctx.actor.username,
    )  # fmt: skip
    await audit(ctx.actor, "recordGrassrootsService", "grassroots_service", service.id,
                after={"expert": expert.id, "area": area.code, "unit": service.unit_name,
                       "starts_on": data.starts_on.isoformat(), "ends_on": data.ends_on.isoformat(),
                       "days": data.days},
                jurisdiction_code=expert.jurisdiction_id)  # fmt: skip
    ctx.jobs_after_commit += await notify(
        await users_with_roles(OFFICE_ROLES, jur(area.code)), "服务基层记录待确认",
        f"{service.unit_name}：{data.starts_on} 至 {data.ends_on} 服务 {data.days} 天，请确认。",
        related_type="grassroots_service", related_id=service.id,
    )  # fmt: skip
    return service


async def confirm_service(
    ctx: RequestContext, service_id: str, decision: ReviewDecision, opinion: str | None
) -> GrassrootsService:
    """The receiving county's office (or one above it) confirms a record, or does not,
    with an opinion."""
    service = await find_visible(ctx, GrassrootsService, "grassroots_service", service_id, "serviceId")
    if not ctx.perms.allows("grassroots_service", "approve", [jur(service.area_jurisdiction_id)]):
        raise forbidden("serviceId", "应由接受服务地区的人才工作部门确认",
                        "the receiving county's office confirms it")  # fmt: skip
    if service.status != S.RECORDED:
        raise UserError("serviceId", ErrorCode.INVALID_STATE, "该服务记录已确认或已退回",
                        "already decided")  # fmt: skip
    text = read_text(opinion, "opinion", 2000, required=decision == ReviewDecision.REJECT)
    to = S.CONFIRMED if decision == ReviewDecision.APPROVE else S.REJECTED
    if not await change_status(service, GRASSROOTS_SERVICE_FLOW, to, from_=[S.RECORDED], opinion=text,
                               confirmed_by=ctx.actor.username, confirmed_at=clock.now()):  # fmt: skip
        raise changed_meanwhile("serviceId", "the record changed meanwhile; try again")
    await audit(ctx.actor, "confirmGrassrootsService", "grassroots_service", service.id,
                before={"status": S.RECORDED.value},
                after={"status": to.value, "decision": decision.value, "opinion": text},
                jurisdiction_code=service.area_jurisdiction_id)  # fmt: skip
    outcome = "已确认" if to == S.CONFIRMED else "未予确认"
    ctx.jobs_after_commit += await notify(
        await talent_users(service.talent_id), f"服务基层记录{outcome}",
        f"{service.unit_name}：{service.starts_on} 至 {service.ends_on} 服务 {service.days} 天{outcome}。"
        + (f"意见：{text}" if text else ""),
        related_type="grassroots_service", related_id=service.id,
    )  # fmt: skip
    return service
