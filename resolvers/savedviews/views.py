"""Saving, sharing and deleting views (视图), and listing those of a list the caller sees.

A view is checked against the live GraphQL schema when saved (shape.py): a list that does
not exist, a filter or order its connection would refuse, a column naming no value are
VALIDATION on their field, and nothing is written. Every change is audited, in the
owner's jurisdiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLSchema

from permissions.audit import audit
from permissions.roles import ROLE_SCOPE_KIND
from permissions.scopes import EVERYWHERE, covers, jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, forbidden, validation
from resolvers.core.ids import encode_id
from resolvers.core.inputs import read_text
from resolvers.core.lookup import find_jurisdiction
from resolvers.core.mutations import snapshot
from resolvers.savedviews.access import TYPE_NAME, grant_places, own_view, person, visible_views
from resolvers.savedviews.shape import check_argument, check_columns, connection_field
from schema.models import SavedView, User

MAX_NAME = 64
AUDITED = (
    "connection",
    "name",
    "filter_input",
    "columns",
    "order_by",
    "shared_role",
    "shared_jurisdiction_id",
)
# Roles a view may be shared with: those held at a place (not the deployment's operator).
SHAREABLE_ROLES = tuple(role for role, kind in ROLE_SCOPE_KIND.items() if kind != EVERYWHERE)


@dataclass(frozen=True)
class ViewInput:
    """saveView: a new view, or (with `view_id`) the caller's view replaced by this one."""

    connection: str
    name: str
    filter: Any = None
    columns: list[str] | None = None
    order_by: Any = None
    view_id: str | None = None


GRAPHQL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


async def list_views(ctx: RequestContext, connection: str) -> list[SavedView]:
    """The caller's own views of a list and those shared with them, by name; none for a
    name that is no GraphQL field name (it can name no list)."""
    if not GRAPHQL_NAME.fullmatch(connection):
        return []
    views = (await visible_views(ctx)).filter(connection=connection)
    return await views.order_by("name", "id").select_related("owner")


async def _owner(ctx: RequestContext) -> User:
    return await User.get(id=person(ctx).user_id)


async def _audit(
    ctx: RequestContext, operation: str, view: SavedView, owner: User, before: dict[str, Any] | None
) -> None:
    after = None if operation == "deleteView" else snapshot(view, AUDITED)
    await audit(ctx.actor, operation, "saved_view", view.id, before=before, after=after,
                jurisdiction_code=owner.jurisdiction_id)  # fmt: skip


async def save_view(ctx: RequestContext, schema: GraphQLSchema, data: ViewInput) -> SavedView:
    owner = await _owner(ctx)
    view = await own_view(ctx, data.view_id) if data.view_id is not None else None
    errors: list[UserError] = []
    name = None
    try:
        name = read_text(data.name, "name", MAX_NAME, required=True)
    except UserError as error:
        errors.append(error)
    columns = data.columns or []
    try:
        connection = connection_field(schema, data.connection)
    except UserError as error:
        errors.append(error)
    else:
        if view is not None and view.connection != data.connection:
            errors.append(validation("connection", "视图所属的列表不能更改", "a view's list cannot change"))
        errors += check_argument(connection, "filter", data.filter, "filter")
        errors += check_argument(connection, "orderBy", data.order_by, "orderBy")
        errors += check_columns(connection, columns)
    if errors:
        raise UserErrors(errors)
    taken = SavedView.filter(owner_id=owner.id, connection=data.connection, name=name)
    if await (taken.exclude(id=view.id) if view else taken).exists():
        raise UserError(
            "name", ErrorCode.CONFLICT, "该列表下已有同名视图", "you already have a view of that name here"
        )
    values = {"name": name, "filter_input": data.filter, "columns": columns, "order_by": data.order_by}
    if view is None:
        view = await SavedView.create(owner_id=owner.id, connection=data.connection, **values)
        before = None
    else:
        before = snapshot(view, AUDITED)
        view.update_from_dict(values)
        await view.save()
    await _audit(ctx, "saveView", view, owner, before)
    view.owner = owner
    return view


async def _within_reach(ctx: RequestContext, code: str) -> bool:
    """Whether one of the caller's grants (not a talent's own) lies at `code` or above it."""
    if any(scope == EVERYWHERE for _, scope in ctx.perms.grants):
        return True
    talent_roles = {role for role, kind in ROLE_SCOPE_KIND.items() if kind == "talent"}
    return any(
        covers(jur(place), jur(code)) for role, place in await grant_places(ctx) if role not in talent_roles
    )


async def share_view(
    ctx: RequestContext, view_id: str, role: str | None, jurisdiction_code: str | None = None
) -> SavedView:
    """Share the caller's view with the holders of `role` at `jurisdiction_code` (default:
    the caller's own place) or under it, within the caller's own grants; `role` None makes
    it private again."""
    owner = await _owner(ctx)
    view = await own_view(ctx, view_id)
    before = snapshot(view, AUDITED)
    if role is None:
        view.shared_role, view.shared_jurisdiction_id = None, None
    else:
        if role not in SHAREABLE_ROLES:
            raise validation("role", f"不能共享给角色 {role[:32]!r}", f"cannot share with role {role[:32]!r}")
        place = await find_jurisdiction(jurisdiction_code or owner.jurisdiction_id)
        if not await _within_reach(ctx, place.code):
            raise forbidden("jurisdictionCode", "只能共享到您本人授权范围内的区划",
                            "share only within the jurisdictions of your own grants")  # fmt: skip
        view.shared_role, view.shared_jurisdiction_id = role, place.code
    await view.save(update_fields=["shared_role", "shared_jurisdiction_id", "updated_at"])
    await _audit(ctx, "shareView", view, owner, before)
    view.owner = owner
    return view


async def delete_view(ctx: RequestContext, view_id: str) -> str:
    """Delete the caller's own view; answers its global ID."""
    owner = await _owner(ctx)
    view = await own_view(ctx, view_id)
    key, before = view.id, snapshot(view, AUDITED)
    await view.delete()
    await _audit(ctx, "deleteView", view, owner, before)
    return encode_id(TYPE_NAME, key)
