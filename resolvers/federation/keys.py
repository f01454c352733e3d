"""Natural keys across deployments: a talent is matched by the keyed hash of its ID number
(resolvers/core/idhash.py), kept in `talent.id_hash` for lookups by it; a card by its
number, an employer by its credit code."""

from __future__ import annotations

from tortoise import connections

from resolvers.core.idhash import id_hash
from resolvers.core.settings import Settings
from schema.models import Talent
from schema.sql import for_dialect

FILL_BATCH = 2000
_FILL = "UPDATE talent SET id_hash = ? WHERE id = ? AND id_number = ?"


async def fill_id_hashes(settings: Settings) -> int:
    """Write `talent.id_hash` where it is missing: rows written by a bulk path, or whose ID
    number changed (a trigger clears it then). Called before every lookup by idHash, so
    such a lookup finds every talent whatever wrote it; the index finds the gaps. An ID
    number changed meanwhile keeps its cleared hash (the update's `id_number = ?`)."""
    filled = 0
    while (
        rows := await Talent.filter(id_hash=None).order_by("id").limit(FILL_BATCH).values("id", "id_number")
    ):
        db = connections.get("default")
        sql = for_dialect(db.capabilities.dialect, _FILL)
        await db.execute_many(
            sql, [[id_hash(settings, r["id_number"]), r["id"], r["id_number"]] for r in rows]
        )
        filled += len(rows)
        if len(rows) < FILL_BATCH:
            break
    return filled


async def rehash_if_key_changed(settings: Settings) -> bool:
    """At start: when PROVINCE_KEY changed since the hashes were written (a sample row's
    stored hash is not its hash under the key now), clear them all to be filled anew."""
    sample = await Talent.exclude(id_hash=None).order_by("id").first().values("id_number", "id_hash")
    if sample is None or sample["id_hash"] == id_hash(settings, sample["id_number"]):
        return False
    await Talent.exclude(id_hash=None).update(id_hash=None)
    return True
