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
