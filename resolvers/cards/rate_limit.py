"""Rate limits per client address: token buckets.

With Redis (`app.state.redis`) the card check's buckets live there, shared by every
gateway process (resolvers/cards/shared_buckets.py: one round trip a check). Without it —
`serve` with no REDIS_URL, an in-process app, or while Redis does not answer — each
process keeps its own `TokenBuckets`, so N processes allow N times the rate.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.requests import HTTPConnection

from jobs.keys import card_check_key
from resolvers.cards.shared_buckets import SharedBuckets


class TokenBuckets:
    """`burst` requests at once per key, refilled at `rate` a second.

    At most `max_keys` keys are tracked; past that, buckets idle long enough to be full
    again are forgotten first (a forgotten bucket is a full one, so nothing is lost),
    then the oldest."""

    def __init__(self, rate: float, burst: int, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        if rate <= 0 or burst < 1:
            raise ValueError("a rate limit needs rate > 0 and burst >= 1")
        self.rate = rate
        self.burst = float(burst)
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens, at)

    def allow(self, key: str) -> bool:
        now = self.clock()
        tokens, at = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        if key not in self._buckets and len(self._buckets) >= self.max_keys:
            self._forget(now)
        self._buckets[key] = (tokens, now)
        return allowed

    def retry_after(self) -> int:
        """Whole seconds until one more request is allowed to an empty bucket."""
        return max(1, int(1.0 / self.rate + 0.999))

    def _forget(self, now: float) -> None:
        refill = self.burst / self.rate
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < refill}
        excess = len(self._buckets) - self.max_keys // 2
        for key in list(self._buckets)[: max(0, excess)]:
            del self._buckets[key]


def card_check_buckets(app: Starlette) -> TokenBuckets:
    """This process's buckets for anonymous card checks (HTTP and GraphQL share them);
    their rate and burst are the shared buckets' too."""
    buckets = getattr(app.state, "card_checks", None)
    if buckets is None:
        settings = app.state.settings
        buckets = app.state.card_checks = TokenBuckets(settings.card_verify_rate, settings.card_verify_burst)
    return buckets


def _shared_buckets(app: Starlette) -> SharedBuckets | None:
    """The buckets in the app's Redis, if it has one (made again when a test swaps the
    Redis client or the local buckets)."""
    redis = getattr(app.state, "redis", None)
    if redis is None:
        return None
    local, shared = card_check_buckets(app), getattr(app.state, "shared_card_checks", None)
    if shared is None or shared.redis is not redis or shared.local is not local:
        shared = app.state.shared_card_checks = SharedBuckets(redis, local, card_check_key)
    return shared


async def card_check_allowed(connection: HTTPConnection | None) -> bool:
    """Whether this client address may check one more card now (no request: a job, allowed)."""
    if connection is None:
        return True
    address = connection.client.host if connection.client else ""
    shared = _shared_buckets(connection.app)
    if shared is None:
        return card_check_buckets(connection.app).allow(address)
    return await shared.allow(address)
