"""The experts an office lists for a year (纳入服务基层范围的高层次人才). A listing carries
the talent's county and employer when listed: who sees it, and whose office is reminded."""

from __future__ import annotations

from permissions.audit import audit
from permissions.resources import row_scopes
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, forbidden, validation
from resolvers.core.lookup import find_visible
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from schema.clock import china_today
from schema.models import GrassrootsExpert, GrassrootsService, Talent
from schema.models.enums import TalentStatus

REQUIRED_DAYS = 15  # 每年服务基层不少于 15 天
MAX_REQUIRED_DAYS = 366
FIRST_YEAR = 2000

EXPERTS = Listing(
    GrassrootsExpert,
    "grassroots_expert",
    {
        "id": id_filter("GrassrootsExpert", "id", "filter.id"),
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
        "required_days": "required_days",
    },
    {"ID": OrderColumn("id"), "CREATED_AT": OrderColumn("created_at")},
)


def check_year(year: int, field: str = "year") -> int:
    """A listing year: from 2000 to next year (an office lists ahead for the coming year)."""
    if not FIRST_YEAR <= year <= china_today().year + 1:
        raise validation(field, f"年度应为 {FIRST_YEAR}–{china_today().year + 1}",
                         f"a year from {FIRST_YEAR} to next year")  # fmt: skip
    return year


async def list_expert(
    ctx: RequestContext, talent_id: str, year: int, required_days: int | None
) -> GrassrootsExpert:
    talent = await find_visible(ctx, Talent, "talent", talent_id, "talentId")
    check_year(year)
    days = REQUIRED_DAYS if required_days is None else required_days
    if not 1 <= days <= MAX_REQUIRED_DAYS:
        raise validation("requiredDays", f"年度服务天数要求为 1–{MAX_REQUIRED_DAYS}",
                         f"1 to {MAX_REQUIRED_DAYS} days")  # fmt: skip
    if not ctx.perms.allows("grassroots_expert", "create", row_scopes("talent", talent)):
        raise forbidden("talentId", "您无权将该人才纳入服务基层范围", "not allowed to list this talent")
    if talent.status != TalentStatus.ACTIVE:
        raise UserError("talentId", ErrorCode.INVALID_STATE, "该人才已离开", "the talent has left")
    if await GrassrootsExpert.exists(year=year, talent_id=talent.id):
        raise UserError("talentId", ErrorCode.CONFLICT, f"该人才已纳入 {year} 年度服务基层范围",
                        f"already listed for {year}")  # fmt: skip
    expert = await GrassrootsExpert.create(
        year=year, talent_id=talent.id, jurisdiction_id=talent.jurisdiction_id,
        employer_id=talent.employer_id, required_days=days, listed_by=ctx.actor.username,
    )  # fmt: skip
    await audit(ctx.actor, "listGrassrootsExpert", "grassroots_expert", expert.id,
                after={"year": year, "talent_id": talent.id, "required_days": days},
                jurisdiction_code=expert.jurisdiction_id)  # fmt: skip
    return expert


async def remove_expert(ctx: RequestContext, expert_id: str) -> GrassrootsExpert:
    """Take a listing back; one with service recorded stays (its records count for someone)."""
    expert = await find_visible(ctx, GrassrootsExpert, "grassroots_expert", expert_id, "expertId")
    if not ctx.perms.allows("grassroots_expert", "update", row_scopes("grassroots_expert", expert)):
        raise forbidden("expertId", "您无权调整服务基层专家名单", "not allowed to change this listing")
    if await GrassrootsService.exists(expert_id=expert.id):
        raise UserError("expertId", ErrorCode.INVALID_STATE, "该专家已有服务记录，不能移出名单",
                        "the expert has service records")  # fmt: skip
    await GrassrootsExpert.filter(id=expert.id).delete()
    await audit(ctx.actor, "removeGrassrootsExpert", "grassroots_expert", expert.id,
                before={"year": expert.year, "talent_id": expert.talent_id},
                jurisdiction_code=expert.jurisdiction_id)  # fmt: skip
    return expert
