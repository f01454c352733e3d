"""`notifications`, `unreadNotificationCount`, `markNotificationsRead`: the caller's own messages."""

from __future__ import annotations

import strawberry

from resolvers.core.mutations import run_mutation
from resolvers.messaging import inbox
from schema.api.connections import connection_field
from schema.api.ordering import order_input
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.filters import DateTimeFilter, StringFilter
from schema.types.messaging import Notification

NotificationOrder = order_input("Notification", "通知", ["ID", "CREATED_AT"])


def _f(description: str):
    return strawberry.field(default=None, description=description)


@strawberry.input(description="通知筛选 · notification filter")
class NotificationFilter:
    read: bool | None = _f("已读 · read (true) or unread (false)")
    related_type: StringFilter | None = _f("关联对象类型 · related record type")
    created_at: DateTimeFilter | None = _f("创建时间 · created at")
    and_: list[NotificationFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[NotificationFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: NotificationFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.input(description="标记已读 · mark messages read")
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = _f("通知 · the messages to mark")
    all: bool | None = _f("全部 · mark every unread message (instead of ids)")


@strawberry.type(description="标记已读结果 · result of marking messages read")
class MarkNotificationsReadPayload:
    updated_count: int = strawberry.field(description="标记数 · messages that were unread and are now read")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type
class NotificationQueries:
    notifications = connection_field(
        inbox.INBOX, Notification, NotificationFilter, NotificationOrder,
        "我的消息 · the caller's own in-app messages, newest first unless ordered",
    )  # fmt: skip

    @strawberry.field(description="未读消息数 · how many of the caller's messages are unread")
    async def unread_notification_count(self, info: strawberry.Info) -> int:
        return await inbox.unread_count(ctx(info))


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(description="标记已读 · mark own messages read (by ids, or all)")
    async def mark_notifications_read(
        self, info: strawberry.Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        c = ctx(info)
        count, errors = await run_mutation(c, lambda: inbox.mark_read(c, input.ids, input.all))
        return MarkNotificationsReadPayload(
            updated_count=count or 0, user_errors=[UserErrorType.of(e) for e in errors]
        )
