"""Talent funds (人才资金): the policies that pay talents — subsidies and allowances — as
data an office edits and versions, like the service catalogue.

Money is integer fen (分) everywhere: no float ever holds an amount.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import ClawbackRule, FundPolicyStatus, FundSchedule, FundStartEvent

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
