"""Complaints (投诉) and the rectification tasks (整改) a poor rating opens: one flow —
received → routed by responsibility with a time limit (按责转办, 限时办结) → answered to
the complainant (逐一反馈) → called back with the result recorded (回访)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import (
    CallbackResult,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintSource,
    ComplaintStatus,
)

if TYPE_CHECKING:
    from schema.models.directory import Department, ServiceWindow
    from schema.models.geo import Jurisdiction
    from schema.models.requests import Evaluation, ServiceRequest
    from schema.models.specialists import Specialist
    from schema.models.talents import Talent


class Complaint(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    kind = fields.CharEnumField(ComplaintKind, max_length=16, default=ComplaintKind.COMPLAINT)
    source = fields.CharEnumField(ComplaintSource, max_length=16)
    status = fields.CharEnumField(ComplaintStatus, max_length=16, default=ComplaintStatus.RECEIVED)
    # The area answerable for it (scope `jur:`): the complainant's county or the request's.
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="complaints", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    talent: fields.ForeignKeyNullableRelation[Talent] = fields.ForeignKeyField(
        "models.Talent", related_name="complaints", null=True, on_delete=fields.RESTRICT
    )
    talent_id: int | None
    request: fields.ForeignKeyNullableRelation[ServiceRequest] = fields.ForeignKeyField(
        "models.ServiceRequest", related_name="complaints", null=True, on_delete=fields.RESTRICT
    )
    request_id: int | None
    evaluation: fields.OneToOneNullableRelation[Evaluation] = fields.OneToOneField(
        "models.Evaluation", related_name="rectification", null=True, on_delete=fields.RESTRICT
    )
    evaluation_id: int | None
    complainant_name = fields.CharField(max_length=64, null=True)
    complainant_phone = fields.CharField(max_length=20, null=True)  # personal data: masked
    subject = fields.CharField(max_length=128)
    content = fields.TextField()
    # Routed to (按责转办) exactly one of a department or a window; optionally the
    # specialist complained about.
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="complaints", null=True, on_delete=fields.RESTRICT
    )
    department_id: int | None
    window: fields.ForeignKeyNullableRelation[ServiceWindow] = fields.ForeignKeyField(
        "models.ServiceWindow", related_name="complaints", null=True, on_delete=fields.RESTRICT
    )
    window_id: int | None
    specialist: fields.ForeignKeyNullableRelation[Specialist] = fields.ForeignKeyField(
        "models.Specialist", related_name="complaints", null=True, on_delete=fields.RESTRICT
    )
    specialist_id: int | None
    due_on = fields.DateField(null=True)
    routed_by = fields.CharField(max_length=64, null=True)
    routed_at = fields.DatetimeField(null=True)
    answer = fields.TextField(null=True)
    outcome = fields.CharEnumField(ComplaintOutcome, max_length=24, null=True)
    answered_by = fields.CharField(max_length=64, null=True)
    answered_at = fields.DatetimeField(null=True)
    answered_on_time = fields.BooleanField(null=True)
    callback_result = fields.CharEnumField(CallbackResult, max_length=24, null=True)
    callback_note = fields.TextField(null=True)
    callback_by = fields.CharField(max_length=64, null=True)
    callback_at = fields.DatetimeField(null=True)
    overdue_notified_on = fields.DateField(null=True)
    filed_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "complaint"
        indexes = (
            ("jurisdiction_id", "id"),
            ("jurisdiction_id", "created_at"),
            ("department_id", "status"),
            ("window_id", "status"),
            ("specialist_id",),
            ("talent_id", "id"),
            ("request_id",),
            ("status", "due_on"),
            ("kind", "status"),
            ("created_at",),
        )


class ComplaintStep(Model):
    # The history of a complaint: each action, by whom, when, with its note.
    id = fields.BigIntField(primary_key=True)
    complaint: fields.ForeignKeyRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name="steps", on_delete=fields.CASCADE
    )
    complaint_id: int
    action = fields.CharField(max_length=16)  # FILED | ROUTED | ANSWERED | CALLBACK | REROUTED
    actor = fields.CharField(max_length=64)
    note = fields.TextField(null=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "complaint_step"
        indexes = (("complaint_id", "id"),)
