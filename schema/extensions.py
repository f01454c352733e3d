"""Schema extensions: stable error codes with nothing internal leaked, and the audit
of unmasked personal data written once per request."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from typing import Any
from weakref import WeakKeyDictionary

from graphql import DocumentNode, ExecutionResult, GraphQLError, OperationDefinitionNode, OperationType
from strawberry.extensions import SchemaExtension

from permissions.audit import flush_pii_reads
from resolvers.accounts.token_limits import refusal
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError
from resolvers.core.outage import (
    UNAVAILABLE_MESSAGE,
    database_failed,
    is_database_outage,
    unavailable_extensions,
)
from resolvers.listing.compiled import ReadCompiler, Root
from resolvers.listing.compiled.registry import ROOT_FIELDS
from resolvers.listing.connections import Listing
from schema.arguments import argument_converter

log = logging.getLogger("talentgate.graphql")

INTERNAL = "INTERNAL"


def is_client_error(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, UserError | GraphQLError)


# Limits Strawberry and graphql-core enforce in English: (their wording, ours in Chinese).
_LIMIT_MESSAGES = (
    (re.compile(r"'(?P<op>[^']*)' exceeds maximum operation depth of (?P<max>\d+)"),
     "查询嵌套层数过多：最多 {max} 层，请减少嵌套"),
    (re.compile(r"(?P<found>\d+) aliases found\. Allowed: (?P<max>\d+)"),
     "查询使用的别名过多：共 {found} 个，最多 {max} 个"),
    (re.compile(r"Document contains more than (?P<max>\d+) tokens"),
     "查询语句过长：超过 {max} 个词法单元"),
)  # fmt: skip


def in_chinese(message: str) -> str | None:
    """The Chinese wording of a limit error raised by a library, or None for another."""
    for pattern, chinese in _LIMIT_MESSAGES:
        match = pattern.search(message)
        if match:
            return chinese.format(**match.groupdict())
    return None


def coded(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, UserError):
        extensions = {"code": original.code.value}
        if original.field:
            extensions["field"] = original.field
        if original.message_en:
            extensions["messageEn"] = original.message_en
        return GraphQLError(
            original.message, error.nodes, error.source, error.positions, error.path,
            extensions=extensions,
        )  # fmt: skip
    if original is None or isinstance(original, GraphQLError):
        # Parse, validation and variable-coercion errors describe the query, not the server.
        extensions = {**(error.extensions or {})}
        extensions["code"] = extensions.get("code") or ErrorCode.VALIDATION.value
        message = error.message
        chinese = in_chinese(message)
        if chinese is not None:
            message, extensions["messageEn"] = chinese, error.message
        return GraphQLError(
            message, error.nodes, error.source, error.positions, error.path, extensions=extensions,
        )  # fmt: skip
    if is_database_outage(original):  # logged once per outage; the answer becomes a 503
        database_failed(original)
        return GraphQLError(UNAVAILABLE_MESSAGE, error.nodes, error.source, error.positions, error.path,
                            extensions=unavailable_extensions())  # fmt: skip
    log.error("unexpected error at %s", error.path, exc_info=original)
    return GraphQLError(
        "服务器内部错误，请稍后重试", error.nodes, error.source, error.positions, error.path,
        extensions={"code": INTERNAL, "messageEn": "Internal server error."},
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


def _operation(document: DocumentNode | None, name: str | None) -> OperationDefinitionNode | None:
    """The operation a request runs: the one named `name`, else the document's only one."""
    if document is None:
        return None
    found = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is not None:
        found = [d for d in found if d.name is not None and d.name.value == name]
    return found[0] if len(found) == 1 else None


class TokenLimits(SchemaExtension):
    """An API token's limits (read-only, named operations only), checked once the operation
    is parsed and validated and before anything runs — for POST, GET and trusted documents
    alike, since all of them execute here. A refusal is the operation's one error."""

    def on_execute(self):  # type: ignore[override]
        context = self.execution_context
        principal = getattr(context.context, "principal", None)
        if principal is not None and (principal.read_only or principal.operations is not None):
            operation = _operation(context.graphql_document, context.operation_name)
            if operation is None:  # graphql-core answers this itself; run nothing meanwhile
                name, is_query = None, False
            else:
                name = operation.name.value if operation.name else None
                is_query = operation.operation == OperationType.QUERY
            refused = refusal(principal, is_query, name)
            if refused is not None:
                context.result = ExecutionResult(
                    data=None, errors=[GraphQLError(refused.message, original_error=refused)]
                )
        yield


_COMPILERS: WeakKeyDictionary[Any, ReadCompiler] = WeakKeyDictionary()


def read_compiler(schema: Any) -> ReadCompiler:
    """The compiled reads of a Strawberry schema: every root field made by
    `connection_field` over a plain `Listing`, its arguments converted as Strawberry
    converts them for the resolver."""
    found = _COMPILERS.get(schema)
    if found is None:
        query = schema._schema.query_type
        roots = {}
        for name in sorted(ROOT_FIELDS & set(query.fields)):
            field = schema.get_field_for_type(name, query.name)
            resolver = field.base_resolver if field is not None else None
            listing = getattr(resolver.wrapped_func, "listing", None) if resolver is not None else None
            if isinstance(listing, Listing) and type(listing).page is Listing.page:
                roots[name] = Root(listing, _converter(schema, field))
        found = _COMPILERS[schema] = ReadCompiler(schema._schema, roots)
    return found


def _converter(schema: Any, field: Any) -> Any:
    return argument_converter(field.arguments, schema.schema_converter.scalar_registry, schema.config)


class CompiledReads(SchemaExtension):
    """A query whose every root field compiles (resolvers/listing/compiled/) is answered
    here, and graphql-core's execution skipped; any other runs the resolvers. After the
    validation and the token limits (a refusal already set is left alone); before
    AuditPiiReads, which writes the unmasked reads either path records."""

    async def on_execute(self) -> AsyncIterator[None]:  # type: ignore[override]
        context = self.execution_context
        request = context.context
        if (context.result is None and context.graphql_document is not None
                and isinstance(request, RequestContext) and request.principal is not None
                and request.settings.compiled_reads):  # fmt: skip
            compiler = read_compiler(context.schema)
            data = await compiler.run(request, context.query, context.graphql_document,
                                      context.operation_name, context.variables)  # fmt: skip
            if data is not None:
                context.result = ExecutionResult(data=data)
                if context.query is not None:
                    compiler.remember(context.query, context.operation_name, context.graphql_document)
        yield
