"""The planned argument conversion gives what Strawberry's own gives, for every argument of
every root field, filled in several ways."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)
from strawberry.types.arguments import convert_arguments

from schema.arguments import argument_converter
from schema.build import build_schema

SCALARS = {"String": "x", "Int": 3, "Float": 1.5, "Boolean": True, "ID": "VGFsZW50OjE=",
           "Date": dt.date(2026, 12, 3), "DateTime": dt.datetime(2026, 12, 3, 8, tzinfo=dt.UTC)}  # fmt: skip


def sample(type_: GraphQLInputType, way: str, depth: int = 0) -> Any:
    """A coerced value of `type_`: every field set ("full"), required ones only ("sparse"),
    or optional ones null ("nulls")."""
    if isinstance(type_, GraphQLNonNull):
        return sample(type_.of_type, way, depth)
    if isinstance(type_, GraphQLList):
        return [sample(type_.of_type, way, depth), sample(type_.of_type, way, depth)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values.values())).value
    if isinstance(type_, GraphQLScalarType):
        return SCALARS.get(type_.name, {"k": "v"})
    assert isinstance(type_, GraphQLInputObjectType)
    out = {}
    for name, field in type_.fields.items():
        required = isinstance(field.type, GraphQLNonNull)
        if required or (way == "full" and depth < 3):
            out[name] = sample(field.type, way, depth + 1)
        elif way == "nulls":
            out[name] = None
    return out


def plain(value: Any) -> Any:
    """Comparable: input objects as (class, fields), enums by value."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return (type(value), value.value)
    if hasattr(value, "__strawberry_definition__"):
        return (type(value), {k: plain(v) for k, v in vars(value).items()})
    return value


def fields() -> list[tuple[str, str]]:
    schema = build_schema()
    found = []
    for type_name in ("Query", "Mutation"):
        for name, field in schema._schema.get_type(type_name).fields.items():  # type: ignore[union-attr]
            if field.args:
                found.append((type_name, name))
    return found


@pytest.mark.parametrize("way", ["full", "sparse", "nulls"])
def test_every_root_field_converts_as_strawberry_converts(way: str) -> None:
    schema = build_schema()
    registry, config = schema.schema_converter.scalar_registry, schema.config
    compared = 0
    for type_name, name in fields():
        field = schema.get_field_for_type(name, type_name)
        assert field is not None
        graphql_field = schema._schema.get_type(type_name).fields[name]  # type: ignore[union-attr]
        values = {arg: sample(a.type, way) for arg, a in graphql_field.args.items()
                  if way != "sparse" or isinstance(a.type, GraphQLNonNull)}  # fmt: skip
        try:
            expected = plain(convert_arguments(values, field.arguments, registry, config))
        except Exception as error:  # a value Strawberry refuses (a bad global id): so must we
            with pytest.raises(type(error)):
                argument_converter(field.arguments, registry, config)(values)
            continue
        assert plain(argument_converter(field.arguments, registry, config)(values)) == expected, name
        compared += 1
    assert compared > 100
