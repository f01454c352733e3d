"""Building a mutation's payload: the object (converted for GraphQL) and its user errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry

from resolvers.core.mutations import run_mutation
from schema.types.base import UserErrorType
from schema.types.common import ctx

P = TypeVar("P")


async def payload(
    info: strawberry.Info,
    work: Callable[[], Awaitable[Any]],
    payload_type: type[P],
    field: str,
    convert: Callable[[Any], Any],
) -> P:
    row, errors = await run_mutation(ctx(info), work)
    return payload_type(  # type: ignore[call-arg]
        **{field: convert(row) if row is not None else None},
        user_errors=[UserErrorType.of(e) for e in errors],
    )
