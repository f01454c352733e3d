"""The one statement of a compiled read: the listing's page query, selecting dicts
across to-one relations (LEFT JOINs) with each nested object's scope as a column.

A nested object keeps its own scope: the condition `scope_filter` gives for its resource
is re-rooted onto the relation path (`prefixed`) and selected as a boolean beside the
row, so an object the caller may not see comes out null, as the scoped DataLoader
answers None.
"""

from __future__ import annotations

from typing import Any

from pypika_tortoise.terms import Case, Criterion, LiteralValue, Term
from tortoise.expressions import Expression, Q, ResolveContext, ResolveResult, Subquery
from tortoise.fields.relational import RelationalField
from tortoise.models import Model
from tortoise.query_utils import QueryModifier

from permissions.compiled import CompiledPermissions
from permissions.visibility import NOTHING, scope_filter
from schema import models as m
from schema.models.enums import CardStatus


class NotCompilable(Exception):
    """This request is answered by the resolvers instead."""


def prefixed(q: Q, prefix: str, model: type[Model]) -> Q:
    """`q` (a filter of `model`) as a filter of the model `prefix` ("request__") leads from:
    its lookups and its children's, `pk` named by `model`'s key column."""
    if type(q) is not Q:
        raise NotCompilable(f"cannot re-root {type(q).__name__}")
    filters = {}
    for key, value in q.filters.items():
        head, sep, rest = key.partition("__")
        if head == "pk":
            key = model._meta.pk_attr + sep + rest
        filters[prefix + key] = value
    out = Q(*(prefixed(c, prefix, model) for c in q.children), join_type=q.join_type, **filters)
    out._is_negated = q._is_negated
    return out


class Condition(Expression):
    """A Q selected as a column, 1 where it holds and 0 elsewhere (its joins kept, unlike
    Case/When's; literal numbers, so PostgreSQL need not guess a parameter's type)."""

    def __init__(self, q: Q) -> None:
        self.q = q

    def resolve(self, resolve_context: ResolveContext) -> ResolveResult:
        modifier = self.q.resolve(resolve_context)
        term = Case().when(modifier.where_criterion, LiteralValue(1)).else_(LiteralValue(0))
        return ResolveResult(term=term, joins=modifier.joins)


class Correlated(Q):
    """A condition on the enclosing query's row (a correlated subquery's link)."""

    __slots__ = ("criterion",)

    def __init__(self, criterion: Criterion) -> None:
        super().__init__()
        self.criterion = criterion

    def __bool__(self) -> bool:
        return True

    def resolve(self, resolve_context: ResolveContext) -> QueryModifier:
        return QueryModifier(where_criterion=self.criterion)


class OuterColumn(Term):
    """A column of the enclosing query's table, always written with its table's name
    (pypika leaves names off in a query without joins, where the inner table would
    capture it)."""

    def __init__(self, table: str, column: str) -> None:
        super().__init__()
        self.table = table
        self.column = column

    def get_sql(self, ctx: Any) -> str:
        quote = getattr(ctx, "quote_char", None) or '"'
        return f"{quote}{self.table}{quote}.{quote}{self.column}{quote}"


def related_model(model: type[Model], relation: str) -> type[Model]:
    field = model._meta.fields_map.get(relation)
    if not isinstance(field, RelationalField):
        raise NotCompilable(f"{model.__name__}.{relation} is not a relation")
    return field.related_model


def scope_of(perms: CompiledPermissions, resource: str, model: type[Model],
             outer: str | None = None) -> Q | bool | None:  # fmt: skip
    """The read scope of `resource`: None everywhere, False nowhere, else the Q. With
    `outer` (the table alias of the object in the enclosing query), a subquery the scope
    needs is correlated with that row, so it reads one object's links, not all of them."""
    correlate = None
    if outer is not None:
        key = model._meta.db_pk_column
        correlate = Correlated(getattr(model._meta.basetable, key) == OuterColumn(outer, key))
    condition = scope_filter(resource, perms.scopes_for(resource, "read"), model, correlate)
    if condition is NOTHING:
        return False
    return condition


def python_value(model: type[Model], lookup: str) -> Any:
    """How Tortoise reads a stored value of `lookup` (a column, or across relations)."""
    *relations, name = lookup.split("__")
    for relation in relations:
        model = related_model(model, relation)
    return model._meta.fields_map[name].to_python_value


def active_card(outer: str, perms: CompiledPermissions, lookup: str) -> Subquery | None:
    """One column of the holder's latest issued ACTIVE card the caller may see (what the
    `active_card_by_holder` loader picks), correlated with the talent row of the table
    (or alias) `outer`."""
    scope = scope_of(perms, "card", m.Card)
    if scope is False:
        return None
    cards = m.Card.filter(
        Correlated(m.Card._meta.basetable.holder_id == OuterColumn(outer, "id")), status=CardStatus.ACTIVE
    )
    if isinstance(scope, Q):
        cards = cards.filter(scope)
    return Subquery(cards.order_by("-issued_on", "-id").limit(1).values(lookup))
