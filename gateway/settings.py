"""Settings read from the environment once, with defaults that run the embedded demo."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


EXTRA_CHANNELS = ("SMS", "WECHAT", "EMAIL")


def _parse_channels(raw: str) -> tuple[str, ...]:
    """`SMS,EMAIL` → ("SMS", "EMAIL"); in-app is always on and not listed here."""
    channels = tuple(c.strip().upper() for c in raw.split(",") if c.strip())
    unknown = [c for c in channels if c not in EXTRA_CHANNELS]
    if unknown:
        raise ValueError(f"NOTIFY_CHANNELS takes {', '.join(EXTRA_CHANNELS)}; not {', '.join(unknown)}")
    return channels


def parse_jwt_keys(raw: str) -> dict[str, str]:
    """`kid1:secret1,kid2:secret2` → ordered {kid: secret}; the first key signs."""
    keys: dict[str, str] = {}
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        kid, sep, secret = part.partition(":")
        if not sep or not kid or not secret:
            raise ValueError("JWT_KEYS entries look like kid:secret")
        if len(secret) < 32:
            raise ValueError(f"JWT_KEYS key {kid} is too short: 32 characters at least (talentgate keygen)")
        keys[kid] = secret
    return keys


def _ephemeral_jwt_keys() -> dict[str, str]:
    """A key that lives as long as the process: for apps built in-process (tests). `serve`
    and `worker` refuse to start without JWT_KEYS; the demo keeps its key in its data dir."""
    return {f"ephemeral-{secrets.token_hex(3)}": secrets.token_urlsafe(32)}


def parse_signing_keys(raw: str) -> dict[str, bytes]:
    """`kid1:<base64 of a raw 32-byte Ed25519 private key>,kid0:<…>` → ordered {kid: key};
    the first key signs e-card tokens, every key verifies them (so keys can rotate)."""
    keys: dict[str, bytes] = {}
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        kid, sep, encoded = part.partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", kid):
            raise ValueError("CARD_SIGNING_KEYS entries look like kid:base64key (kid: 1-16 of A-Za-z0-9_-)")
        encoded = encoded.strip()
        try:  # standard or URL-safe alphabet, padding optional
            key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), altchars=b"-_", validate=True)
        except binascii.Error:
            key = b""
        if len(key) != 32:
            raise ValueError(f"CARD_SIGNING_KEYS key {kid} is not the base64 of 32 bytes")
        keys[kid] = key
    return keys


def parse_checkpoint_keys(raw: str) -> dict[str, str]:
    """AUDIT_CHECKPOINT_KEY: `kid:secret[,kid:secret…]` → ordered {kid: secret}; the first
    signs the audit chain's checkpoints (HMAC-SHA256), every key verifies them."""
    keys: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        kid, sep, secret = part.partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", kid) or len(secret) < 32:
            raise ValueError("AUDIT_CHECKPOINT_KEY entries look like kid:secret (kid: 1-16 of "
                             "A-Za-z0-9_-, secret: 32 characters at least)")  # fmt: skip
        keys[kid] = secret
    return keys


def parse_trusted_proxies(raw: str) -> tuple[str, ...]:
    """`10.0.0.5, 10.1.0.0/16` → the addresses and networks; a typo fails at start."""
    proxies = tuple(p.strip() for p in raw.split(",") if p.strip())
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES takes IP addresses or networks, not {proxy!r}") from None
    return proxies


