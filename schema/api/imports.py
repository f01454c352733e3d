"""Talent imports: `talentImport(id)`, `talentImports`, `importTalents` (small files; larger
ones are uploaded to POST /imports/talents). The caller's own imports only."""

from __future__ import annotations

import base64
import binascii

import strawberry

from resolvers.core.errors import UserError, validation
from resolvers.core.mutations import run_mutation
from resolvers.talents.imports import accept as ops
from schema.api.connections import connection_field
from schema.api.ordering import order_input
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.filters import DateTimeFilter, _enum_filter
from schema.types.imports import ImportMode, JobStatus, TalentImport

TalentImportOrder = order_input("TalentImport", "人才导入", ["ID", "CREATED_AT"])
JobStatusFilter = _enum_filter(JobStatus, "JobStatusFilter", "任务状态")


@strawberry.input(description="人才导入筛选 · talent import filter")
class TalentImportFilter:
    status: JobStatusFilter | None = strawberry.field(default=None, description="状态 · status")  # type: ignore[valid-type]
    created_at: DateTimeFilter | None = strawberry.field(default=None, description="上传时间 · uploaded at")
    and_: list[TalentImportFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[TalentImportFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: TalentImportFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.input(description="导入人才 · import talents from a small .xlsx (under the 1 MB request limit)")
class ImportTalentsInput:
    file_base64: str = strawberry.field(description="文件内容 · the .xlsx, base64-encoded")
    filename: str | None = strawberry.field(default=None, description="文件名 · the file's name")
    mode: ImportMode = strawberry.field(description="导入方式 · ALL_OR_NOTHING or VALID_ROWS_ONLY")


@strawberry.type(description="导入人才结果 · the queued import, or why the file was refused")
class ImportTalentsPayload:
    talent_import: TalentImport | None = strawberry.field(description="人才导入 · the queued import")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


def _decode(data: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise validation("fileBase64", "not valid base64") from None


@strawberry.type
class ImportQueries:
    talent_imports = connection_field(
        ops.IMPORTS, TalentImport, TalentImportFilter, TalentImportOrder,
        "我的人才导入 · the caller's own talent imports, newest first unless ordered",
    )  # fmt: skip

    @strawberry.field(description="人才导入 · one of the caller's imports: status, counts, progress, report")
    async def talent_import(self, info: strawberry.Info, id: strawberry.ID) -> TalentImport:
        return TalentImport.from_row(await ops.own_import(ctx(info), id))


@strawberry.type
class ImportMutations:
    @strawberry.mutation(description="导入人才 · queue an .xlsx of talents (and employers) for import")
    async def import_talents(self, info: strawberry.Info, input: ImportTalentsInput) -> ImportTalentsPayload:
        c = ctx(info)
        try:
            c.require_principal()
            mode = ops.parse_mode(input.mode)
            content = _decode(input.file_base64)
            total = await ops.check_upload(c, content)
        except UserError as error:
            return ImportTalentsPayload(talent_import=None, user_errors=[UserErrorType.of(error)])
        job, errors = await run_mutation(c, lambda: ops.queue_import(c, content, input.filename, mode, total))
        return ImportTalentsPayload(
            talent_import=TalentImport.from_row(job) if job is not None else None,
            user_errors=[UserErrorType.of(e) for e in errors],
        )
