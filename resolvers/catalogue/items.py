"""The service catalogue (服务事项): drafts, publication with versions (动态调整), retirement.

Editing a published item creates the next version as a draft; publishing it retires
the version in force the day before, so the catalogue always has one current entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from permissions.audit import audit
from permissions.scopes import covers, jur
from resolvers.catalogue.flow import SERVICE_ITEM_FLOW
from resolvers.core.context import RequestContext
from resolvers.core.errors import (
    ErrorCode,
    UserError,
    UserErrors,
    action_name,
    forbidden,
    not_found,
    validation,
)
from resolvers.core.ids import decode_int_id
from resolvers.core.inputs import UNSET, Text, Unset, read_enums, read_text, read_texts
from resolvers.core.lookup import find_jurisdiction, find_visible
from resolvers.core.mutations import snapshot
from resolvers.core.validation import TextKind, check_text
from resolvers.core.versions import publish_version, retire_version
from schema.clock import china_today
from schema.models import CardTier, Department, ServiceItem, ServiceItemDepartment
from schema.models.enums import ServiceCategory, ServiceItemStatus, ServiceMode

MAX_TIME_LIMIT = 365
EDITABLE = ("name", "category", "mode", "time_limit_workdays", "policy_basis", "description",
            "materials", "effective_from", "effective_to")  # fmt: skip
AUDITED = ("code", "version", "status", "jurisdiction_id", *EDITABLE)


def related(a: str, b: str) -> bool:
    """Whether one jurisdiction lies under the other (or they are the same)."""
    return covers(jur(a), jur(b)) or covers(jur(b), jur(a))


def _require(ctx: RequestContext, action: str, code: str) -> None:
    if not ctx.perms.allows("service_item", action, [jur(code)]):
        raise forbidden(None, f"您无权在此区划{action_name(action)}服务事项",
                        f"not allowed to {action} service items here")  # fmt: skip


async def _visible_item(ctx: RequestContext, global_id: str) -> ServiceItem:
    return await find_visible(ctx, ServiceItem, "service_item", global_id, "id")


@dataclass(frozen=True)
class NewServiceItem:
    """createServiceItem: IDs are global IDs; absent optional fields are None."""

    code: str
    name: str
    category: ServiceCategory
    mode: ServiceMode
    jurisdiction_code: str
    time_limit_workdays: int | None = None
    policy_basis: str | None = None
    description: str | None = None
    materials: list[str] | None = None
    department_ids: list[str] | None = None
    lead_department_id: str | None = None
    eligible_tier_ids: list[str] | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


@dataclass(frozen=True)
class ServiceItemChanges:
    """updateServiceItem: UNSET keeps the stored value, None clears it."""

    id: str
    name: str | Unset | None = UNSET
    category: ServiceCategory | Unset | None = UNSET
    mode: ServiceMode | Unset | None = UNSET
    time_limit_workdays: int | Unset | None = UNSET
    policy_basis: str | Unset | None = UNSET
    description: str | Unset | None = UNSET
    materials: list[str] | Unset | None = UNSET
    department_ids: list[str] | Unset | None = UNSET
    lead_department_id: str | Unset | None = UNSET
    eligible_tier_ids: list[str] | Unset | None = UNSET
    effective_from: dt.date | Unset | None = UNSET
    effective_to: dt.date | Unset | None = UNSET


ItemInput = NewServiceItem | ServiceItemChanges
Departments = tuple[list[int], int | None]  # (department keys, the lead's)

TEXTS = (
    Text("name", "name", 128, required=True),
    Text("policy_basis", "policyBasis", 4000, kind=TextKind.TEXT),
    Text("description", "description", 4000, kind=TextKind.TEXT),
)


def _check_plain(data: ItemInput, values: dict[str, Any], errors: list[UserError]) -> None:
    read_texts(data, TEXTS, values, errors)
    read_enums(data, ("category", "mode"), values)
    limit = data.time_limit_workdays
    if limit is not UNSET:
        if limit is not None and not 1 <= limit <= MAX_TIME_LIMIT:
            errors.append(
                validation(
                    "timeLimitWorkdays",
                    f"办理时限应为 1 至 {MAX_TIME_LIMIT} 个工作日",
                    f"between 1 and {MAX_TIME_LIMIT} working days",
                )
            )
        values["time_limit_workdays"] = limit
    materials = data.materials
    if materials is not UNSET:
        cleaned = [m.strip() for m in materials or [] if m and m.strip()]
        if len(cleaned) > 50 or any(len(m) > 200 for m in cleaned):
            errors.append(validation("materials", "申请材料最多 50 项，每项最多 200 个字符",
                                     "at most 50 entries of 200 characters"))  # fmt: skip
        try:
            values["materials"] = [check_text(m, "materials", TextKind.LINE) for m in cleaned]
        except UserError as error:
            errors.append(error)
    for attr, value in (("effective_from", data.effective_from), ("effective_to", data.effective_to)):
        if value is not UNSET:
            values[attr] = value
    start, end = values.get("effective_from"), values.get("effective_to")
    if start and end and end < start:
        errors.append(validation("effectiveTo", "失效日期不能早于生效日期", "ends before it starts"))


async def _check_departments(
    data: ItemInput, jurisdiction: str, errors: list[UserError]
) -> Departments | None:
    ids = data.department_ids
    if ids is UNSET or ids is None:
        return None
    keys: list[int] = []
    for gid in ids:
        try:
            keys.append(decode_int_id(gid, "Department", "departmentIds"))
        except UserError as error:
            errors.append(error)
    departments = {d.id: d for d in await Department.filter(id__in=keys)}
    for key in keys:
        dept = departments.get(key)
        if dept is None:
            errors.append(not_found("departmentIds", "职能部门", "department"))
        elif not related(dept.jurisdiction_id, jurisdiction):
            errors.append(validation("departmentIds", f"{dept.name}不属于本事项所在区划",
                                     f"{dept.name} serves another jurisdiction"))  # fmt: skip
    lead = None
    lead_gid = data.lead_department_id
    if lead_gid:
        try:
            lead = decode_int_id(lead_gid, "Department", "leadDepartmentId")
        except UserError as error:
            errors.append(error)
        if lead is not None and lead not in keys:
            errors.append(validation("leadDepartmentId", "牵头部门须是所选职能部门之一",
                                     "must be one of departmentIds"))  # fmt: skip
    elif keys:
        lead = keys[0]
    return list(dict.fromkeys(keys)), lead


async def _check_tiers(data: ItemInput, jurisdiction: str, errors: list[UserError]) -> list[int] | None:
    ids = data.eligible_tier_ids
    if ids is UNSET or ids is None:
        return None
    keys: list[int] = []
    for gid in ids:
        try:
            keys.append(decode_int_id(gid, "CardTier", "eligibleTierIds"))
        except UserError as error:
            errors.append(error)
    tiers = await CardTier.filter(id__in=keys).select_related("programme")
    if len(tiers) != len(set(keys)):
        errors.append(not_found("eligibleTierIds", "卡等级", "card tier"))
    for tier in tiers:
        if not related(tier.programme.jurisdiction_id, jurisdiction):
            errors.append(validation("eligibleTierIds", f"卡等级 {tier.code} 属于其他区划的人才卡项目",
                                     f"tier {tier.code} is of another programme"))  # fmt: skip
    return list(dict.fromkeys(keys))


async def _set_links(item: ServiceItem, departments: Departments | None, tiers: list[int] | None) -> None:
    if departments is not None:
        keys, lead = departments
        await ServiceItemDepartment.filter(item_id=item.id).delete()
        for key in keys:
            await ServiceItemDepartment.create(item_id=item.id, department_id=key, is_lead=key == lead)
    if tiers is not None:
        await item.eligible_tiers.clear()
        if tiers:
            await item.eligible_tiers.add(*await CardTier.filter(id__in=tiers))


async def create_service_item(ctx: RequestContext, data: NewServiceItem) -> ServiceItem:
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    code = (data.code or "").strip()
    if not code or len(code) > 64 or not all(c.isalnum() or c in "._-" for c in code):
        errors.append(validation("code", "事项编码应为 1 至 64 位字母、数字或“.”“_”“-”",
                                 "1 to 64 letters, digits, '.', '_' or '-'"))  # fmt: skip
    try:
        jurisdiction = (await find_jurisdiction(data.jurisdiction_code)).code
    except UserError as error:
        errors.append(error)
        jurisdiction = ""  # relates to every department and tier: only this error is reported
    _check_plain(data, values, errors)
    departments = await _check_departments(data, jurisdiction, errors)
    tiers = await _check_tiers(data, jurisdiction, errors)
    if errors:
        raise UserErrors(errors)
    _require(ctx, "create", jurisdiction)
    if await ServiceItem.filter(code=code).exists():
        raise UserError("code", ErrorCode.CONFLICT, "该事项编码已存在", "an item with this code exists")
    item = await ServiceItem.create(
        code=code, version=1, jurisdiction_id=jurisdiction, status=ServiceItemStatus.DRAFT,
        **values,
    )  # fmt: skip
    await _set_links(item, departments, tiers)
    await audit(ctx.actor, "createServiceItem", "service_item", item.id,
                after=snapshot(item, AUDITED), jurisdiction_code=jurisdiction)  # fmt: skip
    return item


async def update_service_item(ctx: RequestContext, data: ServiceItemChanges) -> ServiceItem:
    item = await _visible_item(ctx, data.id)
    _require(ctx, "update", item.jurisdiction_id)
    if item.status == ServiceItemStatus.RETIRED:
        raise UserError("id", ErrorCode.INVALID_STATE, "已停用的事项不能修改", "a retired item cannot change")
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    _check_plain(data, values, errors)
    departments = await _check_departments(data, item.jurisdiction_id, errors)
    tiers = await _check_tiers(data, item.jurisdiction_id, errors)
    if errors:
        raise UserErrors(errors)
    before = snapshot(item, AUDITED)
    if item.status == ServiceItemStatus.PUBLISHED:
        if await ServiceItem.filter(code=item.code, status=ServiceItemStatus.DRAFT).exists():
            raise UserError("id", ErrorCode.CONFLICT, "该事项已有待发布的新版本草稿",
                            "a draft of the next version exists")  # fmt: skip
        draft = await ServiceItem.create(
            **{k: getattr(item, k) for k in EDITABLE}, code=item.code, version=item.version + 1,
            jurisdiction_id=item.jurisdiction_id, status=ServiceItemStatus.DRAFT,
        )  # fmt: skip
        links = await ServiceItemDepartment.filter(item_id=item.id)
        old_tiers = [t.id for t in await item.eligible_tiers.all()]
        await _set_links(
            draft,
            departments or ([link.department_id for link in links],
                            next((link.department_id for link in links if link.is_lead), None)),
            tiers if tiers is not None else old_tiers,
        )  # fmt: skip
        item = draft
    else:
        await _set_links(item, departments, tiers)
    item.update_from_dict({**values, "effective_to": values.get("effective_to", item.effective_to)})
    await item.save()
    await audit(ctx.actor, "updateServiceItem", "service_item", item.id, before=before,
                after=snapshot(item, AUDITED), jurisdiction_code=item.jurisdiction_id)  # fmt: skip
    return item


async def publish_service_item(
    ctx: RequestContext, item_id: str, effective_from: dt.date | None = None
) -> ServiceItem:
    """`effective_from` defaults to the draft's own, else today."""
    item = await _visible_item(ctx, item_id)
    _require(ctx, "approve", item.jurisdiction_id)
    if item.status != ServiceItemStatus.DRAFT:
        raise UserError("id", ErrorCode.INVALID_STATE, "只有草稿状态的事项才能发布",
                        "only a draft can be published")  # fmt: skip
    links = await ServiceItemDepartment.filter(item_id=item.id)
    problems = []
    if item.mode == ServiceMode.APPLICATION:
        if not links:
            problems.append(validation("departmentIds", "专员办理类事项须指定职能部门",
                                       "an APPLICATION item needs departments"))  # fmt: skip
        if not item.time_limit_workdays:
            problems.append(validation("timeLimitWorkdays", "专员办理类事项须设定办理时限",
                                       "an APPLICATION item needs a limit"))  # fmt: skip
    if links and sum(link.is_lead for link in links) != 1:
        problems.append(validation("leadDepartmentId", "须指定且只能指定一个牵头部门",
                                   "exactly one lead department"))  # fmt: skip
    if problems:
        raise UserErrors(problems)
    starts = effective_from or item.effective_from or china_today()
    current = await publish_version(item, SERVICE_ITEM_FLOW, ServiceItemStatus, starts, "事项", "item")
    await audit(ctx.actor, "publishServiceItem", "service_item", item.id,
                after={"version": item.version, "effective_from": starts.isoformat(),
                       "retired": [o.id for o in current]},
                jurisdiction_code=item.jurisdiction_id)  # fmt: skip
    return item


async def retire_service_item(
    ctx: RequestContext, item_id: str, effective_to: dt.date | None = None, reason: str | None = None
) -> ServiceItem:
    """`effective_to` defaults to today."""
    item = await _visible_item(ctx, item_id)
    _require(ctx, "approve", item.jurisdiction_id)
    reason = read_text(reason, "reason", 2000)
    ends = await retire_version(item, SERVICE_ITEM_FLOW, ServiceItemStatus, effective_to, "事项", "item")
    await audit(ctx.actor, "retireServiceItem", "service_item", item.id,
                after={"effective_to": ends.isoformat(), "reason": reason},
                jurisdiction_code=item.jurisdiction_id)  # fmt: skip
    return item
