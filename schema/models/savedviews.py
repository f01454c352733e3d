"""Saved views (视图): a list's filter, columns and order under a name, kept by the user who
saved it and shown to them only, unless shared with a role on a jurisdiction (read-only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from schema.models.accounts import User
    from schema.models.geo import Jurisdiction


class SavedView(Model):
    id = fields.IntField(primary_key=True)
    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="saved_views", on_delete=fields.CASCADE
    )
    owner_id: int
    connection = fields.CharField(max_length=64)  # the Query field it lists: talents, serviceRequests
    name = fields.CharField(max_length=64)
    filter_input: fields.JSONField[Any] = fields.JSONField(null=True)  # the connection's `filter`, as sent
    columns: fields.JSONField[list[str]] = fields.JSONField(default=list)  # field paths: employer.name
    order_by: fields.JSONField[Any] = fields.JSONField(null=True)  # the connection's `orderBy`
    # Shared (read-only) with the holders of `shared_role` at `shared_jurisdiction` or under it;
    # both null: private to its owner.
    shared_role = fields.CharField(max_length=32, null=True)
    shared_jurisdiction: fields.ForeignKeyNullableRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="shared_views", null=True, on_delete=fields.RESTRICT
    )
    shared_jurisdiction_id: str | None
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "saved_view"
        # The owner's own views of a list, by name (one name per list and owner).
        unique_together = (("owner", "connection", "name"),)
        # The views shared with a role, placed at the jurisdictions above a grant.
        indexes = (("connection", "shared_role", "shared_jurisdiction_id"),)
