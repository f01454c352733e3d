"""Access around the permission core, replayed through the real server: API tokens live
only as long as their creator's grant and never manage access; policy lines are the
deployment operator's and never open personal data to every account; every such change
is in the trail where the area's auditor sees it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.support.live_server import LiveServer

TOKEN = """mutation($role: String!, $scope: String!, $expires: Date!) {
  createApiToken(input: {name: "报表工具", role: $role, scope: $scope, expiresOn: $expires}) {
    token apiToken { id } userErrors { field code message } } }"""
GRANT = """mutation($u: String!, $r: String!, $s: String!) {
  grantRole(input: {username: $u, role: $r, scope: $s}) { grant { role } userErrors { field code } } }"""
REVOKE = """mutation($u: String!, $r: String!, $s: String!) {
  revokeRole(input: {username: $u, role: $r, scope: $s}) { grant { role } userErrors { field code } } }"""
ADD_POLICY = """mutation($role: String!, $resource: String!, $action: String!) {
  addPolicy(input: {role: $role, resource: $resource, action: $action}) { userErrors { field code } } }"""
REMOVE_POLICY = """mutation($role: String!, $resource: String!, $action: String!) {
  removePolicy(input: {role: $role, resource: $resource, action: $action}) { userErrors { field code } } }"""
TALENTS = "{ talents(first: 100) { totalCount edges { node { idNumber jurisdiction { code } } } } }"
EVENTS = """query($op: String!) { auditEvents(first: 50, filter: {operation: {eq: $op}}) {
  edges { node { actor targetType targetId jurisdictionCode before after } } } }"""


def _expires() -> str:
    return (dt.date.today() + dt.timedelta(days=30)).isoformat()


def _make_token(server: LiveServer, owner: str, role: str, scope: str) -> str:
    body = server.gql(TOKEN, {"role": role, "scope": scope, "expires": _expires()}, as_user=owner)
    assert body["data"]["createApiToken"]["userErrors"] == [], body
    return body["data"]["createApiToken"]["token"]


def _codes(body: dict[str, Any]) -> set[str]:
    return {e["extensions"]["code"] for e in body.get("errors", [])}


def _events(server: LiveServer, viewer: str, operation: str) -> list[dict[str, Any]]:
    body = server.gql(EVENTS, {"op": operation}, as_user=viewer)
    assert "errors" not in body, body
    return [e["node"] for e in body["data"]["auditEvents"]["edges"]]


def test_a_token_stops_working_when_its_creators_grant_is_revoked(live_server: LiveServer) -> None:
    live_server.create_user("token_owner", "county_admin", "jur:130102")
    token = _make_token(live_server, "token_owner", "county_admin", "jur:130102")
    before = live_server.gql(TALENTS, token=token)
    assert before["data"]["talents"]["totalCount"] > 0
    assert not any("*" in e["node"]["idNumber"] for e in before["data"]["talents"]["edges"])

    grant = {"u": "token_owner", "r": "county_admin", "s": "jur:130102"}
    revoked = live_server.gql(REVOKE, grant, as_user="sjz_admin")
    assert revoked["data"]["revokeRole"]["userErrors"] == []
    after = live_server.gql(TALENTS, token=token)
    assert after["data"] is None or after["data"].get("talents") is None
    assert _codes(after) == {"UNAUTHENTICATED"}
    # …and it cannot give its creator the role back either.
    again = live_server.gql(GRANT, grant, token=token)
    assert _codes(again) == {"UNAUTHENTICATED"} or again["data"]["grantRole"]["grant"] is None

    # The creator's grant restored, the token is as good as its creator again.
    assert live_server.gql(GRANT, grant, as_user="sjz_admin")["data"]["grantRole"]["userErrors"] == []
    assert live_server.gql(TALENTS, token=token)["data"]["talents"]["totalCount"] > 0

    events = _events(live_server, "auditor_demo", "revokeRole")
    assert any(e["targetType"] == "user" and e["jurisdictionCode"] == "130102" for e in events)
    created = _events(live_server, "auditor_demo", "createApiToken")
    assert any(e["actor"] == "token_owner" and e["jurisdictionCode"] == "130102" for e in created)


def test_a_token_never_grants_makes_tokens_or_edits_policy(live_server: LiveServer) -> None:
    live_server.create_user("token_maker", "city_admin", "jur:130100")
    token = _make_token(live_server, "token_maker", "city_admin", "jur:130100")
    grant = {"u": "changan_window", "r": "county_admin", "s": "jur:130102"}
    for mutation, variables, name in (
        (GRANT, grant, "grantRole"),
        (REVOKE, {"u": "changan_admin", "r": "county_admin", "s": "jur:130102"}, "revokeRole"),
        (TOKEN, {"role": "county_admin", "scope": "jur:130102", "expires": _expires()}, "createApiToken"),
        (ADD_POLICY, {"role": "county_admin", "resource": "calendar", "action": "admin"}, "addPolicy"),
        (REMOVE_POLICY, {"role": "county_admin", "resource": "talent", "action": "read"}, "removePolicy"),
    ):
        body = live_server.gql(mutation, variables, token=token)
        assert [e["code"] for e in body["data"][name]["userErrors"]] == ["FORBIDDEN"], (name, body)
    me = live_server.gql("{ me { roles } }", as_user="changan_window")
    assert me["data"]["me"]["roles"] == ["window_specialist"]


def test_a_province_cannot_open_everyones_reading_of_talents(live_server: LiveServer) -> None:
    line = {"role": "authenticated", "resource": "talent", "action": "read"}
    body = live_server.gql(ADD_POLICY, line, as_user="hebei_admin")
    assert [e["code"] for e in body["data"]["addPolicy"]["userErrors"]] == ["FORBIDDEN"]
    # Not even the operator gives every account (talents included) personal data.
    body = live_server.gql(ADD_POLICY, line, as_user="platform_ops")
    assert [e["code"] for e in body["data"]["addPolicy"]["userErrors"]] == ["FORBIDDEN"]
    codes = {e["node"]["jurisdiction"]["code"] for e in
             live_server.gql(TALENTS, as_user="hebei_admin")["data"]["talents"]["edges"]}  # fmt: skip
    assert codes and all(code.startswith("13") for code in codes)
    mine = live_server.gql(TALENTS, as_user="talent_demo")["data"]["talents"]
    assert mine["totalCount"] == 1
    # A province may still read the policy it works under.
    policies = live_server.gql('{ policies(role: "province_admin") { resource action } }',
                               as_user="hebei_admin")  # fmt: skip
    assert {"resource": "policy", "action": "read"} in policies["data"]["policies"]


def test_the_operators_policy_edits_are_seen_by_every_areas_auditor(live_server: LiveServer) -> None:
    line = {"role": "auditor", "resource": "grant", "action": "read"}
    removed = live_server.gql(REMOVE_POLICY, line, as_user="platform_ops")
    assert removed["data"]["removePolicy"]["userErrors"] == []
    added = live_server.gql(ADD_POLICY, line, as_user="platform_ops")
    assert added["data"]["addPolicy"]["userErrors"] == []
    for viewer in ("auditor_demo", "changan_admin", "jinan_admin"):
        ops = {(e["actor"], e["targetId"]) for op in ("addPolicy", "removePolicy")
               for e in _events(live_server, viewer, op)}  # fmt: skip
        assert ("platform_ops", "auditor/grant/read") in ops, viewer


def test_sign_ins_are_attributed_to_the_accounts_area(live_server: LiveServer) -> None:
    live_server.login("zhengding_admin")
    failed = live_server.post(
        'mutation { login(input: {username: "zhengding_admin", password: "wrong"}) { token } }'
    )
    assert failed.status_code == 200
    ins = _events(live_server, "auditor_demo", "login")
    assert any(e["actor"] == "zhengding_admin" and e["jurisdictionCode"] == "130123" for e in ins)
    fails = _events(live_server, "auditor_demo", "loginFailed")
    assert any(e["actor"] == "zhengding_admin" and e["jurisdictionCode"] == "130123" for e in fails)
    # A Jinan office does not see Shijiazhuang's sign-ins.
    assert not any(e["actor"] == "zhengding_admin" for e in _events(live_server, "jinan_admin", "login"))
