"""Exports (导出): `exportTalents`, and the pieces every export payload shares."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from resolvers.archives.export import ExportFormat as ExportFormatValue
from resolvers.core.mutations import run_mutation
from resolvers.files.reports import report_url
from resolvers.talents import export as ops
from schema.api.talents import TalentFilter
from schema.types.base import UserErrorType
from schema.types.common import ctx

ExportFormat = strawberry.enum(ExportFormatValue, description="导出格式 · export file format (JSON / XLSX)")


@strawberry.type(description="导出结果 · a generated file, downloadable by its requester for a week")
class ExportPayload:
    url: str | None = strawberry.field(description="下载地址 · /reports/{id}.{ext}, for the caller only")
    row_count: int | None = strawberry.field(description="行数 · rows (records) in the file")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


async def export_payload(info: strawberry.Info, work: Callable[[], Awaitable[Any]]) -> ExportPayload:
    report, errors = await run_mutation(ctx(info), work)
    return ExportPayload(
        url=report_url(report) if report is not None else None,
        row_count=report.row_count if report is not None else None,
        user_errors=[UserErrorType.of(e) for e in errors],
    )


@strawberry.input(description="导出人才 · export a talents list")
class ExportTalentsInput:
    filter: TalentFilter | None = strawberry.field(
        default=None, description="筛选 · the same filter as the `talents` list"
    )


@strawberry.type
class ExportMutations:
    @strawberry.mutation(
        description="导出人才名册 · every talent the caller may see under the filter, as .xlsx in the import "
        "layout, masked as the caller sees it"
    )
    async def export_talents(self, info: strawberry.Info, input: ExportTalentsInput) -> ExportPayload:
        return await export_payload(info, lambda: ops.export_talents(ctx(info), input.filter))
