"""The `tools` connection: the tools the caller may open (access.py), filtered and paged."""

from __future__ import annotations

from typing import Any

from resolvers.core.context import RequestContext
from resolvers.listing.connections import order_spec
from resolvers.listing.filtering import ColumnSpec, compile_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn, Page, paginate
from resolvers.lowcode.access import visible_tools
from schema.models import Tool

FILTERS: dict[str, ColumnSpec] = {
    "name": "name",
    "status": "status",
    "jurisdiction_code": "jurisdiction_id",
    "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
}
ORDERS = {"ID": OrderColumn("id"), "NAME": OrderColumn("name")}


class ToolListing:
    async def page(
        self, ctx: RequestContext, *, filter: Any = None, order_by: Any = None, first: int | None = None,
        after: str | None = None, offset: int | None = None,
    ) -> Page:  # fmt: skip
        tools = (await visible_tools(ctx)).filter(compile_filter(filter, FILTERS, model=Tool))
        return await paginate(tools, order_spec(order_by, ORDERS), first=first, after=after, offset=offset,
                              max_page=ctx.settings.max_page_size)  # fmt: skip


TOOLS = ToolListing()
