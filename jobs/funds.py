"""Monthly payroll (发放), a cron: on the first days of a month, a batch for each paying
jurisdiction of what its policies owe up to that month, for its office to approve.

Idempotent: a payment is unique per (entitlement, month), so a second run — a retry, a
second worker, the next day's run — makes no batch. Each jurisdiction's batch is written
in one transaction: a worker killed mid-run leaves no half batch, and the next run makes
it whole. A jurisdiction whose budget would be exceeded gets no batch; the others do."""

from __future__ import annotations

import logging
from typing import Any

from tortoise.transactions import in_transaction

from permissions.audit import SYSTEM
from resolvers.core.errors import UserError
from resolvers.funds.payroll import current_period, make_batch, paying_jurisdictions

log = logging.getLogger(__name__)


async def run_monthly_payroll(ctx: dict[str, Any]) -> dict[str, int]:
    """Returns how many batches were made and how many jurisdictions were refused."""
    period, upto = current_period()
    made = refused = 0
    for place in await paying_jurisdictions():
        try:
            async with in_transaction():
                batch = await make_batch(SYSTEM, place, period, upto)
        except UserError as error:  # over budget, or another run under way: its office is told by the log
            log.warning("payroll %s %s: %s", place, period, error.message_en or error.message)
            refused += 1
            continue
        made += batch is not None
    return {"made": made, "refused": refused}
