"""`python -m schema.snapshot_write --postgres-url URL`: rewrite schema/snapshots/*.sql.

Each backend's snapshot is what replaying every committed migration on an empty database
leaves, dumped (SQLite: `sqlite3`'s dump; PostgreSQL: `pg_dump`), without the migration
recorder's rows (`schema.snapshot` records them when it loads). Run it after adding a
migration; tests/schema/test_snapshot.py fails until you do. `URL` is a PostgreSQL
server where the caller may create a database (a scratch one is made and dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from pathlib import Path

import asyncpg

from schema.db import apply_migrations
from schema.snapshot import RECORDER_TABLE, header, snapshot_path


def replay_sqlite(path: Path) -> None:
    """Every migration replayed on a new SQLite file, the slow way."""
    asyncio.run(apply_migrations(f"sqlite:///{path}", from_snapshot=False))


def sqlite_dump(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """The database's dump without the recorder's rows, and the migrations it recorded."""
    with sqlite3.connect(path) as db:
        rows = db.execute(f'SELECT app, name FROM "{RECORDER_TABLE}" ORDER BY id').fetchall()
        sequence = f"""INSERT INTO "sqlite_sequence" VALUES('{RECORDER_TABLE}'"""
        recorder = (f'INSERT INTO "{RECORDER_TABLE}"', sequence)
        lines = [line for line in db.iterdump() if not line.startswith(recorder)]
    db.close()
    return "\n".join(lines) + "\n", [(app, name) for app, name in rows]


def postgres_binary(name: str) -> str:
    """The newest server-side PostgreSQL program `name` (Debian's /usr/bin ones are wrappers
    wanting a cluster)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    binary = found[-1] if found else shutil.which(name)
    if binary is None:
        raise SystemExit(f"{name} not found: install PostgreSQL's client programs")
    return binary


def pg_dump_binary() -> str:
    return postgres_binary("pg_dump")


def clean_pg_dump(text: str) -> str:
    """pg_dump's output as a script a driver can run: no psql meta-commands (\\restrict),
    no session SETs (a pooled connection must not keep them), no comments."""
    kept = [
        line
        for line in text.splitlines()
        if line.strip()
        and not line.startswith(("\\", "--", "SET ", "SELECT pg_catalog.set_config("))
    ]
    return "\n".join(kept) + "\n"


def pg_dump(url: str, *options: str) -> str:
    done = subprocess.run([pg_dump_binary(), "--no-owner", "--no-privileges", *options, "--dbname", url],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return clean_pg_dump(done.stdout)


def database_url(server_url: str, name: str) -> str:
    return f"{server_url.rsplit('/', 1)[0]}/{name}"


async def postgres_dump(server_url: str) -> tuple[str, list[tuple[str, str]]]:
    """Replay every migration on a scratch database of the server, dump it, drop it."""
    name = f"tg_snapshot_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = database_url(server_url, name)
        try:
            await apply_migrations(url, from_snapshot=False)
            connection = await asyncpg.connect(url)
            try:
                rows = await connection.fetch(f'SELECT app, name FROM "{RECORDER_TABLE}" ORDER BY id')
            finally:
                await connection.close()
            script = pg_dump(url, "--inserts", f"--exclude-table-data=public.{RECORDER_TABLE}")
            sequence = f"setval('public.{RECORDER_TABLE}_id_seq'"  # the loader's rows number from 1
            script = "".join(line for line in script.splitlines(keepends=True) if sequence not in line)
            return script, [(row["app"], row["name"]) for row in rows]
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def write(dialect: str, script: str, migrations: list[tuple[str, str]]) -> Path:
    path = snapshot_path(dialect)
    path.parent.mkdir(exist_ok=True)
    path.write_text(header(migrations) + script)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres-url", required=True, help="a server where a scratch database may be made")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "snapshot.sqlite3"
        replay_sqlite(path)
        print(write("sqlite", *sqlite_dump(path)))
    print(write("postgres", *asyncio.run(postgres_dump(args.postgres_url))))


if __name__ == "__main__":
    main()
