"""Small helpers shared by the type modules."""

from __future__ import annotations

from typing import Any

import strawberry

from resolvers.core.context import RequestContext
from resolvers.listing.nodes import load_by_natural_key, load_node


def ctx(info: strawberry.Info) -> RequestContext:
    return info.context


async def resolve_entity(info: strawberry.Info, type_name: str, global_id: str | None,
                         natural: tuple[str, str | None] | None = None) -> Any:  # fmt: skip
    """Federation `_entities`: the same scoped lookup as `node(id)`; an ID of another type
    answers NOT_FOUND rather than the row of this type that happens to share its key.
    `natural` ((field, value)): a representation by the natural key instead of `id`."""
    if global_id is None and natural is not None and natural[1] is not None:
        return await load_by_natural_key(ctx(info), type_name, natural[1], natural[0])
    _, row = await load_node(ctx(info), global_id or "", expected=type_name)
    return row
