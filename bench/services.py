"""What every benchmark runs against: the given database and Redis, or throwaway ones."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from gateway.embedded_redis import EmbeddedRedis


@contextmanager
def services(database_url: str = "", redis_url: str = "", *, sqlite: bool = False) -> Iterator[
    tuple[str, str, Path]
]:  # fmt: skip
    """Yield (database URL, Redis URL, scratch directory). Without URLs: a throwaway PostgreSQL
    cluster (as the tests start one) — or a SQLite file with `sqlite` — and an embedded Redis,
    both stopped on the way out."""
    tmp = Path(tempfile.mkdtemp())
    with ExitStack() as stack:
        if sqlite:
            database_url = f"sqlite://{tmp / 'bench.sqlite3'}"
        elif not database_url:
            from tests.support.postgres import PostgresServer

            pg = PostgresServer.from_environment()
            stack.callback(pg.stop)
            database_url = pg.url
        if not redis_url:
            redis = EmbeddedRedis(tmp / "redis").start()
            stack.callback(redis.stop)
            redis_url = redis.url
        yield database_url, redis_url, tmp
