"""The change feed as the province reads it: `changes(after, first, types, waitSeconds)`.

Rows are the triggers' (schema/models/federation.py), scoped by the one scope helper on
resource `change` (the `federation` role's alone, at its jurisdictions). Each UPSERT
carries its record as the caller may see it now: read through `visible` on the record's
own resource, personal fields masked unless the caller holds `pii:read` there (the read
is audited), with its natural key (a talent's `idHash`, a card's or request's number, an
employer's credit code). A record gone or out of scope since has `data` null: a later
DELETE, or nothing the caller may see, follows.

Order and resumption: PostgreSQL rows are read in (transaction id, id) order and only
from transactions older than every one still running in this database, so a slow
transaction's rows are never passed by the cursor; SQLite writes one transaction at a time and its ids are the
order. `waitSeconds` (at most 25) holds an empty answer until a change arrives: the
province learns of a change within about half a second.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from tortoise import connections
from tortoise.expressions import Q
from tortoise.models import Model

from permissions.masking import reveal
from permissions.resources import SCOPE_COLUMNS
from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.core.errors import validation
from resolvers.core.idhash import id_hash
from resolvers.core.ids import encode_id
from resolvers.listing.compiled.registry import TYPES, Column, GlobalId, Masked, ToOne
from resolvers.listing.pagination import plain_value
from schema import models as m

MAX_FIRST = 500
DEFAULT_FIRST = 100
MAX_WAIT_SECONDS = 25
POLL_SECONDS = 0.5


# The feed's contract: a reader refuses a source whose major version differs from its own.
CONTRACT_VERSION = "1.0"


@dataclass(frozen=True)
class Kind:
    """A kind of record the feed carries: its model, resource and GraphQL type's fields."""

    model: type[Model]
    type_name: str
    resource: str
    fields: dict[str, Any]  # field → Column | Masked | GlobalId | ToOne (registry.py)
    key: str | None  # the field of `data` that is its natural key (handoffs have none)


_RECOGNITION_FIELDS = {
    "id": GlobalId("Recognition"), "number": Column("number"), "status": Column("status"),
    "annualSalaryYuan": Column("annual_salary_yuan"), "createdAt": Column("created_at"),
    "talent": ToOne("talent", "Talent", "talent"), "category": ToOne("category", "TalentCategory", None),
    "jurisdiction": ToOne("jurisdiction", "Jurisdiction", None),
}  # fmt: skip

KINDS: dict[str, Kind] = {
    "TALENT": Kind(m.Talent, "Talent", "talent", TYPES["Talent"].fields, "idHash"),
    "EMPLOYER": Kind(m.Employer, "Employer", "employer", TYPES["Employer"].fields, "creditCode"),
    "CARD": Kind(m.Card, "Card", "card", TYPES["Card"].fields, "number"),
    "RECOGNITION": Kind(m.Recognition, "Recognition", "recognition", _RECOGNITION_FIELDS, "number"),
    "SERVICE_REQUEST": Kind(m.ServiceRequest, "ServiceRequest", "service_request",
                            TYPES["ServiceRequest"].fields, "number"),
    "HANDOFF": Kind(m.Handoff, "Handoff", "handoff", TYPES["Handoff"].fields, None),
}


@dataclass(frozen=True)
class Change:
    cursor: str
    type: str
    record_id: str  # the record's global ID here
    key: str | None
    op: str
    jurisdiction: str | None  # where the record lies (its jurisdiction's code)
    at: dt.datetime
    data: dict[str, Any] | None


@dataclass(frozen=True)
class ChangePage:
    changes: list[Change]
    has_next: bool
    end_cursor: str | None


