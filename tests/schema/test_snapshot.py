"""A new database made from the snapshot (schema/snapshot.py) is the one replaying every
migration makes, on both backends, and the snapshot holds every committed migration.

Every other test starts from the snapshot (the templates are made by `apply_migrations`);
these are the only replays of the whole history left in the suite.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from pathlib import Path

import asyncpg
import pytest

from schema.db import apply_migrations
from schema.snapshot import RECORDER_TABLE, loadable, migrations_of, snapshot_path
from schema.snapshot_write import database_url, pg_dump, sqlite_dump
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.heavy  # a full replay of the migrations on each backend
MIGRATIONS = Path(__file__).parents[2] / "schema" / "migrations"
REGENERATE = "stale snapshot: python -m schema.snapshot_write --postgres-url URL"


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_the_snapshot_holds_every_committed_migration(dialect: str) -> None:
    committed = sorted(p.stem for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    held = [name for _, name in migrations_of(snapshot_path(dialect).read_text())]
    assert held == committed, REGENERATE


async def test_sqlite_from_the_snapshot_is_sqlite_replayed(tmp_path: Path) -> None:
    replayed, loaded = tmp_path / "replayed.sqlite3", tmp_path / "loaded.sqlite3"
    await apply_migrations(f"sqlite:///{replayed}", from_snapshot=False)
    await apply_migrations(f"sqlite:///{loaded}")
    await apply_migrations(f"sqlite:///{loaded}")  # a second start: nothing to do
    assert sqlite_dump(loaded) == sqlite_dump(replayed), REGENERATE
    with sqlite3.connect(loaded) as db:
        assert db.execute(f'SELECT COUNT(*) FROM "{RECORDER_TABLE}"').fetchone()[0] == len(
            migrations_of(snapshot_path("sqlite").read_text())
        )


async def _recorded(url: str) -> list[str]:
    connection = await asyncpg.connect(url)
    try:
        return [r["name"] for r in await connection.fetch(f'SELECT name FROM "{RECORDER_TABLE}" ORDER BY id')]
    finally:
        await connection.close()


async def test_postgresql_from_the_snapshot_is_postgresql_replayed(postgres_server: PostgresServer) -> None:
    names = [f"tg_snap_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    admin = await asyncpg.connect(postgres_server.url)
    try:
        for name in names:
            await admin.execute(f'CREATE DATABASE "{name}"')
        replayed, loaded = (database_url(postgres_server.url, name) for name in names)
        await apply_migrations(replayed, from_snapshot=False)
        await apply_migrations(loaded)
        await apply_migrations(loaded)
        assert await _recorded(loaded) == await _recorded(replayed)
        excluded = f"--exclude-table-data=public.{RECORDER_TABLE}"
        assert pg_dump(loaded, "--inserts", excluded) == pg_dump(replayed, "--inserts", excluded), REGENERATE
    finally:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def test_the_loaded_script_records_its_migrations_in_its_own_transaction() -> None:
    for dialect in ("sqlite", "postgres"):
        script = loadable(dialect, snapshot_path(dialect).read_text())
        recording = re.search(rf'INSERT INTO "{RECORDER_TABLE}" .*;', script)
        assert recording is not None
        if dialect == "sqlite":
            assert script.rstrip().endswith("COMMIT;")
            assert script.index(recording.group()) < script.rindex("COMMIT;")
        assert "\\restrict" not in script and "\nSET " not in script


def _indexes(dialect: str) -> set[tuple[str, str]]:
    text = snapshot_path(dialect).read_text()
    if dialect == "postgres":
        return set(re.findall(r"CREATE (?:UNIQUE )?INDEX (\w+) ON public\.(\w+)", text))
    return set(re.findall(r'CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?"?(\w+)"? ON "?(\w+)"?', text))


def test_sqlite_keeps_every_index_postgresql_has_but_the_jsonb_ones() -> None:
    """SQLite alters a column by rebuilding its table, which drops the table's indexes unless
    the migration puts them back (schema/migration_ops.py): none may go missing."""
    missing = {(name, table) for name, table in _indexes("postgres") - _indexes("sqlite")
               if not name.endswith("_custom_fields_gin")}  # fmt: skip
    assert not missing, sorted(missing)
