"""A payment the bank returned may be paid again: (entitlement, period) is unique among the
payments not FAILED only (a partial unique index)."""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


# The table's indexes, as 0022 made them: SQLite's rebuild below drops them.
INDEXES = (
    'CREATE INDEX IF NOT EXISTS "idx_payment_jurisdi_cd2661" ON "payment" ("jurisdiction_id", "id")',
    'CREATE INDEX IF NOT EXISTS "idx_payment_batch_i_bd9521" ON "payment" ("batch_id", "id")',
    'CREATE INDEX IF NOT EXISTS "idx_payment_talent__fc4841" ON "payment" ("talent_id")',
    'CREATE INDEX IF NOT EXISTS "idx_payment_policy__893075" ON "payment" ("policy_id", "period")',
    'CREATE INDEX IF NOT EXISTS "idx_payment_status_9811c6" ON "payment" ("status")',
)


class DropUniqueInstallment(ops.RemoveConstraint):
    """SQLite keeps this UNIQUE inside the table's CREATE TABLE, where no DROP reaches it:
    there the table is rebuilt from the new state, its rows kept and its indexes made again."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):  # type: ignore[no-untyped-def]
        if state_editor is not None and state_editor.DIALECT == "sqlite":
            await state_editor._remake_table(new_state.apps.get_model(f"{app_label}.{self.model_name}"))
            for sql in INDEXES:
                await state_editor._run_sql(sql)
            return
        await super().database_forward(app_label, old_state, new_state, state_editor)


class Migration(migrations.Migration):
    dependencies = [('models', '0023_fund_settlement_recovery_grassroots')]

    initial = False

    operations = [
        DropUniqueInstallment(
            model_name='Payment',
            name=None,
            fields=['entitlement', 'period'],
        ),
        ops.AlterModelOptions(
            name='Payment',
            options={'table': 'payment', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['batch_id', 'id']), Index(fields=['talent_id']), Index(fields=['policy_id', 'period']), Index(fields=['status'])], 'pk_attr': 'id', 'table_description': 'One installment of an entitlement (发放). (entitlement, period) is unique among the'},
        ),
        ops.RunSQL(
            'CREATE UNIQUE INDEX "payment_live_installment" ON "payment" ("entitlement_id", "period") '
            "WHERE \"status\" <> 'FAILED'",
            'DROP INDEX "payment_live_installment"',
        ),
    ]
