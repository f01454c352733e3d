"""Demo tools (工具): 石家庄's template 重点人才服务台账, 长安区's adapted clone of it, and the
长安区 window's daily board. Keys and documents are fixed, so the seed is deterministic.
The ledger shows 石家庄's two custom fields, 是否已购房 (`customFields.owns_home`) and
联系频次 (`customFields.contact_frequency`).
"""

from __future__ import annotations

import copy
from typing import Any

from resolvers.core.ids import encode_id
from resolvers.lowcode.trusted import register_operations
from schema import clock
from schema.models import TalentCategory, Tool
from schema.models.enums import ToolStatus

# The operations are written as the console's builder writes them (console/src/lib/tooldoc.ts):
# tables read `list`, charts `rows`, with $filter/$first/$offset/$orderBy.
LEDGER_OPERATION = (
    "query ToolTable($filter: TalentFilter, $first: Int, $offset: Int, $orderBy: [TalentOrder!]) {"
    " list: talents(filter: $filter, first: $first, offset: $offset, orderBy: $orderBy) { totalCount"
    " nodes { id name jurisdiction { id name } employer { id name } category { id code name }"
    " activeCard { id number tier { code } expiresOn } dedicatedSpecialist { id name officePhone }"
    " customFields } } }"
)
TODAY_OPERATION = (
    "query ToolTable($filter: ServiceRequestFilter, $first: Int, $offset: Int,"
    " $orderBy: [ServiceRequestOrder!]) {"
    " list: serviceRequests(filter: $filter, first: $first, offset: $offset, orderBy: $orderBy) { totalCount"
    " nodes { id number status receivedAt dueOn talent { id name } window { id name } } } }"
)
BY_STATUS_OPERATION = (
    "query ToolChart($filter: ServiceRequestFilter) {"
    " rows: serviceRequestCounts(filter: $filter, groupBy: [{field: STATUS}]) { keys labels count } }"
)
OVERDUE_OPERATION = (
    "query ToolTable($filter: HandoffFilter, $first: Int, $offset: Int, $orderBy: [HandoffOrder!]) {"
    " list: handoffs(filter: $filter, first: $first, offset: $offset, orderBy: $orderBy) { totalCount"
    " nodes { id status dueOn department { id name } serviceRequest { id number } } } }"
)
BY_ITEM_OPERATION = (
    "query ToolChart($filter: HandoffFilter) {"
    " rows: handoffCounts(filter: $filter, groupBy: [{field: ITEM}]) { keys labels count } }"
)
LEDGER_COLUMNS = [
    {"path": "name", "title": "姓名"}, {"path": "jurisdiction.name", "title": "所在县区"},
    {"path": "employer.name", "title": "用人单位"}, {"path": "category.name", "title": "人才类别"},
    {"path": "activeCard.number", "title": "人才绿卡卡号"},
    {"path": "activeCard.expiresOn", "title": "有效期至"},
    {"path": "dedicatedSpecialist.name", "title": "一对一服务专员"},
    {"path": "dedicatedSpecialist.officePhone", "title": "专员电话"},
    {"path": "customFields.owns_home", "title": "是否已购房"},  # 石家庄's custom fields
    {"path": "customFields.contact_frequency", "title": "联系频次"},
]  # fmt: skip


def ledger(categories: list[str], within: str | None = None) -> dict[str, Any]:
    """重点人才服务台账: talents of the given categories with their card and specialist."""
    condition: dict[str, Any] = {"categoryId": {"in": categories}}
    if within:
        condition["withinJurisdiction"] = within
    return {
        "format": 1,
        "description": "A/B 类人才的人才绿卡与一对一服务专员 · A/B talents, their card and specialist",
        "pages": [{
            "key": "ledger", "title": "重点人才服务台账",
            "blocks": [
                {"key": "talents", "type": "table", "title": "A/B 类人才", "connection": "talents",
                 "columns": copy.deepcopy(LEDGER_COLUMNS), "filter": condition,
                 "orderBy": [{"field": "NAME", "direction": "ASC"}], "pageSize": 50, "export": True,
                 "operation": LEDGER_OPERATION},
            ],
        }],
    }  # fmt: skip


