"""The accounts an office sees (`users`) and the API tokens (`apiTokens`), with the
DataLoaders of their nested fields.

An account belongs where its office is (`app_user.jurisdiction_id`, `department_id`), so
the one scope helper filters it like any other row: an office sees the accounts of its
jurisdictions, a department's administrator those of the department, the operator all.
A token is listed to its creator and to whoever sees its creator's account.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from permissions.grants import user_subject
from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.listing.connections import Listing, OrderInput, order_spec
from resolvers.listing.filtering import (
    ColumnSpec,
    FilterInput,
    compile_filter,
    id_filter,
    within_jurisdiction,
)
from resolvers.listing.pagination import OrderColumn, Page, date_column, datetime_column, paginate
from schema.models import ApiToken, CasbinRule, User


def _active(flag: bool) -> Q:
    return Q(is_active=flag)


def _revoked(flag: bool) -> Q:
    return Q(revoked_at__not_isnull=True) if flag else Q(revoked_at__isnull=True)


USERS = Listing(
    User,
    "user",
    {
        "username": "username",
        "display_name": "display_name",
        "active": _active,
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
        "department_id": id_filter("Department", "department_id", "filter.departmentId"),
        "created_at": "created_at",
    },
    {
        "ID": OrderColumn("id"),
        "USERNAME": OrderColumn("username"),
        "CREATED_AT": datetime_column("created_at"),
    },
)


def visible_tokens(ctx: RequestContext) -> QuerySet[ApiToken]:
    """The caller's own tokens and those made by accounts the caller sees."""
    principal = ctx.require_principal()
    creators = visible(User, ctx.perms, "user").values("id")
    return ApiToken.filter(Q(created_by_id=principal.user_id) | Q(created_by_id__in=Subquery(creators)))


TOKEN_FILTERS: dict[str, ColumnSpec] = {
    "name": "name",
    "role": "role",
    "scope": "scope",
    "created_by": "created_by__username",
    "revoked": _revoked,
    "expires_on": "expires_on",
    "created_at": "created_at",
}
TOKEN_ORDERS = {
    "ID": OrderColumn("id"),
    "CREATED_AT": datetime_column("created_at"),
    "EXPIRES_ON": date_column("expires_on"),
}
NEWEST_FIRST = [(OrderColumn("id"), True)]


class ApiTokenList:
    """What `connection_field` serves for `apiTokens` (newest first unless ordered)."""

    async def page(self, ctx: RequestContext, *, filter: FilterInput | None = None,
                   order_by: Sequence[OrderInput] | None = None, first: int | None = None,
                   after: str | None = None, offset: int | None = None) -> Page:  # fmt: skip
        qs = visible_tokens(ctx).filter(compile_filter(filter, TOKEN_FILTERS, model=ApiToken))
        order = order_spec(order_by, TOKEN_ORDERS) if order_by else NEWEST_FIRST
        return await paginate(qs, order, first=first, after=after, offset=offset,
                              max_page=ctx.settings.max_page_size)  # fmt: skip


API_TOKENS = ApiTokenList()


# ---- nested fields -----------------------------------------------------------------------


def reachable_users(ctx: RequestContext) -> DataLoader:
    """user id → whether the caller sees that account (`users`), or is it. An account named
    elsewhere (a grant's payload, a token's creator) shows its details only then."""

    def make() -> DataLoader:
        async def load(keys: Sequence[int]) -> list[bool]:
            principal = ctx.principal
            if principal is None:
                return [False for _ in keys]
            others = sorted(set(keys) - {principal.user_id})
            seen = {principal.user_id}
            if others:
                shown = visible(User, ctx.perms, "user").filter(id__in=others)
                ids: list[int] = await shown.values_list("id", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
                seen |= set(ids)
            return [key in seen for key in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders._get("reachable_users", make)


def grants_by_username(ctx: RequestContext) -> DataLoader:
    """username → its (role, scope) grants, for accounts `reachable_users` lets through."""

    def make() -> DataLoader:
        async def load(keys: Sequence[str]) -> list[list[tuple[str, str]]]:
            subjects = {user_subject(name): name for name in set(keys)}
            rows = await CasbinRule.filter(ptype="g", v0__in=sorted(subjects)).order_by("id")
            groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for row in rows:
                groups[subjects[row.v0]].append((row.v1, row.v2))
            return [groups.get(key, []) for key in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders._get("grants_by_username", make)


def user_by_id(ctx: RequestContext) -> DataLoader:
    """A token's creator: listed with the token (one's own, or an account the caller sees)."""

    def make() -> DataLoader:
        async def load(keys: Sequence[int]) -> list[Any]:
            rows = {row.id: row for row in await User.filter(id__in=sorted(set(keys)))}
            return [rows.get(key) for key in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders._get("user_by_id", make)
