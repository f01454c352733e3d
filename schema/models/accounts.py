"""Users, API tokens and the Casbin rule table (our own adapter reads it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from schema.models.directory import Department
    from schema.models.geo import Jurisdiction
    from schema.models.talents import Talent


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=256)
    display_name = fields.CharField(max_length=64, null=True)
    talent: fields.ForeignKeyNullableRelation[Talent] = fields.ForeignKeyField(
        "models.Talent", related_name="users", null=True, on_delete=fields.SET_NULL
    )
    talent_id: int | None
    # Where the account belongs (归属): the office over it sees and manages it. Set from its
    # grants when it is made; the deployment's operator belongs nowhere in particular.
    jurisdiction: fields.ForeignKeyNullableRelation[Jurisdiction] = fields.ForeignKeyField(
        "models.Jurisdiction", related_name="users", null=True, on_delete=fields.RESTRICT
    )
    jurisdiction_id: str | None
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="users", null=True, on_delete=fields.RESTRICT
    )
    department_id: int | None
    is_active = fields.BooleanField(default=True)
    failed_logins = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    last_login_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "app_user"
        indexes = (("talent_id",), ("jurisdiction_id", "id"), ("department_id",), ("created_at",))


class ApiToken(Model):
    # A long-lived token for tools; only its SHA-256 is stored. Its one grant is
    # a Casbin `g` line with subject `token:<id>`.

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    token_hash = fields.CharField(max_length=64, unique=True)
    prefix = fields.CharField(max_length=16)
    role = fields.CharField(max_length=32)
    scope = fields.CharField(max_length=64)
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="api_tokens", on_delete=fields.RESTRICT
    )
    created_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_on = fields.DateField()
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)
    # Limits for outside builders: queries only; only these named GraphQL operations (null: any).
    read_only = fields.BooleanField(default=False, db_default=False)
    operations: fields.JSONField[list[str] | None] = fields.JSONField(null=True)

    class Meta:
        table = "api_token"
        indexes = (("created_by_id",),)


class CasbinRule(Model):
    # Casbin's rule table: `p` lines (role, resource, action) and `g` lines
    # (subject, role, scope).

    id = fields.IntField(primary_key=True)
    ptype = fields.CharField(max_length=8)
    v0 = fields.CharField(max_length=128, default="")
    v1 = fields.CharField(max_length=128, default="")
    v2 = fields.CharField(max_length=128, default="")
    v3 = fields.CharField(max_length=128, default="")
    v4 = fields.CharField(max_length=128, default="")
    v5 = fields.CharField(max_length=128, default="")

    class Meta:
        table = "casbin_rule"
        unique_together = (("ptype", "v0", "v1", "v2", "v3", "v4", "v5"),)
        indexes = (("ptype", "v0"),)


class PolicyVersion(Model):
    # One row; bumped whenever policies or grants change so compiled scopes are rebuilt.

    id = fields.IntField(primary_key=True)
    version = fields.IntField(default=0)

    class Meta:
        table = "policy_version"


class PolicyDefault(Model):
    # Every default policy line ever installed: a release's new defaults are added on
    # start, while a line an administrator removed is not brought back.
    id = fields.IntField(primary_key=True)
    role = fields.CharField(max_length=64)
    resource = fields.CharField(max_length=64)
    action = fields.CharField(max_length=64)

    class Meta:
        table = "policy_default"
        unique_together = (("role", "resource", "action"),)


class LoginThrottle(Model):
    # Failed sign-ins counted per key: one row for (username, client) and one for the
    # client alone, so a stranger's failures never lock the owner out elsewhere. The key
    # is a SHA-256, whatever length of username an attacker sends.
    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    # SHA-256 of the username on (username, client) rows, so an office's unlock finds them.
    account = fields.CharField(max_length=64, null=True)
    failures = fields.IntField(default=0)
    blocked_until = fields.DatetimeField(null=True)
    last_failure_at = fields.DatetimeField(null=True)
    # Failed-login audit rows are written for the first few failures of a client in a
    # window, then counted here and written as one aggregate row.
    unaudited = fields.IntField(default=0)
    window_started_at = fields.DatetimeField(null=True)

    class Meta:
        table = "login_throttle"
        indexes = (("account",), ("last_failure_at",))


class IdempotencyKey(Model):
    # A client's idempotency key (clientMutationId) for one submission: sending the same
    # mutation again with it returns the record the first one made (resolvers/core/
    # idempotency.py). Inserted before the record, in its transaction: a concurrent twin
    # waits on the unique index and finds this row once the first commits. Pruned after
    # a week (jobs/idempotency.py).
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="idempotency_keys", on_delete=fields.CASCADE
    )
    user_id: int
    operation = fields.CharField(max_length=64)  # the mutation: submitServiceRequest
    key = fields.CharField(max_length=100)
    fingerprint = fields.CharField(max_length=64)  # SHA-256 of the input without the key
    target_id = fields.IntField(null=True)  # the record made; null only inside its transaction
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_key"
        unique_together = (("user", "operation", "key"),)
        indexes = (("created_at",),)
