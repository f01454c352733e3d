"""Talent recognition (人才认定), its history and objections, the direct-recognition rules
(直接认定) and the public notice (公示)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from permissions.masking import mask_name
from resolvers.core.ids import encode_id
from resolvers.recognition.handling import may_see_objections
from schema.models import enums as stored
from schema.types.base import Node
from schema.types.cards import Card, ReviewDecision
from schema.types.catalogue import TalentCategory
from schema.types.common import ctx, resolve_entity
from schema.types.geo import Jurisdiction, jurisdiction_of

if TYPE_CHECKING:
    from schema.types.talents import Talent

TalentRef = Annotated["Talent", strawberry.lazy("schema.types.talents")]
OBJECTOR_HIDDEN = "异议人"

RecognitionStatus = strawberry.enum(
    stored.RecognitionStatus,
    description="认定状态 · COUNTY_REVIEW 县级初审 / CITY_REVIEW 市级复审 / PUBLICITY 公示 / "
    "APPROVED 认定通过 / REJECTED 未通过 / WITHDRAWN 已撤回",
)
RecognitionStepKind = strawberry.enum(
    stored.RecognitionStepKind,
    description="认定环节 · SUBMITTED 申报 / DIRECT_MATCH 直接认定规则命中 / COUNTY_REVIEW 县级初审 / "
    "CITY_REVIEW 市级复审 / PUBLICITY_STARTED 公示开始 / OBJECTION 异议 / OBJECTION_RESOLVED 异议处理 / "
    "PUBLICITY_ENDED 公示期满 / WITHDRAWN 撤回",
)
DirectRuleKind = strawberry.enum(
    stored.DirectRuleKind,
    description="直接认定规则类型 · AWARD 所获奖项 / SALARY_TAX 年薪及用人单位纳税额",
)
ObjectionStatus = strawberry.enum(
    stored.ObjectionStatus, description="异议状态 · OPEN 待处理 / UPHELD 成立 / DISMISSED 不成立"
)


@strawberry.type(description="认定记录 · one step of a recognition (全程留痕)")
class RecognitionStep:
    kind: RecognitionStepKind = strawberry.field(description="环节 · what happened")
    decision: ReviewDecision | None = strawberry.field(description="决定 · the reviewer's decision")
    opinion: str | None = strawberry.field(description="意见 · opinion, reason or the rule matched")
    actor: str = strawberry.field(description="操作人 · who (system for the notice's end)")
    from_status: RecognitionStatus | None = strawberry.field(description="原状态 · status before")
    to_status: RecognitionStatus | None = strawberry.field(description="新状态 · status after")
    at: dt.datetime = strawberry.field(description="时间 · when")

    @classmethod
    def from_row(cls, row: Any, objections_shown: bool = True) -> RecognitionStep:
        def status(value: str | None) -> Any:
            return stored.RecognitionStatus(value) if value else None

        # Who objected and why is for the reviewers only (as the objections themselves).
        hidden = row.kind == stored.RecognitionStepKind.OBJECTION.value and not objections_shown
        return cls(kind=stored.RecognitionStepKind(row.kind),
                   decision=stored.ReviewDecision(row.decision) if row.decision else None,
                   opinion=None if hidden else row.opinion, actor=OBJECTOR_HIDDEN if hidden else row.actor,
                   from_status=status(row.from_status), to_status=status(row.to_status),
                   at=row.at)  # fmt: skip


@strawberry.type(description="公示异议 · an objection raised during the public notice")
class RecognitionObjection:
    objector: str = strawberry.field(description="异议人 · who objected")
    reason: str = strawberry.field(description="异议理由 · reason")
    status: ObjectionStatus = strawberry.field(description="状态 · open, upheld or dismissed")
    resolution: str | None = strawberry.field(description="处理意见 · the city reviewer's opinion")
    resolved_by: str | None = strawberry.field(description="处理人 · who decided")
    created_at: dt.datetime = strawberry.field(description="提出时间 · raised at")
    resolved_at: dt.datetime | None = strawberry.field(description="处理时间 · decided at")

    @classmethod
    def from_row(cls, row: Any) -> RecognitionObjection:
        return cls(objector=row.objector, reason=row.reason, status=row.status, resolution=row.resolution,
                   resolved_by=row.resolved_by, created_at=row.created_at,
                   resolved_at=row.resolved_at)  # fmt: skip


@strawberry.type(description="直接认定规则 · who qualifies directly, which steps are skipped")
class DirectRecognitionRule:
    id: strawberry.ID = strawberry.field(description="全局标识 · global ID")
    code: str = strawberry.field(description="代码 · code, e.g. sjz.award.top")
    name: str = strawberry.field(description="名称 · name")
    kind: DirectRuleKind = strawberry.field(description="类型 · AWARD or SALARY_TAX")
    awards: list[str] = strawberry.field(description="奖项 · AWARD: any of these national awards qualifies")
    min_annual_salary_yuan: int | None = strawberry.field(description="年薪下限（元）· SALARY_TAX: at least")
    min_employer_tax_yuan: int | None = strawberry.field(
        description="单位上年纳税下限（元）· SALARY_TAX: the employer paid at least"
    )
    skips: list[RecognitionStatus] = strawberry.field(description="免除环节 · steps a match skips")
    source: str | None = strawberry.field(description="政策依据 · the policy text it comes from")
    active: bool = strawberry.field(description="有效 · in force")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> DirectRecognitionRule:
        return cls(
            id=strawberry.ID(encode_id("DirectRecognitionRule", row.id)), code=row.code, name=row.name,
            kind=row.kind, awards=list(row.awards or []), min_annual_salary_yuan=row.min_annual_salary_yuan,
            min_employer_tax_yuan=row.min_employer_tax_yuan,
            skips=[stored.RecognitionStatus(s) for s in row.skips or []], source=row.source,
            active=row.active, row=row,
        )  # fmt: skip

    @strawberry.field(description="适用地区 · where the rule applies (and everywhere under it)")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="认定类别 · the category a match is recognised in")
    async def category(self, info: strawberry.Info) -> TalentCategory | None:
        row = await ctx(info).loaders.category.load(self.row.category_id)
        return TalentCategory.from_row(row) if row else None


@strawberry.federation.type(keys=["id"], description="人才认定 · a talent recognition application")
class Recognition(Node):
    number: str = strawberry.field(description="认定编号 · number")
    status: RecognitionStatus = strawberry.field(description="状态 · current step or outcome")
    basis: str = strawberry.field(description="申报依据 · basis of the application")
    awards: list[str] = strawberry.field(description="所获奖项 · declared national awards")
    materials: JSON = strawberry.field(description="申报材料 · materials")
    annual_salary_yuan: int | None = strawberry.field(description="年薪（元）· declared annual salary")
    employer_tax_yuan: int | None = strawberry.field(description="单位上年纳税（元）· employer's tax")
    publicity_from: dt.date | None = strawberry.field(description="公示开始 · notice from")
    publicity_until: dt.date | None = strawberry.field(description="公示截止 · notice until (a working day)")
    decided_at: dt.datetime | None = strawberry.field(description="办结时间 · approved or rejected at")
    created_at: dt.datetime = strawberry.field(description="申报时间 · submitted at")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Recognition:
        return cls(
            id=strawberry.ID(encode_id("Recognition", row.id)), number=row.number, status=row.status,
            basis=row.basis, awards=list(row.awards or []), materials=row.materials or {},
            annual_salary_yuan=row.annual_salary_yuan, employer_tax_yuan=row.employer_tax_yuan,
            publicity_from=row.publicity_from, publicity_until=row.publicity_until,
            decided_at=row.decided_at, created_at=row.created_at, row=row,
        )  # fmt: skip

    @strawberry.field(description="人才 · the talent")
    async def talent(self, info: strawberry.Info) -> TalentRef | None:
        from schema.types.talents import Talent

        row = await ctx(info).loaders.talent.load(self.row.talent_id)
        return Talent.from_row(row) if row else None

    @strawberry.field(description="认定类别 · the category applied for")
    async def category(self, info: strawberry.Info) -> TalentCategory | None:
        row = await ctx(info).loaders.category.load(self.row.category_id)
        return TalentCategory.from_row(row) if row else None

    @strawberry.field(description="属地 · the talent's county when submitted")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="认定记录 · every step, oldest first")
    async def steps(self, info: strawberry.Info) -> list[RecognitionStep]:
        rows = await ctx(info).loaders.steps_by_recognition.load(self.row.id)
        shown = may_see_objections(ctx(info).perms, self.row)
        return [RecognitionStep.from_row(r, shown) for r in rows]

    @strawberry.field(description="公示异议 · objections (null unless the caller reviews recognitions here)")
    async def objections(self, info: strawberry.Info) -> list[RecognitionObjection] | None:
        if not may_see_objections(ctx(info).perms, self.row):
            return None
        rows = await ctx(info).loaders.objections_by_recognition.load(self.row.id)
        return [RecognitionObjection.from_row(r) for r in rows]

    @strawberry.field(description="直接认定规则 · the rule that matched, if any")
    async def direct_rule(self, info: strawberry.Info) -> DirectRecognitionRule | None:
        if self.row.direct_rule_id is None:
            return None
        row = await ctx(info).loaders.direct_rule.load(self.row.direct_rule_id)
        return DirectRecognitionRule.from_row(row) if row else None

    @strawberry.field(description="人才卡 · the card issued or upgraded on approval (when visible)")
    async def card(self, info: strawberry.Info) -> Card | None:
        if self.row.card_id is None:
            return None
        row = await ctx(info).loaders.card.load(self.row.card_id)
        return Card.from_row(row) if row else None

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> Recognition:
        return cls.from_row(await resolve_entity(info, "Recognition", id))


@strawberry.type(description="认定公示 · one line of the public notice: minimal, masked")
class RecognitionNotice:
    number: str = strawberry.field(description="认定编号 · number")
    name: str = strawberry.field(description="姓名（脱敏）· masked name, e.g. 张*")
    category: str = strawberry.field(description="认定类别 · category name")
    employer: str | None = strawberry.field(description="工作单位 · employer name")
    publicity_from: dt.date = strawberry.field(description="公示开始 · from")
    publicity_until: dt.date = strawberry.field(description="公示截止 · until (objections up to this day)")

    @classmethod
    def from_values(cls, row: dict[str, Any]) -> RecognitionNotice:
        return cls(number=row["number"], name=mask_name(row["talent__name"]) or "",
                   category=row["category__name"], employer=row["employer_name"],
                   publicity_from=row["publicity_from"], publicity_until=row["publicity_until"])  # fmt: skip
