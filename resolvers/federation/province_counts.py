"""`cardHolderCounts`: the cards of `cardHolders` counted by city, tier, holder's
category, status or jurisdiction, in one statement over the list's own query, so a
bucket's count is the length of the list filtered by its key.

Not the listing's `counts_field`: a category is a column of another row (the holder's),
and the names shown come from the records' data and the jurisdiction table, not from a
relation the ORM can follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from resolvers.core.context import RequestContext
from resolvers.federation.province import embedded, json_text, records
from resolvers.federation.province_holders import holder_cards
from resolvers.listing.filtering import FilterInput
from schema.models.enum_labels import zh
from schema.models.enums import CardStatus
from schema.sql import fetch

MAX_BUCKETS = 1000


class HolderGroup(str, Enum):
    CITY = "CITY"
    TIER = "TIER"
    CATEGORY = "CATEGORY"
    STATUS = "STATUS"
    JURISDICTION = "JURISDICTION"


@dataclass(frozen=True)
class HolderCount:
    key: str | None  # what to filter `cardHolders` by to list the bucket's cards
    name: str | None
    count: int


_CARD_COLUMNS = ("id", "source_id", "holder_key", "city_code", "jurisdiction_code", "class_code", "status",
                 "data")  # fmt: skip
_JURISDICTION = 'LEFT JOIN "jurisdiction" j ON j."code" = {key}'
# The holder of a card: the one live talent record of its source with that idHash (a
# source keeps one talent per ID number), when the caller may see it.
_HOLDER = 'LEFT JOIN ({talents}) t ON t."source_id" = c."source_id" AND t."key" = c."holder_key"'


def _grouping(group: HolderGroup) -> tuple[str, str, str]:
    """(key, name, join) SQL of a grouping over cards `c`."""
    if group is HolderGroup.CITY:
        return 'c."city_code"', 'MAX(j."name")', _JURISDICTION.format(key='c."city_code"')
    if group is HolderGroup.JURISDICTION:
        return 'c."jurisdiction_code"', 'MAX(j."name")', _JURISDICTION.format(key='c."jurisdiction_code"')
    if group is HolderGroup.TIER:
        return 'c."class_code"', f"MAX({json_text('c.data', 'tier', 'name')})", ""
    if group is HolderGroup.CATEGORY:
        return 't."class_code"', f"MAX({json_text('t.data', 'category', 'name')})", _HOLDER
    return 'c."status"', "NULL", ""


def _status_name(key: str | None) -> str | None:
    return zh(CardStatus(key)) if key in CardStatus.__members__ else key


async def holder_counts(
    ctx: RequestContext, flt: FilterInput | None, group: HolderGroup
) -> list[HolderCount]:
    """Buckets largest first, then by key (a null key last)."""
    key, name, join = _grouping(group)
    cards, params = embedded((await holder_cards(ctx, flt)).values(*_CARD_COLUMNS))
    if join == _HOLDER:
        talents, more = embedded(records(ctx, "TALENT").values("source_id", "key", "class_code", "data"))
        join, params = join.format(talents=talents), [*params, *more]
    rows = await fetch(
        f"SELECT {key} AS k, {name} AS name, COUNT(*) AS n FROM ({cards}) c {join} GROUP BY {key} "
        f"ORDER BY COUNT(*) DESC LIMIT {MAX_BUCKETS}",
        params,
    )
    counts = [HolderCount(r["k"], _status_name(r["k"]) if group is HolderGroup.STATUS else r["name"], r["n"])
              for r in rows]  # fmt: skip
    return sorted(counts, key=lambda c: (-c.count, c.key is None, c.key or ""))
