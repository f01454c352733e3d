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
    INACTIVE = "INACTIVE"  # left or stood down (离岗)
    PENDING = "PENDING"  # nominated as a successor, not yet filed (待备案)


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


class RecognitionStatus(str, Enum):
    COUNTY_REVIEW = "COUNTY_REVIEW"  # 县级初审
    CITY_REVIEW = "CITY_REVIEW"  # 市级复审
    PUBLICITY = "PUBLICITY"  # 公示
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


class RecognitionStepKind(str, Enum):
    SUBMITTED = "SUBMITTED"
    DIRECT_MATCH = "DIRECT_MATCH"  # 直接认定: a rule matched, reviews skipped as it allows
    COUNTY_REVIEW = "COUNTY_REVIEW"
    CITY_REVIEW = "CITY_REVIEW"
    PUBLICITY_STARTED = "PUBLICITY_STARTED"
    OBJECTION = "OBJECTION"
    OBJECTION_RESOLVED = "OBJECTION_RESOLVED"
    PUBLICITY_ENDED = "PUBLICITY_ENDED"
    WITHDRAWN = "WITHDRAWN"


class ReviewDecision(str, Enum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"


class DirectRuleKind(str, Enum):
    AWARD = "AWARD"  # a listed national award (何梁何利奖, 茅盾文学奖 …)
    SALARY_TAX = "SALARY_TAX"  # annual salary and the employer's tax last year at least …


class ObjectionStatus(str, Enum):
    OPEN = "OPEN"
    UPHELD = "UPHELD"
    DISMISSED = "DISMISSED"


class CardEventKind(str, Enum):
    ISSUED = "ISSUED"
    UPGRADED = "UPGRADED"  # the new card of an upgrade
    SUPERSEDED = "SUPERSEDED"  # the old card of an upgrade
    RENEWED = "RENEWED"
    SUSPENDED = "SUSPENDED"
    REINSTATED = "REINSTATED"
    REVOCATION_PROPOSED = "REVOCATION_PROPOSED"
    REVOCATION_REVIEWED = "REVOCATION_REVIEWED"
    REVOCATION_REJECTED = "REVOCATION_REJECTED"
    REVOKED = "REVOKED"
    EXPIRY_NOTICE = "EXPIRY_NOTICE"
    EXPIRED = "EXPIRED"


class RevocationStatus(str, Enum):
    # 收回: employer proposal → window → HR bureau → talent office
    WINDOW_REVIEW = "WINDOW_REVIEW"
    HR_REVIEW = "HR_REVIEW"
    OFFICE_REVIEW = "OFFICE_REVIEW"
    REVOKED = "REVOKED"
    REJECTED = "REJECTED"


class ImportMode(str, Enum):
    ALL_OR_NOTHING = "ALL_OR_NOTHING"
    VALID_ROWS_ONLY = "VALID_ROWS_ONLY"


class JobStatus(str, Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"


class ReportKind(str, Enum):
    TALENT_EXPORT = "TALENT_EXPORT"
    ARCHIVE_EXPORT = "ARCHIVE_EXPORT"
    IMPORT_ERRORS = "IMPORT_ERRORS"
    QUARTERLY_ARCHIVE = "QUARTERLY_ARCHIVE"  # 服务工作档案, shared by scope rather than owned
    BANK_FILE = "BANK_FILE"  # 银行代发文件 of a payment batch


class DepartmentFunction(str, Enum):
    HUMAN_RESOURCES = "HUMAN_RESOURCES"  # 人力资源和社会保障局: a step of card revocation
    PUBLIC_SECURITY = "PUBLIC_SECURITY"
    EDUCATION = "EDUCATION"
    HEALTH = "HEALTH"
    HOUSING = "HOUSING"
    TAX = "TAX"
    CUSTOMS = "CUSTOMS"
    OTHER = "OTHER"


class SuccessionStatus(str, Enum):
    NOMINATED = "NOMINATED"  # 单位提名
    FILED = "FILED"  # 人才办备案
    REJECTED = "REJECTED"


class SatisfactionLevel(str, Enum):
    # The score of an evaluation, 5 … 1.
    VERY_SATISFIED = "VERY_SATISFIED"  # 非常满意 5
    SATISFIED = "SATISFIED"  # 满意 4
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED"  # 基本满意 3
    DISSATISFIED = "DISSATISFIED"  # 不满意 2
    VERY_DISSATISFIED = "VERY_DISSATISFIED"  # 非常不满意 1


class ComplaintKind(str, Enum):
    COMPLAINT = "COMPLAINT"  # 投诉
    RECTIFICATION = "RECTIFICATION"  # 整改: opened by a poor rating


class ComplaintSource(str, Enum):
    HOTLINE = "HOTLINE"  # 热线
    ONLINE = "ONLINE"  # 网上
    WINDOW = "WINDOW"  # 窗口当面
    EVALUATION = "EVALUATION"  # 差评整改


class ComplaintStatus(str, Enum):
    RECEIVED = "RECEIVED"  # 已受理
    ROUTED = "ROUTED"  # 已转办 (按责转办, 限时办结)
    ANSWERED = "ANSWERED"  # 已反馈 (逐一反馈)
    CLOSED = "CLOSED"  # 已回访办结


class ComplaintOutcome(str, Enum):
    SUBSTANTIATED = "SUBSTANTIATED"  # 属实
    PARTLY_SUBSTANTIATED = "PARTLY_SUBSTANTIATED"  # 部分属实
    UNFOUNDED = "UNFOUNDED"  # 不属实
    RECTIFIED = "RECTIFIED"  # 已整改


class CallbackResult(str, Enum):
    SATISFIED = "SATISFIED"  # 满意
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED"  # 基本满意
    DISSATISFIED = "DISSATISFIED"  # 不满意
    UNREACHABLE = "UNREACHABLE"  # 无法联系



class ToolStatus(str, Enum):
    DRAFT = "DRAFT"  # 草稿
    PUBLISHED = "PUBLISHED"  # 已发布
    RETIRED = "RETIRED"  # 已停用


class CustomFieldKind(str, Enum):
    TEXT = "TEXT"  # 文本
    NUMBER = "NUMBER"  # 数字
    DATE = "DATE"  # 日期
    ENUM = "ENUM"  # 选项
    BOOLEAN = "BOOLEAN"  # 是/否
    ATTACHMENT = "ATTACHMENT"  # 附件 (a reference to a stored file)


class CustomFieldStatus(str, Enum):
    ACTIVE = "ACTIVE"  # 启用
    RETIRED = "RETIRED"  # 停用


class FundSchedule(str, Enum):
    MONTHLY = "MONTHLY"  # each month of the support period
    YEARLY = "YEARLY"  # at the start of each year of it
    ONCE = "ONCE"  # once, at the start; the period is how long the talent must stay
    PER_DAY = "PER_DAY"  # per confirmed day of grassroots service (服务基层津补贴), in the period


class FundStartEvent(str, Enum):
    WORK_START = "WORK_START"  # 到岗: the day the talent starts work in the jurisdiction
    HOME_PURCHASE = "HOME_PURCHASE"  # 购房: the first home's purchase
    DECISION = "DECISION"  # 批准: the day the application is approved


class FundPolicyStatus(str, Enum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    RETIRED = "RETIRED"


class ClawbackRule(str, Enum):
    NONE = "NONE"  # paid money stays paid; payments stop
    FULL = "FULL"  # everything paid is recovered
    PRO_RATA = "PRO_RATA"  # the share of the period not served is recovered


class ClawbackTrigger(str, Enum):
    LEFT = "LEFT"  # the talent left the jurisdiction within the period
    CARD_REVOKED = "CARD_REVOKED"
    FALSIFIED = "FALSIFIED"  # an office found falsification or misuse (弄虚作假、违规使用)


class FundRuleField(str, Enum):
    CATEGORY = "CATEGORY"  # talent category codes
    CARD_TIER = "CARD_TIER"  # card tier codes of an active card
    DEGREE = "DEGREE"  # 博士 / 硕士 / 学士 …
    EMPLOYED_HERE = "EMPLOYED_HERE"  # an employer in the policy's jurisdiction
    FIRST_HOME = "FIRST_HOME"  # a first home bought in the jurisdiction (declared, with materials)
    SOCIAL_INSURANCE_MONTHS = "SOCIAL_INSURANCE_MONTHS"  # months of social insurance paid here


class FundApplicationStatus(str, Enum):
    COUNTY_REVIEW = "COUNTY_REVIEW"  # 县级初审
    CITY_REVIEW = "CITY_REVIEW"  # 市级复审 (a city's or the province's policy)
    APPROVED = "APPROVED"  # an entitlement was created
    REJECTED = "REJECTED"


class EntitlementStatus(str, Enum):
    ACTIVE = "ACTIVE"  # payments fall due in its period
    STOPPED = "STOPPED"  # a trigger happened: no payment from then on
    ENDED = "ENDED"  # its period ran out


class PaymentBatchStatus(str, Enum):
    DRAFT = "DRAFT"  # made by a payroll run, awaiting the office's approval
    APPROVED = "APPROVED"  # approved for the bank: its payments are on the ledger
    SETTLED = "SETTLED"  # the bank's return settled every payment (paid or failed)


class PaymentStatus(str, Enum):
    PENDING = "PENDING"
    PAID = "PAID"
    FAILED = "FAILED"


class LedgerKind(str, Enum):
    ENTITLEMENT = "ENTITLEMENT"  # granted (0: the record of the grant, no money moves)
    PAYMENT = "PAYMENT"  # paid out to the talent (+)
    REVERSAL = "REVERSAL"  # a payment the bank returned (−)
    RECOVERY = "RECOVERY"  # money recovered from the talent under a clawback (−)


class RecoveryStatus(str, Enum):
    OPEN = "OPEN"  # 追回中: repayments are recorded against it
    SETTLED = "SETTLED"  # 已追回: repaid in full
    WRITTEN_OFF = "WRITTEN_OFF"  # 已核销: the rest written off, with a reason


class GrassrootsAreaKind(str, Enum):
    UNDERDEVELOPED = "UNDERDEVELOPED"  # 欠发达地区
    OLD_REVOLUTIONARY = "OLD_REVOLUTIONARY"  # 革命老区
    GRASSROOTS = "GRASSROOTS"  # 基层一线


class GrassrootsServiceStatus(str, Enum):
    RECORDED = "RECORDED"  # 待确认: recorded by the expert or their office
    CONFIRMED = "CONFIRMED"  # 已确认: by the receiving county's office; the days count
    REJECTED = "REJECTED"  # 未确认: the receiving office did not confirm it
