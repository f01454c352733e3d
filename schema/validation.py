"""Validation, cached, behind a cheap check for directive overloading.

graphql-core reports one error per unknown or repeated directive, so a query piling
directives on one field (`__typename @a @a @a …`) makes validation work and answer in
proportion to the pile. Such a document is refused with one error before the full
validation runs: no location may carry a directive twice or more than
`MAX_DIRECTIVES_PER_LOCATION` directives. Both outcomes are cached per document, like
Strawberry's ValidationCache (which this replaces).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

from graphql import DocumentNode, GraphQLError, GraphQLSchema, Node, ValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from resolvers.core.errors import ErrorCode

# @include and @skip together, or a client's @defer beside them; nothing asks for more.
MAX_DIRECTIVES_PER_LOCATION = 3


def _nodes(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for key in current.keys:
            value = getattr(current, key, None)
            if isinstance(value, Node):
                stack.append(value)
            elif isinstance(value, tuple | list):
                stack.extend(v for v in value if isinstance(v, Node))


def directive_overload(document: DocumentNode) -> GraphQLError | None:
    """The one error for a document overloading a location with directives, else None."""
    for node in _nodes(document):
        directives = getattr(node, "directives", None)
        if not directives:
            continue
        name, uses = Counter(d.name.value for d in directives).most_common(1)[0]
        if uses > 1 or len(directives) > MAX_DIRECTIVES_PER_LOCATION:
            return GraphQLError(
                f"同一位置的指令过多（@{name} ×{uses}，共 {len(directives)} 个）；"
                f"最多 {MAX_DIRECTIVES_PER_LOCATION} 个，且每个只能用一次",
                node,
                extensions={
                    "code": ErrorCode.VALIDATION.value,
                    "messageEn": f"too many directives in one place (@{name} ×{uses}, "
                    f"{len(directives)} in all); at most {MAX_DIRECTIVES_PER_LOCATION}, each once",
                },
            )
    return None


def _validate(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ValidationRule], ...]
) -> list[GraphQLError]:
    refusal = directive_overload(document)
    return [refusal] if refusal else validate_document(schema, document, rules)


Validator = Callable[[GraphQLSchema, DocumentNode, tuple[type[ValidationRule], ...]], list[GraphQLError]]


@cache
def cached_validator(maxsize: int) -> Validator:
    """Make once per schema: every request's extension shares it, so a document known
    from an earlier request is not validated again."""
    return lru_cache(maxsize=maxsize)(_validate)


class CheckedValidation(SchemaExtension):
    def __init__(self, validate: Validator) -> None:
        self.validate = validate

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        context.pre_execution_errors = self.validate(
            context.schema._schema, context.graphql_document, tuple(context.validation_rules)
        )
        yield
