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


class Source(Model):
    """A deployment whose change feed this one gathers (省级平台的数据源): a city's
    talentgate, authoritative for the jurisdictions it is registered for."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64, unique=True)
    url = fields.CharField(max_length=512)  # the source's base URL; its feed is at {url}/graphql
    # An API token of the `federation` role at the source. Needed in clear to call it, like
    # a department's webhook secret; never read back through the API.
    token = fields.CharField(max_length=512)
    jurisdictions: fields.JSONField[list[str]] = fields.JSONField(default=list)
    card_keys: fields.JSONField[dict[str, str]] = fields.JSONField(default=dict)  # kid → Ed25519 public key
    jurisdiction_id = fields.CharField(max_length=6)  # the office that registered it (scope)
    status = fields.CharField(max_length=16, default="ACTIVE")  # ACTIVE | PAUSED | REFUSED
    cursor = fields.CharField(max_length=64, null=True)  # where its feed resumes
    contract_version = fields.CharField(max_length=16, null=True)
    failures = fields.IntField(default=0)  # consecutive failed pulls: the back-off's exponent
    next_attempt_at = fields.DatetimeField(null=True)
    last_synced_at = fields.DatetimeField(null=True)
    lag_seconds = fields.FloatField(default=0)
    error_count = fields.IntField(default=0)
    last_error = fields.CharField(max_length=256, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "source"
        indexes = (("jurisdiction_id", "id"),)


class SourceRecord(Model):
    """A record as a source's feed last gave it: the province's store (持卡人才数据库 and the
    rest), read-only here. The columns the province's views filter and group on are taken
    out of `data` when it is written."""

    id = fields.BigIntField(primary_key=True)
    source: fields.ForeignKeyRelation[Source] = fields.ForeignKeyField(
        "models.Source", related_name="records", on_delete=fields.CASCADE
    )
    source_id: int
    kind = fields.CharField(max_length=16)
    record_id = fields.CharField(max_length=64)  # its global ID at the source
    key = fields.CharField(max_length=64, null=True)  # natural key: idHash, number, credit code
    holder_key = fields.CharField(max_length=64, null=True)  # the talent's idHash it concerns
    jurisdiction_code = fields.CharField(max_length=6, null=True)
    city_code = fields.CharField(max_length=6, null=True)
    status = fields.CharField(max_length=16, null=True)
    class_code = fields.CharField(max_length=64, null=True)  # a talent's category, a card's tier
    started_on = fields.DateField(null=True)  # arrived, issued, received
    ended_on = fields.DateField(null=True)  # left, expires
    data: fields.JSONField[dict] = fields.JSONField(default=dict)
    deleted = fields.BooleanField(default=False)
    changed_at = fields.DatetimeField(null=True)  # when the source wrote the change
    synced_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "source_record"
        unique_together = (("source_id", "kind", "record_id"),)
        indexes = (
            ("kind", "key"),
            ("kind", "holder_key"),
            ("kind", "jurisdiction_code", "id"),
            ("kind", "city_code", "started_on"),
            ("kind", "city_code", "ended_on"),
        )


class SourceError(Model):
    """A pull that failed or a record refused (数据源异常), as `sources { errors }` counts
    and `sourceErrors` lists them."""

    id = fields.BigIntField(primary_key=True)
    source: fields.ForeignKeyRelation[Source] = fields.ForeignKeyField(
        "models.Source", related_name="errors", on_delete=fields.CASCADE
    )
    source_id: int
    jurisdiction_id = fields.CharField(max_length=6)  # the source's office (scope)
    code = fields.CharField(max_length=32)  # UNREACHABLE, CONTRACT, OUT_OF_JURISDICTION, BAD_RECORD
    message = fields.CharField(max_length=256)
    kind = fields.CharField(max_length=16, null=True)
    record_id = fields.CharField(max_length=64, null=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "source_error"
        indexes = (("source_id", "id"),)
