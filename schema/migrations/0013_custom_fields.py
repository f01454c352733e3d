"""Custom fields (自定义字段): the definitions an office makes, and a `custom_fields` JSON
column (NOT NULL, '{}' for the rows already there) on talents, employers and service
requests. On PostgreSQL each column gets a GIN index (jsonb_path_ops) for the `@>`
containment the custom-field filters use; SQLite reads them with json_extract."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from schema.models.enums import CustomFieldKind, CustomFieldStatus
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index


_GIN_TABLES = ("talent", "employer", "service_request")


async def add_gin_indexes(apps, schema_editor):
    if schema_editor.DIALECT != "postgres":
        return
    await schema_editor.client.execute_script("".join(
        f'CREATE INDEX IF NOT EXISTS "{table}_custom_fields_gin" ON "{table}" '
        f'USING GIN ("custom_fields" jsonb_path_ops);'
        for table in _GIN_TABLES
    ))


async def drop_gin_indexes(apps, schema_editor):
    if schema_editor.DIALECT != "postgres":
        return
    await schema_editor.client.execute_script("".join(
        f'DROP INDEX IF EXISTS "{table}_custom_fields_gin";' for table in _GIN_TABLES
    ))


class Migration(migrations.Migration):
    dependencies = [('models', '0012_lowcode_tools')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CustomFieldDefinition',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('target_type', fields.CharField(max_length=16)),
                ('jurisdiction', fields.ForeignKeyField('models.Jurisdiction', source_field='jurisdiction_id', db_constraint=True, to_field='code', related_name='custom_fields', on_delete=OnDelete.RESTRICT)),
                ('key', fields.CharField(max_length=40)),
                ('label', fields.CharField(max_length=64)),
                ('kind', fields.CharEnumField(description='TEXT: TEXT\nNUMBER: NUMBER\nDATE: DATE\nENUM: ENUM\nBOOLEAN: BOOLEAN\nATTACHMENT: ATTACHMENT', enum_type=CustomFieldKind, max_length=16)),
                ('options', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('required', fields.BooleanField(default=False)),
                ('personal', fields.BooleanField(default=False)),
                ('status', fields.CharEnumField(default=CustomFieldStatus.ACTIVE, description='ACTIVE: ACTIVE\nRETIRED: RETIRED', enum_type=CustomFieldStatus, max_length=8)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'custom_field_definition', 'app': 'models', 'unique_together': (('target_type', 'jurisdiction', 'key'),), 'indexes': [Index(fields=['target_type', 'key']), Index(fields=['jurisdiction_id', 'target_type'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Employer',
            name='custom_fields',
            field=fields.JSONField(default=dict, db_default='{}', encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='ServiceRequest',
            name='custom_fields',
            field=fields.JSONField(default=dict, db_default='{}', encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='Talent',
            name='custom_fields',
            field=fields.JSONField(default=dict, db_default='{}', encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.RunPython(add_gin_indexes, drop_gin_indexes),
    ]
