"""A real HTTP server for a small ASGI app, run by uvicorn in a background thread on a
free port of 127.0.0.1 (webhook receivers, a source that answers what a test scripts)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn

START_TIMEOUT = STOP_TIMEOUT = 10.0


class ThreadedServer:
    def __init__(self, app: Any, name: str) -> None:
        self.app, self.name = app, name
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"the {self.name} is already running")
        config = uvicorn.Config(self.app, loop="asyncio", http="h11", ws="none", lifespan="off",
                                log_config=None, log_level="warning", access_log=False,
                                timeout_graceful_shutdown=2)  # fmt: skip
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = int(sock.getsockname()[1])
        self._server, self._sock = uvicorn.Server(config), sock
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name=f"{self.name}-{self.port}", daemon=True)  # fmt: skip
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the {self.name} did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(STOP_TIMEOUT)
        if thread.is_alive():
            server.force_exit = True
            thread.join(STOP_TIMEOUT)
        if self._sock is not None:
            self._sock.close()
        self._server = self._thread = self._sock = None
        if thread.is_alive():
            raise RuntimeError(f"the {self.name} thread did not stop")

    def __enter__(self) -> ThreadedServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
