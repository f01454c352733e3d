"""Signed webhook deliveries to departments (Webhook 投递): the transport, without the database.

Every delivery is one HTTP POST of a JSON body with these headers:

* ``X-Talentgate-Timestamp`` — unix seconds when the request was signed;
* ``X-Talentgate-Signature`` — ``sha256=<hex>``, the HMAC-SHA256 with the department's
  shared secret over ``f"{timestamp}.".encode() + body`` (the raw body bytes as sent);
* ``X-Talentgate-Delivery`` — the delivery id (the outbox key): the same for every retry
  of one delivery, so a receiver can drop duplicates;
* ``Content-Type: application/json`` — UTF-8, compact, keys sorted.

A department answers 2xx once it has the delivery. 408, 425, 429, 5xx, timeouts and network
errors are retried with exponential back-off (`retry_delay`, `MAX_ATTEMPTS` tries); any other
answer, redirects included (they are not followed), is final. A department's system checks a
request with `verify` (or the same recipe in its own language), e.g. with Starlette::

    async def hook(request: Request) -> Response:
        body = await request.body()
        if not verify(SECRET, request.headers, body):  # bad signature, or older than 5 minutes
            return Response(status_code=401)
        delivery = request.headers[DELIVERY_HEADER]
        if delivery not in seen:  # a retry of a delivery already taken
            handle(json.loads(body))
            seen.add(delivery)
        return Response(status_code=204)

    app = Starlette(routes=[Route("/hooks", hook, methods=["POST"])])
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from resolvers.core.urls import check_http_url
from schema import clock

TIMESTAMP_HEADER = "X-Talentgate-Timestamp"
SIGNATURE_HEADER = "X-Talentgate-Signature"
DELIVERY_HEADER = "X-Talentgate-Delivery"
CONTENT_TYPE = "application/json"
SIGNATURE_PREFIX = "sha256="
USER_AGENT = "talentgate-webhook/1"

# Tries per delivery. With the default base 5 s the waits between the 8 tries are at most
# 5, 10, 20, 40, 80, 160 and 320 s: 635 s (about 10.6 minutes; half that on average with full
# jitter), plus up to 8 request timeouts (80 s at the default 10 s) — under 12 minutes from the
# first try until the handoff is marked undeliverable.
MAX_ATTEMPTS = 8

ERROR_BODY_CHARS = 200
_BODY_READ_LIMIT = 4096
_MIN_REDACTED = 8
_TIMESTAMP_RE = re.compile(r"[0-9]{1,15}")
_SIGNATURE_RE = re.compile(r"sha256=[0-9a-f]{64}")
_RETRYABLE_STATUSES = frozenset({408, 425, 429})


@dataclass(frozen=True)
class DeliveryResult:
    """The outcome of one POST: `ok`, or a failure that is `retryable` or final."""

    ok: bool
    retryable: bool
    status: int | None
    error: str | None


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for a body.

    :param secret: the department's shared secret.
    :param timestamp: unix seconds, as sent in the timestamp header.
    :param body: the exact body bytes.
    :return: ``"sha256=<64 hex digits>"``.
    """
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return SIGNATURE_PREFIX + digest.hexdigest()


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float | None = None,
    tolerance: int = 300,
) -> bool:
    """Whether a request was signed with `secret` within the replay window (the receiver's check).

    :param secret: the shared secret.
    :param headers: the request headers (looked up case-insensitively).
    :param body: the raw body bytes as received.
    :param now: the current unix time (default: the clock).
    :param tolerance: seconds a timestamp may be old, or ahead of the clock.
    :return: False for a missing or malformed header, a timestamp outside the window or a
        signature that does not match.
    """
    lowered = {str(name).lower(): value for name, value in headers.items()}
    timestamp = lowered.get(TIMESTAMP_HEADER.lower())
    signature = lowered.get(SIGNATURE_HEADER.lower())
    if not isinstance(timestamp, str) or not isinstance(signature, str):
        return False
    if not _TIMESTAMP_RE.fullmatch(timestamp) or not _SIGNATURE_RE.fullmatch(signature.lower()):
        return False
    current = clock.unix_time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        return False
    expected = sign(secret, int(timestamp), body)
    return hmac.compare_digest(expected.encode(), signature.lower().encode())


def encode_body(payload: dict[str, Any]) -> bytes:
    """Compact, stable JSON: keys sorted, non-ASCII kept as UTF-8.

    :param payload: a JSON-serialisable dict (datetimes become RFC 3339 strings).
    """
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)


