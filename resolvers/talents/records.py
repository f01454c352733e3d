"""Talents (人才): listing, creation, updates and departure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from permissions.audit import audit
from permissions.masking import mask_address, mask_id_number, mask_phone
from permissions.resources import row_scopes
from permissions.scopes import jur, org
from permissions.visibility import visible
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
from resolvers.core.inputs import UNSET, Text, Unset, read_text, read_texts
from resolvers.core.lookup import find_jurisdiction, find_visible
from resolvers.core.mutations import snapshot
from resolvers.core.transitions import change_status
from resolvers.core.validation import TextKind, check_passport, check_phone, check_resident_id
from resolvers.customfields.filtering import CustomFieldListing, custom_filter
from resolvers.customfields.values import audited_change, checked_values, moved_values
from resolvers.funds.clawback import stop_for_talent
from resolvers.listing.counting import BY_JURISDICTION, GroupColumn
from resolvers.listing.filtering import ColumnSpec, id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn, datetime_column
from resolvers.talents.flow import TALENT_FLOW
from resolvers.talents.registration import refuse_second_record
from schema.clock import china_today
from schema.models import Employer, Talent, TalentCategory
from schema.models.enums import ClawbackTrigger, Gender, IdKind, JurisdictionLevel, TalentStatus

FILTER_COLUMNS: dict[str, ColumnSpec] = {
    "id": id_filter("Talent", "id", "filter.id"),
    "name": "name",
    "status": "status",
    "gender": "gender",
    "education": "education",
    "jurisdiction_code": "jurisdiction_id",
    "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    "employer_id": id_filter("Employer", "employer_id", "filter.employerId"),
    "category_id": id_filter("TalentCategory", "category_id", "filter.categoryId"),
    "introduced_on": "introduced_on",
    "created_at": "created_at",
    "custom": custom_filter,
}

ORDER_COLUMNS = {
    "ID": OrderColumn("id"),
    "NAME": OrderColumn("name"),
    "CREATED_AT": datetime_column("created_at"),
    "UPDATED_AT": datetime_column("updated_at"),
}

AUDITED_FIELDS = (
    "name", "gender", "id_kind", "id_number", "phone", "address", "education", "degree",
    "professional_title", "skill_level", "employer_id", "jurisdiction_id", "category_id",
    "introduced_on", "status", "left_on",
)  # fmt: skip

_MASKED = {"id_number": mask_id_number, "phone": mask_phone, "address": mask_address}


def audit_view(row: Talent) -> dict[str, Any]:
    """The trail is read by auditors without pii:read: personal data goes in masked."""
    view = snapshot(row, AUDITED_FIELDS)
    for name, mask in _MASKED.items():
        view[name] = mask(view[name])
    return view


TALENTS = CustomFieldListing(Talent, "talent", FILTER_COLUMNS, ORDER_COLUMNS, type_name="Talent")

# talentCounts(groupBy): what a chart of talents may be grouped by
GROUP_COLUMNS = {
    "STATUS": GroupColumn("status"),
    "GENDER": GroupColumn("gender"),
    "EDUCATION": GroupColumn("education"),
    "JURISDICTION": BY_JURISDICTION,
    "CATEGORY": GroupColumn("category_id", "category__name", "TalentCategory"),
    "EMPLOYER": GroupColumn("employer_id", "employer__name", "Employer"),
    "INTRODUCED_ON": GroupColumn("introduced_on", temporal="date"),
    "CREATED_AT": GroupColumn("created_at", temporal="timestamp"),
}


# ---- writing -------------------------------------------------------------------------


@dataclass(frozen=True)
class NewTalent:
    """createTalent: IDs are global IDs; absent optional fields are None."""

    name: str
    id_number: str
    jurisdiction_code: str
    id_kind: IdKind | None = None
    gender: Gender | None = None
    nationality: str | None = None
    birth_date: dt.date | None = None
    phone: str | None = None
    address: str | None = None
    education: str | None = None
    degree: str | None = None
    professional_title: str | None = None
    skill_level: str | None = None
    employer_id: str | None = None
    category_id: str | None = None
    introduced_on: dt.date | None = None
    custom_fields: dict[str, Any] | None = None


@dataclass(frozen=True)
class TalentChanges:
    """updateTalent: UNSET keeps the stored value, None clears it."""

    id: str
    name: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET
    address: str | Unset | None = UNSET
    education: str | Unset | None = UNSET
    degree: str | Unset | None = UNSET
    professional_title: str | Unset | None = UNSET
    skill_level: str | Unset | None = UNSET
    employer_id: str | Unset | None = UNSET
    category_id: str | Unset | None = UNSET
    jurisdiction_code: str | Unset | None = UNSET
    introduced_on: dt.date | Unset | None = UNSET
    custom_fields: dict[str, Any] | Unset | None = UNSET


TEXTS = (
    Text("name", "name", 64, required=True, kind=TextKind.NAME),
    Text("address", "address", 256),
    Text("education", "education", 32),
    Text("degree", "degree", 32),
    Text("professional_title", "professionalTitle", 64),
    Text("skill_level", "skillLevel", 32),
)


async def _check_refs(
    ctx: RequestContext, data: NewTalent | TalentChanges, errors: list[UserError], values: dict[str, Any]
) -> None:
    """Jurisdiction, employer and category named by the input must exist (and the
    employer be visible to the caller)."""
    code = data.jurisdiction_code
    if code not in (UNSET, None):
        try:
            place = await find_jurisdiction(code)
        except UserError as error:
            errors.append(error)
        else:
            if place.level != JurisdictionLevel.COUNTY:
                errors.append(
                    validation(
                        "jurisdictionCode",
                        "人才须归属县级行政区划",
                        "talents belong to a county-level jurisdiction",
                    ),
                )
            else:
                values["jurisdiction_id"] = place.code
    employer_id = data.employer_id
    if employer_id is None:
        values["employer_id"] = None
    elif employer_id is not UNSET:
        try:
            key = decode_int_id(employer_id, "Employer", "employerId")
            if not await visible(Employer, ctx.perms, "employer").filter(id=key).exists():
                raise not_found("employerId", "用人单位", "employer")
            values["employer_id"] = key
        except UserError as error:
            errors.append(error)
    category_id = data.category_id
    if category_id is None:
        values["category_id"] = None
    elif category_id is not UNSET:
        try:
            key = decode_int_id(category_id, "TalentCategory", "categoryId")
            if not await TalentCategory.filter(id=key).exists():
                raise not_found("categoryId", "人才类别", "talent category")
            values["category_id"] = key
        except UserError as error:
            errors.append(error)


async def _check_fields(
    ctx: RequestContext, data: NewTalent | TalentChanges, errors: list[UserError], creating: bool
) -> dict[str, Any]:
    """Check every plain field of the input, appending to `errors`; never raises."""
    values: dict[str, Any] = {}
    read_texts(data, TEXTS, values, errors)
    phone = data.phone
    if phone not in (UNSET, None):
        try:
            values["phone"] = check_phone(phone)
        except UserError as error:
            errors.append(error)
    elif phone is None:
        values["phone"] = None
    introduced = data.introduced_on
    if introduced is not UNSET:
        if introduced is not None and introduced > china_today():
            errors.append(validation("introducedOn", "引进日期不能晚于今天", "cannot be in the future"))
        values["introduced_on"] = introduced
    if creating and data.jurisdiction_code in (None, UNSET):
        errors.append(validation("jurisdictionCode", "请选择所属行政区划", "jurisdiction is required"))
    await _check_refs(ctx, data, errors, values)
    return values


def _check_identity(data: NewTalent, values: dict[str, Any]) -> None:
    id_kind = IdKind(data.id_kind or IdKind.RESIDENT_ID)
    values["id_kind"] = id_kind
    if id_kind == IdKind.RESIDENT_ID:
        resident = check_resident_id(data.id_number)
        values["id_number"] = resident.number
        values["birth_date"] = resident.birth_date
        gender = getattr(data.gender, "value", data.gender)
        if gender is not None and gender != resident.gender.value:
            raise validation(
                "gender", "性别与身份证号不符", "does not match the gender encoded in the ID number"
            )
        values["gender"] = resident.gender
        values["nationality"] = "CHN"
    else:
        values["id_number"] = check_passport(data.id_number)
        if data.gender is None:
            raise validation("gender", "使用护照时须填写性别", "gender is required with a passport")
        if not data.nationality or len(data.nationality) != 3 or not data.nationality.isalpha():
            raise validation(
                "nationality", "国籍应为 ISO 3166 三位字母代码，如 USA", "ISO 3166 alpha-3 code, e.g. USA"
            )
        values["gender"] = getattr(data.gender, "value", data.gender)
        values["nationality"] = data.nationality.upper()
        values["birth_date"] = data.birth_date


def _require(ctx: RequestContext, action: str, scopes: list[str], where: str, where_en: str) -> None:
    if not ctx.perms.allows("talent", action, scopes):
        raise forbidden(
            None, f"您无权{where}{action_name(action)}人才", f"not allowed to {action} talents {where_en}"
        )


async def create_talent(ctx: RequestContext, data: NewTalent) -> Talent:
    errors: list[UserError] = []
    values = await _check_fields(ctx, data, errors, creating=True)
    try:
        _check_identity(data, values)
    except UserError as error:
        errors.append(error)
    if "jurisdiction_id" in values:  # the fields that apply depend on the place
        values["custom_fields"] = await checked_values(
            "Talent", values["jurisdiction_id"], data.custom_fields, {}, errors
        )
    if errors:
        raise UserErrors(errors)
    scopes = [jur(values["jurisdiction_id"])]
    if values.get("employer_id"):
        scopes.append(org(values["employer_id"]))
    _require(ctx, "create", scopes, "在该区划或用人单位", "in this jurisdiction or employer")
    await refuse_second_record(ctx, values["id_number"])  # the same answer wherever it is kept
    talent = await Talent.create(**values)
    _, custom = await audited_change("Talent", {}, talent.custom_fields)
    await audit(
        ctx.actor, "createTalent", "talent", talent.id,
        after=audit_view(talent) | ({"custom_fields": custom} if custom else {}),
        jurisdiction_code=talent.jurisdiction_id,
    )  # fmt: skip
    return talent


async def _editable(ctx: RequestContext, global_id: str) -> Talent:
    talent = await find_visible(ctx, Talent, "talent", global_id, "id")
    _require(ctx, "update", row_scopes("talent", talent), "在此", "here")
    return talent


async def update_talent(ctx: RequestContext, data: TalentChanges) -> Talent:
    talent = await _editable(ctx, data.id)
    errors: list[UserError] = []
    values = await _check_fields(ctx, data, errors, creating=False)
    place = values.get("jurisdiction_id", talent.jurisdiction_id)
    if place != talent.jurisdiction_id:  # a move: the values follow the new place's fields
        values["custom_fields"] = await moved_values(
            "Talent", place, talent.custom_fields, data.custom_fields, errors
        )
    elif data.custom_fields is not UNSET:
        values["custom_fields"] = await checked_values(
            "Talent", place, data.custom_fields, talent.custom_fields, errors
        )
    if errors:
        raise UserErrors(errors)
    if "jurisdiction_id" in values or values.get("employer_id"):
        target = [jur(values.get("jurisdiction_id", talent.jurisdiction_id))]
        if values.get("employer_id"):
            target.append(org(values["employer_id"]))
        _require(ctx, "create", target, "在新的区划或用人单位", "in the new jurisdiction or employer")
    before = audit_view(talent)
    custom_before = dict(talent.custom_fields)
    talent.update_from_dict(values)
    await talent.save()
    after = audit_view(talent)
    changed = {k for k in after if after[k] != before[k]}
    old, new = await audited_change("Talent", custom_before, talent.custom_fields)
    extra_before, extra_after = ({"custom_fields": old}, {"custom_fields": new}) if old or new else ({}, {})
    await audit(
        ctx.actor, "updateTalent", "talent", talent.id,
        before={k: before[k] for k in changed} | extra_before,
        after={k: after[k] for k in changed} | extra_after,
        jurisdiction_code=talent.jurisdiction_id,
    )  # fmt: skip
    return talent


async def mark_talent_left(
    ctx: RequestContext, talent_id: str, left_on: dt.date | None = None, reason: str | None = None
) -> Talent:
    """`left_on` defaults to today (Beijing)."""
    talent = await _editable(ctx, talent_id)
    if talent.status == TalentStatus.LEFT:
        raise UserError(
            "id", ErrorCode.INVALID_STATE, "该人才已标记为离开", "the talent is already marked as left"
        )
    reason = read_text(reason, "reason", 2000)
    left_on = left_on or china_today()
    if left_on > china_today():
        raise validation("leftOn", "离开日期不能晚于今天", "cannot be in the future")
    if not await change_status(talent, TALENT_FLOW, TalentStatus.LEFT, left_on=left_on):
        raise UserError(
            "id", ErrorCode.INVALID_STATE, "该人才已标记为离开", "the talent is already marked as left"
        )
    await audit(
        ctx.actor, "markTalentLeft", "talent", talent.id,
        before={"status": "ACTIVE"},
        after={"status": "LEFT", "left_on": left_on.isoformat(), "reason": reason},
        jurisdiction_code=talent.jurisdiction_id,
    )  # fmt: skip
    # Funds paid on staying here stop, and what the policy's rule gives back is recovered.
    ctx.jobs_after_commit += await stop_for_talent(
        ctx.actor, talent.id, ClawbackTrigger.LEFT, left_on, reason
    )
    return talent