@dataclass(frozen=True)
class Settings:
    """Process settings (环境配置)."""

    data_dir: Path = field(default_factory=lambda: Path.cwd() / "talentgate-data")
    database_url: str = ""
    redis_url: str = ""
    debug: bool = False
    jwt_keys: dict[str, str] = field(default_factory=_ephemeral_jwt_keys)
    jwt_ttl_seconds: int = 8 * 3600
    login_max_failures: int = 5
    login_lock_seconds: int = 15 * 60
    # Failed sign-ins a client address may make, whatever the usernames, before waiting.
    login_client_max_failures: int = 20
    max_page_size: int = 100
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    # Objects a query may select, lists multiplied through the nesting (schema/query_cost.py).
    max_query_cost: int = 20_000
    max_body_bytes: int = 1_000_000
    # An .xlsx uploaded to /imports/talents may be larger than any other request body.
    max_import_bytes: int = 20_000_000
    policy_cache_seconds: float = 2.0
    # Channels besides in-app that every notification is also sent on (SMS, WECHAT, EMAIL).
    notify_channels: tuple[str, ...] = ()
    # E-card signing keys (first signs); none set: a key kept in data_dir (see resolvers/card_tokens).
    card_signing_keys: dict[str, bytes] = field(default_factory=dict)
    # Anonymous card checks per client address: a token bucket refilled at `rate` a second.
    card_verify_rate: float = 5.0
    card_verify_burst: int = 20
    # 限时办结: working days a routed complaint has by default; a poor rating's 整改 task.
    complaint_time_limit_workdays: int = 5
    rectification_workdays: int = 15
    # Addresses (or networks) of the reverse proxies whose X-Forwarded-For is believed;
    # from anyone else the header is ignored, so it cannot fake a client's address.
    trusted_proxies: tuple[str, ...] = ()
    # A bearer value that lets a federation gateway read the subgraph SDL (`_service`)
    # without an account; the `federation` role may read it too.
    federation_sdl_token: str = ""
    # Signs the audit chain's checkpoints (first key signs); where the checkpoint file is kept
    # (default: data_dir). The demo keeps a key in data_dir; elsewhere it is AUDIT_CHECKPOINT_KEY.
    audit_checkpoint_keys: dict[str, str] = field(default_factory=dict)
    audit_checkpoint_dir: Path | None = None

    @property
    def signing_kid(self) -> str:
        return next(iter(self.jwt_keys))

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite://{self.data_dir / 'talentgate.sqlite3'}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("TALENTGATE_DATA_DIR", Path.cwd() / "talentgate-data"))
    checkpoint_dir = os.environ.get("AUDIT_CHECKPOINT_DIR", "").strip()
    return Settings(
        data_dir=data_dir,
        database_url=os.environ.get("DATABASE_URL", ""),
        redis_url=os.environ.get("REDIS_URL", ""),
        debug=_env_bool("DEBUG", False),
        jwt_keys=parse_jwt_keys(os.environ.get("JWT_KEYS", "")) or _ephemeral_jwt_keys(),
        jwt_ttl_seconds=int(os.environ.get("JWT_TTL_SECONDS", 8 * 3600)),
        login_max_failures=int(os.environ.get("LOGIN_MAX_FAILURES", 5)),
        login_lock_seconds=int(os.environ.get("LOGIN_LOCK_SECONDS", 15 * 60)),
        login_client_max_failures=int(os.environ.get("LOGIN_CLIENT_MAX_FAILURES", 20)),
        max_page_size=int(os.environ.get("MAX_PAGE_SIZE", 100)),
        max_query_cost=int(os.environ.get("MAX_QUERY_COST", 20_000)),
        max_import_bytes=int(os.environ.get("TALENTGATE_MAX_IMPORT_BYTES", 20_000_000)),
        notify_channels=_parse_channels(os.environ.get("NOTIFY_CHANNELS", "")),
        card_signing_keys=parse_signing_keys(os.environ.get("CARD_SIGNING_KEYS", "")),
        card_verify_rate=float(os.environ.get("CARD_VERIFY_RATE", 5.0)),
        card_verify_burst=int(os.environ.get("CARD_VERIFY_BURST", 20)),
        complaint_time_limit_workdays=int(os.environ.get("COMPLAINT_TIME_LIMIT_WORKDAYS", 5)),
        rectification_workdays=int(os.environ.get("RECTIFICATION_WORKDAYS", 15)),
        trusted_proxies=parse_trusted_proxies(os.environ.get("TRUSTED_PROXIES", "")),
        federation_sdl_token=os.environ.get("FEDERATION_SDL_TOKEN", "").strip(),
        audit_checkpoint_keys=parse_checkpoint_keys(os.environ.get("AUDIT_CHECKPOINT_KEY", "")),
        audit_checkpoint_dir=Path(checkpoint_dir) if checkpoint_dir else None,
    )


_current: Settings | None = None


def get_settings() -> Settings:
    global _current
    if _current is None:
        _current = load_settings()
    return _current


def use_settings(settings: Settings) -> None:
    """Install settings for this process (the CLI and tests do this before building the app)."""
    global _current
    _current = settings
