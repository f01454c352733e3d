"""Every column a list can be filtered or ordered by leads some index, on both backends,
so filters stay indexed lookups as tables grow."""

from __future__ import annotations

from tortoise import connections

from resolvers.directory import specs as directory
from resolvers.listing.connections import Listing
from resolvers.talents import records as talents

LISTINGS = [talents.TALENTS, *(v for v in vars(directory).values() if isinstance(v, Listing))]


async def _leading_columns(table: str, url: str) -> set[str]:
    conn = connections.get("default")
    if url.startswith("sqlite"):
        names = [r["name"] for r in await conn.execute_query_dict(
            "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name=?", [table])]  # fmt: skip
        leading = set()
        for name in names:
            info = await conn.execute_query_dict(f'PRAGMA index_info("{name}")')
            leading |= {r["name"] for r in info if r["seqno"] == 0}
        pk = await conn.execute_query_dict(f'PRAGMA table_info("{table}")')
        return leading | {r["name"] for r in pk if r["pk"] == 1}
    rows = await conn.execute_query_dict(
        """SELECT a.attname FROM pg_index i
           JOIN pg_class t ON t.oid = i.indrelid
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
           WHERE t.relname = $1""",
        [table],
    )
    return {r["attname"] for r in rows}


def _columns(listing: Listing) -> set[str]:
    columns = set()
    for spec in listing.filters.values():
        column = spec if isinstance(spec, str) else spec.column
        if column is None:  # custom-field conditions: GIN on PostgreSQL (tests/customfields)
            continue
        if "__" not in column:  # a filter across a relation uses the other table's index
            columns.add(column)
    columns |= {order.column for order in listing.orders.values()}
    return columns


async def test_every_filter_and_order_column_is_indexed(db: str) -> None:
    missing = []
    for listing in LISTINGS:
        table = listing.model._meta.db_table
        indexed = await _leading_columns(table, db)
        missing += [f"{table}.{c}" for c in sorted(_columns(listing) - indexed)]
    assert missing == []
