"""The logs of a real `talentgate serve`: one JSON line a request with the id its response
carries, its user, operation and SQL statements and nothing secret; a line a worker job;
the text format the demo writes."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from gateway.embedded_redis import EmbeddedRedis
from tests.support.databases import SqliteDatabases
from tests.support.live_server import LiveServer, demo_server

pytestmark = pytest.mark.heavy

ID_NUMBER, PHONE = "130102199001011234", "13912345678"
FIND = """query FindTalents($name: String!, $education: String) {
  talents(filter: {name: {contains: $name}, education: {eq: $education}}) { totalCount }
}"""


@pytest.fixture(scope="module")
def server(sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:  # fmt: skip
    """`serve` as a deployment runs it: JSON logs, its default."""
    with demo_server(sqlite_databases, redis_server, tmp_path_factory.mktemp("logs")) as live:
        yield live


def json_lines(server: LiveServer) -> list[dict[str, Any]]:
    lines = []
    for text in server.log().splitlines():
        with contextlib.suppress(ValueError):  # a line of the test's own, or cut off
            lines.append(json.loads(text))
    return lines


def wait_for_line(server: LiveServer, seconds: float = 20, **wanted: Any) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        found = [line for line in json_lines(server) if wanted.items() <= line.items()]
        if found:
            return found[-1]
        assert time.monotonic() < deadline, f"no line with {wanted} in:\n{server.log()[-3000:]}"
        time.sleep(0.1)


def test_every_line_of_serve_is_json(server: LiveServer) -> None:
    lines = [text for text in server.log().splitlines() if text.strip()]
    assert lines and all(text.startswith("{") for text in lines), lines[:5]
    assert any("event loop: uvloop" in line["message"] for line in json_lines(server))


def test_a_request_line_carries_the_response_id_user_operation_and_statements_and_nothing_secret(
    server: LiveServer,
) -> None:
    token = server.login("changan_admin")
    response = server.post(FIND, {"name": ID_NUMBER, "education": PHONE}, token=token)
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    request_id = response.headers["x-request-id"]
    line = wait_for_line(server, request_id=request_id)
    assert line["logger"] == "talentgate.access"
    assert line["user"] == "changan_admin"
    assert line["operation"] == "FindTalents"
    assert line["status"] == 200 and line["outcome"] == "ok"
    assert line["method"] == "POST" and line["path"] == "/graphql"
    assert isinstance(line["sql"], int) and line["sql"] >= 1
    assert line["duration_ms"] > 0
    log = server.log()
    assert token not in log and token.split(".")[-1] not in log
    assert ID_NUMBER not in log and PHONE not in log


def test_a_refused_operation_is_logged_with_its_code(server: LiveServer) -> None:
    response = server.post("query Mine { me { username } }")
    line = wait_for_line(server, request_id=response.headers["x-request-id"])
    assert line["operation"] == "Mine" and line["user"] is None
    assert line["outcome"] == response.json()["errors"][0]["extensions"]["code"]


def test_a_worker_job_writes_its_line(server: LiveServer) -> None:
    # The heartbeat (every 10 s) logs its successes at DEBUG; the outbox sweep, twice a minute, at INFO.
    line = wait_for_line(server, 40, logger="talentgate.jobs", function="cron:sweep_outbox")
    assert line["outcome"] == "ok" and line["try"] == 1
    assert line["job_id"] and line["duration_ms"] >= 0 and isinstance(line["sql"], int)
    arq = [line["message"] for line in json_lines(server) if line["logger"] == "arq.worker"]
    assert any(message.startswith("Starting worker for") for message in arq), arq
    assert not any("→" in message or "●" in message for message in arq)  # arq's own job lines


def test_text_logs_as_the_demo_writes_them(sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis,
                                            tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    env = {"LOG_FORMAT": "text"}
    with demo_server(sqlite_databases, redis_server, tmp_path_factory.mktemp("text"), env=env) as live:
        response = live.post(FIND, {"name": ID_NUMBER}, token=live.login("changan_admin"))
        request_id = response.headers["x-request-id"]
        deadline = time.monotonic() + 20
        while f"request_id={request_id}" not in live.log():
            assert time.monotonic() < deadline, live.log()[-3000:]
            time.sleep(0.1)
        line = next(text for text in live.log().splitlines() if f"request_id={request_id}" in text)
        assert " INFO talentgate.access " in line and '"POST /graphql HTTP/1.1" 200' in line
        assert "user=changan_admin" in line and "operation=FindTalents" in line and " sql=" in line
        assert not line.startswith("{") and ID_NUMBER not in live.log()


def test_a_long_operation_name_is_cut_in_the_line_and_counted_as_other(server: LiveServer) -> None:
    name = "Op" + "x" * 5000
    response = server.post(f"query {name} {{ me {{ username }} }}")
    line = wait_for_line(server, request_id=response.headers["x-request-id"])
    assert line["operation"] == name[:64]
    served = server.get("/metrics").text  # loopback, no token configured: served
    assert 'talentgate_requests_total{operation="other",outcome="UNAUTHENTICATED"}' in served
    assert name[:64] not in served
