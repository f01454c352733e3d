"""`users` and `apiTokens`: keyset connections an office pages through, each showing only
what lies within the caller's reach, with nested fields batched."""

from __future__ import annotations

import datetime as dt
from typing import Any

from schema.clock import china_today
from schema.models import AuditEvent, User
from tests.support.graphql import GraphQLClient
from tests.support.query_counter import QueryCounter

USERS = """query($first: Int, $after: String, $filter: UserFilter, $orderBy: [UserAccountOrder!]) {
  users(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id username active jurisdiction { code } department { name } grants { role scope } }
  } }"""
TOKENS = """query($filter: ApiTokenFilter) { apiTokens(first: 50, filter: $filter) {
  totalCount nodes { id name role scope revoked lastUsedAt createdBy { username active } } } }"""
TOKEN = """mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token apiToken { id } userErrors { field code message } } }"""
REVOKE = """mutation($id: ID!) { revokeApiToken(input: {id: $id}) {
  apiToken { revoked } userErrors { field code } } }"""
GRANT = """mutation($input: RoleGrantInput!) {
  grantRole(input: $input) { user { username active grants { role } } userErrors { code } } }"""


async def _usernames(client: GraphQLClient, who: str, **variables: Any) -> list[str]:
    data = await client.data(USERS, {"first": 100, **variables}, as_user=who)
    return [n["username"] for n in data["users"]["nodes"]]


def _token(role: str, scope: str, name: str = "报表工具") -> dict[str, Any]:
    expires = (china_today() + dt.timedelta(days=30)).isoformat()
    return {"input": {"name": name, "role": role, "scope": scope, "expiresOn": expires}}


async def _make(client: GraphQLClient, who: str, role: str, scope: str) -> dict[str, Any]:
    return (await client.data(TOKEN, _token(role, scope), as_user=who))["createApiToken"]


async def _token_count(client: GraphQLClient, who: str, **filter: Any) -> int:
    data = await client.data(TOKENS, {"filter": filter or None}, as_user=who)
    return data["apiTokens"]["totalCount"]


async def test_offices_list_the_accounts_of_their_jurisdictions(client: GraphQLClient) -> None:
    county = {"changan_admin", "changan_window", "talent_demo"}
    assert set(await _usernames(client, "changan_admin")) == county
    city = set(await _usernames(client, "sjz_admin"))
    assert {"changan_window", "zhengding_admin", "sjz_police_handler", "sjz_admin", "auditor_demo"} <= city
    assert not city & {"jinan_admin", "hebei_admin", "platform_ops", "shandong_platform"}
    assert await _usernames(client, "jinan_admin") == ["jinan_admin"]
    assert await _usernames(client, "changan_window") == []  # no `user read`
    everyone = await _usernames(client, "platform_ops")
    assert sorted(everyone) == sorted(await User.all().values_list("username", flat=True))
    within = await _usernames(client, "hebei_admin", filter={"withinJurisdiction": "130102"})
    assert set(within) == county


