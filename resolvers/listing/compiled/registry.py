"""Which fields of which GraphQL types compiled reads answer, and how: one table.

A field not in its type's table (a list, custom fields, a computed value, a field with
its own rule) is not compiled: an operation selecting it runs the resolvers as always.
Each entry mirrors what the type's resolver does (schema/types/): the same column, the
same scoped loader (a to-one object carries its resource's scope; `None`: visible with
its parent, like the unscoped loaders), the same masking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tortoise.models import Model

from permissions.masking import mask_address, mask_id_number, mask_phone
from schema import models as m


@dataclass(frozen=True)
class Column:
    """A stored value, serialized by the field's GraphQL type."""

    column: str


@dataclass(frozen=True)
class GlobalId:
    """`id`: encode_id(the type, the key column)."""

    type_name: str
    column: str = "id"


@dataclass(frozen=True)
class Masked:
    """A personal field: permissions.masking.reveal on the row of `resource`."""

    column: str
    mask: Callable[[str | None], str | None]
    audit_name: str


@dataclass(frozen=True)
class ToOne:
    """A foreign key's object, null when the key is or the caller may not see the row.
    `relation` may cross several keys ("request__talent")."""

    relation: str
    type_name: str
    resource: str | None

    @property
    def steps(self) -> tuple[str, ...]:
        return tuple(self.relation.split("__"))


@dataclass(frozen=True)
class ActiveCard:
    """Talent.activeCard: the latest issued ACTIVE card of the holder, scoped by `card`."""

    type_name: str = "Card"


FieldSpec = Column | GlobalId | Masked | ToOne | ActiveCard


@dataclass(frozen=True)
class TypeSpec:
    model: type[Model]
    resource: str | None  # whose pii:read masks its personal fields
    fields: dict[str, FieldSpec]
    # Its personal fields are masked by the rule for the object holding it (the applicant
    # of a handoff, by the handoff's), `resource` naming that object's.
    masked_by_parent: bool = False


def _columns(**names: str) -> dict[str, FieldSpec]:
    return {graphql: Column(column) for graphql, column in names.items()}


TYPES: dict[str, TypeSpec] = {
    "Handoff": TypeSpec(m.Handoff, "handoff", {
        "id": GlobalId("Handoff"),
        **_columns(status="status", dueOn="due_on", isLead="is_lead", outcome="outcome",
                   opinion="opinion", returnReason="return_reason",
                   deliveryAttempts="delivery_attempts", lastError="last_error",
                   createdAt="created_at", deliveredAt="delivered_at", acceptedAt="accepted_at",
                   completedAt="completed_at"),
        "department": ToOne("department", "Department", "department"),
        "serviceRequest": ToOne("request", "ServiceRequest", "service_request"),
        # the request's talent: a handoff copies it at intake (its talent_id is no key)
        "applicant": ToOne("request__talent", "Applicant", None),
    }),
    "Applicant": TypeSpec(m.Talent, "handoff", {
        "name": Column("name"),
        "idNumber": Masked("id_number", mask_id_number, "applicant.idNumber"),
        "phone": Masked("phone", mask_phone, "applicant.phone"),
    }, masked_by_parent=True),
    "ServiceRequest": TypeSpec(m.ServiceRequest, "service_request", {
        "id": GlobalId("ServiceRequest"),
        **_columns(number="number", status="status", channel="channel", note="note",
                   receivedAt="received_at", dueOn="due_on", completedAt="completed_at",
                   withdrawnAt="withdrawn_at"),
        "talent": ToOne("talent", "Talent", "talent"),
        "window": ToOne("window", "ServiceWindow", "service_window"),
    }),
    "Talent": TypeSpec(m.Talent, "talent", {
        "id": GlobalId("Talent"),
        **_columns(name="name", gender="gender", idKind="id_kind", nationality="nationality",
                   education="education", degree="degree",
                   professionalTitle="professional_title", skillLevel="skill_level",
                   status="status", introducedOn="introduced_on", leftOn="left_on",
                   createdAt="created_at", updatedAt="updated_at"),
        "idNumber": Masked("id_number", mask_id_number, "idNumber"),
        "phone": Masked("phone", mask_phone, "phone"),
        "address": Masked("address", mask_address, "address"),
        "jurisdiction": ToOne("jurisdiction", "Jurisdiction", "jurisdiction"),
        "employer": ToOne("employer", "Employer", "employer"),
        "category": ToOne("category", "TalentCategory", "talent_category"),
        "activeCard": ActiveCard(),
    }),
    "Card": TypeSpec(m.Card, "card", {
        "id": GlobalId("Card"),
        **_columns(number="number", status="status", issuedOn="issued_on", expiresOn="expires_on",
                   statusChangedAt="status_changed_at"),
        "tier": ToOne("tier", "CardTier", None),
        "programme": ToOne("programme", "CardProgramme", "card_programme"),
        "holder": ToOne("holder", "Talent", "talent"),
    }),
    "CardTier": TypeSpec(m.CardTier, None, {
        "id": GlobalId("CardTier"), **_columns(code="code", name="name", rank="rank"),
    }),
    "CardProgramme": TypeSpec(m.CardProgramme, None, {
        "id": GlobalId("CardProgramme"),
        **_columns(code="code", name="name", validityYears="validity_years"),
        "jurisdiction": ToOne("jurisdiction", "Jurisdiction", "jurisdiction"),
    }),
    "ServiceWindow": TypeSpec(m.ServiceWindow, None, {
        "id": GlobalId("ServiceWindow"), **_columns(name="name", address="address", phone="phone"),
        "jurisdiction": ToOne("jurisdiction", "Jurisdiction", "jurisdiction"),
        "parent": ToOne("parent", "ServiceWindow", "service_window"),
    }),
    "Jurisdiction": TypeSpec(m.Jurisdiction, None, {
        "id": GlobalId("Jurisdiction", "code"), **_columns(code="code", name="name", level="level"),
        "parent": ToOne("parent", "Jurisdiction", "jurisdiction"),
    }),
    "Employer": TypeSpec(m.Employer, None, {
        "id": GlobalId("Employer"),
        **_columns(name="name", creditCode="credit_code", kind="kind", industry="industry",
                   createdAt="created_at"),
        "jurisdiction": ToOne("jurisdiction", "Jurisdiction", "jurisdiction"),
    }),
    "TalentCategory": TypeSpec(m.TalentCategory, None, {
        "id": GlobalId("TalentCategory"),
        **_columns(code="code", name="name", ladder="ladder", rank="rank"),
        "jurisdiction": ToOne("jurisdiction", "Jurisdiction", "jurisdiction"),
    }),
    "Department": TypeSpec(m.Department, None, {
        "id": GlobalId("Department"), **_columns(name="name", channel="channel", phone="phone"),
        "jurisdiction": ToOne("jurisdiction", "Jurisdiction", "jurisdiction"),
    }),
}  # fmt: skip

# Under activeCard (a correlated subquery per column): its columns and its tier only.
ACTIVE_CARD_RELATIONS = frozenset({"tier"})

# The root connection fields compiled reads answer (each a `connection_field` over a plain
# Listing whose node type is in TYPES); tests/listing/test_compiled_reads.py compares each
# with the resolvers.
ROOT_FIELDS = frozenset({
    "handoffs", "serviceRequests", "talents", "cards",
    # the directory the console's pickers and filters read on every page
    "jurisdictions", "departments", "serviceWindows", "employers", "talentCategories", "cardProgrammes",
})  # fmt: skip
