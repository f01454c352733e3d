"""Talent funds (人才资金): the policies that pay talents — subsidies and allowances — as
data an office edits and versions, like the service catalogue.

Money is integer fen (分) everywhere: no float ever holds an amount.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import (
    ClawbackRule,
    EntitlementStatus,
    FundApplicationStatus,
    FundPolicyStatus,
    FundSchedule,
    FundStartEvent,
    LedgerKind,
    PaymentBatchStatus,
    PaymentStatus,
    RecoveryStatus,
)

if TYPE_CHECKING:
    from schema.models.geo import Jurisdiction


class FundPolicy(Model):
    """One version of a fund policy (资金政策). Editing a published version drafts the
    next; publishing it retires the one before, so a code has one version in force."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64)
    version = fields.IntField(default=1)
    name = fields.CharField(max_length=128)
    basis = fields.TextField(null=True)  # 政策依据: the document and article
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="fund_policies", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    # Who is eligible: every rule must hold ([{"field": FundRuleField, "values": [...]}],
    # or {"field": ..., "atLeast": n} for counts); see resolvers/funds/eligibility.py.
    eligibility: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    amount_fen = fields.BigIntField()  # each payment
    schedule = fields.CharEnumField(FundSchedule, max_length=16)
    months = fields.IntField()  # the support period: payments fall in it; leaving within it triggers
    start_event = fields.CharEnumField(FundStartEvent, max_length=16)
    budget_fen = fields.BigIntField(null=True)  # a year's budget; None: not capped here
    clawback = fields.CharEnumField(ClawbackRule, max_length=16)
    triggers: fields.JSONField[list[str]] = fields.JSONField(default=list)  # ClawbackTrigger values
    status = fields.CharEnumField(FundPolicyStatus, max_length=16, default=FundPolicyStatus.DRAFT)
    effective_from = fields.DateField(null=True)
    effective_to = fields.DateField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "fund_policy"
        unique_together = (("code", "version"),)
        indexes = (("jurisdiction_id", "id"), ("status",), ("name",), ("schedule",))


class FundApplication(Model):
    """A talent's application for a policy (申领): by the talent, the employer's unit
    specialist or a window; reviewed by the county, then — for a city's or the province's
    policy — the city. Scope columns are the talent's at the time."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    policy: fields.ForeignKeyRelation[FundPolicy] = fields.ForeignKeyField(
        "models.FundPolicy", related_name="applications", on_delete=fields.RESTRICT
    )
    policy_id: int
    talent_id = fields.IntField()
    jurisdiction_id = fields.CharField(max_length=6)
    employer_id = fields.IntField(null=True)
    status = fields.CharEnumField(FundApplicationStatus, max_length=16)
    start_on = fields.DateField(null=True)  # the start event's day, declared (none for DECISION)
    first_home = fields.BooleanField(default=False)  # declared, with materials
    social_insurance_months = fields.IntField(null=True)  # declared, checked by the reviewers
    materials: fields.JSONField[list[str]] = fields.JSONField(default=list)
    bank_name = fields.CharField(max_length=64, null=True)
    bank_account = fields.CharField(max_length=32, null=True)  # personal data: masked without pii:read
    submitted_by = fields.CharField(max_length=64)  # the account that applied
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "fund_application"
        indexes = (("jurisdiction_id", "id"), ("talent_id", "policy_id"), ("policy_id", "status"),
                   ("status",), ("employer_id",), ("created_at",))  # fmt: skip


class FundApplicationStep(Model):
    """One step of an application: submitted, or a review's decision and opinion."""

    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[FundApplication] = fields.ForeignKeyField(
        "models.FundApplication", related_name="steps", on_delete=fields.CASCADE
    )
    application_id: int
    from_status = fields.CharField(max_length=16, null=True)
    to_status = fields.CharField(max_length=16)
    decision = fields.CharField(max_length=16, null=True)  # APPROVE | REJECT
    opinion = fields.TextField(null=True)
    actor = fields.CharField(max_length=64)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "fund_application_step"
        indexes = (("application_id", "id"),)


class Entitlement(Model):
    """What an approved application grants (享受资格): `amount_fen` per payment under the
    policy's schedule, from `starts_on` until `ends_on` (exclusive) unless stopped.
    One per application; never two active ones of a policy's code for one talent."""

    id = fields.IntField(primary_key=True)
    application: fields.OneToOneRelation[FundApplication] = fields.OneToOneField(
        "models.FundApplication", related_name="entitlement", on_delete=fields.RESTRICT
    )
    application_id: int
    policy: fields.ForeignKeyRelation[FundPolicy] = fields.ForeignKeyField(
        "models.FundPolicy", related_name="entitlements", on_delete=fields.RESTRICT
    )
    policy_id: int
    policy_code = fields.CharField(max_length=64)  # overlaps are refused across versions
    talent_id = fields.IntField()
    jurisdiction_id = fields.CharField(max_length=6)
    employer_id = fields.IntField(null=True)
    amount_fen = fields.BigIntField()
    schedule = fields.CharEnumField(FundSchedule, max_length=16)
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    status = fields.CharEnumField(EntitlementStatus, max_length=16, default=EntitlementStatus.ACTIVE)
    stopped_on = fields.DateField(null=True)
    stop_reason = fields.CharField(max_length=16, null=True)  # a ClawbackTrigger
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "entitlement"
        indexes = (("jurisdiction_id", "id"), ("talent_id", "policy_code"), ("policy_id", "status"),
                   ("status",), ("employer_id",))  # fmt: skip


