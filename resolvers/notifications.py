"""Messages to users: always stored in-app; copies over SMS / WeChat / email go through
the outbox to the senders configured in settings (see jobs/notifications.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from gateway.settings import get_settings
from jobs.keys import notification_key
from jobs.outbox import stage
from schema.models import Notification
from schema.models.enums import NotificationChannel, NotificationStatus


async def notify(
    recipients: Iterable[int],
    subject: str,
    body: str,
    *,
    related_type: str | None = None,
    related_id: object = None,
) -> list[str]:
    """Write the messages in the current transaction; returns outbox keys to enqueue
    after commit (one per message on each extra channel)."""
    keys: list[str] = []
    related = None if related_id is None else str(related_id)
    extra = [NotificationChannel(c) for c in get_settings().notify_channels]
    stamp = dt.datetime.now(dt.UTC)
    for user_id in dict.fromkeys(recipients):
        await Notification.create(
            recipient_id=user_id, subject=subject[:128], body=body, related_type=related_type,
            related_id=related, channel=NotificationChannel.IN_APP, status=NotificationStatus.SENT,
            sent_at=stamp,  # stored is delivered, for the in-app inbox
        )  # fmt: skip
        for channel in extra:
            message = await Notification.create(
                recipient_id=user_id, subject=subject[:128], body=body, related_type=related_type,
                related_id=related, channel=channel,
            )  # fmt: skip
            keys.append(await stage(notification_key(message.id), "send_notification"))
    return keys
