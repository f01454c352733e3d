"""Service archives (服务档案): a county window's quarterly archive
(`quarterlyArchiveReports`, `generateQuarterlyArchiveReport`) and a talent's own archive
export (`exportArchive`, 人才自助)."""

from __future__ import annotations

import strawberry

from resolvers.archives import export as archive_export
from resolvers.archives import quarterly as ops
from schema.api.connections import connection_field
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.api.talents import ExportFormat, ExportPayload, export_payload
from schema.types.archives import QuarterlyArchiveReport
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.filters import IDFilter, IntFilter, StringFilter, optional


@strawberry.input(description="服务工作档案筛选 · quarterly archive filter")
class QuarterlyArchiveReportFilter:
    id: IDFilter | None = optional("标识 · ID")
    window_id: IDFilter | None = optional("报送窗口 · the county window")
    year: IntFilter | None = optional("年度 · year")
    quarter: IntFilter | None = optional("季度 · quarter, 1–4")
    jurisdiction_code: StringFilter | None = optional("区划代码 · the county's code")
    within_jurisdiction: str | None = optional("辖区内 · in this jurisdiction or any under it")
    and_: list[QuarterlyArchiveReportFilter] | None = strawberry.field(
        default=None, name="and", description="且 · all of"
    )
    or_: list[QuarterlyArchiveReportFilter] | None = strawberry.field(
        default=None, name="or", description="或 · any of"
    )
    not_: QuarterlyArchiveReportFilter | None = strawberry.field(
        default=None, name="not", description="非 · not"
    )


QuarterlyArchiveReportOrder = order_input(
    "QuarterlyArchiveReport", "服务工作档案", ["ID", "YEAR", "QUARTER", "GENERATED_AT"]
)


@strawberry.input(
    description="生成服务工作档案 · generate (or regenerate) a county window's quarterly archive"
)
class GenerateQuarterlyArchiveReportInput:
    window_id: strawberry.ID = strawberry.field(description="报送窗口 · the county window")
    year: int = strawberry.field(description="年度 · year")
    quarter: int = strawberry.field(description="季度 · quarter, 1–4; it must have ended (Beijing time)")


@strawberry.type(description="服务工作档案生成结果 · result of generating a quarterly archive")
class QuarterlyArchiveReportPayload:
    archive: QuarterlyArchiveReport | None = strawberry.field(description="服务工作档案 · when it succeeded")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type
class ArchiveQueries:
    quarterly_archive_reports = connection_field(
        ops.ARCHIVES, QuarterlyArchiveReport, QuarterlyArchiveReportFilter, QuarterlyArchiveReportOrder,
        "服务工作档案 · quarterly archives the caller may see (the county's offices and window; the city's "
        "window and office see all of their counties')",
    )  # fmt: skip


@strawberry.type
class ArchiveMutations:
    @strawberry.mutation(
        description="生成服务工作档案 · build a county window's archive of an ended quarter as .xlsx "
        "and file it to the city window; regenerating keeps the same archive and download URL "
        "(INVALID_STATE for a quarter not yet ended)"
    )
    async def generate_quarterly_archive_report(
        self, info: strawberry.Info, input: GenerateQuarterlyArchiveReportInput
    ) -> QuarterlyArchiveReportPayload:
        work = lambda: ops.generate_quarterly_archive_report(  # noqa: E731
            ctx(info), input.window_id, input.year, input.quarter
        )
        return await payload(
            info, work, QuarterlyArchiveReportPayload, "archive", QuarterlyArchiveReport.from_row
        )


@strawberry.input(description="导出服务档案 · export a talent's service archive")
class ExportArchiveInput:
    format: ExportFormat = strawberry.field(description="格式 · JSON document or Excel sheet")
    talent_id: strawberry.ID | None = strawberry.field(
        default=None, description="人才 · whose archive; omitted for the signed-in talent's own"
    )


@strawberry.type
class SelfServiceMutations:
    @strawberry.mutation(
        description="导出服务档案 · a talent's service archive (JSON or Excel), masked as the caller sees it"
    )
    async def export_archive(self, info: strawberry.Info, input: ExportArchiveInput) -> ExportPayload:
        c = ctx(info)
        return await export_payload(
            info, lambda: archive_export.export_archive(c, input.format, input.talent_id)
        )
