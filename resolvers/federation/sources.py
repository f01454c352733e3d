"""Sources (数据源): the deployments a province gathers — registered, changed, resynced.

A source is authoritative for the jurisdictions it is registered for: its feed may write
records of those and nothing else (sync.py refuses the rest). No two sources share a
jurisdiction, so no city can write another's talents. Its API token is stored to call it
and never read back; its e-card public keys let this deployment verify its cards.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from tortoise.transactions import in_transaction

from permissions.audit import audit
from permissions.scopes import covers, jur
from resolvers.cards.tokens import keyring
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, forbidden, validation
from resolvers.core.inputs import UNSET, Unset, read_text
from resolvers.core.lookup import find_jurisdiction, find_visible, require_action
from resolvers.core.mutations import snapshot
from resolvers.core.settings import Settings
from resolvers.core.urls import check_http_url
from resolvers.core.validation import TextKind
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from schema import clock
from schema.models import Jurisdiction, Source, SourceError

AUDITED = ("name", "url", "jurisdictions", "card_keys", "status", "jurisdiction_id")
MAX_JURISDICTIONS = 50
MAX_KEYS = 10
_KID = re.compile(r"[A-Za-z0-9_-]{1,32}")


@dataclass(frozen=True)
class CardKeyInput:
    kid: str
    public_key: str  # base64 (standard or url-safe) of the 32 raw bytes of an Ed25519 key


@dataclass(frozen=True)
class NewSource:
    name: str
    url: str
    token: str
    jurisdictions: list[str]
    card_keys: list[CardKeyInput] | None = None


@dataclass(frozen=True)
class SourceChanges:
    """updateSource: UNSET keeps the stored value."""

    id: str
    name: str | Unset = UNSET
    url: str | Unset = UNSET
    token: str | Unset = UNSET
    jurisdictions: list[str] | Unset = UNSET
    card_keys: list[CardKeyInput] | Unset = UNSET
    paused: bool | Unset = UNSET


def _url(value: str) -> str:
    try:
        return check_http_url(value, "the source URL").rstrip("/")
    except ValueError as error:
        raise validation("url", "数据源地址无效：应为 http(s):// 开头的完整地址，不含用户名、密码和 #",
                         str(error)) from None


def _token(value: str) -> str:
    token = value.strip()
    if not 0 < len(token) <= 512 or any(ch.isspace() or not ch.isprintable() for ch in token):
        raise validation(
            "token", "API 令牌应为 1–512 个可见字符", "the API token is 1–512 visible characters"
        )
    return token


def decode_public_key(text: str) -> bytes | None:
    """32 raw bytes from base64 (either alphabet, padding optional); None if it is not."""
    cleaned = text.strip().replace("-", "+").replace("_", "/")
    try:
        raw = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None


def _card_keys(keys: list[CardKeyInput]) -> dict[str, str]:
    if len(keys) > MAX_KEYS:
        raise validation("cardKeys", f"最多 {MAX_KEYS} 把验卡公钥", f"at most {MAX_KEYS} card keys")
    found: dict[str, str] = {}
    for key in keys:
        raw = decode_public_key(key.public_key)
        if not _KID.fullmatch(key.kid) or key.kid in found or raw is None:
            raise validation(
                "cardKeys", f"验卡公钥 {key.kid!r} 无效（密钥 ID 不重复，公钥为 32 字节 Ed25519 的 base64）",
                f"card key {key.kid!r} is invalid (a unique kid; base64 of a 32-byte Ed25519 key)",
            )  # fmt: skip
        found[key.kid] = base64.urlsafe_b64encode(raw).decode()
    return found


async def _jurisdictions(ctx: RequestContext, codes: list[str], exclude: int | None) -> tuple[list[str], str]:
    """The codes, checked: existing places, within the caller's `source` scope, no two
    nested, none another source's. Returns them sorted and the office they lie under."""
    if not 0 < len(codes) <= MAX_JURISDICTIONS:
        raise validation("jurisdictions", f"负责辖区 1–{MAX_JURISDICTIONS} 个",
                         f"1 to {MAX_JURISDICTIONS} jurisdictions")  # fmt: skip
    places = [await find_jurisdiction(code, "jurisdictions") for code in codes]
    unique = sorted({p.code for p in places})
    for code in unique:
        if not ctx.perms.allows("source", "create", [jur(code)]):
            raise forbidden("jurisdictions", f"您无权为辖区 {code} 登记数据源",
                            f"not allowed to register a source for {code}")  # fmt: skip
    if any(covers(jur(b), jur(a)) for a in unique for b in unique if a != b):
        raise validation(
            "jurisdictions", "负责辖区不能相互包含", "jurisdictions must not contain one another"
        )
    for other in await Source.exclude(id=exclude or 0).values("name", "jurisdictions"):
        theirs = [jur(o) for o in other["jurisdictions"]]
        clash = [c for c in unique for o in theirs if covers(o, jur(c)) or covers(jur(c), o)]
        if clash:
            raise UserError("jurisdictions", ErrorCode.CONFLICT,
                            f"辖区 {clash[0]} 已由数据源“{other['name']}”负责",
                            f"{clash[0]} is already the source {other['name']!r}'s")  # fmt: skip
    return unique, await _office(places)


