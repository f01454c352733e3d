from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_policy_admin_to_platform')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Talent',
            index=Index(fields=['phone']),
        ),
        ops.AddField(
            model_name='User',
            name='department',
            field=fields.ForeignKeyField('models.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='users', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='User',
            name='jurisdiction',
            field=fields.ForeignKeyField('models.Jurisdiction', source_field='jurisdiction_id', null=True, db_constraint=True, to_field='code', related_name='users', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddIndex(
            model_name='User',
            index=Index(fields=['jurisdiction_id', 'id']),
        ),
        ops.AddIndex(
            model_name='User',
            index=Index(fields=['department_id']),
        ),
        ops.AddIndex(
            model_name='User',
            index=Index(fields=['created_at']),
        ),
    ]
