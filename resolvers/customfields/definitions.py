"""Custom-field definitions (自定义字段定义): an office adds extra fields to the talents,
employers or service requests of its jurisdiction. A definition applies in its
jurisdiction and everywhere under it, so a county's records carry the county's, the
city's and the province's fields; a key means one field along that line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from permissions.audit import audit
from permissions.resources import row_scopes
from permissions.scopes import ancestors, jur
from permissions.visibility import scope_filter, within
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, forbidden, record_not_found, validation
from resolvers.core.ids import decode_int_id
from resolvers.core.inputs import UNSET, Unset, read_text
from resolvers.core.lookup import find_jurisdiction
from resolvers.core.mutations import snapshot
from resolvers.core.validation import TextKind
from resolvers.listing.nodes import register_node
from schema.models import CustomFieldDefinition
from schema.models.enums import CustomFieldKind, CustomFieldStatus

# The record types that carry custom fields: GraphQL type name → resource (Casbin).
TARGETS: dict[str, str] = {"Talent": "talent", "Employer": "employer", "ServiceRequest": "service_request"}
# A key is a JSON property and a JSON path step: whitelisted, never quoted into SQL.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_OPTIONS = 50
AUDITED = (
    "target_type",
    "jurisdiction_id",
    "key",
    "label",
    "kind",
    "options",
    "required",
    "personal",
    "status",
)


def check_target(type_name: str, field: str = "type") -> str:
    if type_name not in TARGETS:
        raise validation(
            field, "类型应为 Talent、Employer 或 ServiceRequest", "type is Talent, Employer or ServiceRequest"
        )
    return type_name


def check_key(key: Any, field: str = "key") -> str:
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise validation(
            field,
            "字段键须以小写字母开头，只含小写字母、数字和下划线，最多 40 个字符",
            "a key starts with a lower-case letter and holds only a-z, 0-9 and _, at most 40 characters",
        )
    return key


async def applicable(type_name: str, code: str, *, active_only: bool = True) -> list[CustomFieldDefinition]:
    """The definitions that apply to a record of `type_name` kept in `code`: its own,
    its city's and its province's."""
    qs = CustomFieldDefinition.filter(target_type=type_name, jurisdiction_id__in=ancestors(code))
    if active_only:
        qs = qs.filter(status=CustomFieldStatus.ACTIVE)
    return await qs.order_by("jurisdiction_id", "id")


def visible_definitions(ctx: RequestContext) -> QuerySet[CustomFieldDefinition]:
    """The definitions the caller may read (any status): the one scope helper's filter for
    `custom_field:read` — every definition for everyone under the default policy, where
    definitions are public reference data — widened by the fields that apply where a
    narrower grant lies (its city's and province's, as `applicable` lists them there)."""
    scopes = ctx.perms.scopes_for("custom_field", "read")
    within = scope_filter("custom_field", scopes, CustomFieldDefinition)
    if within is None:
        return CustomFieldDefinition.all()
    above = sorted({code for s in scopes if s.startswith("jur:") for code in ancestors(s[4:])})
    return CustomFieldDefinition.filter(within | Q(jurisdiction_id__in=above) if above else within)


def definitions_by_id(ctx: RequestContext) -> DataLoader:
    """The request's definitions by id, as `visible_definitions` lets the caller read them
    (others load as None): `node(id)` and `nodes(ids)` of a CustomFieldDefinition."""

    def make() -> DataLoader:
        async def load(keys: Sequence[int]) -> list[CustomFieldDefinition | None]:
            rows = {d.id: d for d in await visible_definitions(ctx).filter(id__in=sorted(set(keys)))}
            return [rows.get(k) for k in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders.shared("custom_field_definition", make)


register_node("CustomFieldDefinition", definitions_by_id)


@dataclass(frozen=True)
class NewCustomField:
    type: str
    jurisdiction_code: str
    key: str
    label: str
    kind: CustomFieldKind
    options: list[str] | None = None
    required: bool = False
    personal: bool = False


@dataclass(frozen=True)
class CustomFieldChanges:
    """updateCustomField: UNSET keeps the stored value. Key, type and kind never change."""

    id: str
    label: str | Unset = UNSET
    options: list[str] | Unset | None = UNSET
    required: bool | Unset = UNSET
    personal: bool | Unset = UNSET


def _check_options(kind: CustomFieldKind, options: list[str] | None, errors: list[UserError]) -> list[str]:
    if kind != CustomFieldKind.ENUM:
        if options:
            errors.append(
                validation("options", "只有选项类字段可以设置选项", "only ENUM fields take options")
            )
        return []
    cleaned: list[str] = []
    try:
        for option in options or []:
            text = read_text(option, "options", 64, TextKind.LINE, required=True)
            if text not in cleaned:
                cleaned.append(text)
    except UserError as error:
        errors.append(error)
        return []
    if not cleaned or len(cleaned) > MAX_OPTIONS:
        message = f"选项类字段须有 1 至 {MAX_OPTIONS} 个选项"
        errors.append(validation("options", message, f"an ENUM field has 1 to {MAX_OPTIONS} options"))
    return cleaned


async def create_custom_field(ctx: RequestContext, data: NewCustomField) -> CustomFieldDefinition:
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    for check in (
        lambda: values.update(target_type=check_target(data.type)),
        lambda: values.update(key=check_key(data.key)),
        lambda: values.update(label=read_text(data.label, "label", 64, TextKind.LINE, required=True)),
    ):
        try:
            check()
        except UserError as error:
            errors.append(error)
    kind = CustomFieldKind(data.kind)
    values["options"] = _check_options(kind, data.options, errors)
    try:
        place = await find_jurisdiction(data.jurisdiction_code)
    except UserError as error:
        errors.append(error)
    if errors:
        raise UserErrors(errors)
    if not ctx.perms.allows("custom_field", "create", [jur(place.code)]):
        raise forbidden(
            "jurisdictionCode", "您无权在此区划定义自定义字段", "not allowed to define custom fields here"
        )
    clash = Q(jurisdiction_id__in=ancestors(place.code)) | within("jurisdiction_id", place.code)
    if await CustomFieldDefinition.filter(
        clash, target_type=values["target_type"], key=values["key"]
    ).exists():
        raise UserError(
            "key", ErrorCode.CONFLICT, "该字段键已在本区划、上级或下级区划中使用",
            "this key is already used here, above or below",
        )  # fmt: skip
    row = await CustomFieldDefinition.create(
        jurisdiction_id=place.code, kind=kind, required=bool(data.required), personal=bool(data.personal),
        **values,
    )  # fmt: skip
    await audit(ctx.actor, "createCustomField", "custom_field", row.id,
                after=snapshot(row, AUDITED), jurisdiction_code=row.jurisdiction_id)  # fmt: skip
    return row


async def _editable(ctx: RequestContext, global_id: str) -> CustomFieldDefinition:
    """A definition the caller's office may change; any other answers NOT_FOUND, as one
    that does not exist."""
    key = decode_int_id(global_id, "CustomFieldDefinition", "id")
    row = await CustomFieldDefinition.get_or_none(id=key)
    if row is None or not ctx.perms.allows("custom_field", "update", row_scopes("custom_field", row)):
        raise record_not_found("id", "CustomFieldDefinition")
    return row


async def update_custom_field(ctx: RequestContext, data: CustomFieldChanges) -> CustomFieldDefinition:
    row = await _editable(ctx, data.id)
    if row.status == CustomFieldStatus.RETIRED:
        raise UserError("id", ErrorCode.INVALID_STATE, "该自定义字段已停用", "the custom field is retired")
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    if data.label is not UNSET:
        try:
            values["label"] = read_text(data.label, "label", 64, TextKind.LINE, required=True)
        except UserError as error:
            errors.append(error)
    if data.options is not UNSET:
        values["options"] = _check_options(row.kind, data.options, errors)
    for name in ("required", "personal"):
        value = getattr(data, name)
        if value is not UNSET and value is not None:
            values[name] = bool(value)
    if errors:
        raise UserErrors(errors)
    before = snapshot(row, AUDITED)
    row.update_from_dict(values)
    await row.save()
    after = snapshot(row, AUDITED)
    changed = [k for k in after if after[k] != before[k]]
    await audit(ctx.actor, "updateCustomField", "custom_field", row.id,
                before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
                jurisdiction_code=row.jurisdiction_id)  # fmt: skip
    return row


async def retire_custom_field(ctx: RequestContext, global_id: str) -> CustomFieldDefinition:
    """A retired field is no longer offered or checked; values already stored are kept."""
    row = await _editable(ctx, global_id)
    updated = await CustomFieldDefinition.filter(id=row.id, status=CustomFieldStatus.ACTIVE).update(
        status=CustomFieldStatus.RETIRED
    )
    if not updated:
        raise UserError("id", ErrorCode.INVALID_STATE, "该自定义字段已停用", "the custom field is retired")
    await row.refresh_from_db()
    await audit(ctx.actor, "retireCustomField", "custom_field", row.id,
                before={"status": "ACTIVE"}, after={"status": "RETIRED"},
                jurisdiction_code=row.jurisdiction_id)  # fmt: skip
    return row


async def list_definitions(
    ctx: RequestContext, type_name: str, jurisdiction_code: str
) -> list[CustomFieldDefinition]:
    """customFieldDefinitions: what applies in a jurisdiction (active ones), for forms,
    columns and filters."""
    ctx.require_principal()
    check_target(type_name)
    place = await find_jurisdiction(jurisdiction_code)
    if not ctx.perms.allows_somewhere("custom_field", "read"):
        raise forbidden(None)
    return await applicable(type_name, place.code)
