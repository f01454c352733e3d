"""The /graphql endpoint: resolves the caller once, then hands Strawberry the context.

Every answer is GraphQL-shaped JSON with `extensions.code`, the HTTP-level refusals too
(bad JSON, no query, GET without a credential, a mutation over GET, a method other than GET
and POST). Answers to GET are cacheable by the client only: `Cache-Control: private,
max-age=0` with an `ETag` of the body, so a builder's cache revalidates and gets `304`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from gateway.http.context import request_context
from gateway.http.fast_reads import answer_compiled, resolved_context
from gateway.http.outage import unavailable
from gateway.http.trusted import names_trusted_document, refused, resolve_trusted
from gateway.observability.activity import current
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError
from resolvers.core.outage import (
    RETRY_AFTER_SECONDS,
    SERVICE_UNAVAILABLE,
    database_answered,
    database_failed,
    is_database_outage,
)

GET_NEEDS_AUTHORIZATION_EN = (
    "GraphQL over GET needs an Authorization header; send anonymous queries with POST"
)
NOT_AN_OBJECT = "The request body must be a JSON object"

# Strawberry's HTTP-level refusals (English) → (code, 中文 for the console).
_REASONS: dict[str, tuple[ErrorCode, str]] = {
    "Unable to parse request body as JSON": (ErrorCode.VALIDATION, "请求内容不是合法的 JSON"),
    NOT_AN_OBJECT: (ErrorCode.VALIDATION, "请求内容应为 JSON 对象（含 query、variables）"),
    "No GraphQL query found in the request": (ErrorCode.VALIDATION, "请求中没有 GraphQL 查询（query）"),
    "Batching is not enabled": (ErrorCode.VALIDATION, "不支持批量请求：每次只发送一个操作"),
    "Too many operations": (ErrorCode.VALIDATION, "不支持批量请求：每次只发送一个操作"),
    "Unsupported content type": (
        ErrorCode.VALIDATION, "不支持的请求格式：请以 Content-Type: application/json 发送"),
    "GraphQL only supports GET and POST requests.": (
        ErrorCode.VALIDATION, "GraphQL 接口只接受 GET 与 POST 请求"),
    "mutations are not allowed when using GET": (
        ErrorCode.VALIDATION, "变更操作（mutation）只能用 POST 发送，不能用 GET"),
    "subscriptions are not allowed when using GET": (
        ErrorCode.VALIDATION, "不支持订阅操作（subscription）"),
    "subscriptions are not allowed when using POST": (
        ErrorCode.VALIDATION, "不支持订阅操作（subscription）"),
    "Can't get GraphQL operation type": (
        ErrorCode.VALIDATION, "请求含多个操作时须用 operationName 指明执行哪一个"),
    GET_NEEDS_AUTHORIZATION_EN: (
        ErrorCode.UNAUTHENTICATED,
        "通过 GET 发送的 GraphQL 查询须带 Authorization 请求头；未登录的查询请用 POST 发送"),
}  # fmt: skip


def http_refusal(status: int, reason: str, headers: dict[str, str] | None = None) -> Response:
    """A GraphQL-shaped body for a refusal before any operation ran."""
    if reason.startswith("Unknown operation named"):
        code, message = ErrorCode.VALIDATION, "请求中没有 operationName 所指的操作"
    else:
        code, message = _REASONS.get(reason, (ErrorCode.VALIDATION, "请求无效"))
    if (doing := current()) is not None:
        doing.outcome = code.value
    error = {"message": message, "extensions": {"code": code.value, "messageEn": reason}}
    body = {"data": None, "errors": [error]}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)


# A document's opening operation (after blanks and comments): its name.
_FIRST_OPERATION = re.compile(
    r"(?:[\s,\ufeff]++|#[^\n]*+)*+"  # possessive: no backtracking over a client's text
    r"(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)"
)
OUTCOMES = frozenset({*(code.value for code in ErrorCode), "INTERNAL"})


def operation_name(data: GraphQLRequestData) -> str | None:
    """The name of the operation a request runs, for its log line and metrics: the
    `operationName` it gives, else the name of the operation its text opens with (the only
    one a document without operationName may hold); None for an anonymous operation."""
    if data.operation_name:
        return data.operation_name
    found = _FIRST_OPERATION.match(data.query or "")
    return found.group(1) if found else None


def outcome(result: ExecutionResult) -> str:
    """`ok`, or the first error's code (`ERROR` when it has none of ours)."""
    if not result.errors:
        return "ok"
    code = (result.errors[0].extensions or {}).get("code")
    return code if code in OUTCOMES else "ERROR"


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return etag in tags or "*" in tags


