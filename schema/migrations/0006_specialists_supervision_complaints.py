from tortoise import migrations
from tortoise.migrations import operations as ops
from schema.models.enums import CallbackResult, ComplaintKind, ComplaintOutcome, ComplaintSource, ComplaintStatus, ReportKind, SpecialistStatus, SuccessionStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from schema.migration_ops import AlterFieldKeepIndexes

class Migration(migrations.Migration):
    dependencies = [('models', '0005_recognition_cards_files')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Complaint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('kind', fields.CharEnumField(default=ComplaintKind.COMPLAINT, description='COMPLAINT: COMPLAINT\nRECTIFICATION: RECTIFICATION', enum_type=ComplaintKind, max_length=16)),
                ('source', fields.CharEnumField(description='HOTLINE: HOTLINE\nONLINE: ONLINE\nWINDOW: WINDOW\nEVALUATION: EVALUATION', enum_type=ComplaintSource, max_length=16)),
                ('status', fields.CharEnumField(default=ComplaintStatus.RECEIVED, description='RECEIVED: RECEIVED\nROUTED: ROUTED\nANSWERED: ANSWERED\nCLOSED: CLOSED', enum_type=ComplaintStatus, max_length=16)),
                ('jurisdiction', fields.ForeignKeyField('models.Jurisdiction', source_field='jurisdiction_id', db_constraint=True, to_field='code', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('talent', fields.ForeignKeyField('models.Talent', source_field='talent_id', null=True, db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('request', fields.ForeignKeyField('models.ServiceRequest', source_field='request_id', null=True, db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('evaluation', fields.OneToOneField('models.Evaluation', source_field='evaluation_id', null=True, db_constraint=True, to_field='id', related_name='rectification', on_delete=OnDelete.RESTRICT)),
                ('complainant_name', fields.CharField(null=True, max_length=64)),
                ('complainant_phone', fields.CharField(null=True, max_length=20)),
                ('subject', fields.CharField(max_length=128)),
                ('content', fields.TextField(unique=False)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('window', fields.ForeignKeyField('models.ServiceWindow', source_field='window_id', null=True, db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('specialist', fields.ForeignKeyField('models.Specialist', source_field='specialist_id', null=True, db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('due_on', fields.DateField(null=True)),
                ('routed_by', fields.CharField(null=True, max_length=64)),
                ('routed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('answer', fields.TextField(null=True, unique=False)),
                ('outcome', fields.CharEnumField(null=True, description='SUBSTANTIATED: SUBSTANTIATED\nPARTLY_SUBSTANTIATED: PARTLY_SUBSTANTIATED\nUNFOUNDED: UNFOUNDED\nRECTIFIED: RECTIFIED', enum_type=ComplaintOutcome, max_length=24)),
                ('answered_by', fields.CharField(null=True, max_length=64)),
                ('answered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('answered_on_time', fields.BooleanField(null=True)),
                ('callback_result', fields.CharEnumField(null=True, description='SATISFIED: SATISFIED\nBASICALLY_SATISFIED: BASICALLY_SATISFIED\nDISSATISFIED: DISSATISFIED\nUNREACHABLE: UNREACHABLE', enum_type=CallbackResult, max_length=24)),
                ('callback_note', fields.TextField(null=True, unique=False)),
                ('callback_by', fields.CharField(null=True, max_length=64)),
                ('callback_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('overdue_notified_on', fields.DateField(null=True)),
                ('filed_by', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'complaint', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['jurisdiction_id', 'created_at']), Index(fields=['department_id', 'status']), Index(fields=['window_id', 'status']), Index(fields=['specialist_id']), Index(fields=['talent_id', 'id']), Index(fields=['request_id']), Index(fields=['status', 'due_on']), Index(fields=['kind', 'status']), Index(fields=['created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ComplaintStep',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('complaint', fields.ForeignKeyField('models.Complaint', source_field='complaint_id', db_constraint=True, to_field='id', related_name='steps', on_delete=OnDelete.CASCADE)),
                ('action', fields.CharField(max_length=16)),
                ('actor', fields.CharField(max_length=64)),
                ('note', fields.TextField(null=True, unique=False)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'complaint_step', 'app': 'models', 'indexes': [Index(fields=['complaint_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DedicatedAssignment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('talent', fields.ForeignKeyField('models.Talent', source_field='talent_id', db_constraint=True, to_field='id', related_name='dedicated_assignments', on_delete=OnDelete.CASCADE)),
                ('specialist', fields.ForeignKeyField('models.Specialist', source_field='specialist_id', db_constraint=True, to_field='id', related_name='dedicated_assignments', on_delete=OnDelete.RESTRICT)),
                ('active_talent_id', fields.IntField(null=True, unique=True)),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('card_id', fields.IntField(null=True)),
                ('reason', fields.CharField(max_length=32)),
                ('assigned_by', fields.CharField(max_length=64)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('end_reason', fields.CharField(null=True, max_length=64)),
            ],
            options={'table': 'dedicated_assignment', 'app': 'models', 'indexes': [Index(fields=['talent_id', 'id']), Index(fields=['specialist_id', 'ended_at']), Index(fields=['jurisdiction_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='QuarterlyArchive',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('window', fields.ForeignKeyField('models.ServiceWindow', source_field='window_id', db_constraint=True, to_field='id', related_name='quarterly_archives', on_delete=OnDelete.RESTRICT)),
                ('filed_to', fields.ForeignKeyField('models.ServiceWindow', source_field='filed_to_id', null=True, db_constraint=True, to_field='id', related_name='filed_archives', on_delete=OnDelete.RESTRICT)),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('year', fields.IntField()),
                ('quarter', fields.IntField()),
                ('report', fields.ForeignKeyField('models.Report', source_field='report_id', db_constraint=True, to_field='id', related_name='archives', on_delete=OnDelete.RESTRICT)),
                ('request_count', fields.IntField(default=0)),
                ('generated_by', fields.CharField(max_length=64)),
                ('generated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('filed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'quarterly_archive', 'app': 'models', 'unique_together': (('window', 'year', 'quarter'),), 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['year', 'quarter'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SpecialistSuccession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('specialist', fields.ForeignKeyField('models.Specialist', source_field='specialist_id', db_constraint=True, to_field='id', related_name='successions_out', on_delete=OnDelete.RESTRICT)),
                ('successor', fields.ForeignKeyField('models.Specialist', source_field='successor_id', db_constraint=True, to_field='id', related_name='successions_in', on_delete=OnDelete.RESTRICT)),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('department_id', fields.IntField(null=True)),
                ('window_id', fields.IntField(null=True)),
                ('employer_id', fields.IntField(null=True)),
                ('reason', fields.TextField(unique=False)),
                ('status', fields.CharEnumField(default=SuccessionStatus.NOMINATED, description='NOMINATED: NOMINATED\nFILED: FILED\nREJECTED: REJECTED', enum_type=SuccessionStatus, max_length=16)),
                ('nominated_by', fields.CharField(max_length=64)),
                ('decided_by', fields.CharField(null=True, max_length=64)),
                ('decision_note', fields.TextField(null=True, unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'specialist_succession', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['specialist_id', 'status']), Index(fields=['successor_id']), Index(fields=['department_id']), Index(fields=['employer_id']), Index(fields=['status'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SpecialistTraining',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('specialist', fields.ForeignKeyField('models.Specialist', source_field='specialist_id', db_constraint=True, to_field='id', related_name='trainings', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=128)),
                ('held_on', fields.DateField()),
                ('hours', fields.DecimalField(max_digits=5, decimal_places=1)),
                ('organiser', fields.CharField(null=True, max_length=128)),
                ('certificate', fields.CharField(null=True, max_length=64)),
                ('recorded_by', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'specialist_training', 'app': 'models', 'indexes': [Index(fields=['specialist_id', 'held_on'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='AuditEvent',
            name='hash',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='AuditEvent',
            name='prev_hash',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='AuditEvent',
            name='seq',
            field=fields.BigIntField(null=True, unique=True),
        ),
        ops.AddIndex(
            model_name='AuditEvent',
            index=Index(fields=['seq', 'id']),
        ),
        ops.AddField(
            model_name='CardTier',
            name='dedicated_specialist',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddIndex(
            model_name='Evaluation',
            index=Index(fields=['created_at']),
        ),
        ops.AddField(
            model_name='Handoff',
            name='completed_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Handoff',
            name='extension_count',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='Handoff',
            name='on_time',
            field=fields.BooleanField(null=True),
        ),
        ops.AddField(
            model_name='Handoff',
            name='workdays_taken',
            field=fields.IntField(null=True),
        ),
        ops.AddIndex(
            model_name='Handoff',
            index=Index(fields=['department_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Handoff',
            index=Index(fields=['handler_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Handoff',
            index=Index(fields=['jurisdiction_id', 'created_at']),
        ),
        AlterFieldKeepIndexes(
            model_name='Report',
            name='expires_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        AlterFieldKeepIndexes(
            model_name='Report',
            name='kind',
            field=fields.CharEnumField(description='TALENT_EXPORT: TALENT_EXPORT\nARCHIVE_EXPORT: ARCHIVE_EXPORT\nIMPORT_ERRORS: IMPORT_ERRORS\nQUARTERLY_ARCHIVE: QUARTERLY_ARCHIVE', enum_type=ReportKind, max_length=24),
        ),
        AlterFieldKeepIndexes(
            model_name='Report',
            name='owner',
            field=fields.ForeignKeyField('models.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='Report',
            name='jurisdiction_id',
            field=fields.CharField(null=True, max_length=6),
        ),
        ops.AddIndex(
            model_name='Report',
            index=Index(fields=['jurisdiction_id']),
        ),
        ops.AddField(
            model_name='ServiceRequest',
            name='completed_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='ServiceRequest',
            name='on_time',
            field=fields.BooleanField(null=True),
        ),
        ops.AddField(
            model_name='ServiceRequest',
            name='workdays_taken',
            field=fields.IntField(null=True),
        ),
        ops.AddIndex(
            model_name='ServiceRequest',
            index=Index(fields=['jurisdiction_id', 'received_at']),
        ),
        ops.AddIndex(
            model_name='ServiceRequest',
            index=Index(fields=['window_id', 'received_at']),
        ),
        ops.AddIndex(
            model_name='ServiceRequest',
            index=Index(fields=['submitted_by_id', 'received_at']),
        ),
        AlterFieldKeepIndexes(
            model_name='Specialist',
            name='status',
            field=fields.CharEnumField(default=SpecialistStatus.ACTIVE, description='ACTIVE: ACTIVE\nINACTIVE: INACTIVE\nPENDING: PENDING', enum_type=SpecialistStatus, max_length=16),
        ),
        ops.AddField(
            model_name='Specialist',
            name='filed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Specialist',
            name='left_on',
            field=fields.DateField(null=True),
        ),
    ]
