"""Running an uploaded talent import (outbox task ``import_talents``).

Idempotent: `run_import` claims the import with a conditional update, so a second run of a
finished import does nothing; a run cut short (worker killed, job timeout) leaves it RUNNING
and the sweeper's re-run starts it over. Tries are counted on the outbox row before each run
(arq's job_try starts again when the sweeper re-enqueues), so a file that keeps failing ends
FAILED after MAX_IMPORT_ATTEMPTS instead of running forever.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from arq import Retry

from jobs.outbox.staging import fail, finish, task
from permissions.audit import Actor
from resolvers.talents.imports.accept import IMPORT_TASK
from resolvers.talents.imports.run import fail_import, run_import
from schema.models import OutboxEntry

log = logging.getLogger("talentgate.imports")

MAX_IMPORT_ATTEMPTS = 3
RETRY_AFTER = dt.timedelta(seconds=10)


@task(IMPORT_TASK)
async def import_talents(ctx: dict[str, Any], entry: OutboxEntry) -> None:
    """Check and write the rows of one import.

    :param entry: the outbox row ``talent_import:<id>:run``; its payload names the import,
        the importer's Casbin subject (user or API token) and the request it came from.
    """
    payload = entry.payload
    import_id = int(payload["import_id"])
    actor = Actor(
        username=payload["username"], token_id=payload.get("token_id"),
        client_address=payload.get("client_address"), request_id=payload.get("request_id"),
    )  # fmt: skip
    if entry.attempts >= MAX_IMPORT_ATTEMPTS:  # the earlier tries were cut short
        await fail_import(import_id, actor, f"导入已中断 {entry.attempts} 次，请重新上传")
        await fail(entry, entry.last_error or "attempts exhausted")
        return
    tries = entry.attempts + 1
    claimed = await OutboxEntry.filter(id=entry.id, attempts=entry.attempts).update(attempts=tries)
    if not claimed:
        return  # another run of this key is under way
    try:
        await run_import(import_id, payload["subject"], actor)
    except Exception as error:
        log.exception("talent import %s failed", import_id)
        await OutboxEntry.filter(id=entry.id).update(last_error=repr(error)[:1000])
        if tries < MAX_IMPORT_ATTEMPTS:
            raise Retry(defer=RETRY_AFTER) from error
        await fail_import(import_id, actor, "导入失败，请重新上传")
        await fail(entry, repr(error))
        return
    await finish(entry)
