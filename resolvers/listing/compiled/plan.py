"""An operation → a compiled plan, or None when any of it is not compilable.

A plan is made once per (document, operation name) and holds no request's values:
arguments and variables are coerced per request. Fields are collected as graphql-core
does (aliases, `__typename`, inline fragments and named fragments on the very type); any
directive (`@include`, `@skip`, …), a fragment on an interface, a field outside the
registry or a field argument where none is compiled makes the operation not compilable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
)

from resolvers.listing.compiled.registry import (
    ACTIVE_CARD_RELATIONS,
    TYPES,
    ActiveCard,
    Column,
    GlobalId,
    Masked,
    ToOne,
)


class _Refused(Exception):
    pass


@dataclass(frozen=True)
class Typename:
    name: str


@dataclass(frozen=True)
class Leaf:
    spec: Column | GlobalId | Masked
    serialize: Callable[[Any], Any]


@dataclass(frozen=True)
class Nested:
    spec: ToOne | ActiveCard
    plan: ObjectPlan


Entry = Typename | Leaf | Nested


@dataclass(frozen=True)
class ObjectPlan:
    type_name: str
    entries: tuple[tuple[str, Entry], ...]


@dataclass(frozen=True)
class EdgesPlan:
    entries: tuple[tuple[str, str | ObjectPlan], ...]  # "cursor", "__typename:<T>" or the node


@dataclass(frozen=True)
class RootPlan:
    key: str
    name: str
    node: FieldNode
    definition: GraphQLField
    root: Any  # the registry's entry for the field (resolvers/listing/compiled/execute.py)
    # (response key, what): "totalCount", "__typename:<T>", ("pageInfo", {key: which}),
    # ("nodes", ObjectPlan), ("edges", EdgesPlan)
    entries: tuple[tuple[str, Any], ...]
    counts: bool = False
    cursors: bool = False  # any cursor asked for (edges.cursor, start/endCursor)


@dataclass(frozen=True)
class OperationPlan:
    operation: OperationDefinitionNode
    roots: tuple[tuple[str, RootPlan | Typename], ...]


_PAGE_INFO = {"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"}


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    found = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is not None:
        found = [d for d in found if d.name is not None and d.name.value == name]
    return found[0] if len(found) == 1 else None


class _Collector:
    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments

    def fields(self, sets: list[SelectionSetNode | None], type_name: str) -> dict[str, list[FieldNode]]:
        out: dict[str, list[FieldNode]] = {}
        for selection_set in sets:
            if selection_set is None:
                raise _Refused("a composite field without a selection")
            self._collect(selection_set, type_name, out, ())
        return out

    def _collect(self, selection_set: SelectionSetNode, type_name: str,
                 out: dict[str, list[FieldNode]], seen: tuple[str, ...]) -> None:  # fmt: skip
        for selection in selection_set.selections:
            if selection.directives:
                raise _Refused("directives")
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                out.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is not None and condition.name.value != type_name:
                    raise _Refused("a fragment on another type")
                self._collect(selection.selection_set, type_name, out, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if (fragment is None or name in seen or getattr(selection, "arguments", None)
                        or getattr(fragment, "variable_definitions", None) or fragment.directives
                        or fragment.type_condition.name.value != type_name):  # fmt: skip
                    raise _Refused("a fragment not on this very type")
                self._collect(fragment.selection_set, type_name, out, (*seen, name))


class Planner:
    """Plans operations against one GraphQL schema and its compilable root fields."""

    def __init__(self, schema: GraphQLSchema, roots: Mapping[str, Any]) -> None:
        self.schema = schema
        self.roots = roots

    def plan(self, document: DocumentNode, operation_name: str | None) -> OperationPlan | None:
        operation = _operation(document, operation_name)
        query = self.schema.query_type
        if operation is None or operation.operation != OperationType.QUERY or query is None:
            return None
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        collect = _Collector(fragments)
        try:
            roots: list[tuple[str, RootPlan | Typename]] = []
            for key, nodes in collect.fields([operation.selection_set], query.name).items():
                name = nodes[0].name.value
                if name == "__typename":
                    roots.append((key, Typename(query.name)))
                    continue
                root = self.roots.get(name)
                if root is None or len(nodes) != 1:
                    return None
                roots.append((key, self._root(collect, key, name, nodes[0], query.fields[name], root)))
        except _Refused:
            return None
        return OperationPlan(operation, tuple(roots))

    def _root(self, collect: _Collector, key: str, name: str, node: FieldNode,
              definition: GraphQLField, root: Any) -> RootPlan:  # fmt: skip
        connection = get_named_type(definition.type)
        assert isinstance(connection, GraphQLObjectType)
        entries: list[tuple[str, Any]] = []
        for sub_key, nodes in collect.fields([node.selection_set], connection.name).items():
            sub = nodes[0].name.value
            if any(n.arguments for n in nodes):
                raise _Refused("arguments")
            if sub == "__typename":
                entries.append((sub_key, f"__typename:{connection.name}"))
            elif sub == "totalCount":
                entries.append((sub_key, "totalCount"))
            elif sub == "pageInfo":
                page_info = get_named_type(connection.fields[sub].type)
                which = {}
                for k, info_nodes in collect.fields([n.selection_set for n in nodes], page_info.name).items():
                    what = info_nodes[0].name.value
                    if what not in _PAGE_INFO and what != "__typename":
                        raise _Refused(what)
                    which[k] = what if what in _PAGE_INFO else f"__typename:{page_info.name}"
                entries.append((sub_key, ("pageInfo", which)))
            elif sub == "nodes":
                node_type = get_named_type(connection.fields[sub].type)
                entries.append((sub_key, ("nodes", self._object(collect, node_type, nodes))))
            elif sub == "edges":
                edge = get_named_type(connection.fields[sub].type)
                assert isinstance(edge, GraphQLObjectType)
                edge_entries: list[tuple[str, str | ObjectPlan]] = []
                for k, edge_nodes in collect.fields([n.selection_set for n in nodes], edge.name).items():
                    what = edge_nodes[0].name.value
                    if any(n.arguments for n in edge_nodes):
                        raise _Refused("arguments")
                    if what == "cursor":
                        edge_entries.append((k, "cursor"))
                    elif what == "__typename":
                        edge_entries.append((k, f"__typename:{edge.name}"))
                    elif what == "node":
                        node_type = get_named_type(edge.fields[what].type)
                        edge_entries.append((k, self._object(collect, node_type, edge_nodes)))
                    else:
                        raise _Refused(what)
                entries.append((sub_key, ("edges", EdgesPlan(tuple(edge_entries)))))
            else:
                raise _Refused(sub)
        counts = any(what == "totalCount" for _, what in entries)
        cursors = any(
            (what[0] == "pageInfo" and {"startCursor", "endCursor"} & set(what[1].values()))
            or (what[0] == "edges" and "cursor" in dict(what[1].entries).values())
            for _, what in entries if isinstance(what, tuple)
        )  # fmt: skip
        return RootPlan(key, name, node, definition, root, tuple(entries), counts, cursors)

    def _object(self, collect: _Collector, gtype: Any, nodes: list[FieldNode],
                under_card: bool = False, leaves_only: bool = False) -> ObjectPlan:  # fmt: skip
        spec = TYPES.get(getattr(gtype, "name", ""))
        if spec is None or not isinstance(gtype, GraphQLObjectType):
            raise _Refused(f"type {gtype}")
        entries: list[tuple[str, Entry]] = []
        for key, field_nodes in collect.fields([n.selection_set for n in nodes], gtype.name).items():
            name = field_nodes[0].name.value
            if name == "__typename":
                entries.append((key, Typename(gtype.name)))
                continue
            found = spec.fields.get(name)
            if found is None or any(n.arguments for n in field_nodes):
                raise _Refused(f"{gtype.name}.{name}")
            definition = gtype.fields[name]
            if isinstance(found, Column | GlobalId | Masked):
                if under_card and isinstance(found, Masked):
                    raise _Refused("masked under activeCard")
                entries.append((key, Leaf(found, get_named_type(definition.type).serialize)))
                continue
            if leaves_only:
                raise _Refused(f"{gtype.name}.{name} under activeCard")
            target = get_named_type(definition.type)
            if isinstance(found, ActiveCard):
                if under_card:
                    raise _Refused("activeCard under activeCard")
                plan = self._object(collect, target, field_nodes, under_card=True)
            else:
                if under_card and found.relation not in ACTIVE_CARD_RELATIONS:
                    raise _Refused(f"{gtype.name}.{name} under activeCard")
                plan = self._object(collect, target, field_nodes, leaves_only=under_card)
            entries.append((key, Nested(found, plan)))
        return ObjectPlan(gtype.name, tuple(entries))
