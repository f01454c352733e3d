"""Access state cached per process: the `p` lines, and the principals authentication built
from the database (an account, its grants compiled against the policy, an API token's
limits), so that a signed-in request usually costs no SQL before its own query.

How the processes agree — one Redis GET a request, no pub/sub:

* Every change to access (a grant given or taken, a policy line, an account created,
  disabled, enabled, its password reset or throttle lifted, a token made or revoked) runs
  through `resolvers.core.mutations.run_mutation`, which — after its transaction
  committed — calls `publish`: this process forgets at once and `INCR`s the shared
  version `talentgate:auth:version` in Redis.
* Every authenticated request first calls `sync`: one `GET` of that version. Cached state
  is used only while the version read equals the one it was cached under; when it moved,
  everything is forgotten and read again from the database. Because the INCR comes after
  the commit, and a request reads the version before it reads the database, whatever was
  cached under a version is at least as new as every change published before it: the very
  next request in any process sees a change. (Pub/sub would save the GET but delivers
  late, so another process could still serve the old grants for a moment; a GET on
  loopback costs a fraction of a millisecond.)
* A missing key (a new or emptied Redis) is seeded with the clock in milliseconds, so a
  counter that starts again never meets a version some process cached under.
* Safety net: cached state is dropped after `max_age` seconds (60) even when the version
  did not move — a process that died between its commit and its INCR, or a writer that
  does not publish (`talentgate createuser` makes new accounts only, which nothing has
  cached; the default policy installed at start is published by the gateway), is seen
  within a minute at worst.
* Redis not configured, unreachable or slower than `redis_timeout`: no cached principal is
  used at all — each request reads its account and grants from the database as before,
  and the policy lines are re-checked against the database's version every `ttl` seconds
  (2 s, `POLICY_CACHE_SECONDS`). So grants are never stale by more than `ttl` when Redis
  is down; Redis is retried after `redis_retry` seconds, and everything cached before the
  outage has been forgotten. A publish that could not reach Redis is retried at the next
  successful `sync` (meanwhile other processes see the change within `max_age`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from schema.models import CasbinRule, PolicyVersion

log = logging.getLogger(__name__)

ACCESS_VERSION_KEY = "talentgate:auth:version"


@dataclass(frozen=True)
class Policy:
    version: int
    # role → {(resource, action)}
    allowed: dict[str, frozenset[tuple[str, str]]]

    def permits(self, role: str, resource: str, action: str) -> bool:
        return (resource, action) in self.allowed.get(role, frozenset())


async def current_version() -> int:
    row = await PolicyVersion.filter(id=1).first()
    return row.version if row else 0


async def load_policy(version: int | None = None) -> Policy:
    if version is None:
        version = await current_version()
    allowed: dict[str, set[tuple[str, str]]] = {}
    for role, resource, action in await CasbinRule.filter(ptype="p").values_list("v0", "v1", "v2"):
        allowed.setdefault(role, set()).add((resource, action))
    return Policy(
        version=version,
        allowed={role: frozenset(pairs) for role, pairs in allowed.items()},
    )


class PolicyCache:
    """Without Redis: checks the policy version at most every `ttl` seconds, so a request
    usually costs no policy query; other processes see a policy change within `ttl`.
    With Redis (`sync` returned a generation): see the module docstring."""

    def __init__(
        self, ttl: float = 2.0, *, max_age: float = 60.0, max_entries: int = 10_000,
        redis_timeout: float = 0.5, redis_retry: float = 1.0,
    ) -> None:  # fmt: skip
        self.ttl = ttl
        self.max_age = max_age
        self.max_entries = max_entries
        self.redis_timeout = redis_timeout
        self.redis_retry = redis_retry
        self._policy: Policy | None = None
        self._policy_generation = -1
        self._checked_at = 0.0
        # Bumped whenever cached state is forgotten: what a request read under an older
        # generation is never stored nor served.
        self._generation = 0
        self._synced: int | None = None  # the shared version the cached state reflects
        self._synced_at = 0.0
        self._entries: dict[Hashable, Any] = {}
        self._redis_retry_at = 0.0
        self._redis_down = False  # logged once an outage
        self._unpublished = False

    # -- the policy lines ----------------------------------------------------------------

    async def get(self, generation: int | None = None) -> Policy:
        """The policy. `generation` (from `sync`): trust a policy cached in that generation
        without asking the database; None: re-check the version every `ttl` seconds."""
        now = time.monotonic()
        policy = self._policy
        if policy is not None:
            if generation is not None and generation == self._generation == self._policy_generation:
                return policy
            if now - self._checked_at < self.ttl:
                return policy
        started = self._generation
        version = await current_version()
        if policy is None or policy.version != version:
            policy = await load_policy(version)
        if started == self._generation:  # nothing was forgotten while we read
            self._policy, self._policy_generation, self._checked_at = policy, started, now
        return policy

    def invalidate(self) -> None:
        """Forget everything this process cached (others learn of a change from `publish`)."""
        self._policy = None
        self._entries.clear()
        self._generation += 1

    # -- the shared version --------------------------------------------------------------

    async def sync(self, redis: Any) -> int | None:
        """Bring this process in line with the shared version (one Redis GET). Returns the
        generation cached principals may be used and stored in, or None: go to the
        database (no Redis, or Redis unreachable — cached principals are then dropped)."""
        now = time.monotonic()
        if redis is None or now < self._redis_retry_at:
            self._unsync()
            return None
        try:
            # asyncio.timeout, not wait_for: no task of its own for every request's GET
            async with asyncio.timeout(self.redis_timeout):
                if self._unpublished:
                    raw = await self._bump(redis)
                    self._unpublished = False
                else:
                    raw = await redis.get(ACCESS_VERSION_KEY)
            if raw is None:  # a new or emptied Redis: start where no old version can be
                async with asyncio.timeout(self.redis_timeout):
                    await self._seed(redis)
                    raw = await redis.get(ACCESS_VERSION_KEY)
            version = int(raw)
        except Exception as error:  # any Redis failure: the database answers, never stale grants
            if not self._redis_down:  # one line, not a traceback: a slow Redis is expected under load
                log.warning("access cache: Redis unreachable (%s); authenticating from the database",
                            type(error).__name__)  # fmt: skip
            self._redis_down = True
            self._redis_retry_at = now + self.redis_retry
            self._unsync()
            return None
        self._redis_down = False
        if version != self._synced or now - self._synced_at > self.max_age:
            self.invalidate()
            self._synced, self._synced_at = version, now
        return self._generation

    @staticmethod
    async def _seed(redis: Any) -> None:
        """The version starts at the clock in milliseconds, not at 0: after Redis lost its
        data, counting up from 0 again must never meet a version a process cached under."""
        await redis.set(ACCESS_VERSION_KEY, int(time.time() * 1000), nx=True)

    async def _bump(self, redis: Any) -> Any:
        await self._seed(redis)  # nothing when the key exists
        return await redis.incr(ACCESS_VERSION_KEY)

    def _unsync(self) -> None:
        if self._synced is not None:
            self._synced = None
            self.invalidate()

    async def publish(self, redis: Any) -> None:
        """After a committed change to access: forget here, and tell every process."""
        self.invalidate()
        if redis is None:
            return
        try:
            await asyncio.wait_for(self._bump(redis), self.redis_timeout)
        except Exception as error:
            log.warning("access cache: could not publish a change to Redis (%s); retrying later",
                        type(error).__name__)  # fmt: skip
            self._unpublished = True
            self._unsync()

    # -- principals (opaque to this layer) -----------------------------------------------

    def cached(self, generation: int | None, key: Hashable) -> Any:
        if generation is None or generation != self._generation:
            return None
        return self._entries.get(key)

    def remember(self, generation: int | None, key: Hashable, value: Any) -> None:
        if generation is None or generation != self._generation:
            return  # read before something was forgotten: not to be served later
        if len(self._entries) >= self.max_entries:
            self._entries.pop(next(iter(self._entries)))
        self._entries[key] = value
