"""Token buckets kept in Redis, so that N gateway processes allow the rate once, not N times.

One Lua script takes a token atomically: one EVALSHA, one round trip, a check at a time
per key whatever the number of processes. The time is Redis's own (`TIME` inside the
script), so the clocks of the gateways' hosts do not matter; a bucket idle long enough to
be full again expires (`PEXPIRE`), and a missing bucket is a full one. A dozen lines of
Lua over the app's existing Redis client rather than the `limits` library: `limits` has
fixed and moving windows, not a token bucket with a burst (the semantics the setting
already had), and would open connections of its own.

While Redis does not answer (it is being restarted) each process falls back to its own
buckets (`local`): checks still answer, at worst N times the rate for the moment. The log
says once that Redis went away and once that it is back; meanwhile Redis is asked again
at most every `retry` seconds, so an outage costs a request no waiting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError

if TYPE_CHECKING:
    from resolvers.cards.rate_limit import TokenBuckets

log = logging.getLogger("talentgate.cards")

# KEYS[1]: the bucket, a hash of `tokens` and `at` (Redis's time in ms);
# ARGV: the rate a second, the burst. Returns 1 when a token was taken, else 0.
TAKE_TOKEN = """
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local clock = redis.call("TIME")
local now = clock[1] * 1000 + math.floor(clock[2] / 1000)
local bucket = redis.call("HMGET", KEYS[1], "tokens", "at")
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local taken = tokens >= 1
if taken then tokens = tokens - 1 end
redis.call("HSET", KEYS[1], "tokens", tostring(tokens), "at", tostring(now))
redis.call("PEXPIRE", KEYS[1], math.ceil((burst - tokens) * 1000 / rate))
if taken then return 1 end
return 0
"""


class SharedBuckets:
    """`local`'s buckets (its rate and burst), kept in `redis` under `key(address)`."""

    def __init__(self, redis: Any, local: TokenBuckets, key: Callable[[str], str], *,
                 timeout: float = 0.5, retry: float = 1.0) -> None:  # fmt: skip
        self.redis = redis
        self.local = local
        self.key = key
        self.timeout = timeout
        self.retry = retry
        self._take = redis.register_script(TAKE_TOKEN)
        self._down_since: float | None = None
        self._retry_at = 0.0

    async def allow(self, address: str) -> bool:
        now = time.monotonic()
        if now < self._retry_at:
            return self.local.allow(address)
        try:
            # asyncio.timeout, not wait_for: no task of its own for every check
            async with asyncio.timeout(self.timeout):
                taken = await self._take(keys=[self.key(address)], args=[self.local.rate, self.local.burst])
        except (RedisError, OSError, TimeoutError) as error:  # TimeoutError: a Redis that hangs
            self._failed(error, now)
            return self.local.allow(address)
        if self._down_since is not None:
            log.warning("card checks: Redis answers again after %.0f s; rate limits are shared again",
                        now - self._down_since)  # fmt: skip
            self._down_since = None
        return bool(taken)

    def _failed(self, error: BaseException, now: float) -> None:
        self._retry_at = now + self.retry
        if self._down_since is None:  # one line an outage, not one a request
            self._down_since = now
            log.warning("card checks: Redis unreachable (%s: %s); each process limits on its own "
                        "until it is back", type(error).__name__, error)  # fmt: skip
