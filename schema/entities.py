"""Federation `_entities`: each representation is checked before any is resolved.

A representation is `{"__typename": <entity type>, "id": <global ID>}`, or for a type with
a natural key (`NATURAL`: a talent's idHash, a card's number, an employer's credit code, which other
deployments know it by) `{"__typename": …, <that key>: <value>}`, and nothing else.
Anything else — another shape, an unknown or non-entity type, a key that is not a string,
extra keys — answers VALIDATION at its own index, so the router sees which one was wrong
and the others still resolve.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from resolvers.core.errors import UserError, validation

FIELD = "representations"
KEYS = frozenset({"__typename", "id"})
# entity type → (its natural key's field, the name resolve_reference takes it by)
NATURAL = {
    "Talent": ("idHash", "id_hash"),
    "Card": ("number", "number"),
    "Employer": ("creditCode", "credit_code"),
}


def check_representation(value: Any, entity_types: Iterable[str]) -> dict[str, str] | UserError:
    """A fresh, well-formed representation, or the VALIDATION error explaining why not."""
    if not isinstance(value, dict):
        return validation(
            FIELD, "实体表示应为对象 {__typename, id}", "a representation is an object {__typename, id}"
        )
    type_name = value.get("__typename")
    names = sorted(entity_types)
    if not isinstance(type_name, str) or type_name not in names:
        return validation(FIELD, f"__typename 应为实体类型之一：{'、'.join(names)}",
                          f"__typename must name an entity type: {', '.join(names)}")  # fmt: skip
    field, argument = NATURAL.get(type_name, ("id", "id"))
    if set(value) not in (KEYS, {"__typename", field}):
        keys = "id" if field == "id" else f"id 或 {field}"
        return validation(FIELD, f"实体表示只能包含 __typename 和 {keys}",
                          f"a representation holds __typename and {keys.replace(' 或 ', ' or ')}, "
                          "nothing else")  # fmt: skip
    key = "id" if "id" in value else field
    if not isinstance(value[key], str):
        return validation(FIELD, f"{key} 应为字符串", f"{key} is a string")
    return {"__typename": type_name, ("id" if key == "id" else argument): value[key]}
