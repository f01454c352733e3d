"""Departments (职能部门), service windows (服务窗口) and employers (用人单位)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import DeliveryChannel, EmployerKind

if TYPE_CHECKING:
    from schema.models.geo import Jurisdiction


class Department(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=128)
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="departments", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    channel = fields.CharEnumField(DeliveryChannel, max_length=16, default=DeliveryChannel.INBOX)
    webhook_url = fields.CharField(max_length=512, null=True)
    webhook_secret = fields.CharField(max_length=128, null=True)
    phone = fields.CharField(max_length=32, null=True)
    function = fields.CharField(max_length=24, null=True)  # DepartmentFunction: whom a chain step goes to
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "department"
        unique_together = (("jurisdiction", "name"),)
        indexes = (("name",), ("channel",), ("jurisdiction_id", "function"))


class ServiceWindow(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=128)
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="windows", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    parent: fields.ForeignKeyNullableRelation[ServiceWindow] = fields.ForeignKeyField(
        "models.ServiceWindow", related_name="sub_windows", null=True, on_delete=fields.RESTRICT
    )
    parent_id: int | None
    address = fields.CharField(max_length=256, null=True)
    phone = fields.CharField(max_length=32, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "service_window"
        indexes = (("parent_id",), ("name",))
        unique_together = (("jurisdiction", "name"),)


class Employer(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=128)
    credit_code = fields.CharField(max_length=18, unique=True)
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="employers", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    kind = fields.CharEnumField(EmployerKind, max_length=16, default=EmployerKind.ENTERPRISE)
    industry = fields.CharField(max_length=64, null=True)
    # 自定义字段: values of the custom fields that apply here (schema/models/customfields.py)
    custom_fields: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict, db_default="{}")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "employer"
        indexes = (("name",), ("industry",), ("jurisdiction_id", "id"), ("credit_code",), ("kind",))
