"""Service specialists (服务专员): unit, handling and window specialists."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import SpecialistKind, SpecialistStatus


class Specialist(Model):
    # Belongs to exactly one organisation, matching its kind: an employer (UNIT),
    # a department (HANDLING) or a service window (WINDOW).

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    kind = fields.CharEnumField(SpecialistKind, max_length=16)
    employer = fields.ForeignKeyField(
        "models.Employer", related_name="specialists", null=True, on_delete=fields.RESTRICT
    )
    department = fields.ForeignKeyField(
        "models.Department", related_name="specialists", null=True, on_delete=fields.RESTRICT
    )
    window = fields.ForeignKeyField(
        "models.ServiceWindow", related_name="specialists", null=True, on_delete=fields.RESTRICT
    )
    jurisdiction = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="specialists", on_delete=fields.RESTRICT
    )
    office_phone = fields.CharField(max_length=32, null=True)
    mobile = fields.CharField(max_length=20, null=True)
    status = fields.CharEnumField(SpecialistStatus, max_length=16, default=SpecialistStatus.ACTIVE)
    user = fields.ForeignKeyField(
        "models.User", related_name="specialist_profiles", null=True, on_delete=fields.SET_NULL
    )
    items = fields.ManyToManyField(
        "models.ServiceItem", related_name="specialists", through="specialist_item"
    )
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
