"""Accounts: `me` (with its `capabilities`), `login`, the accounts an office manages
(`users`, `createUser`, `disableUser`, `enableUser`, `resetPassword`, `unlockUser`),
`grantRole`/`revokeRole`, API tokens (`apiTokens`, `createApiToken`, `revokeApiToken`), the
policy lines (`policies`, `addPolicy`…) and the audit view (`auditEvents`,
`auditChainStatus`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from resolvers.accounts import audit_view, listings, management
from resolvers.accounts import policies as policy_ops
from resolvers.accounts import users as ops
from resolvers.core.errors import UserError
from resolvers.core.mutations import run_mutation
from schema.api.connections import connection_field
from schema.api.inputs import args
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.types.accounts import ApiTokenType, Capability, RoleGrant, UserAccount
from schema.types.audit import AuditChainStatus, AuditEvent
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.filters import DateFilter, DateTimeFilter, IDFilter, StringFilter, optional
from schema.types.talents import Talent


@strawberry.type(description="当前用户 · the signed-in user")
class Me:
    username: str = strawberry.field(description="用户名 · username")
    roles: list[str] = strawberry.field(description="角色 · roles held")
    scopes: list[str] = strawberry.field(description="范围 · scopes the roles are held on")
    grants: list[RoleGrant] = strawberry.field(description="授权 · role and scope pairs")
    capabilities: list[Capability] = strawberry.field(
        description="可执行操作 · what the caller may do and where, from the same compiled permissions "
        "every resolver checks (an API token never manages access); for building menus"
    )
    talent_id: strawberry.Private[int | None]

    @strawberry.field(description="本人人才档案 · the talent, when the user is a talent")
    async def talent(self, info: strawberry.Info) -> Talent | None:
        if self.talent_id is None:
            return None
        row = await ctx(info).loaders.talent.load(self.talent_id)
        return Talent.from_row(row) if row else None


@strawberry.input(description="登录 · sign in")
class LoginInput:
    username: str = strawberry.field(description="用户名 · username")
    password: str = strawberry.field(description="密码 · password")


@strawberry.type(description="登录结果 · sign-in result")
class LoginPayload:
    token: str | None = strawberry.field(description="令牌 · bearer JWT")
    user: UserAccount | None = strawberry.field(description="用户 · the user")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.input(description="授权 · grant or revoke a role")
class RoleGrantInput:
    username: str = strawberry.field(description="用户名 · username")
    role: str = strawberry.field(description="角色 · role name (DESIGN §3)")
    scope: str = strawberry.field(description="范围 · jur:<code>, dept:<id>, org:<id>, talent:<id>")


@strawberry.type(description="授权结果 · grant result")
class RoleGrantPayload:
    user: UserAccount | None = strawberry.field(description="用户 · the user")
    grant: RoleGrant | None = strawberry.field(description="授权 · the grant")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.input(description="新建接口令牌 · create an API token")
class CreateApiTokenInput:
    name: str = strawberry.field(description="名称 · name")
    role: str = strawberry.field(description="角色 · role the token acts with")
    scope: str = strawberry.field(description="范围 · scope the token acts on")
    expires_on: dt.date = strawberry.field(description="到期日 · expires on (≤ 366 days)")
    read_only: bool | None = strawberry.field(
        default=False, description="只读 · the token may run queries only, never a mutation (default false)"
    )
    operations: list[str] | None = strawberry.field(
        default=None,
        description="限定操作 · the only GraphQL operation names the token may run (≤ 50; anonymous "
        "operations refused); null: any operation",
    )


@strawberry.type(description="接口令牌结果 · API token result")
class ApiTokenPayload:
    api_token: ApiTokenType | None = strawberry.field(description="令牌信息 · the token's record")
    token: str | None = strawberry.field(description="令牌 · the secret, shown only this once")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.input(description="撤销接口令牌 · revoke an API token")
class RevokeApiTokenInput:
    id: strawberry.ID = strawberry.field(description="令牌 · the token")


@strawberry.input(description="解锁账号 · let an account sign in again at once")
class UnlockUserInput:
    username: str = strawberry.field(description="用户名 · username")


@strawberry.type(description="解锁结果 · unlock result")
class UnlockUserPayload:
    user: UserAccount | None = strawberry.field(description="用户 · the user")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


def _user(row) -> UserAccount:
    return UserAccount.named(row)


UserOrder = order_input("UserAccount", "用户", ["ID", "USERNAME", "CREATED_AT"])
ApiTokenOrder = order_input("ApiToken", "接口令牌", ["ID", "CREATED_AT", "EXPIRES_ON"])


@strawberry.input(description="用户筛选 · user account filter")
class UserFilter:
    username: StringFilter | None = optional("用户名 · username")
    display_name: StringFilter | None = optional("显示名 · display name")
    active: bool | None = optional("启用 · may sign in (true) or disabled (false)")
    jurisdiction_code: StringFilter | None = optional("所属区划代码 · the account's jurisdiction (exact)")
    within_jurisdiction: str | None = optional("辖区内 · belonging to this jurisdiction or any under it")
    department_id: IDFilter | None = optional("所属部门 · the account's department")
    created_at: DateTimeFilter | None = optional("创建时间 · created at")
    and_: list[UserFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[UserFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: UserFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.input(description="接口令牌筛选 · API token filter")
class ApiTokenFilter:
    name: StringFilter | None = optional("名称 · name")
    role: StringFilter | None = optional("角色 · role")
    scope: StringFilter | None = optional("范围 · scope")
    created_by: StringFilter | None = optional("创建人 · the creator's username")
    revoked: bool | None = optional("已撤销 · revoked (true) or not (false)")
    expires_on: DateFilter | None = optional("到期日 · expires on")
    created_at: DateTimeFilter | None = optional("创建时间 · created at")
    and_: list[ApiTokenFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[ApiTokenFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: ApiTokenFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.type
class AccountQueries:
    @strawberry.field(description="当前用户 · the signed-in user")
    def me(self, info: strawberry.Info) -> Me:
        p = ctx(info).require_principal()
        grants = [RoleGrant(role=r, scope=s) for r, s in p.perms.grants]
        return Me(
            username=p.username,
            roles=sorted({g.role for g in grants}),
            scopes=sorted({g.scope for g in grants}),
            grants=grants,
            capabilities=[
                Capability(resource=resource, action=action, scopes=sorted(scopes))
                for resource, action, scopes in p.perms.capabilities()
            ],
            talent_id=p.talent_id,
        )

    users = connection_field(
        listings.USERS, UserAccount, UserFilter, UserOrder,
        "用户列表 · the accounts the caller manages: an office those of its jurisdictions, a "
        "department's administrator those of the department, the operator all",
    )  # fmt: skip
    api_tokens = connection_field(
        listings.API_TOKENS, ApiTokenType, ApiTokenFilter, ApiTokenOrder,
        "接口令牌列表 · the caller's own API tokens and those made by accounts the caller sees, "
        "newest first unless ordered",
    )  # fmt: skip


@strawberry.input(description="角色与范围 · a role on a scope, to grant")
class GrantSpecInput:
    role: str = strawberry.field(description="角色 · role name (DESIGN §3), e.g. window_specialist")
    scope: str = strawberry.field(description="范围 · jur:<code>, dept:<id>, org:<id>, talent:<id>")


@strawberry.input(description="新建用户 · create a user account with its roles")
class CreateUserInput:
    username: str = strawberry.field(description="用户名 · 3–64 letters, digits or . _ - @")
    password: str = strawberry.field(description="初始密码 · initial password (8–128 characters)")
    display_name: str | None = strawberry.field(default=None, description="显示名 · display name")
    jurisdiction_code: str | None = strawberry.field(
        default=None, description="所属区划 · the office it belongs to; default: where its roles lie"
    )
    grants: list[GrantSpecInput] = strawberry.field(
        default_factory=list,
        description="授权 · roles to grant at once, each within the caller's reach (as grantRole)",
    )


@strawberry.input(description="停用账号 · stop an account signing in")
class DisableUserInput:
    username: str = strawberry.field(description="用户名 · username")


@strawberry.input(description="启用账号 · let a disabled account sign in again")
class EnableUserInput:
    username: str = strawberry.field(description="用户名 · username")


@strawberry.input(description="重置密码 · set a new password for an account")
class ResetPasswordInput:
    username: str = strawberry.field(description="用户名 · username")
    password: str = strawberry.field(description="新密码 · the new password (8–128 characters)")


@strawberry.type(description="用户变更结果 · result of a user account mutation")
class UserPayload:
    user: UserAccount | None = strawberry.field(description="用户 · the account, when it succeeded")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


def _new_user(input: CreateUserInput) -> management.NewUser:
    grants = tuple(management.GrantSpec(role=g.role, scope=g.scope) for g in input.grants)
    return args(management.NewUser, input, grants=grants)


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="登录 · sign in with username and password")
    async def login(self, info: strawberry.Info, input: LoginInput) -> LoginPayload:
        try:
            token, user = await ops.login(ctx(info), input.username, input.password)
        except UserError as error:
            return LoginPayload(token=None, user=None, user_errors=[UserErrorType.of(error)])
        return LoginPayload(token=token, user=_user(user), user_errors=[])

    @strawberry.mutation(description="授予角色 · grant a role on a scope")
    async def grant_role(self, info: strawberry.Info, input: RoleGrantInput) -> RoleGrantPayload:
        c = ctx(info)
        row, errors = await run_mutation(
            c, lambda: ops.grant_role(c, input.username, input.role, input.scope)
        )
        return _grant_payload(row, input, errors)

    @strawberry.mutation(description="撤销角色 · revoke a role on a scope")
    async def revoke_role(self, info: strawberry.Info, input: RoleGrantInput) -> RoleGrantPayload:
        c = ctx(info)
        row, errors = await run_mutation(
            c, lambda: ops.revoke_role(c, input.username, input.role, input.scope)
        )
        return _grant_payload(row, input, errors)

    @strawberry.mutation(
        description="解锁账号 · clear an account's failed sign-ins everywhere (the offices managing it)"
    )
    async def unlock_user(self, info: strawberry.Info, input: UnlockUserInput) -> UnlockUserPayload:
        c = ctx(info)
        row, errors = await run_mutation(c, lambda: management.unlock_user(c, input.username))
        return UnlockUserPayload(user=_user(row) if row else None,
                                 user_errors=[UserErrorType.of(e) for e in errors])  # fmt: skip

    @strawberry.mutation(
        description="新建用户 · create an account belonging within the caller's reach, with roles the caller "
        "may hand out"
    )
    async def create_user(self, info: strawberry.Info, input: CreateUserInput) -> UserPayload:
        return await payload(
            info, lambda: management.create_user(ctx(info), _new_user(input)), UserPayload, "user", _user
        )

    @strawberry.mutation(
        description="停用账号 · stop an account signing in (its sessions and API tokens stop working too)"
    )
    async def disable_user(self, info: strawberry.Info, input: DisableUserInput) -> UserPayload:
        return await payload(
            info, lambda: management.set_active(ctx(info), input.username, False), UserPayload, "user", _user
        )

    @strawberry.mutation(description="启用账号 · let a disabled account sign in again")
    async def enable_user(self, info: strawberry.Info, input: EnableUserInput) -> UserPayload:
        return await payload(
            info, lambda: management.set_active(ctx(info), input.username, True), UserPayload, "user", _user
        )

    @strawberry.mutation(description="重置密码 · set a new password for an account the caller manages")
    async def reset_password(self, info: strawberry.Info, input: ResetPasswordInput) -> UserPayload:
        return await payload(
            info, lambda: management.reset_password(ctx(info), input.username, input.password),
            UserPayload, "user", _user,
        )  # fmt: skip

    @strawberry.mutation(
        description="新建接口令牌 · create an API token (shown once), never broader than the creator's "
        "own live grants"
    )
    async def create_api_token(
        self, info: strawberry.Info, input: CreateApiTokenInput
    ) -> ApiTokenPayload:
        c = ctx(info)
        result, errors = await run_mutation(
            c,
            lambda: ops.create_api_token(c, input.name, input.role, input.scope, input.expires_on,
                                         bool(input.read_only), input.operations),
        )
        if result is None:
            return ApiTokenPayload(
                api_token=None, token=None, user_errors=[UserErrorType.of(e) for e in errors]
            )
        row, token = result
        return ApiTokenPayload(api_token=ApiTokenType.from_row(row), token=token, user_errors=[])

    @strawberry.mutation(description="撤销接口令牌 · revoke an API token")
    async def revoke_api_token(
        self, info: strawberry.Info, input: RevokeApiTokenInput
    ) -> ApiTokenPayload:
        c = ctx(info)
        row, errors = await run_mutation(c, lambda: ops.revoke_api_token(c, input.id))
        return ApiTokenPayload(
            api_token=ApiTokenType.from_row(row) if row else None,
            token=None,
            user_errors=[UserErrorType.of(e) for e in errors],
        )


def _grant_payload(row, input: RoleGrantInput, errors) -> RoleGrantPayload:
    return RoleGrantPayload(
        user=_user(row) if row else None,
        grant=RoleGrant(role=input.role, scope=input.scope) if row else None,
        user_errors=[UserErrorType.of(e) for e in errors],
    )


AuditEventOrder = order_input("AuditEvent", "审计事件", ["ID", "AT"])


@strawberry.input(description="审计事件筛选 · audit event filter")
class AuditEventFilter:
    actor: StringFilter | None = optional("操作人 · who acted (username)")
    operation: StringFilter | None = optional("操作 · operation, e.g. updateTalent, pii:read")
    target_type: StringFilter | None = optional("对象类型 · kind of record, e.g. talent")
    target_id: StringFilter | None = optional("对象编号 · record key (give targetType with it)")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional("辖区内 · in this jurisdiction or any under it")
    at: DateTimeFilter | None = optional("时间 · when (a period: gte and lt)")
    and_: list[AuditEventFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[AuditEventFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: AuditEventFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.type
class AuditQueries:
    audit_events = connection_field(
        audit_view.AUDIT_TRAIL, AuditEvent, AuditEventFilter, AuditEventOrder,
        "审计日志 · the audit trail in the caller's jurisdictions, newest first unless ordered; "
        "personal data masked",
    )  # fmt: skip

    @strawberry.field(
        description="审计链校验 · verify the newest `last` entries of the tamper-evident chain "
        "(the whole chain: `talentgate audit-verify`)"
    )
    async def audit_chain_status(
        self,
        info: strawberry.Info,
        last: Annotated[int, strawberry.argument(description="校验条数 · how many newest entries")] = 1000,
    ) -> AuditChainStatus:
        return AuditChainStatus.of(await audit_view.chain_status(ctx(info), last))


@strawberry.type(description="权限策略 · a policy line: role may do action on resource")
class Policy:
    role: str = strawberry.field(description="角色 · role")
    resource: str = strawberry.field(description="资源 · resource type, e.g. talent")
    action: str = strawberry.field(description="操作 · action, e.g. read, pii:read")


def _policy(line: tuple[str, ...]) -> Policy:
    return Policy(role=line[0], resource=line[1], action=line[2])


@strawberry.input(description="权限策略 · a policy line")
class PolicyInput:
    role: str = strawberry.field(description="角色 · role (or `authenticated`: every signed-in user)")
    resource: str = strawberry.field(description="资源 · resource type")
    action: str = strawberry.field(description="操作 · action")


@strawberry.type(description="策略变更结果 · result of a policy mutation")
class PolicyPayload:
    policy: Policy | None = strawberry.field(description="策略 · the policy line")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type
class PolicyQueries:
    @strawberry.field(description="权限策略 · policy lines (provincial office)")
    async def policies(self, info: strawberry.Info, role: str | None = None) -> list[Policy]:
        return [_policy(p) for p in await policy_ops.list_policies(ctx(info), role)]


@strawberry.type
class PolicyMutations:
    @strawberry.mutation(description="新增策略 · allow a role an action on a resource")
    async def add_policy(self, info: strawberry.Info, input: PolicyInput) -> PolicyPayload:
        return await payload(
            info, lambda: policy_ops.add_policy(ctx(info), input.role, input.resource, input.action),
            PolicyPayload, "policy", _policy,
        )  # fmt: skip

    @strawberry.mutation(description="删除策略 · withdraw a policy line")
    async def remove_policy(self, info: strawberry.Info, input: PolicyInput) -> PolicyPayload:
        return await payload(
            info, lambda: policy_ops.remove_policy(ctx(info), input.role, input.resource, input.action),
            PolicyPayload, "policy", _policy,
        )  # fmt: skip
