"""The reference Casbin enforcer, loaded from the database.

Too slow for hot paths (it scans every policy per call); requests use the
compiled scopes of `permissions.compiled`, and a property test keeps the two equal.
"""

from __future__ import annotations

from pathlib import Path

import casbin

from permissions.adapter import TortoiseAdapter
from permissions.scopes import covers

MODEL_PATH = Path(__file__).with_name("model.conf")


def _domain_match(request_scope: str, grant_scope: str) -> bool:
    return covers(grant_scope, request_scope)


async def load_enforcer() -> casbin.AsyncEnforcer:
    enforcer = casbin.AsyncEnforcer(str(MODEL_PATH), TortoiseAdapter())
    enforcer.add_named_domain_matching_func("g", _domain_match)
    await enforcer.load_policy()
    return enforcer


def enforce_any(
    enforcer: casbin.AsyncEnforcer, subject: str, row_scopes: list[str], resource: str, action: str
) -> bool:
    """True when any scope the row carries is covered for (resource, action)."""
    return any(enforcer.enforce(subject, scope, resource, action) for scope in row_scopes)
