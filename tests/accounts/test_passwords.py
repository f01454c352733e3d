"""Passwords are hashed with argon2id at RFC 9106's parameters outside the test suite."""

from __future__ import annotations

import subprocess
import sys

from argon2 import extract_parameters, profiles

from resolvers.accounts.passwords import PRODUCTION, hash_password, verify_password


def test_production_parameters_are_rfc_9106_low_memory() -> None:
    # A fresh process: the suite itself hashes with argon2's cheapest profile (conftest).
    script = "from resolvers.accounts.passwords import hash_password; print(hash_password('pw'))"
    hashed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()
    assert PRODUCTION == profiles.RFC_9106_LOW_MEMORY
    params = extract_parameters(hashed)
    assert (params.type, params.memory_cost, params.time_cost, params.parallelism) == (
        PRODUCTION.type, 65536, 3, 4,
    )
    assert verify_password(hashed, "pw")  # a hash carries its parameters
    assert not verify_password(hashed, "other")


def test_verification_answers_false_for_unknown_users_and_bad_hashes() -> None:
    assert verify_password(hash_password("secret"), "secret")
    assert not verify_password(None, "secret")
    assert not verify_password("not-a-hash", "secret")
