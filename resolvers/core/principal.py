"""Who is calling: the principal a request acts as (resolved by `resolvers.accounts.authentication`)."""

from __future__ import annotations

from dataclasses import dataclass

from permissions.compiled import CompiledPermissions


@dataclass
class Principal:
    subject: str  # user:<name> or token:<id>, the Casbin subject
    username: str
    user_id: int
    talent_id: int | None
    token_id: int | None
    perms: CompiledPermissions
    # An API token's limits (resolvers/accounts/token_limits.py): queries only, and/or only
    # the GraphQL operations named here (None: any). A person's sign-in has neither.
    read_only: bool = False
    operations: frozenset[str] | None = None
