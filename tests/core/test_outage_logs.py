"""During an outage a failure is said once: the audit sealer's failed write and a replaced
worker's orphaned Redis failure leave no traceback in the log."""

from __future__ import annotations

import logging

import asyncpg
import pytest
import redis.exceptions

from jobs.worker import _ORPHANED
from resolvers.core.outage import database_answered, quiet_pool_retries


def _record(name: str, message: str, error: BaseException) -> logging.LogRecord:
    return logging.LogRecord(name, logging.WARNING, __file__, 1, message, (), (type(error), error, None))


def test_the_audit_sealers_failure_in_a_database_outage_is_the_outages_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    quiet_pool_retries()
    lost = asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed: server conn crashed?")
    # What a commit met when PostgreSQL stopped under it (seen in the chaos test).
    cut = asyncpg.InternalClientError("cannot switch to state 15; another operation (2) is in progress")
    audit = logging.getLogger("talentgate.audit")
    with caplog.at_level(logging.INFO):
        for error in (lost, cut, lost):
            audit.warning("sealing the audit trail failed; the sweeper will retry", exc_info=error)
        audit.warning("sealing the audit trail failed; the sweeper will retry", exc_info=ValueError("a bug"))
    database_answered()
    said = [(r.name, r.getMessage().split(" (")[0], r.exc_info is not None) for r in caplog.records]
    assert said == [
        ("talentgate.database", "database unavailable", False),
        ("talentgate.audit", "sealing the audit trail failed; the sweeper will retry", True),  # not an outage
        ("talentgate.database", "database available again after 0 s", False),
    ]


def test_a_replaced_workers_orphaned_redis_failure_is_dropped_and_nothing_else() -> None:
    refused = redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379.")
    assert not _ORPHANED.filter(_record("asyncio", "Task exception was never retrieved", refused))
    assert _ORPHANED.filter(_record("asyncio", "Task exception was never retrieved", ValueError("a bug")))
    assert _ORPHANED.filter(_record("asyncio", "Unclosed client session", refused))
