"""Checking what a saved view stores against the live GraphQL schema: the connection it
belongs to is a connection field of Query, its filter and order are values that field's
`filter` and `orderBy` arguments accept, and every column is a path of fields from the
connection's node down to a value (`employer.name`, `customFields.owns_home`).

The GraphQL schema is handed in by the caller (the API layer): resolvers sit below the
schema they serve.
"""

from __future__ import annotations

import re
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
    is_required_argument,
)
from graphql.utilities import validate_input_value

from resolvers.core.errors import UserError, validation

MAX_COLUMNS = 100
MAX_PATH = 200
MAX_DEPTH = 16  # nesting of a filter's and / or / not
MAX_NODES = 2000  # objects, lists and values in a filter or an order
MAX_REASON = 300  # a refused value is quoted in the reason: cut it short
JSON_SCALAR = "JSON"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def connection_field(schema: GraphQLSchema, name: Any, field: str = "connection") -> GraphQLField:
    """The Query field a view lists (`talents`, `serviceRequests`): a Relay connection."""
    query = schema.query_type
    found = query.fields.get(name) if query is not None and isinstance(name, str) else None
    target = get_named_type(found.type) if found is not None else None
    if (
        found is None
        or not isinstance(target, GraphQLObjectType)
        or not target.name.endswith("Connection")
        or "nodes" not in target.fields
    ):
        raise validation(
            field, f"没有名为 {str(name)[:64]!r} 的列表", f"no list (connection) named {str(name)[:64]!r}"
        )
    return found


def node_type(connection: GraphQLField) -> GraphQLObjectType | GraphQLInterfaceType:
    target = get_named_type(connection.type)
    assert isinstance(target, GraphQLObjectType)
    node = get_named_type(target.fields["nodes"].type)
    assert isinstance(node, GraphQLObjectType | GraphQLInterfaceType)
    return node


def _path_text(field: str, path: list[str | int] | tuple[str | int, ...]) -> str:
    out = field
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _too_big(value: Any) -> bool:
    """Deeper than MAX_DEPTH or larger than MAX_NODES (checked before the value is walked)."""
    todo: list[tuple[Any, int]] = [(value, 0)]
    seen = 0
    while todo:
        item, depth = todo.pop()
        seen += 1
        if seen > MAX_NODES or depth > MAX_DEPTH * 3:  # a filter level is an object, a list and an object
            return True
        if isinstance(item, dict):
            todo += [(v, depth + 1) for v in item.values()]
        elif isinstance(item, list):
            todo += [(v, depth + 1) for v in item]
    return False


def check_argument(connection: GraphQLField, argument: str, value: Any, field: str) -> list[UserError]:
    """`value` as the connection's `argument` (filter, orderBy) would take it; None is none."""
    if value is None:
        return []
    arg = connection.args.get(argument)
    if arg is None:
        return [validation(field, "该列表不支持此项", f"this list takes no {argument}")]
    if _too_big(value):
        en = f"too large or too deeply nested (at most {MAX_NODES} values, {MAX_DEPTH} levels)"
        return [validation(field, f"内容过多或嵌套过深（最多 {MAX_NODES} 项、{MAX_DEPTH} 层）", en)]
    errors: list[UserError] = []

    def on_error(error: GraphQLError, path: Any) -> None:
        if len(errors) < 10:
            reason = error.message if len(error.message) <= MAX_REASON else error.message[:MAX_REASON] + "…"
            errors.append(validation(_path_text(field, path), f"不符合该列表的条件格式：{reason}", reason))

    validate_input_value(value, arg.type, on_error)
    return errors


def _required_arguments(field: GraphQLField) -> bool:
    return any(is_required_argument(a) for a in field.args.values())


def check_column(node: GraphQLObjectType | GraphQLInterfaceType, path: Any, field: str) -> UserError | None:
    """One column: a path of fields from the node to a value; past a JSON field (custom
    fields), keys."""
    if not isinstance(path, str) or not path or len(path) > MAX_PATH:
        return validation(
            field,
            f"列应为 1–{MAX_PATH} 个字符的字段路径",
            f"a column is a field path of 1–{MAX_PATH} characters",
        )
    current: Any = node
    for i, part in enumerate(path.split(".")):
        if isinstance(current, GraphQLScalarType) and current.name == JSON_SCALAR and i > 0:
            if not _KEY.fullmatch(part):
                return validation(field, f"键 {part[:64]!r} 格式不正确", f"malformed key {part[:64]!r}")
            continue
        if not isinstance(current, GraphQLObjectType | GraphQLInterfaceType):
            return validation(field, f"字段 {current.name} 没有下级字段 {part[:64]}",
                              f"{current.name} has no field {part[:64]!r}")  # fmt: skip
        found = current.fields.get(part)
        if found is None or part.startswith("__"):
            return validation(field, f"字段 {current.name}.{part[:64]} 不存在",
                              f"field {current.name}.{part[:64]} does not exist")  # fmt: skip
        if _required_arguments(found):
            return validation(field, f"字段 {current.name}.{part} 需要参数，不能作为列",
                              f"{current.name}.{part} takes required arguments")  # fmt: skip
        current = get_named_type(found.type)
    if isinstance(current, GraphQLObjectType | GraphQLInterfaceType):
        zh = f"列应指向一个值：{current.name} 是对象，请选择它的字段（如 {path}.name）"
        return validation(
            field, zh, f"a column ends at a value: {current.name} is an object, pick one of its fields"
        )
    if not isinstance(current, GraphQLScalarType | GraphQLEnumType):  # a union
        return validation(field, f"字段路径 {path} 不能作为列", f"{path} cannot be a column")
    return None


def check_columns(connection: GraphQLField, columns: Any, field: str = "columns") -> list[UserError]:
    if not isinstance(columns, list):
        return [validation(field, "列应为字段路径的列表", "columns are a list of field paths")]
    if len(columns) > MAX_COLUMNS:
        return [validation(field, f"最多 {MAX_COLUMNS} 列", f"at most {MAX_COLUMNS} columns")]
    node = node_type(connection)
    errors: list[UserError] = []
    seen: set[str] = set()
    for i, path in enumerate(columns):
        error = check_column(node, path, f"{field}[{i}]")
        if error is None and path in seen:
            error = validation(f"{field}[{i}]", f"列 {path} 重复", f"column {path} is listed twice")
        if error is not None:
            errors.append(error)
        seen.add(path if isinstance(path, str) else "")
    return errors
