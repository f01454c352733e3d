"""Settings read from the environment once, with defaults that run the embedded demo.

`load_settings()` is the one place the environment is read (through Starlette's
`Config`); everything else asks `get_settings()` or is handed a `Settings`.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from starlette.config import Config


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _stripped(value: str) -> str:
    return value.strip()


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


def _parse_networks(raw: str, setting: str) -> tuple[str, ...]:
    """`10.0.0.5, 10.1.0.0/16` → the addresses and networks; a typo fails at start."""
    networks = tuple(p.strip() for p in raw.split(",") if p.strip())
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ValueError(f"{setting} takes IP addresses or networks, not {network!r}") from None
    return networks


def parse_trusted_proxies(raw: str) -> tuple[str, ...]:
    return _parse_networks(raw, "TRUSTED_PROXIES")


def parse_metrics_addresses(raw: str) -> tuple[str, ...]:
    return _parse_networks(raw, "METRICS_ALLOWED_ADDRESSES")


LOG_FORMATS = ("json", "text")


def _parse_log_format(raw: str) -> str:
    """LOG_FORMAT: `json` or `text`; empty leaves it to the command (`demo`: text, else json)."""
    value = raw.strip().lower()
    if value and value not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT takes json or text, not {raw!r}")
    return value


_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9a-f:.]+\](:[0-9]{1,5})?")


def parse_cors_origins(raw: str) -> tuple[str, ...]:
    """TALENTGATE_CORS_ORIGINS: `https://retool.example.cn,https://apps.example.cn:8443` → the
    exact origins (scheme, host, port; no path, no wildcard) a browser page may call /graphql
    from; a typo fails at start rather than silently never matching."""
    origins = []
    for part in filter(None, (p.strip() for p in raw.split(","))):
        origin = part.lower()
        if not _ORIGIN.fullmatch(origin):
            raise ValueError(f"TALENTGATE_CORS_ORIGINS takes exact origins like https://host[:port] "
                             f"(no path, no wildcard), not {part!r}")  # fmt: skip
        for scheme, port in (("https://", ":443"), ("http://", ":80")):
            if origin.startswith(scheme) and origin.endswith(port):  # browsers leave it out
                origin = origin.removesuffix(port)
        origins.append(origin)
    return tuple(dict.fromkeys(origins))


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
    # E-card signing keys (first signs); none set: a key kept in data_dir (see resolvers/cards/tokens.py).
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
    # PROVINCE_KEY: shared by a province's deployments; talents are matched across them by
    # the keyed hash of their ID number (resolvers/federation/keys.py)
    province_key: str = ""
    # PROVINCE_URL, PROVINCE_TOKEN: the province's deployment, asked about e-cards this one
    # did not issue and does not gather (a token of a role with card `verify` there)
    province_url: str = ""
    province_token: str = ""
    # Seconds an arq job may run before the worker gives up on it (TALENTGATE_JOB_TIMEOUT).
    job_timeout_seconds: int = 60
    # /readyz is 503 when no worker has left a heartbeat within this many seconds
    # (TALENTGATE_WORKER_WINDOW); workers beat every 10 s.
    worker_window_seconds: int = 90
    # On SIGTERM, how long a gateway waits for requests in flight and a worker for the jobs
    # it runs before it stops them (TALENTGATE_DRAIN_SECONDS); below Kubernetes' 30 s grace.
    drain_seconds: float = 20.0
    # Message gateways per extra channel: NOTIFY_<CHANNEL>_URL and _TOKEN → (url, token).
    notify_gateways: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Which of the deployment's keys (JWT_KEYS, CARD_SIGNING_KEYS, AUDIT_CHECKPOINT_KEY)
    # the environment sets: `serve` and `worker` refuse to start without all of them.
    configured_keys: frozenset[str] = frozenset()
    # `talentgate createuser` takes the password from TALENTGATE_PASSWORD when set.
    createuser_password: str = ""
    # Browser origins (low-code builders: Retool, Appsmith, 简道云) allowed to call /graphql
    # cross-site (TALENTGATE_CORS_ORIGINS); none: no CORS headers at all.
    cors_origins: tuple[str, ...] = ()
    # Plain connection reads (scalar columns, to-one objects, masked personal fields) answered
    # by one SQL statement without running resolvers (TALENTGATE_COMPILED_READS=0: always resolve).
    compiled_reads: bool = True
    # LOG_FORMAT: `json` (one object a line) or `text`; empty: text for `demo`, json otherwise.
    log_format: str = ""
    # Who may read /metrics: a bearer METRICS_TOKEN, and/or clients in METRICS_ALLOWED_ADDRESSES
    # (addresses or networks); with neither, loopback clients only (gateway/http/metrics.py).
    metrics_token: str = ""
    metrics_addresses: tuple[str, ...] = ()
    # PROMETHEUS_MULTIPROC_DIR: where prometheus-client keeps every process's values, added
    # up at /metrics (it reads the variable itself; this says /metrics should gather them).
    prometheus_multiproc_dir: Path | None = None

    @property
    def signing_kid(self) -> str:
        return next(iter(self.jwt_keys))

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite://{self.data_dir / 'talentgate.sqlite3'}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")


KEY_SETTINGS = ("JWT_KEYS", "CARD_SIGNING_KEYS", "AUDIT_CHECKPOINT_KEY")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `environ` (the process environment unless given)."""
    source = os.environ if environ is None else environ
    env = Config(environ=source)
    checkpoint_dir = env("AUDIT_CHECKPOINT_DIR", cast=_stripped, default="")
    multiproc_dir = env("PROMETHEUS_MULTIPROC_DIR", cast=_stripped, default="")
    return Settings(
        data_dir=env("TALENTGATE_DATA_DIR", cast=Path, default=Path.cwd() / "talentgate-data"),
        database_url=env("DATABASE_URL", default=""),
        redis_url=env("REDIS_URL", default=""),
        debug=env("DEBUG", cast=_flag, default="false"),
        jwt_keys=env("JWT_KEYS", cast=parse_jwt_keys, default="") or _ephemeral_jwt_keys(),
        jwt_ttl_seconds=env("JWT_TTL_SECONDS", cast=int, default=8 * 3600),
        login_max_failures=env("LOGIN_MAX_FAILURES", cast=int, default=5),
        login_lock_seconds=env("LOGIN_LOCK_SECONDS", cast=int, default=15 * 60),
        login_client_max_failures=env("LOGIN_CLIENT_MAX_FAILURES", cast=int, default=20),
        max_page_size=env("MAX_PAGE_SIZE", cast=int, default=100),
        max_query_cost=env("MAX_QUERY_COST", cast=int, default=20_000),
        max_import_bytes=env("TALENTGATE_MAX_IMPORT_BYTES", cast=int, default=20_000_000),
        notify_channels=env("NOTIFY_CHANNELS", cast=_parse_channels, default=""),
        card_signing_keys=env("CARD_SIGNING_KEYS", cast=parse_signing_keys, default=""),
        card_verify_rate=env("CARD_VERIFY_RATE", cast=float, default=5.0),
        card_verify_burst=env("CARD_VERIFY_BURST", cast=int, default=20),
        complaint_time_limit_workdays=env("COMPLAINT_TIME_LIMIT_WORKDAYS", cast=int, default=5),
        rectification_workdays=env("RECTIFICATION_WORKDAYS", cast=int, default=15),
        trusted_proxies=env("TRUSTED_PROXIES", cast=parse_trusted_proxies, default=""),
        federation_sdl_token=env("FEDERATION_SDL_TOKEN", cast=_stripped, default=""),
        audit_checkpoint_keys=env("AUDIT_CHECKPOINT_KEY", cast=parse_checkpoint_keys, default=""),
        province_key=env("PROVINCE_KEY", default=""),
        province_url=env("PROVINCE_URL", cast=_stripped, default="").rstrip("/"),
        province_token=env("PROVINCE_TOKEN", cast=_stripped, default=""),
        audit_checkpoint_dir=Path(checkpoint_dir) if checkpoint_dir else None,
        job_timeout_seconds=env("TALENTGATE_JOB_TIMEOUT", cast=int, default=60),
        worker_window_seconds=env("TALENTGATE_WORKER_WINDOW", cast=int, default=90),
        drain_seconds=env("TALENTGATE_DRAIN_SECONDS", cast=float, default=20.0),
        notify_gateways={
            channel: (url, env(f"NOTIFY_{channel}_TOKEN", cast=_stripped, default=""))
            for channel in EXTRA_CHANNELS
            if (url := env(f"NOTIFY_{channel}_URL", cast=_stripped, default=""))
        },
        configured_keys=frozenset(name for name in KEY_SETTINGS if source.get(name, "").strip()),
        createuser_password=env("TALENTGATE_PASSWORD", default=""),
        cors_origins=env("TALENTGATE_CORS_ORIGINS", cast=parse_cors_origins, default=""),
        compiled_reads=env("TALENTGATE_COMPILED_READS", cast=_flag, default="true"),
        log_format=env("LOG_FORMAT", cast=_parse_log_format, default=""),
        metrics_token=env("METRICS_TOKEN", cast=_stripped, default=""),
        metrics_addresses=env("METRICS_ALLOWED_ADDRESSES", cast=parse_metrics_addresses, default=""),
        prometheus_multiproc_dir=Path(multiproc_dir) if multiproc_dir else None,
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
