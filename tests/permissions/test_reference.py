"""Casbin's enforce() is the reference; compiled scopes and SQL filters must agree with it."""

from __future__ import annotations

import random

import casbin
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from permissions.compiled import CompiledPermissions
from permissions.enforcer import MODEL_PATH, enforce_any, load_enforcer
from permissions.grants import add_grant, user_subject
from permissions.policy_cache import Policy, load_policy
from permissions.resources import SCOPE_COLUMNS, row_scopes
from permissions.roles import ROLE_SCOPE_KIND, ROLES, default_policy_lines
from permissions.scopes import covers
from permissions.visibility import visible
from schema.models import Employer, Specialist, Talent

pytestmark = pytest.mark.heavy

CODES = ["130000", "130100", "130102", "130123", "370000", "370100", "370102", "370171", "440300"]
ACTIONS = sorted({a for _, _, a in default_policy_lines()} | {"delete"})
RESOURCES = sorted(SCOPE_COLUMNS)


def _scope() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(CODES).map(lambda c: f"jur:{c}"),
        st.tuples(st.sampled_from(["dept", "org", "talent"]), st.integers(1, 4)).map(
            lambda kv: f"{kv[0]}:{kv[1]}"
        ),
    )


def _memory_enforcer(grants: list[tuple[str, str]]) -> casbin.Enforcer:
    enforcer = casbin.Enforcer(str(MODEL_PATH))
    enforcer.add_named_domain_matching_func("g", lambda req, grant: covers(grant, req))
    for line in default_policy_lines():
        enforcer.add_policy(*line)
    for role, scope in grants:
        enforcer.add_grouping_policy("user:u", role, scope)
    return enforcer


DEFAULT = Policy(
    version=0,
    allowed={
        role: frozenset((r, a) for p_role, r, a in default_policy_lines() if p_role == role)
        for role in {line[0] for line in default_policy_lines()}
    },
)


@settings(max_examples=200, deadline=None)
@given(
    grants=st.lists(st.tuples(st.sampled_from(ROLES), _scope()), max_size=4),
    row=st.lists(_scope(), min_size=1, max_size=3),
    resource=st.sampled_from(RESOURCES),
    action=st.sampled_from(ACTIONS),
)
def test_compiled_scopes_agree_with_enforce(grants, row, resource, action) -> None:
    compiled = CompiledPermissions(grants, DEFAULT)
    reference = enforce_any(_memory_enforcer(grants), "user:u", row, resource, action)
    assert compiled.allows(resource, action, row) == reference


async def test_sql_scope_filters_agree_with_enforce_on_stored_policy(demo_db: str) -> None:
    """Random grants stored through our adapter; for each subject, the rows the SQL filter
    returns are exactly the rows Casbin allows."""
    rng = random.Random(2026)
    # enforce() costs milliseconds a call, so a sample of each table keeps this quick.
    talents = rng.sample(await Talent.all().order_by("id"), 40)
    employers = rng.sample(await Employer.all().order_by("id"), 15)
    specialists = rng.sample(await Specialist.all().order_by("id"), 25)
    codes = sorted({t.jurisdiction_id for t in talents} | {"130100", "370100", "130000"})
    subjects = []
    for n in range(6):  # enforce() costs milliseconds: 6 subjects × 80 rows × 3 actions
        subject = f"prop{n}"
        for _ in range(rng.randint(1, 3)):
            role = rng.choice([r for r in ROLES if ROLE_SCOPE_KIND[r] != "*"])
            kind = rng.choice(["jur", "jur", "org", "talent", "dept"])
            if kind == "jur":
                scope = f"jur:{rng.choice(codes)}"
            elif kind == "org":
                scope = f"org:{rng.choice(employers).id}"
            elif kind == "talent":
                scope = f"talent:{rng.choice(talents).id}"
            else:
                scope = f"dept:{rng.choice(specialists).department_id or 1}"
            await add_grant(user_subject(subject), role, scope)
        subjects.append(user_subject(subject))
    enforcer = await load_enforcer()
    policy = await load_policy()
    for subject in subjects:
        grants = [(r, d) for s, r, d in enforcer.get_grouping_policy() if s == subject]
        perms = CompiledPermissions(grants, policy)
        for model, resource, rows in (
            (Talent, "talent", talents), (Employer, "employer", employers),
            (Specialist, "specialist", specialists),
        ):  # fmt: skip
            for action in ("read", "pii:read", "update"):
                allowed = {r.id for r in rows
                           if enforce_any(enforcer, subject, row_scopes(resource, r), resource, action)}
                sample = [r.id for r in rows]
                query = visible(model, perms, resource, action).filter(id__in=sample)
                listed = set(await query.values_list("id", flat=True))
                assert listed == allowed, (subject, resource, action)
