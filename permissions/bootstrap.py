"""Install the default policy: all of it into a new database, and on later starts the
default lines a newer release added (never the ones an administrator removed)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from permissions.grants import bump_policy_version
from permissions.roles import default_policy_lines
from schema.models import CasbinRule, PolicyDefault


async def ensure_default_policy() -> int:
    """Returns how many policy lines were added."""
    offered = set(await PolicyDefault.all().values_list("role", "resource", "action"))
    new = [line for line in default_policy_lines() if line not in offered]
    if not new:
        return 0
    async with in_transaction():
        present = set(await CasbinRule.filter(ptype="p").values_list("v0", "v1", "v2"))
        added = [line for line in new if line not in present]
        await CasbinRule.bulk_create([CasbinRule(ptype="p", v0=r, v1=res, v2=a) for r, res, a in added])
        await PolicyDefault.bulk_create([PolicyDefault(role=r, resource=res, action=a) for r, res, a in new])
        await bump_policy_version()
    return len(added)
