"""Sending a notification's copy on SMS / WeChat / email (outbox task ``send_notification``).

Idempotent: a copy that is no longer PENDING is left alone, and every state change is a
conditional update. The try count lives in the notification's `attempts` column, not in
arq's job_try, which starts again when the sweeper re-enqueues a row.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from arq import Retry
from tortoise.transactions import in_transaction

from jobs.outbox.senders import OutgoingMessage, SendError, contact_of, sender_for
from jobs.outbox.staging import fail, finish, task
from resolvers.core.settings import get_settings
from schema import clock
from schema.models import Notification, OutboxEntry
from schema.models.enums import NotificationStatus

log = logging.getLogger("talentgate.notify")

# Tries per copy; with the default base the waits between them are 10, 20, 40 and 80 s.
MAX_NOTIFY_ATTEMPTS = 5
RETRY_BASE_SECONDS = 10.0

_KEY = re.compile(r"notification:([0-9]{1,18}):send")


def retry_delay(attempts: int, base: float = RETRY_BASE_SECONDS) -> float:
    """Seconds to wait after try number `attempts` (1-based): base, 2·base, 4·base, …"""
    return base * 2 ** (attempts - 1)


def notification_id_of(key: str) -> int | None:
    """The notification id in an outbox key made by `jobs.keys.notification_key`."""
    match = _KEY.fullmatch(key)
    return int(match.group(1)) if match else None


async def _give_up(note: Notification, entry: OutboxEntry, error: str) -> None:
    log.warning("notification %s via %s failed: %s", note.id, note.channel.value, error)
    async with in_transaction():
        await Notification.filter(id=note.id, status=NotificationStatus.PENDING).update(
            status=NotificationStatus.FAILED, last_error=error[:1000]
        )
        await fail(entry, error)


@task("send_notification")
async def send_notification(ctx: dict[str, Any], entry: OutboxEntry) -> None:
    """Send one copy; raise `arq.Retry` with back-off while tries remain.

    :param ctx: the arq context (``http``: a shared httpx client; ``notify_retry_base``:
        the first back-off in seconds, for tests).
    :param entry: the outbox row ``notification:<id>:send``.
    """
    notification_id = notification_id_of(entry.key)
    note = None if notification_id is None else (
        await Notification.filter(id=notification_id).select_related("recipient").first()
    )  # fmt: skip
    if note is None or note.status != NotificationStatus.PENDING:
        await finish(entry)  # sent or given up before, or deleted with its user
        return
    if note.attempts >= MAX_NOTIFY_ATTEMPTS:  # the last try was cut short (worker killed)
        await _give_up(note, entry, note.last_error or f"gave up after {note.attempts} attempts")
        return
    # Count the try before making it, so a worker killed mid-send still uses one up.
    attempts = note.attempts + 1
    claimed = await Notification.filter(
        id=note.id, status=NotificationStatus.PENDING, attempts=note.attempts
    ).update(attempts=attempts)
    if not claimed:
        return  # another run of this key moved it on; that run finishes the outbox row
    message = OutgoingMessage(
        notification_id=note.id, channel=note.channel, recipient=note.recipient.username,
        contact=await contact_of(note.recipient_id, note.channel), subject=note.subject, body=note.body,
    )  # fmt: skip
    try:
        await sender_for(note.channel, get_settings(), client=ctx.get("http")).send(message)
    except SendError as error:
        if error.retryable and attempts < MAX_NOTIFY_ATTEMPTS:
            await Notification.filter(id=note.id, status=NotificationStatus.PENDING).update(
                last_error=error.message[:1000]
            )
            delay = retry_delay(attempts, base=ctx.get("notify_retry_base", RETRY_BASE_SECONDS))
            raise Retry(defer=dt.timedelta(seconds=delay)) from error
        await _give_up(note, entry, error.message)
        return
    async with in_transaction():
        await Notification.filter(id=note.id, status=NotificationStatus.PENDING).update(
            status=NotificationStatus.SENT, sent_at=clock.now(), last_error=None
        )
        await finish(entry)
