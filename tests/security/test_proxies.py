"""X-Forwarded-For is believed only from configured proxies (TRUSTED_PROXIES): from anyone
else it can neither dodge the card-check rate limit nor write a fake client address into
the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.embedded_redis import EmbeddedRedis
from tests.support.databases import SqliteDatabases
from tests.support.live_server import LiveServer, demo_server

LOGIN = 'mutation { login(input: {username: "changan_admin", password: "demo-pass-2026"}) { token } }'
AUDIT = """{ auditEvents(first: 5, filter: {operation: {eq: "login"}, actor: {eq: "changan_admin"}})
  { edges { node { clientAddress } } } }"""


def _checks(server: LiveServer, count: int, spoof: bool) -> list[int]:
    statuses = []
    for n in range(count):
        headers = {"X-Forwarded-For": f"203.0.113.{n % 250 + 1}"} if spoof else {}
        statuses.append(server.get("/cards/verify?token=not-a-token", headers=headers).status_code)
    return statuses


def _login_addresses(server: LiveServer, forwarded: str) -> list[str]:
    server.post(LOGIN, headers={"X-Forwarded-For": forwarded})
    body = server.gql(AUDIT, as_user="sjz_admin")
    return [e["node"]["clientAddress"] for e in body["data"]["auditEvents"]["edges"]]


def _server(databases: SqliteDatabases, redis: EmbeddedRedis, data_dir: Path,
            env: dict[str, str]) -> Iterator[LiveServer]:  # fmt: skip
    # A slow bucket (burst 5, one check every 10 s), so the limit shows whatever the pace.
    with demo_server(databases, redis, data_dir,
                     env={"CARD_VERIFY_RATE": "0.1", "CARD_VERIFY_BURST": "5", **env}) as server:  # fmt: skip
        yield server


@pytest.fixture(scope="module")
def direct_server(sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:  # fmt: skip
    yield from _server(sqlite_databases, redis_server, tmp_path_factory.mktemp("direct"), {})


@pytest.fixture(scope="module")
def proxied_server(sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:  # fmt: skip
    yield from _server(sqlite_databases, redis_server, tmp_path_factory.mktemp("proxied"),
                       {"TRUSTED_PROXIES": "127.0.0.1/32"})  # fmt: skip


def test_a_spoofed_forwarded_for_does_not_dodge_the_card_check_limit(direct_server: LiveServer) -> None:
    statuses = _checks(direct_server, 12, spoof=True)
    assert statuses.count(429) >= 6  # every "address" was the same caller: a burst of 5


def test_a_spoofed_forwarded_for_is_not_written_to_the_audit_trail(direct_server: LiveServer) -> None:
    addresses = _login_addresses(direct_server, "198.51.100.77")
    assert addresses and "198.51.100.77" not in addresses
    assert addresses[0] == "127.0.0.1"


def test_behind_a_configured_proxy_the_forwarded_client_is_recorded(proxied_server: LiveServer) -> None:
    assert _login_addresses(proxied_server, "198.51.100.77")[0] == "198.51.100.77"
    # …and each client behind the proxy has its own card-check budget.
    assert 429 not in _checks(proxied_server, 12, spoof=True)
