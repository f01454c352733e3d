"""Talent recognition (人才认定): `recognitions`, `recognitionPublicity`,
`directRecognitionRules`, `submitRecognition`, `reviewRecognition`, `objectToRecognition`,
`createDirectRecognitionRule`, `updateDirectRecognitionRule`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from resolvers.recognition import direct_rules as rules
from resolvers.recognition import handling as ops
from schema.api.connections import connection_field
from schema.api.idempotency import echoed, key_echo, key_input
from schema.api.inputs import args
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.cards import ReviewDecision
from schema.types.common import ctx
from schema.types.filters import DateTimeFilter, IDFilter, StringFilter, _enum_filter, optional
from schema.types.recognition import (
    DirectRecognitionRule,
    DirectRuleKind,
    Recognition,
    RecognitionNotice,
    RecognitionStatus,
)

RecognitionStatusFilter = _enum_filter(RecognitionStatus, "RecognitionStatusFilter", "认定状态")
RecognitionOrder = order_input("Recognition", "人才认定", ["ID", "CREATED_AT"])


@strawberry.input(description="人才认定筛选 · recognition filter")
class RecognitionFilter:
    id: IDFilter | None = optional("标识 · ID")
    number: StringFilter | None = optional("认定编号 · number")
    status: RecognitionStatusFilter | None = optional("状态 · status")  # type: ignore[valid-type]
    category_id: IDFilter | None = optional("认定类别 · category applied for")
    talent_id: IDFilter | None = optional("人才 · talent")
    jurisdiction_code: StringFilter | None = optional("区划代码 · the talent's county")
    within_jurisdiction: str | None = optional("辖区内 · in this jurisdiction or any under it")
    created_at: DateTimeFilter | None = optional("申报时间 · submitted at")
    and_: list[RecognitionFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[RecognitionFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: RecognitionFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.input(description="申报人才认定 · apply for recognition in a category")
class SubmitRecognitionInput:
    talent_id: strawberry.ID = strawberry.field(description="人才 · the talent")
    category_id: strawberry.ID = strawberry.field(description="认定类别 · a category of the city's ladder")
    basis: str = strawberry.field(description="申报依据 · basis (required)")
    materials: JSON | None = optional("申报材料 · material name → note or file reference")
    awards: list[str] | None = optional("所获奖项 · national awards held (直接认定)")
    annual_salary_yuan: int | None = optional("年薪（元）· annual salary")
    employer_tax_yuan: int | None = optional("单位上年纳税（元）· the employer's tax paid last year")
    client_mutation_id: str | None = key_input("recognition")


@strawberry.input(description="认定审核 · the decision of the current step")
class ReviewRecognitionInput:
    recognition_id: strawberry.ID = strawberry.field(description="人才认定 · the recognition")
    decision: ReviewDecision = strawberry.field(description="决定 · APPROVE or REJECT")
    opinion: str = strawberry.field(description="审核意见 · opinion (required)")


@strawberry.input(description="公示异议 · object to a recognition on notice")
class ObjectToRecognitionInput:
    recognition_id: strawberry.ID = strawberry.field(description="人才认定 · the recognition")
    reason: str = strawberry.field(description="异议理由 · reason (required)")


@strawberry.input(description="新建直接认定规则 · create a direct-recognition rule")
class CreateDirectRecognitionRuleInput:
    code: str = strawberry.field(description="代码 · unique code, e.g. sjz.award.top")
    name: str = strawberry.field(description="名称 · name")
    jurisdiction_code: str = strawberry.field(description="适用地区 · where it applies")
    category_id: strawberry.ID = strawberry.field(description="认定类别 · category a match is recognised in")
    kind: DirectRuleKind = strawberry.field(description="类型 · AWARD or SALARY_TAX")
    skips: list[RecognitionStatus] = strawberry.field(
        description="免除环节 · COUNTY_REVIEW, CITY_REVIEW and/or PUBLICITY"
    )
    awards: list[str] | None = optional("奖项 · AWARD: the qualifying awards")
    min_annual_salary_yuan: int | None = optional("年薪下限（元）· SALARY_TAX")
    min_employer_tax_yuan: int | None = optional("单位上年纳税下限（元）· SALARY_TAX")
    source: str | None = optional("政策依据 · the policy text")
    active: bool | None = optional("有效 · in force (default true)")


@strawberry.input(description="修改直接认定规则 · edit a rule (code, kind, place and category stay)")
class UpdateDirectRecognitionRuleInput:
    rule_id: strawberry.ID = strawberry.field(description="规则 · the rule")
    name: str | None = optional("名称 · name")
    awards: list[str] | None = optional("奖项 · AWARD: the qualifying awards")
    min_annual_salary_yuan: int | None = optional("年薪下限（元）· SALARY_TAX")
    min_employer_tax_yuan: int | None = optional("单位上年纳税下限（元）· SALARY_TAX")
    skips: list[RecognitionStatus] | None = optional("免除环节 · steps a match skips")
    source: str | None = optional("政策依据 · the policy text")
    active: bool | None = optional("有效 · in force")


@strawberry.type(description="人才认定结果 · result of a recognition mutation")
class RecognitionPayload:
    recognition: Recognition | None = strawberry.field(description="人才认定 · when it succeeded")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")
    client_mutation_id: str | None = key_echo("submitRecognition")


@strawberry.type(description="直接认定规则结果 · result of a rule mutation")
class DirectRecognitionRulePayload:
    rule: DirectRecognitionRule | None = strawberry.field(description="规则 · when it succeeded")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


async def _recognition(info: strawberry.Info, work) -> RecognitionPayload:
    return await payload(info, work, RecognitionPayload, "recognition", Recognition.from_row)


async def _rule(info: strawberry.Info, work) -> DirectRecognitionRulePayload:
    return await payload(info, work, DirectRecognitionRulePayload, "rule", DirectRecognitionRule.from_row)


@strawberry.type
class RecognitionQueries:
    recognitions = connection_field(
        ops.RECOGNITIONS, Recognition, RecognitionFilter, RecognitionOrder,
        "人才认定 · recognitions the caller may see (own, employer's, jurisdiction's)",
    )  # fmt: skip

    @strawberry.field(description="认定公示 · recognitions on public notice here; anonymous, masked")
    async def recognition_publicity(
        self, info: strawberry.Info,
        jurisdiction_code: Annotated[str, strawberry.argument(description="区划代码 · here and under it")],
    ) -> list[RecognitionNotice]:  # fmt: skip
        return [RecognitionNotice.from_values(r) for r in await ops.publicity_list(jurisdiction_code)]

    @strawberry.field(description="直接认定规则 · rules in force here (own and those above), or all")
    async def direct_recognition_rules(
        self, info: strawberry.Info,
        jurisdiction_code: Annotated[str | None, strawberry.argument(
            description="区划代码 · rules applying in this place")] = None,
        active: Annotated[bool | None, strawberry.argument(description="有效 · only (in)active ones")] = None,
    ) -> list[DirectRecognitionRule]:  # fmt: skip
        found = await rules.list_direct_rules(ctx(info), jurisdiction_code, active)
        return [DirectRecognitionRule.from_row(r) for r in found]


@strawberry.type
class RecognitionMutations:
    @strawberry.mutation(description="申报人才认定 · by the talent, their unit specialist or a window")
    async def submit_recognition(
        self, info: strawberry.Info, input: SubmitRecognitionInput
    ) -> RecognitionPayload:
        work = lambda: ops.submit_recognition(ctx(info), args(ops.Application, input))  # noqa: E731
        return echoed(await _recognition(info, work), input)

    @strawberry.mutation(description="认定审核 · county, then city; during the notice, objections")
    async def review_recognition(
        self, info: strawberry.Info, input: ReviewRecognitionInput
    ) -> RecognitionPayload:
        return await _recognition(info, lambda: ops.review_recognition(
            ctx(info), input.recognition_id, input.decision, input.opinion
        ))  # fmt: skip

    @strawberry.mutation(description="公示异议 · object while the notice runs")
    async def object_to_recognition(
        self, info: strawberry.Info, input: ObjectToRecognitionInput
    ) -> RecognitionPayload:
        return await _recognition(
            info, lambda: ops.object_to_recognition(ctx(info), input.recognition_id, input.reason)
        )

    @strawberry.mutation(description="新建直接认定规则 · province and city offices")
    async def create_direct_recognition_rule(
        self, info: strawberry.Info, input: CreateDirectRecognitionRuleInput
    ) -> DirectRecognitionRulePayload:
        return await _rule(info, lambda: rules.create_direct_rule(ctx(info), args(rules.NewRule, input)))

    @strawberry.mutation(description="修改直接认定规则 · province and city offices")
    async def update_direct_recognition_rule(
        self, info: strawberry.Info, input: UpdateDirectRecognitionRuleInput
    ) -> DirectRecognitionRulePayload:
        return await _rule(info, lambda: rules.update_direct_rule(ctx(info), args(rules.RuleChanges, input)))
