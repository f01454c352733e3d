"""Grassroots areas (服务基层地区): the counties a province or city office designates as
欠发达地区、革命老区 or 基层一线, as data; service counts only where one is designated.
The designations are public reference data: every signed-in user reads them."""

from __future__ import annotations

from permissions.audit import audit
from permissions.scopes import jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, forbidden
from resolvers.core.inputs import read_text
from resolvers.core.lookup import find_jurisdiction, find_visible
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from schema.models import GrassrootsArea
from schema.models.enums import GrassrootsAreaKind, JurisdictionLevel

AREAS = Listing(
    GrassrootsArea,
    "grassroots_area",
    {
        "id": id_filter("GrassrootsArea", "id", "filter.id"),
        "kind": "kind",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {"ID": OrderColumn("id"), "CODE": OrderColumn("jurisdiction_id")},
)


async def is_designated(county: str) -> bool:
    return await GrassrootsArea.exists(jurisdiction_id=county)


async def designate_area(
    ctx: RequestContext, code: str, kind: GrassrootsAreaKind, note: str | None
) -> GrassrootsArea:
    """Designate a county (a development zone counts) as one kind of grassroots area."""
    place = await find_jurisdiction(code)
    if place.level != JurisdictionLevel.COUNTY:
        raise UserError("jurisdictionCode", ErrorCode.VALIDATION, "服务基层地区应为县级行政区划",
                        "a grassroots area is a county")  # fmt: skip
    if not ctx.perms.allows("grassroots_area", "create", [jur(place.code)]):
        raise forbidden("jurisdictionCode", "您无权认定此地区", "not allowed to designate this area")
    text = read_text(note, "note", 500)
    if await GrassrootsArea.exists(jurisdiction_id=place.code, kind=kind):
        raise UserError("kind", ErrorCode.CONFLICT, "该地区已认定为此类型", "already designated so")
    area = await GrassrootsArea.create(jurisdiction_id=place.code, kind=kind, note=text)
    await audit(ctx.actor, "designateGrassrootsArea", "grassroots_area", area.id,
                after={"jurisdiction": place.code, "kind": kind.value, "note": text},
                jurisdiction_code=place.code)  # fmt: skip
    return area


async def withdraw_area(ctx: RequestContext, area_id: str) -> GrassrootsArea:
    """Withdraw a designation; service recorded before stays as it was."""
    area = await find_visible(ctx, GrassrootsArea, "grassroots_area", area_id, "areaId")
    if not ctx.perms.allows("grassroots_area", "update", [jur(area.jurisdiction_id)]):
        raise forbidden("areaId", "您无权撤销此地区的认定", "not allowed to withdraw this designation")
    await GrassrootsArea.filter(id=area.id).delete()
    await audit(ctx.actor, "withdrawGrassrootsArea", "grassroots_area", area.id,
                before={"jurisdiction": area.jurisdiction_id, "kind": area.kind.value},
                jurisdiction_code=area.jurisdiction_id)  # fmt: skip
    return area