def encode_cursor(txid: int, row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{txid}:{row_id}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        txid, _, row_id = base64.urlsafe_b64decode(cursor.encode("ascii")).decode().partition(":")
        position = int(txid), int(row_id)
        if not all(0 <= value < 2**63 for value in position):  # what a bigint column holds
            raise ValueError
        return position
    except (ValueError, binascii.Error, UnicodeError):
        raise validation("after", "变更游标无效", "invalid change cursor") from None


async def changes(ctx: RequestContext, after: str | None, first: int | None,
                  types: Sequence[str] | None, wait_seconds: int | None = None) -> ChangePage:  # fmt: skip
    size = DEFAULT_FIRST if first is None else first
    if not 0 < size <= MAX_FIRST:
        raise validation("first", f"每次 1 到 {MAX_FIRST} 条", f"first must be 1 to {MAX_FIRST}")
    wait = wait_seconds or 0
    if not 0 <= wait <= MAX_WAIT_SECONDS:
        raise validation("waitSeconds", f"最多等待 {MAX_WAIT_SECONDS} 秒",
                         f"waitSeconds must be 0 to {MAX_WAIT_SECONDS}")  # fmt: skip
    position = decode_cursor(after) if after else (0, 0)
    kinds = list(types) if types else list(KINDS)
    deadline = asyncio.get_running_loop().time() + wait
    while True:
        rows = await _rows(ctx, position, kinds, size + 1)
        if rows or asyncio.get_running_loop().time() >= deadline:
            break
        await asyncio.sleep(POLL_SECONDS)
    rows, has_next = rows[:size], len(rows) > size
    records = await _records(ctx, rows)
    found = [
        Change(encode_cursor(r["txid"], r["id"]), r["kind"],
               encode_id(KINDS[r["kind"]].type_name, r["record_id"]), _key(r, records), r["op"],
               r["jurisdiction_id"], r["at"],
               records.get((r["kind"], r["record_id"])) if r["op"] == "UPSERT" else None)
        for r in rows
    ]  # fmt: skip
    return ChangePage(found, has_next, found[-1].cursor if found else after)


async def _rows(ctx: RequestContext, position: tuple[int, int], kinds: list[str], limit: int) -> list[dict]:
    txid, row_id = position
    query = visible(m.ChangeRecord, ctx.perms, "change").filter(
        Q(txid__gt=txid) | Q(txid=txid, id__gt=row_id), kind__in=kinds
    )
    horizon = await _horizon()
    if horizon is not None:
        query = query.filter(txid__lt=horizon)
    return await query.order_by("txid", "id").limit(limit).values(
        "id", "txid", "kind", "record_id", "key", "op", "jurisdiction_id", "at"
    )


# The oldest transaction still running in this database, as a 64-bit id (its 32-bit
# backend_xid put in the snapshot's epoch), or the next id to be given out when none is.
# Transactions of other databases of the cluster cannot write this feed, so they do not
# hold it back (pg_snapshot_xmin would: one idle transaction anywhere stalls it).
_HORIZON = """
WITH s AS (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax),
running AS (
  SELECT ((s.xmax >> 32) << 32) | a.backend_xid::text::bigint AS x, s.xmax
  FROM s JOIN pg_stat_activity a ON a.datname = current_database() AND a.backend_xid IS NOT NULL
)
SELECT LEAST((SELECT xmax FROM s),
             (SELECT MIN(CASE WHEN x > xmax THEN x - 4294967296 ELSE x END) FROM running)) AS x
"""


async def _horizon() -> int | None:
    """PostgreSQL: rows of transactions from this id on wait (one may still be running)."""
    db = connections.get("default")
    if db.capabilities.dialect != "postgres":
        return None
    rows = await db.execute_query_dict(_HORIZON)
    return int(rows[0]["x"])


def _columns(kind: Kind) -> list[str]:
    """What a record's data and masking read: its fields' columns, scope columns, key."""
    names = {"id", "jurisdiction_id"}
    for spec in kind.fields.values():
        if isinstance(spec, Column | Masked):
            names.add(spec.column)
        elif isinstance(spec, ToOne) and len(spec.steps) == 1:
            names.add(f"{spec.steps[0]}_id")
    names |= {c for c in SCOPE_COLUMNS[kind.resource].values() if "__" not in c}
    if kind.model is m.Talent:
        names.add("id_number")
    return sorted(names)


# A link to a record of these types carries the key other deployments know it by, when
# the caller may see that record: type → (model, resource, column, field in `data`).
LINK_KEYS: dict[str, tuple[type[Model], str, str, str]] = {
    "Talent": (m.Talent, "talent", "id_number", "idHash"),
    "Employer": (m.Employer, "employer", "credit_code", "creditCode"),
    "ServiceRequest": (m.ServiceRequest, "service_request", "number", "number"),
}
Links = dict[tuple[str, Any], dict[str, Any]]  # (type, id) → the link's natural key

# Links to reference data (public to every signed-in caller) carry its code and name, so
# the province can group by category and tier without asking each source what an id means.
REFERENCE_LINKS: dict[str, type[Model]] = {
    "CardTier": m.CardTier, "CardProgramme": m.CardProgramme, "TalentCategory": m.TalentCategory,
}  # fmt: skip


async def _records(ctx: RequestContext, rows: list[dict]) -> dict[tuple[str, int], dict[str, Any]]:
    """The UPSERTs' records as the caller may see them: one query per kind, and one per
    kind of linked record whose natural key they carry."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row["op"] == "UPSERT":
            wanted.setdefault(row["kind"], set()).add(row["record_id"])
    found: list[tuple[Kind, str, dict[str, Any]]] = []
    for name, ids in wanted.items():
        kind = KINDS[name]
        query = visible(kind.model, ctx.perms, kind.resource).filter(id__in=sorted(ids))
        found += [(kind, name, record) for record in await query.values(*_columns(kind))]
    links = await _links(ctx, [(kind, record) for kind, _, record in found])
    return {(name, record["id"]): _data(ctx, kind, record, links) for kind, name, record in found}


async def _links(ctx: RequestContext, records: list[tuple[Kind, dict[str, Any]]]) -> Links:
    targets: dict[str, set[Any]] = {}
    for kind, record in records:
        for spec in kind.fields.values():
            if not isinstance(spec, ToOne) or len(spec.steps) != 1:
                continue
            if spec.type_name in LINK_KEYS or spec.type_name in REFERENCE_LINKS:
                target = record[f"{spec.steps[0]}_id"]
                if target is not None:
                    targets.setdefault(spec.type_name, set()).add(target)
    links: Links = {}
    for type_name, ids in targets.items():
        if type_name in REFERENCE_LINKS:
            reference = REFERENCE_LINKS[type_name].filter(id__in=sorted(ids))
            for row in await reference.values("id", "code", "name"):
                links[(type_name, row["id"])] = {"code": row["code"], "name": row["name"]}
            continue
        model, resource, column, field = LINK_KEYS[type_name]
        seen = visible(model, ctx.perms, resource).filter(id__in=sorted(ids))
        for row in await seen.values("id", column):
            value = id_hash(ctx.settings, row[column]) if type_name == "Talent" else row[column]
            links[(type_name, row["id"])] = {field: value}
    return links


def _data(ctx: RequestContext, kind: Kind, record: dict[str, Any], links: Links) -> dict[str, Any]:
    view = SimpleNamespace(**record, pk=record["id"])
    data: dict[str, Any] = {}
    for name, spec in kind.fields.items():
        if isinstance(spec, GlobalId):
            data[name] = encode_id(spec.type_name, record[spec.column])
        elif isinstance(spec, Masked):
            data[name] = reveal(ctx.perms, ctx.pii, kind.resource, view, spec.audit_name,
                                record[spec.column], spec.mask)  # fmt: skip
        elif isinstance(spec, Column):
            data[name] = plain_value(record[spec.column])
        elif isinstance(spec, ToOne) and len(spec.steps) == 1:
            target = record[f"{spec.steps[0]}_id"]
            data[name] = None if target is None else _link(spec.type_name, target, links)
    if kind.model is m.Talent:
        data["idHash"] = id_hash(ctx.settings, record["id_number"])
    return data


def _link(type_name: str, target: Any, links: Links) -> dict[str, Any]:
    """A linked record: its ID here, and the key other deployments know it by (a
    jurisdiction's code; a talent's, employer's or request's when the caller sees it)."""
    if type_name == "Jurisdiction":
        return {"id": encode_id(type_name, target), "code": target}
    return {"id": encode_id(type_name, target), **links.get((type_name, target), {})}


def _key(row: dict, records: dict[tuple[str, int], dict[str, Any]]) -> str | None:
    """The natural key: a DELETE's from its row; an UPSERT's from its record."""
    if row["op"] == "DELETE":
        return row["key"]
    data, field = records.get((row["kind"], row["record_id"])), KINDS[row["kind"]].key
    return None if data is None or field is None else data.get(field)
