"""Masking of personal data (个人信息脱敏) for viewers without `pii:read`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from permissions.audit import PiiReads
from permissions.compiled import CompiledPermissions
from permissions.resources import row_scopes


def mask_id_number(value: str | None) -> str | None:
    """130102199001011234 → 130102********1234; short documents keep 2 + 2."""
    if not value:
        return value
    if len(value) >= 15:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    keep = 2 if len(value) > 4 else 1
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


def mask_phone(value: str | None) -> str | None:
    """13812341234 → 138****1234."""
    if not value:
        return value
    digits = value.replace("-", "")
    if len(digits) < 7:
        return "*" * len(value)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_account(value: str | None) -> str | None:
    """A bank account: 6222020200112233445 → ***************3445 (the last four, as a bank
    statement shows it)."""
    if not value:
        return value
    return "*" * max(0, len(value) - 4) + value[-4:]


def mask_name(value: str | None) -> str | None:
    """张三丰 → 张**; a Latin name keeps its first letter."""
    if not value:
        return value
    return value[0] + "*" * max(1, len(value) - 1)


def mask_address(value: str | None) -> str | None:
    if not value:
        return value
    return value[:6] + "****"


def reveal(
    perms: CompiledPermissions,
    pii: PiiReads,
    resource: str,
    row: Any,
    field_name: str,
    value: str | None,
    mask: Callable[[str | None], str | None],
) -> str | None:
    """The value itself for a viewer holding `pii:read` on the row (and the read is
    recorded for the audit trail), the masked value for everyone else."""
    if value is None:
        return None
    if perms.allows(resource, "pii:read", row_scopes(resource, row)):
        pii.add(resource, row.pk, field_name, getattr(row, "jurisdiction_id", None))
        return value
    return mask(value)
