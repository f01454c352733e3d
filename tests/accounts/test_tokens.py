"""JWT signing keys rotate by key id; API tokens are stored only as hashes."""

from __future__ import annotations

import dataclasses

import jwt
import pytest

from resolvers.accounts.tokens import InvalidToken, decode_jwt, hash_api_token, issue_jwt, new_api_token
from resolvers.core.settings import Settings

OLD = Settings(jwt_keys={"k2025": "old-secret-" * 4})
ROTATED = dataclasses.replace(OLD, jwt_keys={"k2026": "new-secret-" * 4, "k2025": "old-secret-" * 4})
RETIRED = dataclasses.replace(OLD, jwt_keys={"k2026": "new-secret-" * 4})


def test_token_signed_with_the_previous_key_verifies_during_rotation() -> None:
    token = issue_jwt(OLD, "sjz_admin", 7)
    assert decode_jwt(ROTATED, token)["sub"] == "sjz_admin"
    assert jwt.get_unverified_header(issue_jwt(ROTATED, "a", 1))["kid"] == "k2026"


def test_retired_key_and_tampering_are_rejected() -> None:
    token = issue_jwt(OLD, "sjz_admin", 7)
    with pytest.raises(InvalidToken, match="unknown signing key"):
        decode_jwt(RETIRED, token)
    head, body, sig = token.split(".")
    forged = jwt.encode({"sub": "hebei_admin", "uid": 1, "exp": 9999999999}, "guess" * 8,
                        algorithm="HS256", headers={"kid": "k2025"})  # fmt: skip
    for bad in (f"{head}.{body}x.{sig}", forged, "x.y.z", ""):
        with pytest.raises(InvalidToken):
            decode_jwt(ROTATED, bad)


def test_expired_token_is_rejected() -> None:
    expired = dataclasses.replace(OLD, jwt_ttl_seconds=-10)
    with pytest.raises(InvalidToken, match="expired"):
        decode_jwt(OLD, issue_jwt(expired, "a", 1))


def test_a_checked_token_expires_on_time_and_other_keys_check_it_again(monkeypatch) -> None:
    token = issue_jwt(OLD, "sjz_admin", 7)
    exp = jwt.decode(token, options={"verify_signature": False})["exp"]
    assert decode_jwt(OLD, token)["uid"] == 7
    assert decode_jwt(OLD, token)["uid"] == 7
    with pytest.raises(InvalidToken, match="unknown signing key"):
        decode_jwt(RETIRED, token)  # the keys changed: checked again, refused
    monkeypatch.setattr("resolvers.accounts.tokens.time.time", lambda: exp)
    with pytest.raises(InvalidToken, match="expired"):
        decode_jwt(OLD, token)


def test_api_tokens_are_random_and_only_hashes_are_kept() -> None:
    (a, ha), (b, _) = new_api_token(), new_api_token()
    assert a != b and ha == hash_api_token(a) and a not in ha and len(ha) == 64
