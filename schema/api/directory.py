"""Connections over the reference and organisation types (cards: schema/api/cards.py)."""

from __future__ import annotations

import strawberry

from resolvers.directory import specs as listings
from schema.api.connections import connection_field
from schema.api.ordering import order_input
from schema.types.catalogue import CardProgramme, ServiceItem, TalentCategory
from schema.types.customfields import CustomFieldCondition
from schema.types.directory import Department, Employer, ServiceWindow
from schema.types.filters import (
    DeliveryChannelFilter,
    EmployerKindFilter,
    IDFilter,
    IntFilter,
    JurisdictionLevelFilter,
    ServiceCategoryFilter,
    ServiceItemStatusFilter,
    ServiceModeFilter,
    SpecialistKindFilter,
    SpecialistStatusFilter,
    StringFilter,
    optional,
)
from schema.types.geo import Jurisdiction
from schema.types.specialists import Specialist

_IN = "辖区内 · in this jurisdiction or any under it"



@strawberry.input(description="行政区划筛选 · jurisdiction filter")
class JurisdictionFilter:
    code: StringFilter | None = optional("区划代码 · code")
    name: StringFilter | None = optional("名称 · name")
    level: JurisdictionLevelFilter | None = optional("层级 · level")
    parent_code: StringFilter | None = optional("上级代码 · parent code")
    within_jurisdiction: str | None = optional(_IN)


@strawberry.input(description="职能部门筛选 · department filter")
class DepartmentFilter:
    id: IDFilter | None = optional("标识 · ID")
    name: StringFilter | None = optional("名称 · name")
    channel: DeliveryChannelFilter | None = optional("送达渠道 · channel")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional(_IN)


@strawberry.input(description="服务窗口筛选 · service window filter")
class ServiceWindowFilter:
    name: StringFilter | None = optional("名称 · name")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional(_IN)


@strawberry.input(description="用人单位筛选 · employer filter")
class EmployerFilter:
    id: IDFilter | None = optional("标识 · ID")
    name: StringFilter | None = optional("名称 · name")
    credit_code: StringFilter | None = optional("统一社会信用代码 · credit code")
    kind: EmployerKindFilter | None = optional("单位性质 · kind")
    industry: StringFilter | None = optional("行业 · industry")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional(_IN)
    custom: list[CustomFieldCondition] | None = strawberry.field(
        default=None, description="自定义字段条件 · conditions on custom fields (all hold)"
    )


@strawberry.input(description="人才类别筛选 · talent category filter")
class TalentCategoryFilter:
    code: StringFilter | None = optional("代码 · code")
    name: StringFilter | None = optional("名称 · name")
    ladder: StringFilter | None = optional("分类体系 · ladder")
    rank: IntFilter | None = optional("层次 · rank")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")


@strawberry.input(description="人才卡项目筛选 · card programme filter")
class CardProgrammeFilter:
    code: StringFilter | None = optional("代码 · code")
    name: StringFilter | None = optional("名称 · name")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")


@strawberry.input(description="服务事项筛选 · service item filter")
class ServiceItemFilter:
    id: IDFilter | None = optional("标识 · ID")
    code: StringFilter | None = optional("事项编码 · code")
    name: StringFilter | None = optional("名称 · name")
    category: ServiceCategoryFilter | None = optional("类别 · category")
    mode: ServiceModeFilter | None = optional("办理方式 · mode")
    status: ServiceItemStatusFilter | None = optional("状态 · status")
    time_limit_workdays: IntFilter | None = optional("办理时限 · time limit in working days")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional(_IN)
    department_id: IDFilter | None = optional("责任部门 · responsible department")


@strawberry.input(description="服务专员筛选 · specialist filter")
class SpecialistFilter:
    name: StringFilter | None = optional("姓名 · name")
    kind: SpecialistKindFilter | None = optional("类型 · kind")
    status: SpecialistStatusFilter | None = optional("状态 · status")
    department_id: IDFilter | None = optional("部门 · department")
    window_id: IDFilter | None = optional("窗口 · window")
    employer_id: IDFilter | None = optional("单位 · employer")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional(_IN)


JurisdictionOrder = order_input("Jurisdiction", "行政区划", ["CODE", "NAME"])
DepartmentOrder = order_input("Department", "职能部门", ["ID", "NAME"])
ServiceWindowOrder = order_input("ServiceWindow", "服务窗口", ["ID", "NAME"])
EmployerOrder = order_input("Employer", "用人单位", ["ID", "NAME"])
TalentCategoryOrder = order_input("TalentCategory", "人才类别", ["ID", "NAME", "RANK"])
CardProgrammeOrder = order_input("CardProgramme", "人才卡项目", ["ID", "NAME"])
ServiceItemOrder = order_input("ServiceItem", "服务事项", ["ID", "NAME", "CODE"])
SpecialistOrder = order_input("Specialist", "服务专员", ["ID", "NAME"])


@strawberry.type
class DirectoryQueries:
    jurisdictions = connection_field(
        listings.JURISDICTIONS, Jurisdiction, JurisdictionFilter, JurisdictionOrder,
        "行政区划 · jurisdictions",
    )  # fmt: skip
    departments = connection_field(
        listings.DEPARTMENTS, Department, DepartmentFilter, DepartmentOrder, "职能部门 · departments"
    )
    service_windows = connection_field(
        listings.SERVICE_WINDOWS, ServiceWindow, ServiceWindowFilter, ServiceWindowOrder,
        "服务窗口 · service windows",
    )  # fmt: skip
    employers = connection_field(
        listings.EMPLOYERS, Employer, EmployerFilter, EmployerOrder,
        "用人单位 · employers the caller may see",
    )  # fmt: skip
    talent_categories = connection_field(
        listings.TALENT_CATEGORIES, TalentCategory, TalentCategoryFilter, TalentCategoryOrder,
        "人才类别 · talent categories",
    )  # fmt: skip
    card_programmes = connection_field(
        listings.CARD_PROGRAMMES, CardProgramme, CardProgrammeFilter, CardProgrammeOrder,
        "人才卡项目 · card programmes",
    )  # fmt: skip
    service_items = connection_field(
        listings.SERVICE_ITEMS, ServiceItem, ServiceItemFilter, ServiceItemOrder,
        "服务事项 · service catalogue",
    )  # fmt: skip
    specialists = connection_field(
        listings.SPECIALISTS, Specialist, SpecialistFilter, SpecialistOrder,
        "服务专员 · specialists the caller may see",
    )  # fmt: skip
