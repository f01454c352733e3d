"""Failed sign-ins, throttled per (username, client) and per client, never per account.

Keying on the client as well means a stranger's wrong passwords slow the stranger down,
not the account's owner signing in from elsewhere. Past the free tries each further
failure doubles the wait (15 s, 30 s, … up to LOGIN_LOCK_SECONDS); a quiet window of that
length forgets the count. The throttle is consulted before the password is checked, so a
blocked caller learns nothing, and it is the same for unknown usernames.

The audit trail gets each of a client's first failures in a window, then one aggregate
row each time the count doubles — a spray of invented usernames costs the trail a handful
of rows, not one per try.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from resolvers.core.settings import Settings
from schema import clock
from schema.models import LoginThrottle

BASE_WAIT_SECONDS = 15
AUDITED_PER_WINDOW = 5  # a client's failures audited one by one before aggregating


@dataclass(frozen=True)
class Blocked:
    retry_after: int  # seconds


@dataclass(frozen=True)
class Failure:
    """What a failure did: whether to audit it alone, or an aggregate of how many."""

    audit_single: bool
    aggregate: int  # > 0: write one row for this many unaudited failures


def _key(*parts: str) -> str:
    # surrogatepass: a username may hold a lone surrogate (JSON allows it); it still hashes.
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def account_hash(username: str) -> str:
    return _key("account", username.casefold())


def keys(username: str, client: str | None) -> tuple[str, str]:
    client = client or "-"
    return _key("user", username.casefold(), client), _key("client", client)


async def blocked(settings: Settings, username: str, client: str | None) -> Blocked | None:
    now = clock.now()
    blocked_until = LoginThrottle.filter(key__in=keys(username, client), blocked_until__gt=now)
    until: list[dt.datetime] = await blocked_until.values_list("blocked_until", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    if not until:
        return None
    return Blocked(max(1, math.ceil((max(until) - now).total_seconds())))


def _wait(settings: Settings, failures: int, free: int) -> int:
    excess = failures - free
    if excess < 0:
        return 0
    return min(settings.login_lock_seconds, BASE_WAIT_SECONDS * 2 ** min(excess, 16))


async def _count(settings: Settings, key: str, free: int, now: dt.datetime,
                 account: str | None = None) -> tuple[LoginThrottle, int]:  # fmt: skip
    """One more failure on `key`: the count restarts after a quiet window; past `free`
    failures the key is blocked for a doubling wait. Returns the row and how many failures
    of the window that ended went unaudited."""
    window = dt.timedelta(seconds=settings.login_lock_seconds)
    row, _ = await LoginThrottle.get_or_create(
        key=key, defaults={"window_started_at": now, "account": account}
    )
    left_over = 0
    if row.last_failure_at is not None and now - row.last_failure_at > window:
        left_over = row.unaudited
        await LoginThrottle.filter(id=row.id).update(failures=0, unaudited=0, window_started_at=now)
    await LoginThrottle.filter(id=row.id).update(failures=F("failures") + 1, last_failure_at=now)
    row = await LoginThrottle.get(id=row.id)
    wait = _wait(settings, row.failures, free)
    if wait:
        row.blocked_until = now + dt.timedelta(seconds=wait)
        await row.save(update_fields=["blocked_until"])
    return row, left_over


async def record_failure(settings: Settings, username: str, client: str | None) -> Failure:
    now = clock.now()
    user_key, client_key = keys(username, client)
    async with in_transaction():
        await _count(settings, user_key, settings.login_max_failures, now, account_hash(username))
        row, left_over = await _count(settings, client_key, settings.login_client_max_failures, now)
        if row.failures <= AUDITED_PER_WINDOW:
            return Failure(audit_single=True, aggregate=left_over)
        unaudited = row.unaudited + 1
        # One aggregate row each time the window's count reaches a power of two.
        if row.failures & (row.failures - 1) == 0:
            await LoginThrottle.filter(id=row.id).update(unaudited=0)
            return Failure(audit_single=False, aggregate=unaudited)
        await LoginThrottle.filter(id=row.id).update(unaudited=unaudited)
        return Failure(audit_single=False, aggregate=0)


async def record_success(username: str, client: str | None) -> None:
    """The owner got in from here: their own count from this client starts again."""
    user_key, _ = keys(username, client)
    await LoginThrottle.filter(key=user_key).delete()


async def release(username: str) -> int:
    """An office unlocks an account: every client's count for that username is dropped."""
    return await LoginThrottle.filter(account=account_hash(username)).delete()
