"""Transport limits, request ids and each request's log line and metrics (pure ASGI, so
responses stream untouched)."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable

import orjson
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.http.outage import unavailable
from gateway.observability import activity
from gateway.observability.requests import finish_request
from resolvers.core.outage import database_failed, is_database_outage

log = logging.getLogger(__name__)


def request_id_of(connection: HTTPConnection) -> str:
    """The request's one id: the response header, the logs and the audit trail carry it."""
    state = connection.scope.setdefault("state", {})
    if "request_id" not in state:  # an app built without RequestLimits (never in serve)
        state["request_id"] = uuid.uuid4().hex
    return state["request_id"]


async def after_response(connection: HTTPConnection, work: Callable[[], Awaitable[None]]) -> None:
    """Run `work` once the response has been sent (RequestLimits runs it; a failure is
    logged, never the client's). In an app built without RequestLimits it runs now."""
    pending = connection.scope.setdefault("state", {}).get("after_response")
    if pending is None:
        await work()
    else:
        pending.append(work)


class RequestLimits:
    """Rejects bodies over `max_body_bytes` with 413 before they are parsed, echoes or
    assigns an X-Request-Id, runs what a request left for after its response
    (`after_response`: e.g. an API token's last use) and writes the request's log line and
    metrics (gateway/observability/requests.py)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, path_limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Exact paths allowed a different limit (the .xlsx upload of /imports/talents).
        self.path_limits = path_limits or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        pending: list[Callable[[], Awaitable[None]]] = []
        state["after_response"] = pending
        # What the request does (its user, operation, SQL statements) is noted on this.
        doing = activity.Activity(request_id=request_id)
        token = activity.begin(doing)
        started, status, answering = time.perf_counter(), 500, False
        limit = self.path_limits.get(scope.get("path", ""), self.max_body_bytes)
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status, answering
            if message["type"] == "http.response.start":
                status, answering = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            if int(headers.get(b"content-length", b"0") or 0) > limit:
                raise BodyTooLarge
            await self.app(scope, limited_receive, send_with_id)
        except BodyTooLarge:
            status = 413
            await _too_large(send, request_id)
        except Exception as exc:
            # Any route that met a database outage before answering: the coded 503 /graphql
            # gives, and the outage's one log line instead of a traceback per request.
            if answering or not is_database_outage(exc):
                raise
            database_failed(exc)
            status = 503
            await unavailable()(scope, receive, send_with_id)
        finally:
            activity.end(token)
            finish_request(scope, status, time.perf_counter() - started, doing)
            for work in pending:
                try:
                    await work()
                except Exception:
                    log.warning("work after the response failed", exc_info=True)


class BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, request_id: str) -> None:
    body = orjson.dumps({"errors": [{
        "message": "请求内容过大",
        "extensions": {"code": "LIMIT_EXCEEDED", "messageEn": "request body too large"},
    }]})  # fmt: skip
    await send({
        "type": "http.response.start",
        "status": 413,
        "headers": [(b"content-type", b"application/json"), (b"x-request-id", request_id.encode())],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})