class PaymentBatch(Model):
    """A payroll run's payments for one paying jurisdiction and month (发放批次), approved
    by its office before the bank pays them."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    jurisdiction_id = fields.CharField(max_length=6)  # the paying office
    period = fields.CharField(max_length=7)  # YYYY-MM the run was for
    status = fields.CharEnumField(PaymentBatchStatus, max_length=16, default=PaymentBatchStatus.DRAFT)
    total_fen = fields.BigIntField()
    count = fields.IntField()
    created_by = fields.CharField(max_length=64)
    approved_by = fields.CharField(max_length=64, null=True)
    approved_at = fields.DatetimeField(null=True)
    exported_at = fields.DatetimeField(null=True)  # the last bank file made of it
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "payment_batch"
        indexes = (("jurisdiction_id", "id"), ("jurisdiction_id", "period"), ("status",))


class Payment(Model):
    """One installment of an entitlement (发放). (entitlement, period) is unique among the
    payments the bank has not returned — a partial unique index, `payment_live_installment`
    (migration 0024), which Tortoise cannot declare on SQLite: a payroll run repeated, or
    two at once, never pays an installment twice, and a returned one is paid again."""

    id = fields.IntField(primary_key=True)
    batch: fields.ForeignKeyRelation[PaymentBatch] = fields.ForeignKeyField(
        "models.PaymentBatch", related_name="payments", on_delete=fields.RESTRICT
    )
    batch_id: int
    entitlement: fields.ForeignKeyRelation[Entitlement] = fields.ForeignKeyField(
        "models.Entitlement", related_name="payments", on_delete=fields.RESTRICT
    )
    entitlement_id: int
    policy_id = fields.IntField()
    talent_id = fields.IntField()
    jurisdiction_id = fields.CharField(max_length=6)  # the talent's county, as the entitlement's
    employer_id = fields.IntField(null=True)
    period = fields.CharField(max_length=7)  # the installment's month, YYYY-MM
    amount_fen = fields.BigIntField()
    status = fields.CharEnumField(PaymentStatus, max_length=16, default=PaymentStatus.PENDING)
    bank_name = fields.CharField(max_length=64, null=True)
    bank_account = fields.CharField(max_length=32, null=True)  # personal data
    failure_reason = fields.CharField(max_length=128, null=True)  # the bank's, when FAILED
    settled_at = fields.DatetimeField(null=True)  # when the bank's return said PAID or FAILED
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payment"
        indexes = (("jurisdiction_id", "id"), ("batch_id", "id"), ("talent_id",), ("policy_id", "period"),
                   ("status",))  # fmt: skip


class LedgerEntry(Model):
    """An immutable line of the funds ledger (资金台账): a talent's and a policy's balance is
    the sum of their entries' amounts (fen, signed)."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharEnumField(LedgerKind, max_length=16)
    amount_fen = fields.BigIntField()
    talent_id = fields.IntField()
    policy_id = fields.IntField()
    entitlement_id = fields.IntField()
    payment_id = fields.IntField(null=True)
    recovery_id = fields.IntField(null=True)
    jurisdiction_id = fields.CharField(max_length=6)
    employer_id = fields.IntField(null=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ledger_entry"
        indexes = (("jurisdiction_id", "id"), ("talent_id",), ("policy_id",), ("payment_id",))


class Recovery(Model):
    """A clawback (追回单): opened when a trigger stops an entitlement whose policy recovers
    money, for what the policy's rule gives (all that was paid, or the unserved share);
    repayments are recorded against it until it is settled or the rest is written off."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    entitlement: fields.ForeignKeyRelation[Entitlement] = fields.ForeignKeyField(
        "models.Entitlement", related_name="recoveries", on_delete=fields.RESTRICT
    )
    entitlement_id: int
    policy_id = fields.IntField()
    talent_id = fields.IntField()
    jurisdiction_id = fields.CharField(max_length=6)  # the talent's county, as the entitlement's
    employer_id = fields.IntField(null=True)
    trigger = fields.CharField(max_length=16)  # a ClawbackTrigger
    reason = fields.TextField(null=True)
    paid_fen = fields.BigIntField()  # what had been paid when it was opened
    amount_fen = fields.BigIntField()  # what is to be recovered
    repaid_fen = fields.BigIntField(default=0)
    status = fields.CharEnumField(RecoveryStatus, max_length=16, default=RecoveryStatus.OPEN)
    write_off_reason = fields.TextField(null=True)
    opened_by = fields.CharField(max_length=64)
    closed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "recovery"
        indexes = (("jurisdiction_id", "id"), ("talent_id",), ("policy_id",), ("entitlement_id",),
                   ("status",), ("employer_id",))  # fmt: skip


class Repayment(Model):
    """Money the talent paid back against a recovery (追回还款)."""

    id = fields.IntField(primary_key=True)
    recovery: fields.ForeignKeyRelation[Recovery] = fields.ForeignKeyField(
        "models.Recovery", related_name="repayments", on_delete=fields.RESTRICT
    )
    recovery_id: int
    amount_fen = fields.BigIntField()
    paid_on = fields.DateField()
    reference = fields.CharField(max_length=64, null=True)  # the receipt or transfer number
    recorded_by = fields.CharField(max_length=64)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "repayment"
        indexes = (("recovery_id", "id"),)
