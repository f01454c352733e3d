"""A tool version's life (工具版本): drafted, published (retiring the version before it),
retired."""

from __future__ import annotations

from resolvers.core.transitions import Flow
from schema.models.enums import ToolStatus as T

TOOL_FLOW = Flow("tool", {T.DRAFT: {T.PUBLISHED}, T.PUBLISHED: {T.RETIRED}})
