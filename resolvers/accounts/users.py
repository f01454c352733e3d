"""Sign-in, role grants and API tokens."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from typing import Any

from tortoise.transactions import in_transaction

from permissions.audit import Actor, audit
from permissions.delegation import (
    Refusal,
    grant_targets,
    home_jurisdiction,
    jurisdiction_of,
    refuse_delegation,
    refuse_token,
)
from permissions.grants import InvalidGrant, add_grant, grants_of, remove_grant, token_subject, user_subject
from permissions.roles import ROLE_SCOPE_KIND
from permissions.visibility import visible
from resolvers.accounts import throttle as login_throttle
from resolvers.accounts.listings import visible_tokens
from resolvers.accounts.passwords import verify_password
from resolvers.accounts.token_limits import check_operation_names
from resolvers.accounts.tokens import issue_jwt, new_api_token
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, forbidden, not_found, validation
from resolvers.core.ids import decode_int_id
from resolvers.core.validation import TextKind, check_text
from schema import clock
from schema.clock import china_today
from schema.models import ApiToken, User

MAX_TOKEN_DAYS = 366
USERNAME_MAX = 64  # the column's width: a longer name cannot exist


async def login(ctx: RequestContext, username: str, password: str) -> tuple[str, User]:
    """Failures are throttled per (username, client) and per client — never for the
    account as a whole — and cost the same time whether the username exists or not."""
    settings, client = ctx.settings, ctx.client_address
    wait = await login_throttle.blocked(settings, username, client)
    if wait is not None:
        if ctx.response is not None:
            ctx.response.headers["Retry-After"] = str(wait.retry_after)
        raise UserError(None, ErrorCode.LIMIT_EXCEEDED, f"登录失败次数过多，请在 {wait.retry_after} 秒后重试",
                        f"too many failed sign-ins; try again in {wait.retry_after} seconds")  # fmt: skip
    user = await find_user(username)
    # argon2 takes ~0.1 s of CPU: off the event loop, and spent for unknown users too.
    good = await asyncio.to_thread(verify_password, user.password_hash if user else None, password)
    actor = Actor(username=username, client_address=client, request_id=ctx.request_id)
    if user is None or not user.is_active or not good:
        failure = await login_throttle.record_failure(settings, username, client)
        place = await _home(user)
        if failure.audit_single:
            await audit(actor, "loginFailed", "user", user.id if user else None, jurisdiction_code=place)
        if failure.aggregate:
            await audit(dataclasses.replace(actor, username="anonymous"), "loginFailed", "client", client,
                        after={"failedSignIns": failure.aggregate, "lastUsername": username[:64]},
                        jurisdiction_code=place)  # fmt: skip
        raise UserError(None, ErrorCode.UNAUTHENTICATED, "用户名或密码错误", "wrong username or password")
    async with in_transaction():
        await login_throttle.record_success(username, client)
        user.last_login_at = clock.now()
        await user.save(update_fields=["last_login_at"])
        await audit(actor, "login", "user", user.id, jurisdiction_code=await _home(user))
    return issue_jwt(settings, user.username, user.id), user


async def find_user(username: str) -> User | None:
    """The account of that name. A name no account can have — longer than the column, or
    holding what no database stores (NUL, lone surrogates) — is nobody, without a query."""
    if len(username) > USERNAME_MAX or "\x00" in username or not _encodable(username):
        return None
    return await User.filter(username=username).first()


def _encodable(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


async def _home(user: User | None) -> str | None:
    """Where the account works, so the auditor of that area sees its sign-ins."""
    if user is None:
        return None
    return await home_jurisdiction(await grants_of(user_subject(user.username)))


def refusal_error(refusal: Refusal) -> UserError:
    if refusal.kind == Refusal.MISSING:
        return not_found(refusal.field, refusal.message, refusal.en)
    code = ErrorCode.FORBIDDEN if refusal.kind == Refusal.FORBIDDEN else ErrorCode.VALIDATION
    return UserError(refusal.field, code, refusal.message, refusal.en)


def require_person(ctx: RequestContext) -> None:
    """Access is managed by people: an API token — however broad — never grants or revokes
    roles, makes tokens or edits policy, so a leaked token cannot entrench itself."""
    if ctx.require_principal().token_id is not None:
        raise forbidden(
            None, "接口令牌不能管理角色、令牌或权限策略", "API tokens cannot manage roles, tokens or policies"
        )


async def check_delegation(ctx: RequestContext, role: str, scope: str, *, token: bool = False) -> str | None:
    """The caller may hand out `role` on `scope` only within their own reach and rank (and,
    for an API token of their own, with no action they do not hold there themself);
    returns the jurisdiction the grant lies in (for the audit trail)."""
    require_person(ctx)
    if role not in ROLE_SCOPE_KIND:
        raise validation("role", f"未知的角色 {role!r}", f"unknown role {role!r}")
    try:
        targets = await grant_targets(scope)
        (refuse_token if token else refuse_delegation)(ctx.perms, role, scope, targets)
    except Refusal as refusal:
        raise refusal_error(refusal) from None
    return jurisdiction_of(targets)


async def grant_role(ctx: RequestContext, username: str, role: str, scope: str) -> User:
    user = await find_user(username)
    if user is None:
        raise not_found("username", "用户", "user")
    place = await check_delegation(ctx, role, scope)
    try:
        created = await add_grant(user_subject(username), role, scope)
    except InvalidGrant as exc:
        raise validation(exc.field, exc.message, exc.en) from None
    if not created:
        raise UserError(
            "role", ErrorCode.CONFLICT, "该用户在此范围已拥有该角色", "the user already holds this role there"
        )
    await audit(ctx.actor, "grantRole", "user", user.id, after={"role": role, "scope": scope},
                jurisdiction_code=place)  # fmt: skip
    ctx.access_changed()
    return user


async def revoke_role(ctx: RequestContext, username: str, role: str, scope: str) -> User:
    user = await find_user(username)
    if user is None:
        raise not_found("username", "用户", "user")
    place = await check_delegation(ctx, role, scope)
    if not await remove_grant(user_subject(username), role, scope):
        raise not_found("role", "角色授权", "grant")
    await audit(ctx.actor, "revokeRole", "user", user.id, before={"role": role, "scope": scope},
                jurisdiction_code=place)  # fmt: skip
    ctx.access_changed()
    return user


async def create_api_token(
    ctx: RequestContext, name: str, role: str, scope: str, expires_on: dt.date,
    read_only: bool = False, operations: list[str] | None = None,
) -> tuple[ApiToken, str]:
    """`read_only`: queries only; `operations`: only GraphQL operations of these names
    (resolvers/accounts/token_limits.py)."""
    require_person(ctx)
    principal = ctx.require_principal()
    name = name.strip()
    if not name or len(name) > 64:
        raise validation("name", "名称应为 1 至 64 个字符", "a name of 1 to 64 characters")
    check_text(name, "name", TextKind.LINE)
    today = china_today()
    if expires_on <= today or expires_on > today + dt.timedelta(days=MAX_TOKEN_DAYS):
        raise validation(
            "expiresOn",
            f"到期日须晚于今天，且在 {MAX_TOKEN_DAYS} 天以内",
            f"after today and within {MAX_TOKEN_DAYS} days",
        )
    operations = check_operation_names(operations)
    place = await check_delegation(ctx, role, scope, token=True)
    token, digest = new_api_token()
    row = await ApiToken.create(
        name=name, token_hash=digest, prefix=token[:10], role=role, scope=scope,
        created_by_id=principal.user_id, expires_on=expires_on, read_only=bool(read_only),
        operations=operations,
    )  # fmt: skip
    await add_grant(token_subject(row.id), role, scope)
    limits: dict[str, Any] = {"read_only": True} if read_only else {}
    if operations is not None:
        limits["operations"] = operations
    await audit(ctx.actor, "createApiToken", "api_token", row.id,
                after={"name": name, "role": role, "scope": scope,
                       "expires_on": expires_on.isoformat(), **limits}, jurisdiction_code=place)  # fmt: skip
    ctx.access_changed()
    return row, token


async def revoke_api_token(ctx: RequestContext, token_global_id: str) -> ApiToken:
    """One's own token, or a token made by an account the caller manages (`user update`);
    a token the caller may not list (`apiTokens`) answers NOT_FOUND, as a missing one."""
    require_person(ctx)
    principal = ctx.require_principal()
    key = decode_int_id(token_global_id, "ApiToken", "id")
    row = await visible_tokens(ctx).filter(id=key).first()
    if row is None:
        raise not_found("id", "接口令牌", "ApiToken")
    managed = visible(User, ctx.perms, "user", "update").filter(id=row.created_by_id)
    if row.created_by_id != principal.user_id and not await managed.exists():
        raise forbidden("id", "您无权撤销该令牌：其创建人不在您的管理范围内",
                        "the token's creator is not an account you manage")  # fmt: skip
    if row.revoked_at is not None:
        raise UserError("id", ErrorCode.INVALID_STATE, "该令牌已撤销", "the token is already revoked")
    row.revoked_at = clock.now()
    await row.save(update_fields=["revoked_at"])
    await remove_grant(token_subject(row.id), row.role, row.scope)
    await audit(ctx.actor, "revokeApiToken", "api_token", row.id,
                before={"name": row.name, "role": row.role, "scope": row.scope},
                jurisdiction_code=await scope_jurisdiction(row.scope))  # fmt: skip
    ctx.access_changed()
    return row


async def scope_jurisdiction(scope: str) -> str | None:
    try:
        return jurisdiction_of(await grant_targets(scope))
    except Refusal:
        return None


def token_view(row: ApiToken) -> dict[str, Any]:
    return {"name": row.name, "role": row.role, "scope": row.scope}
