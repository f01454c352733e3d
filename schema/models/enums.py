"""Stored enumerations; the GraphQL enums reuse these classes."""

from __future__ import annotations

from enum import Enum


class JurisdictionLevel(str, Enum):
    PROVINCE = "PROVINCE"
    CITY = "CITY"
    COUNTY = "COUNTY"


class DeliveryChannel(str, Enum):
    INBOX = "INBOX"
    WEBHOOK = "WEBHOOK"


class EmployerKind(str, Enum):
    ENTERPRISE = "ENTERPRISE"
    INSTITUTION = "INSTITUTION"
    GOVERNMENT = "GOVERNMENT"
    OTHER = "OTHER"


class Gender(str, Enum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class IdKind(str, Enum):
    RESIDENT_ID = "RESIDENT_ID"
    PASSPORT = "PASSPORT"


class TalentStatus(str, Enum):
    ACTIVE = "ACTIVE"
    LEFT = "LEFT"


class FamilyRelation(str, Enum):
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"
    PARENT = "PARENT"


class CardStatus(str, Enum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    SUPERSEDED = "SUPERSEDED"


class ServiceCategory(str, Enum):
    HOUSEHOLD = "HOUSEHOLD"  # 户籍
    SCHOOL = "SCHOOL"  # 子女入学
    MEDICAL = "MEDICAL"  # 医疗
    SOCIAL_INSURANCE = "SOCIAL_INSURANCE"  # 社保
    HOUSING = "HOUSING"  # 住房
    FINANCE = "FINANCE"  # 金融
    ENTRY_EXIT = "ENTRY_EXIT"  # 出入境
    PROFESSIONAL_TITLE = "PROFESSIONAL_TITLE"  # 职称
    SPOUSE_EMPLOYMENT = "SPOUSE_EMPLOYMENT"  # 配偶就业
    TAX = "TAX"  # 税务
    CUSTOMS = "CUSTOMS"  # 海关
    TRANSPORT = "TRANSPORT"  # 交通
    TOURISM_FITNESS = "TOURISM_FITNESS"  # 旅游健身
    LEAVE_RECUPERATION = "LEAVE_RECUPERATION"  # 休假疗养
    OTHER = "OTHER"


class ServiceMode(str, Enum):
    DIRECT = "DIRECT"  # 随时受理、直接服务
    APPLICATION = "APPLICATION"  # 一窗接件、专员办理


class ServiceItemStatus(str, Enum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    RETIRED = "RETIRED"


class SpecialistKind(str, Enum):
    UNIT = "UNIT"  # 单位专员
    HANDLING = "HANDLING"  # 承办专员
    WINDOW = "WINDOW"  # 窗口专员


class SpecialistStatus(str, Enum):
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


class RequestChannel(str, Enum):
    WINDOW = "WINDOW"  # 窗口受理
    ONLINE = "ONLINE"  # 网上申请
    UNIT = "UNIT"  # 单位专员代办


class RequestStatus(str, Enum):
    RECEIVED = "RECEIVED"
    DISPATCHED = "DISPATCHED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    PARTIALLY_REJECTED = "PARTIALLY_REJECTED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"
    ARCHIVED = "ARCHIVED"


class HandoffStatus(str, Enum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    ACCEPTED = "ACCEPTED"
    DONE = "DONE"
    RETURNED = "RETURNED"
    UNDELIVERABLE = "UNDELIVERABLE"
    WITHDRAWN = "WITHDRAWN"


class HandoffOutcome(str, Enum):
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class MaterialState(str, Enum):
    ATTACHED = "ATTACHED"  # 已上传
    SEEN = "SEEN"  # 窗口已核验原件


class OutboxStatus(str, Enum):
    PENDING = "PENDING"
    DONE = "DONE"
    FAILED = "FAILED"


class NotificationChannel(str, Enum):
    IN_APP = "IN_APP"
    SMS = "SMS"
    WECHAT = "WECHAT"
    EMAIL = "EMAIL"


class NotificationStatus(str, Enum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class SupervisionKind(str, Enum):
    REMINDER = "REMINDER"  # 到期提醒
    OVERDUE = "OVERDUE"  # 超期督办
    ESCALATED = "ESCALATED"  # 上报市人才办


class CalendarDayKind(str, Enum):
    HOLIDAY = "HOLIDAY"  # 法定节假日
    WORKDAY = "WORKDAY"  # 调休上班日
