"""Low-code tools (工具): tools, tool, createTool, updateTool, publishTool, retireTool,
cloneTool, exportTool, importTool."""

from __future__ import annotations

import strawberry
from graphql import GraphQLSchema
from strawberry import UNSET
from strawberry.scalars import JSON

from resolvers.core.mutations import run_mutation
from resolvers.lowcode import access, tools
from resolvers.lowcode.listings import TOOLS
from schema.api.connections import connection_field
from schema.api.inputs import args
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.filters import StringFilter, optional
from schema.types.lowcode import Tool, ToolStatusFilter


def _schema(info: strawberry.Info) -> GraphQLSchema:
    """The live schema a tool's operations are checked against."""
    return info.schema._schema


@strawberry.input(description="工具筛选 · tool filter")
class ToolFilter:
    name: StringFilter | None = optional("名称 · name")
    status: ToolStatusFilter | None = optional("状态 · status")  # type: ignore[valid-type]
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional("区划范围 · this jurisdiction and everything under it")


ToolOrder = order_input("Tool", "工具", ["ID", "NAME"])


@strawberry.input(description="新建工具 · create a tool (as a draft)")
class CreateToolInput:
    name: str = strawberry.field(description="名称 · name")
    document: JSON = strawberry.field(description="工具文档 · the document (/console/tool.schema.json)")
    roles: list[str] = strawberry.field(
        description="可使用的角色 · roles that may open it, e.g. window_specialist"
    )
    jurisdiction_code: str | None = strawberry.field(
        default=None, description="所属区划 · jurisdiction (default: the caller's own)"
    )
    description: str | None = strawberry.field(default=None, description="说明 · description")
    is_template: bool = strawberry.field(default=False, description="作为模板 · a template (city, province)")


@strawberry.input(description="修改工具 · update; a published tool gets a new draft version")
class UpdateToolInput:
    id: strawberry.ID = strawberry.field(description="工具 · the tool version")
    name: str | None = strawberry.field(default=UNSET, description="名称 · name")
    document: JSON | None = strawberry.field(default=UNSET, description="工具文档 · the document")
    roles: list[str] | None = strawberry.field(default=UNSET, description="可使用的角色 · roles")
    description: str | None = strawberry.field(default=UNSET, description="说明 · description")
    is_template: bool | None = strawberry.field(default=UNSET, description="作为模板 · a template")


@strawberry.input(description="发布工具 · publish a draft")
class PublishToolInput:
    id: strawberry.ID = strawberry.field(description="工具 · the draft")


@strawberry.input(description="停用工具 · retire a published tool")
class RetireToolInput:
    id: strawberry.ID = strawberry.field(description="工具 · the tool")
    reason: str | None = strawberry.field(default=None, description="原因 · reason")


@strawberry.input(description="复制模板 · clone a template into a jurisdiction as a draft")
class CloneToolInput:
    template_id: strawberry.ID = strawberry.field(description="模板 · the published template")
    jurisdiction_code: str = strawberry.field(description="目标区划 · where the copy serves")
    name: str | None = strawberry.field(default=None, description="名称 · name (default: the template's)")


@strawberry.input(description="导出工具 · export a tool as a JSON file")
class ExportToolInput:
    id: strawberry.ID = strawberry.field(description="工具 · the tool version")


@strawberry.input(description="导入工具 · import an exported tool as a draft")
class ImportToolInput:
    file: JSON = strawberry.field(description="导出文件 · the exported file (exportTool.file)")
    jurisdiction_code: str | None = strawberry.field(
        default=None, description="所属区划 · jurisdiction (default: the caller's own)"
    )


@strawberry.type(description="工具变更结果 · result of a tool mutation")
class ToolPayload:
    tool: Tool | None = strawberry.field(description="工具 · the tool")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="工具导出结果 · an exported tool")
class ExportToolPayload:
    file: JSON | None = strawberry.field(
        description="导出文件 · {format, name, description, version, roles, document}; save as .json"
    )
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


async def _tool(info: strawberry.Info, work) -> ToolPayload:
    return await payload(info, work, ToolPayload, "tool", Tool.from_row)


@strawberry.type
class LowcodeQueries:
    tools = connection_field(TOOLS, Tool, ToolFilter, ToolOrder, "工具 · the tools the caller may open")

    @strawberry.field(description="工具 · one tool version the caller may open")
    async def tool(self, info: strawberry.Info, id: strawberry.ID) -> Tool:
        return Tool.from_row(await access.find_tool(ctx(info), id))


@strawberry.type
class LowcodeMutations:
    @strawberry.mutation(description="新建工具 · create a tool draft")
    async def create_tool(self, info: strawberry.Info, input: CreateToolInput) -> ToolPayload:
        return await _tool(
            info, lambda: tools.create_tool(ctx(info), _schema(info), args(tools.NewTool, input))
        )

    @strawberry.mutation(description="修改工具 · update a tool (a published one gets a new draft version)")
    async def update_tool(self, info: strawberry.Info, input: UpdateToolInput) -> ToolPayload:
        return await _tool(
            info, lambda: tools.update_tool(ctx(info), _schema(info), args(tools.ToolChanges, input))
        )

    @strawberry.mutation(description="发布工具 · publish a draft (retires the previous version)")
    async def publish_tool(self, info: strawberry.Info, input: PublishToolInput) -> ToolPayload:
        return await _tool(info, lambda: tools.publish_tool(ctx(info), _schema(info), input.id))

    @strawberry.mutation(description="停用工具 · retire a published tool")
    async def retire_tool(self, info: strawberry.Info, input: RetireToolInput) -> ToolPayload:
        return await _tool(info, lambda: tools.retire_tool(ctx(info), input.id, input.reason))

    @strawberry.mutation(description="复制模板 · clone a template into a county as a draft")
    async def clone_tool(self, info: strawberry.Info, input: CloneToolInput) -> ToolPayload:
        return await _tool(info, lambda: tools.clone_tool(
            ctx(info), _schema(info), input.template_id, input.jurisdiction_code, input.name
        ))  # fmt: skip

    @strawberry.mutation(description="导出工具 · export a tool as a JSON file")
    async def export_tool(self, info: strawberry.Info, input: ExportToolInput) -> ExportToolPayload:
        file, errors = await run_mutation(ctx(info), lambda: tools.export_tool(ctx(info), input.id))
        return ExportToolPayload(file=file, user_errors=[UserErrorType.of(e) for e in errors])

    @strawberry.mutation(description="导入工具 · import an exported tool as a draft")
    async def import_tool(self, info: strawberry.Info, input: ImportToolInput) -> ToolPayload:
        return await _tool(info, lambda: tools.import_tool(
            ctx(info), _schema(info), input.file, input.jurisdiction_code
        ))  # fmt: skip
