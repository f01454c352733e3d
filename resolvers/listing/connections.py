"""One way to serve a connection: scope → filter → keyset page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tortoise.expressions import Q
from tortoise.models import Model

from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.core.errors import validation
from resolvers.listing.filtering import ColumnSpec, FilterInput, compile_filter
from resolvers.listing.pagination import OrderColumn, Page, PageQuery, page_query, read_page


class OrderInput(Protocol):
    """One `orderBy` entry: a field's name (or an enum of names) and ASC or DESC."""

    @property
    def field(self) -> object: ...
    @property
    def direction(self) -> object: ...


def order_spec(
    order_by: Sequence[OrderInput] | None, columns: Mapping[str, OrderColumn]
) -> list[tuple[OrderColumn, bool]]:
    """`[{field, direction}]` inputs → [(column, descending)]; default is by primary key."""
    spec = []
    for entry in order_by or []:
        key = str(getattr(entry.field, "value", entry.field))
        column = columns.get(key)
        if column is None:
            raise validation("orderBy", f"不能按 {key} 排序", f"cannot order by {key}")
        direction = getattr(entry.direction, "value", entry.direction)
        spec.append((column, direction == "DESC"))
    return spec


def list_query(
    ctx: RequestContext,
    model: type[Model],
    resource: str,
    *,
    filter: FilterInput | None = None,
    filter_columns: dict[str, ColumnSpec],
    order_by: Sequence[OrderInput] | None = None,
    order_columns: Mapping[str, OrderColumn],
    first: int | None = None,
    after: str | None = None,
    offset: int | None = None,
    extra: Q | None = None,
    pk: str = "id",
) -> PageQuery:
    """The page's query, not yet run: scope → filter → order, cursor, offset and limit."""
    perms = ctx.perms
    qs = visible(model, perms, resource).filter(compile_filter(filter, filter_columns, model=model))
    if extra is not None:
        qs = qs.filter(extra)
    return page_query(
        qs,
        order_spec(order_by, order_columns),
        first=first,
        after=after,
        offset=offset,
        max_page=ctx.settings.max_page_size,
        pk=pk,
    )


async def list_page(ctx: RequestContext, model: type[Model], resource: str, **kwargs: Any) -> Page:
    return await read_page(list_query(ctx, model, resource, **kwargs))


@dataclass(frozen=True)
class Listing:
    """What a connection serves: the model, its resource type for scoping, which filter
    fields map to which columns and which fields a client may order by."""

    model: type[Model]
    resource: str
    filters: dict[str, ColumnSpec]
    orders: Mapping[str, OrderColumn]
    pk: str = "id"

    async def prepare(self, filter: FilterInput | None) -> None:
        """Checks a filter needs before its query is built (none here)."""

    def templatable(self, filter: FilterInput | None) -> bool:
        """Whether the page query of `filter` depends on nothing but the caller and the
        arguments, so compiled reads may keep it as a template (their templates.py)."""
        return type(self).prepare is Listing.prepare

    async def query(self, ctx: RequestContext, **kwargs: Any) -> PageQuery:
        """The page's query, unread: what `page` reads, and what compiled reads select
        their columns from (resolvers/listing/compiled/)."""
        await self.prepare(kwargs.get("filter"))
        return list_query(
            ctx, self.model, self.resource, filter_columns=self.filters,
            order_columns=self.orders, pk=self.pk, **kwargs,
        )  # fmt: skip

    async def page(self, ctx: RequestContext, **kwargs: Any) -> Page:
        return await read_page(await self.query(ctx, **kwargs))
