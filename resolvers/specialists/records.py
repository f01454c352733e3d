"""Service specialists (服务专员): createSpecialist, updateSpecialist and
recordSpecialistTraining.

A specialist belongs to one organisation matching its kind (UNIT: an employer, HANDLING: a
department, WINDOW: a service window) and lies in that organisation's jurisdiction. The
items they handle must be the organisation's: a department's items are those it is
responsible for; a window's or employer's, those owned by its jurisdiction or one above."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from permissions.audit import audit
from permissions.scopes import covers, dept, jur, org
from resolvers.core.context import RequestContext
from resolvers.core.errors import (
    RECORD_NAMES,
    ErrorCode,
    UserError,
    UserErrors,
    forbidden,
    not_found,
    validation,
)
from resolvers.core.ids import decode_int_id
from resolvers.core.inputs import UNSET, Text, Unset, read_texts
from resolvers.core.lookup import find_visible, require_action
from resolvers.core.mutations import snapshot
from resolvers.core.validation import TextKind, check_phone
from resolvers.specialists.dedicated import hand_over
from schema import clock
from schema import models as m
from schema.clock import china_today
from schema.models.enum_labels import zh
from schema.models.enums import ServiceItemStatus, SpecialistKind, SpecialistStatus

K, S = SpecialistKind, SpecialistStatus
AUDITED = ("name", "kind", "jurisdiction_id", "department_id", "window_id", "employer_id", "office_phone",
           "status", "user_id", "filed_at", "left_on")  # fmt: skip
MAX_ITEMS = 200

# kind → (input attribute, GraphQL field, model, resource) of its organisation
OrganisationModel = type[m.Department] | type[m.ServiceWindow] | type[m.Employer]
ORGANISATION_OF: dict[SpecialistKind, tuple[str, str, OrganisationModel, str]] = {
    K.HANDLING: ("department_id", "departmentId", m.Department, "department"),
    K.WINDOW: ("window_id", "windowId", m.ServiceWindow, "service_window"),
    K.UNIT: ("employer_id", "employerId", m.Employer, "employer"),
}


@dataclass(frozen=True)
class Organisation:
    """The department, window or employer a specialist works at."""

    kind: SpecialistKind
    id: int
    name: str
    jurisdiction_id: str

    @property
    def column(self) -> str:
        return ORGANISATION_OF[self.kind][0]

    def scopes(self) -> list[str]:
        """The scopes a specialist of this organisation carries (SCOPE_COLUMNS["specialist"])."""
        extra = {K.HANDLING: [dept(self.id)], K.UNIT: [org(self.id)]}.get(self.kind, [])
        return [jur(self.jurisdiction_id), *extra]

    def where(self) -> dict[str, Any]:
        return {"kind": self.kind, self.column: self.id}


async def organisation_of_specialist(specialist: m.Specialist) -> Organisation:
    _, _, model, _ = ORGANISATION_OF[specialist.kind]
    key = getattr(specialist, ORGANISATION_OF[specialist.kind][0])
    row = await model.get(id=key)
    return Organisation(specialist.kind, row.id, row.name, row.jurisdiction_id)


@dataclass(frozen=True)
class NewSpecialist:
    """createSpecialist: global IDs; of department_id, window_id and employer_id exactly the
    one the kind calls for; `jurisdiction_code` must be the organisation's (the default)."""

    name: str
    kind: SpecialistKind
    department_id: str | None = None
    window_id: str | None = None
    employer_id: str | None = None
    jurisdiction_code: str | None = None
    office_phone: str | None = None
    mobile: str | None = None
    item_ids: list[str] | None = None
    username: str | None = None


@dataclass(frozen=True)
class SpecialistChanges:
    """updateSpecialist: UNSET keeps the stored value, None clears it (status: keeps it)."""

    id: str
    name: str | Unset | None = UNSET
    office_phone: str | Unset | None = UNSET
    mobile: str | Unset | None = UNSET
    item_ids: list[str] | Unset | None = UNSET
    status: SpecialistStatus | Unset | None = UNSET


@dataclass(frozen=True)
class Training:
    """recordSpecialistTraining: `specialist_id` is a global ID."""

    specialist_id: str
    title: str
    held_on: dt.date
    hours: float
    organiser: str | None = None
    certificate: str | None = None


class Contact(Protocol):
    """What read_contact reads: a new specialist, a successor or changes to one."""

    @property
    def name(self) -> str | Unset | None: ...
    @property
    def office_phone(self) -> str | Unset | None: ...
    @property
    def mobile(self) -> str | Unset | None: ...


