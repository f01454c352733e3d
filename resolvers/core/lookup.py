"""Finding the record a mutation acts on, through the one scope helper: a record the
caller may not see answers NOT_FOUND exactly like one that does not exist."""

from __future__ import annotations

from typing import Any, TypeVar

from tortoise.models import Model

from permissions.resources import row_scopes
from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.core.errors import forbidden, not_found, record_not_found
from resolvers.core.ids import decode_int_id
from resolvers.core.validation import check_jurisdiction_code
from schema.models import Jurisdiction

M = TypeVar("M", bound=Model)


async def find_visible(
    ctx: RequestContext, model: type[M], resource: str, global_id: str, field: str
) -> M:
    """The row of `model` behind a global ID, if the caller may read it."""
    key = decode_int_id(global_id, model.__name__, field)
    return await find_visible_key(ctx, model, resource, key, field)


async def find_visible_key(
    ctx: RequestContext, model: type[M], resource: str, key: int, field: str | None
) -> M:
    """The row of `model` with primary key `key`, if the caller may read it."""
    row = await visible(model, ctx.perms, resource).filter(id=key).first()
    if row is None:
        raise record_not_found(field, model.__name__)
    return row


async def find_jurisdiction(code: str | None, field: str = "jurisdictionCode") -> Jurisdiction:
    """The jurisdiction an input names: six digits (else VALIDATION, before any query) of
    a place that exists (else NOT_FOUND). Jurisdictions are public: no scope applies."""
    place = await Jurisdiction.get_or_none(code=check_jurisdiction_code(code or "", field))
    if place is None:
        raise not_found(field, "行政区划", "jurisdiction")
    return place


def require_action(
    ctx: RequestContext,
    resource: str,
    action: str,
    row: Any,
    field: str | None,
    message: str,
    en: str | None = None,
) -> None:
    """FORBIDDEN unless the caller may do `action` on a row they can already see."""
    if not ctx.perms.allows(resource, action, row_scopes(resource, row)):
        raise forbidden(field, message, en)
