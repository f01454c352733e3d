"""Signing keys: production processes refuse to start without their own keys, and no
key is ever a constant in the code (issue: a forged token signed with the published demo
key became a province_admin session)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time
from pathlib import Path

import jwt
import pytest

from resolvers.core.settings import parse_checkpoint_keys, parse_jwt_keys, parse_signing_keys
from tests.support.live_server import LiveServer, cli, server_env

# What the source used to publish as the default session key.
PUBLISHED_KID = "demo-2026"
PUBLISHED_SECRET = "talentgate-demo-secret-change-me-0123456789abcdef"


@pytest.mark.parametrize("command", ["serve", "worker"])
@pytest.mark.parametrize("missing", ["JWT_KEYS", "CARD_SIGNING_KEYS", "AUDIT_CHECKPOINT_KEY"])
def test_production_processes_refuse_to_start_without_keys(
    command: str, missing: str, sqlite_database_url: str, tmp_path: Path
) -> None:
    env = server_env(sqlite_database_url, tmp_path)
    env.pop(missing)
    done = subprocess.run(cli(command), env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert missing in done.stderr and "talentgate keygen" in done.stderr
    assert "Traceback" not in done.stderr


def test_keygen_prints_keys_that_parse_and_differ_each_time() -> None:
    def run() -> dict[str, str]:
        out = subprocess.run(cli("keygen"), capture_output=True, text=True, timeout=60, check=True).stdout
        return dict(line.split("=", 1) for line in out.splitlines())

    first, second = run(), run()
    assert set(first) == {"JWT_KEYS", "CARD_SIGNING_KEYS", "AUDIT_CHECKPOINT_KEY"}
    assert parse_checkpoint_keys(first["AUDIT_CHECKPOINT_KEY"])
    assert len(next(iter(parse_jwt_keys(first["JWT_KEYS"]).values()))) >= 32
    assert len(next(iter(parse_signing_keys(first["CARD_SIGNING_KEYS"]).values()))) == 32
    assert first["JWT_KEYS"] != second["JWT_KEYS"]
    assert first["CARD_SIGNING_KEYS"] != second["CARD_SIGNING_KEYS"]


def test_short_session_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="too short"):
        parse_jwt_keys("k1:short-secret")


def _forged(kid: str, secret: str, username: str, user_id: int) -> str:
    now = int(time.time())
    claims = {"sub": username, "uid": user_id, "iat": now, "exp": now + 3600}
    return jwt.encode(claims, secret, algorithm="HS256", headers={"kid": kid})


def _user_id(server: LiveServer, username: str) -> int:
    token = server.login(username)
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["uid"]


def test_a_token_forged_with_the_published_demo_key_opens_nothing(live_server: LiveServer) -> None:
    uid = _user_id(live_server, "hebei_admin")
    forged = _forged(PUBLISHED_KID, PUBLISHED_SECRET, "hebei_admin", uid)
    body = live_server.gql("{ me { username } talents(first: 1) { totalCount } }", token=forged)
    assert body.get("data") is None or body["data"].get("talents") is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UNAUTHENTICATED"}


def test_a_token_signed_with_an_alg_none_header_is_refused(live_server: LiveServer) -> None:
    uid = _user_id(live_server, "hebei_admin")
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "kid": "x"}).encode()).rstrip(b"=")
    claims = {"sub": "hebei_admin", "uid": uid, "exp": int(time.time()) + 3600}
    body_part = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    unsigned = f"{header.decode()}.{body_part.decode()}."
    body = live_server.gql("{ me { username } }", token=unsigned)
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UNAUTHENTICATED"}


def test_the_source_holds_no_signing_key_constant() -> None:
    root = Path(__file__).resolve().parents[2]
    for folder in ("gateway", "schema", "resolvers", "permissions", "jobs"):
        assert (root / folder / "__init__.py").is_file(), root / folder
        for path in (root / folder).rglob("*.py"):
            assert PUBLISHED_SECRET not in path.read_text(), path
    assert os.environ.get("JWT_KEYS", "") != f"{PUBLISHED_KID}:{PUBLISHED_SECRET}"
