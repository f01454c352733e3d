"""Signed webhook deliveries (jobs.outbox.webhooks) against a real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.embedded_redis import free_port
from jobs.outbox.webhooks import (
    CONTENT_TYPE,
    DELIVERY_HEADER,
    MAX_ATTEMPTS,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    DeliveryResult,
    encode_body,
    post_signed,
    retry_delay,
    sign,
    validate_webhook_url,
    verify,
)
from tests.support.webhook_receiver import WebhookReceiver

SECRET = "部门-shared-secret-0123456789"
PAYLOAD = {"handoff": 42, "title": "人才绿卡 · 子女入学", "deadline": "2025-03-07", "items": [3, 1, 2]}
NOW = 1_750_000_000


@pytest.fixture
def rx() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(secret=SECRET) as receiver:
        yield receiver


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


def _headers(body: bytes, *, secret: str = SECRET, timestamp: int = NOW) -> dict[str, str]:
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: sign(secret, timestamp, body)}


# -- signing -------------------------------------------------------------------------------


def test_sign_is_hmac_sha256_over_timestamp_dot_body() -> None:
    import hashlib
    import hmac

    body = encode_body(PAYLOAD)
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + body, hashlib.sha256).hexdigest()
    assert sign(SECRET, NOW, body) == "sha256=" + expected


def test_verify_round_trip_and_case_insensitive_headers() -> None:
    body = encode_body(PAYLOAD)
    headers = _headers(body)
    assert verify(SECRET, headers, body, now=NOW)
    assert verify(SECRET, {k.lower(): v for k, v in headers.items()}, body, now=NOW)
    assert verify(SECRET, {k.upper(): v for k, v in headers.items()}, body, now=NOW)
    assert verify(SECRET, httpx.Headers(headers), body, now=NOW)


def test_verify_rejects_tampering_wrong_secret_and_malformed_headers() -> None:
    body = encode_body(PAYLOAD)
    headers = _headers(body)
    assert not verify(SECRET, headers, body + b" ", now=NOW)
    assert not verify(SECRET, headers, body.replace(b"42", b"43"), now=NOW)
    assert not verify("another-secret", headers, body, now=NOW)
    assert not verify(SECRET, {TIMESTAMP_HEADER: str(NOW)}, body, now=NOW)
    assert not verify(SECRET, {SIGNATURE_HEADER: headers[SIGNATURE_HEADER]}, body, now=NOW)
    assert not verify(SECRET, {}, body, now=NOW)
    signature = headers[SIGNATURE_HEADER]
    for bad_timestamp in ("", " 1750000000", "1.75e9", "-1750000000", "abc", "١٧٥٠٠٠٠٠٠٠"):
        assert not verify(SECRET, {**headers, TIMESTAMP_HEADER: bad_timestamp}, body, now=NOW)
    for bad_signature in (
        "",
        signature[len("sha256=") :],
        "sha1=" + signature[7:],
        signature[:-1],
        "sha256=zz",
    ):
        assert not verify(SECRET, {**headers, SIGNATURE_HEADER: bad_signature}, body, now=NOW)
    # the timestamp is signed too: moving it breaks the signature
    assert not verify(SECRET, {**headers, TIMESTAMP_HEADER: str(NOW + 1)}, body, now=NOW)


def test_verify_replay_window() -> None:
    body = encode_body(PAYLOAD)
    headers = _headers(body)
    assert verify(SECRET, headers, body, now=NOW + 300)
    assert not verify(SECRET, headers, body, now=NOW + 301)  # stale
    assert verify(SECRET, headers, body, now=NOW - 300)
    assert not verify(SECRET, headers, body, now=NOW - 301)  # from the future
    assert verify(SECRET, headers, body, now=NOW + 3000, tolerance=3600)
    assert not verify(SECRET, _headers(body, timestamp=int(time.time()) - 3600), body)
    assert verify(SECRET, _headers(body, timestamp=int(time.time())), body)


def test_encode_body_is_compact_sorted_utf8() -> None:
    body = encode_body({"b": "人才", "a": {"z": 1, "y": [True, None]}})
    assert body == '{"a":{"y":[true,null],"z":1},"b":"人才"}'.encode()
    assert encode_body({"y": 1, "x": 2}) == encode_body({"x": 2, "y": 1})


# -- post_signed against the receiver ------------------------------------------------------


async def test_post_signed_delivers_signed_stable_json(
    rx: WebhookReceiver, client: httpx.AsyncClient
) -> None:
    result = await post_signed(client, rx.url, SECRET, PAYLOAD, "outbox:17")
    assert result == DeliveryResult(ok=True, retryable=False, status=200, error=None)
    [delivery] = rx.wait_for(1)
    assert delivery.verified
    assert delivery.delivery_id == "outbox:17"
    assert delivery.body == PAYLOAD
    assert delivery.raw == encode_body(PAYLOAD)
    assert "人才绿卡".encode() in delivery.raw  # UTF-8, not \\u escapes
    assert delivery.headers["content-type"] == CONTENT_TYPE
    assert delivery.headers[DELIVERY_HEADER.lower()] == "outbox:17"
    assert abs(int(delivery.headers[TIMESTAMP_HEADER.lower()]) - time.time()) < 60
    assert SECRET not in str(delivery.headers)


async def test_post_signed_signs_with_given_time(client: httpx.AsyncClient) -> None:
    with WebhookReceiver(secret=SECRET) as rx:
        an_hour_ago = time.time() - 3600
        result = await post_signed(client, rx.url, SECRET, PAYLOAD, "d1", now=an_hour_ago)
        assert result.ok  # the receiver answers 200 but the signature is stale
        [delivery] = rx.received
        assert not delivery.verified
        assert delivery.headers[TIMESTAMP_HEADER.lower()] == str(int(an_hour_ago))


async def test_receiver_with_another_secret_does_not_verify(client: httpx.AsyncClient) -> None:
    with WebhookReceiver(secret="not-ours") as rx:
        assert (await post_signed(client, rx.url, SECRET, PAYLOAD, "d1")).ok
        assert [d.verified for d in rx.received] == [False]


@pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 504])
async def test_retryable_statuses(rx: WebhookReceiver, client: httpx.AsyncClient, status: int) -> None:
    rx.fail_next(1, status=status, body="try later")
    result = await post_signed(client, rx.url, SECRET, PAYLOAD, "d1")
    assert result == DeliveryResult(
        ok=False, retryable=True, status=status, error=f"HTTP {status}: try later"
    )


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 422])
async def test_permanent_statuses(rx: WebhookReceiver, client: httpx.AsyncClient, status: int) -> None:
    rx.fail_next(1, status=status)
    result = await post_signed(client, rx.url, SECRET, PAYLOAD, "d1")
    assert (result.ok, result.retryable, result.status) == (False, False, status)
    assert result.error == f"HTTP {status}"


async def test_unknown_path_is_permanent_404(rx: WebhookReceiver, client: httpx.AsyncClient) -> None:
    result = await post_signed(client, rx.url.replace("/hooks", "/nowhere"), SECRET, PAYLOAD, "d1")
    assert (result.ok, result.retryable, result.status) == (False, False, 404)
    assert rx.received == []


async def test_redirects_are_not_followed(rx: WebhookReceiver) -> None:
    async with httpx.AsyncClient(follow_redirects=True) as client:  # overridden per request
        result = await post_signed(client, rx.redirect_url, SECRET, PAYLOAD, "d1")
    assert (result.ok, result.retryable, result.status) == (False, False, 302)
    assert result.error is not None and "not followed" in result.error and rx.url in result.error
    assert rx.received == []


async def test_timeout_is_retryable(rx: WebhookReceiver, client: httpx.AsyncClient) -> None:
    rx.delay(5)
    started = time.monotonic()
    result = await post_signed(client, rx.url, SECRET, PAYLOAD, "d1", timeout=0.3)
    assert time.monotonic() - started < 3
    assert result == DeliveryResult(ok=False, retryable=True, status=None, error="timeout after 0.3s")


async def test_connection_refused_is_retryable(client: httpx.AsyncClient) -> None:
    url = f"http://127.0.0.1:{free_port()}/hooks"  # nothing listens there
    result = await post_signed(client, url, SECRET, PAYLOAD, "d1", timeout=5)
    assert (result.ok, result.retryable, result.status) == (False, True, None)
    assert result.error is not None and result.error.startswith("ConnectError")


async def test_unsupported_scheme_or_invalid_url_is_permanent(client: httpx.AsyncClient) -> None:
    result = await post_signed(client, "ftp://127.0.0.1/hooks", SECRET, PAYLOAD, "d1")
    assert (result.ok, result.retryable, result.status) == (False, False, None)
    assert result.error is not None and result.error.startswith("UnsupportedProtocol")
    result = await post_signed(client, "http://256.1.1.1/hooks", SECRET, PAYLOAD, "d1")
    assert (result.ok, result.retryable, result.error) == (
        False,
        False,
        "InvalidURL: Invalid IPv4 address: '256.1.1.1'",
    )


async def test_error_is_short_and_never_holds_the_secret(
    rx: WebhookReceiver, client: httpx.AsyncClient
) -> None:
    rx.fail_next(1, status=500, body=f"leak {SECRET} " + "x" * 5000)
    result = await post_signed(client, rx.url, SECRET, PAYLOAD, "d1")
    assert result.retryable and result.error is not None
    assert SECRET not in result.error and "[redacted]" in result.error
    assert len(result.error) <= len("HTTP 500: ") + 200
    rx.fail_next(1, status=400, body="第一行\n\t第二行\x00")
    result = await post_signed(client, rx.url, SECRET, PAYLOAD, "d2")
    assert result.error == "HTTP 400: 第一行 第二行"


# -- the receiver's own helpers ------------------------------------------------------------


async def test_fail_next_then_success_with_one_delivery_id(
    rx: WebhookReceiver, client: httpx.AsyncClient
) -> None:
    rx.fail_next(2, status=503)
    results = [await post_signed(client, rx.url, SECRET, PAYLOAD, "outbox:9") for _ in range(3)]
    assert [(r.ok, r.status) for r in results] == [(False, 503), (False, 503), (True, 200)]
    assert [d.status for d in rx.received] == [503, 503, 200]
    assert {d.delivery_id for d in rx.received} == {"outbox:9"}  # a receiver drops duplicates by it
    assert len(rx.accepted) == 1 and all(d.verified for d in rx.received)


async def test_always_fail_until_reset(rx: WebhookReceiver, client: httpx.AsyncClient) -> None:
    rx.always_fail(status=500)
    for _ in range(3):
        assert (await post_signed(client, rx.url, SECRET, PAYLOAD, "d1")).status == 500
    rx.reset()
    assert (await post_signed(client, rx.url, SECRET, PAYLOAD, "d1")).ok
    assert [d.status for d in rx.received] == [500, 500, 500, 200]


def test_wait_for_blocks_until_delivered_and_times_out(rx: WebhookReceiver) -> None:
    body = encode_body(PAYLOAD)
    headers = {**_headers(body, timestamp=int(time.time())), DELIVERY_HEADER: "late"}

    def deliver_later() -> None:
        time.sleep(0.3)
        with httpx.Client() as client:
            client.post(rx.url, content=body, headers=headers)

    sender = threading.Thread(target=deliver_later)
    sender.start()
    try:
        [delivery] = rx.wait_for(1, timeout=10)
    finally:
        sender.join()
    assert delivery.delivery_id == "late" and delivery.verified
    with pytest.raises(AssertionError, match="expected 2 accepted deliveries"):
        rx.wait_for(2, timeout=0.2)


def test_receiver_stops_cleanly_and_frees_its_port() -> None:
    threads_before = set(threading.enumerate())
    with WebhookReceiver(secret=SECRET) as rx:
        rx.delay(30)  # a request still waiting must not hold the shutdown
        port = rx.port
        sender = threading.Thread(target=_post_ignoring_errors, args=(rx.url,))
        sender.start()
        time.sleep(0.2)
        started = time.monotonic()
    assert time.monotonic() - started < 5
    sender.join(10)
    assert not sender.is_alive()
    assert set(threading.enumerate()) <= threads_before
    with pytest.raises(httpx.ConnectError), httpx.Client() as client:
        client.post(f"http://127.0.0.1:{port}/hooks", content=b"{}")


def _post_ignoring_errors(url: str) -> None:
    with httpx.Client(timeout=10) as client, contextlib.suppress(httpx.HTTPError):
        client.post(url, content=b"{}")


# -- back-off ------------------------------------------------------------------------------


@given(
    attempt=st.integers(min_value=1, max_value=5000),
    base=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    cap=st.floats(min_value=0, max_value=1e7, allow_nan=False),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_retry_delay_within_full_jitter_bounds(attempt: int, base: float, cap: float, seed: int) -> None:
    delay = retry_delay(attempt, base=base, cap=cap, rng=random.Random(seed))
    try:
        ceiling = min(cap, base * 2 ** (attempt - 1))
    except OverflowError:
        ceiling = cap if base > 0 else 0.0
    assert 0 <= delay <= ceiling


def test_retry_delay_defaults_spread_and_reject_bad_attempt() -> None:
    rng = random.Random(7)
    samples = [retry_delay(1, rng=rng) for _ in range(2000)]
    assert max(samples) <= 5 and min(samples) < 0.5 and max(samples) > 4.5  # full jitter
    assert all(retry_delay(30, rng=rng) <= 3600 for _ in range(100))
    assert retry_delay(3, base=1, rng=random.Random(1)) == retry_delay(3, base=1, rng=random.Random(1))
    with pytest.raises(ValueError):
        retry_delay(0)
    with pytest.raises(ValueError):
        retry_delay(1, base=-1)


def test_worst_case_retry_span_is_as_documented() -> None:
    waits = [min(3600.0, 5.0 * 2 ** (n - 1)) for n in range(1, MAX_ATTEMPTS)]
    assert MAX_ATTEMPTS == 8 and sum(waits) == 635.0


# -- URL validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://hr.example.gov.cn/talentgate/hooks",
        "http://127.0.0.1:8080/hooks",
        "http://10.12.0.5/hooks?dept=edu",
        "http://[::1]:9000/hooks",
        "HTTPS://人社局.政务.cn/hooks",
        "  https://example.org/hooks  ",
    ],
)
def test_validate_webhook_url_accepts(url: str) -> None:
    assert validate_webhook_url(url) == url.strip()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "empty"),
        ("ftp://example.org/hooks", "http:// or https://"),
        ("example.org/hooks", "http:// or https://"),
        ("javascript:alert(1)", "http:// or https://"),
        ("https:///hooks", "no host"),
        ("https://user:pw@example.org/hooks", "user name or password"),
        ("https://token@example.org/hooks", "user name or password"),
        ("https://example.org/hooks#frag", "fragment"),
        ("https://example.org/hooks#", "fragment"),
        ("https://example.org:99999/hooks", "malformed"),
        ("https://example.org:port/hooks", "malformed"),
        ("https://exa mple.org/hooks", "blanks"),
        ("https://example.org/ho\x00oks", "control"),
        ("https://example.org/" + "a" * 3000, "longer than"),
    ],
)
def test_validate_webhook_url_rejects(url: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        validate_webhook_url(url)
