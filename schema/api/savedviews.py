"""Saved views (视图): savedViews, saveView, shareView, deleteView."""

from __future__ import annotations

from typing import Annotated

import strawberry
from graphql import GraphQLSchema
from strawberry.scalars import JSON

from resolvers.core.mutations import run_mutation
from resolvers.savedviews import views
from schema.api.inputs import args
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.savedviews import SavedView


def _schema(info: strawberry.Info) -> GraphQLSchema:
    """The live schema a view's list, filter, order and columns are checked against."""
    return info.schema._schema


@strawberry.input(description="保存视图 · save a view; with viewId, replace that view of yours")
class SaveViewInput:
    connection: str = strawberry.field(
        description="所属列表 · the list (Query connection field), e.g. talents"
    )
    name: str = strawberry.field(description="名称 · name, 1–64 characters, one per list")
    filter: JSON | None = strawberry.field(
        default=None, description="筛选条件 · the list's `filter` argument (null: none)"
    )
    columns: list[str] = strawberry.field(
        default_factory=list,
        description="列 · field paths from the list's node: name, employer.name, customFields.<key>",
    )
    order_by: JSON | None = strawberry.field(
        default=None, description="排序 · the list's `orderBy` argument (null: its default order)"
    )
    view_id: strawberry.ID | None = strawberry.field(
        default=None, description="视图 · your view to replace (its list cannot change); null: a new view"
    )


@strawberry.input(
    description="共享视图 · share your view read-only with a role at a jurisdiction and under it; "
    "role null makes it private again"
)
class ShareViewInput:
    view_id: strawberry.ID = strawberry.field(description="视图 · your view")
    role: str | None = strawberry.field(
        default=None, description="角色 · e.g. window_specialist; null: private to you again"
    )
    jurisdiction_code: str | None = strawberry.field(
        default=None,
        description="区划代码 · within your own grants' jurisdictions (default: your own place)",
    )


@strawberry.input(description="删除视图 · delete your view")
class DeleteViewInput:
    view_id: strawberry.ID = strawberry.field(description="视图 · your view")


@strawberry.type(description="视图变更结果 · result of saving or sharing a view")
class SavedViewPayload:
    view: SavedView | None = strawberry.field(description="视图 · the view, when it succeeded")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="删除视图结果 · result of deleting a view")
class DeleteViewPayload:
    deleted_view_id: strawberry.ID | None = strawberry.field(
        description="已删除的视图 · ID of the deleted view"
    )
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type
class SavedViewQueries:
    @strawberry.field(
        description="视图 · your own views of a list and those shared with you (read-only), by name"
    )
    async def saved_views(
        self,
        info: strawberry.Info,
        connection: Annotated[
            str, strawberry.argument(description="所属列表 · the list (Query connection field), e.g. talents")
        ],
    ) -> list[SavedView]:
        return [SavedView.from_row(r) for r in await views.list_views(ctx(info), connection)]


@strawberry.type
class SavedViewMutations:
    @strawberry.mutation(description="保存视图 · save a list's filter, columns and order as your view")
    async def save_view(self, info: strawberry.Info, input: SaveViewInput) -> SavedViewPayload:
        work = lambda: views.save_view(ctx(info), _schema(info), args(views.ViewInput, input))  # noqa: E731
        return await payload(info, work, SavedViewPayload, "view", SavedView.from_row)

    @strawberry.mutation(
        description="共享视图 · share your view with a role at a jurisdiction and under it, "
        "or make it private"
    )
    async def share_view(self, info: strawberry.Info, input: ShareViewInput) -> SavedViewPayload:
        work = lambda: views.share_view(ctx(info), input.view_id, input.role, input.jurisdiction_code)  # noqa: E731
        return await payload(info, work, SavedViewPayload, "view", SavedView.from_row)

    @strawberry.mutation(description="删除视图 · delete your view")
    async def delete_view(self, info: strawberry.Info, input: DeleteViewInput) -> DeleteViewPayload:
        deleted, errors = await run_mutation(ctx(info), lambda: views.delete_view(ctx(info), input.view_id))
        return DeleteViewPayload(
            deleted_view_id=strawberry.ID(deleted) if deleted else None,
            user_errors=[UserErrorType.of(e) for e in errors],
        )