async def _office(places: list[Jurisdiction]) -> str:
    """The nearest jurisdiction above or at all of them: who the source belongs to."""
    chains = []
    for place in places:
        chain: list[str] = []
        current: Jurisdiction | None = place
        while current is not None:
            chain.insert(0, current.code)
            current = await Jurisdiction.get_or_none(code=current.parent_id) if current.parent_id else None
        chains.append(chain)
    common = chains[0]
    for chain in chains[1:]:
        common = [a for a, b in zip(common, chain, strict=False) if a == b]
    return common[-1] if common else chains[0][0]


async def register_source(ctx: RequestContext, data: NewSource) -> Source:
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    for field, check in (
        ("name", lambda: read_text(data.name, "name", 64, TextKind.LINE, required=True)),
        ("url", lambda: _url(data.url)),
        ("token", lambda: _token(data.token)),
        ("card_keys", lambda: _card_keys(data.card_keys or [])),
    ):
        try:
            values[field] = check()
        except UserError as error:
            errors.append(error)
    if errors:
        raise UserErrors(errors)
    values["jurisdictions"], values["jurisdiction_id"] = await _jurisdictions(ctx, data.jurisdictions, None)
    async with in_transaction():
        if await Source.filter(name=values["name"]).exists():
            raise UserError("name", ErrorCode.CONFLICT, "同名数据源已存在", "a source of this name exists")
        source = await Source.create(**values, next_attempt_at=clock.now())
        await audit(ctx.actor, "registerSource", "source", source.id,
                    after=snapshot(source, AUDITED), jurisdiction_code=source.jurisdiction_id)  # fmt: skip
    return source


async def update_source(ctx: RequestContext, data: SourceChanges) -> Source:
    source = await _editable(ctx, data.id)
    values: dict[str, Any] = {}
    if not isinstance(data.name, Unset):
        values["name"] = read_text(data.name, "name", 64, TextKind.LINE, required=True)
    if not isinstance(data.url, Unset):
        values["url"] = _url(data.url)
    if not isinstance(data.token, Unset):
        values["token"] = _token(data.token)
    if not isinstance(data.card_keys, Unset):
        values["card_keys"] = _card_keys(data.card_keys)
    if not isinstance(data.jurisdictions, Unset):
        values["jurisdictions"], values["jurisdiction_id"] = await _jurisdictions(
            ctx, data.jurisdictions, source.id
        )
    if not isinstance(data.paused, Unset):
        values["status"] = "PAUSED" if data.paused else "ACTIVE"
        values["next_attempt_at"] = None if data.paused else clock.now()
    if "url" in values or "token" in values:  # a fixed address or token: try again at once
        values.update(failures=0, next_attempt_at=clock.now())
        if source.status == "REFUSED" and "status" not in values:
            values["status"] = "ACTIVE"
    return await _change(ctx, source, values, "updateSource")


async def resync_source(ctx: RequestContext, global_id: str) -> Source:
    """A full backfill: the feed is read again from cursor zero. Records already here and
    unchanged stay as they are; the rest are written."""
    source = await _editable(ctx, global_id)
    values = {"cursor": None, "status": "ACTIVE", "failures": 0, "next_attempt_at": clock.now()}
    return await _change(ctx, source, values, "resyncSource")


async def _editable(ctx: RequestContext, global_id: str) -> Source:
    source = await find_visible(ctx, Source, "source", global_id, "id")
    require_action(
        ctx, "source", "update", source, None, "您无权修改该数据源", "not allowed to change this source"
    )
    return source


async def _change(ctx: RequestContext, source: Source, values: dict[str, Any], operation: str) -> Source:
    async with in_transaction():
        if "name" in values and await Source.filter(name=values["name"]).exclude(id=source.id).exists():
            raise UserError("name", ErrorCode.CONFLICT, "同名数据源已存在", "a source of this name exists")
        before = snapshot(source, AUDITED) | {"cursor": source.cursor}
        source.update_from_dict(values)
        await source.save()
        after = snapshot(source, AUDITED) | {"cursor": source.cursor}
        changed = [k for k in after if after[k] != before[k]]
        token = {"token": "changed"} if "token" in values else {}  # that it changed, never what to
        await audit(ctx.actor, operation, "source", source.id,
                    before={k: before[k] for k in changed}, after={k: after[k] for k in changed} | token,
                    jurisdiction_code=source.jurisdiction_id)  # fmt: skip
    return source


def lag_seconds(source: Source, now: dt.datetime | None = None) -> float:
    """How far behind the source this deployment is: the age of the oldest change not yet
    read when the last pull stopped short; since the last good pull while pulls fail."""
    if source.failures:
        since = source.last_synced_at or source.created_at
        return max(0.0, ((now or clock.now()) - since).total_seconds())
    return source.lag_seconds


SOURCES = Listing(
    Source, "source",
    filters={"name": "name", "status": "status",
             "within_jurisdiction": within_jurisdiction("jurisdiction_id")},
    orders={"ID": OrderColumn("id"), "NAME": OrderColumn("name")},
)  # fmt: skip
SOURCE_ERRORS = Listing(
    SourceError, "source",
    filters={"source": id_filter("Source", "source_id", "filter.source"), "code": "code", "at": "at"},
    orders={"ID": OrderColumn("id")},
)  # fmt: skip


def card_verification_keys(settings: Settings) -> dict[str, str]:
    """This deployment's e-card public keys (kid → base64url): what a province registers
    with it as a source, so that its cards verify there. Public keys: anyone may read them."""
    ring = keyring(settings)
    return {
        kid: base64.urlsafe_b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
        for kid, key in ring.verifying.items()
    }
