"""CORS for /graphql only, off unless TALENTGATE_CORS_ORIGINS lists origins: pages of the
listed low-code builders (Retool, Appsmith, 简道云) may call the API from the browser with a
bearer token. Exact origins only, GET/POST/OPTIONS, the Authorization and Content-Type
headers, no cookies (`Access-Control-Allow-Credentials` is never sent). A preflight from
another origin gets no `Access-Control-Allow-Origin` and a coded refusal."""

from __future__ import annotations

import orjson
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from resolvers.core.errors import ErrorCode


class GraphQLCors(CORSMiddleware):
    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        super().__init__(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
            allow_credentials=False,
            expose_headers=["ETag", "X-Request-Id", "Retry-After"],
            max_age=600,
        )

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            return response
        refused = response.body.decode(errors="replace")  # "Disallowed CORS origin, headers"
        body = {"data": None, "errors": [{
            "message": "该来源、方法或请求头不在跨域许可之内（TALENTGATE_CORS_ORIGINS）",
            "extensions": {"code": ErrorCode.FORBIDDEN.value, "messageEn": refused},
        }]}  # fmt: skip
        headers = {
            k: v for k, v in response.headers.items() if k.startswith("access-control-") or k == "vary"
        }
        return Response(orjson.dumps(body), status_code=403, media_type="application/json", headers=headers)
