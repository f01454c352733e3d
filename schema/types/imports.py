"""TalentImport (人才导入): one uploaded sheet of talents and how far the worker has got."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from resolvers.core.ids import encode_id
from resolvers.talents.imports.accept import error_report_url, progress_percent
from schema.models import enums as stored

ImportMode = strawberry.enum(
    stored.ImportMode,
    description="导入方式 · ALL_OR_NOTHING 全部正确才导入 / VALID_ROWS_ONLY 只导入正确的行",
)
JobStatus = strawberry.enum(
    stored.JobStatus, description="任务状态 · QUEUED 排队 / RUNNING 处理中 / DONE 完成 / FAILED 失败"
)


@strawberry.type(description="人才导入 · an uploaded talent sheet, checked and written by the worker")
class TalentImport:
    id: strawberry.ID = strawberry.field(description="全局标识 · opaque global ID")
    filename: str = strawberry.field(description="文件名 · the uploaded file's name")
    mode: ImportMode = strawberry.field(description="导入方式 · all-or-nothing or valid rows only")
    status: JobStatus = strawberry.field(description="状态 · QUEUED, RUNNING, DONE or FAILED")
    total_rows: int = strawberry.field(description="数据行数 · data rows in the sheet")
    processed_rows: int = strawberry.field(description="已处理行数 · rows checked so far")
    progress: float = strawberry.field(description="进度 · percentage of the rows checked (0–100)")
    created_count: int = strawberry.field(description="新增人数 · talents created")
    updated_count: int = strawberry.field(description="更新人数 · known talents (same ID number) changed")
    unchanged_count: int = strawberry.field(
        description="未变人数 · known talents whose row matched what is stored (once done)"
    )
    error_count: int = strawberry.field(description="错误行数 · rows rejected, listed in the report")
    error: str | None = strawberry.field(description="失败原因 · why nothing (more) was imported")
    report_url: str | None = strawberry.field(
        description="错误报告 · /reports/{id}.xlsx: the rejected rows in the same layout plus 错误说明"
    )
    created_at: dt.datetime = strawberry.field(description="上传时间 · uploaded at")
    finished_at: dt.datetime | None = strawberry.field(description="完成时间 · finished at")

    @classmethod
    def from_row(cls, row: Any) -> TalentImport:
        done = row.status == stored.JobStatus.DONE
        unchanged = row.total_rows - row.created_count - row.updated_count - row.error_count
        return cls(
            id=strawberry.ID(encode_id("TalentImport", row.id)), filename=row.filename, mode=row.mode,
            status=row.status, total_rows=row.total_rows, processed_rows=row.processed_rows,
            progress=progress_percent(row), created_count=row.created_count, updated_count=row.updated_count,
            unchanged_count=max(unchanged, 0) if done else 0, error_count=row.error_count, error=row.error,
            report_url=error_report_url(row), created_at=row.created_at, finished_at=row.finished_at,
        )  # fmt: skip
