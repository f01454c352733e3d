"""Low-code tools (工具): one row per version of a tool's JSON document, and the trusted
operations (hash → text) its published versions may run."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from schema.models.enums import ToolStatus
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0011_backfill_user_places')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Tool',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=40)),
                ('version', fields.IntField(default=1)),
                ('name', fields.CharField(max_length=128)),
                ('description', fields.TextField(null=True, unique=False)),
                ('jurisdiction', fields.ForeignKeyField('models.Jurisdiction', source_field='jurisdiction_id', db_constraint=True, to_field='code', related_name='tools', on_delete=OnDelete.RESTRICT)),
                ('owner', fields.ForeignKeyField('models.Jurisdiction', source_field='owner_id', db_constraint=True, to_field='code', related_name='owned_tools', on_delete=OnDelete.RESTRICT)),
                ('roles', fields.CharField(default=',', max_length=512)),
                ('status', fields.CharEnumField(default=ToolStatus.DRAFT, description='DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nRETIRED: RETIRED', enum_type=ToolStatus, max_length=16)),
                ('document', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('is_template', fields.BooleanField(default=False)),
                ('template_key', fields.CharField(null=True, max_length=40)),
                ('template_version', fields.IntField(null=True)),
                ('needs_repair', fields.BooleanField(default=False)),
                ('repair_reason', fields.TextField(null=True, unique=False)),
                ('repair_notified', fields.BooleanField(default=False)),
                ('created_by', fields.CharField(max_length=64)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'tool', 'app': 'models', 'unique_together': (('key', 'version'),), 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['status']), Index(fields=['template_key', 'status']), Index(fields=['name'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ToolOperation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tool', fields.ForeignKeyField('models.Tool', source_field='tool_id', db_constraint=True, to_field='id', related_name='operations', on_delete=OnDelete.CASCADE)),
                ('sha256', fields.CharField(max_length=64)),
                ('text', fields.TextField(unique=False)),
                ('path', fields.CharField(max_length=128)),
            ],
            options={'table': 'tool_operation', 'app': 'models', 'unique_together': (('tool', 'sha256'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
