"""Tools (工具) as data: drafts, versions, publication and retirement, templates and their
clones, export and import. Every change is checked (JSON Schema, live GraphQL schema) and
audited; publishing registers the version's operations as trusted documents.

Editing a published tool creates the next version as a draft; publishing it retires the
version before, so a tool has one published version at a time (like service items).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLSchema

from permissions.audit import audit
from permissions.roles import ROLES
from permissions.scopes import covers, jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import (
    ErrorCode,
    UserError,
    UserErrors,
    action_name,
    changed_meanwhile,
    forbidden,
    validation,
)
from resolvers.core.inputs import UNSET, Unset, read_text
from resolvers.core.lookup import find_jurisdiction
from resolvers.core.mutations import snapshot
from resolvers.core.transitions import change_status
from resolvers.lowcode.access import find_tool, role_marker
from resolvers.lowcode.document import check_document
from resolvers.lowcode.drift import check_drift
from resolvers.lowcode.flow import TOOL_FLOW
from resolvers.lowcode.templates import tell_clones
from resolvers.lowcode.trusted import register_operations
from schema import clock
from schema.models import Tool, User
from schema.models.enums import ToolStatus

EXPORT_FORMAT = "talentgate.tool"
# The roles a tool may be given: anyone who works at the console, not the deployment's
# operator nor a talent (whose own pages are fixed).
TOOL_ROLES = tuple(r for r in ROLES if r not in {"platform_admin", "talent", "card_verifier"})
AUDITED = ("key", "version", "name", "status", "jurisdiction_id", "owner_id", "roles", "is_template",
           "template_key", "template_version")  # fmt: skip


@dataclass(frozen=True)
class NewTool:
    """createTool: a draft in `jurisdiction_code` (default: the caller's own place)."""

    name: str
    document: Any
    roles: list[str]
    jurisdiction_code: str | None = None
    description: str | None = None
    is_template: bool = False


@dataclass(frozen=True)
class ToolChanges:
    """updateTool: UNSET keeps the stored value."""

    id: str
    name: str | Unset = UNSET
    document: Any = UNSET
    roles: list[str] | Unset = UNSET
    description: str | Unset | None = UNSET
    is_template: bool | Unset = UNSET


def _require(ctx: RequestContext, action: str, code: str) -> None:
    if not ctx.perms.allows("tool", action, [jur(code)]):
        raise forbidden(None, f"您无权在此区划{action_name(action)}工具",
                        f"not allowed to {action} tools here")  # fmt: skip


def _roles(roles: list[str], errors: list[UserError]) -> str:
    unknown = [r for r in roles if r not in TOOL_ROLES]
    if unknown:
        errors.append(validation("roles", f"不能把工具分配给角色：{', '.join(unknown)}",
                                 f"tools cannot be given to: {', '.join(unknown)}"))  # fmt: skip
    return "," + "".join(f"{role}," for role in sorted(set(roles) - set(unknown)))


def _template_place(code: str, is_template: bool, errors: list[UserError]) -> None:
    if is_template and not code.endswith("00"):
        errors.append(validation("isTemplate", "只有市级或省级工具可以作为模板",
                                 "only a city or province tool can be a template"))  # fmt: skip


async def _owner(ctx: RequestContext, fallback: str) -> str:
    user = await User.get_or_none(id=ctx.require_principal().user_id)
    return (user.jurisdiction_id if user else None) or fallback


async def _create(
    ctx: RequestContext, schema: GraphQLSchema, data: NewTool, operation: str, **extra: Any
) -> Tool:
    errors: list[UserError] = []
    name = read_text(data.name, "name", 128, required=True)
    description = read_text(data.description, "description", 2000)
    code = data.jurisdiction_code or await _owner(ctx, "")
    place = await find_jurisdiction(code)
    roles = _roles(data.roles, errors)
    _template_place(place.code, data.is_template, errors)
    errors += check_document(schema, data.document)
    if errors:
        raise UserErrors(errors)
    _require(ctx, "create", place.code)
    tool = await Tool.create(
        key=secrets.token_hex(8), version=1, name=name, description=description, jurisdiction_id=place.code,
        owner_id=await _owner(ctx, place.code), roles=roles, status=ToolStatus.DRAFT,
        document=data.document, is_template=data.is_template, created_by=ctx.actor.username, **extra,
    )  # fmt: skip
    await audit(ctx.actor, operation, "tool", tool.id, after=snapshot(tool, AUDITED),
                jurisdiction_code=tool.jurisdiction_id)  # fmt: skip
    return tool


async def create_tool(ctx: RequestContext, schema: GraphQLSchema, data: NewTool) -> Tool:
    return await _create(ctx, schema, data, "createTool")


async def update_tool(ctx: RequestContext, schema: GraphQLSchema, data: ToolChanges) -> Tool:
    tool = await find_tool(ctx, data.id)
    _require(ctx, "update", tool.jurisdiction_id)
    if tool.status == ToolStatus.RETIRED:
        raise UserError("id", ErrorCode.INVALID_STATE, "已停用的工具不能修改", "a retired tool cannot change")
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    if not isinstance(data.name, Unset):
        values["name"] = read_text(data.name, "name", 128, required=True)
    if not isinstance(data.description, Unset):
        values["description"] = read_text(data.description, "description", 2000)
    if not isinstance(data.roles, Unset):
        values["roles"] = _roles(data.roles, errors)
    if not isinstance(data.is_template, Unset):
        _template_place(tool.jurisdiction_id, data.is_template, errors)
        values["is_template"] = data.is_template
    if data.document is not UNSET:
        errors += check_document(schema, data.document)
        values["document"] = data.document
    if errors:
        raise UserErrors(errors)
    before = snapshot(tool, AUDITED)
    if tool.status == ToolStatus.PUBLISHED:
        if await Tool.filter(key=tool.key, status=ToolStatus.DRAFT).exists():
            raise UserError("id", ErrorCode.CONFLICT, "该工具已有待发布的新版本草稿",
                            "a draft of the next version exists")  # fmt: skip
        copied = ("key", "name", "description", "jurisdiction_id", "owner_id", "roles", "document",
                  "is_template", "template_key", "template_version")  # fmt: skip
        tool = await Tool.create(
            **{k: getattr(tool, k) for k in copied}, version=tool.version + 1, status=ToolStatus.DRAFT,
            created_by=ctx.actor.username,
        )  # fmt: skip
    tool.update_from_dict(values)
    await tool.save()
    await audit(ctx.actor, "updateTool", "tool", tool.id, before=before, after=snapshot(tool, AUDITED),
                jurisdiction_code=tool.jurisdiction_id)  # fmt: skip
    return tool


async def publish_tool(ctx: RequestContext, schema: GraphQLSchema, tool_id: str) -> Tool:
    """Checks the draft against today's schema, registers its operations, retires the
    version before; clones of a template hear of the new version; every published tool is
    checked for drift."""
    tool = await find_tool(ctx, tool_id)
    _require(ctx, "approve", tool.jurisdiction_id)
    if tool.status != ToolStatus.DRAFT:
        raise UserError("id", ErrorCode.INVALID_STATE, "只有草稿状态的工具才能发布",
                        "only a draft can be published")  # fmt: skip
    errors = check_document(schema, tool.document)
    if errors:
        raise UserErrors(errors)
    current = await Tool.filter(key=tool.key, status=ToolStatus.PUBLISHED).exclude(id=tool.id)
    for old in current:
        await change_status(old, TOOL_FLOW, ToolStatus.RETIRED)
    if not await change_status(tool, TOOL_FLOW, ToolStatus.PUBLISHED, published_at=clock.now(),
                               needs_repair=False, repair_reason=None, repair_notified=False):  # fmt: skip
        raise changed_meanwhile("id", "the tool changed meanwhile; try again")
    await register_operations(tool)
    if tool.is_template:
        ctx.jobs_after_commit += await tell_clones(tool)
    ctx.jobs_after_commit += await check_drift(schema)
    await audit(ctx.actor, "publishTool", "tool", tool.id,
                after={"version": tool.version, "retired": [o.id for o in current]},
                jurisdiction_code=tool.jurisdiction_id)  # fmt: skip
    return tool


async def retire_tool(ctx: RequestContext, tool_id: str, reason: str | None = None) -> Tool:
    tool = await find_tool(ctx, tool_id)
    _require(ctx, "approve", tool.jurisdiction_id)
    if tool.status != ToolStatus.PUBLISHED:
        raise UserError("id", ErrorCode.INVALID_STATE, "只有已发布的工具才能停用",
                        "only a published tool can be retired")  # fmt: skip
    reason = read_text(reason, "reason", 2000)
    if not await change_status(tool, TOOL_FLOW, ToolStatus.RETIRED):
        raise changed_meanwhile("id", "the tool changed meanwhile; try again")
    await audit(ctx.actor, "retireTool", "tool", tool.id, after={"reason": reason},
                jurisdiction_code=tool.jurisdiction_id)  # fmt: skip
    return tool


async def clone_tool(
    ctx: RequestContext, schema: GraphQLSchema, template_id: str, jurisdiction_code: str,
    name: str | None = None,
) -> Tool:  # fmt: skip
    """A county's own draft copy of a published template of its city or province."""
    template = await find_tool(ctx, template_id, "templateId")
    if not template.is_template or template.status != ToolStatus.PUBLISHED:
        raise UserError("templateId", ErrorCode.INVALID_STATE, "只能复制已发布的模板",
                        "only a published template can be cloned")  # fmt: skip
    place = await find_jurisdiction(jurisdiction_code)
    if not covers(jur(template.jurisdiction_id), jur(place.code)):
        raise validation("jurisdictionCode", "只能复制到模板所在区划之内",
                         "clone within the template's jurisdiction")  # fmt: skip
    data = NewTool(name=name or template.name, document=template.document,
                   roles=[r for r in template.roles.split(",") if r], jurisdiction_code=place.code,
                   description=template.description)  # fmt: skip
    return await _create(ctx, schema, data, "cloneTool", template_key=template.key,
                         template_version=template.version)  # fmt: skip


async def export_tool(ctx: RequestContext, tool_id: str) -> dict[str, Any]:
    """The file a tool travels in (another county, another deployment)."""
    tool = await find_tool(ctx, tool_id)
    await audit(ctx.actor, "exportTool", "tool", tool.id, after={"version": tool.version},
                jurisdiction_code=tool.jurisdiction_id)  # fmt: skip
    return {
        "format": EXPORT_FORMAT, "name": tool.name, "description": tool.description,
        "version": tool.version, "roles": [r for r in tool.roles.split(",") if r], "document": tool.document,
    }  # fmt: skip


async def import_tool(
    ctx: RequestContext, schema: GraphQLSchema, file: Any, jurisdiction_code: str | None = None
) -> Tool:
    """A new draft in the caller's jurisdiction (or `jurisdiction_code`) from an exported file."""
    if not isinstance(file, dict) or file.get("format") != EXPORT_FORMAT:
        raise validation("file", "不是工具导出文件", f"not a tool export (format {EXPORT_FORMAT})")
    roles = file.get("roles") or []
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise validation("file.roles", "角色应为字符串列表", "roles must be a list of strings")
    name, description = file.get("name"), file.get("description")
    if not isinstance(name, str) or not isinstance(description, str | None):
        raise validation("file.name", "工具名称缺失或格式不正确", "name missing or malformed")
    data = NewTool(name=name, document=file.get("document"), roles=roles,
                   jurisdiction_code=jurisdiction_code, description=description)  # fmt: skip
    return await _create(ctx, schema, data, "importTool")


def template_update_available(tool: Tool, latest: int | None) -> bool:
    return tool.template_version is not None and latest is not None and latest > tool.template_version


def holds_role(tool: Tool, role: str) -> bool:
    return role_marker(role) in tool.roles
