"""Every queue name, job id and Redis key format of the project, in one place."""

from __future__ import annotations

import hashlib

QUEUE = "talentgate:queue"
KEY_PREFIX = "talentgate:"

WORKER_HEARTBEAT = KEY_PREFIX + "worker:heartbeat"
HEARTBEAT_TTL_SECONDS = 180
# Every worker process's last sign of life (host:pid → unix time), written every few
# seconds whether or not it has jobs: /readyz and /metrics count the workers up.
WORKERS_SEEN = KEY_PREFIX + "workers:seen"

# Anonymous card checks' token buckets, shared by the gateway processes
# (resolvers/cards/shared_buckets.py): one hash per client address.
CARD_CHECK_PREFIX = KEY_PREFIX + "card_check:"


def card_check_key(address: str) -> str:
    """Hashed: Redis holds no client addresses, and an IPv6 key is as short as any."""
    return CARD_CHECK_PREFIX + hashlib.blake2b(address.encode(), digest_size=12).hexdigest()


# The one arq function every outbox row runs through; its job id is the row's key.
OUTBOX_FUNCTION = "run_outbox"


def handoff_delivery_key(handoff_id: int) -> str:
    return f"handoff:{handoff_id}:deliver"


def notification_key(notification_id: int) -> str:
    return f"notification:{notification_id}:send"


def withdrawal_key(handoff_id: int) -> str:
    return f"handoff:{handoff_id}:withdraw"


def talent_import_key(import_id: int) -> str:
    return f"talent_import:{import_id}:run"


# A source's pull (jobs/federation.py): one job per source and tick of the schedule.
SYNC_SOURCE_FUNCTION = "sync_source"


def sync_source_key(source_id: int, tick: int) -> str:
    return f"source:{source_id}:sync:{tick}"


# 服务基层提醒 (jobs/grassroots.py): one per expert below target, and one per office, a month.
def grassroots_reminder_key(expert_id: int, period: str) -> str:
    return f"grassroots_expert:{expert_id}:remind:{period}"


def grassroots_office_reminder_key(county: str, period: str) -> str:
    return f"grassroots_office:{county}:remind:{period}"
