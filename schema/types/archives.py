"""Quarterly service archive reports (服务工作档案)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from resolvers.archives.quarterly import Quarter
from resolvers.core.ids import encode_id
from resolvers.files.reports import XLSX, report_url
from schema.models import Report
from schema.types.base import Node
from schema.types.common import ctx
from schema.types.directory import ServiceWindow
from schema.types.geo import Jurisdiction, jurisdiction_of


@strawberry.type(
    description="服务工作档案 · a county window's quarterly service archive, filed to the city window (备案)"
)
class QuarterlyArchiveReport(Node):
    year: int = strawberry.field(description="年度 · year")
    quarter: int = strawberry.field(description="季度 · quarter, 1–4")
    request_count: int = strawberry.field(
        description="受理件数 · requests the window received in the quarter"
    )
    generated_by: str = strawberry.field(
        description="生成人 · who generated it last (system for the cron job)"
    )
    generated_at: dt.datetime = strawberry.field(description="生成时间 · when it was last generated")
    filed_at: dt.datetime = strawberry.field(description="备案时间 · when it was first filed")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> QuarterlyArchiveReport:
        return cls(
            id=strawberry.ID(encode_id("QuarterlyArchiveReport", row.id)),
            year=row.year,
            quarter=row.quarter,
            request_count=row.request_count,
            generated_by=row.generated_by,
            generated_at=row.generated_at,
            filed_at=row.filed_at,
            row=row,
        )

    @strawberry.field(description="统计起日 · first day of the quarter")
    def period_start(self) -> dt.date:
        return Quarter(self.row.year, self.row.quarter).start

    @strawberry.field(description="统计止日 · last day of the quarter")
    def period_end(self) -> dt.date:
        return Quarter(self.row.year, self.row.quarter).end

    @strawberry.field(description="下载地址 · /reports/{id}.xlsx, for those who may see the archive")
    def download_url(self) -> str:
        return report_url(Report(id=self.row.report_id, content_type=XLSX))

    @strawberry.field(description="报送窗口 · the county window whose archive it is")
    async def window(self, info: strawberry.Info) -> ServiceWindow | None:
        row = await ctx(info).loaders.window.load(self.row.window_id)
        return ServiceWindow.from_row(row) if row else None

    @strawberry.field(description="备案窗口 · the city window it is filed to")
    async def filed_to(self, info: strawberry.Info) -> ServiceWindow | None:
        if self.row.filed_to_id is None:
            return None
        row = await ctx(info).loaders.window.load(self.row.filed_to_id)
        return ServiceWindow.from_row(row) if row else None

    @strawberry.field(description="所属区划 · the county")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)
