"""A new database in one step: the committed migrations' end state as one SQL script per
backend (`schema/snapshots/sqlite.sql`, `postgres.sql`), recorded as applied.

Tortoise replays a migration by rebuilding its model state for every operation: about
12 s for this project's migrations, paid at every first start (`talentgate demo`, a new
deployment, the test templates). A database with no tables runs the script instead, in
one transaction, and `migrate` then applies whatever migration is newer than it. Existing
databases never see the script. tests/schema/test_snapshot.py keeps it equal to the
replay on both backends; `python -m schema.snapshot_write` rewrites both files.
"""

from __future__ import annotations

from pathlib import Path

from tortoise.backends.base.client import BaseDBAsyncClient

SNAPSHOTS = Path(__file__).with_name("snapshots")
RECORDER_TABLE = "tortoise_migrations"  # Tortoise's MigrationRecorder default
MIGRATIONS_LINE = "-- migrations: "
_EMPTY = {
    "sqlite": "SELECT COUNT(*) AS n FROM sqlite_master WHERE type IN ('table', 'view')",
    # Only the usual schema: the script names `public.` throughout.
    "postgres": "SELECT CASE WHEN current_schema() = 'public' THEN (SELECT COUNT(*) FROM pg_class c "
    "JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'public' "
    "AND c.relkind IN ('r', 'v', 'm', 'S', 'p')) ELSE 1 END AS n",
}
_NOW = {"sqlite": "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')", "postgres": "now()"}


def snapshot_path(dialect: str) -> Path:
    return SNAPSHOTS / f"{dialect}.sql"


def migrations_of(script: str) -> list[tuple[str, str]]:
    """The (app, migration) pairs a snapshot holds, from its header."""
    line = next(line for line in script.splitlines() if line.startswith(MIGRATIONS_LINE))
    return [tuple(key.split(".", 1)) for key in line.removeprefix(MIGRATIONS_LINE).split()]  # type: ignore[misc]


def header(migrations: list[tuple[str, str]]) -> str:
    keys = " ".join(f"{app}.{name}" for app, name in migrations)
    title = "-- The end state of these migrations (schema/snapshot.py); do not edit."
    return f"{title}\n{MIGRATIONS_LINE}{keys}\n"


def _recording(dialect: str, migrations: list[tuple[str, str]]) -> str:
    rows = ", ".join(f"('{app}', '{name}', {_NOW[dialect]})" for app, name in migrations)
    return f'INSERT INTO "{RECORDER_TABLE}" ("app", "name", "applied_at") VALUES {rows};\n'


def loadable(dialect: str, script: str) -> str:
    """The script with the recorder's rows inside its transaction: the tables and the
    record that they exist are written together or not at all."""
    recording = _recording(dialect, migrations_of(script))
    if dialect == "sqlite":  # sqlite3's dump is one BEGIN TRANSACTION … COMMIT
        body, commit, _ = script.rpartition("COMMIT;")
        assert commit, "a SQLite snapshot ends with COMMIT;"
        return f"{body}{recording}COMMIT;\n"
    return script + recording  # PostgreSQL runs a multi-statement string as one transaction


async def load_if_empty(connection: BaseDBAsyncClient) -> bool:
    """Run the snapshot on a database with no tables; False (nothing done) otherwise, or
    when there is no snapshot for its backend."""
    dialect = connection.capabilities.dialect
    path = snapshot_path(dialect)
    if dialect not in _EMPTY or not path.exists():
        return False
    _, rows = await connection.execute_query(_EMPTY[dialect])
    if rows[0]["n"]:
        return False
    await connection.execute_script(loadable(dialect, path.read_text()))
    return True
