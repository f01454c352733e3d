"""Experts serving the grassroots (专家服务基层): the areas that count as grassroots, the
experts an office lists for a year, and their service records, confirmed by the
receiving county's office; confirmed days count toward the yearly 15."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import GrassrootsAreaKind, GrassrootsServiceStatus

if TYPE_CHECKING:
    from schema.models.geo import Jurisdiction


class GrassrootsArea(Model):
    """A county designated as a grassroots area (欠发达地区、革命老区、基层一线), as data."""

    id = fields.IntField(primary_key=True)
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="grassroots_areas", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    kind = fields.CharEnumField(GrassrootsAreaKind, max_length=24)
    note = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "grassroots_area"
        unique_together = (("jurisdiction", "kind"),)


class GrassrootsExpert(Model):
    """An expert listed for a year (纳入服务基层范围的高层次人才). Scope columns are the
    talent's when listed."""

    id = fields.IntField(primary_key=True)
    year = fields.IntField()
    talent_id = fields.IntField()
    jurisdiction_id = fields.CharField(max_length=6)
    employer_id = fields.IntField(null=True)
    required_days = fields.IntField(default=15)
    listed_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "grassroots_expert"
        unique_together = (("year", "talent_id"),)
        indexes = (("jurisdiction_id", "id"), ("year", "jurisdiction_id"), ("talent_id",))


class GrassrootsService(Model):
    """One stretch of service in a grassroots area (服务记录): where, when, how many days and
    what was done; it counts once the receiving county's office confirms it. A per-day
    allowance pays it once (`payment_id`)."""

    id = fields.IntField(primary_key=True)
    expert: fields.ForeignKeyRelation[GrassrootsExpert] = fields.ForeignKeyField(
        "models.GrassrootsExpert", related_name="services", on_delete=fields.RESTRICT
    )
    expert_id: int
    year = fields.IntField()
    talent_id = fields.IntField()
    jurisdiction_id = fields.CharField(max_length=6)  # the expert's county, as the listing's
    employer_id = fields.IntField(null=True)
    area_jurisdiction_id = fields.CharField(max_length=6)  # the receiving county
    unit_name = fields.CharField(max_length=128)  # the receiving unit
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    days = fields.IntField()
    content = fields.TextField()
    status = fields.CharEnumField(
        GrassrootsServiceStatus, max_length=16, default=GrassrootsServiceStatus.RECORDED
    )
    opinion = fields.TextField(null=True)
    recorded_by = fields.CharField(max_length=64)
    confirmed_by = fields.CharField(max_length=64, null=True)
    confirmed_at = fields.DatetimeField(null=True)
    payment_id = fields.IntField(null=True)  # the allowance payment that paid its days
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "grassroots_service"
        indexes = (("jurisdiction_id", "id"), ("area_jurisdiction_id", "id"), ("expert_id",),
                   ("year", "status"), ("talent_id",), ("payment_id",))  # fmt: skip
