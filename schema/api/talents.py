"""Talents: `talents`, `talent(id)`, the window's `lookupTalent`, `createTalent`,
`updateTalent`, `markTalentLeft`, the .xlsx export (`exportTalents`) and imports
(`importTalents`, `talentImports`, `talentImport`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON

from resolvers.archives.export import ExportFormat as ExportFormatValue
from resolvers.core.errors import UserError
from resolvers.core.mutations import run_mutation
from resolvers.files.reports import report_url
from resolvers.listing.nodes import load_node
from resolvers.talents import export as talent_export
from resolvers.talents import lookup as talent_lookup
from resolvers.talents import records as ops
from resolvers.talents.imports import accept as import_ops
from resolvers.talents.registration import tell_keeping_office_later
from schema.api.connections import connection_field, counts_field
from schema.api.inputs import args, decode_base64
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.customfields import CustomFieldCondition
from schema.types.enums import Gender, IdKind
from schema.types.filters import (
    DateFilter,
    DateTimeFilter,
    IDFilter,
    StringFilter,
    TalentStatusFilter,
    _enum_filter,
)
from schema.types.imports import ImportMode, JobStatus, TalentImport
from schema.types.talents import Talent

TalentOrder = order_input("Talent", "人才", ["ID", "NAME", "CREATED_AT", "UPDATED_AT"])


@strawberry.input(description="人才筛选 · talent filter")
class TalentFilter:
    id: IDFilter | None = strawberry.field(default=None, description="标识 · ID")
    name: StringFilter | None = strawberry.field(default=None, description="姓名 · name")
    status: TalentStatusFilter | None = strawberry.field(default=None, description="状态 · status")
    education: StringFilter | None = strawberry.field(default=None, description="学历 · education")
    jurisdiction_code: StringFilter | None = strawberry.field(
        default=None, description="区划代码 · jurisdiction code (exact)"
    )
    within_jurisdiction: str | None = strawberry.field(
        default=None, description="辖区内 · in this jurisdiction or any under it"
    )
    employer_id: IDFilter | None = strawberry.field(default=None, description="用人单位 · employer")
    category_id: IDFilter | None = strawberry.field(default=None, description="人才类别 · category")
    introduced_on: DateFilter | None = strawberry.field(default=None, description="引进日期")
    created_at: DateTimeFilter | None = strawberry.field(default=None, description="建档时间")
    custom: list[CustomFieldCondition] | None = strawberry.field(
        default=None, description="自定义字段条件 · conditions on custom fields (all hold)"
    )
    and_: list[TalentFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[TalentFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: TalentFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.input(description="新建人才 · create a talent")
class CreateTalentInput:
    name: str = strawberry.field(description="姓名 · name")
    id_number: str = strawberry.field(description="证件号码 · resident ID or passport number")
    jurisdiction_code: str = strawberry.field(description="所在县区 · county-level jurisdiction")
    id_kind: IdKind | None = strawberry.field(default=None, description="证件类型 · default resident ID")
    gender: Gender | None = strawberry.field(default=None, description="性别 · from the ID if omitted")
    nationality: str | None = strawberry.field(default=None, description="国籍 · for passports")
    birth_date: dt.date | None = strawberry.field(default=None, description="出生日期 · passports")
    phone: str | None = strawberry.field(default=None, description="手机 · phone")
    address: str | None = strawberry.field(default=None, description="地址 · address")
    education: str | None = strawberry.field(default=None, description="学历 · education")
    degree: str | None = strawberry.field(default=None, description="学位 · degree")
    professional_title: str | None = strawberry.field(default=None, description="职称")
    skill_level: str | None = strawberry.field(default=None, description="技能等级 · skill level")
    employer_id: strawberry.ID | None = strawberry.field(default=None, description="用人单位")
    category_id: strawberry.ID | None = strawberry.field(default=None, description="人才类别")
    introduced_on: dt.date | None = strawberry.field(default=None, description="引进日期")
    custom_fields: JSON | None = strawberry.field(
        default=None, description="自定义字段 · custom fields, key → value"
    )


@strawberry.input(description="修改人才 · update a talent; omitted fields stay as they are")
class UpdateTalentInput:
    id: strawberry.ID = strawberry.field(description="人才 · the talent")
    name: str | None = strawberry.field(default=UNSET, description="姓名 · name")
    phone: str | None = strawberry.field(default=UNSET, description="手机 · phone")
    address: str | None = strawberry.field(default=UNSET, description="地址 · address")
    education: str | None = strawberry.field(default=UNSET, description="学历 · education")
    degree: str | None = strawberry.field(default=UNSET, description="学位 · degree")
    professional_title: str | None = strawberry.field(default=UNSET, description="职称")
    skill_level: str | None = strawberry.field(default=UNSET, description="技能等级")
    employer_id: strawberry.ID | None = strawberry.field(default=UNSET, description="用人单位")
    category_id: strawberry.ID | None = strawberry.field(default=UNSET, description="人才类别")
    jurisdiction_code: str | None = strawberry.field(default=UNSET, description="迁入县区")
    introduced_on: dt.date | None = strawberry.field(default=UNSET, description="引进日期")
    custom_fields: JSON | None = strawberry.field(
        default=UNSET, description="自定义字段 · custom fields to set, key → value; null clears one"
    )


@strawberry.input(description="标记离开 · mark a talent as having left")
class MarkTalentLeftInput:
    id: strawberry.ID = strawberry.field(description="人才 · the talent")
    left_on: dt.date | None = strawberry.field(default=None, description="离开日期 · default today")
    reason: str | None = strawberry.field(default=None, description="原因 · reason")


@strawberry.type(description="人才变更结果 · result of a talent mutation")
class TalentPayload:
    talent: Talent | None = strawberry.field(description="人才 · the talent, when it succeeded")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


async def _payload(info: strawberry.Info, work) -> TalentPayload:
    return await payload(info, work, TalentPayload, "talent", Talent.from_row)


@strawberry.type
class TalentQueries:
    talents = connection_field(
        ops.TALENTS, Talent, TalentFilter, TalentOrder, "人才列表 · talents the caller may see"
    )
    talent_counts = counts_field(
        ops.TALENTS, ops.GROUP_COLUMNS, "Talent", "人才", TalentFilter,
        "人才分组计数 · talents counted by one or two fields, same scope and filter as the list",
    )  # fmt: skip

    @strawberry.field(description="人才 · one talent by ID")
    async def talent(self, info: strawberry.Info, id: strawberry.ID) -> Talent:
        _, row = await load_node(ctx(info), id, expected="Talent")
        return Talent.from_row(row)

    @strawberry.field(
        description="窗口查询 · the talent with exactly this 身份证号, mobile number or card number "
        "(give one), among those the caller may see, else null; masked as everywhere, and audited"
    )
    async def lookup_talent(
        self,
        info: strawberry.Info,
        id_number: Annotated[str | None, strawberry.argument(
            description="证件号码 · 身份证号 or passport number, exactly")] = None,
        mobile: Annotated[str | None, strawberry.argument(
            description="手机号码 · mobile number, exactly")] = None,
        card_number: Annotated[str | None, strawberry.argument(
            description="人才卡号 · card number, e.g. SJZ-A-2026-000123")] = None,
    ) -> Talent | None:  # fmt: skip
        row = await talent_lookup.lookup_talent(ctx(info), id_number=id_number, mobile=mobile,
                                                card_number=card_number)  # fmt: skip
        return Talent.from_row(row) if row is not None else None


@strawberry.type
class TalentMutations:
    @strawberry.mutation(description="新建人才 · create a talent")
    async def create_talent(self, info: strawberry.Info, input: CreateTalentInput) -> TalentPayload:
        c = ctx(info)
        row, errors = await run_mutation(c, lambda: ops.create_talent(c, args(ops.NewTalent, input)))
        tell_keeping_office_later(c, errors)  # a number held out of the caller's sight
        return TalentPayload(talent=Talent.from_row(row) if row is not None else None,
                             user_errors=[UserErrorType.of(e) for e in errors])  # fmt: skip

    @strawberry.mutation(description="修改人才 · update a talent")
    async def update_talent(self, info: strawberry.Info, input: UpdateTalentInput) -> TalentPayload:
        return await _payload(info, lambda: ops.update_talent(ctx(info), args(ops.TalentChanges, input)))

    @strawberry.mutation(description="标记离开 · mark a talent as left (离开本地)")
    async def mark_talent_left(
        self, info: strawberry.Info, input: MarkTalentLeftInput
    ) -> TalentPayload:
        return await _payload(
            info, lambda: ops.mark_talent_left(ctx(info), input.id, input.left_on, input.reason)
        )


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
        return await export_payload(info, lambda: talent_export.export_talents(ctx(info), input.filter))


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


@strawberry.type
class ImportQueries:
    talent_imports = connection_field(
        import_ops.IMPORTS, TalentImport, TalentImportFilter, TalentImportOrder,
        "我的人才导入 · the caller's own talent imports, newest first unless ordered",
    )  # fmt: skip

    @strawberry.field(description="人才导入 · one of the caller's imports: status, counts, progress, report")
    async def talent_import(self, info: strawberry.Info, id: strawberry.ID) -> TalentImport:
        return TalentImport.from_row(await import_ops.own_import(ctx(info), id))


@strawberry.type
class ImportMutations:
    @strawberry.mutation(description="导入人才 · queue an .xlsx of talents (and employers) for import")
    async def import_talents(self, info: strawberry.Info, input: ImportTalentsInput) -> ImportTalentsPayload:
        c = ctx(info)
        try:
            c.require_principal()
            mode = import_ops.parse_mode(input.mode)
            content = decode_base64(input.file_base64)
            total = await import_ops.check_upload(c, content)
        except UserError as error:
            return ImportTalentsPayload(talent_import=None, user_errors=[UserErrorType.of(error)])
        job, errors = await run_mutation(
            c, lambda: import_ops.queue_import(c, content, input.filename, mode, total)
        )
        return ImportTalentsPayload(
            talent_import=TalentImport.from_row(job) if job is not None else None,
            user_errors=[UserErrorType.of(e) for e in errors],
        )
