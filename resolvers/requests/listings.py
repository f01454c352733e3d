"""Listing specs of service requests and handoffs (status everywhere)."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q, Subquery

from resolvers.customfields.filtering import CustomFieldListing, custom_filter
from resolvers.listing.connections import Listing
from resolvers.listing.counting import BY_JURISDICTION, GroupColumn
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn, date_column, datetime_column
from resolvers.requests.flow import OPEN_HANDOFF, OPEN_REQUEST
from schema import models as m
from schema.clock import china_today


def overdue(open_states: tuple[Any, ...]) -> Any:
    def build(flag: bool) -> Q:
        late = Q(status__in=list(open_states), due_on__lt=china_today())
        return late if flag else ~late

    build.column = "due_on"  # type: ignore[attr-defined]
    return build


def requests_with_item(ops: Any) -> Q:
    """Requests naming an item, as a subquery (a join would repeat requests)."""
    lines = m.ServiceRequestItem.filter(id_filter("ServiceItem", "item_id", "filter.itemId")(ops))
    return Q(id__in=Subquery(lines.values("request_id")))


requests_with_item.column = "id"  # type: ignore[attr-defined]
requests_with_item.pure = True  # type: ignore[attr-defined]


def handoffs_of_window(ops: Any) -> Q:
    requests = m.ServiceRequest.filter(id_filter("ServiceWindow", "window_id", "filter.windowId")(ops))
    return Q(request_id__in=Subquery(requests.values("id")))


handoffs_of_window.column = "request_id"  # type: ignore[attr-defined]
handoffs_of_window.pure = True  # type: ignore[attr-defined]

_ORDERS = {
    "ID": OrderColumn("id"),
    "DUE_ON": date_column("due_on"),
}

SERVICE_REQUESTS = CustomFieldListing(
    m.ServiceRequest,
    "service_request",
    {
        "id": id_filter("ServiceRequest", "id", "filter.id"),
        "number": "number",
        "status": "status",
        "channel": "channel",
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "window_id": id_filter("ServiceWindow", "window_id", "filter.windowId"),
        "item_id": requests_with_item,
        "due_on": "due_on",
        "received_at": "received_at",
        "overdue": overdue(OPEN_REQUEST),
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
        "custom": custom_filter,
    },
    {**_ORDERS, "RECEIVED_AT": datetime_column("received_at")},
    type_name="ServiceRequest",
)

HANDOFFS = Listing(
    m.Handoff,
    "handoff",
    {
        "id": id_filter("Handoff", "id", "filter.id"),
        "status": "status",
        "department_id": id_filter("Department", "department_id", "filter.departmentId"),
        "window_id": handoffs_of_window,
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "item_id": id_filter("ServiceItem", "item_id", "filter.itemId"),
        "service_request_id": id_filter("ServiceRequest", "request_id", "filter.serviceRequestId"),
        "due_on": "due_on",
        "overdue": overdue(OPEN_HANDOFF),
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {**_ORDERS, "CREATED_AT": datetime_column("created_at")},
)

# serviceRequestCounts / handoffCounts(groupBy): what their charts may be grouped by
REQUEST_GROUPS = {
    "STATUS": GroupColumn("status"),
    "CHANNEL": GroupColumn("channel"),
    "JURISDICTION": BY_JURISDICTION,
    "WINDOW": GroupColumn("window_id", "window__name", "ServiceWindow"),
    "RECEIVED_AT": GroupColumn("received_at", temporal="timestamp"),
    "DUE_ON": GroupColumn("due_on", temporal="date"),
}
HANDOFF_GROUPS = {
    "STATUS": GroupColumn("status"),
    "JURISDICTION": BY_JURISDICTION,
    "DEPARTMENT": GroupColumn("department_id", "department__name", "Department"),
    "ITEM": GroupColumn("item_id", "item__name", "ServiceItem"),
    "DUE_ON": GroupColumn("due_on", temporal="date"),
    "CREATED_AT": GroupColumn("created_at", temporal="timestamp"),
}
