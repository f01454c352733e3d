"""Policy lines apply to the whole deployment, so editing them moves from the province
office to the deployment's operator (platform_admin, installed with the default policy on
start). Deployments made before this release lose the province's `policy admin` line."""

from tortoise import migrations
from tortoise.migrations import operations as ops


async def retract(apps, schema_editor):
    client = schema_editor.client
    await client.execute_script(
        "DELETE FROM casbin_rule WHERE ptype = 'p' AND v0 = 'province_admin' "
        "AND v1 = 'policy' AND v2 = 'admin';"
        "UPDATE policy_version SET version = version + 1;"
    )


class Migration(migrations.Migration):
    dependencies = [('models', '0008_security_hardening')]

    initial = False

    operations = [ops.RunPython(retract, ops.RunPython.noop)]
