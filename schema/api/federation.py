"""The provincial platform (省级平台): the change feed every deployment gives, the sources a
province gathers (`sources`, `registerSource`, `updateSource`, `resyncSource`,
`sourceErrors`) and the e-card keys a deployment shows its province."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import UNSET

from resolvers.core.errors import forbidden
from resolvers.federation import sources as ops
from resolvers.federation.changes import CONTRACT_VERSION, changes
from resolvers.federation.honoured import honoured_card
from schema.api.connections import connection_field
from schema.api.inputs import args
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.types.base import PageInfo, UserErrorType
from schema.types.common import ctx
from schema.types.federation import (
    CardKey,
    Change,
    ChangeConnection,
    ChangeEdge,
    ChangeOp,
    ChangeType,
    HonouredCard,
    Source,
    SourceErrorEntry,
)
from schema.types.filters import DateTimeFilter, IDFilter, StringFilter, optional


@strawberry.input(description="数据源筛选 · source filter")
class SourceFilter:
    name: StringFilter | None = optional("名称 · name")
    status: StringFilter | None = optional("状态 · ACTIVE, PAUSED or REFUSED")
    within_jurisdiction: str | None = optional("区划范围 · sources of offices in this jurisdiction and below")


@strawberry.input(description="数据源异常筛选 · source error filter")
class SourceErrorFilter:
    source: IDFilter | None = optional("数据源 · the source")
    code: StringFilter | None = optional("类别 · UNREACHABLE, CONTRACT, OUT_OF_JURISDICTION …")
    at: DateTimeFilter | None = optional("时间 · when")


SourceOrder = order_input("Source", "数据源", ["ID", "NAME"])
SourceErrorOrder = order_input("SourceErrorEntry", "数据源异常", ["ID"])


@strawberry.input(description="验卡公钥 · an e-card verification key")
class CardKeyInput:
    kid: str = strawberry.field(description="密钥 ID · the key id its tokens name")
    public_key: str = strawberry.field(description="公钥 · the 32-byte Ed25519 public key, base64")


@strawberry.input(description="登记数据源 · register a deployment whose feed this one gathers")
class RegisterSourceInput:
    name: str = strawberry.field(description="名称 · name, e.g. 济南市人才服务平台")
    url: str = strawberry.field(description="地址 · its base URL (http(s)://host:port)")
    token: str = strawberry.field(description="API 令牌 · its `federation` role's token (never shown again)")
    jurisdictions: list[str] = strawberry.field(description="负责辖区 · codes it is authoritative for")
    card_keys: list[CardKeyInput] | None = strawberry.field(
        default=None, description="验卡公钥 · its e-card keys (its `cardVerificationKeys`)"
    )


@strawberry.input(description="修改数据源 · change a source; omitted fields stay as they are")
class UpdateSourceInput:
    id: strawberry.ID = strawberry.field(description="数据源 · the source")
    name: str | None = strawberry.field(default=UNSET, description="名称 · name")
    url: str | None = strawberry.field(default=UNSET, description="地址 · base URL")
    token: str | None = strawberry.field(default=UNSET, description="API 令牌 · a new token")
    jurisdictions: list[str] | None = strawberry.field(default=UNSET, description="负责辖区 · codes")
    card_keys: list[CardKeyInput] | None = strawberry.field(default=UNSET, description="验卡公钥 · keys")
    paused: bool | None = strawberry.field(default=UNSET, description="暂停 · stop or resume pulling")


@strawberry.input(description="重新同步 · read a source's feed again from the start (full backfill)")
class ResyncSourceInput:
    id: strawberry.ID = strawberry.field(description="数据源 · the source")


@strawberry.type(description="数据源变更结果 · result of a source mutation")
class SourcePayload:
    source: Source | None = strawberry.field(description="数据源 · the source, when it succeeded")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


def _keys(keys: list[CardKeyInput] | None) -> list[ops.CardKeyInput] | None:
    return None if keys is None else [ops.CardKeyInput(k.kid, k.public_key) for k in keys]


async def _source(info: strawberry.Info, work) -> SourcePayload:  # type: ignore[no-untyped-def]
    return await payload(info, work, SourcePayload, "source", Source.from_row)


@strawberry.type
class FederationQueries:
    @strawberry.field(
        description="变更流 · changes to talents, employers, cards, recognitions, requests and handoffs, "
        "oldest first, resumable from a cursor (the federation role, at its jurisdictions)"
    )
    async def changes(
        self,
        info: strawberry.Info,
        after: Annotated[str | None, strawberry.argument(description="游标 · resume after it")] = None,
        first: Annotated[int | None, strawberry.argument(description="条数 · 1–500, default 100")] = None,
        types: Annotated[
            list[ChangeType] | None, strawberry.argument(description="对象 · these kinds only (default: all)")
        ] = None,
        wait_seconds: Annotated[
            int | None,
            strawberry.argument(description="等待 · hold an empty answer up to this many seconds (≤ 25) "
                                "until a change arrives"),
        ] = None,
    ) -> ChangeConnection:  # fmt: skip
        page = await changes(ctx(info), after, first, [t.value for t in types or []], wait_seconds)
        edges = [
            ChangeEdge(cursor=c.cursor, node=Change(
                type=ChangeType(c.type), record_id=strawberry.ID(c.record_id), key=c.key, op=ChangeOp(c.op),
                jurisdiction=c.jurisdiction, at=c.at, data=c.data,
            ))
            for c in page.changes
        ]  # fmt: skip
        return ChangeConnection(
            edges=edges, contract_version=CONTRACT_VERSION,
            page_info=PageInfo(
                has_next_page=page.has_next, has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None, end_cursor=page.end_cursor,
            ),
        )  # fmt: skip

    sources = connection_field(
        ops.SOURCES, Source, SourceFilter, SourceOrder,
        "数据源 · the deployments this one gathers, with their lag and errors",
    )  # fmt: skip
    source_errors = connection_field(
        ops.SOURCE_ERRORS, SourceErrorEntry, SourceErrorFilter, SourceErrorOrder,
        "数据源异常 · failed pulls and refused records of the sources the caller may see",
    )  # fmt: skip

    @strawberry.field(
        description="全省通用卡 · an e-card checked wherever in the province it was issued (card verifiers "
        "and windows; a city's deployment asks its province)"
    )
    async def honoured_card(
        self, info: strawberry.Info,
        token: Annotated[str, strawberry.argument(description="电子卡令牌 · token read from the QR code")],
    ) -> HonouredCard | None:  # fmt: skip
        c = ctx(info)
        c.require_principal()
        if not (c.perms.scopes_for("card", "verify") or c.perms.scopes_for("service_request", "create")):
            raise forbidden(None, "您无权查验外地人才卡", "not allowed to check other deployments' cards")
        card = await honoured_card(c.settings, token)
        if card is None:
            return None
        check = card.check
        return HonouredCard(valid=check.valid, number=card.number, tier_code=card.tier_code, tier=check.tier,
                            programme=check.programme, expires_on=check.expires_on, holder=check.holder,
                            holder_id_hash=card.holder_key, issued_by=card.issued_by)  # fmt: skip

    @strawberry.field(
        description="验卡公钥 · this deployment's e-card public keys, for its province to register (public)"
    )
    def card_verification_keys(self, info: strawberry.Info) -> list[CardKey]:
        keys = ops.card_verification_keys(ctx(info).settings)
        return [CardKey(kid=kid, public_key=key) for kid, key in keys.items()]


@strawberry.type
class FederationMutations:
    @strawberry.mutation(description="登记数据源 · register a source deployment (province and city offices)")
    async def register_source(self, info: strawberry.Info, input: RegisterSourceInput) -> SourcePayload:
        data = args(ops.NewSource, input, card_keys=_keys(input.card_keys))
        return await _source(info, lambda: ops.register_source(ctx(info), data))

    @strawberry.mutation(description="修改数据源 · change, pause or resume a source")
    async def update_source(self, info: strawberry.Info, input: UpdateSourceInput) -> SourcePayload:
        keys = {} if input.card_keys is UNSET else {"card_keys": _keys(input.card_keys) or []}
        data = args(ops.SourceChanges, input, **keys)
        return await _source(info, lambda: ops.update_source(ctx(info), data))

    @strawberry.mutation(description="重新同步 · read a source's feed again from the start")
    async def resync_source(self, info: strawberry.Info, input: ResyncSourceInput) -> SourcePayload:
        return await _source(info, lambda: ops.resync_source(ctx(info), input.id))
