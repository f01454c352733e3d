"""Notification (通知 / 站内信): a message to one user."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from resolvers.core.ids import encode_id
from schema.models import enums as stored

NotificationChannel = strawberry.enum(
    stored.NotificationChannel,
    description="通知渠道 · IN_APP 站内信 / SMS 短信 / WECHAT 微信 / EMAIL 电子邮件",
)
NotificationStatus = strawberry.enum(
    stored.NotificationStatus, description="发送状态 · PENDING 待发送 / SENT 已发送 / FAILED 发送失败"
)


def _sent_at(row: Any) -> dt.datetime | None:
    if row.sent_at is None and row.channel == stored.NotificationChannel.IN_APP:
        return row.created_at  # an in-app message is delivered by being written
    return row.sent_at


@strawberry.type(description="通知 · a message to the signed-in user (站内信)")
class Notification:
    id: strawberry.ID = strawberry.field(description="全局标识 · opaque global ID")
    subject: str = strawberry.field(description="标题 · subject")
    body: str = strawberry.field(description="内容 · text")
    channel: NotificationChannel = strawberry.field(description="渠道 · channel")
    status: NotificationStatus = strawberry.field(description="发送状态 · delivery state")
    related_type: str | None = strawberry.field(
        description="关联对象类型 · what the message is about, e.g. handoff, service_request"
    )
    related_id: str | None = strawberry.field(description="关联对象编号 · that record's key")
    created_at: dt.datetime = strawberry.field(description="创建时间 · created at")
    sent_at: dt.datetime | None = strawberry.field(description="发送时间 · sent at (in-app: when written)")
    read_at: dt.datetime | None = strawberry.field(description="阅读时间 · read at")
    read: bool = strawberry.field(description="已读 · marked read")

    @classmethod
    def from_row(cls, row: Any) -> Notification:
        return cls(
            id=strawberry.ID(encode_id("Notification", row.id)), subject=row.subject, body=row.body,
            channel=row.channel, status=row.status, related_type=row.related_type,
            related_id=row.related_id, created_at=row.created_at, sent_at=_sent_at(row),
            read_at=row.read_at, read=row.read_at is not None,
        )  # fmt: skip
