"""The /graphql endpoint: resolves the caller once, then hands Strawberry the context."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL

from gateway.auth.principal import authenticate
from gateway.auth.tokens import InvalidToken
from resolvers.context import RequestContext


class GatewayGraphQL(GraphQL):
    def __init__(self, schema: Any, *, settings: Any, policies: Any, **kwargs: Any) -> None:
        super().__init__(schema, **kwargs)
        self.settings = settings
        self.policies = policies

    async def get_context(self, request: Request, response: Response) -> RequestContext:  # type: ignore[override]
        principal, auth_error = None, None
        header = request.headers.get("authorization", "")
        scheme, _, credential = header.partition(" ")
        if header:
            if scheme.lower() != "bearer" or not credential.strip():
                auth_error = "Authorization must be 'Bearer <token>'"
            else:
                try:
                    principal = await authenticate(self.settings, self.policies, credential.strip())
                except InvalidToken as exc:
                    auth_error = str(exc)
        return RequestContext(
            settings=self.settings,
            policies=self.policies,
            principal=principal,
            auth_error=auth_error,
            request_id=request.headers.get("x-request-id") or uuid.uuid4().hex,
            client_address=request.client.host if request.client else None,
            request=request,
            response=response,
            queue=getattr(request.app.state, "redis", None),
        )
