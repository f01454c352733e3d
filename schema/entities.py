"""Federation `_entities`: each representation is checked before any is resolved.

A representation is `{"__typename": <entity type>, "id": <global ID>}` and nothing else
(every entity is keyed by `id`). Anything else — another shape, an unknown or non-entity
type, a key that is not a string, extra keys — answers VALIDATION at its own index, so
the router sees which one was wrong and the others still resolve.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from resolvers.core.errors import UserError, validation

FIELD = "representations"
KEYS = frozenset({"__typename", "id"})


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
    if set(value) != KEYS:
        return validation(FIELD, "实体表示只能包含 __typename 和 id",
                          "a representation holds __typename and id, nothing else")  # fmt: skip
    if not isinstance(value["id"], str):
        return validation(FIELD, "id 应为全局 ID（字符串）", "id is a global ID (a string)")
    return {"__typename": type_name, "id": value["id"]}
