"""Sign-in, role grants and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.transactions import in_transaction

from gateway.auth.passwords import verify_password
from gateway.auth.tokens import issue_jwt, new_api_token
from gateway.clock import china_today
from permissions.audit import Actor, audit
from permissions.grants import InvalidGrant, add_grant, remove_grant, token_subject, user_subject
from permissions.roles import GRANTABLE, ROLE_SCOPE_KIND
from permissions.scopes import parse_scope
from resolvers.context import RequestContext
from resolvers.errors import ErrorCode, UserError, forbidden, not_found, validation
from resolvers.ids import decode_int_id
from schema.models import ApiToken, Department, Employer, Jurisdiction, Talent, User

MAX_TOKEN_DAYS = 366


async def login(ctx: RequestContext, username: str, password: str) -> tuple[str, User]:
    """Failures count towards a lock-out and are committed even though login fails."""
    settings = ctx.settings
    now = dt.datetime.now(dt.UTC)
    user = await User.filter(username=username).first()
    actor = Actor(username=username, client_address=ctx.client_address, request_id=ctx.request_id)
    if user is not None and user.locked_until is not None and user.locked_until > now:
        raise UserError(None, ErrorCode.LIMIT_EXCEEDED, "too many failed sign-ins; try later")
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        async with in_transaction():
            if user is not None:
                user.failed_logins += 1
                if user.failed_logins >= settings.login_max_failures:
                    user.locked_until = now + dt.timedelta(seconds=settings.login_lock_seconds)
                    user.failed_logins = 0
                await user.save(update_fields=["failed_logins", "locked_until"])
            await audit(actor, "loginFailed", "user", user.id if user else None)
        raise UserError(None, ErrorCode.UNAUTHENTICATED, "wrong username or password")
    async with in_transaction():
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        await user.save(update_fields=["failed_logins", "locked_until", "last_login_at"])
        await audit(actor, "login", "user", user.id)
    return issue_jwt(settings, user.username, user.id), user


async def scope_row_scopes(scope: str, field: str = "scope") -> list[str]:
    """The scopes a grant's target carries, so the granter's own reach can be checked;
    the target must exist."""
    try:
        kind, value = parse_scope(scope)
    except ValueError as exc:
        raise validation(field, str(exc)) from None
    if kind == "jur":
        if not await Jurisdiction.filter(code=value).exists():
            raise not_found(field, "jurisdiction")
        return [scope]
    key = int(value)
    if kind == "dept":
        dept = await Department.filter(id=key).first()
        if dept is None:
            raise not_found(field, "department")
        return [scope, f"jur:{dept.jurisdiction_id}"]
    if kind == "org":
        employer = await Employer.filter(id=key).first()
        if employer is None:
            raise not_found(field, "employer")
        return [scope, f"jur:{employer.jurisdiction_id}"]
    talent = await Talent.filter(id=key).first()
    if talent is None:
        raise not_found(field, "talent")
    extra = [f"org:{talent.employer_id}"] if talent.employer_id else []
    return [scope, f"jur:{talent.jurisdiction_id}", *extra]


async def check_delegation(ctx: RequestContext, role: str, scope: str, action: str) -> None:
    """The caller may hand out `role` on `scope` only within their own reach and rank."""
    if role not in ROLE_SCOPE_KIND:
        raise validation("role", f"unknown role {role!r}")
    kind = scope.partition(":")[0]
    if kind != ROLE_SCOPE_KIND[role]:
        raise validation("scope", f"{role} is granted on a {ROLE_SCOPE_KIND[role]}: scope")
    targets = await scope_row_scopes(scope)
    perms = ctx.perms
    if not perms.allows("grant", action, targets):
        raise forbidden("scope", "the scope is outside your reach")
    held = set().union(*(perms.roles_covering(t) for t in targets))
    grantable = set().union(*(GRANTABLE.get(r, set()) for r in held))
    if role not in grantable:
        raise forbidden("role", f"you may not grant {role}")


async def grant_role(ctx: RequestContext, username: str, role: str, scope: str) -> User:
    user = await User.filter(username=username).first()
    if user is None:
        raise not_found("username", "user")
    await check_delegation(ctx, role, scope, "admin")
    try:
        created = await add_grant(user_subject(username), role, scope)
    except InvalidGrant as exc:
        raise validation(exc.field, str(exc)) from None
    if not created:
        raise UserError("role", ErrorCode.CONFLICT, "the user already holds this role there")
    await audit(ctx.actor, "grantRole", "user", user.id, after={"role": role, "scope": scope})
    ctx.policies.invalidate()
    return user


async def revoke_role(ctx: RequestContext, username: str, role: str, scope: str) -> User:
    user = await User.filter(username=username).first()
    if user is None:
        raise not_found("username", "user")
    await check_delegation(ctx, role, scope, "admin")
    if not await remove_grant(user_subject(username), role, scope):
        raise not_found("role", "grant")
    await audit(ctx.actor, "revokeRole", "user", user.id, before={"role": role, "scope": scope})
    ctx.policies.invalidate()
    return user


async def create_api_token(
    ctx: RequestContext, name: str, role: str, scope: str, expires_on: dt.date
) -> tuple[ApiToken, str]:
    principal = ctx.require_principal()
    if principal.token_id is not None:
        raise forbidden(None, "API tokens cannot create further tokens")
    name = name.strip()
    if not name or len(name) > 64:
        raise validation("name", "a name of 1 to 64 characters")
    today = china_today()
    if expires_on <= today or expires_on > today + dt.timedelta(days=MAX_TOKEN_DAYS):
        raise validation("expiresOn", f"after today and within {MAX_TOKEN_DAYS} days")
    await check_delegation(ctx, role, scope, "admin")
    token, digest = new_api_token()
    row = await ApiToken.create(
        name=name, token_hash=digest, prefix=token[:10], role=role, scope=scope,
        created_by_id=principal.user_id, expires_on=expires_on,
    )  # fmt: skip
    await add_grant(token_subject(row.id), role, scope)
    await audit(ctx.actor, "createApiToken", "api_token", row.id,
                after={"name": name, "role": role, "scope": scope,
                       "expires_on": expires_on.isoformat()})  # fmt: skip
    ctx.policies.invalidate()
    return row, token


async def revoke_api_token(ctx: RequestContext, token_global_id: str) -> ApiToken:
    principal = ctx.require_principal()
    key = decode_int_id(token_global_id, "ApiToken", "id")
    row = await ApiToken.filter(id=key).first()
    if row is None:
        raise not_found("id", "ApiToken")
    if row.created_by_id != principal.user_id:
        try:
            await check_delegation(ctx, row.role, row.scope, "admin")
        except UserError:
            raise not_found("id", "ApiToken") from None
    if row.revoked_at is not None:
        raise UserError("id", ErrorCode.INVALID_STATE, "the token is already revoked")
    row.revoked_at = dt.datetime.now(dt.UTC)
    await row.save(update_fields=["revoked_at"])
    await remove_grant(token_subject(row.id), row.role, row.scope)
    await audit(ctx.actor, "revokeApiToken", "api_token", row.id)
    ctx.policies.invalidate()
    return row


def token_view(row: ApiToken) -> dict[str, Any]:
    return {"name": row.name, "role": row.role, "scope": row.scope}
