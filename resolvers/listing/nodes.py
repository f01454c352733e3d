"""Global-ID lookups for `node`, `nodes`, convenience lookups and federation `_entities`.

Every lookup goes through the request's scoped DataLoaders, so a row the caller
may not see answers NOT_FOUND exactly like a row that does not exist. The domains above
listing whose scope rule is their own (lowcode's tools, saved views, custom-field
definitions) register a loader of the rows that rule lets the caller see
(`register_node`, at the import of their access module), so `node(id)` asks that rule
and no other.
"""

from __future__ import annotations

from collections.abc import Callable
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
    "FundPolicy": "fund_policy",
    "FundApplication": "fund_application",
    "Entitlement": "entitlement",
    "PaymentBatch": "payment_batch",
    "Payment": "payment",
    "Recovery": "recovery",
}

STRING_KEYS = {"Jurisdiction"}

# GraphQL type name → the request's loader of that domain's visible rows by integer key.
DOMAIN_LOADERS: dict[str, Callable[[RequestContext], DataLoader]] = {}


def register_node(type_name: str, loader_of: Callable[[RequestContext], DataLoader]) -> None:
    """Make `type_name` a node looked up through `loader_of(ctx)`: rows by integer key, a
    row the caller may not see loading as None."""
    if type_name in NODE_LOADERS:
        raise ValueError(f"{type_name} already loads through Loaders.{NODE_LOADERS[type_name]}")
    DOMAIN_LOADERS[type_name] = loader_of


def node_type_names() -> frozenset[str]:
    """Every type `node(id)` can answer."""
    return frozenset(NODE_LOADERS) | frozenset(DOMAIN_LOADERS)


def _not_found(type_name: str, field: str) -> UserError:
    return record_not_found(field, type_name)


def parse_node_id(global_id: str, field: str = "id") -> tuple[str, Any]:
    type_name, key = decode_id(global_id, field)
    if type_name not in NODE_LOADERS and type_name not in DOMAIN_LOADERS:
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


async def load_by_natural_key(ctx: RequestContext, type_name: str, key: str, field: str) -> Any:
    """The visible row of `type_name` whose natural key is `key`; NOT_FOUND otherwise."""
    ctx.require_principal()
    row = await ctx.loaders.natural(type_name).load(key)
    if row is None:
        raise _not_found(type_name, field)
    return row


def _loader(ctx: RequestContext, type_name: str) -> DataLoader:
    domain = DOMAIN_LOADERS.get(type_name)
    if domain is not None:
        return domain(ctx)
    return getattr(ctx.loaders, NODE_LOADERS[type_name])
