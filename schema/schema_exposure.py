"""What the schema tells about itself, and to whom.

In production (not DEBUG) an anonymous caller gets no introspection (`__schema`,
`__type`) and no "Did you mean …" hints in validation errors: the schema is for the
offices and tools that sign in. The federation SDL (`_service`) is for the provincial
platform's `federation` role or a gateway holding FEDERATION_SDL_TOKEN.

This runs after validation has been answered from the cache, so the cached results stay
the same for everyone; only what is sent back differs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from graphql import DocumentNode, FieldNode, GraphQLError, visit
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from resolvers.core.errors import ErrorCode

INTROSPECTION = frozenset({"__schema", "__type"})
SDL = "_service"
_HINT = re.compile(r"\s*Did you mean [^?]*\?")


class _FieldNames(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_field(self, node: FieldNode, *_: object) -> None:
        self.names.add(node.name.value)


@lru_cache(maxsize=512)  # documents come from the parser's cache: the same object each time
def selected_fields(document: DocumentNode) -> frozenset[str]:
    """Every field name the document selects, fragments included. The visit runs once per
    document; a request still pays the lookup, which hashes the (frozen, uncached) AST:
    about a quarter of a visit, as the validator's own cache does."""
    collector = _FieldNames()
    visit(document, collector)
    return frozenset(collector.names)


def _refusal(message: str, en: str, code: ErrorCode) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code.value, "messageEn": en})


class SchemaExposure(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context.context
        document = self.execution_context.graphql_document
        settings = getattr(context, "settings", None)
        if document is not None and settings is not None and not settings.debug:
            errors = list(self.execution_context.pre_execution_errors or [])
            anonymous = context.principal is None
            if anonymous:
                errors = [_without_hint(e) for e in errors]
            names = selected_fields(document)
            if anonymous and names & INTROSPECTION:
                errors.append(_refusal("请先登录，再查看接口结构", "sign in to read the schema",
                                       ErrorCode.UNAUTHENTICATED))  # fmt: skip
            if SDL in names and not _may_read_sdl(context):
                errors.append(_refusal("联邦接口定义（SDL）仅供省级平台读取",
                                       "the federation SDL is for the provincial platform",
                                       ErrorCode.FORBIDDEN))  # fmt: skip
            if errors or self.execution_context.pre_execution_errors is not None:
                self.execution_context.pre_execution_errors = errors
        yield


def _may_read_sdl(context: object) -> bool:
    if getattr(context, "federation_gateway", False):
        return True
    principal = getattr(context, "principal", None)
    return principal is not None and "federation" in principal.perms.roles


def _without_hint(error: GraphQLError) -> GraphQLError:
    """A copy without suggestions (the cached original is shared with signed-in callers)."""
    message = _HINT.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(message, error.nodes, error.source, error.positions, error.path,
                        error.original_error, error.extensions)  # fmt: skip
