"""Authentication without the database: a caller seen before costs one Redis GET and no SQL
before its own query, and every change to access is seen at the very next request — in
this process and in another one sharing the database and Redis (two apps here).
permissions/policy_cache.py says how."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as aioredis
from arq.connections import RedisSettings, create_pool

from gateway.app import create_app
from permissions.policy_cache import ACCESS_VERSION_KEY
from schema.clock import china_today
from schema.models import ApiToken
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.query_counter import QueryCounter

ME = "{ me { username roles } }"
NOTHING = "{ __typename }"  # a query that reads nothing: what is left is authentication's
TALENTS = "{ talents(first: 3) { totalCount edges { node { name idNumber } } } }"
AUTH_TABLES = ("app_user", "casbin_rule", "policy_version", "api_token")
GRANT = """mutation($input: RoleGrantInput!) { grantRole(input: $input) { userErrors { field code } } }"""
REVOKE = """mutation($input: RoleGrantInput!) { revokeRole(input: $input) { userErrors { field code } } }"""
DISABLE = """mutation($u: String!) { disableUser(input: {username: $u}) { userErrors { field code } } }"""
ENABLE = """mutation($u: String!) { enableUser(input: {username: $u}) { userErrors { field code } } }"""
TOKEN = """mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token apiToken { id } userErrors { field code } } }"""
REVOKE_TOKEN = """mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { field code } } }"""
POLICY = """mutation($input: PolicyInput!) { %s(input: $input) { userErrors { field code } } }"""
PII = {"role": "county_admin", "resource": "talent", "action": "pii:read"}
AUDITOR = {"username": "changan_window", "role": "auditor", "scope": "jur:130102"}
CREATE = """mutation($input: CreateUserInput!) { createUser(input: $input) { userErrors { field code } } }"""
DEPUTY = {"username": "changan_deputy", "role": "county_admin", "scope": "jur:130102"}
PASSWORD = "deputy-pass-2026"


@pytest.fixture
async def apps(client: GraphQLClient, redis_url: str) -> AsyncIterator[tuple[GraphQLClient, GraphQLClient]]:
    """Two gateway processes, as far as one test can have them: two apps, each with its
    own caches and Redis pool, on one database and one Redis. Sign-ins are shared."""
    second = GraphQLClient(create_app(client.app.state.settings, migrate=False))
    second.tokens = client.tokens
    pools = [await create_pool(RedisSettings.from_dsn(redis_url)) for _ in range(2)]
    client.app.state.redis, second.app.state.redis = pools
    yield client, second
    await second.close()
    for pool in pools:
        await pool.aclose()


def _auth_statements(statements: list[str]) -> list[str]:
    return [s for s in statements if any(table in s for table in AUTH_TABLES)]


async def _token(client: GraphQLClient, user: str = "changan_admin") -> tuple[str, str]:
    expires = (china_today() + dt.timedelta(days=30)).isoformat()
    spec = {"name": "报表工具", "role": "auditor", "scope": "jur:130102", "expiresOn": expires}
    made = (await client.data(TOKEN, {"input": spec}, as_user=user))["createApiToken"]
    assert made["userErrors"] == [], made
    return made["token"], made["apiToken"]["id"]


async def _deputy(client: GraphQLClient) -> str:
    """A second county office account (it may make tokens), signed in."""
    spec = {"username": DEPUTY["username"], "password": PASSWORD,
            "grants": [{"role": DEPUTY["role"], "scope": DEPUTY["scope"]}]}  # fmt: skip
    made = await client.data(CREATE, {"input": spec}, as_user="changan_admin")
    assert made["createUser"]["userErrors"] == []
    return await client.login(DEPUTY["username"], PASSWORD)


async def _ok(client: GraphQLClient, mutation: str, variables: dict[str, Any], user: str) -> None:
    data = await client.data(mutation, variables, as_user=user)
    [payload] = data.values()
    assert payload["userErrors"] == [], payload


async def _roles(client: GraphQLClient, user: str) -> list[str]:
    return (await client.data(ME, as_user=user))["me"]["roles"]


async def _masked(client: GraphQLClient) -> bool:
    data = await client.data(TALENTS, as_user="changan_admin")
    return all("*" in e["node"]["idNumber"] for e in data["talents"]["edges"])


async def test_a_caller_seen_before_costs_no_sql_before_its_query(
    apps: tuple[GraphQLClient, GraphQLClient], query_counter: QueryCounter
) -> None:
    one, _ = apps
    session = await one.login("changan_admin")
    tool, _ = await _token(one)
    for credential in (session, tool):
        with query_counter.capture() as cold:
            await one.data(NOTHING, token=credential)
        with query_counter.capture() as warm:
            await one.data(NOTHING, token=credential)
        assert _auth_statements(cold.statements), cold.statements  # read once …
        assert warm.statements == []  # … then neither the account, its grants nor the policy
        with query_counter.capture() as query:
            data = await one.data(TALENTS, token=credential)
        assert data["talents"]["totalCount"] > 0
        assert query.count > 0 and _auth_statements(query.statements) == [], query.statements
    # The token's use was written once, after the first response; the later ones wrote nothing.
    assert (await ApiToken.get(name="报表工具")).last_used_at is not None


async def test_a_revoked_role_is_gone_at_the_next_request_in_every_process(
    apps: tuple[GraphQLClient, GraphQLClient],
) -> None:
    one, two = apps
    assert "auditor" not in await _roles(two, "changan_window")
    await _ok(one, GRANT, {"input": AUDITOR}, "changan_admin")
    assert "auditor" in await _roles(two, "changan_window")
    assert "auditor" in await _roles(two, "changan_window")  # now from two's cache
    await _ok(one, REVOKE, {"input": AUDITOR}, "changan_admin")
    assert "auditor" not in await _roles(two, "changan_window")
    assert "auditor" not in await _roles(one, "changan_window")


async def test_a_disabled_account_and_its_tokens_stop_at_the_next_request_in_every_process(
    apps: tuple[GraphQLClient, GraphQLClient],
) -> None:
    one, two = apps
    session = await _deputy(one)
    tool, _ = await _token(one, "changan_deputy")
    for credential in (session, tool, session, tool):  # the second round from two's cache
        assert (await two.data(ME, token=credential))["me"]["username"] == "changan_deputy"
    await _ok(one, DISABLE, {"u": "changan_deputy"}, "sjz_admin")
    for client in (two, one):
        for credential in (session, tool):
            assert error_codes(await client.execute(ME, token=credential)) == ["UNAUTHENTICATED"]
    await _ok(two, ENABLE, {"u": "changan_deputy"}, "sjz_admin")
    for credential in (session, tool):
        assert (await one.data(ME, token=credential))["me"]["username"] == "changan_deputy"


async def test_a_revoked_token_and_a_creator_losing_the_grant_stop_at_once_everywhere(
    apps: tuple[GraphQLClient, GraphQLClient],
) -> None:
    one, two = apps
    tool, tool_id = await _token(one)
    for _ in range(2):
        assert (await two.data(ME, token=tool))["me"]["username"] == "changan_admin"
    await _ok(one, REVOKE_TOKEN, {"id": tool_id}, "changan_admin")
    assert error_codes(await two.execute(ME, token=tool)) == ["UNAUTHENTICATED"]

    # A token lives only while its creator could still hand out its grant.
    await _deputy(one)
    helper, _ = await _token(one, "changan_deputy")
    for _ in range(2):
        assert (await two.data(ME, token=helper))["me"]["username"] == "changan_deputy"
    await _ok(one, REVOKE, {"input": DEPUTY}, "sjz_admin")
    assert error_codes(await two.execute(ME, token=helper)) == ["UNAUTHENTICATED"]


async def test_a_policy_change_is_seen_at_once_in_every_process(
    apps: tuple[GraphQLClient, GraphQLClient],
) -> None:
    one, two = apps
    assert not await _masked(two) and not await _masked(two)
    await _ok(one, POLICY % "removePolicy", {"input": PII}, "platform_ops")
    assert await _masked(two)
    await _ok(two, POLICY % "addPolicy", {"input": PII}, "platform_ops")
    assert not await _masked(one)


async def test_a_redis_that_lost_its_data_is_no_reason_to_trust_the_cache(
    apps: tuple[GraphQLClient, GraphQLClient], redis_url: str, query_counter: QueryCounter
) -> None:
    one, _ = apps
    await one.data(NOTHING, as_user="changan_admin")
    version = int(await one.app.state.redis.get(ACCESS_VERSION_KEY))
    assert version > 1_000_000_000_000  # seeded from the clock, never counting up from 0 again
    await one.app.state.redis.flushall()
    with query_counter.capture() as q:
        await one.data(NOTHING, as_user="changan_admin")
    assert _auth_statements(q.statements)  # read again from the database


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_without_redis_every_request_reads_the_database_and_sees_changes_at_once(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    unreachable = aioredis.Redis(host="127.0.0.1", port=_dead_port(), socket_connect_timeout=0.2)
    client.app.state.redis = unreachable
    try:
        await client.login("changan_window")
        for _ in range(2):
            with query_counter.capture() as q:
                assert (await client.data(ME, as_user="changan_window"))["me"]["username"] == "changan_window"
            assert _auth_statements(q.statements), q.statements  # never from a cache
        await _ok(client, DISABLE, {"u": "changan_window"}, "changan_admin")
        assert error_codes(await client.execute(ME, as_user="changan_window")) == ["UNAUTHENTICATED"]
    finally:
        await unreachable.aclose()
