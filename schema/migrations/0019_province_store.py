"""The province's store (省级平台): sources (`source`), the records their feeds gave
(`source_record`) and what went wrong (`source_error`); and `talent.id_hash`, the keyed
hash of the ID number a province matches talents by.

The talent's change-feed triggers change with it: a deleted talent's row carries its
id_hash as key; filling id_hash in (an update of that column alone) is no change to feed;
and changing the ID number clears id_hash, to be filled again with the new number's hash.
The SQL is written here, not imported: a migration keeps what it ran."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index


_PG = """
DROP TRIGGER IF EXISTS "talent_change_feed" ON "talent";
CREATE TRIGGER "talent_change_feed" AFTER INSERT OR DELETE ON "talent"
  FOR EACH ROW EXECUTE FUNCTION change_feed_write('TALENT', 'id_hash');
CREATE TRIGGER "talent_change_feed_update" AFTER UPDATE ON "talent" FOR EACH ROW
  WHEN (OLD.id_hash IS NOT DISTINCT FROM NEW.id_hash OR OLD.id_number IS DISTINCT FROM NEW.id_number)
  EXECUTE FUNCTION change_feed_write('TALENT', 'id_hash');
CREATE OR REPLACE FUNCTION talent_id_hash_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.id_hash := NULL;
  RETURN NEW;
END $$;
CREATE TRIGGER "talent_id_hash_clear" BEFORE UPDATE ON "talent" FOR EACH ROW
  WHEN (OLD.id_number IS DISTINCT FROM NEW.id_number AND OLD.id_hash IS NOT DISTINCT FROM NEW.id_hash)
  EXECUTE FUNCTION talent_id_hash_clear();
"""

_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')"
_SQLITE_ROW = "INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES "
_SQLITE = f"""
DROP TRIGGER IF EXISTS "talent_change_feed_update";
DROP TRIGGER IF EXISTS "talent_change_feed_delete";
CREATE TRIGGER "talent_change_feed_update" AFTER UPDATE ON "talent"
  WHEN OLD.id_hash IS NEW.id_hash OR OLD.id_number IS NOT NEW.id_number BEGIN
  {_SQLITE_ROW}('TALENT', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, {_SQLITE_NOW}); END;
CREATE TRIGGER "talent_change_feed_delete" AFTER DELETE ON "talent" BEGIN
  {_SQLITE_ROW}('TALENT', OLD.id, OLD.id_hash, 'DELETE', OLD.jurisdiction_id, 0, {_SQLITE_NOW}); END;
CREATE TRIGGER "talent_id_hash_clear" AFTER UPDATE OF id_number ON "talent"
  WHEN OLD.id_number IS NOT NEW.id_number AND OLD.id_hash IS NEW.id_hash AND NEW.id_hash IS NOT NULL BEGIN
  UPDATE talent SET id_hash = NULL WHERE id = NEW.id; END;
"""

_PG_UNDO = """
DROP TRIGGER IF EXISTS "talent_id_hash_clear" ON "talent";
DROP FUNCTION IF EXISTS talent_id_hash_clear();
DROP TRIGGER IF EXISTS "talent_change_feed_update" ON "talent";
DROP TRIGGER IF EXISTS "talent_change_feed" ON "talent";
CREATE TRIGGER "talent_change_feed" AFTER INSERT OR UPDATE OR DELETE ON "talent"
  FOR EACH ROW EXECUTE FUNCTION change_feed_write('TALENT', '');
"""

_SQLITE_UNDO = f"""
DROP TRIGGER IF EXISTS "talent_id_hash_clear";
DROP TRIGGER IF EXISTS "talent_change_feed_update";
DROP TRIGGER IF EXISTS "talent_change_feed_delete";
CREATE TRIGGER "talent_change_feed_update" AFTER UPDATE ON "talent" BEGIN
  {_SQLITE_ROW}('TALENT', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, {_SQLITE_NOW}); END;
CREATE TRIGGER "talent_change_feed_delete" AFTER DELETE ON "talent" BEGIN
  {_SQLITE_ROW}('TALENT', OLD.id, NULL, 'DELETE', OLD.jurisdiction_id, 0, {_SQLITE_NOW}); END;
"""


async def talent_triggers(apps, schema_editor):
    postgres = schema_editor.DIALECT == "postgres"
    await schema_editor.client.execute_script(_PG if postgres else _SQLITE)


async def undo_talent_triggers(apps, schema_editor):
    postgres = schema_editor.DIALECT == "postgres"
    await schema_editor.client.execute_script(_PG_UNDO if postgres else _SQLITE_UNDO)


class Migration(migrations.Migration):
    dependencies = [('models', '0018_change_feed')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Source',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=64)),
                ('url', fields.CharField(max_length=512)),
                ('token', fields.CharField(max_length=512)),
                ('jurisdictions', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('card_keys', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('status', fields.CharField(default='ACTIVE', max_length=16)),
                ('cursor', fields.CharField(null=True, max_length=64)),
                ('contract_version', fields.CharField(null=True, max_length=16)),
                ('failures', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_synced_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('lag_seconds', fields.FloatField(default=0)),
                ('error_count', fields.IntField(default=0)),
                ('last_error', fields.CharField(null=True, max_length=256)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'source', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id'])], 'pk_attr': 'id', 'table_description': "A deployment whose change feed this one gathers (省级平台的数据源): a city's"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SourceError',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('source', fields.ForeignKeyField('models.Source', source_field='source_id', db_constraint=True, to_field='id', related_name='errors', on_delete=OnDelete.CASCADE)),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('code', fields.CharField(max_length=32)),
                ('message', fields.CharField(max_length=256)),
                ('kind', fields.CharField(null=True, max_length=16)),
                ('record_id', fields.CharField(null=True, max_length=64)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'source_error', 'app': 'models', 'indexes': [Index(fields=['source_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A pull that failed or a record refused (数据源异常), as `sources { errors }` counts'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SourceRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('source', fields.ForeignKeyField('models.Source', source_field='source_id', db_constraint=True, to_field='id', related_name='records', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=16)),
                ('record_id', fields.CharField(max_length=64)),
                ('key', fields.CharField(null=True, max_length=64)),
                ('holder_key', fields.CharField(null=True, max_length=64)),
                ('jurisdiction_code', fields.CharField(null=True, max_length=6)),
                ('city_code', fields.CharField(null=True, max_length=6)),
                ('status', fields.CharField(null=True, max_length=16)),
                ('class_code', fields.CharField(null=True, max_length=64)),
                ('started_on', fields.DateField(null=True)),
                ('ended_on', fields.DateField(null=True)),
                ('data', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('deleted', fields.BooleanField(default=False)),
                ('changed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('synced_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'source_record', 'app': 'models', 'unique_together': (('source_id', 'kind', 'record_id'),), 'indexes': [Index(fields=['kind', 'key']), Index(fields=['kind', 'holder_key']), Index(fields=['kind', 'jurisdiction_code', 'id']), Index(fields=['kind', 'city_code', 'started_on']), Index(fields=['kind', 'city_code', 'ended_on'])], 'pk_attr': 'id', 'table_description': "A record as a source's feed last gave it: the province's store (持卡人才数据库 and the"},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Talent',
            name='id_hash',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddIndex(
            model_name='Talent',
            index=Index(fields=['id_hash']),
        ),
        ops.RunPython(talent_triggers, undo_talent_triggers),
    ]
