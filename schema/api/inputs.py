"""Strawberry inputs → the typed arguments resolvers take.

A resolver's frozen dataclass has the fields of its GraphQL input, under the same Python
names; `args` copies them across (an input field the dataclass lacks is a TypeError, so
the two cannot drift apart) and turns Strawberry's UNSET ("left out") into the
resolvers' own UNSET. Nested inputs are converted by the caller and passed by name.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
from typing import Any, TypeVar

from strawberry import UNSET as STRAWBERRY_UNSET

from resolvers.core.errors import validation
from resolvers.core.inputs import UNSET

T = TypeVar("T")


def given(value: Any) -> Any:
    """One input value, with Strawberry's UNSET as the resolvers' UNSET."""
    return UNSET if value is STRAWBERRY_UNSET else value


def args(cls: type[T], data: Any, **converted: Any) -> T:
    """`cls` (a resolver's frozen dataclass) from the Strawberry input `data`; `converted`
    holds the fields converted by hand (nested inputs)."""
    values = {f.name: given(getattr(data, f.name)) for f in dataclasses.fields(data)}
    return cls(**(values | converted))


def decode_base64(data: str) -> bytes:
    """An uploaded file's bytes from its `fileBase64` input (a coded error if it is not base64)."""
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise validation("fileBase64", "文件内容不是有效的 Base64 编码", "not valid base64") from None
