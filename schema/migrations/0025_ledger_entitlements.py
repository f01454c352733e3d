"""Entitlements on the ledger (a 0 line each); SQLite gets back the indexes 0023's column changes
left behind before it kept them (fund policies, entitlements, batches, the ledger, reports)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from schema.models.enums import LedgerKind
from tortoise import fields
from schema.migration_ops import AlterFieldKeepIndexes, restore_indexes

class Migration(migrations.Migration):
    dependencies = [('models', '0024_payment_reissue')]

    initial = False

    operations = [
        AlterFieldKeepIndexes(
            model_name='LedgerEntry',
            name='kind',
            field=fields.CharEnumField(description='ENTITLEMENT: ENTITLEMENT\nPAYMENT: PAYMENT\nREVERSAL: REVERSAL\nRECOVERY: RECOVERY', enum_type=LedgerKind, max_length=16),
        ),
        ops.RunPython(
            restore_indexes("FundPolicy", "Entitlement", "PaymentBatch", "LedgerEntry", "Report"),
            ops.RunPython.noop,
        ),
    ]
