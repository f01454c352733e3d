"""The /graphql endpoint: resolves the caller once, then hands Strawberry the context."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL

from gateway.http_context import request_context
from resolvers.context import RequestContext


class GatewayGraphQL(GraphQL):
    async def get_context(self, request: Request, response: Response) -> RequestContext:  # type: ignore[override]
        return await request_context(request, response)
