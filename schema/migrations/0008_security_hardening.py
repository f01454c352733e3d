from tortoise import migrations
from tortoise.migrations import operations as ops
from schema.models.enums import CalendarDayKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0007_backfill_completion_figures')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LocalCalendarDay',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('jurisdiction', fields.ForeignKeyField('models.Jurisdiction', source_field='jurisdiction_id', db_constraint=True, to_field='code', related_name='calendar_days', on_delete=OnDelete.RESTRICT)),
                ('day', fields.DateField()),
                ('kind', fields.CharEnumField(description='HOLIDAY: HOLIDAY\nWORKDAY: WORKDAY', enum_type=CalendarDayKind, max_length=8)),
                ('name', fields.CharField(null=True, max_length=64)),
                ('created_by', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'local_calendar_day', 'app': 'models', 'unique_together': (('jurisdiction_id', 'day'),), 'indexes': [Index(fields=['day'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoginThrottle',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('account', fields.CharField(null=True, max_length=64)),
                ('failures', fields.IntField(default=0)),
                ('blocked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_failure_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('unaudited', fields.IntField(default=0)),
                ('window_started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_throttle', 'app': 'models', 'indexes': [Index(fields=['account']), Index(fields=['last_failure_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
