"""The caller of an HTTP request, resolved once: GraphQL and the plain routes (QR codes,
reports, uploads) build the same RequestContext, so one scope helper serves them all.

A caller seen before costs one Redis GET and no SQL (permissions/policy_cache.py); an API
token's last use is written after the response, at most once a minute."""

from __future__ import annotations

import hmac
from functools import partial
from typing import Any

from starlette.requests import Request

from gateway.http.middleware import after_response, request_id_of
from gateway.observability.activity import current
from resolvers.accounts.authentication import authenticate, last_use_due, mark_used
from resolvers.accounts.tokens import InvalidToken, hash_api_token
from resolvers.core.context import AuthError, RequestContext
from resolvers.core.principal import Principal


async def request_context(request: Request, response: Any = None) -> RequestContext:
    principal: Principal | None = None
    auth_error: AuthError | None = None
    gateway = False
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    settings, policies = request.app.state.settings, request.app.state.policies
    redis = getattr(request.app.state, "redis", None)
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
                principal = await authenticate(settings, policies, credential.strip(), redis)
            except InvalidToken as exc:
                auth_error = AuthError(exc.message, exc.en)
            token_id = principal.token_id if principal is not None else None
            if token_id is not None and last_use_due(hash_api_token(credential.strip())):
                await after_response(request, partial(mark_used, token_id))
    if principal is not None and (doing := current()) is not None:
        doing.user = principal.username  # for the request's log line
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
        queue=redis,
    )
