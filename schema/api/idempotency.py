"""clientMutationId on the GraphQL side (幂等键): the input field of a mutation that creates
a record for someone who may send it again, and the payload field that echoes it —
described once, so every such mutation says the same. The records themselves are made
once in resolvers/core/idempotency.py."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

import strawberry


class Keyed(Protocol):
    client_mutation_id: str | None


P = TypeVar("P", bound=Keyed)


def key_input(record: str) -> Any:
    """The optional input field; `record` names what the first submission made."""
    return strawberry.field(
        default=None,
        description="幂等键 · the client's key for this submission (1–100 printable ASCII characters): "
        f"sent again with it, the same input answers with the {record} the first one made, never a second",
    )


def key_echo(mutation: str) -> Any:
    """The payload's field; a payload shared with other mutations echoes null from those."""
    return strawberry.field(
        default=None, description=f"幂等键 · the input's clientMutationId, echoed ({mutation})"
    )


def echoed(result: P, input: Keyed) -> P:
    """`result` with the input's key, as Relay does: errors or not."""
    result.client_mutation_id = input.client_mutation_id
    return result
