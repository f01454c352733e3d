"""A subject's grants compiled against the policy: the fast path Casbin is checked against.

`scopes_for(resource, action)` lists the scopes on which the subject may act;
`allows(...)` checks a row's scopes against them in microseconds.
"""

from __future__ import annotations

from functools import cached_property

from permissions.policy_cache import Policy
from permissions.roles import AUTHENTICATED, PERSON_ONLY
from permissions.scopes import EVERYWHERE, covers


class CompiledPermissions:
    """:param person: False for an API token, which never holds the PERSON_ONLY actions
    (managing access), whatever its role allows."""

    def __init__(self, grants: list[tuple[str, str]], policy: Policy, *, person: bool = True) -> None:
        self.grants = tuple(grants)
        self.policy = policy
        self.person = person
        self._cache: dict[tuple[str, str], frozenset[str]] = {}

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(role for role, _ in self.grants)

    def scopes_for(self, resource: str, action: str) -> frozenset[str]:
        key = (resource, action)
        scopes = self._cache.get(key)
        if scopes is None:
            if not self.person and key in PERSON_ONLY:
                scopes = frozenset()
            elif self.policy.permits(AUTHENTICATED, resource, action):
                scopes = frozenset({EVERYWHERE})
            else:
                scopes = frozenset(
                    scope
                    for role, scope in self.grants
                    if self.policy.permits(role, resource, action)
                )
            self._cache[key] = scopes
        return scopes

    def allows(self, resource: str, action: str, row_scopes: list[str]) -> bool:
        granted = self.scopes_for(resource, action)
        return any(covers(g, r) for g in granted for r in row_scopes)

    def granted_on(self, resource: str, action: str, scope: str) -> bool:
        """Held on exactly `scope`, not just on one covering it: a review step belongs to
        that level's office (a province grant covers a county but is not its review)."""
        return scope in self.scopes_for(resource, action)

    def allows_somewhere(self, resource: str, action: str) -> bool:
        return bool(self.scopes_for(resource, action))

    def roles_covering(self, scope: str) -> set[str]:
        """Roles the subject holds on a scope covering `scope` (for grant delegation)."""
        return {role for role, granted in self.grants if covers(granted, scope)}

    def capabilities(self) -> list[tuple[str, str, frozenset[str]]]:
        """Every (resource, action) the subject may do somewhere, with the scopes it may do
        it on: `scopes_for` listed, so a menu built on it answers as the resolvers do."""
        pairs = set(self.policy.allowed.get(AUTHENTICATED, frozenset()))
        for role in self.roles:
            pairs |= self.policy.allowed.get(role, frozenset())
        listed = ((resource, action, self.scopes_for(resource, action)) for resource, action in sorted(pairs))
        return [entry for entry in listed if entry[2]]
