"""Account administration (账号管理): an office creates the accounts of its area with their
roles, disables and re-enables them, sets new passwords and lifts sign-in throttles.

An account the caller does not see (`users`) answers NOT_FOUND, exactly as one that does
not exist. Changing one takes `user update` where it belongs and reaching every grant it
holds (permissions.delegation.refuse_management): no office takes over an account that
holds a role above its own or elsewhere.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from permissions.audit import audit
from permissions.delegation import Refusal, grant_targets, place_of, refuse_management
from permissions.grants import add_grant, grants_of, user_subject
from permissions.scopes import EVERYWHERE
from permissions.visibility import visible
from resolvers.accounts import throttle as login_throttle
from resolvers.accounts.passwords import check_password, hash_password, password_problem
from resolvers.accounts.users import check_delegation, find_user, refusal_error, require_person
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, forbidden, not_found, validation
from resolvers.core.inputs import read_text
from resolvers.core.lookup import find_jurisdiction
from resolvers.core.validation import TextKind
from schema.models import User

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{2,63}")
MAX_GRANTS = 10


@dataclass(frozen=True)
class GrantSpec:
    """A role on a scope, as `grantRole` takes them."""

    role: str
    scope: str


@dataclass(frozen=True)
class NewUser:
    """createUser: the account belongs where its grants lie unless `jurisdiction_code` says."""

    username: str
    password: str
    display_name: str | None = None
    jurisdiction_code: str | None = None
    grants: tuple[GrantSpec, ...] = ()


async def find_managed(ctx: RequestContext, username: str, *, every_grant: bool = True) -> User:
    """The account of that name, if the caller sees it (else NOT_FOUND) and may change it
    (else FORBIDDEN); with `every_grant`, only when the caller reaches each of its grants."""
    require_person(ctx)
    user = await find_user(username)
    if user is None or not await visible(User, ctx.perms, "user").filter(id=user.id).exists():
        raise not_found("username", "用户", "user")
    if not await visible(User, ctx.perms, "user", "update").filter(id=user.id).exists():
        raise forbidden("username", "您无权管理该用户", "not allowed to manage this account")
    if every_grant:
        for role, scope in await grants_of(user_subject(user.username)):
            try:
                targets = await grant_targets(scope)
            except Refusal:
                continue  # a grant on a record that is gone reaches nothing
            try:
                refuse_management(ctx.perms, role, targets)
            except Refusal as refusal:
                raise refusal_error(refusal) from None
    return user


def _reaches(ctx: RequestContext, jurisdiction: str | None, department: int | None) -> bool:
    """Whether the caller may make an account belonging there (`user create`)."""
    granted = ctx.perms.scopes_for("user", "create")
    if EVERYWHERE in granted:
        return True
    place = [f"jur:{jurisdiction}"] if jurisdiction else []
    if department:
        place.append(f"dept:{department}")
    return ctx.perms.allows("user", "create", place)


async def _check_grants(ctx: RequestContext, grants: tuple[GrantSpec, ...], errors: list[UserError]) -> None:
    """Every grant one the caller may hand out (as grantRole checks it)."""
    if len(grants) > MAX_GRANTS:
        errors.append(UserError("grants", ErrorCode.LIMIT_EXCEEDED, f"一次最多授予 {MAX_GRANTS} 个角色",
                                f"at most {MAX_GRANTS} grants at once"))  # fmt: skip
        return
    for index, grant in enumerate(grants):
        try:
            await check_delegation(ctx, grant.role, grant.scope)
        except UserError as error:
            error.field = f"grants.{index}.{error.field}" if error.field else f"grants.{index}"
            errors.append(error)


async def create_user(ctx: RequestContext, data: NewUser) -> User:
    """A new account with its roles; it belongs where they lie (or where
    `jurisdiction_code` says), which must be within the caller's `user create`."""
    require_person(ctx)
    errors: list[UserError] = []
    username = data.username.strip()
    if not USERNAME.fullmatch(username):
        errors.append(validation(
            "username", "用户名应为 3 至 64 位字母、数字或 . _ - @，并以字母或数字开头",
            "3 to 64 letters, digits or . _ - @, starting with a letter or digit",
        ))  # fmt: skip
    elif await find_user(username) is not None:
        errors.append(UserError("username", ErrorCode.CONFLICT, "用户名已存在", "the username is taken"))
    problem = password_problem(data.password, username)
    if problem is not None:
        errors.append(validation("password", *problem))
    display_name = named = None
    try:
        display_name = read_text(data.display_name, "displayName", 64, TextKind.NAME)
    except UserError as error:
        errors.append(error)
    try:
        if data.jurisdiction_code is not None:
            named = (await find_jurisdiction(data.jurisdiction_code)).code
    except UserError as error:
        errors.append(error)
    grants = tuple(dict.fromkeys(data.grants))  # the same grant twice is one grant
    await _check_grants(ctx, grants, errors)
    if errors:
        raise UserErrors(errors)
    jurisdiction, department = await place_of((g.role, g.scope) for g in grants)
    jurisdiction = named or jurisdiction
    deployment_wide = bool(grants) and all(g.scope == EVERYWHERE for g in grants)
    if jurisdiction is None and department is None and not deployment_wide:
        raise validation("jurisdictionCode", "请指定账号所属的行政区划，或为其授予至少一个角色",
                         "name the account's jurisdiction, or grant it a role")  # fmt: skip
    if not _reaches(ctx, jurisdiction, department):
        raise forbidden("jurisdictionCode", "该账号的归属不在您的管理范围内",
                        "the account would belong outside your reach")  # fmt: skip
    # argon2 takes ~0.1 s of CPU: off the event loop.
    password_hash = await asyncio.to_thread(hash_password, data.password)
    # A talent's own account (the `talent` role on one talent) is that talent's: `me.talent`.
    talents = {int(g.scope.partition(":")[2]) for g in grants if g.role == "talent"}
    user = await User.create(username=username, password_hash=password_hash, display_name=display_name,
                             jurisdiction_id=jurisdiction, department_id=department,
                             talent_id=talents.pop() if len(talents) == 1 else None)  # fmt: skip
    for grant in grants:
        await add_grant(user_subject(username), grant.role, grant.scope)
    await audit(ctx.actor, "createUser", "user", user.id,
                after={"username": username, "displayName": display_name, "jurisdiction": jurisdiction,
                       "department": department, "grants": [[g.role, g.scope] for g in grants]},
                jurisdiction_code=jurisdiction)  # fmt: skip
    ctx.access_changed()
    return user


