"""Saved views (视图): a list's filter, columns and order kept under a name by the user who
saved it, private unless shared with a role on a jurisdiction."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0013_custom_fields')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SavedView',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('owner', fields.ForeignKeyField('models.User', source_field='owner_id', db_constraint=True, to_field='id', related_name='saved_views', on_delete=OnDelete.CASCADE)),
                ('connection', fields.CharField(max_length=64)),
                ('name', fields.CharField(max_length=64)),
                ('filter_input', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('columns', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('order_by', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('shared_role', fields.CharField(null=True, max_length=32)),
                ('shared_jurisdiction', fields.ForeignKeyField('models.Jurisdiction', source_field='shared_jurisdiction_id', null=True, db_constraint=True, to_field='code', related_name='shared_views', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'saved_view', 'app': 'models', 'unique_together': (('owner', 'connection', 'name'),), 'indexes': [Index(fields=['connection', 'shared_role', 'shared_jurisdiction_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
