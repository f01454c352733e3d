"""Idempotency keys (clientMutationId, 幂等键): a client that lost the answer to a
submission (the gateway killed mid-request, a network cut) sends it again with the same
key and gets the record the first one made — never a second one, and never a CONFLICT
for its own earlier submission.

The key's row is inserted before the record is made, in the mutation's transaction
(resolvers/core/mutations.py), so a failed submission leaves no key behind. A twin sent
at the same moment (another gateway, PostgreSQL) waits on the unique index until the
first commits, fails inside a savepoint, then reads the row the first one committed: it
writes nothing and answers with the same record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, validation
from resolvers.core.inputs import UNSET
from resolvers.core.lookup import find_visible_key
from schema import clock
from schema.models import IdempotencyKey

FIELD = "clientMutationId"
KEY_FIELD = "client_mutation_id"  # its name in a resolver's input dataclass
# A client resends within minutes; a week covers a weekend outage and keeps the table small.
KEPT_FOR = dt.timedelta(days=7)
_KEY = re.compile(r"[\x20-\x7e]{1,100}")  # printable ASCII: what clients generate (UUIDs, counters)

M = TypeVar("M", bound=Model)


def check_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise validation(FIELD, "幂等键应为 1 至 100 个可打印 ASCII 字符",
                         "1 to 100 printable ASCII characters")  # fmt: skip
    return key


def fingerprint(data: Any, *derived: str) -> str:
    """SHA-256 of a resolver input (a dataclass) as canonical JSON, without its key and the
    fields named in `derived`: those the API layer works out from the input (a card check
    may answer differently on a resend) would make a faithful resend look different."""
    values = {
        f.name: getattr(data, f.name) for f in dataclasses.fields(data)
        if f.name not in (KEY_FIELD, *derived) and getattr(data, f.name) is not UNSET
    }  # fmt: skip
    # ASCII escapes: a lone surrogate (hostile input, refused later) still hashes.
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} in an idempotent input")


async def once(
    ctx: RequestContext, operation: str, key: str | None, digest: str,
    model: type[M], resource: str, make: Callable[[], Awaitable[M]],
) -> M:  # fmt: skip
    """`make()`'s record, made once per (caller, `operation`, `key`): a resend whose input
    has the same `digest` (its `fingerprint`) answers with that record as the caller may see
    it now (NOT_FOUND if no longer); another input is a CONFLICT. Without a key, `make()`."""
    if key is None:
        return await make()
    where: dict[str, Any] = {"user_id": ctx.require_principal().user_id, "operation": operation,
                             "key": check_key(key)}  # fmt: skip
    earlier = await IdempotencyKey.get_or_none(**where)
    if earlier is None:
        try:
            async with in_transaction():  # a savepoint: a twin's row leaves the transaction usable
                row = await IdempotencyKey.create(**where, fingerprint=digest)
        except IntegrityError:  # the twin committed first: its row is there now
            earlier = await IdempotencyKey.get_or_none(**where)
            if earlier is None:
                raise
        else:
            made = await make()
            row.target_id = made.pk
            await row.save(update_fields=["target_id"])
            return made
    if earlier.fingerprint != digest:
        raise UserError(FIELD, ErrorCode.CONFLICT, "该幂等键已用于另一次提交",
                        "this key was used for a different submission")  # fmt: skip
    made_id = earlier.target_id or 0  # set in the transaction that committed the row
    return await find_visible_key(ctx, model, resource, made_id, FIELD)


async def prune_keys(now: dt.datetime | None = None) -> int:
    """Forget keys older than KEPT_FOR; returns how many."""
    return await IdempotencyKey.filter(created_at__lt=(now or clock.now()) - KEPT_FOR).delete()
