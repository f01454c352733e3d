"""Low-code tools (工具) and their trusted operations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from resolvers.core.ids import encode_id
from resolvers.lowcode.templates import latest_template_version, template_of
from resolvers.lowcode.tools import template_update_available
from schema.types.base import Node
from schema.types.common import ctx
from schema.types.enums import ToolStatus
from schema.types.filters import _enum_filter
from schema.types.geo import Jurisdiction, jurisdiction_of

JurisdictionRef = Annotated[Jurisdiction, strawberry.lazy("schema.types.geo")]
ToolStatusFilter = _enum_filter(ToolStatus, "ToolStatusFilter", "工具状态")


@strawberry.type(description="受信操作 · a trusted operation of a published tool: send its hash")
class ToolOperation:
    path: str = strawberry.field(description="位置 · where in the document: pages[0].blocks[1].operation")
    sha256: str = strawberry.field(description="哈希 · sha256 of the text (persistedQuery.sha256Hash)")
    text: str = strawberry.field(description="操作文本 · the operation's text")


@strawberry.type(description="工具 · a low-code tool: a versioned JSON document of pages and blocks")
class Tool(Node):
    id: strawberry.ID = strawberry.field(description="全局标识 · global ID (of this version)")
    key: str = strawberry.field(description="工具标识 · key shared by every version of the tool")
    name: str = strawberry.field(description="名称 · name")
    description: str | None = strawberry.field(description="说明 · description")
    version: int = strawberry.field(description="版本 · version")
    status: ToolStatus = strawberry.field(description="状态 · status")
    document: JSON = strawberry.field(description="工具文档 · the document (see /console/tool.schema.json)")
    roles: list[str] = strawberry.field(description="可使用的角色 · roles that may open it")
    is_template: bool = strawberry.field(description="是否模板 · a template counties may clone")
    template_version: int | None = strawberry.field(description="模板版本 · template version cloned")
    needs_repair: bool = strawberry.field(description="需要修复 · no longer fits the schema")
    repair_reason: str | None = strawberry.field(description="修复原因 · the bad fields' paths and why")
    published_at: dt.datetime | None = strawberry.field(description="发布时间 · published at")
    updated_at: dt.datetime = strawberry.field(description="更新时间 · updated at")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Tool:
        return cls(
            id=strawberry.ID(encode_id("Tool", row.id)),
            key=row.key,
            name=row.name,
            description=row.description,
            version=row.version,
            status=row.status,
            document=row.document,
            roles=[r for r in row.roles.split(",") if r],
            is_template=row.is_template,
            template_version=row.template_version,
            needs_repair=row.needs_repair,
            repair_reason=row.repair_reason,
            published_at=row.published_at,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field(description="所属区划 · jurisdiction the tool serves")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="所有者 · the office that owns it (its place)")
    async def owner(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.owner_id)

    @strawberry.field(
        description="模板 · the template it was cloned from (its published version; else the one cloned)"
    )
    async def template(self, info: strawberry.Info) -> Tool | None:
        if self.row.template_key is None:
            return None
        row = await template_of(ctx(info)).load((self.row.template_key, self.row.template_version))
        return Tool.from_row(row) if row else None

    @strawberry.field(description="模板有新版本 · its template published a newer version")
    async def template_update_available(self, info: strawberry.Info) -> bool:
        if self.row.template_key is None:
            return False
        latest = await latest_template_version(ctx(info)).load(self.row.template_key)
        return template_update_available(self.row, latest)

    @strawberry.field(description="受信操作 · trusted operations of this published version")
    async def trusted_operations(self, info: strawberry.Info) -> list[ToolOperation]:
        rows = await ctx(info).loaders.operations_by_tool.load(self.row.id)
        return [ToolOperation(path=r.path, sha256=r.sha256, text=r.text) for r in rows]
