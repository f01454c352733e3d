"""A real HTTP webhook receiver for tests: Starlette served by uvicorn in a background thread.

    with WebhookReceiver(secret="s") as rx:
        await post_signed(client, rx.url, "s", payload, "outbox:1")
        [delivery] = rx.wait_for(1)
        assert delivery.verified and delivery.body == payload

`rx.url` is ``http://127.0.0.1:<port>/hooks``; every POST there is recorded in `rx.received`
(with its signature checked by `jobs.outbox.webhooks.verify`), the 2xx-answered ones in `rx.accepted`.
`fail_next(n, status)`, `always_fail(status)` and `delay(seconds)` script the answers; `reset()`
clears them. `rx.redirect_url` answers 302 to `rx.url` and records nothing. Leaving the block
stops the server and joins its thread; the listening socket is closed with it.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from jobs.outbox.webhooks import DELIVERY_HEADER, verify
from tests.support.threaded_server import ThreadedServer


@dataclass(frozen=True)
class Delivery:
    """One request the receiver answered."""

    delivery_id: str | None
    headers: dict[str, str]  # names lower-cased
    raw: bytes
    body: Any  # the parsed JSON, None when the body is not JSON
    verified: bool
    status: int  # the status the receiver answered with

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300


class WebhookReceiver:
    """A webhook endpoint on 127.0.0.1 with scripted failures (see the module docstring)."""

    def __init__(self, secret: str, *, tolerance: int = 300) -> None:
        self.secret = secret
        self.tolerance = tolerance
        self._lock = threading.Condition()
        self._received: list[Delivery] = []
        self._fail_count = 0
        self._fail_status = 503
        self._fail_body = ""
        self._always: tuple[int, str] | None = None
        self._delay = 0.0
        self._closing = threading.Event()
        self._http: ThreadedServer | None = None
        self.port = 0

    # -- scripting -------------------------------------------------------------------------

    def fail_next(self, n: int, status: int = 503, body: str = "") -> None:
        """Answer the next `n` requests with `status` (and `body`), then as before."""
        with self._lock:
            self._fail_count, self._fail_status, self._fail_body = n, status, body

    def always_fail(self, status: int = 500, body: str = "") -> None:
        """Answer every request with `status` until `reset()`."""
        with self._lock:
            self._always = (status, body)

    def delay(self, seconds: float) -> None:
        """Wait `seconds` before answering each request (cut short when the receiver stops)."""
        with self._lock:
            self._delay = seconds

    def reset(self) -> None:
        """Answer 200 at once again (the records are kept)."""
        with self._lock:
            self._fail_count, self._always, self._delay = 0, None, 0.0

    # -- records ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    @property
    def redirect_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/redirect"

    @property
    def received(self) -> list[Delivery]:
        """Every request to `url`, in arrival order (a snapshot)."""
        with self._lock:
            return list(self._received)

    @property
    def accepted(self) -> list[Delivery]:
        """The requests answered with 2xx (a snapshot)."""
        with self._lock:
            return self._accepted_locked()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Delivery]:
        """Block until `count` deliveries were accepted; AssertionError after `timeout` seconds."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self._accepted_locked()) >= count, timeout):
                raise AssertionError(
                    f"expected {count} accepted deliveries within {timeout:g}s, got "
                    f"{len(self._accepted_locked())} of {len(self._received)} received: "
                    f"{[(d.delivery_id, d.status) for d in self._received]}"
                )
            return self._accepted_locked()

    def _accepted_locked(self) -> list[Delivery]:
        return [d for d in self._received if d.accepted]

    # -- the app ---------------------------------------------------------------------------

    async def _hook(self, request: Request) -> Response:
        raw = await request.body()
        with self._lock:
            delay = self._delay
            if self._fail_count > 0:
                self._fail_count -= 1
                status, text = self._fail_status, self._fail_body
            elif self._always is not None:
                status, text = self._always
            else:
                status, text = 200, "ok"
        if delay > 0:  # in the loop's executor, which asyncio.run joins on the way out
            await asyncio.to_thread(self._closing.wait, delay)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        delivery = Delivery(
            delivery_id=request.headers.get(DELIVERY_HEADER),
            headers={name.lower(): value for name, value in request.headers.items()},
            raw=raw,
            body=body,
            verified=verify(self.secret, request.headers, raw, tolerance=self.tolerance),
            status=status,
        )
        with self._lock:
            self._received.append(delivery)
            self._lock.notify_all()
        return PlainTextResponse(text, status_code=status)

    async def _redirect(self, request: Request) -> Response:
        return RedirectResponse(self.url, status_code=302)

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> WebhookReceiver:
        app = Starlette(
            routes=[
                Route("/hooks", self._hook, methods=["POST"]),
                Route("/redirect", self._redirect, methods=["POST"]),
            ]
        )
        self._http = ThreadedServer(app, "webhook receiver")
        self._closing.clear()
        self._http.start()
        self.port = self._http.port
        return self

    def stop(self) -> None:
        if self._http is not None:
            self._closing.set()
            self._http.stop()
            self._http = None

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