async def test_users_page_by_keyset_in_any_order(client: GraphQLClient) -> None:
    order = [{"field": "USERNAME", "direction": "DESC"}]
    seen: list[str] = []
    after = None
    while True:
        data = (await client.data(USERS, {"first": 3, "after": after, "orderBy": order}, as_user="sjz_admin"))
        page = data["users"]
        seen += [n["username"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == page["totalCount"]
    one = {"filter": {"username": {"eq": "changan_window"}}}
    node = (await client.data(USERS, one, as_user="sjz_admin"))["users"]["nodes"][0]
    assert node["grants"] == [{"role": "window_specialist", "scope": "jur:130102"}]
    assert (node["active"], node["jurisdiction"]) == (True, {"code": "130102"})


async def test_a_page_of_users_costs_the_same_statements_whatever_its_size(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    async def statements(first: int) -> int:
        with query_counter.capture() as q:
            await client.data(USERS, {"first": first}, as_user="platform_ops")
        return q.count

    await statements(1)  # signed in, policy cached
    # Both pages hold an account with a jurisdiction and one with a department (by id: the
    # sixth demo account is a handler).
    assert await statements(6) == await statements(14)


async def test_an_account_named_outside_the_callers_reach_shows_no_details(client: GraphQLClient) -> None:
    # grantRole names any account; its payload tells the granter nothing more about it.
    grant = {"username": "jinan_admin", "role": "auditor", "scope": "jur:130102"}
    payload = (await client.data(GRANT, {"input": grant}, as_user="changan_admin"))["grantRole"]
    assert payload == {"user": {"username": "jinan_admin", "active": None, "grants": []}, "userErrors": []}


async def test_api_tokens_list_ones_own_and_those_of_accounts_in_reach(client: GraphQLClient) -> None:
    made = await _make(client, "changan_admin", "auditor", "jur:130102")
    assert made["userErrors"] == []
    listed = (await client.data(TOKENS, as_user="changan_admin"))["apiTokens"]
    assert [n["lastUsedAt"] for n in listed["nodes"]] == [None]
    await client.data("{ me { username } }", token=made["token"])
    await client.data("{ me { username } }", token=made["token"])
    node = (await client.data(TOKENS, as_user="changan_admin"))["apiTokens"]["nodes"][0]
    assert node["lastUsedAt"] is not None
    assert node["createdBy"] == {"username": "changan_admin", "active": True}
    assert await _token_count(client, "sjz_admin") == 1
    assert await _token_count(client, "zhengding_admin") == 0
    assert await _token_count(client, "changan_window") == 0
    assert await _token_count(client, "sjz_admin", revoked=True) == 0

    # Revoking: the auditor sees the token but manages no account; another county sees
    # nothing; the city office over its creator revokes it.
    seen = await client.data(REVOKE, {"id": node["id"]}, as_user="auditor_demo")
    assert seen["revokeApiToken"]["userErrors"] == [{"field": "id", "code": "FORBIDDEN"}]
    hidden = await client.data(REVOKE, {"id": node["id"]}, as_user="zhengding_admin")
    assert hidden["revokeApiToken"]["userErrors"] == [{"field": "id", "code": "NOT_FOUND"}]
    done = await client.data(REVOKE, {"id": node["id"]}, as_user="sjz_admin")
    assert done["revokeApiToken"] == {"apiToken": {"revoked": True}, "userErrors": []}
    assert await _token_count(client, "sjz_admin", revoked=True) == 1
    event = await AuditEvent.get(operation="revokeApiToken")
    assert (event.actor, event.jurisdiction_code) == ("sjz_admin", "130102")


async def test_a_token_is_never_broader_than_its_creators_live_grants(client: GraphQLClient) -> None:
    # A county office hands out `card_verifier` and may appoint handlers, but a token of its
    # own never verifies cards: the office itself may not.
    broader = await _make(client, "changan_admin", "card_verifier", "jur:130102")
    assert [(e["field"], e["code"]) for e in broader["userErrors"]] == [("role", "FORBIDDEN")]
    assert "card verify" in broader["userErrors"][0]["message"]
    above = await _make(client, "changan_admin", "city_admin", "jur:130100")
    assert [e["code"] for e in above["userErrors"]] == ["FORBIDDEN"]
    made = await _make(client, "changan_admin", "auditor", "jur:130102")
    trail = "{ auditEvents(first: 1) { totalCount } }"
    assert (await client.data(trail, token=made["token"]))["auditEvents"]["totalCount"] > 0

    # The creator loses an action the token's role has: the token stops at once…
    line = {"role": "county_admin", "resource": "audit_event", "action": "read"}
    remove = """mutation($input: PolicyInput!) { removePolicy(input: $input) { userErrors { code } } }"""
    add = """mutation($input: PolicyInput!) { addPolicy(input: $input) { userErrors { code } } }"""
    removed = await client.data(remove, {"input": line}, as_user="platform_ops")
    assert removed["removePolicy"]["userErrors"] == []
    body = await client.execute("{ me { username } }", token=made["token"])
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # …and works again when the creator holds it again.
    added = await client.data(add, {"input": line}, as_user="platform_ops")
    assert added["addPolicy"]["userErrors"] == []
    me = await client.data("{ me { username } }", token=made["token"])
    assert me["me"]["username"] == "changan_admin"
