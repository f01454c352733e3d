"""The serving runtime: pooled PostgreSQL connections go back without asyncpg's reset
statements, `serve` runs on uvloop with httptools, start-up ends by settling the garbage
collector, and GraphQL answers are encoded by orjson."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import importlib.util
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise import Tortoise

from gateway import cli
from gateway.app import create_app
from gateway.http.graphql import GatewayGraphQL
from resolvers.core.settings import Settings
from schema.db import (
    GENERIC_POOL_SIZE,
    NoResetConnection,
    generic_plan_connection,
    generic_plans,
    generic_plans_config,
    tortoise_config,
)
from tests.support.graphql import GraphQLClient
from tests.support.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
RESET_PARTS = ("pg_advisory_unlock_all", "CLOSE ALL", "UNLISTEN", "RESET ALL")
ME = "{ me { username roles scopes } }"
HANDOFFS = """{ handoffs(first: 20) { totalCount nodes { id status dueOn isLead overdue createdAt
  department { name } item { name } applicant { name } } } }"""


async def _statements(url: str, tmp_path: Path, connection_class: type | None, query: str) -> list[str]:
    """What one authenticated request (after a warm-up one) sends PostgreSQL, every
    message asyncpg sends logged, with `connection_class` in place of ours if given."""
    sent: list[str] = []
    config = tortoise_config(url)
    credentials = config["connections"]["default"]["credentials"]
    if connection_class is not None:
        credentials["connection_class"] = connection_class

    async def log_queries(connection: asyncpg.Connection) -> None:
        connection.add_query_logger(lambda record: sent.append(record.query))

    credentials["init"] = log_queries
    await Tortoise.close_connections()
    await Tortoise.init(config=config)
    app = create_app(Settings(data_dir=tmp_path, database_url=url, policy_cache_seconds=600), migrate=False)
    client = GraphQLClient(app)
    try:
        await client.login("sjz_admin")
        for _ in range(2):  # the first request fills the per-process caches
            sent.clear()
            body = await client.execute(query, as_user="sjz_admin")
            assert "errors" not in body, body
            await asyncio.sleep(0.05)  # sync query loggers are called soon, not at once
        return list(sent)
    finally:
        await client.close()
        await Tortoise.close_connections()


@pytest.mark.postgres_only
async def test_statements_are_planned_for_their_values_every_time(demo_db: str) -> None:
    """No generic plans: after five runs of a prepared statement PostgreSQL may plan it
    once for any values, guessing what a range of parameters selects."""
    await Tortoise.close_connections()
    await Tortoise.init(config=tortoise_config(demo_db))
    try:
        rows = await Tortoise.get_connection("default").execute_query_dict("SHOW plan_cache_mode")
        assert rows == [{"plan_cache_mode": "force_custom_plan"}]
    finally:
        await Tortoise.close_connections()


@pytest.mark.postgres_only
async def test_the_generic_plan_pool_is_small_and_keeps_postgresql_s_choice(demo_db: str) -> None:
    """schema/db.py `generic_plans`: only compiled reads with their constants written in go
    there; a few connections, plan_cache_mode left to PostgreSQL."""
    assert generic_plans_config("sqlite:///tmp/x.sqlite3") is None
    pool = generic_plan_connection()  # the `db` fixture opened it, as the gateway's lifespan does
    assert pool is not None
    assert await pool.execute_query_dict("SHOW plan_cache_mode") == [{"plan_cache_mode": "auto"}]
    assert pool._pool.get_max_size() == GENERIC_POOL_SIZE  # type: ignore[attr-defined]
    async with generic_plans(demo_db):  # another one, inside: the outer comes back after
        assert generic_plan_connection() not in (None, pool)
    assert generic_plan_connection() is pool


def _resets(statements: list[str]) -> list[str]:
    return [s for s in statements if any(part in s for part in RESET_PARTS)]


@pytest.mark.postgres_only
@pytest.mark.parametrize("query", [ME, HANDOFFS], ids=["me", "handoffs"])
async def test_pooled_connections_go_back_without_reset_statements(
    demo_db: str, tmp_path: Path, query: str
) -> None:
    stock = await _statements(demo_db, tmp_path, asyncpg.Connection, query)
    ours = await _statements(demo_db, tmp_path, None, query)
    # asyncpg's own class resets each connection it takes back (the logger sees them) …
    assert _resets(stock), stock
    # … ours sends the same statements, less those.
    assert _resets(ours) == [], ours
    assert len(ours) == len(stock) - len(_resets(stock)), (stock, ours)


def test_the_postgres_pool_uses_the_connection_without_reset() -> None:
    config = tortoise_config("postgres://u:p%40ss@db.example:6432/talent?minsize=2")
    default = config["connections"]["default"]
    assert default["engine"] == "tortoise.backends.asyncpg"
    assert default["credentials"]["connection_class"] is NoResetConnection
    assert default["credentials"]["maxsize"] == "20" and default["credentials"]["minsize"] == "2"
    assert default["credentials"]["password"] == "p@ss"


def test_a_sqlite_connection_waits_long_for_another_process_write(tmp_path) -> None:
    """The CLI next to a running server: Python's default 5 s wait for a lock is too short
    when the server's first request builds its rollups."""

    async def busy_timeout() -> int:
        await Tortoise.init(config=tortoise_config(f"sqlite://{tmp_path}/busy.sqlite3"))
        try:
            rows = await Tortoise.get_connection("default").execute_query_dict("PRAGMA busy_timeout")
            return int(next(iter(rows[0].values())))
        finally:
            await Tortoise.close_connections()

    assert asyncio.run(busy_timeout()) == 30_000


