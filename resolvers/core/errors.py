"""Expected failures with stable codes: they become `userErrors` (mutations) or
`extensions.code` (top-level errors), never stack traces.

Messages are written for the clerk at the console, in Chinese; `code` is what programs
test. The English wording (`en`) travels beside it for integrators: `messageEn` of a user
error, `extensions.messageEn` of a top-level error.
"""

from __future__ import annotations

from enum import Enum


class ErrorCode(str, Enum):
    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INVALID_STATE = "INVALID_STATE"
    CONFLICT = "CONFLICT"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"


class UserError(Exception):
    """One expected failure; `field` names the input field (camelCase) or is None.

    :param message: what went wrong, in Chinese, for the person at the console
    :param en: the same in English for integrators (None where only Chinese was written)
    """

    def __init__(self, field: str | None, code: ErrorCode | str, message: str, en: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.code = ErrorCode(code)
        self.message = message
        self.message_en = en


class UserErrors(Exception):
    """Several failures found at once (all input checked before anything is written)."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


# Records a message can name by their type (global IDs, lookups): 中文 name, English name.
RECORD_NAMES: dict[str, tuple[str, str]] = {
    "Node": ("对象", "node"),
    "ApiToken": ("接口令牌", "API token"),
    "AuditEvent": ("审计事件", "audit event"),
    "Card": ("人才卡", "card"),
    "CardProgramme": ("人才卡项目", "card programme"),
    "CardRevocation": ("人才卡收回申请", "card revocation"),
    "CardTier": ("卡等级", "card tier"),
    "Complaint": ("投诉", "complaint"),
    "CustomFieldDefinition": ("自定义字段", "custom field"),
    "DedicatedAssignment": ("一对一服务安排", "dedicated assignment"),
    "Department": ("职能部门", "department"),
    "DirectRecognitionRule": ("直接认定规则", "direct recognition rule"),
    "Entitlement": ("享受资格", "entitlement"),
    "FundApplication": ("资金申领", "fund application"),
    "FundPolicy": ("资金政策", "fund policy"),
    "Payment": ("发放记录", "payment"),
    "PaymentBatch": ("发放批次", "payment batch"),
    "Recovery": ("追回单", "recovery"),
    "Employer": ("用人单位", "employer"),
    "FamilyMember": ("家属", "family member"),
    "GrassrootsArea": ("服务基层地区", "grassroots area"),
    "GrassrootsExpert": ("服务基层专家", "grassroots expert"),
    "GrassrootsService": ("服务基层记录", "grassroots service"),
    "Handoff": ("转办件", "handoff"),
    "Jurisdiction": ("行政区划", "jurisdiction"),
    "Notification": ("通知", "notification"),
    "QuarterlyArchiveReport": ("服务工作档案", "quarterly archive report"),
    "Recognition": ("人才认定申请", "recognition"),
    "SavedView": ("视图", "saved view"),
    "ServiceItem": ("服务事项", "service item"),
    "ServiceRequest": ("服务申请", "service request"),
    "ServiceWindow": ("服务窗口", "service window"),
    "Specialist": ("服务专员", "specialist"),
    "SpecialistSuccession": ("专员调整", "specialist succession"),
    "SpecialistTraining": ("专员培训记录", "specialist training"),
    "Talent": ("人才", "talent"),
    "TalentCategory": ("人才类别", "talent category"),
    "TalentImport": ("人才导入任务", "talent import"),
    "Tool": ("工具", "tool"),
    "User": ("用户", "user"),
    "UserAccount": ("用户", "user"),
}


# Casbin actions as a message names them (您无权审批…).
ACTION_NAMES: dict[str, str] = {
    "read": "查看",
    "create": "新增",
    "update": "修改",
    "approve": "审批",
    "revoke": "收回",
    "dispatch": "转办",
    "handle": "办理",
    "pii:read": "查看个人信息",
    "admin": "管理",
}


def action_name(action: str) -> str:
    return ACTION_NAMES.get(action, action)


def validation(field: str | None, message: str, en: str | None = None) -> UserError:
    return UserError(field, ErrorCode.VALIDATION, message, en)


def not_found(field: str | None, what: str, what_en: str | None = None) -> UserError:
    """NOT_FOUND for `what`, a Chinese noun (人才, 人才卡 …); `what_en` names it in English."""
    en = f"{what_en} not found" if what_en else None
    return UserError(field, ErrorCode.NOT_FOUND, f"未找到该{what}", en)


def record_not_found(field: str | None, type_name: str) -> UserError:
    """NOT_FOUND for a record named by its type (`Talent`, `Card` …), as a global ID names it."""
    zh, en = RECORD_NAMES.get(type_name, ("记录", "record"))
    return not_found(field, zh, en)


def changed_meanwhile(field: str | None, en: str = "changed meanwhile; try again") -> UserError:
    """CONFLICT: someone else changed the record between reading and writing it."""
    return UserError(field, ErrorCode.CONFLICT, "该记录刚被他人修改，请刷新后重试", en)


def forbidden(field: str | None, message: str | None = None, en: str | None = None) -> UserError:
    """FORBIDDEN; without a message, the general 您无权进行此操作 (not allowed)."""
    if message is None:
        message, en = "您无权进行此操作", en or "not allowed"
    return UserError(field, ErrorCode.FORBIDDEN, message, en)
