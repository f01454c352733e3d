"""`policies`, `addPolicy`, `removePolicy`: the Casbin policy through the API."""

from __future__ import annotations

import strawberry

from resolvers.accounts import policies as ops
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.common import ctx


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
        return [_policy(p) for p in await ops.list_policies(ctx(info), role)]


@strawberry.type
class PolicyMutations:
    @strawberry.mutation(description="新增策略 · allow a role an action on a resource")
    async def add_policy(self, info: strawberry.Info, input: PolicyInput) -> PolicyPayload:
        return await payload(
            info, lambda: ops.add_policy(ctx(info), input.role, input.resource, input.action),
            PolicyPayload, "policy", _policy,
        )  # fmt: skip

    @strawberry.mutation(description="删除策略 · withdraw a policy line")
    async def remove_policy(self, info: strawberry.Info, input: PolicyInput) -> PolicyPayload:
        return await payload(
            info, lambda: ops.remove_policy(ctx(info), input.role, input.resource, input.action),
            PolicyPayload, "policy", _policy,
        )  # fmt: skip
