"""Hostile inputs for every root field of the schema: an in-repo stand-in for schemathesis.

`hostile_cases(schema, good)` calls every query and mutation field once with plain
arguments, then walks its arguments (through input objects and lists) and yields one
`Case` per argument leaf and hostile value: the leaf gets the hostile value, every other
required argument a plain one (from `good`, by argument name, else by type), so the
request reaches the code that reads the leaf. Each case is one GraphQL document with its
variables, sent on its own so one failure cannot hide another.
"""

from __future__ import annotations

import base64
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
)

from resolvers.core.validation import make_credit_code, make_resident_id


def relay(raw: str | bytes) -> str:
    data = raw.encode() if isinstance(raw, str) else raw
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


OVERLONG = "长" * 1000
# Values schemathesis sent that once answered INTERNAL, and their kin.
HOSTILE: dict[str, list[Any]] = {
    "String": [OVERLONG, "a\x00b", "1301021", "", "\ud800", "%_\\'\""],
    "ID": [
        relay("Talent:abc"),
        relay("Talent:99999999999999999999"),
        relay("Talent:2147483648"),
        relay("Jurisdiction:1301021"),
        relay("Talent:\u00b2"),
        relay("Nope:1"),
        relay(b"\xff\xfe:1"),
        "!!!not-base64",
        "",
        OVERLONG,
    ],
    "Int": [2**31 - 1, -(2**31), 0],
    "Float": [1e308, -1.0, 0.0],
    "Date": ["0001-01-01", "9999-12-31"],
    "DateTime": ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59"],
    "JSON": [{"x": OVERLONG}, [], "text", 1e308, {"a": [{"b": {"c": [None]}}] * 50}],
    "Decimal": ["1e400", "-0.000000000001", "NaN"],
    "Fen": [2**53 + 1, -1, 0, 1.5, 2**31],
    # Federation representations: extra keys, an int id, unknown or missing types.
    "_Any": [
        {"__typename": "Talent", "id": relay("Talent:1"), "extra": {"nested": [1]}},
        {"__typename": "Talent", "id": 1},
        {"__typename": "Talent", "id": None},
        {"__typename": "Talent", "id": relay("Talent:abc")},
        {"__typename": "Nope", "id": relay("Nope:1")},
        {"__typename": "Query"},
        {"__typename": ["Talent"], "id": "x"},
        {"id": relay("Talent:1")},
        {},
        "Talent",
        None,
    ],
}
# A list argument also gets these, in place of the list.
HOSTILE_LISTS: list[Any] = [[]]


@dataclass(frozen=True)
class Case:
    operation: str  # "query" | "mutation"
    field: str
    path: str  # which argument leaf is hostile
    value: Any
    document: str
    variables: dict[str, Any]

    def describe(self) -> str:
        if not self.path:
            return f"{self.operation} {self.field} (plain arguments)"
        return f"{self.operation} {self.field}({self.path} = {repr(self.value)[:60]})"


class Plain:
    """Plain values for arguments that are not under attack: `good` by argument name
    (`field.arg` overrides for one root field), else a harmless value of the type."""

    def __init__(self, good: dict[str, Any]) -> None:
        self.good = good
        self.serial = itertools.count(1)

    def value(self, root: str, name: str, type_: GraphQLInputType) -> Any:
        for key in (f"{root}.{name}", name):
            if key in self.good:
                return self.good[key]
        nullable = get_nullable_type(type_)
        if isinstance(nullable, GraphQLList):
            return [self.value(root, name, nullable.of_type)]
        named = get_named_type(type_)
        if isinstance(named, GraphQLEnumType):
            return next(iter(named.values))
        if isinstance(named, GraphQLInputObjectType):
            return {
                f: self.value(root, f, field.type)
                for f, field in named.fields.items()
                if isinstance(field.type, GraphQLNonNull)
            }
        return self.scalar(name, named.name)

    def scalar(self, name: str, scalar: str) -> Any:
        n = next(self.serial)
        if name == "idNumber":
            return make_resident_id("130102", date(1990, 1, 1 + n % 28), n % 500, bool(n % 2))
        if name == "creditCode":
            return make_credit_code("130102", 70000000 + n)
        if name in {"code", "username", "name", "title", "key"}:
            return f"fuzz{n}"
        return {
            "String": "测试",
            "ID": relay("Talent:1"),
            "Int": 1,
            "Float": 1.0,
            "Boolean": False,
            "Date": "2026-06-01",
            "DateTime": "2026-06-01T10:00:00+08:00",
            "JSON": {},
            "Decimal": "1",
        }.get(scalar, "x")


# What PostgreSQL refuses and SQLite takes: NUL, lone surrogates, text wider than its
# column, keys wider than INTEGER, times outside its range.
POSTGRES_HOSTILE: dict[str, list[Any]] = {
    "String": ["a\x00b", "\ud800", OVERLONG, "1301021"],
    "ID": [relay("Talent:2147483648"), relay("Jurisdiction:1301021"), relay("Talent:\u00b2")],
    "Int": [2**31 - 1, -(2**31)],
    "Date": HOSTILE["Date"],
    "DateTime": HOSTILE["DateTime"][:2],
    "JSON": [{"x": "a\x00b"}, {"\x00": 1}],
    "_Any": HOSTILE["_Any"][:2],
}