async def post_signed(
    client: httpx.AsyncClient,
    url: str,
    secret: str,
    payload: dict[str, Any],
    delivery_id: str,
    *,
    timeout: float = 10.0,  # noqa: ASYNC109 — a per-request budget for the worker, not a caller deadline
    now: float | None = None,
) -> DeliveryResult:
    """POST one signed delivery, once, and classify the answer. Never raises for a bad answer.

    :param client: the HTTP client (its redirect setting is overridden: never followed).
    :param url: the department's webhook URL (see `validate_webhook_url`).
    :param secret: the department's shared secret (never stored in the result).
    :param payload: the JSON body.
    :param delivery_id: the outbox key, sent as the delivery header.
    :param timeout: seconds for the whole exchange, connecting included.
    :param now: the unix time to sign with (default: the clock).
    """
    body = encode_body(payload)
    timestamp = int(clock.unix_time() if now is None else now)
    headers = {
        "Content-Type": CONTENT_TYPE,
        "User-Agent": USER_AGENT,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        DELIVERY_HEADER: delivery_id,
    }
    try:
        async with asyncio.timeout(timeout):
            request = client.stream(
                "POST", url, content=body, headers=headers, timeout=timeout, follow_redirects=False
            )
            async with request as response:
                status = response.status_code
                text = "" if 200 <= status < 300 else await _body_prefix(response)
                location = response.headers.get("location", "")
    except (TimeoutError, httpx.TimeoutException):
        return DeliveryResult(ok=False, retryable=True, status=None, error=f"timeout after {timeout:g}s")
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        return DeliveryResult(ok=False, retryable=False, status=None, error=_safe(_describe(exc), secret))
    except httpx.TransportError as exc:
        return DeliveryResult(ok=False, retryable=True, status=None, error=_safe(_describe(exc), secret))

    if 200 <= status < 300:
        return DeliveryResult(ok=True, retryable=False, status=status, error=None)
    if 300 <= status < 400:
        where = _safe(location, secret) or "no Location"
        error = f"HTTP {status}: redirect to {where} not followed; configure the final URL"
        return DeliveryResult(ok=False, retryable=False, status=status, error=error)
    retryable = status in _RETRYABLE_STATUSES or 500 <= status < 600
    snippet = _safe(text, secret)
    error = f"HTTP {status}: {snippet}" if snippet else f"HTTP {status}"
    return DeliveryResult(ok=False, retryable=retryable, status=status, error=error)


def retry_delay(
    attempt: int, *, base: float = 5.0, cap: float = 3600.0, rng: random.Random | None = None
) -> float:
    """Seconds to wait after failed try number `attempt`: full jitter over an exponential ceiling.

    :param attempt: the try that just failed, from 1.
    :param base: the ceiling after the first try, doubled after each further one.
    :param cap: the largest ceiling.
    :param rng: the random source (default: the module's).
    :return: a value in ``[0, min(cap, base * 2 ** (attempt - 1))]``.
    """
    if attempt < 1:
        raise ValueError(f"attempt counts from 1, got {attempt}")
    if base < 0 or cap < 0:
        raise ValueError("base and cap must not be negative")
    try:
        ceiling = min(cap, base * 2.0 ** (attempt - 1))
    except OverflowError:
        ceiling = cap if base > 0 else 0.0
    return (rng or random).uniform(0.0, ceiling)


def validate_webhook_url(url: str) -> str:
    """Check a department's webhook URL; loopback and private addresses are allowed.

    :param url: the URL as entered (surrounding blanks are dropped).
    :return: the URL to store.
    :raises ValueError: with a readable reason.
    """
    return check_http_url(url, "the webhook URL")


async def _body_prefix(response: httpx.Response) -> str:
    """The start of a (failure) response body as one line of text; unreadable bodies give ''."""
    data = b""
    try:
        async for chunk in response.aiter_bytes():
            data += chunk
            if len(data) >= _BODY_READ_LIMIT:
                break
    except httpx.HTTPError:
        pass
    text = data[:_BODY_READ_LIMIT].decode("utf-8", errors="replace")
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _describe(exc: Exception) -> str:
    detail = str(exc)
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _safe(text: str, secret: str) -> str:
    """Text fit to store: the secret redacted, at most `ERROR_BODY_CHARS` characters.

    A "secret" shorter than `_MIN_REDACTED` characters is not redacted: it would mangle every
    message (and is no secret — the configuration should refuse one that short).
    """
    if len(secret) >= _MIN_REDACTED:
        text = text.replace(secret, "[redacted]")
    return text[:ERROR_BODY_CHARS]
