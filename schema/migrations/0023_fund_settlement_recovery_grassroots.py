"""Bank returns on payments, recoveries (追回) and repayments, and experts serving the grassroots (专家服务基层)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from schema.models.enums import FundSchedule, GrassrootsAreaKind, GrassrootsServiceStatus, LedgerKind, PaymentBatchStatus, RecoveryStatus, ReportKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from schema.migration_ops import AlterFieldKeepIndexes

class Migration(migrations.Migration):
    dependencies = [('models', '0022_fund_payments')]

    initial = False

    operations = [
        ops.CreateModel(
            name='GrassrootsArea',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('jurisdiction', fields.ForeignKeyField('models.Jurisdiction', source_field='jurisdiction_id', db_constraint=True, to_field='code', related_name='grassroots_areas', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='UNDERDEVELOPED: UNDERDEVELOPED\nOLD_REVOLUTIONARY: OLD_REVOLUTIONARY\nGRASSROOTS: GRASSROOTS', enum_type=GrassrootsAreaKind, max_length=24)),
                ('note', fields.TextField(null=True, unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'grassroots_area', 'app': 'models', 'unique_together': (('jurisdiction', 'kind'),), 'pk_attr': 'id', 'table_description': 'A county designated as a grassroots area (欠发达地区、革命老区、基层一线), as data.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='GrassrootsExpert',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('year', fields.IntField()),
                ('talent_id', fields.IntField()),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('employer_id', fields.IntField(null=True)),
                ('required_days', fields.IntField(default=15)),
                ('listed_by', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'grassroots_expert', 'app': 'models', 'unique_together': (('year', 'talent_id'),), 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['year', 'jurisdiction_id']), Index(fields=['talent_id'])], 'pk_attr': 'id', 'table_description': 'An expert listed for a year (纳入服务基层范围的高层次人才). Scope columns are the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='GrassrootsService',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('expert', fields.ForeignKeyField('models.GrassrootsExpert', source_field='expert_id', db_constraint=True, to_field='id', related_name='services', on_delete=OnDelete.RESTRICT)),
                ('year', fields.IntField()),
                ('talent_id', fields.IntField()),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('employer_id', fields.IntField(null=True)),
                ('area_jurisdiction_id', fields.CharField(max_length=6)),
                ('unit_name', fields.CharField(max_length=128)),
                ('starts_on', fields.DateField()),
                ('ends_on', fields.DateField()),
                ('days', fields.IntField()),
                ('content', fields.TextField(unique=False)),
                ('status', fields.CharEnumField(default=GrassrootsServiceStatus.RECORDED, description='RECORDED: RECORDED\nCONFIRMED: CONFIRMED\nREJECTED: REJECTED', enum_type=GrassrootsServiceStatus, max_length=16)),
                ('opinion', fields.TextField(null=True, unique=False)),
                ('recorded_by', fields.CharField(max_length=64)),
                ('confirmed_by', fields.CharField(null=True, max_length=64)),
                ('confirmed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('payment_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'grassroots_service', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['area_jurisdiction_id', 'id']), Index(fields=['expert_id']), Index(fields=['year', 'status']), Index(fields=['talent_id']), Index(fields=['payment_id'])], 'pk_attr': 'id', 'table_description': 'One stretch of service in a grassroots area (服务记录): where, when, how many days and'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Recovery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('entitlement', fields.ForeignKeyField('models.Entitlement', source_field='entitlement_id', db_constraint=True, to_field='id', related_name='recoveries', on_delete=OnDelete.RESTRICT)),
                ('policy_id', fields.IntField()),
                ('talent_id', fields.IntField()),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('employer_id', fields.IntField(null=True)),
                ('trigger', fields.CharField(max_length=16)),
                ('reason', fields.TextField(null=True, unique=False)),
                ('paid_fen', fields.BigIntField()),
                ('amount_fen', fields.BigIntField()),
                ('repaid_fen', fields.BigIntField(default=0)),
                ('status', fields.CharEnumField(default=RecoveryStatus.OPEN, description='OPEN: OPEN\nSETTLED: SETTLED\nWRITTEN_OFF: WRITTEN_OFF', enum_type=RecoveryStatus, max_length=16)),
                ('write_off_reason', fields.TextField(null=True, unique=False)),
                ('opened_by', fields.CharField(max_length=64)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'recovery', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['talent_id']), Index(fields=['policy_id']), Index(fields=['entitlement_id']), Index(fields=['status']), Index(fields=['employer_id'])], 'pk_attr': 'id', 'table_description': 'A clawback (追回单): opened when a trigger stops an entitlement whose policy recovers'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Repayment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recovery', fields.ForeignKeyField('models.Recovery', source_field='recovery_id', db_constraint=True, to_field='id', related_name='repayments', on_delete=OnDelete.RESTRICT)),
                ('amount_fen', fields.BigIntField()),
                ('paid_on', fields.DateField()),
                ('reference', fields.CharField(null=True, max_length=64)),
                ('recorded_by', fields.CharField(max_length=64)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'repayment', 'app': 'models', 'indexes': [Index(fields=['recovery_id', 'id'])], 'pk_attr': 'id', 'table_description': 'Money the talent paid back against a recovery (追回还款).'},
            bases=['Model'],
        ),
        AlterFieldKeepIndexes(
            model_name='Entitlement',
            name='schedule',
            field=fields.CharEnumField(description='MONTHLY: MONTHLY\nYEARLY: YEARLY\nONCE: ONCE\nPER_DAY: PER_DAY', enum_type=FundSchedule, max_length=16),
        ),
        AlterFieldKeepIndexes(
            model_name='FundPolicy',
            name='schedule',
            field=fields.CharEnumField(description='MONTHLY: MONTHLY\nYEARLY: YEARLY\nONCE: ONCE\nPER_DAY: PER_DAY', enum_type=FundSchedule, max_length=16),
        ),
        AlterFieldKeepIndexes(
            model_name='LedgerEntry',
            name='kind',
            field=fields.CharEnumField(description='PAYMENT: PAYMENT\nREVERSAL: REVERSAL\nRECOVERY: RECOVERY', enum_type=LedgerKind, max_length=16),
        ),
        ops.AddField(
            model_name='LedgerEntry',
            name='recovery_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Payment',
            name='failure_reason',
            field=fields.CharField(null=True, max_length=128),
        ),
        ops.AddField(
            model_name='Payment',
            name='settled_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        AlterFieldKeepIndexes(
            model_name='PaymentBatch',
            name='status',
            field=fields.CharEnumField(default=PaymentBatchStatus.DRAFT, description='DRAFT: DRAFT\nAPPROVED: APPROVED\nSETTLED: SETTLED', enum_type=PaymentBatchStatus, max_length=16),
        ),
        ops.AddField(
            model_name='PaymentBatch',
            name='exported_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        AlterFieldKeepIndexes(
            model_name='Report',
            name='kind',
            field=fields.CharEnumField(description='TALENT_EXPORT: TALENT_EXPORT\nARCHIVE_EXPORT: ARCHIVE_EXPORT\nIMPORT_ERRORS: IMPORT_ERRORS\nQUARTERLY_ARCHIVE: QUARTERLY_ARCHIVE\nBANK_FILE: BANK_FILE', enum_type=ReportKind, max_length=24),
        ),
    ]
