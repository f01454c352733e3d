"""持卡人才数据库: `cardHolders`, the cards in the province's store with their holders.

A card's holder is the talent record of the same source whose key (idHash) the card
names; its category is that record's. The holder counts only when the caller may see
that record too, in the filter by category, in the counts and on the node alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pypika_tortoise.terms import Term
from strawberry.dataloader import DataLoader
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from resolvers.core.context import RequestContext
from resolvers.core.validation import check_jurisdiction_code
from resolvers.federation.province import RESOURCE, check_city, records
from resolvers.listing.connections import Listing, order_spec
from resolvers.listing.filtering import (
    ColumnSpec,
    FilterInput,
    compile_filter,
    operator_q,
    within_jurisdiction,
)
from resolvers.listing.pagination import OrderColumn, PageQuery, date_column, page_query
from schema.models import Source, SourceRecord


def _in_city(code: str) -> Q:
    return Q(city_code=check_jurisdiction_code(code, "filter.cityCode"))


FILTERS: dict[str, ColumnSpec] = {
    "city_code": _in_city,
    "within_jurisdiction": within_jurisdiction("jurisdiction_code"),
    "tier_code": "class_code",
    "status": "status",
}
ORDERS = {
    "ID": OrderColumn("id"),
    "NUMBER": OrderColumn("key"),
    "ISSUED_ON": date_column("started_on"),
    "EXPIRES_ON": date_column("ended_on"),
}


class HeldBy(Term):
    """The ids of cards whose holder is one of `talents`: the same source, the card's
    holder_key their key. Written by hand because both sides are rows of one table,
    which the ORM cannot join to itself."""

    def __init__(self, talents: QuerySet[SourceRecord]) -> None:
        super().__init__()
        self.talents = Subquery(talents.values("source_id", "key"))

    def get_sql(self, ctx: Any) -> str:
        return (
            '(SELECT c."id" FROM "source_record" c WHERE c."kind" = \'CARD\' '
            f'AND (c."source_id", c."holder_key") IN {self.talents.get_sql(ctx)})'
        )


async def holder_cards(ctx: RequestContext, flt: FilterInput | None) -> QuerySet[SourceRecord]:
    """The caller's cards under `flt` (cityCode, withinJurisdiction, tierCode,
    categoryCode, status): what the list pages and what the counts group."""
    await check_city(getattr(flt, "city_code", None), "filter.cityCode")
    cards = records(ctx, "CARD").filter(compile_filter(flt, FILTERS, model=SourceRecord))
    category = getattr(flt, "category_code", None)
    if category is not None:
        condition = operator_q("class_code", category, "filter.categoryCode", SourceRecord)
        cards = cards.filter(id__in=HeldBy(records(ctx, "TALENT").filter(condition)))
    return cards


class CardHolderListing(Listing):
    """The listing of `cardHolders`: the filter needs the caller (the holder's scope)."""

    async def query(self, ctx: RequestContext, **kwargs: Any) -> PageQuery:
        cards = await holder_cards(ctx, kwargs.pop("filter", None))
        order = order_spec(kwargs.pop("order_by", None), self.orders)
        return page_query(cards, order, max_page=ctx.settings.max_page_size, **kwargs)


CARD_HOLDERS = CardHolderListing(SourceRecord, RESOURCE, FILTERS, ORDERS)


def holders(ctx: RequestContext) -> DataLoader[tuple[int, str], SourceRecord | None]:
    """Talent records by (source id, idHash), as the caller may see them (else None)."""

    def make() -> DataLoader[tuple[int, str], SourceRecord | None]:
        async def load(keys: Sequence[tuple[int, str]]) -> list[SourceRecord | None]:
            wanted = records(ctx, "TALENT").filter(
                source_id__in=sorted({s for s, _ in keys}), key__in=sorted({k for _, k in keys})
            )
            found = {(r.source_id, r.key): r for r in await wanted}
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders.shared("province_holder", make)


def source_names(ctx: RequestContext) -> DataLoader[int, str | None]:
    """Sources' names by id. Not scoped like `sources`: the name says where a record the
    caller may see came from, and nothing else of the source is read."""

    def make() -> DataLoader[int, str | None]:
        async def load(keys: Sequence[int]) -> list[str | None]:
            names = dict(await Source.filter(id__in=sorted(set(keys))).values_list("id", "name"))
            return [names.get(key) for key in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders.shared("province_source_name", make)
