"""The outbox of asynchronous work, notifications, supervision records, the daily
supervision rollups and the administrator-maintained working-day calendar."""

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


class SupervisionRollup(Model):
    # 督办考核 figures per Beijing day and unit, kept up in the transaction that changes
    # them (resolvers/deadlines/rollups.py), so a year of a city sums a few thousand rows.
    # `kind` REQUEST: a window's requests (unit: window, 0 online) in a county; DEPARTMENT:
    # a department's handoffs (unit and department_id: the department); HANDLER: handoffs
    # by the handler who accepted them (unit: the user, 0 none yet). Each figure is dated
    # by its own event: received by the day of receipt (extensions too), completed by
    # completed_on, ratings by the day of the evaluation.
    id = fields.BigIntField(primary_key=True)
    day = fields.DateField()
    kind = fields.CharField(max_length=10)
    jurisdiction_id = fields.CharField(max_length=6)
    unit_id = fields.IntField(default=0, db_default=0)
    department_id = fields.IntField(null=True)  # DEPARTMENT rows, for department scopes
    received = fields.IntField(default=0, db_default=0)
    completed = fields.IntField(default=0, db_default=0)
    on_time = fields.IntField(default=0, db_default=0)
    late = fields.IntField(default=0, db_default=0)
    workdays_total = fields.IntField(default=0, db_default=0)
    workdays_counted = fields.IntField(default=0, db_default=0)
    extended = fields.IntField(default=0, db_default=0)
    extension_reports = fields.IntField(default=0, db_default=0)
    rated_1 = fields.IntField(default=0, db_default=0)
    rated_2 = fields.IntField(default=0, db_default=0)
    rated_3 = fields.IntField(default=0, db_default=0)
    rated_4 = fields.IntField(default=0, db_default=0)
    rated_5 = fields.IntField(default=0, db_default=0)

    class Meta:
        table = "supervision_rollup"
        unique_together = (("day", "kind", "jurisdiction_id", "unit_id"),)
        indexes = (("kind", "jurisdiction_id", "day"),)


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
