"""Accounts made before 0010 belong where their grants lie, so the office over them sees
and manages them (the frozen copy in frozen/user_places_0011.py)."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from schema.migrations.frozen.user_places_0011 import backfill_user_places


async def backfill(apps, schema_editor):
    await backfill_user_places(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [('models', '0010_user_places_and_phone_lookup')]

    initial = False

    operations = [ops.RunPython(backfill, ops.RunPython.noop)]
