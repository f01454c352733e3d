"""Generated files (reports: exports, import error sheets) and talent imports."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import ImportMode, JobStatus, ReportKind


class Report(Model):
    # A generated file, served at /reports/{id}.xlsx to its owner only.
    id = fields.UUIDField(primary_key=True)
    kind = fields.CharEnumField(ReportKind, max_length=16)
    owner = fields.ForeignKeyField("models.User", related_name="reports", on_delete=fields.CASCADE)
    filename = fields.CharField(max_length=128)
    content_type = fields.CharField(max_length=128)
    content = fields.BinaryField()
    row_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "report"
        indexes = (("owner_id", "created_at"), ("expires_at",))


class TalentImport(Model):
    # One uploaded sheet of talents; the worker validates and writes it, reporting progress.
    id = fields.IntField(primary_key=True)
    owner = fields.ForeignKeyField("models.User", related_name="talent_imports", on_delete=fields.CASCADE)
    filename = fields.CharField(max_length=128)
    mode = fields.CharEnumField(ImportMode, max_length=16)
    status = fields.CharEnumField(JobStatus, max_length=8, default=JobStatus.QUEUED)
    content = fields.BinaryField(null=True)  # dropped once processed
    total_rows = fields.IntField(default=0)
    processed_rows = fields.IntField(default=0)
    created_count = fields.IntField(default=0)
    updated_count = fields.IntField(default=0)
    error_count = fields.IntField(default=0)
    error = fields.TextField(null=True)  # why the whole file was refused
    report_id = fields.UUIDField(null=True)  # the row-error sheet
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "talent_import"
        indexes = (("owner_id", "id"), ("status",))
