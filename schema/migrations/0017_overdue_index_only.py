"""The open-records-past-due indexes take the key as their last column, so supervision's
live overdue count (COUNT(id)) is read from the index alone; the (status, due_on) indexes
they begin with go."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0016_supervision_rollups')]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name='Handoff',
            name=None,
            fields=['status', 'due_on'],
        ),
        ops.RemoveIndex(
            model_name='Handoff',
            name=None,
            fields=['status', 'due_on', 'jurisdiction_id', 'department_id', 'handler_id', 'created_at'],
        ),
        ops.AddIndex(
            model_name='Handoff',
            index=Index(fields=['status', 'due_on', 'jurisdiction_id', 'department_id', 'handler_id', 'created_at', 'id']),
        ),
        ops.RemoveIndex(
            model_name='ServiceRequest',
            name=None,
            fields=['status', 'due_on'],
        ),
        ops.RemoveIndex(
            model_name='ServiceRequest',
            name=None,
            fields=['status', 'due_on', 'jurisdiction_id', 'window_id', 'received_at'],
        ),
        ops.AddIndex(
            model_name='ServiceRequest',
            index=Index(fields=['status', 'due_on', 'jurisdiction_id', 'window_id', 'received_at', 'id']),
        ),
    ]
