"""Employers (用人单位): registration and updates, with credit-code checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from permissions.audit import audit
from permissions.scopes import jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, forbidden, validation
from resolvers.core.inputs import UNSET, Text, Unset, read_enums, read_texts
from resolvers.core.lookup import find_jurisdiction, find_visible, require_action
from resolvers.core.mutations import snapshot
from resolvers.core.validation import TextKind, check_credit_code
from resolvers.customfields.values import audited_change, checked_values
from schema.models import Employer
from schema.models.enums import EmployerKind, JurisdictionLevel

AUDITED = ("name", "credit_code", "jurisdiction_id", "kind", "industry")


@dataclass(frozen=True)
class NewEmployer:
    name: str
    credit_code: str
    jurisdiction_code: str
    kind: EmployerKind | None = None
    industry: str | None = None
    custom_fields: dict[str, Any] | None = None


@dataclass(frozen=True)
class EmployerChanges:
    """updateEmployer: UNSET keeps the stored value, None clears it."""

    id: str
    name: str | Unset | None = UNSET
    kind: EmployerKind | Unset | None = UNSET
    industry: str | Unset | None = UNSET
    custom_fields: dict[str, Any] | Unset | None = UNSET


TEXTS = (Text("name", "name", 128, required=True, kind=TextKind.NAME), Text("industry", "industry", 64))


def _check_text(data: NewEmployer | EmployerChanges, values: dict[str, Any], errors: list[UserError]) -> None:
    read_texts(data, TEXTS, values, errors)
    read_enums(data, ("kind",), values)


async def _check_place(code: str, errors: list[UserError]) -> str:
    try:
        place = await find_jurisdiction(code)
    except UserError as error:
        errors.append(error)
        return code
    if place.level != JurisdictionLevel.COUNTY:
        errors.append(
            validation(
                "jurisdictionCode", "用人单位须在县（区）级登记", "employers register in a county or district"
            )
        )
    return place.code


async def create_employer(ctx: RequestContext, data: NewEmployer) -> Employer:
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    _check_text(data, values, errors)
    try:
        values["credit_code"] = check_credit_code(data.credit_code)
    except UserError as error:
        errors.append(error)
    code = await _check_place(data.jurisdiction_code, errors)
    if not errors:  # the fields that apply depend on the place
        values["custom_fields"] = await checked_values("Employer", code, data.custom_fields, {}, errors)
    if errors:
        raise UserErrors(errors)
    if not ctx.perms.allows("employer", "create", [jur(code)]):
        raise forbidden(None, "您无权在此区划登记用人单位", "not allowed to register employers here")
    if await Employer.filter(credit_code=values["credit_code"]).exists():
        raise UserError(
            "creditCode",
            ErrorCode.CONFLICT,
            "该统一社会信用代码的用人单位已存在",
            "an employer with this code exists",
        )
    employer = await Employer.create(jurisdiction_id=code, **values)
    _, custom = await audited_change("Employer", {}, employer.custom_fields)
    await audit(ctx.actor, "createEmployer", "employer", employer.id,
                after=snapshot(employer, AUDITED) | ({"custom_fields": custom} if custom else {}),
                jurisdiction_code=employer.jurisdiction_id)  # fmt: skip
    return employer


async def update_employer(ctx: RequestContext, data: EmployerChanges) -> Employer:
    employer = await find_visible(ctx, Employer, "employer", data.id, "id")
    require_action(
        ctx,
        "employer",
        "update",
        employer,
        None,
        "您无权修改该用人单位",
        "not allowed to update this employer",
    )
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    _check_text(data, values, errors)
    if data.custom_fields is not UNSET:
        values["custom_fields"] = await checked_values(
            "Employer", employer.jurisdiction_id, data.custom_fields, employer.custom_fields, errors
        )
    if errors:
        raise UserErrors(errors)
    before = snapshot(employer, AUDITED)
    custom_before = dict(employer.custom_fields)
    employer.update_from_dict(values)
    await employer.save()
    after = snapshot(employer, AUDITED)
    changed = [k for k in after if after[k] != before[k]]
    old, new = await audited_change("Employer", custom_before, employer.custom_fields)
    extra_before, extra_after = ({"custom_fields": old}, {"custom_fields": new}) if old or new else ({}, {})
    await audit(ctx.actor, "updateEmployer", "employer", employer.id,
                before={k: before[k] for k in changed} | extra_before,
                after={k: after[k] for k in changed} | extra_after,
                jurisdiction_code=employer.jurisdiction_id)  # fmt: skip
    return employer
