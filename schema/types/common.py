"""Small helpers shared by the type modules."""

from __future__ import annotations

from typing import Any

import strawberry

from resolvers.core.context import RequestContext
from resolvers.listing.nodes import load_node


def ctx(info: strawberry.Info) -> RequestContext:
    return info.context


async def resolve_entity(info: strawberry.Info, type_name: str, global_id: str) -> Any:
    """Federation `_entities`: the same scoped lookup as `node(id)`; an ID of another type
    answers NOT_FOUND rather than the row of this type that happens to share its key."""
    _, row = await load_node(ctx(info), global_id, expected=type_name)
    return row
