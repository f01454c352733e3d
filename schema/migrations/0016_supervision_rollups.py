"""Daily supervision rollups (督办考核): per Beijing day, county and unit (a window's requests,
a department's handoffs, a handler's handoffs), the additive figures of supervisionStats,
kept up by the flow in the transaction of each change (resolvers/deadlines/rollups.py),
and indexes covering the open records past due that the dashboard still counts live.
A database that already holds records gets them built here (the frozen copy in
frozen/rollups_0016.py); an empty one is built by the first dashboard read."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

from schema.migrations.frozen.rollups_0016 import build_rollups


async def backfill(apps, schema_editor):
    await build_rollups(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [('models', '0015_token_limits')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SupervisionRollup',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('day', fields.DateField()),
                ('kind', fields.CharField(max_length=10)),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('unit_id', fields.IntField(default=0, db_default=0)),
                ('department_id', fields.IntField(null=True)),
                ('received', fields.IntField(default=0, db_default=0)),
                ('completed', fields.IntField(default=0, db_default=0)),
                ('on_time', fields.IntField(default=0, db_default=0)),
                ('late', fields.IntField(default=0, db_default=0)),
                ('workdays_total', fields.IntField(default=0, db_default=0)),
                ('workdays_counted', fields.IntField(default=0, db_default=0)),
                ('extended', fields.IntField(default=0, db_default=0)),
                ('extension_reports', fields.IntField(default=0, db_default=0)),
                ('rated_1', fields.IntField(default=0, db_default=0)),
                ('rated_2', fields.IntField(default=0, db_default=0)),
                ('rated_3', fields.IntField(default=0, db_default=0)),
                ('rated_4', fields.IntField(default=0, db_default=0)),
                ('rated_5', fields.IntField(default=0, db_default=0)),
            ],
            options={'table': 'supervision_rollup', 'app': 'models', 'unique_together': (('day', 'kind', 'jurisdiction_id', 'unit_id'),), 'indexes': [Index(fields=['kind', 'jurisdiction_id', 'day'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        # The open records past due today (overdue, counted live): read from the index alone.
        ops.AddIndex(
            model_name='ServiceRequest',
            index=Index(fields=['status', 'due_on', 'jurisdiction_id', 'window_id', 'received_at']),
        ),
        ops.AddIndex(
            model_name='Handoff',
            index=Index(fields=['status', 'due_on', 'jurisdiction_id', 'department_id', 'handler_id', 'created_at']),
        ),
        ops.RunPython(backfill, ops.RunPython.noop),
    ]
