"""Messages to users: always stored in-app; copies over SMS / WeChat / email go through
the outbox to the senders configured in settings (see jobs/outbox/notifications.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from jobs.keys import notification_key
from jobs.outbox.staging import stage
from resolvers.core.settings import get_settings
from schema import clock
from schema.models import Notification
from schema.models.enums import NotificationChannel, NotificationStatus
from schema.sql import insert_many


@dataclass(frozen=True)
class Message:
    recipients: Iterable[int]
    subject: str
    body: str
    related_type: str | None = None
    related_id: object = None

    def columns(self) -> dict[str, Any]:
        related = None if self.related_id is None else str(self.related_id)
        return {"subject": self.subject[:128], "body": self.body, "related_type": self.related_type,
                "related_id": related}  # fmt: skip


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
    return await send([Message(recipients, subject, body, related_type, related_id)])


async def send(messages: Sequence[Message]) -> list[str]:
    """Several messages at once: one INSERT for all in-app copies."""
    stamp = clock.now()
    addressed = [(m.columns(), list(dict.fromkeys(m.recipients))) for m in messages]
    await insert_many(Notification, [  # stored is delivered, for the in-app inbox
        {"recipient_id": u, "channel": NotificationChannel.IN_APP, "status": NotificationStatus.SENT,
         "attempts": 0, "created_at": stamp, "sent_at": stamp, **columns}
        for columns, users in addressed for u in users
    ])  # fmt: skip
    keys: list[str] = []
    extra = [NotificationChannel(c) for c in get_settings().notify_channels]
    for columns, users in addressed:
        for user_id in users:
            for channel in extra:  # each copy needs its id for the sender's outbox row
                message = await Notification.create(recipient_id=user_id, channel=channel, **columns)
                keys.append(await stage(notification_key(message.id), "send_notification"))
    return keys
