"""Accounts (账号): user accounts, their role grants, API tokens and what a caller may do."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from resolvers.accounts.listings import grants_by_username, reachable_users, user_by_id
from resolvers.core.ids import encode_id
from schema.types.common import ctx
from schema.types.geo import Jurisdiction, jurisdiction_of

if TYPE_CHECKING:
    from schema.types.directory import Department

JurisdictionRef = Annotated[Jurisdiction, strawberry.lazy("schema.types.geo")]
DepartmentRef = Annotated["Department", strawberry.lazy("schema.types.directory")]


@strawberry.type(description="角色授权 · a role held on a scope")
class RoleGrant:
    role: str = strawberry.field(description="角色 · role, e.g. county_admin")
    scope: str = strawberry.field(description="范围 · scope, e.g. jur:130102")


@strawberry.type(description="可执行操作 · an action the caller may take on a resource type, and where")
class Capability:
    resource: str = strawberry.field(description="资源 · resource type, e.g. talent, user, api_token")
    action: str = strawberry.field(description="操作 · action, e.g. read, create, pii:read, admin")
    scopes: list[str] = strawberry.field(
        description="范围 · the caller's scopes it is allowed on (jur:130102, dept:7, talent:40; "
        "* everywhere)"
    )


@strawberry.type(description="用户 · a user account")
class UserAccount:
    id: strawberry.ID = strawberry.field(description="全局标识 · global ID")
    username: str = strawberry.field(description="用户名 · username")
    display_name: str | None = strawberry.field(description="显示名 · display name")
    row: strawberry.Private[Any]
    listed: strawberry.Private[bool]

    @classmethod
    def from_row(cls, row: Any) -> UserAccount:
        """An account of the `users` list: the caller sees it by construction."""
        return cls(
            id=strawberry.ID(encode_id("UserAccount", row.id)), username=row.username,
            display_name=row.display_name, row=row, listed=True,
        )  # fmt: skip

    @classmethod
    def named(cls, row: Any) -> UserAccount:
        """An account named elsewhere (a grant's payload, a token's creator): the details
        below show only when the caller sees it (`users`) or it is their own."""
        return cls(
            id=strawberry.ID(encode_id("UserAccount", row.id)), username=row.username,
            display_name=row.display_name, row=row, listed=False,
        )  # fmt: skip

    async def _seen(self, info: strawberry.Info) -> bool:
        return self.listed or await reachable_users(ctx(info)).load(self.row.id)

    @strawberry.field(description="启用 · may sign in (null: an account outside the caller's reach)")
    async def active(self, info: strawberry.Info) -> bool | None:
        return self.row.is_active if await self._seen(info) else None

    @strawberry.field(description="创建时间 · created at (null: outside the caller's reach)")
    async def created_at(self, info: strawberry.Info) -> dt.datetime | None:
        return self.row.created_at if await self._seen(info) else None

    @strawberry.field(description="最近登录 · last signed in at (null: never, or outside the caller's reach)")
    async def last_login_at(self, info: strawberry.Info) -> dt.datetime | None:
        return self.row.last_login_at if await self._seen(info) else None

    @strawberry.field(description="所属区划 · the jurisdiction the account belongs to (its office)")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        if not await self._seen(info):
            return None
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="所属部门 · the department the account belongs to, if any")
    async def department(self, info: strawberry.Info) -> DepartmentRef | None:
        from schema.types.directory import Department

        if self.row.department_id is None or not await self._seen(info):
            return None
        row = await ctx(info).loaders.department.load(self.row.department_id)
        return Department.from_row(row) if row else None

    @strawberry.field(
        description="授权 · the roles the account holds and where (empty: outside the caller's reach)"
    )
    async def grants(self, info: strawberry.Info) -> list[RoleGrant]:
        if not await self._seen(info):
            return []
        held = await grants_by_username(ctx(info)).load(self.row.username)
        return [RoleGrant(role=role, scope=scope) for role, scope in held]


@strawberry.type(name="ApiToken", description="接口令牌 · API token for tools")
class ApiTokenType:
    id: strawberry.ID = strawberry.field(description="全局标识 · global ID")
    name: str = strawberry.field(description="名称 · name")
    prefix: str = strawberry.field(description="前缀 · first characters, to recognise it")
    role: str = strawberry.field(description="角色 · role")
    scope: str = strawberry.field(description="范围 · scope")
    expires_on: dt.date = strawberry.field(description="到期日 · expires on")
    revoked: bool = strawberry.field(description="已撤销 · revoked")
    created_at: dt.datetime = strawberry.field(description="创建时间 · created at")
    revoked_at: dt.datetime | None = strawberry.field(description="撤销时间 · revoked at")
    last_used_at: dt.datetime | None = strawberry.field(
        description="最近使用 · last used at, to the minute (null: never used)"
    )
    read_only: bool = strawberry.field(description="只读 · runs queries only, never a mutation")
    operations: list[str] | None = strawberry.field(
        description="限定操作 · the only GraphQL operation names it may run (null: any)"
    )
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> ApiTokenType:
        return cls(
            id=strawberry.ID(encode_id("ApiToken", row.id)), name=row.name, prefix=row.prefix,
            role=row.role, scope=row.scope, expires_on=row.expires_on,
            revoked=row.revoked_at is not None, created_at=row.created_at, revoked_at=row.revoked_at,
            last_used_at=row.last_used_at, read_only=row.read_only,
            operations=list(row.operations) if row.operations is not None else None, row=row,
        )  # fmt: skip

    @strawberry.field(description="创建人 · the account that made it (the token acts within its grants)")
    async def created_by(self, info: strawberry.Info) -> UserAccount | None:
        row = await user_by_id(ctx(info)).load(self.row.created_by_id)
        return UserAccount.named(row) if row else None
