"""Schema extensions: stable error codes with nothing internal leaked, and the audit
of unmasked personal data written once per request."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from permissions.audit import flush_pii_reads
from resolvers.core.errors import ErrorCode, UserError

log = logging.getLogger("talentgate.graphql")

INTERNAL = "INTERNAL"


def is_client_error(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, UserError | GraphQLError)


def coded(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, UserError):
        extensions = {"code": original.code.value}
        if original.field:
            extensions["field"] = original.field
        return GraphQLError(
            original.message, error.nodes, error.source, error.positions, error.path,
            extensions=extensions,
        )  # fmt: skip
    if original is None or isinstance(original, GraphQLError):
        # Parse, validation and variable-coercion errors describe the query, not the server.
        code = (error.extensions or {}).get("code") or ErrorCode.VALIDATION.value
        return GraphQLError(
            error.message, error.nodes, error.source, error.positions, error.path,
            extensions={**(error.extensions or {}), "code": code},
        )  # fmt: skip
    log.error("unexpected error at %s", error.path, exc_info=original)
    return GraphQLError(
        "Internal server error.", error.nodes, error.source, error.positions, error.path,
        extensions={"code": INTERNAL},
    )  # fmt: skip


class ErrorCodes(SchemaExtension):
    def on_operation(self):  # type: ignore[override]
        yield
        result = self.execution_context.result
        if result is not None and getattr(result, "errors", None):
            result.errors = [coded(e) for e in result.errors]


class AuditPiiReads(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:  # type: ignore[override]
        yield
        context = self.execution_context.context
        if getattr(context, "principal", None) is not None:
            await flush_pii_reads(context.actor, context.pii)
