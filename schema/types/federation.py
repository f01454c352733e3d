"""The provincial platform's types (省级平台): the change feed, sources."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from resolvers.core.ids import encode_id
from resolvers.federation.sources import lag_seconds
from schema.types.base import PageInfo


@strawberry.enum(description="变更对象 · the kinds of record the change feed carries")
class ChangeType(Enum):
    TALENT = "TALENT"
    EMPLOYER = "EMPLOYER"
    CARD = "CARD"
    RECOGNITION = "RECOGNITION"
    SERVICE_REQUEST = "SERVICE_REQUEST"
    HANDOFF = "HANDOFF"


@strawberry.enum(description="变更类别 · written (created or changed) or deleted")
class ChangeOp(Enum):
    UPSERT = "UPSERT"
    DELETE = "DELETE"


@strawberry.type(description="变更 · one change of a record, as the province may see the record now")
class Change:
    type: ChangeType = strawberry.field(description="对象 · the kind of record")
    record_id: strawberry.ID = strawberry.field(description="记录 ID · its global ID at this deployment")
    key: str | None = strawberry.field(
        description="自然键 · the key it is matched by across deployments: a talent's idHash, a card's, "
        "recognition's or request's number, an employer's credit code (null for a handoff)"
    )
    op: ChangeOp = strawberry.field(description="类别 · UPSERT or DELETE")
    jurisdiction: str | None = strawberry.field(description="辖区 · the code of the jurisdiction it lies in")
    at: dt.datetime = strawberry.field(description="时间 · when it was written")
    data: JSON | None = strawberry.field(
        description="记录 · the record now, personal fields masked without pii:read; null for a DELETE "
        "or a record gone or out of scope since"
    )


@strawberry.type(description="变更边 · a change and its cursor")
class ChangeEdge:
    cursor: str = strawberry.field(description="游标 · pass as `after` to resume after this change")
    node: Change = strawberry.field(description="变更 · the change")


@strawberry.type(description="变更页 · a page of the change feed, oldest first")
class ChangeConnection:
    edges: list[ChangeEdge] = strawberry.field(description="变更 · the changes")
    page_info: PageInfo = strawberry.field(description="分页 · endCursor: where to resume")
    contract_version: str = strawberry.field(
        description="契约版本 · the feed's contract (major.minor): a reader refuses another major version"
    )


@strawberry.enum(description="数据源状态 · whether a source's feed is being pulled")
class SourceStatus(Enum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    REFUSED = "REFUSED"


@strawberry.type(description="验卡公钥 · an e-card verification key (Ed25519 public key)")
class CardKey:
    kid: str = strawberry.field(description="密钥 ID · the key id tokens name")
    public_key: str = strawberry.field(description="公钥 · the 32-byte public key, base64url")


@strawberry.type(description="数据源 · a deployment whose change feed this one gathers")
class Source:
    id: strawberry.ID = strawberry.field(description="全局标识 · opaque global ID")
    name: str = strawberry.field(description="名称 · name")
    url: str = strawberry.field(description="地址 · the source's base URL (its feed is at /graphql)")
    jurisdictions: list[str] = strawberry.field(description="负责辖区 · the codes it is authoritative for")
    status: SourceStatus = strawberry.field(description="状态 · syncing, paused or refused")
    lag: float = strawberry.field(
        description="延迟（秒） · how far behind the source this deployment is: 0 when caught up"
    )
    last_synced_at: dt.datetime | None = strawberry.field(description="最近同步 · the last page stored")
    errors: int = strawberry.field(description="异常数 · failed pulls and refused records so far")
    last_error: str | None = strawberry.field(description="最近异常 · the last one")
    next_attempt_at: dt.datetime | None = strawberry.field(
        description="下次尝试 · when a failing source is tried again"
    )
    contract_version: str | None = strawberry.field(description="契约版本 · its feed's contract")
    card_keys: list[CardKey] = strawberry.field(description="验卡公钥 · the keys its e-cards are signed with")

    @classmethod
    def from_row(cls, row: Any) -> Source:
        return cls(
            id=strawberry.ID(encode_id("Source", row.id)), name=row.name, url=row.url,
            jurisdictions=list(row.jurisdictions), status=SourceStatus(row.status), lag=lag_seconds(row),
            last_synced_at=row.last_synced_at, errors=row.error_count, last_error=row.last_error,
            next_attempt_at=row.next_attempt_at if row.failures else None,
            contract_version=row.contract_version,
            card_keys=[CardKey(kid=k, public_key=v) for k, v in row.card_keys.items()],
        )  # fmt: skip


@strawberry.type(description="数据源异常 · a failed pull or a refused record")
class SourceErrorEntry:
    id: strawberry.ID = strawberry.field(description="全局标识 · opaque global ID")
    code: str = strawberry.field(
        description="类别 · UNREACHABLE, UNAUTHORIZED, SOURCE_ERROR, CONTRACT or OUT_OF_JURISDICTION"
    )
    message: str = strawberry.field(description="说明 · what happened")
    kind: ChangeType | None = strawberry.field(description="对象 · a refused record's kind")
    record_id: str | None = strawberry.field(description="记录 · a refused record's ID at the source")
    at: dt.datetime = strawberry.field(description="时间 · when")

    @classmethod
    def from_row(cls, row: Any) -> SourceErrorEntry:
        return cls(
            id=strawberry.ID(encode_id("SourceError", row.id)), code=row.code, message=row.message,
            kind=ChangeType(row.kind) if row.kind else None, record_id=row.record_id, at=row.at,
        )  # fmt: skip


@strawberry.type(description="全省通用卡 · a card checked wherever in the province it was issued")
class HonouredCard:
    valid: bool = strawberry.field(description="有效 · valid now")
    number: str = strawberry.field(description="卡号 · card number")
    tier_code: str | None = strawberry.field(description="等级代码 · the tier's code")
    tier: str | None = strawberry.field(description="等级 · the tier's name")
    programme: str | None = strawberry.field(description="卡种 · the programme's name")
    expires_on: dt.date | None = strawberry.field(description="有效期至 · expires on")
    holder: str | None = strawberry.field(description="持卡人 · masked name (张*)")
    holder_id_hash: str | None = strawberry.field(description="持卡人证件哈希 · the holder's idHash")
    issued_by: str = strawberry.field(description="发卡方 · local, a source's name, or province")
