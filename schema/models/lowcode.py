"""Low-code tools (工具): versioned JSON documents, and the trusted operations of the
published ones (hash → text)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import ToolStatus

if TYPE_CHECKING:
    from schema.models.geo import Jurisdiction


class Tool(Model):
    # One row per version; the versions of a tool share its `key` (like an item's code).
    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=40)
    version = fields.IntField(default=1)
    name = fields.CharField(max_length=128)
    description = fields.TextField(null=True)
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="tools", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    # The office that made it (the creating user's jurisdiction): told of template news and drift.
    owner: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="owned_tools", on_delete=fields.RESTRICT
    )
    owner_id: str
    roles = fields.CharField(max_length=512, default=",")  # who may open it: ",handler,window_specialist,"
    status = fields.CharEnumField(ToolStatus, max_length=16, default=ToolStatus.DRAFT)
    document: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    is_template = fields.BooleanField(default=False)
    template_key = fields.CharField(max_length=40, null=True)  # the template this was cloned from
    template_version = fields.IntField(null=True)
    needs_repair = fields.BooleanField(default=False)
    repair_reason = fields.TextField(null=True)
    repair_notified = fields.BooleanField(default=False)
    created_by = fields.CharField(max_length=64)
    published_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tool"
        unique_together = (("key", "version"),)
        indexes = (("jurisdiction_id", "id"), ("status",), ("template_key", "status"), ("name",))


class ToolOperation(Model):
    # A trusted document: a published tool version runs only the operations registered here.
    id = fields.IntField(primary_key=True)
    tool: fields.ForeignKeyRelation[Tool] = fields.ForeignKeyField(
        "models.Tool", related_name="operations", on_delete=fields.CASCADE
    )
    tool_id: int
    sha256 = fields.CharField(max_length=64)
    text = fields.TextField()
    path = fields.CharField(max_length=128)  # where in the document: pages[0].blocks[1]

    class Meta:
        table = "tool_operation"
        unique_together = (("tool", "sha256"),)
