"""The change feed (省级平台): table `change_feed`, and triggers on the six tables a province
gathers (talent, employer, card, recognition, service_request, handoff) that write one row
per inserted, updated or deleted record in the same transaction. The records already
there are entered once each, as UPSERTs, so a province reading from the start (cursor
zero) receives every record.

The trigger definitions are written here, not imported: a migration keeps the SQL it ran."""

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# kind → (table, the natural key column a DELETE carries, or None)
TABLES = {
    "TALENT": ("talent", None),
    "EMPLOYER": ("employer", "credit_code"),
    "CARD": ("card", "number"),
    "RECOGNITION": ("recognition", "number"),
    "SERVICE_REQUEST": ("service_request", "number"),
    "HANDOFF": ("handoff", None),
}

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION change_feed_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_data jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := to_jsonb(OLD); ELSE row_data := to_jsonb(NEW); END IF;
  INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at)
  VALUES (TG_ARGV[0], (row_data->>'id')::bigint,
          CASE WHEN TG_OP = 'DELETE' AND TG_ARGV[1] <> '' THEN row_data->>TG_ARGV[1] END,
          CASE WHEN TG_OP = 'DELETE' THEN 'DELETE' ELSE 'UPSERT' END,
          row_data->>'jurisdiction_id', pg_current_xact_id()::text::bigint, now());
  RETURN NULL;
END $$;
"""


def _postgres(kind: str, table: str, key: str | None) -> str:
    return (
        f'CREATE TRIGGER "{table}_change_feed" AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION change_feed_write('{kind}', '{key or ''}');"
    )


def _sqlite(kind: str, table: str, key: str | None) -> str:
    triggers = []
    for event, row, op in (("INSERT", "NEW", "UPSERT"), ("UPDATE", "NEW", "UPSERT"), ("DELETE", "OLD", "DELETE")):
        natural = f'{row}."{key}"' if key and op == "DELETE" else "NULL"
        triggers.append(
            f'CREATE TRIGGER "{table}_change_feed_{event.lower()}" AFTER {event} ON "{table}" BEGIN '
            f"INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) "
            f"VALUES ('{kind}', {row}.id, {natural}, '{op}', {row}.jurisdiction_id, 0, {_SQLITE_NOW}); END;"
        )
    return "".join(triggers)


_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')"


def _seed(kind: str, table: str, now: str) -> str:
    return (
        "INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) "
        f"SELECT '{kind}', id, NULL, 'UPSERT', jurisdiction_id, 0, {now} FROM \"{table}\" ORDER BY id;"
    )


async def add_triggers(apps, schema_editor):
    postgres = schema_editor.DIALECT == "postgres"
    script = [_PG_FUNCTION] if postgres else []
    for kind, (table, key) in TABLES.items():
        script.append(_seed(kind, table, "now()" if postgres else _SQLITE_NOW))
        script.append(_postgres(kind, table, key) if postgres else _sqlite(kind, table, key))
    await schema_editor.client.execute_script("".join(script))


async def drop_triggers(apps, schema_editor):
    postgres = schema_editor.DIALECT == "postgres"
    script = []
    for table, _ in TABLES.values():
        if postgres:
            script.append(f'DROP TRIGGER IF EXISTS "{table}_change_feed" ON "{table}";')
        else:
            script += [f'DROP TRIGGER IF EXISTS "{table}_change_feed_{e}";' for e in ("insert", "update", "delete")]
    if postgres:
        script.append("DROP FUNCTION IF EXISTS change_feed_write();")
    await schema_editor.client.execute_script("".join(script))


class Migration(migrations.Migration):
    dependencies = [('models', '0017_overdue_index_only')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ChangeRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=16)),
                ('record_id', fields.BigIntField()),
                ('key', fields.CharField(null=True, max_length=64)),
                ('op', fields.CharField(max_length=8)),
                ('jurisdiction_id', fields.CharField(null=True, max_length=6)),
                ('txid', fields.BigIntField(default=0, db_default=0)),
                ('at', fields.DatetimeField(auto_now_add=True)),
            ],
            options={'table': 'change_feed', 'app': 'models', 'indexes': [Index(fields=['txid', 'id']), Index(fields=['jurisdiction_id', 'txid', 'id']), Index(fields=['kind', 'record_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.RunPython(add_triggers, drop_triggers),
    ]