async def organisation_from_input(
    ctx: RequestContext, kind: SpecialistKind, data: NewSpecialist
) -> Organisation:
    """Exactly the one organisation id the kind calls for, visible to the caller."""
    attr, field, model, resource = ORGANISATION_OF[kind]
    others = [f for k, (a, f, _, _) in ORGANISATION_OF.items() if k != kind and getattr(data, a, None)]
    if others or not getattr(data, attr, None):
        organisation = RECORD_NAMES[model.__name__][0]
        message = f"{zh(kind)}只能属于一个{organisation}：请只填写 {field}"
        en = f"a {kind.value} specialist belongs to one {model.__name__}: give {field} only"
        raise validation(others[0] if others else field, message, en)
    row = await find_visible(ctx, model, resource, getattr(data, attr), field)
    return Organisation(kind, row.id, row.name, row.jurisdiction_id)


async def check_items(
    organisation: Organisation, ids: list[str] | None, errors: list[UserError]
) -> list[int]:
    """The item keys, each one the organisation handles (see the module docstring)."""
    keys: list[int] = []
    for gid in ids or []:
        try:
            keys.append(decode_int_id(gid, "ServiceItem", "itemIds"))
        except UserError as error:
            errors.append(error)
    keys = list(dict.fromkeys(keys))
    if len(keys) > MAX_ITEMS:
        errors.append(validation("itemIds", f"最多 {MAX_ITEMS} 个服务事项", f"at most {MAX_ITEMS} items"))
        return keys
    items = {i.id: i for i in await m.ServiceItem.filter(id__in=keys)}
    linked: set[int] = set()
    if organisation.kind == K.HANDLING and items:
        links = m.ServiceItemDepartment.filter(item_id__in=list(items), department_id=organisation.id)
        linked_ids: list[int] = await links.values_list("item_id", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
        linked = set(linked_ids)
    for key in keys:
        item = items.get(key)
        if item is None:
            errors.append(not_found("itemIds", "服务事项", "service item"))
        elif item.status == ServiceItemStatus.RETIRED:
            errors.append(validation("itemIds", f"“{item.name}”已停用", f"{item.name} is retired"))
        elif organisation.kind == K.HANDLING and key not in linked:
            errors.append(
                validation(
                    "itemIds",
                    f"{organisation.name}不承办“{item.name}”",
                    f"{organisation.name} is not responsible for {item.name}",
                ),
            )
        elif organisation.kind != K.HANDLING and not covers(jur(item.jurisdiction_id),
                                                           jur(organisation.jurisdiction_id)):  # fmt: skip
            errors.append(
                validation(
                    "itemIds",
                    f"“{item.name}”不是{organisation.name}所在地的服务事项",
                    f"{item.name} is not an item of {organisation.name}'s place",
                )
            )
    return keys


TEXTS = (Text("name", "name", 64, required=True, kind=TextKind.NAME),)


def read_contact(data: Contact, values: dict[str, Any], errors: list[UserError]) -> None:
    """Name, office phone and mobile (checked formats; blank clears)."""
    read_texts(data, TEXTS, values, errors)
    for attr, field, value in (("office_phone", "officePhone", data.office_phone),
                               ("mobile", "mobile", data.mobile)):  # fmt: skip
        if value is UNSET:
            continue
        if value is None or not value.strip():
            values[attr] = None
            continue
        try:
            values[attr] = check_phone(value, field)
        except UserError as error:
            errors.append(error)
    if values.get("mobile") and not values["mobile"].startswith("1"):
        errors.append(
            validation("mobile", "手机号码格式应如 13812345678", "a mobile number like 13812345678")
        )


async def user_of(username: str | None, errors: list[UserError]) -> int | None:
    name = (username or "").strip()
    if not name:
        return None
    active = m.User.filter(username=name, is_active=True)
    user_id: int | None = await active.first().values_list("id", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    if user_id is None:
        errors.append(validation("username", f"没有名为 {name} 的在用账号", f"no active user {name}"))
    return user_id


async def new_specialist(ctx: RequestContext, organisation: Organisation, values: dict[str, Any],
                         status: SpecialistStatus, item_ids: list[int]) -> m.Specialist:  # fmt: skip
    """A specialist of `organisation`; filed (备案) at once when the creator is the office
    that files specialists there."""
    filed = status == S.ACTIVE and ctx.perms.allows("specialist", "approve", organisation.scopes())
    specialist = await m.Specialist.create(
        **values, **organisation.where(), jurisdiction_id=organisation.jurisdiction_id, status=status,
        filed_at=clock.now() if filed else None,
    )  # fmt: skip
    if item_ids:
        await specialist.items.add(*await m.ServiceItem.filter(id__in=item_ids))
    return specialist


async def create_specialist(ctx: RequestContext, data: NewSpecialist) -> m.Specialist:
    kind = K(data.kind)
    organisation = await organisation_from_input(ctx, kind, data)
    if not ctx.perms.allows("specialist", "create", organisation.scopes()):
        raise forbidden(
            ORGANISATION_OF[kind][1],
            f"您无权为{organisation.name}增加服务专员",
            f"you may not add specialists to {organisation.name}",
        )
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    read_contact(data, values, errors)
    code = (data.jurisdiction_code or "").strip()
    if code and code != organisation.jurisdiction_id:
        message = f"{organisation.name}位于 {organisation.jurisdiction_id}，专员在该区划服务"
        en = f"{organisation.name} is in {organisation.jurisdiction_id}: a specialist serves there"
        errors.append(validation("jurisdictionCode", message, en))
    item_ids = await check_items(organisation, data.item_ids, errors)
    values["user_id"] = await user_of(data.username, errors)
    if errors:
        raise UserErrors(errors)
    specialist = await new_specialist(ctx, organisation, values, S.ACTIVE, item_ids)
    await audit(ctx.actor, "createSpecialist", "specialist", specialist.id,
                after={**snapshot(specialist, AUDITED), "items": item_ids},
                jurisdiction_code=specialist.jurisdiction_id)  # fmt: skip
    return specialist


async def set_items(specialist: m.Specialist, item_ids: list[int]) -> None:
    await specialist.items.clear()
    if item_ids:
        await specialist.items.add(*await m.ServiceItem.filter(id__in=item_ids))


async def update_specialist(ctx: RequestContext, data: SpecialistChanges) -> m.Specialist:
    specialist = await find_visible(ctx, m.Specialist, "specialist", data.id, "id")
    require_action(
        ctx,
        "specialist",
        "update",
        specialist,
        "id",
        "您无权修改该服务专员",
        "you may not change this specialist",
    )
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    read_contact(data, values, errors)
    item_ids = None
    if data.item_ids is not UNSET and data.item_ids is not None:
        item_ids = await check_items(await organisation_of_specialist(specialist), data.item_ids, errors)
    status = None if data.status is UNSET or data.status is None else S(data.status)
    if status == S.PENDING:
        errors.append(
            validation(
                "status",
                "“待备案”状态仅用于提名的接任专员（请使用专员调整提名）",
                "PENDING is for nominated successors (nominateSpecialistSuccessor)",
            )
        )
    if errors:
        raise UserErrors(errors)
    before = snapshot(specialist, AUDITED)
    if status is not None and status != specialist.status:
        await _change_status(ctx, specialist, status, values)
    specialist.update_from_dict(values)
    await specialist.save()
    if item_ids is not None:
        await set_items(specialist, item_ids)
    after = snapshot(specialist, AUDITED)
    if item_ids is not None:
        after["items"] = item_ids
    await audit(ctx.actor, "updateSpecialist", "specialist", specialist.id, before=before, after=after,
                jurisdiction_code=specialist.jurisdiction_id)  # fmt: skip
    return specialist


async def _change_status(ctx: RequestContext, specialist: m.Specialist, status: SpecialistStatus,
                         values: dict[str, Any]) -> None:  # fmt: skip
    if specialist.status == S.PENDING:
        raise UserError(
            "status",
            ErrorCode.INVALID_STATE,
            "提名的接任专员须经人才办备案后才能在岗",
            "a nominated successor becomes active when the talent office files it",
        )
    if status == S.INACTIVE:  # 离岗: their dedicated talents move first, or nothing changes
        ctx.jobs_after_commit += await hand_over(specialist, ctx.actor.username)
        values.update(status=S.INACTIVE, left_on=china_today())
    else:
        values.update(status=S.ACTIVE, left_on=None)


# -- training (培训记录) -------------------------------------------------------------------

TRAINING_TEXTS = (
    Text("title", "title", 128, required=True),
    Text("organiser", "organiser", 128, kind=TextKind.NAME),
    Text("certificate", "certificate", 64),
)


async def record_training(ctx: RequestContext, data: Training) -> m.SpecialistTraining:
    specialist = await find_visible(ctx, m.Specialist, "specialist", data.specialist_id, "specialistId")
    require_action(ctx, "specialist", "update", specialist, "specialistId",
                   "您无权登记该专员的培训记录", "you may not record this specialist's training")  # fmt: skip
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    read_texts(data, TRAINING_TEXTS, values, errors)
    if data.held_on > china_today():
        errors.append(
            validation(
                "heldOn",
                "培训结束后才能登记，培训日期不能晚于今天",
                "a training is recorded after it was held",
            )
        )
    try:
        hours = Decimal(str(data.hours)).quantize(Decimal("0.1"))
    except InvalidOperation:
        hours = Decimal(0)
    if not Decimal("0.5") <= hours <= Decimal("999.9"):
        errors.append(
            validation("hours", "培训学时应在 0.5 至 999.9 小时之间", "between 0.5 and 999.9 hours")
        )
    if errors:
        raise UserErrors(errors)
    training = await m.SpecialistTraining.create(
        specialist_id=specialist.id,
        held_on=data.held_on,
        hours=hours,
        recorded_by=ctx.actor.username,
        **values,
    )
    await audit(ctx.actor, "recordSpecialistTraining", "specialist", specialist.id,
                after={"training": training.id, "title": training.title, "held_on": data.held_on.isoformat(),
                       "hours": str(hours)},
                jurisdiction_code=specialist.jurisdiction_id)  # fmt: skip
    return training
