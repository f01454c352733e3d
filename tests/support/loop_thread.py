"""Run coroutines outside the test's event loop.

pytest-asyncio gives every test its own loop; session-wide async work (building
templates, admin statements on a PostgreSQL connection kept for the whole session)
runs on a loop of its own in a background thread instead, so sync and async tests
and fixtures can all use it, and no loop or connection crosses between loops.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_in_fresh_loop(coro: Coroutine[Any, Any, T], timeout: float = 300) -> T:
    """`asyncio.run(coro)` in a short-lived thread (leaves the caller's loop alone)."""
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="fresh-loop") as pool:
        return pool.submit(asyncio.run, coro).result(timeout)


class LoopThread:
    """An event loop running forever in a daemon thread until `close()`."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._main, name=name, daemon=True)
        self._thread.start()

    def _main(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 120) -> T:
        return self.submit(coro).result(timeout)

    def close(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()
