"""Fund applications (申领), their review steps, and the entitlements (享受资格) approval grants."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from schema.models.enums import EntitlementStatus, FundApplicationStatus, FundSchedule
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0020_fund_policies')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FundApplication',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('policy', fields.ForeignKeyField('models.FundPolicy', source_field='policy_id', db_constraint=True, to_field='id', related_name='applications', on_delete=OnDelete.RESTRICT)),
                ('talent_id', fields.IntField()),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('employer_id', fields.IntField(null=True)),
                ('status', fields.CharEnumField(description='COUNTY_REVIEW: COUNTY_REVIEW\nCITY_REVIEW: CITY_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED', enum_type=FundApplicationStatus, max_length=16)),
                ('start_on', fields.DateField(null=True)),
                ('first_home', fields.BooleanField(default=False)),
                ('social_insurance_months', fields.IntField(null=True)),
                ('materials', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('bank_name', fields.CharField(null=True, max_length=64)),
                ('bank_account', fields.CharField(null=True, max_length=32)),
                ('submitted_by', fields.CharField(max_length=64)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'fund_application', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['talent_id', 'policy_id']), Index(fields=['policy_id', 'status']), Index(fields=['status']), Index(fields=['employer_id']), Index(fields=['created_at'])], 'pk_attr': 'id', 'table_description': "A talent's application for a policy (申领): by the talent, the employer's unit"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Entitlement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.OneToOneField('models.FundApplication', source_field='application_id', db_constraint=True, to_field='id', related_name='entitlement', on_delete=OnDelete.RESTRICT)),
                ('policy', fields.ForeignKeyField('models.FundPolicy', source_field='policy_id', db_constraint=True, to_field='id', related_name='entitlements', on_delete=OnDelete.RESTRICT)),
                ('policy_code', fields.CharField(max_length=64)),
                ('talent_id', fields.IntField()),
                ('jurisdiction_id', fields.CharField(max_length=6)),
                ('employer_id', fields.IntField(null=True)),
                ('amount_fen', fields.BigIntField()),
                ('schedule', fields.CharEnumField(description='MONTHLY: MONTHLY\nYEARLY: YEARLY\nONCE: ONCE', enum_type=FundSchedule, max_length=16)),
                ('starts_on', fields.DateField()),
                ('ends_on', fields.DateField()),
                ('status', fields.CharEnumField(default=EntitlementStatus.ACTIVE, description='ACTIVE: ACTIVE\nSTOPPED: STOPPED\nENDED: ENDED', enum_type=EntitlementStatus, max_length=16)),
                ('stopped_on', fields.DateField(null=True)),
                ('stop_reason', fields.CharField(null=True, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'entitlement', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['talent_id', 'policy_code']), Index(fields=['policy_id', 'status']), Index(fields=['status']), Index(fields=['employer_id'])], 'pk_attr': 'id', 'table_description': 'What an approved application grants (享受资格): `amount_fen` per payment under the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FundApplicationStep',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.ForeignKeyField('models.FundApplication', source_field='application_id', db_constraint=True, to_field='id', related_name='steps', on_delete=OnDelete.CASCADE)),
                ('from_status', fields.CharField(null=True, max_length=16)),
                ('to_status', fields.CharField(max_length=16)),
                ('decision', fields.CharField(null=True, max_length=16)),
                ('opinion', fields.TextField(null=True, unique=False)),
                ('actor', fields.CharField(max_length=64)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'fund_application_step', 'app': 'models', 'indexes': [Index(fields=['application_id', 'id'])], 'pk_attr': 'id', 'table_description': "One step of an application: submitted, or a review's decision and opinion."},
            bases=['Model'],
        ),
    ]
