"""The /graphql endpoint: resolves the caller once, then hands Strawberry the context."""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData

from gateway.http.context import request_context
from gateway.http.trusted import names_trusted_document, refused, resolve_trusted
from resolvers.core.context import RequestContext
from resolvers.core.errors import UserError

GET_NEEDS_AUTHORIZATION = (
    "通过 GET 发送的 GraphQL 查询须带 Authorization 请求头；未登录的查询请用 POST 发送"
    " (GraphQL over GET needs an Authorization header; send anonymous queries with POST)"
)


class GatewayGraphQL(GraphQL):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # A browser opening /graphql gets the local GraphiQL page (no CDN; behind login).
        if scope["type"] == "http" and scope["method"] == "GET" and not scope["query_string"]:
            request = Request(scope)
            if "text/html" in request.headers.get("accept", ""):
                await RedirectResponse("/graphiql", status_code=307)(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET naming a trusted document has no `query`: it is a query, not a browser.
        return "extensions" not in request.query_params and super().should_render_graphql_ide(request)

    async def get_context(self, request: Request, response: Response) -> RequestContext:  # type: ignore[override]
        return await request_context(request, response)

    async def execute_operation(
        self, request: Request, request_adapter: Any, *args: Any, **kwargs: Any
    ) -> Any:  # type: ignore[override]
        # A cross-site page can make a browser send a GET, never one with an Authorization
        # header: queries over GET are for clients that present their credential.
        if request_adapter.method == "GET" and "authorization" not in request.headers:
            raise HTTPException(400, GET_NEEDS_AUTHORIZATION)
        data, context = kwargs.get("request_data"), kwargs.get("context")
        if isinstance(data, GraphQLRequestData) and names_trusted_document(data):
            try:
                kwargs["request_data"] = await resolve_trusted(context, data)
            except UserError as error:  # a tool runs only what it registered
                return refused(error)
        return await super().execute_operation(request, request_adapter, *args, **kwargs)
