"""Who sees a saved view (谁能看到视图): its owner, and — when it is shared — whoever holds
the role it was shared with at its jurisdiction or anywhere under it (a grant on a
department or an employer lies where that organisation does). Only the owner changes,
shares or deletes it; to anyone else a view they may not see is one that does not exist.

Views belong to people: an API token has none of its own (it sees those shared with its
role) and changes none.
"""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from permissions.delegation import Refusal, grant_targets, jurisdiction_of
from permissions.scopes import EVERYWHERE, ancestors
from permissions.visibility import NOTHING
from resolvers.core.context import RequestContext
from resolvers.core.errors import forbidden, record_not_found
from resolvers.core.ids import decode_int_id
from resolvers.core.principal import Principal
from resolvers.listing.nodes import register_node
from schema.models import SavedView

TYPE_NAME = "SavedView"


async def grant_places(ctx: RequestContext) -> list[tuple[str, str]]:
    """(role, jurisdiction code) of each of the caller's grants, placed where the grant lies;
    deployment-wide grants and grants on records that are gone are left out."""
    places = []
    for role, scope in ctx.perms.grants:
        if scope == EVERYWHERE:
            continue
        try:
            code = jurisdiction_of(await grant_targets(scope))
        except Refusal:
            continue
        if code:
            places.append((role, code))
    return places


async def visible_views(ctx: RequestContext) -> QuerySet[SavedView]:
    principal = ctx.require_principal()
    clauses = [Q(owner_id=principal.user_id)] if principal.token_id is None else []
    for role, code in await grant_places(ctx):
        clauses.append(Q(shared_role=role, shared_jurisdiction_id__in=ancestors(code)))
    if not clauses:
        return SavedView.filter(NOTHING)
    return SavedView.filter(Q(*clauses, join_type=Q.OR) if len(clauses) > 1 else clauses[0])


def views_by_id(ctx: RequestContext) -> DataLoader:
    """The request's saved views by id (with their owners), as `visible_views` lets the
    caller see them (others load as None): `node(id)` and `nodes(ids)` of a SavedView."""

    def make() -> DataLoader:
        async def load(keys: Sequence[int]) -> list[SavedView | None]:
            found = (await visible_views(ctx)).filter(id__in=sorted(set(keys))).select_related("owner")
            rows = {v.id: v for v in await found}
            return [rows.get(k) for k in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders.shared("saved_view", make)


register_node(TYPE_NAME, views_by_id)


def person(ctx: RequestContext) -> Principal:
    """The signed-in person (not an API token) whose views these are."""
    principal = ctx.require_principal()
    if principal.token_id is not None:
        raise forbidden(None, "接口令牌不能保存或修改视图", "an API token keeps no views")
    return principal


async def own_view(ctx: RequestContext, global_id: str, field: str = "viewId") -> SavedView:
    """The caller's own view; another's answers NOT_FOUND, seen (shared) or not."""
    principal = person(ctx)
    key = decode_int_id(global_id, TYPE_NAME, field)
    row = await SavedView.filter(id=key, owner_id=principal.user_id).first()
    if row is None:
        raise record_not_found(field, TYPE_NAME)
    return row
