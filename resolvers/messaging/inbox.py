"""The signed-in user's own messages (我的消息): list, count unread, mark read."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, not_found, validation
from resolvers.core.ids import decode_int_id
from resolvers.listing.connections import OrderInput, order_spec
from resolvers.listing.filtering import MAX_IN, ColumnSpec, FilterInput, compile_filter
from resolvers.listing.pagination import OrderColumn, Page, datetime_column, paginate
from schema import clock
from schema.models import Notification
from schema.models.enums import NotificationChannel

ORDERS = {"ID": OrderColumn("id"), "CREATED_AT": datetime_column("created_at")}
NEWEST_FIRST = [(OrderColumn("id"), True)]


def _read(flag: bool) -> Q:
    return Q(read_at__not_isnull=True) if flag else Q(read_at__isnull=True)


FILTERS: dict[str, ColumnSpec] = {"read": _read, "related_type": "related_type", "created_at": "created_at"}


def own_messages(ctx: RequestContext) -> QuerySet[Notification]:
    """The caller's in-app messages. Not a Casbin scope: a message belongs to one user, not
    to a jurisdiction, so no grant lets anyone else read it — not even an administrator."""
    principal = ctx.require_principal()
    return Notification.filter(recipient_id=principal.user_id, channel=NotificationChannel.IN_APP)


class Inbox:
    """What `connection_field` serves for `notifications` (newest first unless ordered)."""

    async def page(self, ctx: RequestContext, *, filter: FilterInput | None = None,
                   order_by: Sequence[OrderInput] | None = None, first: int | None = None,
                   after: str | None = None, offset: int | None = None) -> Page:  # fmt: skip
        qs = own_messages(ctx).filter(compile_filter(filter, FILTERS, model=Notification))
        order = order_spec(order_by, ORDERS) if order_by else NEWEST_FIRST
        return await paginate(qs, order, first=first, after=after, offset=offset,
                              max_page=ctx.settings.max_page_size)  # fmt: skip


INBOX = Inbox()


async def unread_count(ctx: RequestContext) -> int:
    return await own_messages(ctx).filter(read_at__isnull=True).count()


async def mark_read(ctx: RequestContext, ids: list[str] | None, all_: bool | None) -> int:
    """Mark the named messages (or all) read; returns how many were unread. Another user's
    message answers NOT_FOUND, exactly as a missing one, and then nothing is marked."""
    if all_ and ids:
        raise validation(
            "all", "请选择具体通知或选择全部，二者不能同时使用", "name messages in ids or set all, not both"
        )
    if all_:
        return await own_messages(ctx).filter(read_at__isnull=True).update(read_at=clock.now())
    if not ids:
        raise validation("ids", "请至少选择一条通知，或选择全部", "name at least one message, or set all")
    if len(ids) > MAX_IN:
        raise UserError(
            "ids",
            ErrorCode.LIMIT_EXCEEDED,
            f"一次最多处理 {MAX_IN} 条通知",
            f"at most {MAX_IN} messages at once",
        )
    errors: list[UserError] = []
    keys: set[int] = set()
    for global_id in ids:
        try:
            keys.add(decode_int_id(global_id, "Notification", "ids"))
        except UserError as error:
            errors.append(error)
    found = set(await own_messages(ctx).filter(id__in=keys).values_list("id", flat=True)) if keys else set()
    errors += [not_found("ids", "通知", "Notification") for _ in keys - found]
    if errors:
        raise UserErrors(errors)
    unread = own_messages(ctx).filter(id__in=keys, read_at__isnull=True)
    return await unread.update(read_at=clock.now())
