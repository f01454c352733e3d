"""Talent cards (人才卡) held by talents."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from schema.models.enums import CardStatus


class Card(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    programme = fields.ForeignKeyField(
        "models.CardProgramme", related_name="cards", on_delete=fields.RESTRICT
    )
    tier = fields.ForeignKeyField("models.CardTier", related_name="cards", on_delete=fields.RESTRICT)
    holder = fields.ForeignKeyField("models.Talent", related_name="cards", on_delete=fields.RESTRICT)
    jurisdiction = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="cards", on_delete=fields.RESTRICT
    )
    issued_on = fields.DateField()
    expires_on = fields.DateField()
    status = fields.CharEnumField(CardStatus, max_length=16, default=CardStatus.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)

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
