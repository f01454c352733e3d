"""GraphQL enums: the stored enums, described for low-code field pickers."""

from __future__ import annotations

import strawberry
from graphql import GraphQLEnumType, GraphQLSchema

from schema.models import enums as stored
from schema.models.enum_labels import value_labels


def describe_values(schema: GraphQLSchema) -> None:
    """Give every enum value of the built schema its label (schema/models/enum_labels.py),
    wherever the enum is declared: pickers show 审核中, not IN_REVIEW."""
    for type_ in schema.type_map.values():
        if isinstance(type_, GraphQLEnumType) and not type_.name.startswith("__"):
            labels = value_labels(type_.name)
            for name, value in type_.values.items():
                value.description = labels.get(name, value.description)


JurisdictionLevel = strawberry.enum(
    stored.JurisdictionLevel, description="行政层级 · PROVINCE 省 / CITY 市 / COUNTY 县区（含开发区）"
)
DeliveryChannel = strawberry.enum(
    stored.DeliveryChannel, description="送达渠道 · INBOX 平台收件箱 / WEBHOOK 部门系统回调"
)
EmployerKind = strawberry.enum(
    stored.EmployerKind, description="单位性质 · enterprise, institution, government, other"
)
Gender = strawberry.enum(stored.Gender, description="性别 · gender")
IdKind = strawberry.enum(stored.IdKind, description="证件类型 · RESIDENT_ID 居民身份证 / PASSPORT 护照")
TalentStatus = strawberry.enum(stored.TalentStatus, description="人才状态 · ACTIVE 在本地 / LEFT 已离开")
FamilyRelation = strawberry.enum(
    stored.FamilyRelation, description="家属关系 · SPOUSE 配偶 / CHILD 子女 / PARENT 父母"
)
CardStatus = strawberry.enum(
    stored.CardStatus,
    description="人才卡状态 · ACTIVE 有效 / SUSPENDED 暂停 / REVOKED 收回 / EXPIRED 过期 / "
    "SUPERSEDED 已升级替换",
)
ServiceCategory = strawberry.enum(
    stored.ServiceCategory,
    description="服务事项类别 · 户籍, 子女入学, 医疗, 社保, 住房, 金融, 出入境, 职称, 配偶就业, 税务, "
    "海关, 交通, 旅游健身, 休假疗养, 其他",
)
ServiceMode = strawberry.enum(
    stored.ServiceMode,
    description="办理方式 · DIRECT 随时受理、直接服务 / APPLICATION 一窗接件、专员办理",
)
ServiceItemStatus = strawberry.enum(
    stored.ServiceItemStatus, description="事项状态 · DRAFT 草稿 / PUBLISHED 已发布 / RETIRED 已停用"
)
SpecialistKind = strawberry.enum(
    stored.SpecialistKind,
    description="专员类型 · UNIT 单位专员 / HANDLING 承办专员 / WINDOW 窗口专员",
)
SpecialistStatus = strawberry.enum(
    stored.SpecialistStatus, description="专员状态 · ACTIVE 在岗 / INACTIVE 离岗"
)
RequestChannel = strawberry.enum(
    stored.RequestChannel, description="受理渠道 · WINDOW 窗口 / ONLINE 网上 / UNIT 单位专员代办"
)
RequestStatus = strawberry.enum(
    stored.RequestStatus,
    description="办件状态 · RECEIVED 已受理 / DISPATCHED 已转办 / IN_PROGRESS 办理中 / COMPLETED 已办结 / "
    "PARTIALLY_REJECTED 部分不予办理 / REJECTED 不予办理 / WITHDRAWN 已撤回 / ARCHIVED 已归档",
)
HandoffStatus = strawberry.enum(
    stored.HandoffStatus,
    description="转办状态 · PENDING 待送达 / DELIVERED 已送达 / ACCEPTED 已受理 / DONE 已办结 / "
    "RETURNED 已退回 / UNDELIVERABLE 无法送达 / WITHDRAWN 已撤回",
)
HandoffOutcome = strawberry.enum(
    stored.HandoffOutcome, description="办理结果 · APPROVED 同意 / REJECTED 不同意"
)
MaterialState = strawberry.enum(
    stored.MaterialState, description="材料状态 · ATTACHED 已上传 / SEEN 已核验原件"
)
ToolStatus = strawberry.enum(
    stored.ToolStatus, description="工具状态 · DRAFT 草稿 / PUBLISHED 已发布 / RETIRED 已停用"
)
GrassrootsAreaKind = strawberry.enum(
    stored.GrassrootsAreaKind,
    description="服务基层地区类型 · UNDERDEVELOPED 欠发达地区 / OLD_REVOLUTIONARY 革命老区 / "
    "GRASSROOTS 基层一线",
)
GrassrootsServiceStatus = strawberry.enum(
    stored.GrassrootsServiceStatus,
    description="服务记录状态 · RECORDED 待确认 / CONFIRMED 已确认 / REJECTED 未确认",
)
FundSchedule = strawberry.enum(
    stored.FundSchedule,
    description="发放方式 · MONTHLY 按月 / YEARLY 按年 / ONCE 一次性 / PER_DAY 按服务基层天数",
)
FundStartEvent = strawberry.enum(
    stored.FundStartEvent, description="起算事件 · WORK_START 到岗 / HOME_PURCHASE 购房 / DECISION 批准"
)
FundPolicyStatus = strawberry.enum(
    stored.FundPolicyStatus, description="政策状态 · DRAFT 草稿 / PUBLISHED 已发布 / RETIRED 已停止"
)
ClawbackRule = strawberry.enum(
    stored.ClawbackRule, description="追回方式 · NONE 不追回 / FULL 全额 / PRO_RATA 按未满期限比例"
)
ClawbackTrigger = strawberry.enum(
    stored.ClawbackTrigger,
    description="追回情形 · LEFT 期内离开 / CARD_REVOKED 收回人才卡 / FALSIFIED 弄虚作假",
)
FundRuleField = strawberry.enum(
    stored.FundRuleField,
    description="享受条件项 · CATEGORY 人才类别 / CARD_TIER 卡等级 / DEGREE 学位 / EMPLOYED_HERE 本地就业 / "
    "FIRST_HOME 本地首套房 / SOCIAL_INSURANCE_MONTHS 本地社保月数",
)
FundApplicationStatus = strawberry.enum(
    stored.FundApplicationStatus,
    description="申领状态 · COUNTY_REVIEW 县级初审 / CITY_REVIEW 市级复审 / APPROVED 已批准 / "
    "REJECTED 未通过",
)
EntitlementStatus = strawberry.enum(
    stored.EntitlementStatus, description="享受状态 · ACTIVE 享受中 / STOPPED 已停发 / ENDED 已期满"
)
PaymentBatchStatus = strawberry.enum(
    stored.PaymentBatchStatus, description="批次状态 · DRAFT 待审批 / APPROVED 已审批 / SETTLED 已结算"
)
RecoveryStatus = strawberry.enum(
    stored.RecoveryStatus, description="追回状态 · OPEN 追回中 / SETTLED 已追回 / WRITTEN_OFF 已核销"
)
PaymentStatus = strawberry.enum(
    stored.PaymentStatus, description="发放状态 · PENDING 待发放 / PAID 已发放 / FAILED 失败"
)
