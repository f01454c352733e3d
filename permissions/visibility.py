"""The one scope helper: every list, lookup, nested field, aggregate, export and
federation entity asks it which rows the caller may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from permissions.compiled import CompiledPermissions
from permissions.resources import SCOPE_COLUMNS, SECOND_JURISDICTION
from permissions.scopes import EVERYWHERE, prefix_range

NOTHING = Q(pk__in=[])

# Rows that belong to no jurisdiction because they concern the whole deployment, seen by
# every holder of the resource's action wherever their grant lies: an edit of a policy
# line changes every area, so every area's auditor sees it.
DEPLOYMENT_WIDE: dict[str, Q] = {
    "audit_event": Q(jurisdiction_code=None, target_type="policy"),
}


def q_of(conditions: Mapping[str, Any]) -> Q:
    """`Q(**conditions)` for lookups named at run time (`f"{column}__in"`): typed so that
    mypy does not take a computed name for Q's own `join_type`."""
    return Q(**conditions)


def within(column: str, code: str) -> Q:
    """Rows whose jurisdiction column lies under `code`. A range rather than LIKE,
    so the btree index serves it on PostgreSQL too."""
    low, high = prefix_range(code)
    return Q(**{f"{column}__gte": low, f"{column}__lt": high})


def scope_filter(
    resource: str, scopes: frozenset[str], model: type[Model] | None = None,
    correlate: Q | None = None,
) -> Q | None:
    """Compile scopes into one filter; None means no restriction. A lookup across a
    one-to-many relation becomes a subquery of `model`, so no row is repeated;
    `correlate` (a compiled read's link to its outer row) narrows that subquery to the
    row at hand instead of every row the scope allows."""
    if EVERYWHERE in scopes:
        return None
    columns = SCOPE_COLUMNS[resource]
    second = SECOND_JURISDICTION.get(resource)
    ids: dict[str, set[int]] = {}
    clauses: list[Q] = []
    for scope in sorted(scopes):
        kind, _, value = scope.partition(":")
        column = columns.get(kind)
        if column is None:
            continue
        if kind == "jur":
            clauses.append(within(column, value))
            if second is not None:
                clauses.append(within(second, value))
        else:
            ids.setdefault(column, set()).add(int(value))
    if scopes and resource in DEPLOYMENT_WIDE:
        clauses.append(DEPLOYMENT_WIDE[resource])
    for column, values in ids.items():
        condition = q_of({f"{column}__in": sorted(values)})
        if "__" in column and model is not None:
            pk = model._meta.pk_attr
            inner = model.filter(condition) if correlate is None else model.filter(condition, correlate)
            condition = Q(pk__in=Subquery(inner.values(pk)))
        clauses.append(condition)
    if not clauses:
        return NOTHING
    return Q(*clauses, join_type=Q.OR) if len(clauses) > 1 else clauses[0]


def restrict(
    queryset: QuerySet, perms: CompiledPermissions, resource: str, action: str = "read"
) -> QuerySet:
    condition = scope_filter(resource, perms.scopes_for(resource, action), queryset.model)
    return queryset if condition is None else queryset.filter(condition)


def visible(
    model: type[Model], perms: CompiledPermissions, resource: str, action: str = "read"
) -> QuerySet:
    return restrict(model.all(), perms, resource, action)