def hostile_cases(schema: GraphQLSchema, good: dict[str, Any], *,
                  values: dict[str, list[Any]] | None = None) -> Iterator[Case]:  # fmt: skip
    """Every root field once with plain arguments, then every argument leaf with each of
    `values` (HOSTILE by default)."""
    values = HOSTILE if values is None else values
    plain = Plain(good)
    for operation, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            document = _document(operation, name, field)
            required = {a: plain.value(name, a, arg.type) for a, arg in field.args.items()
                        if isinstance(arg.type, GraphQLNonNull)}  # fmt: skip
            yield Case(operation, name, "", None, document, required)
            for path, leaf_type, attack in _leaves(field, values):
                for value in _hostile_values(leaf_type, values):
                    args = {
                        arg: attack(value) if _is_attacked(arg, path) else plain.value(name, arg, a.type)
                        for arg, a in field.args.items()
                        if _is_attacked(arg, path) or isinstance(a.type, GraphQLNonNull)
                    }
                    yield Case(operation, name, path, value, document, _fill(name, field, path, args, plain))


def _is_attacked(arg: str, path: str) -> bool:
    return path == arg or path.startswith(f"{arg}.") or path.startswith(f"{arg}[")


def _hostile_values(type_: GraphQLInputType, values: dict[str, list[Any]]) -> list[Any]:
    nullable = get_nullable_type(type_)
    if isinstance(nullable, GraphQLList):
        return HOSTILE_LISTS
    return values.get(get_named_type(type_).name, [])


def _leaves(field: GraphQLField, values: dict[str, list[Any]]) -> Iterator[tuple[str, GraphQLInputType, Any]]:
    """(path, type, a function putting a value at the path) for every attackable leaf:
    scalars with hostile values (not Boolean or enums), and lists themselves."""
    for arg, a in field.args.items():
        yield from _walk(arg, a.type, lambda v: v, frozenset(), values)


def _walk(path: str, type_: GraphQLInputType, wrap: Any, seen: frozenset[str],
          values: dict[str, list[Any]]) -> Iterator[Any]:  # fmt: skip
    nullable = get_nullable_type(type_)
    if isinstance(nullable, GraphQLList):
        yield path, nullable, wrap
        yield from _walk(f"{path}[0]", nullable.of_type, lambda v, w=wrap: w([v]), seen, values)
        return
    named = get_named_type(type_)
    if isinstance(named, GraphQLInputObjectType):
        if named.name in seen:  # and/or/not: one level is enough
            return
        for f, field in named.fields.items():
            yield from _walk(f"{path}.{f}", field.type, _nest(wrap, named, f), seen | {named.name}, values)
        return
    if named.name in values:
        yield path, type_, wrap


def _nest(wrap: Any, input_type: GraphQLInputObjectType, name: str) -> Any:
    def put(value: Any) -> Any:
        return wrap({"__input__": input_type, name: value})

    return put


def _fill(root: str, field: GraphQLField, path: str, args: dict[str, Any], plain: Plain) -> dict[str, Any]:
    """Give the input objects on the attacked path their other required fields."""

    def complete(value: Any) -> Any:
        if isinstance(value, list):
            return [complete(v) for v in value]
        if isinstance(value, dict) and "__input__" in value:
            input_type: GraphQLInputObjectType = value.pop("__input__")
            for f, f_field in input_type.fields.items():
                if f in value:
                    value[f] = complete(value[f])
                elif isinstance(f_field.type, GraphQLNonNull):
                    value[f] = plain.value(root, f, f_field.type)
        return value

    return {k: complete(v) for k, v in args.items()}


def _document(operation: str, name: str, field: GraphQLField) -> str:
    params = ", ".join(f"${a}: {arg.type}" for a, arg in field.args.items())
    call = ", ".join(f"{a}: ${a}" for a in field.args)
    head = f"{operation}({params})" if params else operation
    return f"{head} {{ {name}{f'({call})' if call else ''}{_selection(field.type, 2)} }}"


def _selection(type_: Any, depth: int) -> str:
    named = get_named_type(type_)
    if is_leaf_type(named):
        return ""
    if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
        return " { __typename }"
    assert isinstance(named, GraphQLObjectType)
    parts = ["__typename"]
    for f, field in named.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue
        child = get_named_type(field.type)
        if is_leaf_type(child):
            parts.append(f)
        elif (
            depth > 0
            and (f in {"edges", "node", "userErrors"} or not _is_list(field.type))
            and (not child.name.endswith("Connection") or f == "node")
        ):
            parts.append(f + _selection(field.type, depth - 1))
    return " { " + " ".join(parts) + " }"


def _is_list(type_: Any) -> bool:
    return isinstance(get_nullable_type(type_), GraphQLList)
