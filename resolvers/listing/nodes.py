"""Global-ID lookups for `node`, `nodes`, convenience lookups and federation `_entities`.

Every lookup goes through the request's scoped DataLoaders, so a row the caller
may not see answers NOT_FOUND exactly like a row that does not exist.
"""

from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from resolvers.core.context import RequestContext
from resolvers.core.errors import UserError, record_not_found
from resolvers.core.ids import code_key, decode_id, int_key

# GraphQL type name → name of the request's scoped loader on `Loaders`.
NODE_LOADERS: dict[str, str] = {
    "Jurisdiction": "jurisdiction",
    "Department": "department",
    "ServiceWindow": "window",
    "Employer": "employer",
    "Talent": "talent",
    "TalentCategory": "category",
    "CardProgramme": "programme",
    "Card": "card",
    "ServiceItem": "service_item",
    "Specialist": "specialist",
    "ServiceRequest": "service_request",
    "Handoff": "handoff",
    "Recognition": "recognition",
    "QuarterlyArchiveReport": "quarterly_archive",
    "Complaint": "complaint",
}

STRING_KEYS = {"Jurisdiction"}


def _not_found(type_name: str, field: str) -> UserError:
    return record_not_found(field, type_name)


def parse_node_id(global_id: str, field: str = "id") -> tuple[str, Any]:
    type_name, key = decode_id(global_id, field)
    if type_name not in NODE_LOADERS:
        raise _not_found("Node", field)
    value = code_key(key) if type_name in STRING_KEYS else int_key(type_name, key)
    if value is None:
        raise _not_found(type_name, field)
    return type_name, value


async def load_node(
    ctx: RequestContext, global_id: str, expected: str | None = None, field: str = "id"
) -> tuple[str, Any]:
    """(type name, row) of a visible node; NOT_FOUND otherwise."""
    ctx.require_principal()
    type_name, key = parse_node_id(global_id, field)
    if expected is not None and type_name != expected:
        raise _not_found(expected, field)
    row = await _loader(ctx, type_name).load(key)
    if row is None:
        raise _not_found(type_name, field)
    return type_name, row


def _loader(ctx: RequestContext, type_name: str) -> DataLoader:
    return getattr(ctx.loaders, NODE_LOADERS[type_name])
