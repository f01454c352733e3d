"""Service specialists (服务专员): unit, handling and window specialists, their
succession (调整备案), training (培训) and dedicated talents (一对一服务)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import SpecialistKind, SpecialistStatus, SuccessionStatus

if TYPE_CHECKING:
    from schema.models.accounts import User
    from schema.models.catalogue import ServiceItem
    from schema.models.directory import Department, Employer, ServiceWindow
    from schema.models.geo import Jurisdiction
    from schema.models.talents import Talent


class Specialist(Model):
    # Belongs to exactly one organisation, matching its kind: an employer (UNIT),
    # a department (HANDLING) or a service window (WINDOW).

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    kind = fields.CharEnumField(SpecialistKind, max_length=16)
    employer: fields.ForeignKeyNullableRelation[Employer] = fields.ForeignKeyField(
        "models.Employer", related_name="specialists", null=True, on_delete=fields.RESTRICT
    )
    employer_id: int | None
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="specialists", null=True, on_delete=fields.RESTRICT
    )
    department_id: int | None
    window: fields.ForeignKeyNullableRelation[ServiceWindow] = fields.ForeignKeyField(
        "models.ServiceWindow", related_name="specialists", null=True, on_delete=fields.RESTRICT
    )
    window_id: int | None
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="specialists", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    office_phone = fields.CharField(max_length=32, null=True)
    mobile = fields.CharField(max_length=20, null=True)
    status = fields.CharEnumField(SpecialistStatus, max_length=16, default=SpecialistStatus.ACTIVE)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="specialist_profiles", null=True, on_delete=fields.SET_NULL
    )
    user_id: int | None
    items: fields.ManyToManyRelation[ServiceItem] = fields.ManyToManyField(
        "models.ServiceItem", related_name="specialists", through="specialist_item"
    )
    filed_at = fields.DatetimeField(null=True)  # 备案 by the talent office
    left_on = fields.DateField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "specialist"
        indexes = (
            ("jurisdiction_id", "id"),
            ("kind", "status"),
            ("department_id",),
            ("window_id",),
            ("employer_id",),
            ("name",),
            ("status",),
        )


class SpecialistSuccession(Model):
    # The organisation nominates a successor for a leaving specialist; the talent office
    # files it (备案), which hands over items and dedicated talents. Scope columns copy the
    # organisation's, so lists filter in SQL.
    id = fields.IntField(primary_key=True)
    specialist: fields.ForeignKeyRelation[Specialist] = fields.ForeignKeyField(
        "models.Specialist", related_name="successions_out", on_delete=fields.RESTRICT
    )
    specialist_id: int
    successor: fields.ForeignKeyRelation[Specialist] = fields.ForeignKeyField(
        "models.Specialist", related_name="successions_in", on_delete=fields.RESTRICT
    )
    successor_id: int
    jurisdiction_id = fields.CharField(max_length=6)
    department_id = fields.IntField(null=True)
    window_id = fields.IntField(null=True)
    employer_id = fields.IntField(null=True)
    reason = fields.TextField()
    status = fields.CharEnumField(SuccessionStatus, max_length=16, default=SuccessionStatus.NOMINATED)
    nominated_by = fields.CharField(max_length=64)
    decided_by = fields.CharField(max_length=64, null=True)
    decision_note = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = "specialist_succession"
        indexes = (
            ("jurisdiction_id", "id"),
            ("specialist_id", "status"),
            ("successor_id",),
            ("department_id",),
            ("employer_id",),
            ("status",),
        )


class SpecialistTraining(Model):
    # 培训记录: one course a specialist attended.
    id = fields.IntField(primary_key=True)
    specialist: fields.ForeignKeyRelation[Specialist] = fields.ForeignKeyField(
        "models.Specialist", related_name="trainings", on_delete=fields.CASCADE
    )
    specialist_id: int
    title = fields.CharField(max_length=128)
    held_on = fields.DateField()
    hours = fields.DecimalField(max_digits=5, decimal_places=1)
    organiser = fields.CharField(max_length=128, null=True)
    certificate = fields.CharField(max_length=64, null=True)
    recorded_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "specialist_training"
        indexes = (("specialist_id", "held_on"),)


class DedicatedAssignment(Model):
    # 一对一服务专员 of a top-tier talent. `active_talent_id` holds the talent id while the
    # assignment is current and NULL after, so a unique index allows one current
    # assignment per talent on both backends (NULLs never collide).
    id = fields.IntField(primary_key=True)
    talent: fields.ForeignKeyRelation[Talent] = fields.ForeignKeyField(
        "models.Talent", related_name="dedicated_assignments", on_delete=fields.CASCADE
    )
    talent_id: int
    specialist: fields.ForeignKeyRelation[Specialist] = fields.ForeignKeyField(
        "models.Specialist", related_name="dedicated_assignments", on_delete=fields.RESTRICT
    )
    specialist_id: int
    active_talent_id = fields.IntField(null=True, unique=True)
    jurisdiction_id = fields.CharField(max_length=6)
    card_id = fields.IntField(null=True)
    reason = fields.CharField(max_length=32)  # CARD_ISSUED | REASSIGNED | SUCCESSION | MANUAL | SWEEP
    assigned_by = fields.CharField(max_length=64)
    started_at = fields.DatetimeField(auto_now_add=True)
    ended_at = fields.DatetimeField(null=True)
    end_reason = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "dedicated_assignment"
        indexes = (
            ("talent_id", "id"),
            ("specialist_id", "ended_at"),
            ("jurisdiction_id", "id"),
        )
