"""Completion figures for requests and handoffs that ended before 0006 added the columns,
so supervision counts them (the frozen copy in frozen/completion_0007.py)."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from schema.migrations.frozen.completion_0007 import backfill_completion_figures


async def backfill(apps, schema_editor):
    await backfill_completion_figures(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [('models', '0006_specialists_supervision_complaints')]

    initial = False

    operations = [ops.RunPython(backfill, ops.RunPython.noop)]
