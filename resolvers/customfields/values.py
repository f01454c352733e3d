"""Custom-field values (自定义字段值): checked on write against the definitions that apply
to the record's jurisdiction, masked on read like the built-in personal data.

When a record moves to another jurisdiction (updateTalent with a new `jurisdictionCode`,
a talent import row naming another county), its stored values follow the fields of the
NEW place — its county's, its city's and its province's (`rehome`):

* a value whose key no definition there has (active or retired) is dropped, and the
  write's audit row records it as removed (before: the value, after: null; personal ones
  masked as every trail masks them);
* every other value is checked as on any write, against the new place's active definition
  of that key (the same key may be another county's different field): one that does not
  fit is a VALIDATION error on `customFields.<key>` and nothing changes. Values of retired
  fields there are kept unchecked, as a retirement keeps them;
* a required field of the new place with no value is NOT enforced by the move alone —
  that would stop people moving — but on the next write that touches the custom fields
  (a `customFields` input, a sheet with custom-field columns), which is also the move
  itself when it carries them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from permissions.masking import reveal
from resolvers.core.context import RequestContext
from resolvers.core.errors import UserError, UserErrors, validation
from resolvers.core.inputs import UNSET, Unset
from resolvers.core.validation import TextKind, check_text
from resolvers.customfields.definitions import KEY_PATTERN, TARGETS, applicable
from schema.models import CustomFieldDefinition
from schema.models.enums import CustomFieldKind, CustomFieldStatus

FIELD = "customFields"
MAX_TEXT = 500
MAX_ATTACHMENT = 512
MAX_NUMBER = 1e15  # exact in a double, and far beyond any count or amount a clerk keeps
MASK = "****"


def _where(key: str) -> str:
    return f"{FIELD}.{key}"


def coerce(definition: CustomFieldDefinition, value: Any, field: str) -> Any:
    """One value as stored (JSON), or a VALIDATION error naming `field`."""
    kind = definition.kind
    if kind == CustomFieldKind.BOOLEAN:
        if not isinstance(value, bool):
            raise validation(field, "应为是或否（true / false）", "expected true or false")
        return value
    if kind == CustomFieldKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise validation(field, "应为数字", "expected a number")
        if abs(value) >= MAX_NUMBER:
            raise validation(field, "数值超出范围", "number out of range")
        return value
    if not isinstance(value, str):
        raise validation(field, "应为文本", "expected a string")
    if kind == CustomFieldKind.DATE:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is None or len(value) != 10 or not 1900 <= day.year <= 2999:
            raise validation(field, "应为日期，如 2026-01-31", "expected a date such as 2026-01-31")
        return day.isoformat()
    if kind == CustomFieldKind.ENUM:
        if value not in definition.options:
            raise validation(
                field, f"应为以下选项之一：{'、'.join(definition.options)}", "not one of the field's options"
            )
        return value
    limit = MAX_ATTACHMENT if kind == CustomFieldKind.ATTACHMENT else MAX_TEXT
    if len(value) > limit:
        raise validation(field, f"最多 {limit} 个字符", f"at most {limit} characters")
    return check_text(value, field, TextKind.TEXT if kind == CustomFieldKind.TEXT else TextKind.LINE)


def check_values(
    definitions: list[CustomFieldDefinition],
    given: Mapping[str, Any] | Unset | None,
    stored: Mapping[str, Any] | None,
    errors: list[UserError],
) -> dict[str, Any]:
    """The record's values after writing `given` over `stored` (a null value clears a
    field), every problem appended to `errors`: a key no definition here knows, a value of
    the wrong type or outside the options, a required field left empty."""
    by_key = {d.key: d for d in definitions}
    merged = dict(stored or {})
    if given is not UNSET and given is not None:
        if not isinstance(given, Mapping):
            errors.append(
                validation(FIELD, "自定义字段应为对象（字段键 → 值）", "expected an object of key → value")
            )
            return merged
        for key, value in given.items():
            definition = by_key.get(key) if isinstance(key, str) else None
            field = _where(key) if isinstance(key, str) and KEY_PATTERN.match(key) else FIELD
            if definition is None:
                errors.append(
                    validation(field, "本区划没有这个自定义字段", "no such custom field applies here")
                )
                continue
            if value is None:
                merged.pop(key, None)
                continue
            try:
                merged[key] = coerce(definition, value, field)
            except UserError as error:
                errors.append(error)
    for definition in definitions:
        if definition.required and merged.get(definition.key) in (None, ""):
            errors.append(validation(_where(definition.key), f"“{definition.label}”为必填项", "required"))
    return merged


async def checked_values(
    type_name: str,
    jurisdiction_code: str,
    given: Mapping[str, Any] | Unset | None,
    stored: Mapping[str, Any] | None,
    errors: list[UserError],
) -> dict[str, Any]:
    """`check_values` against the definitions that apply in `jurisdiction_code`."""
    return check_values(await applicable(type_name, jurisdiction_code), given, stored, errors)


async def require_values(
    type_name: str,
    jurisdiction_code: str,
    given: Mapping[str, Any] | Unset | None,
    stored: Mapping[str, Any] | None,
) -> dict[str, Any]:
    errors: list[UserError] = []
    merged = await checked_values(type_name, jurisdiction_code, given, stored, errors)
    if errors:
        raise UserErrors(errors)
    return merged


def rehome(
    definitions: Sequence[CustomFieldDefinition],
    stored: Mapping[str, Any] | None,
    errors: list[UserError],
    overwritten: Collection[str] = (),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(kept, dropped): a moved record's stored values against `definitions`, every one
    that applies in the new place, active and retired. Keys in `overwritten` (the write
    gives them anew) are kept unchecked: the write checks what it gives."""
    applying = {d.key for d in definitions}
    active = {d.key: d for d in definitions if d.status == CustomFieldStatus.ACTIVE}
    kept: dict[str, Any] = {}
    dropped: dict[str, Any] = {}
    for key, value in (stored or {}).items():
        if key not in applying:
            dropped[key] = value
            continue
        definition = active.get(key)
        if definition is None or value is None or key in overwritten:
            kept[key] = value
            continue
        try:
            kept[key] = coerce(definition, value, _where(key))
        except UserError as error:
            errors.append(error)
            kept[key] = value
    return kept, dropped


