"""Small helpers shared by the type modules."""

from __future__ import annotations

from typing import Any

import strawberry

from resolvers.context import RequestContext
from resolvers.nodes import load_visible, parse_node_id


def ctx(info: strawberry.Info) -> RequestContext:
    return info.context


async def resolve_entity(info: strawberry.Info, type_name: str, global_id: str) -> Any:
    """Federation `_entities`: the same scoped lookup as `node(id)`."""
    _, key = parse_node_id(global_id)
    return await load_visible(ctx(info), type_name, key)
