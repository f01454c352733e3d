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

LEDGER_OPERATION = (
    "query KeyTalentLedger($filter: TalentFilter, $first: Int, $after: String) {"
    " talents(filter: $filter, first: $first, after: $after) { totalCount"
    " pageInfo { hasNextPage endCursor }"
    " edges { node { id name jurisdiction { name } employer { name } category { code name }"
    " activeCard { number tier { code } expiresOn } dedicatedSpecialist { name officePhone }"
    " customFields } } } }"
)
TODAY_OPERATION = (
    "query TodaysRequests($filter: ServiceRequestFilter, $first: Int) {"
    " serviceRequests(filter: $filter, first: $first, orderBy: [{field: ID, direction: DESC}]) { totalCount"
    " edges { node { id number status receivedAt dueOn talent { name } window { name } } } } }"
)
BY_STATUS_OPERATION = (
    "query RequestsByStatus($filter: ServiceRequestFilter) {"
    " serviceRequestCounts(groupBy: [{field: STATUS}], filter: $filter) { keys labels count } }"
)
OVERDUE_OPERATION = (
    "query OverdueHandoffs($filter: HandoffFilter, $first: Int) {"
    " handoffs(filter: $filter, first: $first) { totalCount"
    " edges { node { id status dueOn department { name } serviceRequest { id number } } } } }"
)
BY_ITEM_OPERATION = (
    "query HandoffsByItem($filter: HandoffFilter) {"
    " handoffCounts(groupBy: [{field: ITEM}], filter: $filter) { keys labels count } }"
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
                 "fields": [{"variable": "receivedFrom", "title": "受理日期", "kind": "date"}],
                 "targets": ["requests", "byStatus"]},
                {"key": "requests", "type": "table", "title": "今日办件", "connection": "serviceRequests",
                 "columns": [{"path": "number", "title": "办件编号"}, {"path": "status", "title": "状态"},
                             {"path": "talent.name", "title": "人才"},
                             {"path": "window.name", "title": "窗口"},
                             {"path": "dueOn", "title": "办结期限"}],
                 "filter": within, "pageSize": 50, "export": True, "operation": TODAY_OPERATION},
                {"key": "byStatus", "type": "chart", "title": "办件状态", "kind": "pie",
                 "source": {"query": "serviceRequestCounts", "mapping": COUNTS},
                 "operation": BY_STATUS_OPERATION},
                {"key": "overdue", "type": "table", "title": "超期转办件", "connection": "handoffs",
                 "columns": [{"path": "serviceRequest.number", "title": "办件编号"},
                             {"path": "department.name", "title": "承办部门"},
                             {"path": "status", "title": "状态"}, {"path": "dueOn", "title": "办理期限"}],
                 "filter": {**within, "overdue": True}, "pageSize": 20, "operation": OVERDUE_OPERATION},
                {"key": "byItem", "type": "chart", "title": "按事项统计转办件", "kind": "bar",
                 "source": {"query": "handoffCounts", "mapping": COUNTS},
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
