"""Reading mutation inputs: trimmed text with limits, enums; UNSET means "not given"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strawberry import UNSET

from resolvers.errors import UserError, validation


@dataclass(frozen=True)
class Text:
    attr: str  # the input's Python attribute and the model column
    field: str  # the GraphQL field named in errors
    limit: int
    required: bool = False


def read_texts(
    data: Any, specs: tuple[Text, ...], values: dict[str, Any], errors: list[UserError]
) -> None:
    """Trim each given text into `values`; blank becomes None (an error when required)."""
    for spec in specs:
        value = getattr(data, spec.attr, UNSET)
        if value is UNSET:
            continue
        value = value.strip() if value else None
        if spec.required and not value:
            errors.append(validation(spec.field, f"{spec.field} is required"))
        elif value and len(value) > spec.limit:
            errors.append(validation(spec.field, f"at most {spec.limit} characters"))
        values[spec.attr] = value


def read_enums(data: Any, attrs: tuple[str, ...], values: dict[str, Any]) -> None:
    for attr in attrs:
        value = getattr(data, attr, UNSET)
        if value is not UNSET and value is not None:
            values[attr] = getattr(value, "value", value)
