"""A service record lies in two counties — the expert's and the receiving one — and carries
a `jur:` scope for each: the SQL filter every list and lookup uses agrees with Casbin's
enforce() on those scopes, for random grants."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from permissions.compiled import CompiledPermissions
from permissions.enforcer import enforce_any, load_enforcer
from permissions.grants import add_grant, user_subject
from permissions.policy_cache import load_policy
from permissions.resources import row_scopes
from permissions.roles import ROLE_SCOPE_KIND, ROLES
from permissions.visibility import visible
from schema.models import GrassrootsExpert, GrassrootsService, Talent

pytestmark = pytest.mark.usefixtures("without_demo_grassroots")

COUNTIES = ["130102", "130123", "370102", "370171"]
RESOURCE = "grassroots_service"


async def _services(rng: random.Random) -> list[GrassrootsService]:
    talents = rng.sample(await Talent.filter(jurisdiction_id__in=COUNTIES).order_by("id"), 12)
    made = []
    for n, talent in enumerate(talents):
        expert = await GrassrootsExpert.create(
            year=2025, talent_id=talent.id, jurisdiction_id=talent.jurisdiction_id,
            employer_id=talent.employer_id, listed_by="test",
        )  # fmt: skip
        made.append(await GrassrootsService.create(
            expert_id=expert.id, year=2025, talent_id=talent.id, jurisdiction_id=talent.jurisdiction_id,
            employer_id=talent.employer_id, area_jurisdiction_id=rng.choice(COUNTIES), unit_name=f"单位{n}",
            starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 2), days=2, content="服务",
            recorded_by="test",
        ))  # fmt: skip
    return made


async def test_the_sql_filter_of_service_records_agrees_with_enforce(demo_db: str) -> None:
    rng = random.Random(15)
    services = await _services(rng)
    scopes = [f"jur:{c}" for c in [*COUNTIES, "130100", "370100", "130000"]]
    scopes += [f"talent:{s.talent_id}" for s in services[:3]] + [f"org:{s.employer_id}" for s in services[:3]]
    subjects = []
    for n in range(8):
        subject = user_subject(f"gr{n}")
        for _ in range(rng.randint(1, 3)):
            role = rng.choice([r for r in ROLES if ROLE_SCOPE_KIND[r] != "*"])
            kind = ROLE_SCOPE_KIND[role]
            scope = rng.choice([s for s in scopes if s.startswith(kind)] or [f"{kind}:1"])
            await add_grant(subject, role, scope)
        subjects.append(subject)
    enforcer = await load_enforcer()
    policy = await load_policy()
    for subject in subjects:
        grants = [(r, d) for s, r, d in enforcer.get_grouping_policy() if s == subject]
        perms = CompiledPermissions(grants, policy)
        for action in ("read", "create", "approve"):
            allowed = {s.id for s in services if enforce_any(
                enforcer, subject, row_scopes(RESOURCE, s), RESOURCE, action)}  # fmt: skip
            query = visible(GrassrootsService, perms, RESOURCE, action)
            assert set(await query.values_list("id", flat=True)) == allowed, (subject, grants, action)


def test_a_record_carries_the_receiving_county_as_a_scope() -> None:
    record = GrassrootsService(
        jurisdiction_id="130102", area_jurisdiction_id="130123", talent_id=7, employer_id=None
    )
    assert row_scopes("grassroots_service", record) == ["jur:130102", "talent:7", "jur:130123"]
