"""Running a mutation: one transaction, expected failures as user errors, nothing
half-written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jobs.outbox.staging import enqueue_soon
from permissions.audit_chain import seal_after_commit
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors

T = TypeVar("T")


async def run_mutation(
    ctx: RequestContext, work: Callable[[], Awaitable[T]]
) -> tuple[T | None, list[UserError]]:
    ctx.require_principal()
    ctx.jobs_after_commit.clear()
    ctx.access_change_pending = False
    try:
        async with in_transaction():
            result = await work()
    except UserError as error:
        return None, [error]
    except UserErrors as errors:
        return None, errors.errors
    except IntegrityError:
        # A concurrent writer won a uniqueness race the checks could not see.
        return None, [
            UserError(None, ErrorCode.CONFLICT, "与已有记录冲突", "conflicts with an existing record")
        ]
    finally:
        staged = list(ctx.jobs_after_commit)
        ctx.jobs_after_commit.clear()
        access_changed, ctx.access_change_pending = ctx.access_change_pending, False
    # Access changed (grants, policy, an account, a token): every process forgets what it
    # cached, before anyone acts on the answer (permissions/policy_cache.py).
    if access_changed:
        await ctx.policies.publish(ctx.queue)
    # Only now is the outbox row visible to a worker; handing it over does not hold up the
    # response, and a failure there leaves it to the sweeper.
    enqueue_soon(ctx.queue, staged)
    await seal_after_commit()  # chain the committed audit rows (never fails the mutation)
    return result, []


def snapshot(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """A JSON-safe picture of a row for the audit trail."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(row, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        out[name] = value
    return out
