"""Jurisdictions (行政区划): GB/T 2260 codes whose prefix is their ancestry."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import JurisdictionLevel


class Jurisdiction(Model):
    # The code is the primary key, so every `jurisdiction_id` column holds a code
    # and a scope `jur:1301` filters any table with one indexed `LIKE '1301%'`.

    code = fields.CharField(max_length=6, primary_key=True)
    name = fields.CharField(max_length=64)
    level = fields.CharEnumField(JurisdictionLevel, max_length=16)
    parent: fields.ForeignKeyNullableRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    parent_id: str | None

    class Meta:
        table = "jurisdiction"
        indexes = (("level", "code"), ("name",), ("parent_id",))
