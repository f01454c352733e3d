"""Listing specs of the reference and organisation types: which filter fields map to
which columns, and which fields a client may order by."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q, Subquery

from resolvers.customfields.filtering import CustomFieldListing, custom_filter
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from schema import models as m


def items_of_departments(ops: Any) -> Q:
    """Items a department is responsible for, as a subquery: a join would repeat an item
    once per matching department."""
    links = m.ServiceItemDepartment.filter(
        id_filter("Department", "department_id", "filter.departmentId")(ops)
    )
    return Q(id__in=Subquery(links.values("item_id")))


items_of_departments.column = "id"  # type: ignore[attr-defined]

_BY_NAME = {"ID": OrderColumn("id"), "NAME": OrderColumn("name")}

JURISDICTIONS = Listing(
    m.Jurisdiction,
    "jurisdiction",
    {
        "code": "code",
        "name": "name",
        "level": "level",
        "parent_code": "parent_id",
        "within_jurisdiction": within_jurisdiction("code"),
    },
    {"CODE": OrderColumn("code"), "NAME": OrderColumn("name")},
    pk="code",
)

DEPARTMENTS = Listing(
    m.Department,
    "department",
    {
        "id": id_filter("Department", "id", "filter.id"),
        "name": "name",
        "channel": "channel",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    _BY_NAME,
)

SERVICE_WINDOWS = Listing(
    m.ServiceWindow,
    "service_window",
    {
        "name": "name",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    _BY_NAME,
)

EMPLOYERS = CustomFieldListing(
    m.Employer,
    "employer",
    {
        "id": id_filter("Employer", "id", "filter.id"),
        "name": "name",
        "credit_code": "credit_code",
        "kind": "kind",
        "industry": "industry",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
        "custom": custom_filter,
    },
    _BY_NAME,
    type_name="Employer",
)

TALENT_CATEGORIES = Listing(
    m.TalentCategory,
    "talent_category",
    {"code": "code", "name": "name", "ladder": "ladder", "rank": "rank",
     "jurisdiction_code": "jurisdiction_id"},
    {**_BY_NAME, "RANK": OrderColumn("rank")},
)  # fmt: skip

CARD_PROGRAMMES = Listing(
    m.CardProgramme,
    "card_programme",
    {"code": "code", "name": "name", "jurisdiction_code": "jurisdiction_id"},
    _BY_NAME,
)

SERVICE_ITEMS = Listing(
    m.ServiceItem,
    "service_item",
    {
        "id": id_filter("ServiceItem", "id", "filter.id"),
        "code": "code",
        "name": "name",
        "category": "category",
        "mode": "mode",
        "status": "status",
        "time_limit_workdays": "time_limit_workdays",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
        "department_id": items_of_departments,
    },
    {**_BY_NAME, "CODE": OrderColumn("code")},
)

SPECIALISTS = Listing(
    m.Specialist,
    "specialist",
    {
        "name": "name",
        "kind": "kind",
        "status": "status",
        "department_id": id_filter("Department", "department_id", "filter.departmentId"),
        "window_id": id_filter("ServiceWindow", "window_id", "filter.windowId"),
        "employer_id": id_filter("Employer", "employer_id", "filter.employerId"),
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    _BY_NAME,
)
