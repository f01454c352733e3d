"""The provincial platform's reads (省级平台): the change feed."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.federation.changes import changes
from schema.types.base import PageInfo
from schema.types.common import ctx
from schema.types.federation import Change, ChangeConnection, ChangeEdge, ChangeOp, ChangeType


@strawberry.type
class FederationQueries:
    @strawberry.field(
        description="变更流 · changes to talents, employers, cards, recognitions, requests and handoffs, "
        "oldest first, resumable from a cursor (the federation role, at its jurisdictions)"
    )
    async def changes(
        self,
        info: strawberry.Info,
        after: Annotated[str | None, strawberry.argument(description="游标 · resume after it")] = None,
        first: Annotated[int | None, strawberry.argument(description="条数 · 1–500, default 100")] = None,
        types: Annotated[
            list[ChangeType] | None, strawberry.argument(description="对象 · these kinds only (default: all)")
        ] = None,
        wait_seconds: Annotated[
            int | None,
            strawberry.argument(description="等待 · hold an empty answer up to this many seconds (≤ 25) "
                                "until a change arrives"),
        ] = None,
    ) -> ChangeConnection:  # fmt: skip
        page = await changes(ctx(info), after, first, [t.value for t in types or []], wait_seconds)
        edges = [
            ChangeEdge(cursor=c.cursor, node=Change(type=ChangeType(c.type), key=c.key, op=ChangeOp(c.op),
                                                    at=c.at, data=c.data))
            for c in page.changes
        ]  # fmt: skip
        return ChangeConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next, has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None, end_cursor=page.end_cursor,
            ),
        )  # fmt: skip
