"""The test fixtures themselves: fresh migrated databases, Redis flushing, query counting."""

from __future__ import annotations

import pytest
import redis
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from schema.models import CasbinRule, Jurisdiction, PolicyVersion
from schema.models.enums import JurisdictionLevel
from tests.support.query_counter import QueryCounter


def _dialect() -> str:
    return Tortoise.get_connection("default").capabilities.dialect


# Run twice per backend: whichever runs second would see the first one's row.
@pytest.mark.parametrize("run", [1, 2])
async def test_each_test_gets_an_empty_migrated_database(db: str, run: int) -> None:
    assert await Jurisdiction.all().count() == 0
    await Jurisdiction.create(code="130000", name="河北省", level=JurisdictionLevel.PROVINCE)
    assert await Jurisdiction.filter(code="130000").exists()


async def test_backend_matches_the_parameter(db: str, request: pytest.FixtureRequest) -> None:
    backend = request.node.callspec.params["database_url"]
    assert db.startswith(f"{backend}://")
    assert _dialect() == backend


async def test_default_policy_is_installed(db: str) -> None:
    assert await CasbinRule.filter(ptype="p").count() > 0
    assert await CasbinRule.filter(ptype="g").count() == 0
    assert (await PolicyVersion.get(id=1)).version >= 1


async def test_sqlite_db_is_sqlite(sqlite_db: str) -> None:
    assert sqlite_db.startswith("sqlite:///")
    assert _dialect() == "sqlite"
    assert await CasbinRule.filter(ptype="p").exists()


@pytest.mark.postgres_only
async def test_postgres_only_runs_on_postgres(db: str) -> None:
    assert _dialect() == "postgres"
    async with in_transaction():  # row locks are real here, unlike SQLite
        rows = await CasbinRule.filter(ptype="p").select_for_update().limit(1)
    assert len(rows) == 1


def test_postgres_only_deselects_the_sqlite_variant(request: pytest.FixtureRequest) -> None:
    # (Had the [sqlite] variant been kept, it would also fail on its dialect assertion.)
    kept = {item.nodeid for item in request.session.items}
    name = "tests/gateway/test_infrastructure.py::test_postgres_only_runs_on_postgres"
    assert f"{name}[sqlite]" not in kept


@pytest.mark.parametrize("run", [1, 2])
def test_redis_is_flushed_for_each_test(redis_url: str, run: int) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.dbsize() == 0
        client.set("left-behind", run)
        client.rpush("arq:queue", "job")
    finally:
        client.close()


async def test_query_counter_counts_statements(db: str, query_counter: QueryCounter) -> None:
    with query_counter.capture() as q:
        await Jurisdiction.create(code="130000", name="河北省", level=JurisdictionLevel.PROVINCE)
        await Jurisdiction.create(
            code="130100", name="石家庄市", level=JurisdictionLevel.CITY, parent_id="130000"
        )
        assert len(await Jurisdiction.all()) == 2
        assert await Jurisdiction.filter(code__startswith="13").count() == 2
        await Jurisdiction.filter(code="130100").update(name="石家庄")
        await Jurisdiction.filter(code="130100").values("name")
        await Tortoise.get_connection("default").execute_query_dict("SELECT 1 AS one")
    assert q.count == 7, q.statements
    assert "INSERT" in q.statements[0].upper() and "jurisdiction" in q.statements[0]
    assert q.statements[-1] == "SELECT 1 AS one"
    after = q.count
    await Jurisdiction.all()
    assert q.count == after  # no longer capturing


async def test_query_counter_bulk_transactions_and_nesting(
    db: str, query_counter: QueryCounter
) -> None:
    with query_counter.capture() as outer:
        await Jurisdiction.bulk_create(
            [
                Jurisdiction(code=f"1301{n:02d}", name=f"区{n}", level=JurisdictionLevel.COUNTY)
                for n in range(1, 11)
            ]
        )
        with query_counter.capture() as inner:
            async with in_transaction():  # BEGIN / COMMIT are not counted
                await Jurisdiction.filter(code="130101").update(name="长安区")
                await Jurisdiction.get(code="130101")
        rows = await Jurisdiction.filter(code__startswith="1301").order_by("code")
    assert len(rows) == 10
    assert inner.count == 2, inner.statements
    assert outer.count == 4, outer.statements  # one bulk insert + the inner two + one select
    assert query_counter.count >= outer.count  # the whole-test counter saw them too


def test_query_counter_restores_the_clients() -> None:
    from tortoise.backends.sqlite.client import SqliteClient

    original = SqliteClient.execute_query
    counter = QueryCounter().start()
    with counter.capture():
        assert SqliteClient.execute_query is not original
    counter.stop()
    assert SqliteClient.execute_query is original
