"""The audit view (审计查询): offices and auditors search the trail in their jurisdictions,
and check the hash chain. Personal data in before/after is masked for every viewer — an
auditor holds no pii:read, and reading the trail is not itself an unmasked read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from permissions.audit_chain import ChainReport, chain_head, verify_chain
from permissions.masking import mask_address, mask_id_number, mask_phone
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, forbidden, validation
from resolvers.listing.connections import Listing, OrderInput
from resolvers.listing.filtering import FilterInput, within_jurisdiction
from resolvers.listing.pagination import OrderColumn, Page, datetime_column
from schema.models import AuditEvent

AUDIT_EVENTS = Listing(
    AuditEvent,
    "audit_event",
    {
        "actor": "actor",
        "operation": "operation",
        "target_type": "target_type",
        "target_id": "target_id",  # only beside target_type: the index is (target_type, target_id)
        "jurisdiction_code": "jurisdiction_code",
        "within_jurisdiction": within_jurisdiction("jurisdiction_code"),
        "at": "at",
    },
    {"ID": OrderColumn("id"), "AT": datetime_column("at")},
)


@dataclass(frozen=True)
class _Order:
    field: str
    direction: str


NEWEST_FIRST = [_Order("ID", "DESC")]


def _check_target(flt: FilterInput | None, field: str = "filter") -> None:
    """targetId is searched within a targetType (that is what the index serves)."""
    if flt is None:
        return
    if getattr(flt, "target_id", None) is not None and getattr(flt, "target_type", None) is None:
        raise validation(
            f"{field}.targetId", "按对象 ID 筛选时须同时指定对象类型", "give targetType with targetId"
        )
    for sub in (getattr(flt, "and_", None) or []) + (getattr(flt, "or_", None) or []):
        _check_target(sub, field)
    _check_target(getattr(flt, "not_", None), field)


class AuditTrail:
    """What `connection_field` serves for `auditEvents` (newest first unless ordered)."""

    async def page(self, ctx: RequestContext, *, filter: FilterInput | None = None,
                   order_by: Sequence[OrderInput] | None = None, **kwargs: Any) -> Page:  # fmt: skip
        _check_target(filter)
        return await AUDIT_EVENTS.page(ctx, filter=filter, order_by=order_by or NEWEST_FIRST, **kwargs)


AUDIT_TRAIL = AuditTrail()


# ---- masking ---------------------------------------------------------------------------

# Key endings (lower case, without _ and -) that hold personal data, and their masks.
_PERSONAL: tuple[tuple[str, Callable[[str | None], str | None]], ...] = (
    ("idnumber", mask_id_number),
    ("idcard", mask_id_number),
    ("phone", mask_phone),
    ("mobile", mask_phone),
    ("address", mask_address),
)


def _mask_for(key: str) -> Callable[[str | None], str | None] | None:
    norm = key.lower().replace("_", "").replace("-", "")
    for ending, mask in _PERSONAL:
        if norm.endswith((ending, ending + "s")):
            return mask
    return None


def _mask_all(value: Any, mask: Callable[[str | None], str | None]) -> Any:
    """Every string under a personal-data key (a value, a list, a filter's `eq`…)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [_mask_all(v, mask) for v in value]
    if isinstance(value, dict):
        return {k: _mask_all(v, mask) for k, v in value.items()}
    return value


def masked(document: Any) -> Any:
    """before/after of an event with personal data masked, at any depth."""
    if isinstance(document, list):
        return [masked(v) for v in document]
    if not isinstance(document, dict):
        return document
    out = {}
    for key, value in document.items():
        mask = _mask_for(key)
        out[key] = _mask_all(value, mask) if mask else masked(value)
    return out


# ---- the chain, for auditors -------------------------------------------------------------

MAX_CHECK = 10_000


async def chain_status(ctx: RequestContext, last: int) -> ChainReport:
    """Verify the newest `last` entries of the chain (the whole chain: `talentgate
    audit-verify`). For those who may read the trail somewhere."""
    if not ctx.perms.allows_somewhere("audit_event", "read"):
        raise forbidden(None, "您无权查看审计日志", "not allowed to read the audit trail")
    if last < 1:
        raise validation("last", "至少为 1", "at least 1")
    if last > MAX_CHECK:
        raise UserError(
            "last",
            ErrorCode.LIMIT_EXCEEDED,
            f"每次最多核验 {MAX_CHECK} 条",
            f"at most {MAX_CHECK} entries per check",
        )
    head_seq, _ = await chain_head()
    return await verify_chain(after_seq=max(0, head_seq - last))
