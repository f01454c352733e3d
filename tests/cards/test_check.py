"""The anonymous card check: GET /cards/verify and `verifyCard` give the same minimal
answer; anything but an active, in-date card of a current talent is a bare `valid: false`;
checks are rate-limited per client address, in Redis when the app has it (shared by every
process) and in the process while Redis does not answer; the card token is shown to its holder and to
card issuers only; a card verifier sees nothing else."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from typing import Any

import httpx
import pytest
import redis.asyncio
from arq.connections import RedisSettings, create_pool

from gateway.app import create_app
from gateway.embedded_redis import free_port
from permissions.masking import mask_name
from resolvers.cards.check import check_card
from resolvers.cards.rate_limit import TokenBuckets
from resolvers.cards.tokens import keyring, sign
from resolvers.core.ids import encode_id
from schema.clock import china_today
from schema.models import Card, Talent
from schema.models.enums import CardStatus, TalentStatus
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.query_counter import QueryCounter

OWN_CARD = "{ me { talent { activeCard { id number verificationToken } } } }"
VERIFY = "query($t: String!) { verifyCard(token: $t) { valid tier programme expiresOn holder } }"
CARD_TOKEN = "query($id: ID!) { node(id: $id) { ... on Card { number verificationToken } } }"


@pytest.fixture(autouse=True)
def roomy_limits(request: pytest.FixtureRequest) -> None:
    """These tests check many tokens from one address; the rate limit has its own tests."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").app.state.card_checks = TokenBuckets(rate=1000, burst=1000)


async def _own_card(client: GraphQLClient) -> dict[str, Any]:
    data = await client.data(OWN_CARD, as_user="talent_demo")
    return data["me"]["talent"]["activeCard"]


