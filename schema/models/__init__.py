"""Tortoise models: everything the gateway stores (the floor: imports nothing of the project)."""

from schema.models.accounts import (
    ApiToken,
    CasbinRule,
    IdempotencyKey,
    LoginThrottle,
    PolicyDefault,
    PolicyVersion,
    User,
)
from schema.models.audit import AuditEvent
from schema.models.cards import Card, CardEvent, CardRevocation, CardRevocationStep
from schema.models.catalogue import (
    CardProgramme,
    CardTier,
    ServiceItem,
    ServiceItemDepartment,
    TalentCategory,
)
from schema.models.complaints import Complaint, ComplaintStep
from schema.models.customfields import CustomFieldDefinition
from schema.models.directory import Department, Employer, ServiceWindow
from schema.models.federation import ChangeRecord, Source, SourceError, SourceRecord
from schema.models.files import QuarterlyArchive, Report, TalentImport
from schema.models.funds import (
    Entitlement,
    FundApplication,
    FundApplicationStep,
    FundPolicy,
    LedgerEntry,
    Payment,
    PaymentBatch,
    Recovery,
    Repayment,
)
from schema.models.geo import Jurisdiction
from schema.models.grassroots import GrassrootsArea, GrassrootsExpert, GrassrootsService
from schema.models.lowcode import Tool, ToolOperation
from schema.models.recognition import (
    DirectRecognitionRule,
    Recognition,
    RecognitionObjection,
    RecognitionStep,
)
from schema.models.requests import (
    Appointment,
    ArchiveEntry,
    Evaluation,
    Handoff,
    HandoffExtension,
    ServiceRequest,
    ServiceRequestItem,
    StatusChange,
)
from schema.models.savedviews import SavedView
from schema.models.specialists import (
    DedicatedAssignment,
    Specialist,
    SpecialistSuccession,
    SpecialistTraining,
)
from schema.models.supervision import (
    CalendarDay,
    LocalCalendarDay,
    Notification,
    OutboxEntry,
    SupervisionRecord,
    SupervisionRollup,
)
from schema.models.talents import FamilyMember, Talent

__all__ = [
    "ApiToken",
    "Appointment",
    "ArchiveEntry",
    "AuditEvent",
    "CalendarDay",
    "Card",
    "CardEvent",
    "CardProgramme",
    "CardRevocation",
    "CardRevocationStep",
    "CardTier",
    "CasbinRule",
    "ChangeRecord",
    "Complaint",
    "ComplaintStep",
    "CustomFieldDefinition",
    "DedicatedAssignment",
    "Department",
    "DirectRecognitionRule",
    "Employer",
    "Entitlement",
    "Evaluation",
    "FamilyMember",
    "FundApplication",
    "FundApplicationStep",
    "FundPolicy",
    "GrassrootsArea",
    "GrassrootsExpert",
    "GrassrootsService",
    "Handoff",
    "HandoffExtension",
    "IdempotencyKey",
    "Jurisdiction",
    "LedgerEntry",
    "LocalCalendarDay",
    "LoginThrottle",
    "Notification",
    "OutboxEntry",
    "Payment",
    "PaymentBatch",
    "PolicyDefault",
    "PolicyVersion",
    "QuarterlyArchive",
    "Recognition",
    "RecognitionObjection",
    "RecognitionStep",
    "Recovery",
    "Repayment",
    "Report",
    "SavedView",
    "ServiceItem",
    "ServiceItemDepartment",
    "ServiceRequest",
    "ServiceRequestItem",
    "ServiceWindow",
    "Source",
    "SourceError",
    "SourceRecord",
    "Specialist",
    "SpecialistSuccession",
    "SpecialistTraining",
    "StatusChange",
    "SupervisionRecord",
    "SupervisionRollup",
    "Talent",
    "TalentCategory",
    "TalentImport",
    "Tool",
    "ToolOperation",
    "User",
]
