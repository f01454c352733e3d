"""Real SQLite, PostgreSQL and Redis for every test (see tests/support/ for the machinery).

Fixtures:

* `database_url` — a fresh, migrated database (default policy installed), parametrized
  `[sqlite]` / `[postgres]`; `sqlite_database_url` — the SQLite one alone.
* `db` / `sqlite_db` — the same, with Tortoise initialised on it for the test.
* `postgres_server` (session) — the PostgreSQL server; skips when there is none, fails
  when TALENTGATE_REQUIRE_POSTGRES=1.
* `redis_server` (session) — an `EmbeddedRedis`; `redis_url` — its URL, flushed first.
* `query_counter` — SQL statements Tortoise sent during the test; `.capture()` for a block.

Mark a test `@pytest.mark.postgres_only` to run only its `[postgres]` variant.
"""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import FrameType

import pytest
import redis
from argon2 import profiles
from tortoise import Tortoise

from gateway.embedded_redis import EmbeddedRedis
from resolvers.accounts import passwords
from resolvers.messaging.recipients import forget_recipients
from schema.db import generic_plans, tortoise_config
from tests.support.databases import PostgresDatabases, SqliteDatabases, sqlite_url
from tests.support.postgres import (
    REQUIRE_ENV,
    PostgresServer,
    PostgresUnavailable,
    postgres_required,
)
from tests.support.query_counter import QueryCounter
from tests.support.shared import SharedSession, is_xdist_controller

BACKENDS = ("sqlite", "postgres")

# `demo_db` (demo data on `db`) and `client` (GraphQL over the ASGI app).
pytest_plugins = ["tests.support.gateway_fixtures", "tests.support.live_server", "tests.support.browser"]


# argon2's production cost (~0.4 s a hash here) is tested once, in a fresh process
# (tests/accounts/test_passwords.py); every other hash in the suite is argon2's cheapest.
passwords.use_profile(profiles.CHEAPEST)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config: pytest.Config) -> None:
    # `timeout`, CI cancellation: SIGTERM would end the process without running fixture
    # teardown or atexit hooks, leaving PostgreSQL and Redis behind; unwind instead.
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)
    # Under pytest-xdist: one cluster and one set of templates for every worker, made
    # before the workers start (they inherit the environment that points at them).
    if is_xdist_controller(config):
        config.stash[_SHARED] = SharedSession()


def pytest_unconfigure(config: pytest.Config) -> None:
    shared = config.stash.get(_SHARED, None)
    if shared is not None:
        shared.close()


_SHARED = pytest.StashKey[SharedSession]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`postgres_only` tests keep only their `[postgres]` variant; `heavy` modules run first
    (longest first is how a few workers finish together)."""
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)
    selected, deselected = [], []
    for item in items:
        if item.get_closest_marker("postgres_only"):
            backend = getattr(item, "callspec", None) and item.callspec.params.get("database_url")
            if backend is None:
                raise pytest.UsageError(
                    f"{item.nodeid} is marked postgres_only but uses no database_url/db fixture"
                )
            if backend != "postgres":
                deselected.append(item)
                continue
        selected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


# -- databases ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer.from_environment()
    except PostgresUnavailable as exc:
        unavailable = str(exc)
    else:
        unavailable = None
    if unavailable is not None:
        if postgres_required():
            pytest.fail(f"{unavailable} — and {REQUIRE_ENV}=1 requires it", pytrace=False)
        pytest.skip(unavailable)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_databases(postgres_server: PostgresServer) -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(postgres_server.url)
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def sqlite_databases() -> Iterator[SqliteDatabases]:
    databases = SqliteDatabases()
    yield databases
    databases.close()


def _template_kind(request: pytest.FixtureRequest) -> str:
    """Tests asking for the demo (`demo_db`, `history_db`) start from a seeded template."""
    names = request.fixturenames
    return "history" if "history_db" in names else "demo" if "demo_db" in names else "base"


@pytest.fixture
def sqlite_database_url(request: pytest.FixtureRequest, sqlite_databases: SqliteDatabases) -> Iterator[str]:
    path = sqlite_databases.create(_template_kind(request))
    yield sqlite_url(path)
    sqlite_databases.drop(path)


def _postgres_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    name = databases.create(_template_kind(request))
    yield databases.url_for(name)
    databases.drop(name)


@pytest.fixture(params=BACKENDS, ids=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_database_url")
    else:
        yield from _postgres_database_url(request)


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[str]:
    forget_recipients()  # per-process caches must not carry one test's users into the next
    await Tortoise.init(config=tortoise_config(database_url))
    async with generic_plans(database_url):
        yield database_url
    await Tortoise.close_connections()


@pytest.fixture
async def sqlite_db(sqlite_database_url: str) -> AsyncIterator[str]:
    forget_recipients()
    await Tortoise.init(config=tortoise_config(sqlite_database_url))
    yield sqlite_database_url
    await Tortoise.close_connections()


@pytest.fixture
def query_counter() -> Iterator[QueryCounter]:
    counter = QueryCounter().start()
    yield counter
    counter.stop()


# -- redis --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    with EmbeddedRedis(Path(tmp_path_factory.mktemp("redis"))) as server:
        yield server


@pytest.fixture
def redis_url(redis_server: EmbeddedRedis) -> str:
    client = redis.Redis.from_url(redis_server.url)
    try:
        client.flushall()
    finally:
        client.close()
    return redis_server.url
