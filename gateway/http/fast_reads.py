"""Compiled reads without the GraphQL machinery around them.

A POSTed query whose text the compiled reads answered before (so it was parsed and
validated then: `ReadCompiler.remember`) is answered here from the remembered document:
the caller resolved, the token's limits checked, the one statement run, the unmasked
reads audited, the JSON written — no parsing, validation, extension hooks or argument
conversion through Strawberry, which cost more than the statement itself.

Anything else returns None and takes the full path: another body shape (persisted
documents, extensions), an anonymous or refused caller, a token limited to other
operations, a read the compiler declines (it reports its errors through the resolvers).
The caller resolved here is kept on the request so the full path does not resolve it
again.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from gateway.http.context import request_context
from gateway.observability.activity import current
from permissions.audit import flush_pii_reads
from resolvers.accounts.token_limits import refusal
from resolvers.core.context import RequestContext
from schema.extensions import read_compiler

_KEYS = frozenset({"query", "variables", "operationName"})
CONTEXT_KEY = "graphql_context"


def _payload(body: bytes) -> tuple[str, str | None, dict[str, Any] | None] | None:
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(payload, dict) or not payload.keys() <= _KEYS:
        return None
    text, name, variables = payload.get("query"), payload.get("operationName"), payload.get("variables")
    if isinstance(text, str) and isinstance(name, str | None) and isinstance(variables, dict | None):
        return text, name, variables
    return None


async def answer_compiled(schema: Any, request: Request) -> Response | None:
    """The answer to a known compiled read, or None for the full path."""
    if request.headers.get("content-type", "").partition(";")[0].strip() != "application/json":
        return None
    found = _payload(await request.body())
    if found is None:
        return None
    text, name, variables = found
    compiler = read_compiler(schema)
    document = compiler.validated(text, name)
    if document is None:
        return None
    context = await request_context(request)
    setattr(request.state, CONTEXT_KEY, context)
    principal = context.principal
    if principal is None or not context.settings.compiled_reads:
        return None
    plan = compiler.plan(text, document, name)
    operation = plan.operation.name.value if plan is not None and plan.operation.name else None
    if refusal(principal, True, operation) is not None:
        return None
    data = await compiler.run(context, text, document, name, variables)
    if data is None:
        return None
    if (doing := current()) is not None:
        doing.operation, doing.outcome = operation, "ok"
    await flush_pii_reads(context.actor, context.pii)
    return Response(orjson.dumps({"data": data}), media_type="application/json")


def resolved_context(request: Request, response: Any) -> RequestContext | None:
    """The context `answer_compiled` resolved for this request, now given the response."""
    context: RequestContext | None = getattr(request.state, CONTEXT_KEY, None)
    if context is not None:
        context.response = response
    return context
