"""The `p` lines, cached per process and reloaded when the policy version moves."""

from __future__ import annotations

import time
from dataclasses import dataclass

from schema.models import CasbinRule, PolicyVersion


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
    """Checks the version at most every `ttl` seconds, so a request usually costs no query;
    other processes see a policy change within `ttl`."""

    def __init__(self, ttl: float = 2.0) -> None:
        self.ttl = ttl
        self._policy: Policy | None = None
        self._checked_at = 0.0

    async def get(self) -> Policy:
        now = time.monotonic()
        if self._policy is not None and now - self._checked_at < self.ttl:
            return self._policy
        version = await current_version()
        if self._policy is None or self._policy.version != version:
            self._policy = await load_policy(version)
        self._checked_at = now
        return self._policy

    def invalidate(self) -> None:
        self._policy = None
