"""Specialists (服务专员): `publicSpecialists`, `specialistCompliance`, `successions`,
`createSpecialist`, `updateSpecialist`, `recordSpecialistTraining`,
`nominateSpecialistSuccessor`, `fileSpecialistSuccession`, `assignDedicatedSpecialist`.
The `specialists` connection is in schema/api/directory.py."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import UNSET

from resolvers.specialists import records as ops
from resolvers.specialists import reports, succession
from resolvers.specialists.assign import assign_dedicated_specialist
from schema.api.connections import connection_field
from schema.api.inputs import args
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.cards import ReviewDecision
from schema.types.common import ctx
from schema.types.enums import SpecialistKind, SpecialistStatus
from schema.types.filters import IDFilter, StringFilter, _enum_filter, optional
from schema.types.specialists import (
    DedicatedAssignment,
    PublicSpecialist,
    Specialist,
    SpecialistComplianceRow,
    SpecialistSuccession,
    SpecialistTraining,
    SuccessionStatus,
)

SuccessionStatusFilter = _enum_filter(SuccessionStatus, "SuccessionStatusFilter", "调整状态")
SuccessionOrder = order_input("SpecialistSuccession", "专员调整", ["ID", "CREATED_AT"])


@strawberry.input(description="专员调整筛选 · succession filter")
class SpecialistSuccessionFilter:
    status: SuccessionStatusFilter | None = optional("状态 · status")  # type: ignore[valid-type]
    specialist_id: IDFilter | None = optional("原专员 · the outgoing specialist")
    jurisdiction_code: StringFilter | None = optional("区划代码 · the organisation's jurisdiction")
    within_jurisdiction: str | None = optional("辖区内 · in this jurisdiction or any under it")


@strawberry.input(description="新增服务专员 · add a specialist to a department, window or employer")
class CreateSpecialistInput:
    name: str = strawberry.field(description="姓名 · name")
    kind: SpecialistKind = strawberry.field(description="类型 · UNIT, HANDLING or WINDOW")
    department_id: strawberry.ID | None = optional("所属部门 · HANDLING: the department")
    window_id: strawberry.ID | None = optional("所属窗口 · WINDOW: the service window")
    employer_id: strawberry.ID | None = optional("所属单位 · UNIT: the employer")
    jurisdiction_code: str | None = optional("所在区划 · must be the organisation's (default)")
    office_phone: str | None = optional("办公电话 · office phone (public)")
    mobile: str | None = optional("手机 · mobile (private)")
    item_ids: list[strawberry.ID] | None = optional("承办事项 · the organisation's service items")
    username: str | None = optional("用户名 · the account this specialist signs in with")


@strawberry.input(description="修改服务专员 · change contacts, items or status (离岗 / 返岗)")
class UpdateSpecialistInput:
    id: strawberry.ID = strawberry.field(description="服务专员 · the specialist")
    name: str | None = strawberry.field(default=UNSET, description="姓名 · name")
    office_phone: str | None = strawberry.field(default=UNSET, description="办公电话 · office phone")
    mobile: str | None = strawberry.field(default=UNSET, description="手机 · mobile")
    item_ids: list[strawberry.ID] | None = strawberry.field(default=UNSET, description="承办事项 · items")
    status: SpecialistStatus | None = strawberry.field(
        default=UNSET, description="状态 · ACTIVE or INACTIVE (dedicated talents move to others first)"
    )


@strawberry.input(description="登记培训 · record a training a specialist attended")
class RecordSpecialistTrainingInput:
    specialist_id: strawberry.ID = strawberry.field(description="服务专员 · the specialist")
    title: str = strawberry.field(description="培训名称 · title")
    held_on: dt.date = strawberry.field(description="培训日期 · held on")
    hours: float = strawberry.field(description="学时 · hours (0.5 – 999.9)")
    organiser: str | None = optional("主办单位 · organiser")
    certificate: str | None = optional("证书编号 · certificate number")


@strawberry.input(description="接替人 · a new person nominated as successor")
class SuccessorInput:
    name: str = strawberry.field(description="姓名 · name")
    office_phone: str | None = optional("办公电话 · office phone")
    mobile: str | None = optional("手机 · mobile")
    username: str | None = optional("用户名 · the account they sign in with")


@strawberry.input(description="提名接替专员 · the organisation nominates a successor")
class NominateSpecialistSuccessorInput:
    specialist_id: strawberry.ID = strawberry.field(description="原专员 · the leaving specialist")
    successor: SuccessorInput | None = optional("新专员 · a new person (becomes PENDING)")
    successor_id: strawberry.ID | None = optional("接替专员 · or a colleague in the same organisation")
    reason: str = strawberry.field(description="调整原因 · reason (required)")


@strawberry.input(description="专员调整备案 · the talent office files or rejects a nomination")
class FileSpecialistSuccessionInput:
    succession_id: strawberry.ID = strawberry.field(description="专员调整 · the nomination")
    decision: ReviewDecision = strawberry.field(description="决定 · APPROVE or REJECT")
    note: str | None = optional("意见 · note (required to reject)")


@strawberry.input(description="指定一对一服务专员 · name a talent's dedicated specialist")
class AssignDedicatedSpecialistInput:
    talent_id: strawberry.ID = strawberry.field(description="人才 · the talent")
    specialist_id: strawberry.ID = strawberry.field(description="服务专员 · an active window specialist")


@strawberry.type(description="服务专员变更结果 · result of a specialist mutation")
class SpecialistPayload:
    specialist: Specialist | None = strawberry.field(description="服务专员 · the specialist")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="培训登记结果 · result of recordSpecialistTraining")
class SpecialistTrainingPayload:
    training: SpecialistTraining | None = strawberry.field(description="培训记录 · the record")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="专员调整结果 · result of a succession mutation")
class SpecialistSuccessionPayload:
    succession: SpecialistSuccession | None = strawberry.field(description="专员调整 · the succession")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="一对一指派结果 · result of assignDedicatedSpecialist")
class DedicatedAssignmentPayload:
    assignment: DedicatedAssignment | None = strawberry.field(description="一对一服务 · the assignment")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


def _nomination(data: NominateSpecialistSuccessorInput) -> succession.Nomination:
    successor = None if data.successor is None else args(succession.Successor, data.successor)
    return args(succession.Nomination, data, successor=successor)


async def _succession(info: strawberry.Info, work) -> SpecialistSuccessionPayload:
    return await payload(info, work, SpecialistSuccessionPayload, "succession", SpecialistSuccession.from_row)


@strawberry.type
class SpecialistQueries:
    successions = connection_field(
        succession.SUCCESSIONS, SpecialistSuccession, SpecialistSuccessionFilter, SuccessionOrder,
        "专员调整 · successions the caller may see",
    )  # fmt: skip

    @strawberry.field(description="专员公示 · active specialists with public fields only; anonymous")
    async def public_specialists(
        self, info: strawberry.Info,
        jurisdiction_code: Annotated[str | None, strawberry.argument(
            description="区划代码 · here and under it (default: everywhere)")] = None,
        first: Annotated[int | None, strawberry.argument(description="条数 · at most 500 (default)")] = None,
        offset: Annotated[int | None, strawberry.argument(description="跳过 · rows to skip")] = None,
    ) -> list[PublicSpecialist]:  # fmt: skip
        entries = await reports.public_specialists(jurisdiction_code, first, offset)
        return [PublicSpecialist.from_entry(e) for e in entries]

    @strawberry.field(description="专员配备达标 · every department and window under the code: active vs 2")
    async def specialist_compliance(
        self, info: strawberry.Info,
        jurisdiction_code: Annotated[str, strawberry.argument(description="区划代码 · here and under it")],
        only_non_compliant: Annotated[bool, strawberry.argument(
            description="仅未达标 · only those short of 2")] = False,
    ) -> list[SpecialistComplianceRow]:  # fmt: skip
        rows = await reports.specialist_compliance(ctx(info), jurisdiction_code, only_non_compliant)
        return [SpecialistComplianceRow.from_row(r) for r in rows]


@strawberry.type
class SpecialistMutations:
    @strawberry.mutation(description="新增服务专员 · offices; a department's admin for its own")
    async def create_specialist(
        self, info: strawberry.Info, input: CreateSpecialistInput
    ) -> SpecialistPayload:
        work = lambda: ops.create_specialist(ctx(info), args(ops.NewSpecialist, input))  # noqa: E731
        return await payload(info, work, SpecialistPayload, "specialist", Specialist.from_row)

    @strawberry.mutation(description="修改服务专员 · contacts, items, 离岗 / 返岗")
    async def update_specialist(
        self, info: strawberry.Info, input: UpdateSpecialistInput
    ) -> SpecialistPayload:
        work = lambda: ops.update_specialist(ctx(info), args(ops.SpecialistChanges, input))  # noqa: E731
        return await payload(info, work, SpecialistPayload, "specialist", Specialist.from_row)

    @strawberry.mutation(description="登记专员培训 · record a training")
    async def record_specialist_training(
        self, info: strawberry.Info, input: RecordSpecialistTrainingInput
    ) -> SpecialistTrainingPayload:
        work = lambda: ops.record_training(ctx(info), args(ops.Training, input))  # noqa: E731
        return await payload(info, work, SpecialistTrainingPayload, "training", SpecialistTraining.from_row)

    @strawberry.mutation(description="提名接替专员 · by the specialist's organisation")
    async def nominate_specialist_successor(
        self, info: strawberry.Info, input: NominateSpecialistSuccessorInput
    ) -> SpecialistSuccessionPayload:
        return await _succession(info, lambda: succession.nominate_successor(ctx(info), _nomination(input)))

    @strawberry.mutation(description="专员调整备案 · by the talent office of the organisation's level")
    async def file_specialist_succession(
        self, info: strawberry.Info, input: FileSpecialistSuccessionInput
    ) -> SpecialistSuccessionPayload:
        return await _succession(info, lambda: succession.file_succession(
            ctx(info), input.succession_id, input.decision, input.note
        ))  # fmt: skip

    @strawberry.mutation(description="指定一对一服务专员 · by a talent office")
    async def assign_dedicated_specialist(
        self, info: strawberry.Info, input: AssignDedicatedSpecialistInput
    ) -> DedicatedAssignmentPayload:
        work = lambda: assign_dedicated_specialist(ctx(info), input.talent_id, input.specialist_id)  # noqa: E731
        return await payload(
            info, work, DedicatedAssignmentPayload, "assignment", DedicatedAssignment.from_row
        )
