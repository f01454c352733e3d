"""Limits on API tokens for outside builders (Retool, Appsmith, 简道云): `read_only` (NOT NULL,
false for the tokens already there) and `operations`, the GraphQL operation names a token
may run (JSON list; null: any)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0014_saved_views')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ApiToken',
            name='read_only',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='ApiToken',
            name='operations',
            field=fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads),
        ),
    ]
