"""Talent categories (人才类别), card programmes and tiers (人才卡), service items (服务事项)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import ServiceCategory, ServiceItemStatus, ServiceMode

if TYPE_CHECKING:
    from schema.models.directory import Department
    from schema.models.geo import Jurisdiction


class TalentCategory(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=64)
    ladder = fields.CharField(max_length=64)  # the programme's ladder, e.g. 济南市人才分类
    rank = fields.IntField()  # 1 is the highest level of the ladder
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="talent_categories", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    description = fields.TextField(null=True)
    publicity_workdays = fields.IntField(default=5, db_default=5)  # 公示期 in working days

    class Meta:
        table = "talent_category"
        indexes = (("ladder", "rank"), ("jurisdiction_id",), ("rank",), ("name",))


class CardProgramme(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=64)
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="card_programmes", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    validity_years = fields.IntField(default=5)
    number_prefix = fields.CharField(max_length=8, null=True)  # card numbers: SJZ-A-2026-000123
    description = fields.TextField(null=True)

    class Meta:
        table = "card_programme"
        indexes = (
            ("jurisdiction_id",),
            ("name",),
        )


class CardTier(Model):
    id = fields.IntField(primary_key=True)
    programme: fields.ForeignKeyRelation[CardProgramme] = fields.ForeignKeyField(
        "models.CardProgramme", related_name="tiers", on_delete=fields.CASCADE
    )
    programme_id: int
    code = fields.CharField(max_length=32)
    name = fields.CharField(max_length=64)
    rank = fields.IntField()  # 1 is the highest tier
    # Holders get a dedicated specialist (一对一服务) when the card is issued.
    dedicated_specialist = fields.BooleanField(default=False, db_default=False)
    categories: fields.ManyToManyRelation[TalentCategory] = fields.ManyToManyField(
        "models.TalentCategory", related_name="card_tiers", through="card_tier_category"
    )

    class Meta:
        table = "card_tier"
        unique_together = (("programme", "code"),)


class ServiceItem(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64)
    version = fields.IntField(default=1)
    name = fields.CharField(max_length=128)
    category = fields.CharEnumField(ServiceCategory, max_length=24)
    mode = fields.CharEnumField(ServiceMode, max_length=16)
    time_limit_workdays = fields.IntField(null=True)
    policy_basis = fields.TextField(null=True)
    description = fields.TextField(null=True)
    materials: fields.JSONField[list[str]] = fields.JSONField(default=list)
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="service_items", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    status = fields.CharEnumField(ServiceItemStatus, max_length=16, default=ServiceItemStatus.DRAFT)
    effective_from = fields.DateField(null=True)
    effective_to = fields.DateField(null=True)
    eligible_tiers: fields.ManyToManyRelation[CardTier] = fields.ManyToManyField(
        "models.CardTier", related_name="service_items", through="service_item_tier"
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "service_item"
        unique_together = (("code", "version"),)
        indexes = (
            ("jurisdiction_id", "id"),
            ("category",),
            ("status",),
            ("name",),
            ("mode",),
            ("time_limit_workdays",),
        )


class ServiceItemDepartment(Model):
    # A responsible department of an item; exactly one per item is the lead (牵头).

    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="department_links", on_delete=fields.CASCADE
    )
    item_id: int
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="item_links", on_delete=fields.RESTRICT
    )
    department_id: int
    is_lead = fields.BooleanField(default=False)

    class Meta:
        table = "service_item_department"
        indexes = (("department_id",),)
        unique_together = (("item", "department"),)