async def set_active(ctx: RequestContext, username: str, active: bool) -> User:
    """disableUser / enableUser. A disabled account signs in no more, its sessions and its
    API tokens stop working at their next request; its grants stay for when it returns."""
    user = await find_managed(ctx, username)
    if not active and user.id == ctx.require_principal().user_id:
        raise UserError("username", ErrorCode.INVALID_STATE, "不能停用自己的账号",
                        "you cannot disable yourself")  # fmt: skip
    changed = await User.filter(id=user.id, is_active=not active).update(is_active=active)
    if not changed:
        message = ("该账号已启用", "already enabled") if active else ("该账号已停用", "already disabled")
        raise UserError("username", ErrorCode.INVALID_STATE, *message)
    user.is_active = active
    ctx.access_changed()  # its sessions and tokens stop (or work again) at their next request
    await audit(ctx.actor, "enableUser" if active else "disableUser", "user", user.id,
                before={"active": not active}, after={"active": active},
                jurisdiction_code=user.jurisdiction_id)  # fmt: skip
    return user


async def reset_password(ctx: RequestContext, username: str, password: str) -> User:
    """An office sets a new password for an account it manages (the trail records that it
    happened, never the password)."""
    user = await find_managed(ctx, username)
    check_password(password, user.username)
    user.password_hash = await asyncio.to_thread(hash_password, password)
    await user.save(update_fields=["password_hash"])
    ctx.access_changed()
    await audit(ctx.actor, "resetPassword", "user", user.id, jurisdiction_code=user.jurisdiction_id)
    return user


async def unlock_user(ctx: RequestContext, username: str) -> User:
    """An office lets an account it sees and manages sign in again at once from everywhere
    (lifting a throttle takes over nothing, so the account's other grants do not matter)."""
    user = await find_managed(ctx, username, every_grant=False)
    released = await login_throttle.release(user.username)
    user.locked_until, user.failed_logins = None, 0
    await user.save(update_fields=["locked_until", "failed_logins"])
    ctx.access_changed()
    await audit(ctx.actor, "unlockUser", "user", user.id, after={"throttlesCleared": released},
                jurisdiction_code=user.jurisdiction_id)  # fmt: skip
    return user