COUNTS = {"category": "labels", "value": "count"}  # a grouped count's bucket → the chart


def daily_board() -> dict[str, Any]:
    """长安区窗口每日看板: today's requests, their statuses, overdue handoffs, handoffs by item."""
    within = {"withinJurisdiction": "130102"}
    return {
        "format": 1,
        "pages": [{
            "key": "today", "title": "今日受理",
            "blocks": [
                {"key": "day", "type": "filterBar", "title": "日期",
                 "fields": [{"field": "receivedAt", "title": "受理日期", "kind": "date", "operator": "day",
                             "default": "today"}],
                 "targets": ["requests", "byStatus"]},
                {"key": "requests", "type": "table", "title": "今日办件", "width": 16,
                 "connection": "serviceRequests",
                 "columns": [{"path": "number", "title": "办件编号"}, {"path": "status", "title": "状态"},
                             {"path": "talent.name", "title": "人才"},
                             {"path": "window.name", "title": "窗口"},
                             {"path": "dueOn", "title": "办结期限"}],
                 "filter": within, "orderBy": [{"field": "RECEIVED_AT", "direction": "DESC"}], "pageSize": 50,
                 "export": True, "operation": TODAY_OPERATION},
                {"key": "byStatus", "type": "chart", "title": "办件状态", "width": 8, "kind": "pie",
                 "source": {"query": "serviceRequestCounts", "groupBy": [{"field": "STATUS"}],
                            "mapping": COUNTS},
                 "filter": within, "operation": BY_STATUS_OPERATION},
                {"key": "overdue", "type": "table", "title": "超期转办件", "width": 16,
                 "connection": "handoffs",
                 "columns": [{"path": "serviceRequest.number", "title": "办件编号"},
                             {"path": "department.name", "title": "承办部门"},
                             {"path": "status", "title": "状态"}, {"path": "dueOn", "title": "办理期限"}],
                 "filter": {**within, "overdue": True}, "pageSize": 20, "operation": OVERDUE_OPERATION},
                {"key": "byItem", "type": "chart", "title": "按事项统计转办件", "width": 8, "kind": "bar",
                 "source": {"query": "handoffCounts", "groupBy": [{"field": "ITEM"}], "mapping": COUNTS},
                 "filter": within,
                 "operation": BY_ITEM_OPERATION},
            ],
            "links": [{"from": "requests", "to": "overdue",
                       "variables": {"serviceRequestId": "id"}}],
        }],
    }  # fmt: skip


async def _published(**values: Any) -> Tool:
    tool = await Tool.create(status=ToolStatus.PUBLISHED, published_at=clock.now(), version=1, **values)
    await register_operations(tool)
    return tool


async def seed_tools() -> None:
    ids = dict(await TalentCategory.filter(code__in=["sjz.A", "sjz.B"]).values_list("code", "id"))
    categories = [encode_id("TalentCategory", ids[code]) for code in ("sjz.A", "sjz.B")]
    template = await _published(
        key="sjz-key-talents", name="重点人才服务台账", jurisdiction_id="130100", owner_id="130100",
        roles=",city_admin,county_admin,window_specialist,", is_template=True, document=ledger(categories),
        created_by="sjz_admin",
    )  # fmt: skip
    adapted = ledger(categories, within="130102")
    adapted["pages"][0]["title"] = "长安区重点人才服务台账"
    await _published(
        key="changan-key-talents", name="长安区重点人才服务台账", jurisdiction_id="130102", owner_id="130102",
        roles=",county_admin,window_specialist,", document=adapted, template_key=template.key,
        template_version=template.version, created_by="changan_admin",
    )  # fmt: skip
    await _published(
        key="changan-window-daily", name="长安区窗口每日看板", jurisdiction_id="130102", owner_id="130102",
        roles=",county_admin,window_specialist,", document=daily_board(), created_by="changan_admin",
    )  # fmt: skip
