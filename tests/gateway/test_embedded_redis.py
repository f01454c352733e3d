"""The embedded redis-server (gateway.embedded_redis): start, serve, persist, stop."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import redis

from gateway.embedded_redis import EmbeddedRedis, EmbeddedRedisError, free_port


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=5)


def test_starts_on_loopback_and_serves(tmp_path: Path) -> None:
    with EmbeddedRedis(tmp_path) as server:
        assert server.running
        assert server.url == f"redis://127.0.0.1:{server.port}/0"
        client = _client(server.url)
        try:
            client.set("greeting", "你好")
            assert client.get("greeting").decode() == "你好"
            config = client.config_get("*")
            assert config["bind"] == "127.0.0.1"
            assert config["appendonly"] == "yes"
            assert config["appendfsync"] == "everysec"
            assert Path(config["dir"]) == tmp_path.resolve()
        finally:
            client.close()
    assert not server.running


def test_data_survives_stop_and_start_in_the_same_dir(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path)
    try:
        client = _client(server.url)
        try:
            client.set("job", "handoff:1:deliver")
            client.rpush("queue", "a", "b", "c")
        finally:
            client.close()
        server.stop()
        assert any(tmp_path.glob("appendonly*")), list(tmp_path.iterdir())

        server.start()  # same directory, same port
        client = _client(server.url)
        try:
            assert client.get("job") == b"handoff:1:deliver"
            assert client.lrange("queue", 0, -1) == [b"a", b"b", b"c"]
        finally:
            client.close()
    finally:
        server.stop()

    with EmbeddedRedis(tmp_path) as again:  # a new instance on another port, same data
        client = _client(again.url)
        try:
            assert client.llen("queue") == 3
        finally:
            client.close()


def test_stop_leaves_no_process(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path)
    assert server.process is not None
    pid, port = server.process.pid, server.port
    assert _alive(pid)
    server.stop()
    assert not _alive(pid)  # terminated and reaped
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
    server.stop()  # idempotent


def test_uses_the_given_port(tmp_path: Path) -> None:
    port = free_port()
    with EmbeddedRedis(tmp_path, port=port) as server:
        assert server.port == port
        assert server.url.endswith(f":{port}/0")


def test_failure_to_start_reports_the_server_log(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))  # bound, not listening: redis cannot bind it
        port = busy.getsockname()[1]
        with pytest.raises(EmbeddedRedisError) as excinfo:
            EmbeddedRedis(tmp_path, port=port)
    message = str(excinfo.value)
    assert f"port {port}" in message
    assert "Address already in use" in message  # the tail of redis-server's own log


def test_server_is_stopped_when_the_interpreter_exits(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from gateway.embedded_redis import EmbeddedRedis
        server = EmbeddedRedis(Path({str(tmp_path)!r}))
        print(server.process.pid, flush=True)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    pid = int(result.stdout.split()[0])
    assert not _alive(pid), "the atexit hook should have stopped redis-server"
