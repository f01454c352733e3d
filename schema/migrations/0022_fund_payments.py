"""Payment batches (发放批次), payments (unique per entitlement and month) and the funds ledger."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from schema.models.enums import LedgerKind, PaymentBatchStatus, PaymentStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0021_fund_applications')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LedgerEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='PAYMENT: PAYMENT\nREVERSAL: REVERSAL', enum_type=LedgerKind, max_length=16)),
                ('amount_fen', fields.BigIntField()),
                ('talent_id', fields.IntField()),
                ('policy_id', fields.IntField()),
                ('entitlement_id', fields.IntField()),
                ('payment_id', fields.IntField(null=True)),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('employer_id', fields.IntField(null=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'ledger_entry', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['talent_id']), Index(fields=['policy_id']), Index(fields=['payment_id'])], 'pk_attr': 'id', 'table_description': "An immutable line of the funds ledger (资金台账): a talent's and a policy's balance is"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PaymentBatch',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('period', fields.CharField(max_length=7)),
                ('status', fields.CharEnumField(default=PaymentBatchStatus.DRAFT, description='DRAFT: DRAFT\nAPPROVED: APPROVED', enum_type=PaymentBatchStatus, max_length=16)),
                ('total_fen', fields.BigIntField()),
                ('count', fields.IntField()),
                ('created_by', fields.CharField(max_length=64)),
                ('approved_by', fields.CharField(null=True, max_length=64)),
                ('approved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'payment_batch', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['jurisdiction_id', 'period']), Index(fields=['status'])], 'pk_attr': 'id', 'table_description': "A payroll run's payments for one paying jurisdiction and month (发放批次), approved"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Payment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('batch', fields.ForeignKeyField('models.PaymentBatch', source_field='batch_id', db_constraint=True, to_field='id', related_name='payments', on_delete=OnDelete.RESTRICT)),
                ('entitlement', fields.ForeignKeyField('models.Entitlement', source_field='entitlement_id', db_constraint=True, to_field='id', related_name='payments', on_delete=OnDelete.RESTRICT)),
                ('policy_id', fields.IntField()),
                ('talent_id', fields.IntField()),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('employer_id', fields.IntField(null=True)),
                ('period', fields.CharField(max_length=7)),
                ('amount_fen', fields.BigIntField()),
                ('status', fields.CharEnumField(default=PaymentStatus.PENDING, description='PENDING: PENDING\nPAID: PAID\nFAILED: FAILED', enum_type=PaymentStatus, max_length=16)),
                ('bank_name', fields.CharField(null=True, max_length=64)),
                ('bank_account', fields.CharField(null=True, max_length=32)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payment', 'app': 'models', 'unique_together': (('entitlement', 'period'),), 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['batch_id', 'id']), Index(fields=['talent_id']), Index(fields=['policy_id', 'period']), Index(fields=['status'])], 'pk_attr': 'id', 'table_description': 'One installment of an entitlement (发放). (entitlement, period) is unique: a payroll'},
            bases=['Model'],
        ),
    ]
