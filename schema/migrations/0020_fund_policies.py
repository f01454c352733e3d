"""Fund policies (资金政策): one table, `fund_policy`, of versioned policies that pay talents."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from schema.models.enums import ClawbackRule, FundPolicyStatus, FundSchedule, FundStartEvent
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0019_province_store')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FundPolicy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(max_length=64)),
                ('version', fields.IntField(default=1)),
                ('name', fields.CharField(max_length=128)),
                ('basis', fields.TextField(null=True, unique=False)),
                ('jurisdiction', fields.ForeignKeyField('models.Jurisdiction', source_field='jurisdiction_id', db_constraint=True, to_field='code', related_name='fund_policies', on_delete=OnDelete.RESTRICT)),
                ('eligibility', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('amount_fen', fields.BigIntField()),
                ('schedule', fields.CharEnumField(description='MONTHLY: MONTHLY\nYEARLY: YEARLY\nONCE: ONCE', enum_type=FundSchedule, max_length=16)),
                ('months', fields.IntField()),
                ('start_event', fields.CharEnumField(description='WORK_START: WORK_START\nHOME_PURCHASE: HOME_PURCHASE\nDECISION: DECISION', enum_type=FundStartEvent, max_length=16)),
                ('budget_fen', fields.BigIntField(null=True)),
                ('clawback', fields.CharEnumField(description='NONE: NONE\nFULL: FULL\nPRO_RATA: PRO_RATA', enum_type=ClawbackRule, max_length=16)),
                ('triggers', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('status', fields.CharEnumField(default=FundPolicyStatus.DRAFT, description='DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nRETIRED: RETIRED', enum_type=FundPolicyStatus, max_length=16)),
                ('effective_from', fields.DateField(null=True)),
                ('effective_to', fields.DateField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'fund_policy', 'app': 'models', 'unique_together': (('code', 'version'),), 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['status']), Index(fields=['name']), Index(fields=['schedule'])], 'pk_attr': 'id', 'table_description': 'One version of a fund policy (资金政策). Editing a published version drafts the'},
            bases=['Model'],
        ),
    ]
