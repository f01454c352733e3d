"""Fixtures for behaviour tests: a fresh database with the demo data, and a client of the
real ASGI app on it. Import them into a test module (or conftest) to use them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from arq.connections import ArqRedis, RedisSettings, create_pool

from gateway.app import create_app
from resolvers.core.settings import Settings
from schema.models import Jurisdiction, ServiceRequest
from tests.support.graphql import GraphQLClient


@pytest.fixture
async def demo_db(db: str) -> str:
    """`db` (both backends) with the demo data loaded, cloned from a template seeded once
    per session (tests/support/databases.py): without its year of past requests unless the
    test asks for `history_db` too."""
    assert await Jurisdiction.exists(code="130000")
    return db


@pytest.fixture
async def history_db(db: str) -> str:
    """`db` (both backends) with the full demo, its year of past requests included (a
    template of its own)."""
    assert await ServiceRequest.exists()
    return db


@pytest.fixture
async def client(demo_db: str, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    """GraphQL over HTTP through the ASGI app; Tortoise is already initialised by `db`."""
    # A long policy TTL keeps statement counts steady; grants invalidate the cache themselves.
    settings = Settings(data_dir=tmp_path, database_url=demo_db, policy_cache_seconds=600)
    app = create_app(settings, migrate=False)
    gql = GraphQLClient(app)
    yield gql
    await gql.close()


@pytest.fixture
async def queue(client: GraphQLClient, redis_url: str) -> AsyncIterator[ArqRedis]:
    """An arq pool on the test's Redis, wired into the client's app: mutations enqueue
    their jobs there (run them with `tests.support.worker.drain(redis_url)`)."""
    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    client.app.state.redis = pool
    yield pool
    await pool.aclose()
