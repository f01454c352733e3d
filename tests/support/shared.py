"""One PostgreSQL server and one set of template databases for all pytest-xdist workers.

Without xdist a session builds its own templates (tests/support/databases.py). Under
xdist the controller starts one throwaway cluster before the workers start, hands them
its URL (`TALENTGATE_TEST_POSTGRES_URL`) and a shared scratch directory
(`TALENTGATE_TEST_SHARED`); the first worker to need a template builds it under a file
lock, the others wait and clone it. Building the demo's year of history once instead of
once per worker saves most of a minute on two cores.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import URL_ENV, PostgresServer, PostgresUnavailable
from tests.support.scratch import abandoned_scratch_dirs, make_scratch_dir

ROOT = Path(__file__).resolve().parents[2]
SHARED_ENV = "TALENTGATE_TEST_SHARED"
# Set when the cluster is the controller's own: shared templates die with it. On an
# external server each worker keeps (and drops) templates of its own.
SHARED_PG_ENV = "TALENTGATE_TEST_SHARED_POSTGRES"
PREFIX = "talentgate-shared-"


def shared_dir() -> Path | None:
    """The directory templates are shared in, under xdist; None in a plain session."""
    value = os.environ.get(SHARED_ENV, "").strip()
    return Path(value) if value else None


def shared_postgres_dir() -> Path | None:
    """`shared_dir()` when PostgreSQL templates are shared too."""
    return shared_dir() if os.environ.get(SHARED_PG_ENV) == "1" else None


def run_id(directory: Path) -> str:
    """A name part for this run's shared templates (the directory's unique suffix)."""
    return "".join(c for c in directory.name.removeprefix(PREFIX).lower() if c.isalnum())


@contextlib.contextmanager
def building(directory: Path | None, key: str) -> Iterator[bool]:
    """Yields True to the one worker that must build `key` now, False once it is built;
    without a shared `directory` (no xdist) the caller always builds its own.

    A build that fails leaves no mark, so the next worker to ask tries again.
    """
    if directory is None:
        yield True
        return
    with open(directory / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            done = directory / f"{key}.done"
            if done.exists():
                yield False
            else:
                yield True
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class SharedSession:
    """What the xdist controller owns: the shared directory and, unless an external server
    is configured, the PostgreSQL cluster. Both are gone after `close()`."""

    def __init__(self) -> None:
        for abandoned in abandoned_scratch_dirs(PREFIX):
            shutil.rmtree(abandoned, ignore_errors=True)
        self.directory = make_scratch_dir(PREFIX)
        self.server: PostgresServer | None = None
        self.builders: list[subprocess.Popen[bytes]] = []
        self._environ = {name: os.environ.get(name) for name in (SHARED_ENV, SHARED_PG_ENV, URL_ENV)}
        os.environ[SHARED_ENV] = str(self.directory)
        if not os.environ.get(URL_ENV, "").strip():
            try:
                self.server = PostgresServer.from_environment()
            except PostgresUnavailable:
                pass  # each worker skips (or fails, when PostgreSQL is required) on its own
            else:
                os.environ[URL_ENV] = self.server.url
                os.environ[SHARED_PG_ENV] = "1"
        self.builders = [self._prebuild("sqlite")]
        if os.environ.get(SHARED_PG_ENV) == "1":
            self.builders.append(self._prebuild("postgres"))

    def _prebuild(self, backend: str) -> subprocess.Popen[bytes]:
        """Build one backend's templates in a process of its own, beside the workers."""
        log = open(self.directory / f"prebuild-{backend}.log", "wb")  # noqa: SIM115 — the process writes it
        try:
            return subprocess.Popen([sys.executable, "-m", "tests.support.prebuild", backend],
                                    cwd=ROOT, stdout=log, stderr=log)  # fmt: skip
        finally:
            log.close()

    def close(self) -> None:
        for builder in self.builders:
            if builder.poll() is None:
                builder.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                builder.wait(timeout=30)
        for name, value in self._environ.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if self.server is not None:
            self.server.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def is_xdist_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and bool(getattr(config.option, "numprocesses", None))
