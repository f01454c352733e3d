"""Compiled reads: a query whose every root field is a plain listing (columns, to-one
objects, masked personal fields) answered by one SQL statement per root field (+1 for
`totalCount`), without ORM objects, DataLoaders or graphql-core's field execution.

`CompiledReads` (schema/extensions.py) asks `ReadCompiler.run` before execution: a
`data` dict, or None to let the resolvers answer. A query text answered that way once has
passed parsing and validation (which depend on the text alone, for a signed-in caller):
`remember` keeps its document, and the /graphql view (gateway/http/fast_reads.py) answers
the text's next requests from `validated` without Strawberry. Which fields compile, and how, is the
table in registry.py; the same listing code (scope, filter, order, cursor) builds the
statement (execute.py), so both paths answer alike — tests/listing/test_compiled_reads.py
compares them.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode

from resolvers.core.context import RequestContext
from resolvers.core.errors import UserError
from resolvers.listing.compiled.arguments import Arguments
from resolvers.listing.compiled.execute import Root, run_root
from resolvers.listing.compiled.plan import OperationPlan, Planner, Typename
from resolvers.listing.compiled.sql import NotCompilable

__all__ = ["ReadCompiler", "Root"]

log = logging.getLogger("talentgate.compiled")

PLAN_CACHE_SIZE = 256
VALIDATED_SIZE = 512


class ReadCompiler:
    """Plans (cached per document and operation name) and runs compiled reads."""

    def __init__(self, schema: GraphQLSchema, roots: Mapping[str, Root]) -> None:
        self.schema = schema
        self.planner = Planner(schema, roots)
        self.arguments = Arguments(schema)
        self._plans: OrderedDict[tuple[str, str | None], OperationPlan | None] = OrderedDict()
        self._validated: OrderedDict[tuple[str, str | None], DocumentNode] = OrderedDict()
        self.answered = 0  # requests answered here (for tests and the benchmark)

    def plan(
        self, text: str | None, document: DocumentNode, operation_name: str | None
    ) -> OperationPlan | None:
        if text is None:
            return self.planner.plan(document, operation_name)
        key = (text, operation_name)
        if key in self._plans:
            self._plans.move_to_end(key)
            return self._plans[key]
        plan = self._plans[key] = self.planner.plan(document, operation_name)
        if len(self._plans) > PLAN_CACHE_SIZE:
            self._plans.popitem(last=False)
        return plan

    def remember(self, text: str, operation_name: str | None, document: DocumentNode) -> None:
        """`text` was parsed, validated and answered here for a signed-in caller. (The
        name Strawberry reports is the operation's own, also when the request named none:
        a document of one operation is remembered under both.)"""
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        names = {operation_name, None} if len(operations) == 1 else {operation_name}
        for name in names:
            key = (text, name)
            self._validated[key] = document
            self._validated.move_to_end(key)
        while len(self._validated) > VALIDATED_SIZE:
            self._validated.popitem(last=False)

    def validated(self, text: str, operation_name: str | None) -> DocumentNode | None:
        """The parsed document of a text `remember`ed, else None."""
        return self._validated.get((text, operation_name))

    async def run(self, ctx: RequestContext, text: str | None, document: DocumentNode,
                  operation_name: str | None,
                  variables: dict[str, Any] | None) -> dict[str, Any] | None:  # fmt: skip
        """The operation's `data`, or None when the resolvers should answer it (not
        compilable, or an error they report in their own words)."""
        plan = self.plan(text, document, operation_name)
        if plan is None:
            return None
        try:
            converted = self.arguments.of(plan, None if text is None else (text, operation_name),
                                          variables or {})  # fmt: skip
            if converted is None:
                return None
            data: dict[str, Any] = {}
            reads = []
            given = iter(converted)
            for key, root in plan.roots:
                if isinstance(root, Typename):
                    data[key] = root.name
                    continue
                arguments = next(given)
                text_key = None if text is None else (text, operation_name, key)
                data[key], pii = await run_root(ctx, root, arguments, text_key)
                reads.append(pii)
        except (UserError, GraphQLError, NotCompilable):
            return None
        self.answered += 1
        for pii in reads:
            for target, fields in pii.reads.items():
                ctx.pii.reads.setdefault(target, set()).update(fields)
                ctx.pii.jurisdictions[target] = pii.jurisdictions[target]
        return data
