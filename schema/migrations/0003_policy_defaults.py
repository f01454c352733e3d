from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_filter_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PolicyDefault',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('role', fields.CharField(max_length=64)),
                ('resource', fields.CharField(max_length=64)),
                ('action', fields.CharField(max_length=64)),
            ],
            options={'table': 'policy_default', 'app': 'models', 'unique_together': (('role', 'resource', 'action'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
