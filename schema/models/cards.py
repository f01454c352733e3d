"""Talent cards (人才卡) held by talents, every event of a card, and revocation (收回)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import CardStatus, RevocationStatus

if TYPE_CHECKING:
    from schema.models.catalogue import CardProgramme, CardTier
    from schema.models.geo import Jurisdiction
    from schema.models.talents import Talent


class Card(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    programme: fields.ForeignKeyRelation[CardProgramme] = fields.ForeignKeyField(
        "models.CardProgramme", related_name="cards", on_delete=fields.RESTRICT
    )
    programme_id: int
    tier: fields.ForeignKeyRelation[CardTier] = fields.ForeignKeyField(
        "models.CardTier", related_name="cards", on_delete=fields.RESTRICT
    )
    tier_id: int
    holder: fields.ForeignKeyRelation[Talent] = fields.ForeignKeyField(
        "models.Talent", related_name="cards", on_delete=fields.RESTRICT
    )
    holder_id: int
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="cards", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    issued_on = fields.DateField()
    expires_on = fields.DateField()
    status = fields.CharEnumField(CardStatus, max_length=16, default=CardStatus.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)
    recognition_id = fields.IntField(null=True)  # the recognition it was issued on
    superseded_by_id = fields.IntField(null=True)  # the card of an upgrade
    status_changed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "card"
        indexes = (
            ("holder_id", "status"),
            ("jurisdiction_id", "id"),
            ("expires_on",),
            ("programme_id",),
            ("status",),
            ("issued_on",),
            ("tier_id",),
        )


class CardEvent(Model):
    # Every event of a card (history); append-only.
    id = fields.BigIntField(primary_key=True)
    card: fields.ForeignKeyRelation[Card] = fields.ForeignKeyField(
        "models.Card", related_name="events", on_delete=fields.CASCADE
    )
    card_id: int
    kind = fields.CharField(max_length=24)  # CardEventKind
    actor = fields.CharField(max_length=64)
    reason = fields.TextField(null=True)
    data: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "card_event"
        indexes = (("card_id", "id"), ("kind", "card_id"))


class CardRevocation(Model):
    # 收回: employer proposal → window → HR bureau → talent office, each a decision with reason.
    id = fields.IntField(primary_key=True)
    card: fields.ForeignKeyRelation[Card] = fields.ForeignKeyField(
        "models.Card", related_name="revocations", on_delete=fields.CASCADE
    )
    card_id: int
    jurisdiction: fields.ForeignKeyRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="card_revocations", on_delete=fields.RESTRICT
    )
    jurisdiction_id: str
    employer_id = fields.IntField(null=True)
    talent_id = fields.IntField()
    hr_department_id = fields.IntField(null=True)  # the HR bureau (人社局) that takes the third step
    status = fields.CharEnumField(RevocationStatus, max_length=16, default=RevocationStatus.WINDOW_REVIEW)
    reason = fields.TextField()
    proposed_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = "card_revocation"
        indexes = (
            ("jurisdiction_id", "id"), ("card_id", "status"), ("employer_id",), ("status",),
            ("hr_department_id",), ("talent_id",),
        )  # fmt: skip


class CardRevocationStep(Model):
    id = fields.BigIntField(primary_key=True)
    revocation: fields.ForeignKeyRelation[CardRevocation] = fields.ForeignKeyField(
        "models.CardRevocation", related_name="steps", on_delete=fields.CASCADE
    )
    revocation_id: int
    stage = fields.CharField(max_length=16)  # RevocationStatus the decision was taken at
    decision = fields.CharField(max_length=8)  # ReviewDecision
    reason = fields.TextField()
    actor = fields.CharField(max_length=64)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "card_revocation_step"
        indexes = (("revocation_id", "id"),)
