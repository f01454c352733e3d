"""Sign-in, lock-out, role delegation and API tokens."""

from __future__ import annotations

import datetime as dt

from permissions.grants import grants_of, user_subject
from schema.clock import china_today
from schema.models import AuditEvent, LoginThrottle, User
from tests.support.graphql import LOGIN, GraphQLClient, error_codes

GRANT = """mutation($input: RoleGrantInput!) {
  grantRole(input: $input) { grant { role scope } userErrors { field code } }
}"""
REVOKE = """mutation($input: RoleGrantInput!) {
  revokeRole(input: $input) { grant { role scope } userErrors { field code } }
}"""
TOKEN = """mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token apiToken { id prefix role scope } userErrors { field code } }
}"""
COUNT = "{ talents(first: 1) { totalCount } }"


async def test_wrong_passwords_make_this_client_wait_not_the_account(client: GraphQLClient) -> None:
    for _ in range(5):
        body = await client.execute(LOGIN, {"u": "changan_admin", "p": "wrong"})
        assert body["data"]["login"]["userErrors"][0]["code"] == "UNAUTHENTICATED"
    body = await client.execute(LOGIN, {"u": "changan_admin", "p": "demo-pass-2026"})
    assert body["data"]["login"]["token"] is None
    assert body["data"]["login"]["userErrors"][0]["code"] == "LIMIT_EXCEEDED"
    assert (await User.get(username="changan_admin")).locked_until is None
    assert await LoginThrottle.filter(blocked_until__isnull=False).count() == 1
    failed = await AuditEvent.filter(operation="loginFailed").values_list("jurisdiction_code", flat=True)
    assert failed == ["130102"] * 5


async def test_unknown_user_answers_like_a_wrong_password(client: GraphQLClient) -> None:
    a = await client.execute(LOGIN, {"u": "nobody", "p": "x"})
    b = await client.execute(LOGIN, {"u": "changan_admin", "p": "x"})
    assert a["data"]["login"]["userErrors"] == b["data"]["login"]["userErrors"]


async def test_city_admin_grants_a_county_role_and_it_takes_effect(client: GraphQLClient) -> None:
    before = await client.data(COUNT, as_user="zhengding_admin")
    data = await client.data(
        GRANT, {"input": {"username": "zhengding_admin", "role": "county_admin",
                          "scope": "jur:130102"}}, as_user="sjz_admin",
    )  # fmt: skip
    assert data["grantRole"]["userErrors"] == []
    after = await client.data(COUNT, as_user="zhengding_admin")
    assert after["talents"]["totalCount"] > before["talents"]["totalCount"]
    assert await AuditEvent.filter(operation="grantRole").count() == 1
    revoked = await client.data(
        REVOKE, {"input": {"username": "zhengding_admin", "role": "county_admin",
                           "scope": "jur:130102"}}, as_user="sjz_admin",
    )  # fmt: skip
    assert revoked["revokeRole"]["userErrors"] == []
    assert await client.data(COUNT, as_user="zhengding_admin") == before


async def test_no_one_grants_beyond_their_reach_or_rank(client: GraphQLClient) -> None:
    cases = [
        ("changan_admin", "county_admin", "jur:130123", "FORBIDDEN"),  # another county
        ("changan_admin", "city_admin", "jur:130102", "FORBIDDEN"),  # above own rank
        ("sjz_admin", "county_admin", "jur:370102", "FORBIDDEN"),  # another province
        ("sjz_admin", "emperor", "jur:130102", "VALIDATION"),
        ("sjz_admin", "county_admin", "jur:13", "VALIDATION"),
        ("sjz_admin", "county_admin", "dept:1", "VALIDATION"),  # wrong scope kind
        ("sjz_admin", "county_admin", "jur:139999", "NOT_FOUND"),
        ("sjz_police_handler", "handler", "dept:1", "FORBIDDEN"),
    ]
    for caller, role, scope, code in cases:
        data = await client.data(
            GRANT, {"input": {"username": "changan_window", "role": role, "scope": scope}},
            as_user=caller,
        )  # fmt: skip
        assert [e["code"] for e in data["grantRole"]["userErrors"]] == [code], (caller, role, scope)
    assert await grants_of(user_subject("changan_window")) == [("window_specialist", "jur:130102")]


async def test_api_token_acts_with_its_one_grant_until_revoked(client: GraphQLClient) -> None:
    expires = (china_today() + dt.timedelta(days=30)).isoformat()
    data = await client.data(
        TOKEN, {"input": {"name": "county tool", "role": "auditor", "scope": "jur:130102",
                          "expiresOn": expires}}, as_user="changan_admin",
    )  # fmt: skip
    token = data["createApiToken"]["token"]
    assert token and token.startswith(data["createApiToken"]["apiToken"]["prefix"])
    seen = await client.data("{ talents(first: 2) { edges { node { idNumber } } } }", token=token)
    assert all("*" in e["node"]["idNumber"] for e in seen["talents"]["edges"])  # auditor: masked
    revoke = await client.data(
        "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }",
        {"id": data["createApiToken"]["apiToken"]["id"]}, as_user="changan_admin",
    )  # fmt: skip
    assert revoke["revokeApiToken"]["userErrors"] == []
    body = await client.execute(COUNT, token=token)
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_api_token_cannot_exceed_its_creator(client: GraphQLClient) -> None:
    expires = (china_today() + dt.timedelta(days=30)).isoformat()
    data = await client.data(
        TOKEN, {"input": {"name": "x", "role": "city_admin", "scope": "jur:130100",
                          "expiresOn": expires}}, as_user="changan_admin",
    )  # fmt: skip
    assert [e["code"] for e in data["createApiToken"]["userErrors"]] == ["FORBIDDEN"]
    assert data["createApiToken"]["token"] is None
