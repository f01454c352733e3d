"""Fresh migrated databases for every test, cloned from one template per backend.

A template is built once per session: the committed Tortoise migrations
(`schema.db.apply_migrations`) plus the default Casbin policy
(`permissions.bootstrap.ensure_default_policy`). Each test then gets a copy:

* SQLite: the template file copied to a new file (~1 ms);
* PostgreSQL: `CREATE DATABASE tg_<uuid> TEMPLATE <template>`, made ahead of time on a
  session-long admin connection in a background thread, dropped (WITH FORCE) in the
  background after the test.

Tests of behaviour want the demo data as well: a second template ("demo", and "history"
with the demo's year of handled requests) is seeded the first time one is asked for, so
a test clones it instead of seeding for itself.

Under pytest-xdist the workers share one set of templates (tests/support/shared.py): the
first worker to ask for one builds it, the others clone it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import shutil
import sqlite3
import uuid
from pathlib import Path

import asyncpg
from tortoise import Tortoise
from tortoise.backends.base import executor as tortoise_executor

from permissions.bootstrap import ensure_default_policy
from schema.db import apply_migrations, tortoise_config
from tests.support.loop_thread import LoopThread, run_in_fresh_loop
from tests.support.postgres import database_of, with_database
from tests.support.scratch import abandoned_scratch_dirs, make_scratch_dir
from tests.support.shared import building, run_id, shared_dir, shared_postgres_dir


def forget_cached_sql() -> None:
    """Empty Tortoise's process-wide cache of INSERT/UPDATE/DELETE SQL.

    Tortoise 1.x caches each model's insert, update and delete statements in
    `tortoise.backends.base.executor.EXECUTOR_CACHE`, keyed by (connection name, schema,
    table) but not by dialect, and never empties it. After a test on SQLite, a test on
    PostgreSQL under the same connection name "default" would reuse SQLite's `?`
    placeholders ("syntax error at or near ','"). So every new test database starts
    with an empty cache; it refills itself on first use.
    """
    tortoise_executor.EXECUTOR_CACHE.clear()


async def migrate_and_bootstrap(url: str) -> None:
    """What a first start does to an empty database: migrations, then the default policy."""
    forget_cached_sql()
    await apply_migrations(url)
    await Tortoise.init(config=tortoise_config(url))
    try:
        await ensure_default_policy()
    finally:
        await Tortoise.close_connections()


KINDS = ("base", "demo", "history")


async def seed_template(url: str, kind: str) -> None:
    """Load the demo into a copy of the migrated template (`history`: with its past year)."""
    from gateway.demo import seed_demo

    forget_cached_sql()
    await Tortoise.init(config=tortoise_config(url))
    try:
        assert await seed_demo(history=kind == "history")
    finally:
        await Tortoise.close_connections()


def sqlite_url(path: Path) -> str:
    return f"sqlite://{path.resolve()}"  # an absolute path gives sqlite:///abs/path


class SqliteDatabases:
    """Per-test copies of a migrated SQLite template file in a scratch directory."""

    PREFIX = "talentgate-sqlite-"

    def __init__(self) -> None:
        for abandoned in abandoned_scratch_dirs(self.PREFIX):
            shutil.rmtree(abandoned, ignore_errors=True)
        self.directory = make_scratch_dir(self.PREFIX)
        self.shared = shared_dir()
        self.template = (self.shared or self.directory) / "template.sqlite3"
        self.templates: dict[str, Path] = {}
        try:
            with building(self.shared, "sqlite-base") as build:
                if build:
                    run_in_fresh_loop(migrate_and_bootstrap(sqlite_url(self.template)))
                    self._fold(self.template)
            self.templates["base"] = self.template
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _fold(path: Path) -> None:
        # One self-contained file to copy: fold the WAL back and leave WAL mode
        # (Tortoise switches each connection to WAL again).
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")

    def _template(self, kind: str) -> Path:
        if kind not in self.templates:
            path = (self.shared or self.directory) / f"template-{kind}.sqlite3"
            with building(self.shared, f"sqlite-{kind}") as build:
                if build:
                    shutil.copyfile(self.template, path)
                    run_in_fresh_loop(seed_template(sqlite_url(path), kind))
                    self._fold(path)
            self.templates[kind] = path
        return self.templates[kind]

    def prepare(self, *kinds: str) -> None:
        """Build these templates now (tests/support/prebuild.py)."""
        for kind in kinds:
            self._template(kind)

    def create(self, kind: str = "base") -> Path:
        template = self._template(kind)
        forget_cached_sql()
        path = self.directory / f"tg_{uuid.uuid4().hex}.sqlite3"
        shutil.copyfile(template, path)
        return path

    @staticmethod
    def drop(path: Path) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


class PostgresDatabases:
    """Per-test databases cloned from a migrated template on a PostgreSQL server.

    Admin statements go through one asyncpg connection living on a `LoopThread` for the
    whole session, so `create()`/`drop()` are plain sync calls usable from any fixture.
    One spare database is always being prepared while a test runs, and drops happen in
    the background, so a test usually waits for neither.
    """

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.shared = shared_postgres_dir()
        run = run_id(self.shared) if self.shared else uuid.uuid4().hex[:12]
        self.template = f"tg_template_{run}"
        self._loop = LoopThread("postgres-admin")
        self._lock: asyncio.Lock | None = None
        self._conn: asyncpg.Connection | None = None
        self._spares: dict[str, concurrent.futures.Future[str]] = {}
        self.templates: dict[str, str] = {}
        self._background: list[concurrent.futures.Future[None]] = []
        self._template_created = False
        self._force_drop = True  # DROP DATABASE ... WITH (FORCE): PostgreSQL 13 and later
        try:
            self._loop.run(self._connect())
            with building(self.shared, "postgres-base") as build:
                if build:
                    self._loop.run(self._execute(f'CREATE DATABASE "{self.template}"'))
                    # Shared templates live as long as the controller's cluster: nobody drops them.
                    self._template_created = self.shared is None
                    run_in_fresh_loop(migrate_and_bootstrap(self.url_for(self.template)))
                    self._seal(self.template)
            self.templates["base"] = self.template
        except BaseException:
            self.close()
            raise

    def url_for(self, database: str) -> str:
        """Tortoise URL (asyncpg backend) of a database on this server."""
        return with_database(self.server_url, database, scheme="postgres")

    def _seal(self, name: str) -> None:
        # Nobody may connect to a template any more: a connection would make
        # CREATE DATABASE ... TEMPLATE fail with "source database is being accessed".
        sealed = "WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"
        self._loop.run(self._execute(f'ALTER DATABASE "{name}" {sealed}'))

    def _template(self, kind: str) -> str:
        if kind not in self.templates:
            name = f"{self.template}_{kind}"
            with building(self.shared, f"postgres-{kind}") as build:
                if build:
                    self._loop.run(self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
                    if self.shared is None:
                        self.templates[kind] = name  # dropped on close from here on
                    run_in_fresh_loop(seed_template(self.url_for(name), kind))
                    self._seal(name)
            self.templates[kind] = name
        return self.templates[kind]

    def prepare(self, *kinds: str) -> None:
        """Build these templates now (tests/support/prebuild.py)."""
        for kind in kinds:
            self._template(kind)

    def create(self, kind: str = "base") -> str:
        """A new database's name, cloned from the `kind` template (the spare when ready);
        prepares the next spare of that kind."""
        template = self._template(kind)
        forget_cached_sql()
        spare = self._spares.pop(kind, None)
        name = spare.result(120) if spare is not None else self._loop.run(self._clone(template))
        self._spares[kind] = self._loop.submit(self._clone(template))
        return name

    def drop(self, name: str) -> None:
        """Drop in the background (connections still open are terminated)."""
        self._background = [f for f in self._background if not f.done() or f.exception()]
        self._background.append(self._loop.submit(self._drop(name)))

    def close(self) -> None:
        """Drop the spare, the template, every pending database; end the admin loop."""
        errors: list[BaseException] = []
        pending = [*self._background, *self._spares.values()]
        for future in pending:
            try:
                result = future.result(120)
            except BaseException as exc:
                errors.append(exc)
            else:
                if isinstance(result, str):  # the spare database
                    with contextlib.suppress(Exception):
                        self._loop.run(self._drop(result))
        self._background, self._spares = [], {}
        if self._template_created:  # never for shared templates
            for template in [*self.templates.values(), self.template][::-1]:
                with contextlib.suppress(Exception):
                    self._loop.run(self._execute(f'ALTER DATABASE "{template}" WITH IS_TEMPLATE false'))
                    self._loop.run(self._drop(template))
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._loop.run(self._conn.close(timeout=10))
        self._loop.close()
        if errors:
            raise RuntimeError(f"dropping test databases failed: {errors!r}")

    # -- on the admin loop ------------------------------------------------------------

    async def _connect(self) -> None:
        self._lock = asyncio.Lock()
        dsn = with_database(self.server_url, database_of(self.server_url), scheme="postgresql")
        self._conn = await asyncpg.connect(dsn, timeout=30)
        self._force_drop = self._conn.get_server_version().major >= 13

    async def _execute(self, sql: str) -> None:
        assert self._lock is not None and self._conn is not None
        async with self._lock:
            await self._conn.execute(sql)

    async def _clone(self, template: str) -> str:
        name = f"tg_{uuid.uuid4().hex}"
        await self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    async def _drop(self, name: str) -> None:
        if self._force_drop:
            await self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        assert self._lock is not None and self._conn is not None
        async with self._lock:
            await self._conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = $1 AND pid <> pg_backend_pid()",
                name,
            )
            await self._conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
