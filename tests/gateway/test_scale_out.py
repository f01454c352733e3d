"""The production recipe, run: two gateways and two workers on one PostgreSQL behind PgBouncer
in transaction mode and one Redis; SIGTERM drains a gateway's requests in flight and a
worker's running jobs before the process ends."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from schema.db import generic_plans_config, through_pooler, tortoise_config
from tests.support.deployment import (
    SUBMIT,
    Deployment,
    deliver_one,
    handoff_statuses,
    school_item,
    submit_at_window,
    until,
)

BOUNCED = "postgres://u:pw@db.example:6432/talent?pgbouncer=true&minsize=2"


def test_a_pgbouncer_url_turns_off_the_statement_cache_and_startup_settings() -> None:
    assert through_pooler(BOUNCED) == ("postgres://u:pw@db.example:6432/talent?minsize=2", True)
    assert through_pooler("postgres://u@h/db?pgbouncer=false") == ("postgres://u@h/db", False)
    assert through_pooler("postgres://u@h/db") == ("postgres://u@h/db", False)
    with pytest.raises(ValueError, match="pgbouncer takes true or false"):
        through_pooler("postgres://u@h/db?pgbouncer=maybe")
    credentials = tortoise_config(BOUNCED)["connections"]["default"]["credentials"]
    assert credentials["statement_cache_size"] == 0
    assert "pgbouncer" not in credentials
    # PgBouncer refuses startup parameters it does not know: plan_cache_mode is not sent.
    assert "plan_cache_mode" not in credentials.get("server_settings", {})
    assert generic_plans_config(BOUNCED) is None  # no second pool of kept plans
    direct = tortoise_config(BOUNCED.replace("pgbouncer=true&", ""))["connections"]["default"]
    assert "statement_cache_size" not in direct["credentials"]
    assert direct["credentials"]["server_settings"]["plan_cache_mode"] == "force_custom_plan"


@contextmanager
def _locked(deployment: Deployment, table: str) -> Iterator[subprocess.Popen[str]]:
    """A psql session holding an exclusive lock on `table` until the block ends."""
    session = subprocess.Popen(["psql", "-qAt", deployment.direct_url], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    assert session.stdin is not None
    session.stdin.write(f"BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE; SELECT 'locked';\n")
    session.stdin.flush()
    assert session.stdout is not None and session.stdout.readline().strip() == "locked"
    try:
        yield session
    finally:
        session.stdin.write("COMMIT;\n\\q\n")
        session.stdin.flush()
        session.wait(30)


def _waiting(deployment: Deployment) -> int:
    """Statements waiting for a lock on PostgreSQL."""
    return deployment.count("pg_locks WHERE NOT granted")


@pytest.mark.heavy
def test_two_gateways_and_two_workers_through_pgbouncer_serve_and_drain(tmp_path: Path) -> None:
    # Two server connections for everything: transactions of both gateways and both workers
    # take turns on them, as a transaction pooler does under load.
    with Deployment(tmp_path, gateways=2, workers=2, pool_size=2,
                    env={"TALENTGATE_DRAIN_SECONDS": "20"}) as deployment:  # fmt: skip
        until("both workers noted", lambda: deployment.gateway(0).get("/readyz").json()["workers"]
              .startswith("2 seen"), 15)  # fmt: skip
        assert "talentgate_workers_up 2.0" in deployment.gateway(1).get("/metrics").text
        for i in range(2):
            deliver_one(deployment.gateway(i), talent=deployment.talents[i])
        _concurrent_reads(deployment)
        _a_gateway_drains_its_requests(deployment)
        _a_worker_drains_its_jobs(deployment)
        logs = deployment.logs()
    assert "Traceback" not in logs, logs
    assert "prepared statement" not in logs, logs


def _concurrent_reads(deployment: Deployment) -> None:
    queries = ["{ me { username } }", "{ handoffs(first: 20) { edges { node { id status } } } }"]
    tokens = [deployment.gateway(i).login("sjz_edu_handler") for i in range(2)]

    def read(n: int) -> dict[str, Any]:
        return deployment.gateway(n % 2).gql(queries[n % 2], token=tokens[n % 2])

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(read, range(80)))
    assert all("errors" not in a for a in answers), [a for a in answers if "errors" in a][:2]


def _a_gateway_drains_its_requests(deployment: Deployment) -> None:
    live = deployment.gateway(1)
    variables = {"t": deployment.talents[2], "i": [school_item(live)]}
    token = live.login("changan_window")
    answers: list[dict[str, Any]] = []

    def submit() -> None:
        answers.append(live.post(SUBMIT, variables, token=token).json())

    with _locked(deployment, "service_request"):
        submitting = threading.Thread(target=submit)
        submitting.start()
        until("the submission waiting for the lock", lambda: _waiting(deployment) > 0, 20)
        deployment.gateways[1].signal(signal.SIGTERM)
        time.sleep(1.5)
        assert deployment.gateways[1].alive  # draining, not gone
    submitting.join(30)
    assert deployment.gateways[1].wait(30) == 0
    payload = answers[0]["data"]["submitServiceRequest"]
    assert payload["userErrors"] == [] and payload["serviceRequest"]["id"], answers
    deployment.start_gateway(1)


def _a_worker_drains_its_jobs(deployment: Deployment) -> None:
    for i in range(2):
        deployment.kill_worker(i)
    live = deployment.gateway(0)
    request_id = submit_at_window(live, deployment.talents[3])  # queued: no worker runs
    with _locked(deployment, "handoff"):
        deployment.start_worker(0)
        until("a delivery waiting for the lock", lambda: _waiting(deployment) > 0, 30,
              deployment.workers[0].log)  # fmt: skip
        deployment.workers[0].signal(signal.SIGTERM)
        time.sleep(1.5)
        assert deployment.workers[0].alive
    assert deployment.workers[0].wait(30) == 0
    # A worker that stopped cleanly is not counted; the two SIGKILLed ones still are, until
    # the window passes.
    gone = f":{deployment.workers[0].proc.pid}"  # type: ignore[union-attr]
    assert gone not in live.get("/readyz").json()["workers"]
    text = deployment.workers[0].log()
    assert "waiting up to 20 s for 1 running job(s)" in text and "still running" not in text, text
    assert handoff_statuses(live, request_id) == ["DELIVERED"]
