"""Talent recognition (人才认定): applications, their review steps, objections during the
public notice (公示), and the direct-recognition rules (直接认定) kept as data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import DirectRuleKind, ObjectionStatus, RecognitionStatus

if TYPE_CHECKING:
    from schema.models.accounts import User
    from schema.models.catalogue import TalentCategory
    from schema.models.geo import Jurisdiction
    from schema.models.talents import Talent


class Recognition(Model):
    # Scope columns are copied from the talent when submitted (属地 at the time).
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    talent: fields.ForeignKeyRelation[Talent] = fields.ForeignKeyField(
        "models.Talent", related_name="recognitions", on_delete=fields.RESTRICT
    )
    talent_id: int
    category: fields.ForeignKeyRelation[TalentCategory] = fields.ForeignKeyField(
        "models.TalentCategory", related_name="recognitions", on_delete=fields.RESTRICT
    )
    category_id: int
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="recognitions", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    employer_id = fields.IntField(null=True)
    status = fields.CharEnumField(RecognitionStatus, max_length=16, default=RecognitionStatus.COUNTY_REVIEW)
    basis = fields.TextField()  # 申报依据
    materials: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    # declared national awards, matched by rules
    awards: fields.JSONField[list[str]] = fields.JSONField(default=list)
    annual_salary_yuan = fields.BigIntField(null=True)  # declared, checked by reviewers
    employer_tax_yuan = fields.BigIntField(null=True)  # the employer's tax paid last year
    direct_rule: fields.ForeignKeyNullableRelation[DirectRecognitionRule] = fields.ForeignKeyField(
        "models.DirectRecognitionRule", related_name="recognitions", null=True, on_delete=fields.SET_NULL
    )
    direct_rule_id: int | None
    submitted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="submitted_recognitions", null=True, on_delete=fields.SET_NULL
    )
    submitted_by_id: int | None
    publicity_from = fields.DateField(null=True)
    publicity_until = fields.DateField(null=True)  # last working day of the notice
    decided_at = fields.DatetimeField(null=True)
    card_id = fields.IntField(null=True)  # the card issued or upgraded on approval
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "recognition"
        indexes = (
            ("jurisdiction_id", "id"),
            ("talent_id", "status"),
            ("employer_id",),
            ("category_id",),
            ("status", "publicity_until"),
            ("created_at",),
        )


class RecognitionStep(Model):
    # Every step with opinion, actor and time (全程留痕); append-only.
    id = fields.BigIntField(primary_key=True)
    recognition: fields.ForeignKeyRelation[Recognition] = fields.ForeignKeyField(
        "models.Recognition", related_name="steps", on_delete=fields.CASCADE
    )
    recognition_id: int
    kind = fields.CharField(max_length=24)  # RecognitionStepKind
    decision = fields.CharField(max_length=8, null=True)  # ReviewDecision
    opinion = fields.TextField(null=True)
    actor = fields.CharField(max_length=64)
    from_status = fields.CharField(max_length=16, null=True)
    to_status = fields.CharField(max_length=16, null=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "recognition_step"
        indexes = (("recognition_id", "id"),)


class RecognitionObjection(Model):
    id = fields.IntField(primary_key=True)
    recognition: fields.ForeignKeyRelation[Recognition] = fields.ForeignKeyField(
        "models.Recognition", related_name="objections", on_delete=fields.CASCADE
    )
    recognition_id: int
    objector = fields.CharField(max_length=64)
    reason = fields.TextField()
    status = fields.CharEnumField(ObjectionStatus, max_length=12, default=ObjectionStatus.OPEN)
    resolution = fields.TextField(null=True)
    resolved_by = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    resolved_at = fields.DatetimeField(null=True)

    class Meta:
        table = "recognition_objection"
        indexes = (("recognition_id", "status"),)


class DirectRecognitionRule(Model):
    # Rules are data, edited through the API: which application may skip which reviews.
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=128)
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="direct_rules", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    category: fields.ForeignKeyRelation[TalentCategory] = fields.ForeignKeyField(
        "models.TalentCategory", related_name="direct_rules", on_delete=fields.RESTRICT
    )
    category_id: int
    kind = fields.CharEnumField(DirectRuleKind, max_length=16)
    awards: fields.JSONField[list[str]] = fields.JSONField(default=list)  # AWARD: any of these names matches
    min_annual_salary_yuan = fields.BigIntField(null=True)  # SALARY_TAX thresholds
    min_employer_tax_yuan = fields.BigIntField(null=True)
    # steps skipped: COUNTY_REVIEW, CITY_REVIEW, PUBLICITY
    skips: fields.JSONField[list[str]] = fields.JSONField(default=list)
    source = fields.TextField(null=True)  # the policy text it comes from
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "direct_recognition_rule"
        indexes = (("jurisdiction_id", "id"), ("category_id",), ("kind",))
