"""Tool documents and GraphQL text the lowcode tests share."""

from __future__ import annotations

import copy
from typing import Any

TALENTS_OPERATION = (
    "query KeyTalents { talents(first: 50) { totalCount edges { node { id name "
    "jurisdiction { code } category { code } activeCard { number } } } } }"
)
ACCEPT_OPERATION = (
    "mutation Accept($id: ID!) { acceptHandoff(input: {handoffId: $id}) { userErrors { field code } } }"
)


def talent_ledger(operation: str = TALENTS_OPERATION) -> dict[str, Any]:
    """A one-page tool: a text block and a table over talents."""
    return copy.deepcopy({
        "format": 1,
        "pages": [{
            "key": "main", "title": "重点人才",
            "blocks": [
                {"key": "intro", "type": "text", "markdown": "# 重点人才服务台账"},
                {"key": "ledger", "type": "table", "title": "台账", "connection": "talents",
                 "columns": [{"path": "name", "title": "姓名"}, {"path": "jurisdiction.code"},
                             {"path": "activeCard.number", "title": "卡号"}],
                 "pageSize": 50, "export": True, "operation": operation},
            ],
        }],
    })  # fmt: skip


FIELDS = """id key name version status roles isTemplate templateVersion templateUpdateAvailable
  needsRepair repairReason document jurisdiction { code } owner { code } template { id version }
  trustedOperations { path sha256 }"""
TOOL = f"tool {{ {FIELDS} }}"
ERRORS = "userErrors { field code message messageEn }"
CREATE = f"mutation($input: CreateToolInput!) {{ createTool(input: $input) {{ {TOOL} {ERRORS} }} }}"
UPDATE = f"mutation($input: UpdateToolInput!) {{ updateTool(input: $input) {{ {TOOL} {ERRORS} }} }}"
PUBLISH = f"mutation($input: PublishToolInput!) {{ publishTool(input: $input) {{ {TOOL} {ERRORS} }} }}"
RETIRE = f"mutation($input: RetireToolInput!) {{ retireTool(input: $input) {{ {TOOL} {ERRORS} }} }}"
CLONE = f"mutation($input: CloneToolInput!) {{ cloneTool(input: $input) {{ {TOOL} {ERRORS} }} }}"
IMPORT = f"mutation($input: ImportToolInput!) {{ importTool(input: $input) {{ {TOOL} {ERRORS} }} }}"
EXPORT = f"mutation($input: ExportToolInput!) {{ exportTool(input: $input) {{ file {ERRORS} }} }}"
ONE = f"query($id: ID!) {{ tool(id: $id) {{ {FIELDS} }} }}"
LIST = "query { tools(first: 100) { totalCount edges { node { id name status version } } } }"
