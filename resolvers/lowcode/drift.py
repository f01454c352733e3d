"""Schema drift (接口变化): every published tool's operations against today's schema, at
server start and at each publication. A broken tool is marked 需要修复 with the path and
reason, and its owners are told once; a repaired schema clears the mark. Never raises for
a tool: a tool that no longer fits the schema is a finding, not a crash."""

from __future__ import annotations

import logging

from graphql import GraphQLSchema
from tortoise.transactions import in_transaction

from resolvers.lowcode.document import check_operations
from resolvers.lowcode.owners import owner_office
from resolvers.messaging.notifications import Message, send
from schema.models import Tool
from schema.models.enums import ToolStatus

log = logging.getLogger(__name__)


async def check_drift(schema: GraphQLSchema) -> list[str]:
    """Mark and clear `needs_repair`; returns the outbox keys of the messages sent."""
    messages: list[Message] = []
    for tool in await Tool.filter(status=ToolStatus.PUBLISHED).order_by("id"):
        try:
            problems = check_operations(schema, tool.document)
        except Exception:  # a stored document this code cannot even read is broken too
            log.exception("tool %s: document unreadable", tool.id)
            problems = []
            reason = "工具文档无法读取 · the document cannot be read"
        else:
            reason = "；".join(f"{p.field}: {p.message}" for p in problems)[:4000]
        if problems or reason:
            if tool.needs_repair and tool.repair_reason == reason:
                continue
            tell = not tool.repair_notified
            await Tool.filter(id=tool.id).update(needs_repair=True, repair_reason=reason,
                                                 repair_notified=True)  # fmt: skip
            if tell:
                body = f"工具“{tool.name}”（第 {tool.version} 版）引用的接口已变化，需要修复：{reason}"
                messages.append(Message(await owner_office(tool.owner_id), f"工具需要修复：{tool.name}", body,
                                        "tool", tool.id))  # fmt: skip
        elif tool.needs_repair:
            await Tool.filter(id=tool.id).update(needs_repair=False, repair_reason=None,
                                                 repair_notified=False)  # fmt: skip
    return await send(messages) if messages else []


async def check_drift_at_start(schema: GraphQLSchema) -> None:
    """The server's start: a failure here is logged, never stops the server."""
    try:
        async with in_transaction():
            await check_drift(schema)  # the sweeper delivers the outbox copies
    except Exception:
        log.exception("checking tools against the schema failed")
