"""One way to declare a connection field: `connection_field(listing, Type, Filter, Order)`.

No `from __future__ import annotations` here: the resolver's annotations must be the
real classes, so Strawberry sees each field's own filter, order and node types.
"""

from typing import Any

import strawberry

from schema.types.base import Connection, to_connection
from schema.types.common import ctx


def connection_field(listing: Any, node_type: type, filter_type: type, order_type: type,
                     description: str) -> Any:  # fmt: skip
    """A field taking `filter`, `orderBy`, `first`, `after`, `offset` and answering a page
    of `node_type` from `listing` (which applies the caller's scope)."""

    async def resolve(
        info: strawberry.Info,
        filter: filter_type | None = None,  # type: ignore[valid-type]
        order_by: list[order_type] | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        offset: int | None = None,
    ) -> Connection[node_type]:  # type: ignore[valid-type]
        page = await listing.page(
            ctx(info), filter=filter, order_by=order_by, first=first, after=after, offset=offset
        )
        return to_connection(page, node_type.from_row)  # type: ignore[attr-defined]

    return strawberry.field(resolver=resolve, description=description)
