"""The outbox of asynchronous work, notifications, supervision records and the
administrator-maintained working-day calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import (
    CalendarDayKind,
    NotificationChannel,
    NotificationStatus,
    OutboxStatus,
    SupervisionKind,
)

if TYPE_CHECKING:
    from schema.models.accounts import User
    from schema.models.geo import Jurisdiction
    from schema.models.requests import Handoff


class OutboxEntry(Model):
    # Written in the same transaction as the change that needs the job; the job id is
    # the key, so enqueueing twice is harmless; a sweeper re-enqueues what is not done.
    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=128, unique=True)
    task = fields.CharField(max_length=64)
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    status = fields.CharEnumField(OutboxStatus, max_length=8, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    enqueued_at = fields.DatetimeField(null=True)
    done_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_entry"
        indexes = (("status", "created_at"),)


class Notification(Model):
    # A message to one user (in-app always; SMS/WeChat/email through senders).
    id = fields.BigIntField(primary_key=True)
    recipient: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notifications", on_delete=fields.CASCADE
    )
    recipient_id: int
    channel = fields.CharEnumField(NotificationChannel, max_length=8, default=NotificationChannel.IN_APP)
    subject = fields.CharField(max_length=128)
    body = fields.TextField()
    related_type = fields.CharField(max_length=32, null=True)
    related_id = fields.CharField(max_length=64, null=True)
    status = fields.CharEnumField(NotificationStatus, max_length=8, default=NotificationStatus.PENDING)
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"
        indexes = (("recipient_id", "id"), ("status", "created_at"), ("related_type", "related_id"))


class SupervisionRecord(Model):
    # 督办: reminders, overdue notices and escalations, at most one of each per handoff.
    id = fields.IntField(primary_key=True)
    handoff: fields.ForeignKeyRelation[Handoff] = fields.ForeignKeyField(
        "models.Handoff", related_name="supervision_records", on_delete=fields.CASCADE
    )
    handoff_id: int
    kind = fields.CharEnumField(SupervisionKind, max_length=16)
    jurisdiction_id = fields.CharField(max_length=6)
    note = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "supervision_record"
        unique_together = (("handoff", "kind"),)
        indexes = (("jurisdiction_id", "created_at"), ("kind",))


class CalendarDay(Model):
    # Official holidays and make-up working days (调休) entered by administrators for
    # years the bundled calendar does not cover yet; an entry wins over the bundle.
    day = fields.DateField(primary_key=True)
    kind = fields.CharEnumField(CalendarDayKind, max_length=8)
    name = fields.CharField(max_length=64, null=True)
    created_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "calendar_day"
        indexes = (("kind",),)


class LocalCalendarDay(Model):
    # A day an office entered for its own jurisdiction (a local holiday, a city's own 调休):
    # it applies there and below, over the national calendar, and nowhere else.
    id = fields.IntField(primary_key=True)
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="calendar_days", to_field="code", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    day = fields.DateField()
    kind = fields.CharEnumField(CalendarDayKind, max_length=8)
    name = fields.CharField(max_length=64, null=True)
    created_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "local_calendar_day"
        unique_together = (("jurisdiction_id", "day"),)
        indexes = (("day",),)
