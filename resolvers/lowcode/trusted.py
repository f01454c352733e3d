"""Trusted documents (受信操作): publishing a tool version registers the operations its
blocks run (sha256 → text). A client of a published tool sends only hashes and the tool's
id; the gateway runs the registered text of that tool's published version, nothing else,
with the caller's own credential and scopes (no elevation)."""

from __future__ import annotations

from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError
from resolvers.lowcode.access import find_tool
from resolvers.lowcode.document import operations
from schema.models import Tool, ToolOperation
from schema.models.enums import ToolStatus
from schema.sql import insert_many


def _unregistered() -> UserError:
    return UserError("extensions.persistedQuery", ErrorCode.NOT_FOUND, "该工具未登记此操作",
                     "operation not registered for this tool")  # fmt: skip


async def register_operations(tool: Tool) -> None:
    seen: dict[str, dict[str, object]] = {}
    for operation in operations(tool.document):
        seen.setdefault(operation.sha256, {"tool_id": tool.id, "sha256": operation.sha256,
                                           "text": operation.text, "path": operation.path[:128]})  # fmt: skip
    await ToolOperation.filter(tool_id=tool.id).delete()
    await insert_many(ToolOperation, list(seen.values()))


async def trusted_text(ctx: RequestContext, tool_id: str, sha256: str, query: str | None = None) -> str:
    """The registered text behind `sha256` for the published version of a tool the caller
    may open; NOT_FOUND otherwise (a tool they may not open is one that does not exist)."""
    ctx.require_principal()
    tool = await find_tool(ctx, tool_id, "extensions.toolId")
    if tool.status != ToolStatus.PUBLISHED:
        raise _unregistered()
    row = await ToolOperation.get_or_none(tool_id=tool.id, sha256=str(sha256).lower())
    if row is None or (query is not None and query != row.text):
        raise _unregistered()
    return row.text
