"""Completion figures for requests and handoffs that ended before 0006 added the columns,
so supervision counts them (resolvers/completion_backfill.py)."""

from tortoise import migrations
from tortoise.migrations import operations as ops


async def backfill(apps, schema_editor):
    from resolvers.completion_backfill import backfill_completion_figures

    await backfill_completion_figures(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [('models', '0006_specialists_supervision_complaints')]

    initial = False

    operations = [ops.RunPython(backfill, ops.RunPython.noop)]
