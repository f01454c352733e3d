"""Keeping the change feed from growing without end: a row superseded by a newer row of the
same record (its later UPSERT or its DELETE) and older than a day says nothing a reader
needs — the newer row carries the record as it is now — and is deleted. Reading from
cursor zero still gives every record once, and a reader whose cursor is anywhere still
receives each record's latest change after it. Run daily by the worker
(jobs/federation.py); idempotent."""

from __future__ import annotations

import datetime as dt

from tortoise import connections

from schema import clock
from schema.models import ChangeRecord

KEEP = dt.timedelta(days=1)
BATCH = 5000

# Superseded rows up to a given id: a row of the same record comes later in the feed's
# order ((transaction, id)). The newest row of every record stays.
_SUPERSEDED = """DELETE FROM change_feed WHERE id IN (
  SELECT c.id FROM change_feed c
  WHERE c.id <= {last} AND EXISTS (
    SELECT 1 FROM change_feed n
    WHERE n.kind = c.kind AND n.record_id = c.record_id
      AND (n.txid > c.txid OR (n.txid = c.txid AND n.id > c.id)))
  LIMIT {batch})
"""


async def compact_changes(keep: dt.timedelta = KEEP) -> int:
    """Delete superseded rows written before now − `keep`; how many went."""
    written_before = clock.now() - keep
    older = ChangeRecord.filter(at__lt=written_before).order_by("-id")
    last = await older.first().values_list("id", flat=True)
    if last is None:
        return 0
    db = connections.get("default")
    placeholder = "$1" if db.capabilities.dialect == "postgres" else "?"
    sql = _SUPERSEDED.format(last=placeholder, batch=BATCH)
    removed = 0
    while True:
        count, _ = await db.execute_query(sql, [last])
        removed += count
        if count < BATCH:
            return removed
