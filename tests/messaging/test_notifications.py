"""Notifications: the in-app message always, copies on other channels through the outbox, the
senders and the real arq worker (retries against a real HTTP gateway), and the caller's own
inbox through GraphQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from arq.connections import ArqRedis, RedisSettings, create_pool
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.tools import merge_types
from tortoise.transactions import in_transaction

import resolvers.core.settings as settings_module
from gateway.embedded_redis import free_port
from gateway.http.graphql import GatewayGraphQL
from jobs.keys import notification_key
from jobs.outbox.notifications import MAX_NOTIFY_ATTEMPTS, notification_id_of, retry_delay, send_notification
from jobs.outbox.senders import (
    HttpGatewaySender,
    LoggingSender,
    OutgoingMessage,
    SendError,
    contact_of,
    sender_for,
)
from jobs.outbox.staging import enqueue, run_outbox
from permissions.policy_cache import PolicyCache
from resolvers.core.ids import encode_id
from resolvers.core.settings import Settings, get_settings, use_settings
from resolvers.messaging.notifications import notify
from schema.api.accounts import AccountMutations, AccountQueries
from schema.api.messaging import NotificationMutations, NotificationQueries
from schema.build import GatewaySchema
from schema.extensions import ErrorCodes
from schema.models import Notification, OutboxEntry, Specialist, Talent, User
from schema.models.enums import NotificationChannel, NotificationStatus, OutboxStatus
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.webhook_receiver import WebhookReceiver
from tests.support.worker import drain

SUBJECT = "办件已受理 SJZ-2026-0001"
BODY = "张三您好：您的户籍办理申请已受理，联系电话 13800138000。"
TOKEN = "sms-gateway-token-0123"

# -- fixtures and helpers ------------------------------------------------------------------


@pytest.fixture
def channels(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """`channels("SMS")` installs settings with those extra channels (and, given
    `gateways`, their message gateways); the previous settings come back after the test."""
    monkeypatch.setattr(settings_module, "_current", settings_module._current)

    def install(*names: str, gateways: dict[str, tuple[str, str]] | None = None) -> None:
        current = get_settings()
        use_settings(dataclasses.replace(
            current, notify_channels=names, notify_gateways={**current.notify_gateways, **(gateways or {})}
        ))  # fmt: skip

    return install


@pytest.fixture
def rx() -> Iterator[WebhookReceiver]:
    """A real HTTP gateway on 127.0.0.1 (the webhook receiver; its signature check is unused)."""
    with WebhookReceiver(secret="unused") as receiver:
        yield receiver


@pytest.fixture
def sms_gateway(rx: WebhookReceiver, channels: Callable[..., None]) -> WebhookReceiver:
    """The SMS channel on, sent through `rx` (NOTIFY_SMS_URL / NOTIFY_SMS_TOKEN)."""
    channels("SMS", gateways={"SMS": (rx.url, TOKEN)})
    return rx


@pytest.fixture
async def queue(redis_url: str) -> AsyncIterator[ArqRedis]:
    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    yield pool
    await pool.aclose()


async def _user_id(username: str) -> int:
    return (await User.get(username=username)).id


async def _notify(
    *usernames: str, subject: str = SUBJECT, related_type: str = "service_request"
) -> list[str]:
    recipients = [await _user_id(u) for u in usernames]
    async with in_transaction():
        return await notify(recipients, subject, BODY, related_type=related_type, related_id=7)


async def _copy(
    channel: NotificationChannel = NotificationChannel.SMS, user: str = "talent_demo"
) -> Notification:
    return await Notification.get(channel=channel, recipient_id=await _user_id(user))


async def _send_through_worker(queue: ArqRedis, redis_url: str, keys: list[str]) -> None:
    assert await enqueue(queue, keys) == len(keys)
    await drain(redis_url, notify_retry_base=0.01)


def _message(contact: str | None = "13800138000", channel: NotificationChannel = NotificationChannel.SMS):
    return OutgoingMessage(notification_id=41, channel=channel, recipient="talent_demo", contact=contact,
                           subject=SUBJECT, body=BODY)  # fmt: skip


@pytest.fixture
async def demo_db(demo_db: str) -> str:
    """The demo seeds complaints, which notify their handlers; these tests count messages from
    an empty table."""
    await Notification.all().delete()
    return demo_db


# -- writing messages ----------------------------------------------------------------------


async def test_notify_writes_one_sent_in_app_message_per_recipient_and_stages_nothing(
    demo_db: str, channels: Callable[..., None]
) -> None:
    channels()
    keys = await _notify("talent_demo", "changan_admin", "talent_demo")
    assert keys == []
    rows = await Notification.all().order_by("id")
    assert [(r.channel, r.status, r.subject, r.related_type, r.related_id) for r in rows] == [
        (NotificationChannel.IN_APP, NotificationStatus.SENT, SUBJECT, "service_request", "7")
    ] * 2
    assert {r.recipient_id for r in rows} == {await _user_id("talent_demo"), await _user_id("changan_admin")}
    assert await OutboxEntry.all().count() == 0


async def test_an_extra_channel_adds_a_pending_copy_and_its_outbox_row(
    demo_db: str, channels: Callable[..., None]
) -> None:
    channels("SMS")
    keys = await _notify("talent_demo")
    sms = await _copy()
    assert sms.status == NotificationStatus.PENDING and sms.attempts == 0
    assert keys == [notification_key(sms.id)]
    entry = await OutboxEntry.get(key=keys[0])
    assert (entry.task, entry.status) == ("send_notification", OutboxStatus.PENDING)
    assert (
        await Notification.filter(channel=NotificationChannel.IN_APP, status=NotificationStatus.SENT).count()
        == 1
    )


def test_outbox_keys_round_trip_and_back_off_doubles() -> None:
    assert notification_id_of(notification_key(123)) == 123
    assert notification_id_of("handoff:123:deliver") is None
    assert [retry_delay(n) for n in range(1, MAX_NOTIFY_ATTEMPTS)] == [10, 20, 40, 80]


# -- delivery through the worker -----------------------------------------------------------


async def test_an_sms_copy_is_retried_after_503s_and_delivered_once(
    demo_db: str, channels: Callable[..., None], sms_gateway: WebhookReceiver, queue: ArqRedis,
    redis_url: str,
) -> None:  # fmt: skip
    channels("SMS")
    sms_gateway.fail_next(2, 503)
    keys = await _notify("talent_demo")
    await _send_through_worker(queue, redis_url, keys)

    sms = await _copy()
    assert (sms.status, sms.attempts, sms.last_error) == (NotificationStatus.SENT, 3, None)
    assert sms.sent_at is not None
    assert (await OutboxEntry.get(key=keys[0])).status == OutboxStatus.DONE
    received = sms_gateway.received
    assert [d.status for d in received] == [503, 503, 200]
    assert {d.headers["idempotency-key"] for d in received} == {f"notification-{sms.id}"}
    assert {d.headers["authorization"] for d in received} == {f"Bearer {TOKEN}"}
    phone = (await Talent.get(id=(await User.get(username="talent_demo")).talent_id)).phone
    assert phone
    [delivery] = sms_gateway.accepted
    assert delivery.body == {"channel": "SMS", "to": phone, "subject": SUBJECT, "body": BODY, "id": sms.id}

    # Running the row again, or the task itself, sends nothing more.
    assert await run_outbox({}, keys[0]) == OutboxStatus.DONE.value
    await send_notification({}, await OutboxEntry.get(key=keys[0]))
    assert len(sms_gateway.received) == 3
    assert (await _copy()).attempts == 3


async def test_a_400_fails_the_copy_at_once_and_the_in_app_message_stays(
    demo_db: str, channels: Callable[..., None], sms_gateway: WebhookReceiver, queue: ArqRedis,
    redis_url: str,
) -> None:  # fmt: skip
    channels("SMS")
    sms_gateway.always_fail(400, "bad number 13800138000")
    keys = await _notify("talent_demo")
    await _send_through_worker(queue, redis_url, keys)

    sms = await _copy()
    assert (sms.status, sms.attempts, sms.sent_at) == (NotificationStatus.FAILED, 1, None)
    assert sms.last_error == "gateway answered HTTP 400"  # the gateway's text is not kept
    entry = await OutboxEntry.get(key=keys[0])
    assert (entry.status, entry.last_error) == (OutboxStatus.FAILED, "gateway answered HTTP 400")
    assert len(sms_gateway.received) == 1
    assert (await _copy(NotificationChannel.IN_APP)).status == NotificationStatus.SENT


async def test_retries_end_after_the_last_attempt_with_the_copy_failed(
    demo_db: str, channels: Callable[..., None], sms_gateway: WebhookReceiver, queue: ArqRedis,
    redis_url: str,
) -> None:  # fmt: skip
    channels("SMS")
    sms_gateway.always_fail(503)
    keys = await _notify("talent_demo")
    await _send_through_worker(queue, redis_url, keys)

    sms = await _copy()
    assert (sms.status, sms.attempts) == (NotificationStatus.FAILED, MAX_NOTIFY_ATTEMPTS)
    assert sms.last_error == "gateway answered HTTP 503"
    assert (await OutboxEntry.get(key=keys[0])).status == OutboxStatus.FAILED
    assert [d.status for d in sms_gateway.received] == [503] * MAX_NOTIFY_ATTEMPTS


async def test_the_attempts_column_is_the_truth_when_the_sweeper_re_enqueues(
    demo_db: str, channels: Callable[..., None], sms_gateway: WebhookReceiver,
) -> None:  # fmt: skip
    channels("SMS")
    sms_gateway.always_fail(503)
    [key] = await _notify("talent_demo")
    await Notification.filter(channel=NotificationChannel.SMS).update(attempts=MAX_NOTIFY_ATTEMPTS - 1)
    # a fresh arq job (job_try 1) still makes only the one try left
    assert await run_outbox({"job_try": 1}, key) == "ran"
    assert ((await _copy()).status, len(sms_gateway.received)) == (NotificationStatus.FAILED, 1)
    assert (await OutboxEntry.get(key=key)).status == OutboxStatus.FAILED


async def test_without_a_gateway_the_logging_sender_logs_the_subject_never_the_body(
    demo_db: str, channels: Callable[..., None], monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    monkeypatch.setattr(settings_module, "_current", dataclasses.replace(get_settings(), notify_gateways={}))
    channels("SMS", "WECHAT", "EMAIL")
    keys = await _notify("talent_demo")
    with caplog.at_level(logging.INFO, logger="talentgate.notify"):
        for key in keys:
            assert await run_outbox({}, key) == "ran"
    copies = await Notification.exclude(channel=NotificationChannel.IN_APP).order_by("id")
    assert [(c.channel.value, c.status.value) for c in copies] == [
        ("SMS", "SENT"),
        ("WECHAT", "SENT"),
        ("EMAIL", "SENT"),
    ]
    lines = [r.getMessage() for r in caplog.records if r.name == "talentgate.notify"]
    assert lines == [f"notification {c.id} via {c.channel.value} to talent_demo: {SUBJECT}" for c in copies]
    phone = (await Talent.get(id=(await User.get(username="talent_demo")).talent_id)).phone
    assert not any("13800138000" in line or BODY in line or phone in line for line in caplog.messages)


async def test_email_through_a_gateway_fails_for_want_of_an_address(
    demo_db: str, channels: Callable[..., None], rx: WebhookReceiver, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    channels("EMAIL", gateways={"EMAIL": (rx.url, "")})
    [key] = await _notify("talent_demo")
    await run_outbox({}, key)
    email = await _copy(NotificationChannel.EMAIL)
    assert (email.status, email.last_error) == (NotificationStatus.FAILED, "no email address")
    assert (await OutboxEntry.get(key=key)).status == OutboxStatus.FAILED
    assert rx.received == []


# -- senders -------------------------------------------------------------------------------


def test_sender_for_reads_the_channel_url_and_token_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NOTIFY_WECHAT_URL", raising=False)
    monkeypatch.setenv("NOTIFY_SMS_URL", "https://sms.gov.example/send")
    monkeypatch.setenv("NOTIFY_SMS_TOKEN", TOKEN)
    settings = settings_module.load_settings()
    sms = sender_for(NotificationChannel.SMS, settings)
    assert isinstance(sms, HttpGatewaySender)
    assert (sms.url, sms.token) == ("https://sms.gov.example/send", TOKEN)
    assert isinstance(sender_for(NotificationChannel.WECHAT, settings), LoggingSender)


async def test_the_http_sender_classifies_failures(rx: WebhookReceiver) -> None:
    sender = HttpGatewaySender(rx.url, "")
    for status, retryable in ((500, True), (503, True), (429, True), (408, True), (400, False),
                              (401, False), (404, False)):  # fmt: skip
        rx.fail_next(1, status)
        with pytest.raises(SendError) as failure:
            await sender.send(_message())
        assert (failure.value.message, failure.value.retryable) == (
            f"gateway answered HTTP {status}",
            retryable,
        )
    await sender.send(_message())
    assert "authorization" not in rx.accepted[0].headers  # no token configured, no header
    with pytest.raises(SendError) as redirected:
        await HttpGatewaySender(rx.redirect_url, "").send(_message())
    assert (redirected.value.message, redirected.value.retryable) == ("gateway answered HTTP 302", False)
    with pytest.raises(SendError) as no_phone:
        await sender.send(_message(contact=None))
    assert (no_phone.value.message, no_phone.value.retryable) == ("no phone number", False)
    assert len(rx.received) == 8


async def test_an_unreachable_gateway_is_retryable_and_a_bad_url_is_final() -> None:
    with pytest.raises(SendError) as failure:
        await HttpGatewaySender(f"http://127.0.0.1:{free_port()}/sms", TOKEN).send(_message())
    assert failure.value.retryable
    assert failure.value.message.startswith("ConnectError")
    for url in ("sms.gov.example/send", "ftp://sms.gov.example/send", "http://"):
        with pytest.raises(SendError) as bad:
            await HttpGatewaySender(url, TOKEN).send(_message())
        assert not bad.value.retryable and bad.value.message.startswith("invalid gateway URL"), url


async def test_contact_of_finds_the_talents_phone_or_the_specialists_mobile(demo_db: str) -> None:
    talent_user = await User.get(username="talent_demo").select_related("talent")
    assert await contact_of(talent_user.id, NotificationChannel.SMS) == talent_user.talent.phone
    handler = await _user_id("sjz_police_handler")
    mobile = (await Specialist.get(user_id=handler)).mobile
    assert mobile and await contact_of(handler, NotificationChannel.SMS) == mobile
    assert await contact_of(await _user_id("changan_admin"), NotificationChannel.SMS) is None
    assert await contact_of(talent_user.id, NotificationChannel.EMAIL) is None
    assert await contact_of(talent_user.id, NotificationChannel.WECHAT) is None


# -- the inbox through GraphQL -------------------------------------------------------------
# Through a local schema of the account and notification modules over the real ASGI stack
# (GatewayGraphQL), until schema/build.py registers NotificationQueries/NotificationMutations.

INBOX = """query($filter: NotificationFilter, $orderBy: [NotificationOrder!], $first: Int, $after: String) {
  notifications(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id subject body channel status relatedType relatedId createdAt sentAt readAt read } }
  }
  unreadNotificationCount
}"""
MARK = """mutation($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) { updatedCount userErrors { field code message } } }"""


@pytest.fixture
async def api(demo_db: str, tmp_path: Path, channels: Callable[..., None]) -> AsyncIterator[GraphQLClient]:
    channels("SMS")  # copies on other channels exist but never show in the inbox
    settings = Settings(data_dir=tmp_path, database_url=demo_db, policy_cache_seconds=600)
    schema = GatewaySchema(
        query=merge_types("Query", (AccountQueries, NotificationQueries)),
        mutation=merge_types("Mutation", (AccountMutations, NotificationMutations)),
        federation_version="2.9",
        extensions=[ErrorCodes],
    )
    app = Starlette(routes=[Route("/graphql", GatewayGraphQL(schema), methods=["GET", "POST"])])
    app.state.settings, app.state.policies = settings, PolicyCache(ttl=600)
    client = GraphQLClient(app)
    yield client
    await client.close()


async def _inbox(api: GraphQLClient, user: str, **variables: object) -> dict:
    return await api.data(INBOX, variables, as_user=user)


async def test_the_inbox_lists_only_the_callers_own_in_app_messages(api: GraphQLClient) -> None:
    await _notify("talent_demo", "changan_admin")
    await _notify("talent_demo", subject="预约提醒", related_type="handoff")
    await _notify("changan_admin", subject="督办通知")

    data = await _inbox(api, "talent_demo")
    nodes = [e["node"] for e in data["notifications"]["edges"]]
    assert [n["subject"] for n in nodes] == ["预约提醒", SUBJECT]  # newest first
    assert data["notifications"]["totalCount"] == 2 and data["unreadNotificationCount"] == 2
    own = await Notification.filter(recipient_id=await _user_id("talent_demo"),
                                    channel=NotificationChannel.IN_APP).order_by("-id")  # fmt: skip
    assert [n["id"] for n in nodes] == [encode_id("Notification", r.id) for r in own]
    first = nodes[1]
    assert (first["body"], first["channel"], first["status"], first["relatedType"], first["relatedId"]) == (
        BODY, "IN_APP", "SENT", "service_request", "7",
    )  # fmt: skip
    assert (first["read"], first["readAt"]) == (False, None)
    assert first["sentAt"] is not None  # stored in-app is delivered

    admin = await _inbox(api, "changan_admin")
    assert [e["node"]["subject"] for e in admin["notifications"]["edges"]] == ["督办通知", SUBJECT]
    assert not {e["node"]["id"] for e in admin["notifications"]["edges"]} & {n["id"] for n in nodes}


async def test_the_inbox_filters_orders_and_pages(api: GraphQLClient) -> None:
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    for n in range(3):
        await _notify("talent_demo", subject=f"消息 {n}", related_type="handoff" if n else "service_request")
    handoffs = await _inbox(api, "talent_demo", filter={"relatedType": {"eq": "handoff"}},
                            orderBy=[{"field": "CREATED_AT", "direction": "ASC"}])  # fmt: skip
    assert [e["node"]["subject"] for e in handoffs["notifications"]["edges"]] == ["消息 1", "消息 2"]
    page = await _inbox(api, "talent_demo", orderBy=[{"field": "ID"}], first=2)
    assert [e["node"]["subject"] for e in page["notifications"]["edges"]] == ["消息 0", "消息 1"]
    cursor = page["notifications"]["pageInfo"]["endCursor"]
    rest = await _inbox(api, "talent_demo", orderBy=[{"field": "ID"}], first=2, after=cursor)
    assert [e["node"]["subject"] for e in rest["notifications"]["edges"]] == ["消息 2"]
    assert not rest["notifications"]["pageInfo"]["hasNextPage"]
    newest = [{"field": "CREATED_AT", "direction": "DESC"}]
    page = await _inbox(api, "talent_demo", orderBy=newest, first=2)
    assert [e["node"]["subject"] for e in page["notifications"]["edges"]] == ["消息 2", "消息 1"]
    cursor = page["notifications"]["pageInfo"]["endCursor"]
    rest = await _inbox(api, "talent_demo", orderBy=newest, first=2, after=cursor)
    assert [e["node"]["subject"] for e in rest["notifications"]["edges"]] == ["消息 0"]
    recent = await _inbox(api, "talent_demo", filter={"createdAt": {"gte": before.isoformat()}})
    assert recent["notifications"]["totalCount"] == 3
    later = await _inbox(
        api, "talent_demo", filter={"createdAt": {"gt": (before + dt.timedelta(hours=1)).isoformat()}}
    )
    assert later["notifications"]["totalCount"] == 0


async def test_marking_read_by_ids_and_all_updates_the_unread_count(api: GraphQLClient) -> None:
    for n in range(3):
        await _notify("talent_demo", subject=f"消息 {n}")
    ids = [e["node"]["id"] for e in (await _inbox(api, "talent_demo"))["notifications"]["edges"]]

    marked = await api.data(MARK, {"input": {"ids": [ids[0], ids[0]]}}, as_user="talent_demo")
    assert marked["markNotificationsRead"] == {"updatedCount": 1, "userErrors": []}
    data = await _inbox(api, "talent_demo", filter={"read": True})
    assert [e["node"]["id"] for e in data["notifications"]["edges"]] == [ids[0]]
    assert data["notifications"]["edges"][0]["node"]["readAt"] is not None
    assert data["unreadNotificationCount"] == 2
    unread = await _inbox(api, "talent_demo", filter={"read": False})
    assert [e["node"]["id"] for e in unread["notifications"]["edges"]] == ids[1:]

    again = await api.data(MARK, {"input": {"ids": ids[:2]}}, as_user="talent_demo")
    assert again["markNotificationsRead"]["updatedCount"] == 1  # the first was read already
    everything = await api.data(MARK, {"input": {"all": True}}, as_user="talent_demo")
    assert everything["markNotificationsRead"]["updatedCount"] == 1
    assert (await _inbox(api, "talent_demo"))["unreadNotificationCount"] == 0


async def test_another_users_message_answers_not_found_like_a_missing_one(api: GraphQLClient) -> None:
    await _notify("talent_demo", "changan_admin")
    mine = (await _inbox(api, "talent_demo"))["notifications"]["edges"][0]["node"]["id"]
    theirs = (await _inbox(api, "changan_admin"))["notifications"]["edges"][0]["node"]["id"]
    missing = encode_id("Notification", 999_999)
    sms = encode_id("Notification", (await _copy()).id)  # own, but not an in-app message
    other_type = encode_id("Handoff", 1)
    for bad in (theirs, missing, sms, other_type):
        data = await api.data(MARK, {"input": {"ids": [mine, bad]}}, as_user="talent_demo")
        assert data["markNotificationsRead"] == {
            "updatedCount": 0,
            "userErrors": [{"field": "ids", "code": "NOT_FOUND", "message": "未找到该通知"}],
        }
    assert (await _inbox(api, "talent_demo"))["unreadNotificationCount"] == 1  # nothing marked
    assert (await _inbox(api, "changan_admin"))["unreadNotificationCount"] == 1
    # an administrator marking `all` touches only their own
    await api.data(MARK, {"input": {"all": True}}, as_user="changan_admin")
    assert (await _inbox(api, "talent_demo"))["unreadNotificationCount"] == 1


async def test_bad_mark_read_input_gives_coded_errors(api: GraphQLClient) -> None:
    cases = [
        ({}, [{"field": "ids", "code": "VALIDATION"}]),
        ({"ids": []}, [{"field": "ids", "code": "VALIDATION"}]),
        ({"ids": [encode_id("Notification", 1)], "all": True}, [{"field": "all", "code": "VALIDATION"}]),
        ({"ids": ["not-an-id!"]}, [{"field": "ids", "code": "VALIDATION"}]),
        (
            {"ids": [encode_id("Notification", n) for n in range(501)]},
            [{"field": "ids", "code": "LIMIT_EXCEEDED"}],
        ),
    ]
    for given, expected in cases:
        data = await api.data(MARK, {"input": given}, as_user="talent_demo")
        errors = [
            {"field": e["field"], "code": e["code"]} for e in data["markNotificationsRead"]["userErrors"]
        ]
        assert errors == expected, given


async def test_the_inbox_needs_a_signed_in_user(api: GraphQLClient) -> None:
    assert error_codes(await api.execute("{ unreadNotificationCount }")) == ["UNAUTHENTICATED"]
    assert error_codes(await api.execute("{ notifications { totalCount } }")) == ["UNAUTHENTICATED"]
    body = await api.execute(MARK, {"input": {"all": True}})
    assert error_codes(body) == ["UNAUTHENTICATED"]
