"""The province's views (省级平台): `cardHolders` and `cardHolderCounts` (持卡人才数据库),
`talentMoves` (人才流动) and `talentHistory`, `netInflow` (净流入) and `serviceVolumes` (服务量)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.federation.province_counts import holder_counts
from resolvers.federation.province_flows import NET_INFLOW, SERVICE_VOLUMES, FlowFilter, FlowGroup, flows
from resolvers.federation.province_holders import CARD_HOLDERS
from resolvers.federation.province_moves import MoveFilter, talent_history, talent_moves
from schema.api.connections import connection_field
from schema.api.ordering import order_input
from schema.types.base import Connection, to_connection
from schema.types.common import ctx
from schema.types.province import (
    CardHolder,
    CardHolderCount,
    CardHolderFilter,
    CardHolderGroupBy,
    NetInflow,
    ProvinceFlowFilter,
    ProvinceFlowGroupBy,
    ServiceVolume,
    TalentMove,
    TalentMoveFilter,
    TalentStay,
)

CardHolderOrder = order_input("CardHolder", "持卡人才", ["ID", "NUMBER", "ISSUED_ON", "EXPIRES_ON"])
_FLOW_GROUP = strawberry.argument(description="统计口径 · by city, month, or both (default)")


def _flow_filter(flt: ProvinceFlowFilter | None) -> FlowFilter:
    if flt is None:
        return FlowFilter()
    return FlowFilter(flt.from_, flt.to, flt.city_code, flt.within_jurisdiction)


@strawberry.type
class ProvinceQueries:
    card_holders = connection_field(
        CARD_HOLDERS, CardHolder, CardHolderFilter, CardHolderOrder,
        "持卡人才数据库 · the cards the cities gave the province, with their holders (offices, auditors, "
        "windows: within their jurisdictions)",
    )  # fmt: skip

    @strawberry.field(description="持卡人才分组计数 · cardHolders counted by one field (same scope, filter)")
    async def card_holder_counts(
        self, info: strawberry.Info,
        group_by: Annotated[CardHolderGroupBy, strawberry.argument(description="分组 · the field")],
        filter: CardHolderFilter | None = None,
    ) -> list[CardHolderCount]:  # fmt: skip
        return [CardHolderCount.of(b) for b in await holder_counts(ctx(info), filter, group_by)]

    @strawberry.field(description="人才流动 · talents' moves between cities, by arrival date (either end "
                      "within the caller's jurisdictions)")  # fmt: skip
    async def talent_moves(
        self, info: strawberry.Info, filter: TalentMoveFilter | None = None,
        first: Annotated[int | None, strawberry.argument(description="条数 · 1–500, default 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="游标 · after this move")] = None,
    ) -> Connection[TalentMove]:  # fmt: skip
        flt = filter or TalentMoveFilter()
        moves = MoveFilter(flt.city_code, flt.from_, flt.to, flt.id_hash)
        return to_connection(await talent_moves(ctx(info), moves, first, after), TalentMove.from_row)

    @strawberry.field(description="人才履历 · one person's records in every city (one idHash), by arrival")
    async def talent_history(
        self, info: strawberry.Info,
        id_hash: Annotated[str, strawberry.argument(description="身份标识 · the talent's idHash")],
    ) -> list[TalentStay]:  # fmt: skip
        return [TalentStay.of(s) for s in await talent_history(ctx(info), id_hash)]

    @strawberry.field(description="净流入 · talents arrived minus left, per city and month")
    async def net_inflow(
        self, info: strawberry.Info, filter: ProvinceFlowFilter | None = None,
        group_by: Annotated[ProvinceFlowGroupBy, _FLOW_GROUP] = FlowGroup.CITY_MONTH,
    ) -> list[NetInflow]:  # fmt: skip
        rows = await flows(ctx(info), _flow_filter(filter), group_by, NET_INFLOW)
        return [NetInflow.of(r) for r in rows]

    @strawberry.field(description="服务量 · service requests received and completed, handoffs made, per city "
                      "and month")  # fmt: skip
    async def service_volumes(
        self, info: strawberry.Info, filter: ProvinceFlowFilter | None = None,
        group_by: Annotated[ProvinceFlowGroupBy, _FLOW_GROUP] = FlowGroup.CITY_MONTH,
    ) -> list[ServiceVolume]:  # fmt: skip
        rows = await flows(ctx(info), _flow_filter(filter), group_by, SERVICE_VOLUMES)
        return [ServiceVolume.of(r) for r in rows]
