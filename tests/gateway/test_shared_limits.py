"""Limits that hold across gateway processes: two `talentgate serve` on one PostgreSQL and
one Redis, as a deployment behind a load balancer runs them. The card check's bucket is
in Redis (HTTP and GraphQL, both gateways, one bucket); with Redis killed each gateway
falls back to its own, says so once and goes back when Redis does; sign-in failures are
counted in the database, whichever gateway they reach."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import redis

from gateway.embedded_redis import EmbeddedRedis
from jobs.keys import CARD_CHECK_PREFIX
from tests.support.databases import PostgresDatabases
from tests.support.live_server import LOGIN, LiveServer, start_server

pytestmark = pytest.mark.heavy

BURST = 4
# One check every 100 s: within a test, a bucket refills by a tenth of a check at most.
LIMITS = {"CARD_VERIFY_BURST": str(BURST), "CARD_VERIFY_RATE": "0.01", "LOGIN_MAX_FAILURES": "3"}
VERIFY = "query($t: String!) { verifyCard(token: $t) { valid } }"
OUTAGE_LINE = "card checks: Redis unreachable"
BACK_LINE = "card checks: Redis answers again"


class Gateways:
    def __init__(self, queue: EmbeddedRedis, servers: list[LiveServer]) -> None:
        self.queue, self.a, self.b = queue, servers[0], servers[1]

    def forget_buckets(self) -> None:
        client = redis.Redis.from_url(self.queue.url)
        try:
            for key in client.scan_iter(match=CARD_CHECK_PREFIX + "*"):
                client.delete(key)
        finally:
            client.close()


@pytest.fixture(scope="module")
def gateways(postgres_databases: PostgresDatabases,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateways]:  # fmt: skip
    data = tmp_path_factory.mktemp("shared-limits")
    name = postgres_databases.create("demo")
    try:
        with EmbeddedRedis(data / "redis") as queue, ExitStack() as stack:
            servers = [stack.enter_context(start_server(postgres_databases.url_for(name), _folder(data, n),
                                                        env=LIMITS, redis_url=queue.url))
                       for n in range(2)]  # fmt: skip
            yield Gateways(queue, servers)
    finally:
        postgres_databases.drop(name)


def _folder(data: Path, n: int) -> Path:
    folder = data / f"gateway-{n}"
    folder.mkdir()
    return folder


def _check(live: LiveServer, via: str) -> str:
    """One anonymous card check: "ok" or "limited"; anything else fails the test."""
    if via == "http":
        answer = live.get("/cards/verify?token=not-a-token")
        assert answer.status_code in (200, 429), answer.text
        assert answer.status_code == 200 or answer.headers["retry-after"] == "100"
        return "ok" if answer.status_code == 200 else "limited"
    response = live.post(VERIFY, {"t": "not-a-token"})
    assert response.status_code == 200, response.text
    body = response.json()
    if "errors" not in body:
        assert body["data"]["verifyCard"] == {"valid": False}
        return "ok"
    assert [e["extensions"]["code"] for e in body["errors"]] == ["LIMIT_EXCEEDED"], body
    return "limited"


def test_alternating_checks_on_two_gateways_take_from_one_bucket(gateways: Gateways) -> None:
    gateways.forget_buckets()
    turns = [(gateways.a, "http"), (gateways.b, "http"), (gateways.a, "graphql"), (gateways.b, "graphql")]
    answers = [_check(live, via) for live, via in turns * 2]
    assert answers == ["ok"] * BURST + ["limited"] * BURST  # not BURST on each gateway


def _login_code(live: LiveServer, username: str, password: str) -> str | None:
    body = live.post(LOGIN, {"u": username, "p": password}).json()
    assert "errors" not in body, body
    errors = body["data"]["login"]["userErrors"]
    return errors[0]["code"] if errors else None


def test_sign_in_failures_on_two_gateways_count_together(gateways: Gateways) -> None:
    a, b = gateways.a, gateways.b
    codes = [_login_code(live, "zhengding_admin", "guess") for live in (a, b, a, b, a)]
    # LOGIN_MAX_FAILURES=3 in all: counted per gateway, the fourth would still be a failure.
    assert codes == ["UNAUTHENTICATED"] * 3 + ["LIMIT_EXCEEDED"] * 2
    assert _login_code(b, "zhengding_admin", "demo-pass-2026") == "LIMIT_EXCEEDED"


def test_a_killed_redis_falls_back_to_each_gateways_bucket_then_shares_again(gateways: Gateways) -> None:
    a, b, queue = gateways.a, gateways.b, gateways.queue
    gateways.forget_buckets()
    assert [_check(live, "http") for live in (a, b) * BURST] == ["ok"] * BURST + ["limited"] * BURST
    assert queue.pid is not None
    os.kill(queue.pid, signal.SIGKILL)
    try:
        answers: dict[str, list[str]] = {a.base: [], b.base: []}
        until = time.monotonic() + 3  # long enough for each gateway to ask Redis again, twice
        while time.monotonic() < until:
            for live, via in ((a, "http"), (b, "graphql")):
                answers[live.base].append(_check(live, via))
            time.sleep(0.1)
        for seen in answers.values():  # each gateway's own full bucket, refused past its burst
            assert seen[:BURST] == ["ok"] * BURST and set(seen[BURST:]) == {"limited"}, seen
    finally:
        queue.start()  # on the same port, from its append-only file
    gateways.forget_buckets()  # a full shared bucket; both gateways' own are empty now
    for live in (a, b):  # back on Redis (asked again within a second): only it can allow
        _until_ok(live)
    assert [_check(live, "http") for live in (a, b, a, b)] == ["ok"] * (BURST - 2) + ["limited"] * 2
    for live in (a, b):
        log = live.log()
        assert log.count(OUTAGE_LINE) == 1 and log.count(BACK_LINE) == 1, log[-4000:]
        assert "Traceback" not in log, log[-4000:]


def _until_ok(live: LiveServer, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while _check(live, "http") != "ok":
        assert time.monotonic() < deadline, f"no check allowed within {seconds:g} s:\n{live.log()[-3000:]}"
        time.sleep(0.1)
