"""Policy lines (Casbin `p`: role, resource, action) managed through the API.

Policies apply to the whole deployment, so only holders of `policy admin` (the
province office) change them; every change bumps the version that compiled scopes
are rebuilt from.
"""

from __future__ import annotations

from permissions.audit import audit
from permissions.grants import bump_policy_version
from permissions.roles import ACTIONS, AUTHENTICATED, RESOURCES, ROLES
from resolvers.context import RequestContext
from resolvers.errors import ErrorCode, UserError, UserErrors, forbidden, not_found, validation
from schema.models import CasbinRule


def _require_admin(ctx: RequestContext, action: str = "admin") -> None:
    if not ctx.perms.allows_somewhere("policy", action):
        raise forbidden(None, "only the provincial office manages policies")


def _check(role: str, resource: str, action: str) -> None:
    errors = []
    if role not in (*ROLES, AUTHENTICATED):
        errors.append(validation("role", f"unknown role {role!r}"))
    if resource not in RESOURCES:
        errors.append(validation("resource", f"unknown resource {resource!r}"))
    if action not in ACTIONS:
        errors.append(validation("action", f"unknown action {action!r}"))
    if errors:
        raise UserErrors(errors)


async def list_policies(ctx: RequestContext, role: str | None) -> list[tuple[str, str, str]]:
    _require_admin(ctx, "read")
    qs = CasbinRule.filter(ptype="p")
    if role:
        qs = qs.filter(v0=role)
    return [tuple(r) for r in await qs.order_by("v0", "v1", "v2").values_list("v0", "v1", "v2")]


async def add_policy(ctx: RequestContext, role: str, resource: str, action: str) -> tuple[str, ...]:
    _require_admin(ctx)
    _check(role, resource, action)
    _, created = await CasbinRule.get_or_create(ptype="p", v0=role, v1=resource, v2=action)
    if not created:
        raise UserError("action", ErrorCode.CONFLICT, "the policy exists")
    await bump_policy_version()
    await audit(ctx.actor, "addPolicy", "policy", None,
                after={"role": role, "resource": resource, "action": action})  # fmt: skip
    ctx.policies.invalidate()
    return role, resource, action


async def remove_policy(ctx: RequestContext, role: str, resource: str, action: str) -> tuple[str, ...]:
    _require_admin(ctx)
    _check(role, resource, action)
    if role == "province_admin" and resource == "policy":
        raise UserError("resource", ErrorCode.INVALID_STATE, "the province keeps policy admin")
    if not await CasbinRule.filter(ptype="p", v0=role, v1=resource, v2=action).delete():
        raise not_found("action", "policy")
    await bump_policy_version()
    await audit(ctx.actor, "removePolicy", "policy", None,
                before={"role": role, "resource": resource, "action": action})  # fmt: skip
    ctx.policies.invalidate()
    return role, resource, action
