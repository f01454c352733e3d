"""Secrets the demo keeps in its data folder, and fresh keys for `talentgate keygen`.

Production processes take their keys from the environment and refuse to start without
them (gateway/cli.py); only the demo, and processes built in-process for tests, fall back
to a key created once in the data folder — never to a constant in the code.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import secrets
from pathlib import Path

from resolvers.core.settings import Settings
from schema import clock

# Settings without which `serve` and `worker` will not start: what each signs.
REQUIRED_KEYS = {
    "JWT_KEYS": "the signature of every session token",
    "CARD_SIGNING_KEYS": "the signature of every electronic card",
    "AUDIT_CHECKPOINT_KEY": "the signature of the audit chain's checkpoints",
}


def kept_secret(data_dir: Path, name: str, make: str) -> str:
    """The line kept in `data_dir/name`, written as `make` the first time (readable by this
    user only). Linking a finished temporary file into place means two processes starting
    together agree on one value."""
    path = data_dir / name
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        temporary = data_dir / f".{name}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(make + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()


def new_jwt_key(kid: str) -> str:
    """A `kid:secret` entry of JWT_KEYS (256 random bits)."""
    return f"{kid}:{secrets.token_urlsafe(32)}"


def new_secret_key(kid: str) -> str:
    """A `kid:secret` entry of AUDIT_CHECKPOINT_KEY (HMAC, 256 random bits)."""
    return new_jwt_key(kid)


def new_card_key(kid: str) -> str:
    """A `kid:<base64 raw Ed25519 private key>` entry of CARD_SIGNING_KEYS."""
    return f"{kid}:{base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip('=')}"


def key_id(today: dt.date | None = None) -> str:
    """A key id that says when the key was made (k20261202), so rotations read in order."""
    return f"k{(today or clock.china_today()):%Y%m%d}"


def missing_keys(settings: Settings) -> list[str]:
    return [name for name in REQUIRED_KEYS if name not in settings.configured_keys]


def throwaway_keys() -> dict[str, str]:
    """Fresh values of every required key, for a short-lived deployment (tests, benchmarks)."""
    kid = f"t{secrets.token_hex(3)}"
    return {"JWT_KEYS": new_jwt_key(kid), "CARD_SIGNING_KEYS": new_card_key(kid),
            "AUDIT_CHECKPOINT_KEY": new_secret_key(kid)}  # fmt: skip
