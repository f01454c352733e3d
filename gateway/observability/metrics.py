"""The process's Prometheus metrics (served at /metrics: gateway/http/metrics.py).

With `PROMETHEUS_MULTIPROC_DIR` set in the environment of every gateway and worker process
of a host (an empty directory, emptied at each start of the deployment), prometheus-client
keeps the values in files there and /metrics adds up every process's; without it each
process serves its own. Labels are bounded: an operation name is kept as a label for the
first `MAX_OPERATIONS` names a process sees, later ones count as `other`.
"""

from __future__ import annotations

import re

from prometheus_client import Counter, Histogram, disable_created_metrics

from gateway.observability.activity import Activity

disable_created_metrics()  # no `_created` series beside every counter and histogram

MAX_OPERATIONS = 300
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_operations: set[str] = set()

SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter(
    "talentgate_requests", "HTTP requests by GraphQL operation (or route) and outcome",
    ["operation", "outcome"],
)  # fmt: skip
REQUEST_SECONDS = Histogram(
    "talentgate_request_duration_seconds", "Time to answer a request, by operation and outcome",
    ["operation", "outcome"], buckets=SECONDS,
)  # fmt: skip
REQUEST_STATEMENTS = Histogram(
    "talentgate_request_sql_statements", "SQL statements one request ran, by operation",
    ["operation"], buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377),
)  # fmt: skip
JOBS = Counter("talentgate_jobs", "Worker jobs run, by function and outcome", ["function", "outcome"])
JOB_SECONDS = Histogram(
    "talentgate_job_duration_seconds", "Time a worker job ran, by function",
    ["function"], buckets=(*SECONDS, 60.0, 120.0, 300.0),
)  # fmt: skip


def operation_label(operation: str | None) -> str:
    """A GraphQL operation's name as a label: `anonymous` when it has none, `other` when it
    is not a GraphQL name or is past the first MAX_OPERATIONS."""
    if operation is None:
        return "anonymous"
    if operation in _operations:
        return operation
    if not _NAME.fullmatch(operation) or len(_operations) >= MAX_OPERATIONS:
        return "other"
    _operations.add(operation)
    return operation


def record_request(label: str, outcome: str, seconds: float, activity: Activity) -> None:
    REQUESTS.labels(label, outcome).inc()
    REQUEST_SECONDS.labels(label, outcome).observe(seconds)
    REQUEST_STATEMENTS.labels(label).observe(activity.statements)


def record_job(function: str, outcome: str, seconds: float) -> None:
    JOBS.labels(function, outcome).inc()
    JOB_SECONDS.labels(function).observe(seconds)
