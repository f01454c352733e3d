"""Every queue name, job id and Redis key format of the project, in one place."""

from __future__ import annotations

QUEUE = "talentgate:queue"
KEY_PREFIX = "talentgate:"

WORKER_HEARTBEAT = KEY_PREFIX + "worker:heartbeat"
HEARTBEAT_TTL_SECONDS = 180
