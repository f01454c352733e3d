"""Tortoise models: everything the gateway stores."""

from schema.models.accounts import ApiToken, CasbinRule, PolicyDefault, PolicyVersion, User
from schema.models.audit import AuditEvent
from schema.models.cards import Card
from schema.models.catalogue import (
    CardProgramme,
    CardTier,
    ServiceItem,
    ServiceItemDepartment,
    TalentCategory,
)
from schema.models.geo import Jurisdiction
from schema.models.organisations import Department, Employer, ServiceWindow
from schema.models.specialists import Specialist
from schema.models.talents import FamilyMember, Talent

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Card",
    "CardProgramme",
    "CardTier",
    "CasbinRule",
    "Department",
    "Employer",
    "FamilyMember",
    "Jurisdiction",
    "PolicyDefault",
    "PolicyVersion",
    "ServiceItem",
    "ServiceItemDepartment",
    "ServiceWindow",
    "Specialist",
    "Talent",
    "TalentCategory",
    "User",
]
