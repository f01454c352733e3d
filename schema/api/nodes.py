"""`node(id)` and `nodes(ids)` (Relay).

Tools, custom-field definitions and saved views load through their domains' own scope
rules, which register with `resolvers.listing.nodes` when their modules are imported
(the `_…_nodes` imports below make sure they are)."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry

from resolvers.core.errors import ErrorCode, UserError
from resolvers.customfields import definitions as _definition_nodes  # noqa: F401
from resolvers.grassroots import loaders as _grassroots_nodes  # noqa: F401
from resolvers.listing.nodes import load_node
from resolvers.lowcode import access as _tool_nodes  # noqa: F401
from resolvers.savedviews import access as _view_nodes  # noqa: F401
from schema.types.archives import QuarterlyArchiveReport
from schema.types.base import Node
from schema.types.cards import Card
from schema.types.catalogue import CardProgramme, ServiceItem, TalentCategory
from schema.types.common import ctx
from schema.types.complaints import Complaint
from schema.types.customfields import CustomFieldDefinition
from schema.types.directory import Department, Employer, ServiceWindow
from schema.types.funds import Entitlement, FundApplication, FundPolicy, Payment, PaymentBatch, Recovery
from schema.types.geo import Jurisdiction
from schema.types.grassroots import GrassrootsArea, GrassrootsExpert, GrassrootsService
from schema.types.lowcode import Tool
from schema.types.recognition import Recognition
from schema.types.requests import Handoff, ServiceRequest
from schema.types.savedviews import SavedView
from schema.types.specialists import Specialist
from schema.types.talents import Talent

NODE_TYPES: dict[str, Any] = {
    "Jurisdiction": Jurisdiction,
    "Department": Department,
    "ServiceWindow": ServiceWindow,
    "Employer": Employer,
    "Talent": Talent,
    "TalentCategory": TalentCategory,
    "CardProgramme": CardProgramme,
    "Card": Card,
    "ServiceItem": ServiceItem,
    "Specialist": Specialist,
    "ServiceRequest": ServiceRequest,
    "Handoff": Handoff,
    "Recognition": Recognition,
    "QuarterlyArchiveReport": QuarterlyArchiveReport,
    "Complaint": Complaint,
    "FundPolicy": FundPolicy,
    "FundApplication": FundApplication,
    "Entitlement": Entitlement,
    "PaymentBatch": PaymentBatch,
    "Payment": Payment,
    "Recovery": Recovery,
    # Their domains' own scope rules, registered with resolvers.listing.nodes on import.
    "Tool": Tool,
    "CustomFieldDefinition": CustomFieldDefinition,
    "SavedView": SavedView,
    "GrassrootsArea": GrassrootsArea,
    "GrassrootsExpert": GrassrootsExpert,
    "GrassrootsService": GrassrootsService,
}

MAX_NODES = 100


@strawberry.type
class NodeQueries:
    @strawberry.field(description="节点 · any object by global ID; NOT_FOUND when not visible")
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> Node:
        type_name, row = await load_node(ctx(info), id)
        return NODE_TYPES[type_name].from_row(row)

    @strawberry.field(description="节点 · several objects by global ID (at most 100)")
    async def nodes(self, info: strawberry.Info, ids: list[strawberry.ID]) -> list[Node | None]:
        c = ctx(info)
        c.require_principal()
        if len(ids) > MAX_NODES:
            raise UserError("ids", ErrorCode.LIMIT_EXCEEDED, f"一次最多查询 {MAX_NODES} 个 ID",
                            f"at most {MAX_NODES} ids")  # fmt: skip
        # Gathered, so the loaders batch one query per type.
        found = await asyncio.gather(*(load_node(c, i) for i in ids), return_exceptions=True)
        out: list[Node | None] = []
        for result in found:
            if isinstance(result, UserError):
                out.append(None)
            elif isinstance(result, BaseException):
                raise result
            else:
                out.append(NODE_TYPES[result[0]].from_row(result[1]))
        return out
