"""The caller of an HTTP request, resolved once: GraphQL and the plain routes (QR codes,
reports, uploads) build the same RequestContext, so one scope helper serves them all."""

from __future__ import annotations

import hmac
from typing import Any

from starlette.requests import Request

from gateway.http.middleware import request_id_of
from resolvers.accounts.authentication import authenticate
from resolvers.accounts.tokens import InvalidToken
from resolvers.core.context import AuthError, RequestContext
from resolvers.core.principal import Principal


async def request_context(request: Request, response: Any = None) -> RequestContext:
    principal: Principal | None = None
    auth_error: AuthError | None = None
    gateway = False
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    settings, policies = request.app.state.settings, request.app.state.policies
    if header:
        if scheme.lower() != "bearer" or not credential.strip():
            auth_error = AuthError("Authorization 请求头格式应为“Bearer <令牌>”",
                                   "Authorization must be 'Bearer <token>'")  # fmt: skip
        elif settings.federation_sdl_token and hmac.compare_digest(
            credential.strip().encode(), settings.federation_sdl_token.encode()
        ):
            gateway = True
        else:
            try:
                principal = await authenticate(settings, policies, credential.strip())
            except InvalidToken as exc:
                auth_error = AuthError(exc.message, exc.en)
    return RequestContext(
        settings=settings,
        policies=policies,
        principal=principal,
        auth_error=auth_error,
        federation_gateway=gateway,
        request_id=request_id_of(request),
        client_address=request.client.host if request.client else None,
        request=request,
        response=response,
        queue=getattr(request.app.state, "redis", None),
    )
