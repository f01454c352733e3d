"""Senders of notification copies (短信 / 微信 / 电子邮件): pluggable per channel.

The in-app message is always stored (resolvers/messaging/notifications.py); a copy on another channel
goes through the outbox to `send_notification` (jobs/outbox/notifications.py), which hands it to
the sender of its channel. Configuration, from the environment for now:

* ``NOTIFY_<CHANNEL>_URL`` — the province's gateway for that channel, e.g. ``NOTIFY_SMS_URL``,
  ``NOTIFY_WECHAT_URL``, ``NOTIFY_EMAIL_URL``; without it the channel uses `LoggingSender`.
* ``NOTIFY_<CHANNEL>_TOKEN`` — the bearer token for that gateway (sent when set).

A gateway receives ``POST <url>`` with the JSON ``{"channel", "to", "subject", "body", "id"}``,
``Authorization: Bearer <token>`` and ``Idempotency-Key: notification-<id>`` (the same on
every retry, so a retried message is delivered once). It answers 2xx when it has the message;
408, 429, 5xx, timeouts and network errors are retried, any other answer is final.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

import httpx

from resolvers.core.settings import Settings
from schema.models import Specialist, User
from schema.models.enums import NotificationChannel

log = logging.getLogger("talentgate.notify")

TIMEOUT_SECONDS = 10.0
_RETRYABLE_STATUSES = frozenset({408, 429})
_NO_CONTACT = {
    NotificationChannel.SMS: "no phone number",
    NotificationChannel.WECHAT: "no WeChat openid",
    NotificationChannel.EMAIL: "no email address",
}


@dataclass(frozen=True)
class OutgoingMessage:
    """One copy of a notification on one channel."""

    notification_id: int
    channel: NotificationChannel
    recipient: str  # username
    contact: str | None  # phone, email address or WeChat openid; None when unknown
    subject: str
    body: str


class SendError(Exception):
    """A failed send; `retryable` tells whether trying again later may succeed."""

    def __init__(self, message: str, retryable: bool) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable


class Sender(Protocol):
    async def send(self, message: OutgoingMessage) -> None:
        """Deliver `message` or raise `SendError`."""
        ...


class LoggingSender:
    """The default for every channel: one INFO line, never the body or the contact (they may
    hold personal data), and success."""

    async def send(self, message: OutgoingMessage) -> None:
        log.info(
            "notification %s via %s to %s: %s",
            message.notification_id, message.channel.value, message.recipient, message.subject,
        )  # fmt: skip


class HttpGatewaySender:
    """POSTs to a provincial SMS / WeChat / email gateway (see the module docstring).

    :param url: the gateway's endpoint.
    :param token: bearer token; no Authorization header when empty.
    :param client: a shared httpx client (the worker's); a fresh one per send otherwise.
    """

    def __init__(self, url: str, token: str, client: httpx.AsyncClient | None = None) -> None:
        self.url = url
        self.token = token
        self.client = client

    async def send(self, message: OutgoingMessage) -> None:
        if not message.contact:
            raise SendError(_NO_CONTACT.get(message.channel, "no contact"), retryable=False)
        headers = {"Idempotency-Key": f"notification-{message.notification_id}"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body: dict[str, object] = {
            "channel": message.channel.value, "to": message.contact, "subject": message.subject,
            "body": message.body, "id": message.notification_id,
        }  # fmt: skip
        try:
            if self.client is not None:
                response = await self._post(self.client, body, headers)
            else:
                async with httpx.AsyncClient() as client:
                    response = await self._post(client, body, headers)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:  # NOTIFY_<CHANNEL>_URL is wrong
            raise SendError(f"invalid gateway URL: {exc}"[:200], retryable=False) from exc
        except httpx.HTTPError as exc:  # timeouts, refused connections, broken responses
            raise SendError(f"{type(exc).__name__}: {exc}"[:200], retryable=True) from exc
        status = response.status_code
        if 200 <= status < 300:
            return
        # The response body is not kept: a gateway may echo the phone number or the text.
        retryable = status >= 500 or status in _RETRYABLE_STATUSES
        raise SendError(f"gateway answered HTTP {status}", retryable=retryable)

    async def _post(self, client: httpx.AsyncClient, body: dict[str, object],
                    headers: dict[str, str]) -> httpx.Response:  # fmt: skip
        return await client.post(
            self.url, json=body, headers=headers, timeout=TIMEOUT_SECONDS, follow_redirects=False
        )


def sender_for(
    channel: NotificationChannel, settings: Settings, *, client: httpx.AsyncClient | None = None
) -> Sender:
    """The sender configured for `channel` (``NOTIFY_<CHANNEL>_URL`` / ``_TOKEN``), else logging.

    :param channel: the message's channel.
    :param settings: the process settings, which hold the message gateways.
    :param client: an httpx client for gateway senders to share.
    """
    gateway = settings.notify_gateways.get(channel.value)
    if gateway is None:
        return LoggingSender()
    url, token = gateway
    return HttpGatewaySender(url, token, client)


async def contact_of(user_id: int, channel: NotificationChannel) -> str | None:
    """Where a user is reached on `channel`, from what the model knows today: the phone of the
    user's talent record, else the mobile of one of their specialist profiles. Email
    addresses and WeChat openids are not modelled yet.

    :param user_id: the recipient.
    :param channel: SMS, WECHAT or EMAIL (IN_APP needs no contact).
    """
    if channel != NotificationChannel.SMS:
        return None
    user = await User.filter(id=user_id).select_related("talent").first()
    if user is None:
        return None
    if user.talent is not None and user.talent.phone:
        return user.talent.phone
    mobiles: list[str] = await (  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
        Specialist.filter(user_id=user_id, mobile__not_isnull=True).exclude(mobile="")
        .order_by("id").limit(1).values_list("mobile", flat=True)
    )  # fmt: skip
    return mobiles[0] if mobiles else None
