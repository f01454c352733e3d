"""/metrics of a real `talentgate serve`: the Prometheus text format with every process's
values (PROMETHEUS_MULTIPROC_DIR), a request counted, the Grafana dashboard's metrics all
served; refused without the token, or from an address not listed, and by default to any
client not on loopback."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis.asyncio
from prometheus_client import CollectorRegistry, generate_latest
from starlette.requests import Request

from gateway.embedded_redis import EmbeddedRedis
from gateway.http.metrics import _Readings, read_state, refusal
from jobs.heartbeat import note_alive, note_gone, worker_name, workers_seen
from jobs.keys import WORKERS_SEEN
from resolvers.core.settings import Settings
from schema import clock
from schema.models import Source
from tests.support.databases import SqliteDatabases
from tests.support.live_server import LiveServer, demo_server

pytestmark = pytest.mark.heavy

METRICS_TOKEN = "metrics-token-for-the-scraper-0123456789"
BEARER = {"Authorization": f"Bearer {METRICS_TOKEN}"}
COUNT = "query CountTalents { talents { totalCount } }"
DASHBOARD = Path(__file__).parents[2] / "ops" / "grafana" / "talentgate.json"


@pytest.fixture(scope="module")
def server(sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:  # fmt: skip
    """A metrics token, and the metrics kept in files that several processes would share."""
    data_dir = tmp_path_factory.mktemp("metrics")
    (data_dir / "metrics").mkdir()
    env = {"METRICS_TOKEN": METRICS_TOKEN, "PROMETHEUS_MULTIPROC_DIR": str(data_dir / "metrics")}
    with demo_server(sqlite_databases, redis_server, data_dir, env=env) as live:
        deadline = time.monotonic() + 20  # the worker's first job (a heartbeat) has run
        while "talentgate_jobs_total" not in live.get("/metrics", headers=BEARER).text:
            assert time.monotonic() < deadline, live.log()[-3000:]
            time.sleep(0.1)
        yield live


def metric_names(text: str) -> set[str]:
    return {re.split(r"[{ ]", row, maxsplit=1)[0] for row in text.splitlines() if row and row[0] != "#"}


def _counter(text: str, operation: str) -> float:
    prefix = f'talentgate_requests_total{{operation="{operation}",outcome="ok"}} '
    values = [float(row.removeprefix(prefix)) for row in text.splitlines() if row.startswith(prefix)]
    return values[0] if values else 0.0


def test_metrics_count_requests_in_the_prometheus_format(server: LiveServer) -> None:
    before = server.get("/metrics", headers=BEARER)
    assert before.status_code == 200
    assert before.headers["content-type"].startswith("text/plain; version=0.0.4")
    server.post(COUNT, token=server.login("changan_admin"))
    after = server.get("/metrics", headers=BEARER).text
    assert _counter(after, "CountTalents") == _counter(before.text, "CountTalents") + 1
    for name in ("talentgate_request_duration_seconds_bucket", "talentgate_request_sql_statements_bucket",
                 "talentgate_queue_depth", "talentgate_workers_up",
                 "talentgate_outbox_oldest_pending_seconds",
                 "talentgate_handoffs_overdue", "talentgate_webhook_deliveries_failing",
                 'talentgate_jobs_total{function="cron:heartbeat",outcome="ok"}'):  # fmt: skip
        assert name in after, name
    kept = server.env["PROMETHEUS_MULTIPROC_DIR"]  # every process's values, in files there
    assert any(path.name.startswith("counter_") for path in Path(kept).iterdir())


def test_the_grafana_dashboard_graphs_only_metrics_the_server_serves(server: LiveServer) -> None:
    served = server.get("/metrics", headers=BEARER).text
    graphed = set(re.findall(r"talentgate_[a-z_]+", DASHBOARD.read_text()))
    assert graphed and graphed <= metric_names(served)


def test_metrics_need_the_token_when_one_is_configured(server: LiveServer) -> None:
    assert server.get("/metrics").status_code == 401
    assert server.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    session = server.login("changan_admin")  # an account's token is not the metrics token
    assert server.get("/metrics", headers={"Authorization": f"Bearer {session}"}).status_code == 401


def test_metrics_are_refused_to_an_address_not_listed(
    sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis, tmp_path_factory: pytest.TempPathFactory
) -> None:
    env = {"METRICS_ALLOWED_ADDRESSES": "10.0.0.0/8"}
    with demo_server(sqlite_databases, redis_server, tmp_path_factory.mktemp("listed"), env=env) as live:
        assert live.get("/metrics").status_code == 403  # 127.0.0.1 is not in the list
        assert live.get("/healthz").status_code == 200


def _request(client: str, headers: dict[str, str] | None = None) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {"type": "http", "method": "GET", "path": "/metrics", "headers": raw, "client": (client, 5000)}
    return Request(scope)


@pytest.mark.parametrize(("client", "headers", "allowed"), [
    ("127.0.0.1", {}, True),
    ("::1", {}, True),
    ("10.1.2.3", {}, False),
    ("127.0.0.1", {"X-Forwarded-For": "203.0.113.9"}, False),  # a proxy on this host
])  # fmt: skip
def test_without_token_or_addresses_only_loopback_reads_metrics(client: str, headers: dict[str, str],
                                                                allowed: bool) -> None:  # fmt: skip
    assert (refusal(_request(client, headers), Settings()) is None) is allowed


def test_token_and_address_list_both_apply_when_both_are_set() -> None:
    settings = Settings(metrics_token=METRICS_TOKEN, metrics_addresses=("10.0.0.0/8",))
    assert refusal(_request("10.1.2.3", BEARER), settings) is None
    assert refusal(_request("10.1.2.3"), settings).status_code == 401  # type: ignore[union-attr]
    assert refusal(_request("192.0.2.1", BEARER), settings).status_code == 403  # type: ignore[union-attr]
    only_token = Settings(metrics_token=METRICS_TOKEN)
    assert refusal(_request("192.0.2.1", BEARER), only_token) is None  # a token: any address


async def test_each_active_sources_lag_and_failed_pulls_are_gauges(db: str) -> None:
    """A province scrapes how far behind each city it is: the lag its last pull measured,
    and while pulls fail the time since the last good one."""
    now = clock.now()
    fresh = dict(url="https://a.example", token="t", jurisdictions=["370100"], jurisdiction_id="370000")
    await Source.create(name="济南", lag_seconds=3.5, last_synced_at=now, **fresh)
    await Source.create(name="青岛", failures=4, last_synced_at=now - dt.timedelta(minutes=10),
                        **{**fresh, "jurisdictions": ["370200"]})  # fmt: skip
    await Source.create(name="停用", status="PAUSED", **{**fresh, "jurisdictions": ["370600"]})
    registry = CollectorRegistry()
    registry.register(_Readings(await read_state(None, Settings())))
    text = generate_latest(registry).decode()
    assert 'talentgate_sync_lag_seconds{source="济南"} 3.5' in text
    lag = float(re.search(r'talentgate_sync_lag_seconds\{source="青岛"\} (\S+)', text).group(1))
    assert 600 <= lag < 660
    assert 'talentgate_sync_failures{source="青岛"} 4.0' in text
    assert "停用" not in text  # a paused source is not pulled: no lag to show


async def test_workers_are_counted_within_the_window_and_forgotten_after_a_day(redis_url: str) -> None:
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        now = clock.unix_time()
        await client.hset(WORKERS_SEEN, mapping={"a:1": now - 5, "b:2": now - 200, "c:3": now - 90_000})
        await note_alive(client)
        assert await workers_seen(client, 90) == sorted(["a:1", worker_name()])
        assert await workers_seen(client, 300) == sorted(["a:1", "b:2", worker_name()])
        assert b"c:3" not in await client.hkeys(WORKERS_SEEN)  # gone for a day: dropped
        await note_gone(client)
        assert await workers_seen(client, 90) == ["a:1"]
    finally:
        await client.aclose()
