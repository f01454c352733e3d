"""Service requests (服务申请/办件), their items, departmental handoffs (转办/承办) and
everything that happens to them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import HandoffOutcome, HandoffStatus, RequestChannel, RequestStatus

if TYPE_CHECKING:
    from schema.models.accounts import User
    from schema.models.catalogue import ServiceItem
    from schema.models.directory import Department, ServiceWindow
    from schema.models.geo import Jurisdiction
    from schema.models.talents import Talent


class ServiceRequest(Model):
    # Scope columns are copied from the talent at intake (属地 at the time of the request).
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    talent: fields.ForeignKeyRelation[Talent] = fields.ForeignKeyField(
        "models.Talent", related_name="service_requests", on_delete=fields.RESTRICT
    )
    talent_id: int
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="service_requests", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    employer_id = fields.IntField(null=True)
    window: fields.ForeignKeyNullableRelation[ServiceWindow] = fields.ForeignKeyField(
        "models.ServiceWindow", related_name="service_requests", null=True, on_delete=fields.RESTRICT
    )
    window_id: int | None
    channel = fields.CharEnumField(RequestChannel, max_length=16)
    status = fields.CharEnumField(RequestStatus, max_length=24, default=RequestStatus.RECEIVED)
    note = fields.TextField(null=True)
    submitted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="submitted_requests", null=True, on_delete=fields.SET_NULL
    )
    submitted_by_id: int | None
    received_at = fields.DatetimeField()
    due_on = fields.DateField(null=True)
    completed_at = fields.DatetimeField(null=True)
    # Set when the request settles, so supervision aggregates in SQL: the Beijing date,
    # working days from receipt, and whether it met its (possibly extended) due date.
    completed_on = fields.DateField(null=True)
    workdays_taken = fields.IntField(null=True)
    on_time = fields.BooleanField(null=True)
    withdrawn_at = fields.DatetimeField(null=True)
    # 自定义字段: values of the custom fields that apply here (schema/models/customfields.py)
    custom_fields: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict, db_default="{}")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "service_request"
        indexes = (
            ("jurisdiction_id", "id"),
            ("talent_id", "id"),
            ("employer_id",),
            ("window_id",),
            ("received_at",),
            ("due_on",),
            ("channel",),
            ("jurisdiction_id", "received_at"),
            ("window_id", "received_at"),
            ("submitted_by_id", "received_at"),
            # open records past due: the deadline sweeps, and supervision's live overdue
            # count read from the index alone (COUNT(id) needs the id in it)
            ("status", "due_on", "jurisdiction_id", "window_id", "received_at", "id"),
        )


class ServiceRequestItem(Model):
    # One catalogue item asked for in a request; DIRECT items are served at intake.
    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[ServiceRequest] = fields.ForeignKeyField(
        "models.ServiceRequest", related_name="request_items", on_delete=fields.CASCADE
    )
    request_id: int
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="request_items", on_delete=fields.RESTRICT
    )
    item_id: int
    materials: fields.JSONField[dict[str, str]] = fields.JSONField(default=dict)  # material → ATTACHED | SEEN
    served_at = fields.DatetimeField(null=True)

    class Meta:
        table = "service_request_item"
        unique_together = (("request", "item"),)
        indexes = (("item_id",),)


class Handoff(Model):
    # One department's part of a request. Scope columns are copied from the request.
    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[ServiceRequest] = fields.ForeignKeyField(
        "models.ServiceRequest", related_name="handoffs", on_delete=fields.CASCADE
    )
    request_id: int
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="handoffs", on_delete=fields.RESTRICT
    )
    item_id: int
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="handoffs", on_delete=fields.RESTRICT
    )
    department_id: int
    jurisdiction_id = fields.CharField(max_length=6)
    talent_id = fields.IntField()
    employer_id = fields.IntField(null=True)
    is_lead = fields.BooleanField(default=False)
    status = fields.CharEnumField(HandoffStatus, max_length=16, default=HandoffStatus.PENDING)
    due_on = fields.DateField()
    outcome = fields.CharEnumField(HandoffOutcome, max_length=16, null=True)
    opinion = fields.TextField(null=True)
    return_reason = fields.TextField(null=True)
    delivery_attempts = fields.IntField(default=0)
    last_error = fields.TextField(null=True)
    handler: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="handled_handoffs", null=True, on_delete=fields.SET_NULL
    )
    handler_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    delivered_at = fields.DatetimeField(null=True)
    accepted_at = fields.DatetimeField(null=True)
    completed_at = fields.DatetimeField(null=True)
    completed_on = fields.DateField(null=True)  # as on ServiceRequest: for SQL aggregates
    workdays_taken = fields.IntField(null=True)
    on_time = fields.BooleanField(null=True)
    extension_count = fields.IntField(default=0, db_default=0)  # 延期报备 made
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "handoff"
        unique_together = (("request", "item", "department"),)
        indexes = (
            ("department_id", "status"),
            ("jurisdiction_id", "id"),
            ("talent_id",),
            ("employer_id",),
            ("due_on",),
            ("item_id",),
            ("created_at",),
            ("department_id", "created_at"),
            ("handler_id", "created_at"),
            ("jurisdiction_id", "created_at"),
            # as on requests
            ("status", "due_on", "jurisdiction_id", "department_id", "handler_id", "created_at", "id"),
        )


class StatusChange(Model):
    # History of every state change of a request or one of its handoffs (全程留痕).
    id = fields.BigIntField(primary_key=True)
    request: fields.ForeignKeyRelation[ServiceRequest] = fields.ForeignKeyField(
        "models.ServiceRequest", related_name="status_changes", on_delete=fields.CASCADE
    )
    request_id: int
    handoff: fields.ForeignKeyNullableRelation[Handoff] = fields.ForeignKeyField(
        "models.Handoff", related_name="status_changes", null=True, on_delete=fields.CASCADE
    )
    handoff_id: int | None
    from_status = fields.CharField(max_length=24, null=True)
    to_status = fields.CharField(max_length=24)
    actor = fields.CharField(max_length=64)
    note = fields.TextField(null=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "status_change"
        indexes = (("request_id", "id"), ("handoff_id",))


class Appointment(Model):
    # 预约: the talent must come in person.
    id = fields.IntField(primary_key=True)
    handoff: fields.ForeignKeyRelation[Handoff] = fields.ForeignKeyField(
        "models.Handoff", related_name="appointments", on_delete=fields.CASCADE
    )
    handoff_id: int
    purpose = fields.CharField(max_length=256)
    at = fields.DatetimeField()
    place = fields.CharField(max_length=256)
    created_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "appointment"
        indexes = (("handoff_id",), ("at",))


class HandoffExtension(Model):
    # 延期报备: reported to the window and told to the talent.
    id = fields.IntField(primary_key=True)
    handoff: fields.ForeignKeyRelation[Handoff] = fields.ForeignKeyField(
        "models.Handoff", related_name="extensions", on_delete=fields.CASCADE
    )
    handoff_id: int
    reason = fields.TextField()
    previous_due_on = fields.DateField()
    new_due_on = fields.DateField()
    reported_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "handoff_extension"
        indexes = (("handoff_id",),)


class ArchiveEntry(Model):
    # 服务档案: one entry per finished request in the talent's service archive.
    id = fields.IntField(primary_key=True)
    talent: fields.ForeignKeyRelation[Talent] = fields.ForeignKeyField(
        "models.Talent", related_name="archive_entries", on_delete=fields.RESTRICT
    )
    talent_id: int
    request: fields.OneToOneRelation[ServiceRequest] = fields.OneToOneField(
        "models.ServiceRequest", related_name="archive_entry", on_delete=fields.RESTRICT
    )
    request_id: int
    jurisdiction_id = fields.CharField(max_length=6)
    summary = fields.TextField()
    results: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "archive_entry"
        indexes = (("talent_id", "id"), ("jurisdiction_id", "created_at"))


class Evaluation(Model):
    # 满意度评价 after completion, once per request.
    id = fields.IntField(primary_key=True)
    request: fields.OneToOneRelation[ServiceRequest] = fields.OneToOneField(
        "models.ServiceRequest", related_name="evaluation", on_delete=fields.CASCADE
    )
    request_id: int
    score = fields.IntField()  # 5 非常满意 … 1 非常不满意 (SatisfactionLevel)
    comment = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "evaluation"
        indexes = (("score",), ("created_at",))