async def _checks(client: GraphQLClient, token: str, **kw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(HTTP answer, GraphQL answer without its nulls) for one token."""
    response = await client.get("/cards/verify", params={"token": token}, **kw)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    answer = (await client.data(VERIFY, {"t": token}, **kw))["verifyCard"]
    return response.json(), {k: v for k, v in answer.items() if v is not None}


async def test_the_holders_token_verifies_anonymously_with_a_masked_name_only(client: GraphQLClient) -> None:
    card = await _own_card(client)
    row = await Card.get(number=card["number"]).select_related("holder", "tier", "programme")
    http, graphql = await _checks(client, card["verificationToken"])
    assert http == graphql == {
        "valid": True,
        "tier": row.tier.name,
        "programme": row.programme.name,
        "expiresOn": row.expires_on.isoformat(),
        "holder": mask_name(row.holder.name),
    }
    assert http["holder"] != row.holder.name and http["holder"][0] == row.holder.name[0]
    assert card["number"] not in str(http)
    # A signed-in verifier gets exactly the same answer.
    assert (await _checks(client, card["verificationToken"], as_user="verifier_demo")) == (http, http)


async def test_revoked_suspended_superseded_expired_and_departed_cards_are_invalid(
    client: GraphQLClient,
) -> None:
    card = await _own_card(client)
    token, row = card["verificationToken"], await Card.get(number=card["number"])
    invalid = ({"valid": False}, {"valid": False})
    for status in (CardStatus.REVOKED, CardStatus.SUSPENDED, CardStatus.SUPERSEDED, CardStatus.EXPIRED):
        await Card.filter(id=row.id).update(status=status)
        assert await _checks(client, token) == invalid, status
        await Card.filter(id=row.id).update(status=CardStatus.ACTIVE)
        assert (await _checks(client, token))[0]["valid"] is True  # the status alone made it invalid
    today = china_today()
    await Card.filter(id=row.id).update(expires_on=today - dt.timedelta(days=1))  # expiry job not run yet
    assert await _checks(client, token) == invalid
    await Card.filter(id=row.id).update(expires_on=today)
    assert (await _checks(client, token))[0]["valid"] is True  # valid through its last day
    await Talent.filter(id=row.holder_id).update(status=TalentStatus.LEFT)
    assert await _checks(client, token) == invalid


async def test_unknown_numbers_and_bad_tokens_get_the_same_bare_answer(client: GraphQLClient) -> None:
    ring = keyring(client.app.state.settings)
    token = (await _own_card(client))["verificationToken"]
    payload, signature = token.split(".")
    bad = [
        sign(ring, "SJZ-A-2099-999999"),  # genuine signature, no such card
        f"{payload}.{signature[::-1]}", token[:-3], payload, "", "garbage", "a.b", "x" * 5000,
    ]
    for other in bad:
        assert await _checks(client, other) == ({"valid": False}, {"valid": False}), other
    missing = await client.get("/cards/verify")
    assert missing.status_code == 200 and missing.json() == {"valid": False}


def _limited(client: GraphQLClient, burst: int) -> GraphQLClient:
    """Another app on the same database, with a slow bucket (one check every 100 s)."""
    settings = dataclasses.replace(client.app.state.settings, card_verify_rate=0.01, card_verify_burst=burst)
    return GraphQLClient(create_app(settings, migrate=False))


async def _pool(redis_url: str) -> Any:
    return await create_pool(RedisSettings.from_dsn(redis_url))


@pytest.mark.parametrize("shared", [False, True], ids=["in-process", "redis"])
async def test_checks_are_rate_limited_per_client_address(
    client: GraphQLClient, request: pytest.FixtureRequest, shared: bool
) -> None:
    limited = _limited(client, burst=3)
    if shared:
        limited.app.state.redis = await _pool(request.getfixturevalue("redis_url"))
    token = (await _own_card(client))["verificationToken"]
    try:
        for _ in range(2):
            assert (await limited.get("/cards/verify", params={"token": token})).json()["valid"] is True
        assert (await limited.data(VERIFY, {"t": token}))["verifyCard"]["valid"] is True  # shares the bucket
        refused = await limited.get("/cards/verify", params={"token": token})
        assert refused.status_code == 429 and refused.json() == {"error": "LIMIT_EXCEEDED"}
        assert int(refused.headers["retry-after"]) >= 1
        body = await limited.execute(VERIFY, {"t": token})
        assert error_codes(body) == ["LIMIT_EXCEEDED"] and body["data"] is None
        transport = httpx.ASGITransport(app=limited.app, client=("203.0.113.9", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as elsewhere:
            other = await elsewhere.get("/cards/verify", params={"token": token})
        assert other.status_code == 200 and other.json()["valid"] is True
        # Each address took its tokens from Redis, or never went there.
        assert (getattr(limited.app.state, "shared_card_checks", None) is not None) is shared
    finally:
        await limited.close()
        if shared:
            await limited.app.state.redis.aclose()


async def test_two_gateways_on_one_redis_share_an_addresss_bucket(
    client: GraphQLClient, redis_url: str
) -> None:
    gateways = [_limited(client, burst=4) for _ in range(2)]
    for gateway in gateways:  # a Redis client each, as two processes have
        gateway.app.state.redis = await _pool(redis_url)
    try:
        statuses = [(await gateways[n % 2].get("/cards/verify", params={"token": "x"})).status_code
                    for n in range(8)]  # fmt: skip
        assert statuses == [200] * 4 + [429] * 4  # not 4 each
    finally:
        for gateway in gateways:
            await gateway.close()
            await gateway.app.state.redis.aclose()


async def test_without_an_answer_from_redis_checks_fall_back_to_the_process_with_one_warning(
    client: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    limited = _limited(client, burst=3)
    limited.app.state.redis = redis.asyncio.Redis(port=free_port())  # nothing listens there
    try:
        with caplog.at_level(logging.WARNING, logger="talentgate.cards"):
            statuses = [(await limited.get("/cards/verify", params={"token": "x"})).status_code
                        for _ in range(5)]  # fmt: skip
            body = await limited.execute(VERIFY, {"t": "x"})
    finally:
        await limited.close()
        await limited.app.state.redis.aclose()
    assert statuses == [200] * 3 + [429] * 2 and error_codes(body) == ["LIMIT_EXCEEDED"]
    lines = [line for line in caplog.messages if "Redis" in line]
    assert len(lines) == 1 and lines[0].startswith("card checks: Redis unreachable (ConnectionError"), lines
    assert not any(r.exc_info for r in caplog.records)


async def test_the_verification_token_is_shown_to_the_holder_and_card_issuers_only(
    client: GraphQLClient,
) -> None:
    card = await _own_card(client)
    assert card["verificationToken"]
    for issuer in ("changan_admin", "sjz_admin", "hebei_admin"):  # offices holding card:create there
        seen = (await client.data(CARD_TOKEN, {"id": card["id"]}, as_user=issuer))["node"]
        assert seen["number"] == card["number"] and seen["verificationToken"], issuer
        assert (await _checks(client, seen["verificationToken"]))[0]["valid"] is True
    for reader in ("changan_window", "auditor_demo"):  # may read the card, may not issue cards
        seen = (await client.data(CARD_TOKEN, {"id": card["id"]}, as_user=reader))["node"]
        assert seen["number"] == card["number"] and seen["verificationToken"] is None, reader
    for outsider in ("zhengding_admin", "jinan_admin", "verifier_demo", "sjz_police_handler"):
        body = await client.execute(CARD_TOKEN, {"id": card["id"]}, as_user=outsider)
        assert error_codes(body) == ["NOT_FOUND"], outsider
    assert error_codes(await client.execute(CARD_TOKEN, {"id": card["id"]})) == ["UNAUTHENTICATED"]


async def test_a_card_verifier_checks_cards_and_sees_nothing_else(client: GraphQLClient) -> None:
    card = await _own_card(client)
    lists = ("talents", "cards", "employers", "serviceRequests", "handoffs", "specialists")
    fields = " ".join(f"{name}(first: 5) {{ totalCount edges {{ node {{ id }} }} }}" for name in lists)
    query = f"{{ {fields} }}"
    data = await client.data(query, as_user="verifier_demo")
    assert {name: data[name]["totalCount"] for name in lists} == dict.fromkeys(lists, 0)
    assert all(data[name]["edges"] == [] for name in lists)
    row = await Card.get(number=card["number"])
    for global_id in (card["id"], encode_id("Talent", row.holder_id)):
        body = await client.execute("query($id: ID!) { node(id: $id) { id } }", {"id": global_id},
                                    as_user="verifier_demo")  # fmt: skip
        assert error_codes(body) == ["NOT_FOUND"]
    qr = await client.get(f"/cards/{card['id']}/qr.svg", as_user="verifier_demo")
    assert qr.status_code == 404
    answer = (await client.data(VERIFY, {"t": card["verificationToken"]}, as_user="verifier_demo"))
    assert answer["verifyCard"]["valid"] is True


def test_a_bucket_refills_at_its_rate_up_to_its_burst() -> None:
    now = [0.0]
    buckets = TokenBuckets(rate=2.0, burst=3, clock=lambda: now[0])
    assert [buckets.allow("a") for _ in range(4)] == [True, True, True, False]
    now[0] = 0.5  # one token back
    assert [buckets.allow("a") for _ in range(2)] == [True, False]
    now[0] = 100.0  # long idle: full again, never more than the burst
    assert [buckets.allow("a") for _ in range(4)] == [True, True, True, False]
    assert buckets.allow("b") and buckets.retry_after() == 1


def test_tracking_many_addresses_forgets_idle_ones_first_and_stays_bounded() -> None:
    now = [0.0]
    buckets = TokenBuckets(rate=1.0, burst=2, max_keys=10, clock=lambda: now[0])
    for i in range(10):
        buckets.allow(f"idle{i}")
    now[0] = 5.0  # the idle ones are full again by now
    assert [buckets.allow("busy") for _ in range(3)] == [True, True, False]
    assert len(buckets._buckets) == 1  # the full ones were dropped, the busy one is kept
    for i in range(100):
        buckets.allow(f"new{i}")
    assert len(buckets._buckets) <= 10


async def test_checks_arriving_together_share_one_statement_and_each_gets_its_own_answer(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    settings = client.app.state.settings
    ring = keyring(settings)
    active = await Card.filter(
        status=CardStatus.ACTIVE, holder__status=TalentStatus.ACTIVE, expires_on__gte=china_today()
    ).limit(8)
    revoked = active.pop()
    await Card.filter(id=revoked.id).update(status=CardStatus.REVOKED)
    tokens = [sign(ring, c.number) for c in active] + [sign(ring, revoked.number), sign(ring, "NO-SUCH-1")]
    with query_counter.capture() as q:
        answers = await asyncio.gather(*(check_card(settings, t) for t in tokens))
    assert q.count == 1
    assert [a.valid for a in answers] == [True] * len(active) + [False, False]
    holders = {c.id: (await Talent.get(id=c.holder_id)).name for c in active}
    assert [a.holder for a in answers[: len(active)]] == [mask_name(holders[c.id]) for c in active]
    with query_counter.capture() as q:
        assert (await check_card(settings, tokens[0])).valid  # alone: one statement too
    assert q.count == 1
