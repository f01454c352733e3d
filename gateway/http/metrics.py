"""/metrics: the Prometheus text format, for a scraper the deployment names.

Who may read it: with METRICS_TOKEN set, a request must carry `Authorization: Bearer
<token>` (401 otherwise); with METRICS_ALLOWED_ADDRESSES set, the client's address must
be in it (403 otherwise); with neither, only a loopback client that no proxy forwarded.

What it holds: the counters and histograms of gateway/observability/metrics.py (every
process's, added up, under PROMETHEUS_MULTIPROC_DIR), and what is read at each scrape
from Redis and the database — the same for every process, so read here, not kept:

* `talentgate_queue_depth` — jobs waiting in the arq queue (deferred retries included);
* `talentgate_workers_up` — worker processes seen within TALENTGATE_WORKER_WINDOW;
* `talentgate_outbox_oldest_pending_seconds` — age of the oldest outbox row not yet done;
* `talentgate_handoffs_overdue` — open handoffs past their due date (督办);
* `talentgate_webhook_deliveries_failing{state}` — handoffs whose department webhook
  failed: `retrying`, or given up on (`undeliverable`);
* `talentgate_sync_lag_seconds{source}`, `talentgate_sync_failures{source}` — at a
  province, how far behind each city's feed it is and how many pulls in a row failed.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from jobs.heartbeat import workers_seen
from jobs.keys import QUEUE
from resolvers.core.settings import Settings
from resolvers.federation.sources import lag_seconds
from resolvers.requests.flow import WORKABLE
from schema import clock
from schema.clock import china_today
from schema.models import Handoff, OutboxEntry, Source
from schema.models.enums import HandoffStatus, OutboxStatus

log = logging.getLogger(__name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_FORWARDED = (b"x-forwarded-for", b"forwarded", b"x-real-ip")


@cache
def _networks(addresses: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(a, strict=False) for a in addresses)


def refusal(request: Request, settings: Settings) -> Response | None:
    """None when the caller may read the metrics, else the answer that says no."""
    if settings.metrics_token:
        scheme, _, credential = request.headers.get("authorization", "").partition(" ")
        given = credential.strip().encode()
        if scheme.lower() != "bearer" or not hmac.compare_digest(given, settings.metrics_token.encode()):
            return Response("metrics token required\n", status_code=401, media_type="text/plain",
                            headers={"WWW-Authenticate": 'Bearer realm="metrics"'})  # fmt: skip
    try:
        client = ipaddress.ip_address(request.client.host) if request.client else None
    except ValueError:  # not an IP address (a test client's name)
        client = None
    if settings.metrics_addresses:
        allowed = client is not None and any(client in n for n in _networks(settings.metrics_addresses))
    elif settings.metrics_token:
        allowed = True
    else:  # a reverse proxy on this host would make every visitor look local
        forwarded = any(name in _FORWARDED for name, _ in request.scope.get("headers") or [])
        allowed = client is not None and client.is_loopback and not forwarded
    if not allowed:
        return Response("metrics are not served to this address\n", status_code=403, media_type="text/plain")
    return None


class _Readings(Collector):
    """Values read once for this scrape, as gauges."""

    def __init__(self, metrics: Iterable[Metric]) -> None:
        self.metrics = list(metrics)

    def collect(self) -> Iterator[Metric]:
        yield from self.metrics


def _gauge(name: str, text: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, text, value=value)


async def read_state(redis: Any, settings: Settings) -> list[Metric]:
    """The queue, the outbox, overdue handoffs and failing webhooks, as they are now."""
    metrics: list[Metric] = []
    if redis is not None:
        depth = await redis.zcard(QUEUE)
        metrics.append(_gauge("talentgate_queue_depth", "Jobs waiting in the arq queue", depth))
        up = await workers_seen(redis, settings.worker_window_seconds)
        metrics.append(_gauge("talentgate_workers_up", "Worker processes seen within the window", len(up)))
    oldest = await OutboxEntry.filter(status=OutboxStatus.PENDING).order_by("created_at").limit(1) \
        .values("created_at")  # fmt: skip
    age = (clock.now() - oldest[0]["created_at"]).total_seconds() if oldest else 0.0
    metrics.append(_gauge("talentgate_outbox_oldest_pending_seconds",
                          "Age of the oldest outbox row not yet done (0: none)", max(age, 0.0)))  # fmt: skip
    overdue = await Handoff.filter(status__in=list(WORKABLE), due_on__lt=china_today()).count()
    metrics.append(_gauge("talentgate_handoffs_overdue", "Open handoffs past their due date", overdue))
    failing = GaugeMetricFamily(
        "talentgate_webhook_deliveries_failing", "Handoffs whose department webhook delivery failed",
        labels=["state"],
    )  # fmt: skip
    retrying = await Handoff.filter(status=HandoffStatus.PENDING, delivery_attempts__gt=0,
                                    last_error__isnull=False).count()  # fmt: skip
    failing.add_metric(["retrying"], retrying)
    failing.add_metric(["undeliverable"], await Handoff.filter(status=HandoffStatus.UNDELIVERABLE).count())
    metrics.append(failing)
    return metrics + await _sync_state()


async def _sync_state() -> list[Metric]:
    """Each active source's lag (growing while its pulls fail) and failed pulls in a row."""
    lag = GaugeMetricFamily("talentgate_sync_lag_seconds", "How far behind a source's change feed this "
                            "deployment is", labels=["source"])  # fmt: skip
    failures = GaugeMetricFamily("talentgate_sync_failures", "A source's failed pulls in a row",
                                 labels=["source"])  # fmt: skip
    now = clock.now()
    for source in await Source.filter(status="ACTIVE").order_by("name"):
        lag.add_metric([source.name], lag_seconds(source, now))
        failures.add_metric([source.name], source.failures)
    return [lag, failures]


async def metrics(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    refused = refusal(request, settings)
    if refused is not None:
        return refused
    if settings.prometheus_multiproc_dir is not None:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # every process's values, from their files
    else:
        registry = REGISTRY
    body = generate_latest(registry)
    try:
        readings = CollectorRegistry()
        readings.register(_Readings(await read_state(getattr(request.app.state, "redis", None), settings)))
        body += generate_latest(readings)
    except Exception as exc:  # the counters still answer when the database or Redis does not
        # An outage is said once by the database's and Redis's own lines: one line here per
        # scrape, no traceback (a scrape every 15 s would otherwise fill the log).
        log.warning("metrics: reading the queue and the database failed (%s: %s)", type(exc).__name__, exc)
    return Response(body, media_type=CONTENT_TYPE)


METRICS_ROUTES = [Route("/metrics", metrics)]
