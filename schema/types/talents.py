"""Talents (人才) and family members (家属)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from permissions.masking import mask_address, mask_id_number, mask_name, mask_phone, reveal
from resolvers.core.idhash import id_hash
from resolvers.core.ids import encode_id
from resolvers.customfields.values import shown_values
from resolvers.federation.keys import fill_id_hashes
from resolvers.talents.self_service import archive_by_talent
from schema.types.base import Node
from schema.types.common import ctx, resolve_entity
from schema.types.enums import FamilyRelation, Gender, IdKind, TalentStatus
from schema.types.geo import Jurisdiction, jurisdiction_of

if TYPE_CHECKING:
    from schema.types.cards import Card
    from schema.types.catalogue import TalentCategory
    from schema.types.directory import Employer
    from schema.types.requests import ArchiveEntry
    from schema.types.specialists import Specialist


JurisdictionRef = Annotated[Jurisdiction, strawberry.lazy("schema.types.geo")]
EmployerRef = Annotated["Employer", strawberry.lazy("schema.types.directory")]
CategoryRef = Annotated["TalentCategory", strawberry.lazy("schema.types.catalogue")]
CardRef = Annotated["Card", strawberry.lazy("schema.types.cards")]
ArchiveRef = Annotated["ArchiveEntry", strawberry.lazy("schema.types.requests")]


def _masked(info: strawberry.Info, row: Any, field_name: str, value: Any, mask: Any) -> Any:
    c = ctx(info)
    return reveal(c.perms, c.pii, "talent", row, field_name, value, mask)


def _birth_date(info: strawberry.Info, talent_row: Any, field_name: str, value: dt.date | None) -> Any:
    """A birth date is the middle of a resident ID number: with it, the masked number
    (130102********1234) is the whole number. So it is shown, and the read audited, only
    to a viewer holding pii:read on the talent; everyone else gets null (no year either,
    no age)."""
    shown = _masked(info, talent_row, field_name, value.isoformat() if value else None, lambda _: None)
    return dt.date.fromisoformat(shown) if shown else None


@strawberry.type(description="家属 · family member of a talent (配偶、子女、父母)")
class FamilyMember:
    id: strawberry.ID = strawberry.field(description="全局标识 · global ID")
    relation: FamilyRelation = strawberry.field(description="关系 · relation")
    row: strawberry.Private[Any]
    talent_row: strawberry.Private[Any]

    @strawberry.field(description="出生日期 · birth date, only with pii:read on the talent (null otherwise)")
    def birth_date(self, info: strawberry.Info) -> dt.date | None:
        return _birth_date(info, self.talent_row, "familyMembers.birthDate", self.row.birth_date)

    @strawberry.field(description="姓名 · name (masked without pii:read)")
    def name(self, info: strawberry.Info) -> str:
        return _masked(info, self.talent_row, "familyMembers.name", self.row.name, mask_name)

    @strawberry.field(description="证件号码 · ID number (masked without pii:read)")
    def id_number(self, info: strawberry.Info) -> str | None:
        return _masked(
            info, self.talent_row, "familyMembers.idNumber", self.row.id_number, mask_id_number
        )


@strawberry.federation.type(keys=["id", "idHash"], description="人才 · a talent (person)")
class Talent(Node):
    name: str = strawberry.field(description="姓名 · name")
    gender: Gender = strawberry.field(description="性别 · gender")
    id_kind: IdKind = strawberry.field(description="证件类型 · ID document kind")
    nationality: str = strawberry.field(description="国籍 · nationality (ISO 3166 alpha-3)")
    education: str | None = strawberry.field(description="学历 · education")
    degree: str | None = strawberry.field(description="学位 · degree")
    professional_title: str | None = strawberry.field(description="职称 · professional title")
    skill_level: str | None = strawberry.field(description="技能等级 · skill level")
    status: TalentStatus = strawberry.field(description="状态 · status")
    introduced_on: dt.date | None = strawberry.field(description="引进日期 · introduced on")
    left_on: dt.date | None = strawberry.field(description="离开日期 · left on")
    created_at: dt.datetime = strawberry.field(description="建档时间 · created at")
    updated_at: dt.datetime = strawberry.field(description="更新时间 · updated at")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Talent:
        return cls(
            id=strawberry.ID(encode_id("Talent", row.id)),
            name=row.name,
            gender=row.gender,
            id_kind=row.id_kind,
            nationality=row.nationality,
            education=row.education,
            degree=row.degree,
            professional_title=row.professional_title,
            skill_level=row.skill_level,
            status=row.status,
            introduced_on=row.introduced_on,
            left_on=row.left_on,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field(
        description="证件号码哈希 · the ID number's keyed hash (HMAC-SHA256 with the province key): "
        "how the province's deployments match one person without passing the number"
    )
    def id_hash(self, info: strawberry.Info) -> str:
        return id_hash(ctx(info).settings, self.row.id_number)

    @strawberry.field(description="证件号码 · ID number, masked (130102********1234) without pii:read")
    def id_number(self, info: strawberry.Info) -> str:
        return _masked(info, self.row, "idNumber", self.row.id_number, mask_id_number)

    @strawberry.field(description="手机号码 · phone, masked (138****1234) without pii:read")
    def phone(self, info: strawberry.Info) -> str | None:
        return _masked(info, self.row, "phone", self.row.phone, mask_phone)

    @strawberry.field(description="联系地址 · address, masked without pii:read")
    def address(self, info: strawberry.Info) -> str | None:
        return _masked(info, self.row, "address", self.row.address, mask_address)

    @strawberry.field(
        description="自定义字段 · custom fields (key → value); personal ones masked without pii:read"
    )
    async def custom_fields(self, info: strawberry.Info) -> JSON:
        return await shown_values(ctx(info), "Talent", self.row)

    @strawberry.field(description="出生日期 · birth date, only with pii:read (null otherwise)")
    def birth_date(self, info: strawberry.Info) -> dt.date | None:
        return _birth_date(info, self.row, "birthDate", self.row.birth_date)

    @strawberry.field(description="所在区划 · jurisdiction (属地)")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="用人单位 · employer")
    async def employer(self, info: strawberry.Info) -> EmployerRef | None:
        from schema.types.directory import Employer

        if self.row.employer_id is None:
            return None
        row = await ctx(info).loaders.employer.load(self.row.employer_id)
        return Employer.from_row(row) if row else None

    @strawberry.field(description="人才类别 · category")
    async def category(self, info: strawberry.Info) -> CategoryRef | None:
        from schema.types.catalogue import TalentCategory

        if self.row.category_id is None:
            return None
        row = await ctx(info).loaders.category.load(self.row.category_id)
        return TalentCategory.from_row(row) if row else None

    @strawberry.field(description="有效人才卡 · the active card, if any")
    async def active_card(self, info: strawberry.Info) -> CardRef | None:
        from schema.types.cards import Card

        row = await ctx(info).loaders.active_card_by_holder.load(self.row.id)
        return Card.from_row(row) if row else None

    @strawberry.field(description="人才卡 · all cards, newest first")
    async def cards(self, info: strawberry.Info) -> list[CardRef]:
        from schema.types.cards import Card

        rows = await ctx(info).loaders.cards_by_holder.load(self.row.id)
        return [Card.from_row(r) for r in rows]

    @strawberry.field(description="服务档案 · the talent's service archive (统一建档), newest first")
    async def archive_entries(self, info: strawberry.Info) -> list[ArchiveRef]:
        from schema.types.requests import ArchiveEntry

        rows = await archive_by_talent(ctx(info)).load(self.row.id)
        return [ArchiveEntry.from_row(r) for r in rows]

    @strawberry.field(description="家属 · family members")
    async def family_members(self, info: strawberry.Info) -> list[FamilyMember]:
        rows = await ctx(info).loaders.family_by_talent.load(self.row.id)
        return [
            FamilyMember(
                id=strawberry.ID(encode_id("FamilyMember", r.id)),
                relation=r.relation,
                row=r,
                talent_row=self.row,
            )
            for r in rows
        ]

    @strawberry.field(description="一对一服务专员 · current dedicated specialist (top card tiers)")
    async def dedicated_specialist(
        self, info: strawberry.Info
    ) -> Annotated[Specialist, strawberry.lazy("schema.types.specialists")] | None:
        from schema.types.specialists import Specialist

        loaders = ctx(info).loaders
        assignment = await loaders.dedicated_by_talent.load(self.row.id)
        row = await loaders.specialist_any.load(assignment.specialist_id) if assignment else None
        return Specialist.from_row(row) if row else None

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID | None = None,
                                id_hash: str | None = None) -> Talent:  # fmt: skip
        if id_hash is not None:  # rows written since the last fill have no stored hash yet
            await fill_id_hashes(ctx(info).settings)
        return cls.from_row(await resolve_entity(info, "Talent", id, ("idHash", id_hash)))
