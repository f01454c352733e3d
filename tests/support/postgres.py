"""The PostgreSQL server of a test session: an external one, or a throwaway cluster.

* `TALENTGATE_TEST_POSTGRES_URL` (`postgres://user:pw@host:port/postgres`, a user that may
  CREATE DATABASE) names an external server;
* otherwise, when `initdb`/`pg_ctl`/`postgres` are found (on PATH or under
  /usr/lib/postgresql/*/bin), a cluster is created in a scratch directory (tmpfs when
  there is room, see `scratch.py`), listens on
  127.0.0.1 only, runs without durability (fsync, synchronous_commit, full_page_writes
  off) and is stopped and removed at the end of the session. As root, the cluster runs as
  the `postgres` OS user (or `nobody`), since PostgreSQL refuses to run as root;
* otherwise PostgreSQL is unavailable: tests skip, unless `TALENTGATE_REQUIRE_POSTGRES=1`.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from gateway.embedded_redis import free_port
from tests.support.scratch import abandoned_scratch_dirs, make_scratch_dir

if TYPE_CHECKING:
    import asyncpg

URL_ENV = "TALENTGATE_TEST_POSTGRES_URL"
REQUIRE_ENV = "TALENTGATE_REQUIRE_POSTGRES"
_TOOLS = ("initdb", "pg_ctl", "postgres")
_SUPERUSER = "postgres"
CLUSTER_PREFIX = "talentgate-pg-"
_SPEED_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    # Little WAL: the cluster may live on tmpfs (see tests/support/scratch.py).
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "128MB",
    "min_wal_size": "32MB",
}


class PostgresUnavailable(Exception):
    """No PostgreSQL server can be used in this environment (a reason to skip)."""


def postgres_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def with_database(url: str, database: str, scheme: str | None = None) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme=scheme or parts.scheme, path=f"/{database}"))


def database_of(url: str) -> str:
    """The database a URL names (`postgres` when it names none)."""
    return urlsplit(url).path.lstrip("/") or "postgres"


def find_bindir() -> Path | None:
    """A directory holding initdb, pg_ctl and postgres: PATH first, then Debian's layout."""
    candidates: list[Path] = []
    for tool in ("initdb", "postgres"):
        found = shutil.which(tool)
        if found:
            candidates.append(Path(found).resolve().parent)

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", Path(path).parent.name))

    candidates += [
        Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    ]
    for bindir in candidates:
        if all(os.access(bindir / tool, os.X_OK) for tool in _TOOLS):
            return bindir
    return None


@dataclass(frozen=True)
class _OsUser:
    name: str
    uid: int
    gid: int


def _cluster_user() -> _OsUser | None:
    """The OS user to run the cluster as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return _OsUser(name, entry.pw_uid, entry.pw_gid)
    raise PostgresUnavailable(
        "running as root, and neither a 'postgres' nor a 'nobody' OS user exists to run "
        "the throwaway PostgreSQL cluster (PostgreSQL refuses to run as root)"
    )


def _run_tool(
    bindir: Path,
    user: _OsUser | None,
    cwd: Path,
    tool: str,
    *args: str,
    log_tail: Callable[[], str] = lambda: "",
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    result = subprocess.run(
        [str(bindir / tool), *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        user=user.uid if user else None,
        group=user.gid if user else None,
        extra_groups=[] if user else None,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{tool} {' '.join(args)} failed with exit code {result.returncode}"
            f"{f' (as OS user {user.name})' if user else ''}:\n{result.stdout}"
            f"{result.stderr}\nserver log tail:\n{log_tail()}"
        )


def reap_abandoned_clusters(bindir: Path) -> None:
    """Stop and remove clusters whose test process was killed before it could."""
    user = _cluster_user()
    for base in abandoned_scratch_dirs(CLUSTER_PREFIX):
        if (base / "data" / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                _run_tool(bindir, user, base, "pg_ctl", "-D", str(base / "data"), "-m",
                          "immediate", "-w", "stop")  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


def log_tail(path: Path, lines: int = 20) -> str:
    """The last lines of a server's log, for a failure's message."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:])


class ThrowawayCluster:
    """initdb + pg_ctl in a temporary directory; `stop()` removes every trace."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.user = _cluster_user()
        self.base = make_scratch_dir(CLUSTER_PREFIX)
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        self.port = 0
        self._started = False
        if self.user is not None:
            os.chown(self.base, self.user.uid, self.user.gid)
        atexit.register(self.stop)

    @property
    def url(self) -> str:
        return f"postgres://{_SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def start(self) -> ThrowawayCluster:
        try:
            self._run(
                "initdb", "-D", str(self.data), "-U", _SUPERUSER, "--auth=trust",
                "--encoding=UTF8", "--locale=C", "--no-sync",
            )  # fmt: skip
            with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
                conf.write("\n# talentgate test cluster\n")
                conf.writelines(f"{key} = {value}\n" for key, value in _SPEED_SETTINGS.items())
            for attempt in range(3):  # a port picked by free_port() may be taken meanwhile
                self.port = free_port()
                try:
                    self._run(
                        "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                        "-o", f"-p {self.port}", "start",
                    )  # fmt: skip
                except RuntimeError:
                    if attempt == 2 or "already in use" not in self._log_tail():
                        raise
                else:
                    break
            self._started = True
            return self
        except BaseException:
            self.stop()
            raise

    def pause(self) -> None:
        """Stop the server as an operator does (fast shutdown), keeping its data and port."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start a paused server again on the same port."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", f"-p {self.port}", "start")  # fmt: skip

    def stop(self) -> None:
        atexit.unregister(self.stop)
        if self._started:
            self._started = False
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)

    def _run(self, tool: str, *args: str) -> None:
        _run_tool(self.bindir, self.user, self.base, tool, *args, log_tail=self._log_tail)

    def _log_tail(self) -> str:
        return log_tail(self.log)


class PostgresServer:
    """The server the session uses: `.url` is an admin URL (database `postgres` or given)."""

    def __init__(self, url: str, cluster: ThrowawayCluster | None = None) -> None:
        self.url = url
        self.cluster = cluster

    @property
    def description(self) -> str:
        if self.cluster is None:
            return f"external server from ${URL_ENV}"
        return f"throwaway cluster on port {self.cluster.port} ({self.cluster.bindir})"

    @classmethod
    def from_environment(cls) -> PostgresServer:
        """External URL, else a throwaway cluster; PostgresUnavailable when neither exists."""
        url = os.environ.get(URL_ENV, "").strip()
        if url:
            return cls(url)
        bindir = find_bindir()
        if bindir is None:
            raise PostgresUnavailable(
                f"PostgreSQL is not available: set {URL_ENV} to a server URL, or install "
                "PostgreSQL so that initdb/pg_ctl/postgres are on PATH or under "
                "/usr/lib/postgresql/*/bin (apt-get install postgresql)"
            )
        reap_abandoned_clusters(bindir)
        cluster = ThrowawayCluster(bindir).start()
        return cls(cluster.url, cluster)

    def stop(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()


async def until(conn: asyncpg.Connection, sql: str, expected: int, seconds: float = 30) -> None:
    """Poll `sql` (a count, e.g. of sessions waiting on a lock in `pg_stat_activity`) on
    `conn` until it answers `expected`; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await conn.fetchval(sql) == expected:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{sql!r} never reached {expected}")