def cacheable(request: Request, response: Response) -> Response:
    """A GET answer a client (never a shared cache: the data is the caller's) may keep and
    revalidate: `Cache-Control: private, max-age=0`, `ETag`, `304` to a matching
    `If-None-Match`."""
    body = getattr(response, "body", None)
    if not isinstance(body, bytes) or response.status_code != 200:
        return response
    etag = _etag(body)
    headers = {"ETag": etag, "Cache-Control": "private, max-age=0", "Vary": "Authorization"}
    if _matches(request.headers.get("if-none-match", ""), etag):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response


class GatewayGraphQL(GraphQL):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive=receive)
        # A browser opening /graphql gets the local GraphiQL page (no CDN; behind login).
        browser = "text/html" in request.headers.get("accept", "")
        if scope["method"] == "GET" and not scope["query_string"] and browser:
            await RedirectResponse("/graphiql", status_code=307)(scope, receive, send)
            return
        response: Response | None = None
        try:
            if scope["method"] == "POST":
                response = await answer_compiled(self.schema, request)
            if response is None:
                response = await self.run(request)
        except HTTPException as e:
            allow = {"Allow": "GET, POST"} if e.status_code == 405 else None
            response = http_refusal(e.status_code, e.reason, allow)
        except Exception as e:  # the caller's context, a compiled read: before any resolver
            if not is_database_outage(e):
                raise
            database_failed(e)
            response = unavailable()
        if getattr(request.state, "database_down", False):  # a resolver met the outage
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        elif response.status_code < 500:
            database_answered()
        if scope["method"] == "GET":
            response = cacheable(request, response)
        await response(scope, receive, send)

    def encode_json(self, data: object) -> bytes:
        """Answers in orjson rather than Strawberry's `json.dumps`: several times faster on
        a page of records, and UTF-8 rather than `\\uXXXX` escapes (the same JSON values).
        Non-string keys become strings as `json.dumps` makes them; what orjson refuses
        (an integer beyond 64 bits) is left to `json.dumps`."""
        try:
            return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
        except TypeError:  # orjson.JSONEncodeError is one
            encoded = super().encode_json(data)
            return encoded.encode() if isinstance(encoded, str) else encoded

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:  # type: ignore[override]
        """An answer whose errors include the database's outage is sent with 503 (above); its
        outcome goes to the request's log line and metrics."""
        if any((e.extensions or {}).get("code") == SERVICE_UNAVAILABLE for e in result.errors or ()):
            request.state.database_down = True
        if (doing := current()) is not None:
            doing.outcome = outcome(result)
        return await super().process_result(request, result)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # No IDE is served here (GraphiQL lives at /graphiql): a GET without a query is
        # answered as one (no query found), a GET naming a trusted document runs it.
        return False

    async def parse_http_body(self, request: Any) -> Any:
        try:
            return await super().parse_http_body(request)
        except (AttributeError, TypeError):  # a JSON array of non-objects, a number, a string
            raise HTTPException(400, NOT_AN_OBJECT) from None

    async def get_context(self, request: Request, response: Response) -> RequestContext:  # type: ignore[override]
        return resolved_context(request, response) or await request_context(request, response)

    async def execute_operation(
        self, request: Request, request_adapter: Any, *args: Any, **kwargs: Any
    ) -> Any:  # type: ignore[override]
        # A cross-site page can make a browser send a GET, never one with an Authorization
        # header: queries over GET are for clients that present their credential.
        if request_adapter.method == "GET" and "authorization" not in request.headers:
            raise HTTPException(400, GET_NEEDS_AUTHORIZATION_EN)
        data, context = kwargs.get("request_data"), kwargs.get("context")
        if isinstance(data, GraphQLRequestData) and names_trusted_document(data):
            try:
                kwargs["request_data"] = await resolve_trusted(context, data)
            except UserError as error:  # a tool runs only what it registered
                return refused(error)
        if isinstance(data, GraphQLRequestData) and (doing := current()) is not None:
            doing.operation = operation_name(kwargs["request_data"])
        return await super().execute_operation(request, request_adapter, *args, **kwargs)
