"""A PgBouncer in transaction mode in front of a test PostgreSQL, as production runs one.

`PgBouncer(postgres_url, pool_size=…)` writes its configuration into a scratch directory,
starts `pgbouncer` on a free loopback port (as the `postgres` OS user when we are root:
PgBouncer refuses to run as root) and `.url(database)` is the URL a gateway is given,
with `pgbouncer=true` so that asyncpg keeps no prepared statements (schema/db.py).
A small `pool_size` makes every transaction share a few server connections, which is
what breaks a client that keeps session state.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gateway.embedded_redis import free_port
from tests.support.postgres import _cluster_user, log_tail, postgres_required
from tests.support.scratch import make_scratch_dir


def find_pgbouncer() -> str | None:
    return shutil.which("pgbouncer") or next(
        (p for p in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if os.access(p, os.X_OK)), None
    )


def pgbouncer_or_skip() -> str:
    """The pgbouncer executable; a failure when PostgreSQL is required (CI installs both)."""
    found = find_pgbouncer()
    if found is None:
        message = "pgbouncer is not installed (apt-get install pgbouncer)"
        if postgres_required():
            pytest.fail(message)
        pytest.skip(message)
    return found


class PgBouncer:
    def __init__(self, postgres_url: str, *, pool_size: int = 4, executable: str | None = None) -> None:
        server = urlsplit(postgres_url)
        self.user = server.username or "postgres"
        self.executable = executable or find_pgbouncer() or "pgbouncer"
        self.base = make_scratch_dir("talentgate-pgbouncer-")
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        os_user = _cluster_user()
        self._os_user = os_user
        (self.base / "users.txt").write_text(f'"{self.user}" ""\n')
        (self.base / "pgbouncer.ini").write_text(f"""[databases]
* = host={server.hostname} port={server.port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = trust
auth_file = {self.base / 'users.txt'}
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 1000
server_reset_query =
; PostgreSQL away: a client waits at most 5 s for a server connection, then gets an error
; (SERVICE_UNAVAILABLE from the gateway) instead of hanging; a failed login is retried
; every second, so the pool comes back as soon as PostgreSQL does.
query_wait_timeout = 5
server_login_retry = 1
server_connect_timeout = 3
ignore_startup_parameters = extra_float_digits
logfile = {self.log_path}
""")  # fmt: skip
        if os_user is not None:
            for path in (self.base, *self.base.iterdir()):
                os.chown(path, os_user.uid, os_user.gid)
        atexit.register(self.stop)

    @property
    def log_path(self) -> Path:
        return self.base / "pgbouncer.log"

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}?pgbouncer=true"

    def start(self) -> PgBouncer:
        user = self._os_user
        self.process = subprocess.Popen(
            [self.executable, str(self.base / "pgbouncer.ini")], cwd=self.base,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
            user=user.uid if user else None, group=user.gid if user else None,
            extra_groups=[] if user else None, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"pgbouncer exited ({self.process.returncode}):\n{self._log_tail()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return self
            if time.monotonic() > deadline:
                raise RuntimeError(f"pgbouncer not listening within 20 s:\n{self._log_tail()}")
            time.sleep(0.05)

    def stop(self) -> None:
        atexit.unregister(self.stop)
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # immediate: SIGINT would wait for clients
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.base, ignore_errors=True)

    def _log_tail(self) -> str:
        return log_tail(self.log_path)

    def __enter__(self) -> PgBouncer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
