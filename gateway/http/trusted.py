"""Trusted documents at /graphql: a request naming a tool and an operation's hash —

    {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "…"}, "toolId": "…"}, "variables": …}

— runs the text registered for that hash by the tool's published version, and nothing
else (resolvers/lowcode/trusted.py); any other hash, tool or version is refused with a
coded error. The text runs as any query does, with the caller's own credential.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from graphql import GraphQLError
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError
from resolvers.lowcode.trusted import trusted_text


def names_trusted_document(data: GraphQLRequestData) -> bool:
    return isinstance(data.extensions, dict) and "persistedQuery" in data.extensions


def refused(error: UserError) -> ExecutionResult:
    extensions: dict[str, Any] = {"code": error.code.value}
    if error.field:
        extensions["field"] = error.field
    if error.message_en:
        extensions["messageEn"] = error.message_en
    return ExecutionResult(data=None, errors=[GraphQLError(error.message, extensions=extensions)])


async def resolve_trusted(context: RequestContext, data: GraphQLRequestData) -> GraphQLRequestData:
    """`data` with the registered text as its query; raises UserError when there is none."""
    extensions = data.extensions or {}
    persisted, tool_id = extensions.get("persistedQuery"), extensions.get("toolId")
    sha = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if not isinstance(sha, str) or not isinstance(tool_id, str):
        raise UserError("extensions.persistedQuery", ErrorCode.VALIDATION,
                        "受信操作须同时给出 sha256Hash 与 toolId",
                        "a trusted document needs persistedQuery.sha256Hash and toolId")  # fmt: skip
    text = await trusted_text(context, tool_id, sha, data.query)
    return dataclasses.replace(data, query=text)
