"""A department's own subgraph, written for the composition test: the public security
bureau's system extends talentgate's `Talent` by its key with a record check, and lists
talents it has flagged (by their talentgate IDs, from FLAGGED_TALENTS). Run by uvicorn:
`uvicorn tests.federation.department_subgraph:app`."""

from __future__ import annotations

import os

import strawberry
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL


@strawberry.federation.type(keys=["id"], extend=True)
class Talent:
    id: strawberry.ID = strawberry.federation.field(external=True)

    @strawberry.field(description="无犯罪记录证明 · the bureau's record check")
    def record_check(self) -> str:
        return f"无违法犯罪记录（{self.id[:6]}）"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Talent:
        return cls(id=id)


@strawberry.type
class Query:
    @strawberry.field(description="关注人员 · talents the bureau flagged, by talentgate ID")
    def flagged(self) -> list[Talent | None]:
        return [Talent(id=strawberry.ID(i)) for i in os.environ.get("FLAGGED_TALENTS", "").split(",") if i]


schema = strawberry.federation.Schema(query=Query, types=[Talent])
app = Starlette(routes=[Route("/graphql", GraphQL(schema))])
