"""The province's views (省级平台): the card-holder database (持卡人才数据库), talent moves
(人才流动), net inflow (净流入) and service volumes (服务量), over the records its cities'
change feeds gave it."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, TypeVar

import strawberry

from permissions.masking import mask_name
from resolvers.core.ids import encode_id
from resolvers.federation.province_counts import HolderCount, HolderGroup
from resolvers.federation.province_flows import FlowGroup, FlowRow
from resolvers.federation.province_holders import holders, source_names
from resolvers.federation.province_moves import Move
from schema.models import enums as stored
from schema.types.common import ctx
from schema.types.enums import CardStatus, TalentStatus
from schema.types.filters import CardStatusFilter, StringFilter, optional
from schema.types.geo import Jurisdiction, jurisdiction_of

E = TypeVar("E", bound=Enum)

CardHolderGroupBy = strawberry.enum(
    HolderGroup,
    name="CardHolderGroupBy",
    description="持卡人才分组 · CITY 地市 / TIER 卡等级 / CATEGORY 人才类别 / STATUS 状态 / "
    "JURISDICTION 区县",
)
ProvinceFlowGroupBy = strawberry.enum(
    FlowGroup,
    name="ProvinceFlowGroupBy",
    description="统计口径 · CITY 按地市 / MONTH 按月 / CITY_MONTH 按地市和月",
)


def _known(kind: type[E], value: Any) -> E | None:
    """A stored state as this deployment knows it; None for one a source has and it has not."""
    try:
        return kind(value)
    except ValueError:
        return None


@strawberry.type(description="代码与名称 · a code and its name, as the source gave them")
class CodedName:
    code: str | None = strawberry.field(description="代码 · code")
    name: str | None = strawberry.field(description="名称 · name")

    @classmethod
    def of(cls, value: Any) -> CodedName | None:
        return cls(code=value.get("code"), name=value.get("name")) if isinstance(value, dict) else None


@strawberry.type(description="数据来源 · the deployment (a city's) a record came from")
class RecordSource:
    name: str = strawberry.field(description="名称 · name")


@strawberry.type(description="人才（来源记录） · a talent as its source gave it; the name masked")
class SourceTalent:
    id_hash: str = strawberry.field(description="身份标识 · the keyed hash of the ID number, across cities")
    name: str | None = strawberry.field(description="姓名 · masked: 张*")
    status: TalentStatus | None = strawberry.field(description="状态 · at its source")
    category: CodedName | None = strawberry.field(description="人才类别 · category")

    @classmethod
    def from_row(cls, row: Any) -> SourceTalent:
        data = row.data or {}
        return cls(
            id_hash=row.key, name=mask_name(data.get("name")), status=_known(stored.TalentStatus, row.status),
            category=CodedName.of(data.get("category")),
        )  # fmt: skip


@strawberry.type(description="持卡人才 · a card in the province's store, with its holder")
class CardHolder:
    id: strawberry.ID = strawberry.field(description="标识 · this store's ID of the card's record")
    number: str | None = strawberry.field(description="卡号 · card number")
    status: CardStatus | None = strawberry.field(description="状态 · at its source")
    tier: CodedName | None = strawberry.field(description="卡等级 · tier")
    programme: CodedName | None = strawberry.field(description="人才卡项目 · programme")
    issued_on: dt.date | None = strawberry.field(description="发卡日期 · issued on")
    expires_on: dt.date | None = strawberry.field(description="有效期至 · expires on")
    city_code: str | None = strawberry.field(description="地市代码 · the city (null: province level)")
    jurisdiction_code: str | None = strawberry.field(description="区划代码 · where the card lies")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> CardHolder:
        data = row.data or {}
        return cls(
            id=strawberry.ID(encode_id("CardHolder", row.id)), number=row.key,
            status=_known(stored.CardStatus, row.status), tier=CodedName.of(data.get("tier")),
            programme=CodedName.of(data.get("programme")), issued_on=row.started_on, expires_on=row.ended_on,
            city_code=row.city_code, jurisdiction_code=row.jurisdiction_code, row=row,
        )  # fmt: skip

    @strawberry.field(description="地市 · the city, as this deployment's jurisdictions name it")
    async def city(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.city_code)

    @strawberry.field(description="行政区划 · where the card lies, as this deployment names it")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.jurisdiction_code)

    @strawberry.field(description="数据来源 · the deployment that gave it")
    async def source(self, info: strawberry.Info) -> RecordSource:
        name = await source_names(ctx(info)).load(self.row.source_id)
        return RecordSource(name=name or "")

    @strawberry.field(description="持卡人 · the holder's talent record at the same source, when visible")
    async def holder(self, info: strawberry.Info) -> SourceTalent | None:
        if self.row.holder_key is None:
            return None
        row = await holders(ctx(info)).load((self.row.source_id, self.row.holder_key))
        return SourceTalent.from_row(row) if row else None


@strawberry.type(description="持卡人才计数 · one bucket of cardHolderCounts")
class CardHolderCount:
    key: str | None = strawberry.field(
        description="分组值 · the city's or jurisdiction's code, the tier's or category's code, the status; "
        "filter cardHolders by it to list the bucket"
    )
    name: str | None = strawberry.field(description="名称 · what to show")
    count: int = strawberry.field(description="数量 · cards")

    @classmethod
    def of(cls, bucket: HolderCount) -> CardHolderCount:
        return cls(key=bucket.key, name=bucket.name, count=bucket.count)


@strawberry.type(description="人才流动 · a talent's move from one city to another")
class TalentMove:
    id_hash: str = strawberry.field(description="身份标识 · the talent's idHash")
    name: str | None = strawberry.field(description="姓名 · masked: 张*")
    from_city: str | None = strawberry.field(description="迁出地市 · the city left")
    from_city_name: str | None = strawberry.field(description="迁出地市名称 · its name")
    to_city: str | None = strawberry.field(description="迁入地市 · the city arrived in")
    to_city_name: str | None = strawberry.field(description="迁入地市名称 · its name")
    from_jurisdiction: str | None = strawberry.field(description="迁出区划 · the jurisdiction left")
    to_jurisdiction: str | None = strawberry.field(description="迁入区划 · the jurisdiction arrived in")
    left_on: dt.date | None = strawberry.field(description="离开日期 · left, as the earlier record says")
    arrived_on: dt.date = strawberry.field(description="到达日期 · arrival in the new city")

    @classmethod
    def from_row(cls, move: Move) -> TalentMove:
        return cls(id_hash=move.id_hash, name=move.name, from_city=move.from_city,
                   from_city_name=move.from_city_name, to_city=move.to_city, to_city_name=move.to_city_name,
                   from_jurisdiction=move.from_jurisdiction, to_jurisdiction=move.to_jurisdiction,
                   left_on=move.left_on, arrived_on=move.arrived_on)  # fmt: skip


@strawberry.type(description="净流入 · talents arrived and left, per city and/or month")
class NetInflow:
    city: str | None = strawberry.field(description="地市代码 · null when by month alone")
    city_name: str | None = strawberry.field(description="地市名称 · city name")
    month: str | None = strawberry.field(description="月份 · 2025-03; null when by city alone")
    arrivals: int = strawberry.field(description="流入 · talent records arrived")
    departures: int = strawberry.field(description="流出 · talent records left")
    net: int = strawberry.field(description="净流入 · arrivals − departures")

    @classmethod
    def of(cls, row: FlowRow) -> NetInflow:
        arrivals, departures = row.figures["arrivals"], row.figures["departures"]
        return cls(city=row.city, city_name=row.city_name, month=row.month, arrivals=arrivals,
                   departures=departures, net=arrivals - departures)  # fmt: skip


@strawberry.type(description="服务量 · service requests and handoffs, per city and/or month")
class ServiceVolume:
    city: str | None = strawberry.field(description="地市代码 · null when by month alone")
    city_name: str | None = strawberry.field(description="地市名称 · city name")
    month: str | None = strawberry.field(description="月份 · 2025-03; null when by city alone")
    requests: int = strawberry.field(description="受理 · requests received")
    completed: int = strawberry.field(description="办结 · requests completed")
    handoffs: int = strawberry.field(description="分办 · handoffs made")

    @classmethod
    def of(cls, row: FlowRow) -> ServiceVolume:
        return cls(city=row.city, city_name=row.city_name, month=row.month, **row.figures)


@strawberry.input(description="持卡人才筛选 · card holder filter")
class CardHolderFilter:
    city_code: str | None = optional("地市代码 · the city, e.g. 370100")
    within_jurisdiction: str | None = optional("辖区内 · in this jurisdiction or any under it")
    tier_code: StringFilter | None = optional("卡等级代码 · the card's tier")
    category_code: StringFilter | None = optional("人才类别代码 · the holder's category")
    status: CardStatusFilter | None = optional("状态 · the card's status")


@strawberry.input(description="人才流动筛选 · talent move filter")
class TalentMoveFilter:
    city_code: str | None = optional("地市代码 · moves from or to this city")
    from_: dt.date | None = strawberry.field(default=None, name="from", description="起始日期 · arrived from")
    to: dt.date | None = optional("截止日期 · arrived on or before")
    id_hash: str | None = optional("身份标识 · one talent's moves")


@strawberry.input(description="统计范围 · a period of Beijing dates and a place")
class ProvinceFlowFilter:
    from_: dt.date | None = strawberry.field(
        default=None, name="from", description="起始日期 · first day (default: 1 January of `to`'s year)"
    )
    to: dt.date | None = optional("截止日期 · last day, included (default: today)")
    city_code: str | None = optional("地市代码 · this city only")
    within_jurisdiction: str | None = optional("辖区内 · records in this jurisdiction or any under it")


@strawberry.type(description="人才在一地的记录 · a talent's record in one city, as its deployment gave it")
class TalentStay:
    source: str = strawberry.field(description="数据来源 · the deployment it came from")
    record_id: str = strawberry.field(description="记录 ID · its global ID at that deployment")
    jurisdiction_code: str | None = strawberry.field(description="区划 · where it lies")
    city_code: str | None = strawberry.field(description="地市 · its city")
    status: TalentStatus | None = strawberry.field(description="状态 · there")
    name: str | None = strawberry.field(description="姓名 · masked: 张*")
    arrived_on: dt.date | None = strawberry.field(description="到达 · arrived (引进日期) or registered")
    left_on: dt.date | None = strawberry.field(description="离开 · left, if it has")

    @classmethod
    def of(cls, stay: Any) -> TalentStay:
        return cls(source=stay.source, record_id=stay.record_id, jurisdiction_code=stay.jurisdiction_code,
                   city_code=stay.city_code, status=_known(stored.TalentStatus, stay.status), name=stay.name,
                   arrived_on=stay.arrived_on, left_on=stay.left_on)  # fmt: skip
