"""Running like a service, with real processes: a worker outlives Redis and the database,
/readyz follows the workers' heartbeat, a database outage is a coded 503, the demo
restarts its Redis and stops one a killed run left behind, and a busy port or a missing
REDIS_URL is said in one line."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis

from gateway.embedded_redis import PID_FILE_NAME, EmbeddedRedis, free_port, process_alive
from jobs.keys import WORKER_HEARTBEAT
from tests.support.databases import PostgresDatabases, SqliteDatabases, sqlite_url
from tests.support.deployment import deliver_one, until, worker_seen
from tests.support.live_server import LOGIN, LiveServer, cli, seeded_server, server_env, start_server
from tests.support.postgres import ThrowawayCluster, find_bindir, postgres_required

pytestmark = pytest.mark.heavy

WINDOW = 15  # TALENTGATE_WORKER_WINDOW here: beats come every 10 s


def _without_services() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}


def test_a_busy_port_is_one_line_and_a_failing_exit_before_anything_else(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        serve_env = server_env(sqlite_url(tmp_path / "serve.sqlite3"), tmp_path)
        # `demo --province` listens on --port and the two ports after it: 济南's is taken.
        for args, env in ((["serve", "--port", str(port)], serve_env),
                          (["demo", "--port", str(port)], _without_services()),
                          (["demo", "--province", "--port", str(port - 1)], _without_services())):
            done = subprocess.run(cli(*args), cwd=tmp_path, env=env,
                                  capture_output=True, text=True, timeout=60)  # fmt: skip
            assert done.returncode == 1, done
            assert done.stdout == ""  # no account banner
            assert done.stderr.splitlines() == [
                f"talentgate: cannot listen on 127.0.0.1:{port}: Address already in use "
                "(another process is listening there: stop it or choose --port)"
            ]
    assert not (tmp_path / "talentgate-data").exists()  # the demo made nothing


def test_serve_without_redis_url_says_once_what_it_cannot_do(
    sqlite_databases: SqliteDatabases, tmp_path: Path
) -> None:
    path = sqlite_databases.create("demo")
    try:
        with start_server(sqlite_url(path), tmp_path, env={"REDIS_URL": ""}) as live:
            ready = live.get("/readyz")
            assert ready.status_code == 200 and ready.json()["redis"] == "not configured"
            staged = live.gql('mutation { login(input: {username: "changan_window", password: "x"}) '
                              "{ token userErrors { code } } }")  # fmt: skip
            assert staged["data"]["login"]["userErrors"]
            time.sleep(2)  # a worker retrying 127.0.0.1:6379 would have said so by now
            log = live.log()
    finally:
        sqlite_databases.drop(path)
    assert log.count("REDIS_URL is not set") == 1, log
    assert "6379" not in log and "Traceback" not in log, log


def test_serve_worker_outlives_a_killed_redis_and_readyz_follows_the_heartbeat(
    sqlite_databases: SqliteDatabases, tmp_path: Path
) -> None:
    path = sqlite_databases.create("demo")
    try:
        with EmbeddedRedis(tmp_path / "redis") as queue, start_server(
            sqlite_url(path), tmp_path, redis_url=queue.url, env={"TALENTGATE_WORKER_WINDOW": str(WINDOW)}
        ) as live:  # fmt: skip
            until("ready", lambda: worker_seen(live), 30, live.log)
            # A heartbeat older than the window: not ready, and the answer names the worker.
            client = redis.Redis.from_url(queue.url)
            client.set(WORKER_HEARTBEAT, f"{time.time() - 600} ghost-host:4242")
            client.close()
            stale = live.get("/readyz")
            assert stale.status_code == 503, stale.text
            assert "ghost-host:4242" in stale.json()["worker"] and "600s ago" in stale.json()["worker"]
            assert live.get("/livez").status_code == 200
            until("ready again", lambda: worker_seen(live), 15, live.log)  # the next beat
            # Redis killed under the running server: the worker waits for it and goes on.
            assert queue.pid is not None
            os.kill(queue.pid, signal.SIGKILL)
            until("unready", lambda: live.get("/readyz").status_code == 503, 10, live.log)
            time.sleep(1)
            queue.start()  # on the same port, from its append-only file
            until("ready after Redis", lambda: worker_seen(live), 20, live.log)
            deliver_one(live)
            log = live.log()
    finally:
        sqlite_databases.drop(path)
    assert log.count("worker: lost Redis") == 1, log
    assert "worker: working again" in log, log


def test_a_worker_process_survives_a_redis_restart_and_delivers(
    postgres_databases: PostgresDatabases, tmp_path: Path
) -> None:
    name = postgres_databases.create("demo")
    try:
        with EmbeddedRedis(tmp_path / "redis") as queue, seeded_server(
            postgres_databases.url_for(name), tmp_path, queue.url
        ) as live:  # fmt: skip
            worker_log = tmp_path / "worker.log"
            until("ready", lambda: worker_seen(live), 30, worker_log.read_text)
            queue.stop()  # SIGTERM: Redis writes its file and exits; the worker loses it
            time.sleep(2)
            queue.start()
            until("working again", lambda: "worker: working again" in worker_log.read_text(), 20,
                   worker_log.read_text)  # fmt: skip
            deliver_one(live)
            text = worker_log.read_text()
    finally:
        postgres_databases.drop(name)
    assert text.count("worker: lost Redis") == 1, text
    assert "Traceback" not in text, text


def _own_cluster(tmp_path: Path, redis_url: str = "") -> tuple[ThrowawayCluster, dict[str, str]]:
    """A migrated PostgreSQL of this test's own to stop and start (the session's stays up)."""
    bindir = find_bindir()
    if bindir is None:
        if postgres_required():
            pytest.fail("PostgreSQL is required and not installed")
        pytest.skip("no PostgreSQL installed to stop and start")
    cluster = ThrowawayCluster(bindir).start()
    env = server_env(cluster.url, tmp_path, redis_url)
    try:
        subprocess.run(cli("migrate"), env=env, check=True, capture_output=True, timeout=120)
    except BaseException:
        cluster.stop()
        raise
    return cluster, env


def test_a_worker_process_survives_database_outages_with_a_line_for_each(tmp_path: Path) -> None:
    with EmbeddedRedis(tmp_path / "redis") as queue:
        cluster, env = _own_cluster(tmp_path, queue.url)
        log_path = tmp_path / "worker.log"
        try:
            cluster.pause()  # down when the worker starts
            with log_path.open("wb") as log:
                worker = subprocess.Popen(cli("worker"), env=env, stdout=log, stderr=log)
            try:
                text = log_path.read_text
                until("an outage", lambda: "database unavailable" in text(), 20, text)
                cluster.resume()
                until("recovery", lambda: "database available again" in text(), 15, text)
                cluster.pause()  # and down again while it works
                until("a second outage", lambda: text().count("database unavailable") == 2, 20, text)
                cluster.resume()
                until("recovery", lambda: text().count("database available again") == 2, 15, text)
                assert worker.poll() is None
            finally:
                worker.terminate()
                assert worker.wait(timeout=20) == 0
        finally:
            cluster.stop()
    assert "Traceback" not in log_path.read_text(), log_path.read_text()


def test_a_database_outage_is_a_coded_503_with_retry_after_and_passes(tmp_path: Path) -> None:
    cluster, _ = _own_cluster(tmp_path)
    try:
        with start_server(cluster.url, tmp_path, env={"REDIS_URL": ""}) as live:
            variables = {"u": "nobody", "p": "not-a-password"}
            assert live.post(LOGIN, variables).status_code == 200
            live.create_user("ops_probe", "province_admin", "jur:130000")
            token = live.login("ops_probe")
            cluster.pause()
            answers = [live.post(LOGIN, variables) for _ in range(5)]
            for answer in answers:
                assert answer.status_code == 503, answer.text
                assert answer.headers["retry-after"] == "5"
                error = answer.json()["errors"][0]
                assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE", error
            assert live.get("/readyz").status_code == 503
            # Routes beside /graphql answer the same (a card's QR code reads the card).
            qr = live.get("/cards/Q2FyZDox/qr.svg", headers={"Authorization": f"Bearer {token}"})
            assert qr.status_code == 503 and qr.headers["retry-after"] == "5", qr.text
            assert qr.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            cluster.resume()
            until("answering", lambda: live.post(LOGIN, variables).status_code == 200, 20, live.log)
            log = live.log()
    finally:
        cluster.stop()
    assert log.count("database unavailable") == 1, log
    assert "database available again" in log, log
    assert "Traceback" not in log, log


def test_the_demo_restarts_its_redis_and_a_killed_demo_leaves_no_second_one(
    sqlite_databases: SqliteDatabases, tmp_path: Path
) -> None:
    data = tmp_path / "talentgate-data"
    (data / "redis").mkdir(parents=True)
    template = sqlite_databases.create("history")
    shutil.move(template, data / "talentgate.sqlite3")  # demo data already there: a quick start
    port = free_port()
    pid_file = data / "redis" / PID_FILE_NAME
    env = {**_without_services(), "TALENTGATE_WORKER_WINDOW": str(WINDOW)}

    def demo(log_path: Path) -> tuple[subprocess.Popen[bytes], LiveServer]:
        with log_path.open("wb") as out:
            proc = subprocess.Popen(cli("demo", "--port", str(port)), cwd=tmp_path, env=env,
                                    stdout=out, stderr=out)  # fmt: skip
        live = LiveServer(f"http://127.0.0.1:{port}", log_path, env)
        until("ready", lambda: proc.poll() is None and worker_seen(live), 60, live.log)
        return proc, live

    first, live = demo(tmp_path / "demo1.log")
    try:
        killed = int(pid_file.read_text().split()[0])
        os.kill(killed, signal.SIGKILL)
        until("Redis restarted", lambda: "embedded Redis restarted" in live.log(), 15, live.log)
        until("ready after Redis", lambda: worker_seen(live), 20, live.log)
        deliver_one(live)
        orphan = int(pid_file.read_text().split()[0])
        assert orphan != killed
    finally:
        first.kill()  # kill -9: no atexit, its Redis is left running
        first.wait()
    assert process_alive(orphan)
    assert "exited (code -9); restarting it" in live.log()
    second, live = demo(tmp_path / "demo2.log")
    try:
        assert not process_alive(orphan)  # stopped, not joined by a second server
        assert int(pid_file.read_text().split()[0]) != orphan
    finally:
        second.send_signal(signal.SIGINT)
        assert second.wait(timeout=20) == 0, live.log()
    assert not pid_file.exists()
