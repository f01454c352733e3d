"""`me { capabilities }` is what the resolvers allow: the console builds its menus on it, so
an action it lists is allowed where it says and one it leaves out is refused. Casbin's
enforce() is the reference, as for the compiled scopes (tests/permissions/test_reference.py),
and a sample of real resolvers answers accordingly for every demo role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gateway.demo.data import ACCOUNTS
from permissions.enforcer import enforce_any, load_enforcer
from permissions.grants import user_subject
from permissions.roles import PERSON_ONLY
from permissions.scopes import covers
from schema.clock import china_today
from schema.models import CasbinRule
from tests.support.graphql import GraphQLClient, error_codes

ME = "{ me { grants { role scope } capabilities { resource action scopes } } }"
# One account per demo role (DESIGN §3, API.md "Demo data").
ONE_PER_ROLE = list({account.role: account.username for account in ACCOUNTS}.values())
ELSEWHERE = {"13": "jur:370102", "37": "jur:130123"}  # a county in the other province


Capabilities = dict[tuple[str, str], list[str]]


async def _me(client: GraphQLClient, **who: Any) -> tuple[list[tuple[str, str]], Capabilities]:
    me = (await client.data(ME, **who))["me"]
    grants = [(g["role"], g["scope"]) for g in me["grants"]]
    return grants, {(c["resource"], c["action"]): c["scopes"] for c in me["capabilities"]}


def _probes(grants: list[tuple[str, str]], talent_place: str) -> list[str]:
    """Scopes to ask about: each grant's own, a county under or beside it, the other
    province, and a department and a talent's place (where a grant's targets lie)."""
    probes = {"jur:130000", "jur:370102", "jur:130102", "jur:130123"}
    for _, scope in grants:
        if scope != "*":
            probes.add(scope)
    probes.add(talent_place)
    return sorted(probes)


async def test_capabilities_answer_as_casbin_enforces_for_every_demo_role(client: GraphQLClient) -> None:
    enforcer = await load_enforcer()
    pairs = sorted(set(await CasbinRule.filter(ptype="p").values_list("v1", "v2")) | PERSON_ONLY)
    dept = await CasbinRule.filter(ptype="g", v1="handler").first()
    talent = await CasbinRule.filter(ptype="g", v1="talent").first()
    assert dept is not None and talent is not None
    for username in ONE_PER_ROLE:
        grants, capabilities = await _me(client, as_user=username)
        assert grants, username
        assert set(capabilities) <= set(pairs), username
        for probe in [*_probes(grants, talent.v2), dept.v2]:
            for resource, action in pairs:
                listed = any(covers(s, probe) for s in capabilities.get((resource, action), []))
                reference = enforce_any(enforcer, user_subject(username), [probe], resource, action)
                assert listed == reference, (username, resource, action, probe)


TOKEN = """mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token userErrors { field code } } }"""
CREATE_USER = """mutation($input: CreateUserInput!) {
  createUser(input: $input) { user { username } userErrors { field code } } }"""
TALENTS = "{ talents(first: 1) { totalCount edges { node { idNumber } } } }"


def _home(grants: list[tuple[str, str]]) -> str:
    return next((scope[4:] for _, scope in grants if scope.startswith("jur:")), "130102")


async def test_present_capabilities_are_allowed_and_absent_ones_refused_by_the_resolvers(
    client: GraphQLClient,
) -> None:
    expires = (china_today() + dt.timedelta(days=30)).isoformat()
    for username in ONE_PER_ROLE:
        grants, capabilities = await _me(client, as_user=username)
        home = _home(grants)

        def has(resource: str, action: str, where: str | None = None) -> bool:
            scopes = capabilities.get((resource, action), [])  # noqa: B023 — used at once
            return bool(scopes) if where is None else any(covers(s, where) for s in scopes)

        policies = await client.execute("{ policies { role } }", as_user=username)
        assert error_codes(policies) == ([] if has("policy", "read") else ["FORBIDDEN"]), username
        chain = await client.execute("{ auditChainStatus(last: 1) { checked } }", as_user=username)
        assert error_codes(chain) == ([] if has("audit_event", "read") else ["FORBIDDEN"]), username
        talents = (await client.data(TALENTS, as_user=username))["talents"]
        assert (talents["totalCount"] > 0) == has("talent", "read"), username
        if talents["edges"]:
            unmasked = "*" not in talents["edges"][0]["node"]["idNumber"]
            assert unmasked == has("talent", "pii:read"), username
        users = (await client.data("{ users(first: 1) { totalCount } }", as_user=username))["users"]
        assert (users["totalCount"] > 0) == has("user", "read"), username

        token = {"name": "菜单核对", "role": "auditor", "scope": f"jur:{home}", "expiresOn": expires}
        made = (await client.data(TOKEN, {"input": token}, as_user=username))["createApiToken"]
        allowed = has("api_token", "create", f"jur:{home}") and has("grant", "admin", f"jur:{home}")
        assert (made["userErrors"] == []) == allowed, (username, made)
        if not allowed:
            assert [e["code"] for e in made["userErrors"]] == ["FORBIDDEN"], (username, made)

        account = {"username": f"menu_{username}", "password": "menu-pass-2026", "jurisdictionCode": home}
        created = (await client.data(CREATE_USER, {"input": account}, as_user=username))["createUser"]
        assert (created["userErrors"] == []) == has("user", "create", f"jur:{home}"), (username, created)
        if created["userErrors"]:
            assert [e["code"] for e in created["userErrors"]] == ["FORBIDDEN"], (username, created)


async def test_an_api_tokens_capabilities_leave_out_managing_access(client: GraphQLClient) -> None:
    expires = (china_today() + dt.timedelta(days=30)).isoformat()
    token = {"name": "区县工具", "role": "county_admin", "scope": "jur:130102", "expiresOn": expires}
    made = (await client.data(TOKEN, {"input": token}, as_user="changan_admin"))["createApiToken"]
    _, person = await _me(client, as_user="changan_admin")
    _, tool = await _me(client, token=made["token"])
    assert set(person) - set(tool) == {pair for pair in PERSON_ONLY if pair in person}
    assert ("grant", "admin") in person and ("grant", "admin") not in tool
    assert tool[("talent", "read")] == ["jur:130102"]
    again = await client.data(TOKEN, {"input": token}, token=made["token"])
    assert [e["code"] for e in again["createApiToken"]["userErrors"]] == ["FORBIDDEN"]
