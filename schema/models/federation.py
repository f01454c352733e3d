"""The change feed (省级平台): one row for every insert, update and delete of the records a
province gathers from its cities, written by database triggers in the same transaction as
the change (migration 0018), so no code path can change a record and not say so.

A row names the record, not its content: the feed reads the record as it is when asked
(resolvers/federation/changes.py), so a record changed twice appears twice with its latest
state, and a deleted one once more as DELETE with its key."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ChangeRecord(Model):
    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=16)
    record_id = fields.BigIntField()
    key = fields.CharField(max_length=64, null=True)  # a deleted record's natural key
    op = fields.CharField(max_length=8)  # UPSERT or DELETE
    jurisdiction_id = fields.CharField(max_length=6, null=True)
    # PostgreSQL: the writing transaction's id. Rows are read in (txid, id) order and only
    # below the oldest transaction still running, so a reader never passes a row that a
    # slower transaction has yet to commit. SQLite writes one transaction at a time: 0.
    txid = fields.BigIntField(default=0, db_default=0)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "change_feed"
        indexes = (("txid", "id"), ("jurisdiction_id", "txid", "id"), ("kind", "record_id"))