async def moved_values(
    type_name: str,
    jurisdiction_code: str,
    stored: Mapping[str, Any] | None,
    given: Mapping[str, Any] | Unset | None,
    errors: list[UserError],
) -> dict[str, Any]:
    """A record's values when it moves to `jurisdiction_code` (see the module's rules), with
    `given` (a `customFields` input, UNSET when the write leaves them alone) written over
    them and checked as on any write — required fields only then."""
    overwritten = set(given) if isinstance(given, Mapping) else set()
    definitions = await applicable(type_name, jurisdiction_code, active_only=False)
    kept, _ = rehome(definitions, stored, errors, overwritten)
    if given is UNSET:
        return kept
    active = [d for d in definitions if d.status == CustomFieldStatus.ACTIVE]
    return check_values(active, given, kept, errors)


def personal_keys(ctx: RequestContext) -> DataLoader:
    """Keys marked personal data in any definition of a type (active or retired, any
    jurisdiction), per type name: one query per request, and a key personal anywhere is
    masked everywhere."""

    def make() -> DataLoader:
        async def load(types: Sequence[str]) -> list[frozenset[str]]:
            rows = await CustomFieldDefinition.filter(
                target_type__in=sorted(set(types)), personal=True
            ).values_list("target_type", "key")
            found: dict[str, set[str]] = {}
            for type_name, key in rows:
                found.setdefault(str(type_name), set()).add(str(key))
            return [frozenset(found.get(t, ())) for t in types]

        return DataLoader(load_fn=load)

    return ctx.loaders.shared("custom_field_personal_keys", make)


async def shown_values(ctx: RequestContext, type_name: str, row: Any) -> dict[str, Any]:
    """A record's custom fields as the viewer may see them: personal ones in full only with
    pii:read on the record (the read goes to the audit trail), masked otherwise."""
    values = row.custom_fields if isinstance(row.custom_fields, dict) else {}
    personal = await personal_keys(ctx).load(type_name) if values else frozenset()
    resource = TARGETS[type_name]
    shown: dict[str, Any] = {}
    for key, value in values.items():
        if key in personal:
            shown[key] = reveal(ctx.perms, ctx.pii, resource, row, _where(key), value, lambda _: MASK)
        else:
            shown[key] = value
    return shown


async def personal_in(type_name: str, keys: Collection[str] | None = None) -> frozenset[str]:
    """Which of `keys` (None: any key) a definition of the type marks personal data."""
    if keys is not None and not keys:
        return frozenset()
    qs = CustomFieldDefinition.filter(target_type=type_name, personal=True)
    if keys is not None:
        qs = qs.filter(key__in=sorted(keys))
    return frozenset(str(k) for k in await qs.values_list("key", flat=True))


def trail_values(values: Mapping[str, Any], personal: Collection[str]) -> dict[str, Any]:
    """Values for the audit trail, which auditors read without pii:read: personal ones masked."""
    return {k: MASK if k in personal and v is not None else v for k, v in values.items()}


async def audited_values(type_name: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """`trail_values` with the type's personal keys looked up."""
    if not values:
        return {}
    return trail_values(values, await personal_in(type_name, list(values)))


async def audited_change(
    type_name: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The keys that changed, before and after, masked for the trail ({} and {} when none)."""
    changed = sorted(k for k in {*before, *after} if before.get(k) != after.get(k))
    if not changed:
        return {}, {}
    old = await audited_values(type_name, {k: before.get(k) for k in changed})
    new = await audited_values(type_name, {k: after.get(k) for k in changed})
    return old, new
