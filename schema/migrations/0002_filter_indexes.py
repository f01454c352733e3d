from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='ApiToken',
            index=Index(fields=['created_by_id']),
        ),
        ops.AddIndex(
            model_name='Card',
            index=Index(fields=['programme_id']),
        ),
        ops.AddIndex(
            model_name='Card',
            index=Index(fields=['status']),
        ),
        ops.AddIndex(
            model_name='Card',
            index=Index(fields=['issued_on']),
        ),
        ops.AddIndex(
            model_name='Card',
            index=Index(fields=['tier_id']),
        ),
        ops.AddIndex(
            model_name='CardProgramme',
            index=Index(fields=['jurisdiction_id']),
        ),
        ops.AddIndex(
            model_name='CardProgramme',
            index=Index(fields=['name']),
        ),
        ops.AddIndex(
            model_name='Department',
            index=Index(fields=['channel']),
        ),
        ops.AddIndex(
            model_name='Employer',
            index=Index(fields=['jurisdiction_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Employer',
            index=Index(fields=['credit_code']),
        ),
        ops.AddIndex(
            model_name='Employer',
            index=Index(fields=['kind']),
        ),
        ops.AddIndex(
            model_name='FamilyMember',
            index=Index(fields=['talent_id']),
        ),
        ops.AddIndex(
            model_name='Jurisdiction',
            index=Index(fields=['parent_id']),
        ),
        ops.AddIndex(
            model_name='ServiceItem',
            index=Index(fields=['mode']),
        ),
        ops.AddIndex(
            model_name='ServiceItem',
            index=Index(fields=['time_limit_workdays']),
        ),
        ops.AddIndex(
            model_name='ServiceItemDepartment',
            index=Index(fields=['department_id']),
        ),
        ops.AddIndex(
            model_name='ServiceWindow',
            index=Index(fields=['parent_id']),
        ),
        ops.AddIndex(
            model_name='ServiceWindow',
            index=Index(fields=['name']),
        ),
        ops.AddIndex(
            model_name='Specialist',
            index=Index(fields=['name']),
        ),
        ops.AddIndex(
            model_name='Specialist',
            index=Index(fields=['status']),
        ),
        ops.AddIndex(
            model_name='Talent',
            index=Index(fields=['updated_at']),
        ),
        ops.AddIndex(
            model_name='Talent',
            index=Index(fields=['employer_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Talent',
            index=Index(fields=['category_id']),
        ),
        ops.AddIndex(
            model_name='Talent',
            index=Index(fields=['jurisdiction_id', 'status']),
        ),
        ops.AddIndex(
            model_name='Talent',
            index=Index(fields=['education']),
        ),
        ops.AddIndex(
            model_name='Talent',
            index=Index(fields=['gender']),
        ),
        ops.AddIndex(
            model_name='TalentCategory',
            index=Index(fields=['jurisdiction_id']),
        ),
        ops.AddIndex(
            model_name='TalentCategory',
            index=Index(fields=['rank']),
        ),
        ops.AddIndex(
            model_name='TalentCategory',
            index=Index(fields=['name']),
        ),
        ops.AddIndex(
            model_name='User',
            index=Index(fields=['talent_id']),
        ),
    ]
