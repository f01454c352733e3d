"""Default policy lines reach databases of every age, and removals stick."""

from __future__ import annotations

from permissions.bootstrap import ensure_default_policy
from permissions.roles import default_policy_lines
from schema.models import CasbinRule, PolicyDefault


async def _lines() -> set[tuple[str, str, str]]:
    return set(await CasbinRule.filter(ptype="p").values_list("v0", "v1", "v2"))


async def test_new_defaults_are_added_and_removed_ones_stay_removed(db: str) -> None:
    assert await _lines() == set(default_policy_lines())  # the fresh database got them all
    assert await ensure_default_policy() == 0
    removed = ("county_admin", "talent", "pii:read")
    await CasbinRule.filter(ptype="p", v0=removed[0], v1=removed[1], v2=removed[2]).delete()
    newer = ("platform_admin", "policy", "admin")
    await CasbinRule.filter(ptype="p", v0=newer[0], v1=newer[1], v2=newer[2]).delete()
    await PolicyDefault.filter(role=newer[0], resource=newer[1], action=newer[2]).delete()
    assert await ensure_default_policy() == 1  # as if a release introduced `newer`
    lines = await _lines()
    assert newer in lines and removed not in lines
