"""Policy lines (Casbin `p`: role, resource, action) managed through the API.

A line applies wherever its role is held — the whole deployment — so only an editor whose
`policy admin` reaches the whole deployment (the operator, `platform_admin`) changes them:
a province's office may read the policy but never widen a role beyond its own province.
The implicit `authenticated` role (every account, talents' too) is only ever given the
public reference data. Every change bumps the version compiled scopes are rebuilt from,
and is audited as a deployment-wide event every auditor sees.
"""

from __future__ import annotations

from permissions.audit import audit
from permissions.grants import bump_policy_version
from permissions.roles import ACTIONS, AUTHENTICATED, PUBLIC_REFERENCE, RESOURCES, ROLES
from permissions.scopes import EVERYWHERE
from resolvers.accounts.users import require_person
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, forbidden, not_found, validation
from schema.models import CasbinRule


def _require_admin(ctx: RequestContext, action: str = "admin") -> None:
    if action != "read":
        require_person(ctx)
    reach = ctx.perms.scopes_for("policy", action)
    if not reach or (action != "read" and EVERYWHERE not in reach):
        raise forbidden(
            None,
            "权限策略作用于整个平台，只能由平台运维方（platform_admin）修改",
            "policy lines apply to the whole deployment: only its operator (platform_admin) changes them",
        )


def _check(role: str, resource: str, action: str) -> None:
    errors = []
    if role not in (*ROLES, AUTHENTICATED):
        errors.append(validation("role", f"未知的角色 {role!r}", f"unknown role {role!r}"))
    if resource not in RESOURCES:
        errors.append(validation("resource", f"未知的资源 {resource!r}", f"unknown resource {resource!r}"))
    if action not in ACTIONS:
        errors.append(validation("action", f"未知的操作 {action!r}", f"unknown action {action!r}"))
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
    if role == AUTHENTICATED and (resource not in PUBLIC_REFERENCE or action != "read"):
        raise forbidden(
            "resource",
            "每个账号都拥有 authenticated 角色，该角色只能查看公开的基础数据",
            "every account holds the authenticated role: it reads the public reference data and nothing else",
        )
    _, created = await CasbinRule.get_or_create(ptype="p", v0=role, v1=resource, v2=action)
    if not created:
        raise UserError("action", ErrorCode.CONFLICT, "该权限策略已存在", "the policy exists")
    await bump_policy_version()
    await audit(ctx.actor, "addPolicy", "policy", f"{role}/{resource}/{action}",
                after={"role": role, "resource": resource, "action": action})  # fmt: skip
    ctx.access_changed()
    return role, resource, action


async def remove_policy(ctx: RequestContext, role: str, resource: str, action: str) -> tuple[str, ...]:
    _require_admin(ctx)
    _check(role, resource, action)
    if role == "platform_admin" and resource == "policy":
        raise UserError(
            "resource",
            ErrorCode.INVALID_STATE,
            "平台运维方的权限策略管理权不能移除",
            "the operator keeps policy admin",
        )
    if not await CasbinRule.filter(ptype="p", v0=role, v1=resource, v2=action).delete():
        raise not_found("action", "权限策略", "policy")
    await bump_policy_version()
    await audit(ctx.actor, "removePolicy", "policy", f"{role}/{resource}/{action}",
                before={"role": role, "resource": resource, "action": action})  # fmt: skip
    ctx.access_changed()
    return role, resource, action
