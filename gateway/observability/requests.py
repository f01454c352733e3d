"""A request's line and metrics, written by RequestLimits (gateway/http/middleware.py) once
the response is sent: in place of uvicorn's access log, one line a request.

The line names the path without its query string (it may carry card tokens or GraphQL
variables), the request id the response's X-Request-Id and the audit trail carry, the
username (never the credential), the GraphQL operation's name, the SQL statements run,
the status, the outcome and the time taken."""

from __future__ import annotations

import logging

from starlette.types import Scope

from gateway.observability.activity import Activity
from gateway.observability.metrics import operation_label, record_request

access = logging.getLogger("talentgate.access")

GRAPHQL_PATH = "/graphql"


def outcome_of(activity: Activity, status: int) -> str:
    """`ok`, a GraphQL answer's first error code (`FORBIDDEN`, `VALIDATION`, …), or
    `client_error` / `server_error` by the HTTP status."""
    if status >= 500:
        return "server_error"
    if activity.outcome is not None:
        return activity.outcome
    return "ok" if status < 400 else "client_error"


def route_label(scope: Scope, activity: Activity) -> str:
    """The GraphQL operation for /graphql; else the first segment of a path a route matched
    (`/cards`, `/healthz`, `/metrics`…), `other` when none did: labels stay few."""
    path: str = scope.get("path", "")
    if path == GRAPHQL_PATH:
        return operation_label(activity.operation)
    if "endpoint" not in scope:
        return "other"
    return "/" + path.split("/", 2)[1]


def finish_request(scope: Scope, status: int, seconds: float, activity: Activity) -> None:
    outcome = outcome_of(activity, status)
    record_request(route_label(scope, activity), outcome, seconds, activity)
    if not access.isEnabledFor(logging.INFO):
        return
    client = scope.get("client")
    path = scope.get("path", "") + ("?…" if scope.get("query_string") else "")
    fields = {
        "request_id": activity.request_id,
        "method": scope.get("method"),
        "path": scope.get("path", ""),
        "status": status,
        "outcome": outcome,
        "duration_ms": round(seconds * 1000, 1),
        "user": activity.user,
        "operation": activity.operation[:64] if activity.operation else None,  # a client's text
        "sql": activity.statements,
        "client": client[0] if client else None,
    }
    access.info('"%s %s HTTP/%s" %d %.1fms', scope.get("method"), path, scope.get("http_version"),
                status, seconds * 1000, extra={"fields": fields})  # fmt: skip
