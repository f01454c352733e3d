"""Talents (人才) and their family members (家属)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import FamilyRelation, Gender, IdKind, TalentStatus

if TYPE_CHECKING:
    from schema.models.catalogue import TalentCategory
    from schema.models.directory import Employer
    from schema.models.geo import Jurisdiction


class Talent(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    gender = fields.CharEnumField(Gender, max_length=8)
    id_kind = fields.CharEnumField(IdKind, max_length=16, default=IdKind.RESIDENT_ID)
    id_number = fields.CharField(max_length=32, unique=True)
    # The province's keyed hash of id_number (resolvers/federation/keys.py), kept for
    # lookups by it. A trigger clears it when id_number changes; it is filled before
    # every lookup by it, so a row written by any path is found.
    id_hash = fields.CharField(max_length=64, null=True)
    nationality = fields.CharField(max_length=3, default="CHN")
    birth_date = fields.DateField(null=True)
    phone = fields.CharField(max_length=20, null=True)
    address = fields.CharField(max_length=256, null=True)
    education = fields.CharField(max_length=32, null=True)
    degree = fields.CharField(max_length=32, null=True)
    professional_title = fields.CharField(max_length=64, null=True)
    skill_level = fields.CharField(max_length=32, null=True)
    employer: fields.ForeignKeyNullableRelation[Employer] = fields.ForeignKeyField(
        "models.Employer", related_name="talents", null=True, on_delete=fields.RESTRICT
    )
    employer_id: int | None
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="talents", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    category: fields.ForeignKeyNullableRelation[TalentCategory] = fields.ForeignKeyField(
        "models.TalentCategory", related_name="talents", null=True, on_delete=fields.RESTRICT
    )
    category_id: int | None
    introduced_on = fields.DateField(null=True)
    status = fields.CharEnumField(TalentStatus, max_length=8, default=TalentStatus.ACTIVE)
    left_on = fields.DateField(null=True)
    # 自定义字段: values of the custom fields that apply here (schema/models/customfields.py)
    custom_fields: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict, db_default="{}")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "talent"
        indexes = (
            ("jurisdiction_id", "id"),
            ("name", "id"),
            ("status",),
            ("introduced_on",),
            ("created_at",),
            ("updated_at",),
            ("employer_id", "id"),
            ("category_id",),
            ("jurisdiction_id", "status"),
            ("education",),
            ("gender",),
            ("phone",),  # the window's exact lookup by mobile number
            ("id_hash",),  # federation's `_entities` by idHash; also finds the unfilled
        )


class FamilyMember(Model):
    id = fields.IntField(primary_key=True)
    talent: fields.ForeignKeyRelation[Talent] = fields.ForeignKeyField(
        "models.Talent", related_name="family_members", on_delete=fields.CASCADE
    )
    talent_id: int
    relation = fields.CharEnumField(FamilyRelation, max_length=8)
    name = fields.CharField(max_length=64)
    id_number = fields.CharField(max_length=32, null=True)
    birth_date = fields.DateField(null=True)

    class Meta:
        table = "family_member"
        indexes = (("talent_id",),)
