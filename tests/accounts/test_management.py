"""Account administration: offices create the accounts of their area with roles within
their reach, disable and re-enable them, reset passwords; an account out of reach answers
like one that does not exist, and every change is in the trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from permissions.grants import add_grant, grants_of, user_subject
from schema.clock import china_today
from schema.migrations.frozen.user_places_0011 import backfill_user_places
from schema.models import AuditEvent, CasbinRule, Department, User
from tests.support.graphql import LOGIN, GraphQLClient, error_codes

CREATE = """mutation($input: CreateUserInput!) {
  createUser(input: $input) {
    user { username displayName active jurisdiction { code } department { name } grants { role scope } }
    userErrors { field code message } } }"""
DISABLE = """mutation($u: String!) { disableUser(input: {username: $u}) {
  user { username active } userErrors { field code } } }"""
ENABLE = """mutation($u: String!) { enableUser(input: {username: $u}) {
  user { username active } userErrors { field code } } }"""
RESET = """mutation($u: String!, $p: String!) { resetPassword(input: {username: $u, password: $p}) {
  user { username } userErrors { field code message } } }"""
UNLOCK = """mutation($u: String!) { unlockUser(input: {username: $u}) {
  user { username } userErrors { field code } } }"""
GRANT = """mutation($input: RoleGrantInput!) { grantRole(input: $input) { userErrors { field code } } }"""
TOKEN = """mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token userErrors { code } } }"""
PASSWORD = "window-pass-2026"
ME = "{ me { username roles } }"


def _new(username: str, **extra: Any) -> dict[str, Any]:
    return {"input": {"username": username, "password": PASSWORD, **extra}}


def _errors(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return sorted(((e["field"], e["code"]) for e in payload["userErrors"]), key=str)


async def _sign_in(client: GraphQLClient, username: str, password: str) -> dict[str, Any]:
    return (await client.execute(LOGIN, {"u": username, "p": password}))["data"]["login"]


async def test_a_county_office_creates_a_window_account_that_works_with_its_role(
    client: GraphQLClient,
) -> None:
    spec = _new("changan_window2", displayName="长安区窗口专员乙",
                grants=[{"role": "window_specialist", "scope": "jur:130102"}])  # fmt: skip
    made = (await client.data(CREATE, spec, as_user="changan_admin"))["createUser"]
    assert made["userErrors"] == []
    assert made["user"] == {
        "username": "changan_window2", "displayName": "长安区窗口专员乙", "active": True,
        "jurisdiction": {"code": "130102"}, "department": None,
        "grants": [{"role": "window_specialist", "scope": "jur:130102"}],
    }  # fmt: skip
    signed_in = await _sign_in(client, "changan_window2", PASSWORD)
    me = (await client.data(ME, token=signed_in["token"]))["me"]
    assert me == {"username": "changan_window2", "roles": ["window_specialist"]}
    event = await AuditEvent.get(operation="createUser")
    assert (event.actor, event.jurisdiction_code) == ("changan_admin", "130102")
    assert PASSWORD not in str(event.after)


async def test_bad_input_gets_coded_errors_and_creates_nothing(client: GraphQLClient) -> None:
    users, rules = await User.all().count(), await CasbinRule.all().count()
    events = await AuditEvent.all().count()
    window = [{"role": "window_specialist", "scope": "jur:130102"}]
    cases = [
        ("changan_admin", _new("x", grants=window), [("username", "VALIDATION")]),
        ("changan_admin", _new("名字", grants=window), [("username", "VALIDATION")]),
        ("changan_admin", _new("changan_window", grants=window), [("username", "CONFLICT")]),
        ("changan_admin", {"input": {"username": "window3", "password": "short", "grants": window}},
         [("password", "VALIDATION")]),
        ("changan_admin", {"input": {"username": "window333", "password": "window333", "grants": window}},
         [("password", "VALIDATION")]),
        ("changan_admin", _new("window4", displayName="王\u202e五", grants=window),
         [("displayName", "VALIDATION")]),
        ("changan_admin", _new("window5", grants=[{"role": "window_specialist", "scope": "jur:130123"}]),
         [("grants.0.scope", "FORBIDDEN")]),
        ("changan_admin", _new("window6", grants=[{"role": "city_admin", "scope": "jur:130102"}]),
         [("grants.0.role", "FORBIDDEN")]),
        ("changan_admin", _new("window7", grants=[*window, {"role": "emperor", "scope": "jur:130102"}]),
         [("grants.1.role", "VALIDATION")]),
        ("changan_admin", _new("window8", jurisdictionCode="130123"), [("jurisdictionCode", "FORBIDDEN")]),
        ("changan_admin", _new("window9", jurisdictionCode="1301021"), [("jurisdictionCode", "VALIDATION")]),
        ("changan_admin", _new("window10"), [("jurisdictionCode", "VALIDATION")]),
        ("auditor_demo", _new("window11", jurisdictionCode="130102"), [("jurisdictionCode", "FORBIDDEN")]),
        ("changan_window", _new("window12", grants=window), [("grants.0.scope", "FORBIDDEN")]),
    ]  # fmt: skip
    for caller, spec, expected in cases:
        payload = (await client.data(CREATE, spec, as_user=caller))["createUser"]
        assert payload["user"] is None and _errors(payload) == expected, (caller, spec, payload)
        assert all(e["message"] for e in payload["userErrors"])
    after = await User.all().count(), await CasbinRule.all().count(), await AuditEvent.all().count()
    logins = await AuditEvent.filter(operation="login").count()
    assert after == (users, rules, events + logins)


async def test_a_department_administrator_manages_the_accounts_of_its_department(
    client: GraphQLClient,
) -> None:
    police = await Department.get(name="石家庄市公安局")
    grant = [{"role": "department_admin", "scope": f"dept:{police.id}"}]
    made = (await client.data(CREATE, _new("police_admin", grants=grant), as_user="sjz_admin"))["createUser"]
    assert made["userErrors"] == []
    assert made["user"]["jurisdiction"] == {"code": "130100"}
    assert made["user"]["department"] == {"name": "石家庄市公安局"}
    await client.login("police_admin", PASSWORD)
    listed = await client.data("{ users(first: 50) { nodes { username } } }", as_user="police_admin")
    assert {n["username"] for n in listed["users"]["nodes"]} == {"police_admin", "sjz_police_handler"}
    handler = _new("police_handler2", grants=[{"role": "handler", "scope": f"dept:{police.id}"}])
    assert (await client.data(CREATE, handler, as_user="police_admin"))["createUser"]["userErrors"] == []
    education = await Department.get(name="石家庄市教育局")
    elsewhere = _new("edu_handler2", grants=[{"role": "handler", "scope": f"dept:{education.id}"}])
    refused = (await client.data(CREATE, elsewhere, as_user="police_admin"))["createUser"]
    assert _errors(refused) == [("grants.0.scope", "FORBIDDEN")]
    gone = await client.data(DISABLE, {"u": "sjz_edu_handler"}, as_user="police_admin")
    assert _errors(gone["disableUser"]) == [("username", "NOT_FOUND")]


async def test_an_account_out_of_reach_answers_like_one_that_does_not_exist(client: GraphQLClient) -> None:
    for mutation, name, extra in ((DISABLE, "disableUser", {}), (ENABLE, "enableUser", {}),
                                  (RESET, "resetPassword", {"p": "another-pass-2026"}),
                                  (UNLOCK, "unlockUser", {})):  # fmt: skip
        missing = await client.data(mutation, {"u": "nobody_here", **extra}, as_user="jinan_admin")
        hidden = await client.data(mutation, {"u": "changan_window", **extra}, as_user="jinan_admin")
        assert missing[name] == hidden[name], name
        assert hidden[name]["user"] is None and _errors(hidden[name]) == [("username", "NOT_FOUND")], name
    # The auditor sees the account (`users`) but manages nothing.
    seen = await client.data(DISABLE, {"u": "changan_window"}, as_user="auditor_demo")
    assert _errors(seen["disableUser"]) == [("username", "FORBIDDEN")]
    assert (await User.get(username="changan_window")).is_active


async def test_disabling_stops_sign_in_sessions_and_tokens_until_enabled(client: GraphQLClient) -> None:
    spec = _new("changan_deputy", grants=[{"role": "county_admin", "scope": "jur:130102"}])
    assert (await client.data(CREATE, spec, as_user="changan_admin"))["createUser"]["userErrors"] == []
    session = (await _sign_in(client, "changan_deputy", PASSWORD))["token"]
    expires = (china_today() + dt.timedelta(days=30)).isoformat()
    made = await client.data(TOKEN, {"input": {"name": "报表", "role": "auditor", "scope": "jur:130102",
                                               "expiresOn": expires}}, token=session)  # fmt: skip
    tool = made["createApiToken"]["token"]
    assert tool

    own = await client.data(DISABLE, {"u": "changan_admin"}, as_user="changan_admin")
    assert _errors(own["disableUser"]) == [("username", "INVALID_STATE")]
    off = await client.data(DISABLE, {"u": "changan_deputy"}, as_user="sjz_admin")
    assert off["disableUser"] == {"user": {"username": "changan_deputy", "active": False}, "userErrors": []}
    twice = await client.data(DISABLE, {"u": "changan_deputy"}, as_user="sjz_admin")
    assert _errors(twice["disableUser"]) == [("username", "INVALID_STATE")]
    assert (await _sign_in(client, "changan_deputy", PASSWORD))["token"] is None
    assert error_codes(await client.execute(ME, token=session)) == ["UNAUTHENTICATED"]
    assert error_codes(await client.execute(ME, token=tool)) == ["UNAUTHENTICATED"]

    on = await client.data(ENABLE, {"u": "changan_deputy"}, as_user="changan_admin")
    assert on["enableUser"]["user"] == {"username": "changan_deputy", "active": True}
    assert (await client.data(ME, token=tool))["me"]["username"] == "changan_deputy"
    trail = await AuditEvent.filter(operation__in=["disableUser", "enableUser"]).order_by("id")
    assert [(e.operation, e.actor, e.jurisdiction_code) for e in trail] == [
        ("disableUser", "sjz_admin", "130102"), ("enableUser", "changan_admin", "130102")]  # fmt: skip


async def test_a_reset_password_follows_the_rules_and_replaces_the_old_one(client: GraphQLClient) -> None:
    for bad in ("short", " padded-password ", "changan_window", "x" * 129):
        refused = await client.data(RESET, {"u": "changan_window", "p": bad}, as_user="changan_admin")
        assert _errors(refused["resetPassword"]) == [("password", "VALIDATION")], bad
    assert (await _sign_in(client, "changan_window", "demo-pass-2026"))["token"]
    new = {"u": "changan_window", "p": "新的窗口密码-2026"}
    done = await client.data(RESET, new, as_user="changan_admin")
    assert done["resetPassword"]["userErrors"] == []
    assert (await _sign_in(client, "changan_window", "demo-pass-2026"))["token"] is None
    assert (await _sign_in(client, "changan_window", "新的窗口密码-2026"))["token"]
    event = await AuditEvent.get(operation="resetPassword")
    assert (event.actor, event.jurisdiction_code, event.after) == ("changan_admin", "130102", None)


async def test_no_office_takes_over_an_account_holding_a_role_beyond_its_reach(client: GraphQLClient) -> None:
    grant = {"username": "changan_window", "role": "window_specialist", "scope": "jur:130123"}
    assert (await client.data(GRANT, {"input": grant}, as_user="sjz_admin"))["grantRole"]["userErrors"] == []
    for mutation, name, extra in ((DISABLE, "disableUser", {}),
                                  (RESET, "resetPassword", {"p": "taken-over-2026"})):  # fmt: skip
        refused = await client.data(mutation, {"u": "changan_window", **extra}, as_user="changan_admin")
        assert _errors(refused[name]) == [("username", "FORBIDDEN")], name
    unlocked = await client.data(UNLOCK, {"u": "changan_window"}, as_user="changan_admin")
    assert unlocked["unlockUser"]["userErrors"] == []  # lifting a throttle takes over nothing
    done = await client.data(RESET, {"u": "changan_window", "p": "city-reset-2026"}, as_user="sjz_admin")
    assert done["resetPassword"]["userErrors"] == []


async def test_the_operator_manages_every_account(client: GraphQLClient) -> None:
    reset = {"u": "changan_window", "p": "operator-reset-2026"}
    done = await client.data(RESET, reset, as_user="platform_ops")
    assert done["resetPassword"]["userErrors"] == []
    count = await client.data("{ users { totalCount } }", as_user="platform_ops")
    assert count["users"]["totalCount"] == await User.all().count()


async def test_accounts_made_before_places_get_them_from_their_grants(demo_db: str) -> None:
    from tortoise import connections

    police = await Department.get(name="石家庄市公安局")
    await User.filter(username__in=["changan_window", "sjz_police_handler", "hebei_admin"]).update(
        jurisdiction_id=None, department_id=None)  # fmt: skip
    old = await User.create(username="two_counties", password_hash="-")
    await add_grant(user_subject("two_counties"), "window_specialist", "jur:130102")
    await add_grant(user_subject("two_counties"), "auditor", "jur:130123")
    await User.create(username="no_grants", password_hash="-")
    assert await grants_of(user_subject(old.username))
    placed = await backfill_user_places(connections.get("default"))
    assert placed == 4
    rows = {u.username: (u.jurisdiction_id, u.department_id) for u in await User.all()}
    assert rows["changan_window"] == ("130102", None)
    assert rows["sjz_police_handler"] == ("130100", police.id)
    assert rows["hebei_admin"] == ("130000", None)
    assert rows["two_counties"] == ("130100", None)
    assert rows["no_grants"] == (None, None)
    assert rows["platform_ops"] == (None, None)
