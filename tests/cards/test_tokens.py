"""E-card tokens: Ed25519-signed, key ids for rotation, anything not genuine is simply invalid."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from resolvers.cards.tokens import (
    KEY_FILE,
    MAX_TOKEN_LENGTH,
    _data_dir_keys,
    keyring,
    new_signing_key,
    sign,
    verified_number,
)
from resolvers.core.settings import Settings, parse_signing_keys

NUMBER = "SJZ-A-2026-000123"


def _settings(tmp_path: Path, raw: str = "") -> Settings:
    return Settings(data_dir=tmp_path, card_signing_keys=parse_signing_keys(raw))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_a_signed_token_names_its_card_and_nothing_personal(tmp_path: Path) -> None:
    ring = keyring(_settings(tmp_path, f"k1:{new_signing_key()}"))
    token = sign(ring, NUMBER, issued_at=1_790_000_000)
    assert verified_number(ring, token) == NUMBER
    payload, signature = token.split(".")
    assert _unb64(payload) == f"1.k1.1790000000.{NUMBER}".encode()
    assert len(_unb64(signature)) == 64 and len(token) < 150  # small enough for a dense-free QR code


def test_rotation_signs_with_the_first_key_and_still_accepts_the_old_one(tmp_path: Path) -> None:
    old_key, new_key = new_signing_key(), new_signing_key()
    before = keyring(_settings(tmp_path, f"k0:{old_key}"))
    old_token = sign(before, NUMBER)
    after = keyring(_settings(tmp_path, f"k1:{new_key},k0:{old_key}"))
    new_token = sign(after, NUMBER)
    assert _unb64(new_token.split(".")[0]).startswith(b"1.k1.")
    assert verified_number(after, old_token) == NUMBER and verified_number(after, new_token) == NUMBER
    retired = keyring(_settings(tmp_path, f"k1:{new_key}"))  # k0 dropped: its tokens stop working
    assert verified_number(retired, old_token) is None
    assert verified_number(before, new_token) is None  # unknown kid


def test_a_key_of_the_same_id_but_other_bytes_rejects_the_token(tmp_path: Path) -> None:
    token = sign(keyring(_settings(tmp_path, f"k1:{new_signing_key()}")), NUMBER)
    assert verified_number(keyring(_settings(tmp_path, f"k1:{new_signing_key()}")), token) is None


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _other_spelling(last: str) -> str:
    """The last character of 64 bytes in base64 carries 4 unused bits: flip one of them."""
    return ALPHABET[ALPHABET.index(last) ^ 1]


def _resigned(token: str, payload: bytes) -> str:
    return f"{_b64(payload)}.{token.split('.')[1]}"


def test_tampered_truncated_and_garbage_tokens_are_invalid_never_errors(tmp_path: Path) -> None:
    ring = keyring(_settings(tmp_path, f"k1:{new_signing_key()}"))
    token = sign(ring, NUMBER)
    payload, signature = token.split(".")
    raw = _unb64(payload)
    forged = [
        _resigned(token, raw.replace(b"000123", b"000124")),  # another card number
        _resigned(token, raw.replace(b"1.k1.", b"2.k1.", 1)),  # another version, same signature
        f"{payload}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'Q'}",  # a changed signature
        f"{payload}.{signature[:-1]}{_other_spelling(signature[-1])}",  # same bytes, non-canonical
        token[:-1], token[:40], payload, f"{payload}.", f".{signature}", f"{token}.x",
        "", ".", "not a token", "ä.ö", f"{payload}.{signature}==", f"{payload} .{signature}",
        "A" * (MAX_TOKEN_LENGTH + 1),
        f"{_b64(json.dumps({'number': NUMBER}).encode())}.{signature}",
        _b64(bytes([0xFF, 0xFE])) + "." + signature,  # not UTF-8
        f"{_b64(b'1.k1.notanumber.' + NUMBER.encode())}.{signature}",
    ]
    for bad in forged:
        assert verified_number(ring, bad) is None, bad
    for not_text in (None, 12, b"bytes", ["list"]):
        assert verified_number(ring, not_text) is None


def test_a_token_signed_under_another_version_is_invalid_even_with_a_valid_signature(tmp_path: Path) -> None:
    ring = keyring(_settings(tmp_path, f"k1:{new_signing_key()}"))
    payload = f"2.k1.1790000000.{NUMBER}".encode()
    token = f"{_b64(payload)}.{_b64(ring.signing_key.sign(payload))}"
    assert verified_number(ring, token) is None


def test_without_configured_keys_one_key_is_created_in_the_data_dir_and_kept(tmp_path: Path) -> None:
    first = keyring(_settings(tmp_path))
    path = tmp_path / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [KEY_FILE]  # no temporary file left behind
    token = sign(first, NUMBER)
    _data_dir_keys.cache_clear()  # as a restarted process would
    again = keyring(_settings(tmp_path))
    assert again.signing_kid == first.signing_kid and verified_number(again, token) == NUMBER
    # The file holds a CARD_SIGNING_KEYS entry: moving it into the setting keeps tokens valid.
    configured = keyring(_settings(tmp_path / "elsewhere", path.read_text().strip()))
    assert verified_number(configured, token) == NUMBER
    assert not (tmp_path / "elsewhere").exists()  # configured keys need no data dir
    other = keyring(_settings(tmp_path / "other"))
    assert other.signing_kid != first.signing_kid and verified_number(other, token) is None


@pytest.mark.parametrize(
    "raw",
    ["k1", "k1:", ":abcd", "k.1:" + new_signing_key(), "k1:" + _b64(os.urandom(16)), "k1:not base64!"],
    # fixed ids: pytest-xdist workers must collect the same names for the random keys
    ids=["no-key", "empty-key", "no-kid", "dotted-kid", "short-key", "not-base64"],
)
def test_malformed_signing_key_settings_are_refused_at_start(raw: str) -> None:
    with pytest.raises(ValueError, match="CARD_SIGNING_KEYS"):
        parse_signing_keys(raw)