def test_a_sqlite_write_transaction_is_not_undone_by_another_process_write(tmp_path) -> None:
    """The CLI's read-then-write transaction next to a running server: the server's write
    in between waits for it, instead of making its first write fail ("database is locked")."""
    import sqlite3
    import threading

    from tortoise.transactions import in_transaction

    path = tmp_path / "two.sqlite3"
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (x INTEGER)")
    setup.commit()
    setup.close()

    def other_process() -> None:
        other = sqlite3.connect(path, timeout=10)
        other.execute("INSERT INTO t VALUES (2)")
        other.commit()
        other.close()

    async def read_then_write() -> list[int]:
        await Tortoise.init(config=tortoise_config(f"sqlite://{path}"))
        try:
            async with in_transaction() as connection:
                await connection.execute_query("SELECT count(*) FROM t")
                writer = threading.Thread(target=other_process)
                writer.start()
                await asyncio.sleep(0.3)  # long enough for its write, had it not waited
                await connection.execute_query("INSERT INTO t VALUES (1)")
            writer.join(10)
            rows = await Tortoise.get_connection("default").execute_query_dict(
                "SELECT x FROM t ORDER BY rowid"
            )
            return [r["x"] for r in rows]
        finally:
            await Tortoise.close_connections()

    assert asyncio.run(read_then_write()) == [1, 2]


# What NoResetConnection's safety rests on (schema/db.py): no session state is left on a
# pooled connection. Transaction-scoped forms (pg_advisory_xact_lock, set_config(…, true),
# SET LOCAL) are fine.
SESSION_STATE = [
    re.compile(r"pg_(try_)?advisory_lock(_shared)?\s*\(", re.I),
    re.compile(r"set_config\s*\([^)]*,\s*false\s*\)", re.I),
    re.compile(r"""["']\s*(LISTEN|SET\s+(?!LOCAL\b)(SESSION\s+)?[a-z_.]+\s*(=|TO\b))""", re.I),
    re.compile(r"\bWITH\s+HOLD\b", re.I),
]


def test_the_sources_leave_no_session_state_on_pooled_connections() -> None:
    found = []
    for package in ("gateway", "schema", "resolvers", "permissions", "jobs"):
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "schema" / "db.py":  # names them, to say why there are none
                continue
            text = path.read_text(encoding="utf-8")
            found += [
                f"{path.relative_to(ROOT)}: {m.group(0)}" for p in SESSION_STATE for m in p.finditer(text)
            ]
    assert found == []


def test_serve_runs_on_uvloop_with_httptools(live_server: LiveServer) -> None:
    assert "event loop: uvloop, http: httptools" in live_server.log()


def test_without_uvloop_or_httptools_serve_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.event_loop_factory() is not None and cli.http_parser() == "httptools"
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import uvloop → ImportError
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "httptools" else find_spec(name, *a)
    )
    assert cli.event_loop_factory() is None
    assert cli.http_parser() == "h11"


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_start_up_ends_by_settling_the_collector(restored_gc: None) -> None:
    cli.settle_gc()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (50_000, 50, 100)


@dataclasses.dataclass
class _Point:
    x: int
    label: str


ENCODED: list[tuple[str, Any, Callable[[Any], Any]]] = [
    ("unicode", {"data": {"name": '人才 ☃ 😀 \u2028 "q" \\'}}, lambda d: d),
    ("non-string keys", {"extensions": {1: "a", 2.5: "b", None: "c"}}, lambda d: json.loads(json.dumps(d))),
    (
        "dataclass",
        {"extensions": {"point": _Point(1, "一")}},
        lambda d: {"extensions": {"point": {"x": 1, "label": "一"}}},
    ),
    ("beyond 64 bits", {"extensions": {"n": 2**70}}, lambda d: d),
]


@pytest.mark.parametrize(("name", "value", "expected"), ENCODED, ids=[e[0] for e in ENCODED])
def test_answers_encode_to_the_same_json(name: str, value: Any, expected: Callable[[Any], Any]) -> None:
    encoded = GatewayGraphQL.encode_json(object.__new__(GatewayGraphQL), value)
    assert isinstance(encoded, bytes)
    assert json.loads(encoded) == expected(value)


def test_answers_are_utf8_json_over_http(live_server: LiveServer) -> None:
    odd = '人才 ☃ 😀 "q"'  # graphql-core quotes the refused value in its message
    token = live_server.login("changan_admin")
    query = "query($n: Int!) { handoffs(first: $n) { totalCount } }"
    response = live_server.post(query, {"n": odd}, token=token)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = json.loads(response.content.decode("utf-8"))
    assert body["data"] is None and odd in body["errors"][0]["message"], body
    assert odd.encode() in response.content.replace(b'\\"', b'"')  # UTF-8, not \\u escapes
