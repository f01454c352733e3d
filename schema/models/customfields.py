"""Custom fields (自定义字段): extra fields an office defines for the talents, employers
and service requests of its jurisdiction. The values live in each record's own
`custom_fields` JSON column; a definition applies in its jurisdiction and everywhere under it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import CustomFieldKind, CustomFieldStatus

if TYPE_CHECKING:
    from schema.models.geo import Jurisdiction


class CustomFieldDefinition(Model):
    id = fields.IntField(primary_key=True)
    target_type = fields.CharField(max_length=16)  # "Talent", "Employer" or "ServiceRequest"
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="custom_fields", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    key = fields.CharField(max_length=40)
    label = fields.CharField(max_length=64)
    kind = fields.CharEnumField(CustomFieldKind, max_length=16)
    options: fields.JSONField[list[str]] = fields.JSONField(default=list)  # ENUM: the choices
    required = fields.BooleanField(default=False)
    personal = fields.BooleanField(default=False)  # personal data: masked and audited
    status = fields.CharEnumField(CustomFieldStatus, max_length=8, default=CustomFieldStatus.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "custom_field_definition"
        unique_together = (("target_type", "jurisdiction", "key"),)
        indexes = (("target_type", "key"), ("jurisdiction_id", "target_type"))
