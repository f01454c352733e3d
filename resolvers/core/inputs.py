"""Reading mutation inputs: trimmed text with limits, enums; UNSET means "not given".

Resolvers take typed arguments (plain values or frozen dataclasses), never GraphQL input
objects. An update's field the caller left out holds UNSET ("keep what is stored"), which
differs from None ("clear it"); schema/api/inputs.py turns Strawberry's UNSET into this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, Literal, overload

from resolvers.core.errors import UserError, validation
from resolvers.core.validation import TextKind, check_text


class Unset(Enum):
    """The type of UNSET: a field left out of an input (falsy, like Strawberry's)."""

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


@dataclass(frozen=True)
class Text:
    attr: str  # the input's Python attribute and the model column
    field: str  # the GraphQL field named in errors
    limit: int
    required: bool = False
    kind: TextKind = TextKind.LINE  # which characters it may hold (resolvers/core/validation.py)


def read_texts(
    data: object, specs: tuple[Text, ...], values: dict[str, Any], errors: list[UserError]
) -> None:
    """Trim each given text into `values`; blank becomes None (an error when required).
    `data` is any typed input holding the specs' attributes (read by name)."""
    for spec in specs:
        value = getattr(data, spec.attr, UNSET)
        if value is UNSET:
            continue
        try:
            values[spec.attr] = read_text(value, spec.field, spec.limit, spec.kind, required=spec.required)
        except UserError as error:
            errors.append(error)


@overload
def read_text(
    value: str | None, field: str, limit: int, kind: TextKind = ..., *, required: Literal[True]
) -> str: ...
@overload
def read_text(
    value: str | None, field: str, limit: int, kind: TextKind = ..., *, required: bool = ...
) -> str | None: ...
def read_text(
    value: str | None, field: str, limit: int, kind: TextKind = TextKind.TEXT, *, required: bool = False
) -> str | None:
    """One text input, trimmed and checked (blank is None); raises a VALIDATION error."""
    text = value.strip() if value else None
    if not text:
        if required:
            raise validation(field, "此项为必填项", f"{field} is required")
        return None
    if len(text) > limit:
        raise validation(field, f"最多 {limit} 个字符", f"at most {limit} characters")
    return check_text(text, field, kind)


def read_enums(data: object, attrs: tuple[str, ...], values: dict[str, Any]) -> None:
    """Each given enum's value into `values` (None and UNSET leave it out)."""
    for attr in attrs:
        value = getattr(data, attr, UNSET)
        if value is not UNSET and value is not None:
            values[attr] = getattr(value, "value", value)
