"""clientMutationId on the submissions other than submitServiceRequest (whose own tests are
tests/requests/test_idempotency.py): a complaint filed from a phone, a fund application and
a recognition application. Resent with the same key, each answers with the record the first
one made and writes nothing — no second row, audit row, message or outbox row; the same key
with another input is a CONFLICT that changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from tortoise.models import Model

from resolvers.core.ids import encode_id
from schema.models import (
    AuditEvent,
    Complaint,
    FundApplication,
    IdempotencyKey,
    Notification,
    OutboxEntry,
    Recognition,
    Talent,
    TalentCategory,
)
from schema.models.enums import TalentStatus
from tests.support.funds import apply_input, doctor_in_changan, published_policy
from tests.support.graphql import GraphQLClient

KEY = "phone-5c1e-0001"


async def _complaint() -> dict[str, Any]:
    return {"source": "ONLINE", "subject": "户籍办理超期", "content": "承诺 10 个工作日，已过期未告知进度。"}


async def _fund_application() -> dict[str, Any]:
    return apply_input(await doctor_in_changan(), await published_policy("sjz.rent.doctor"))


async def _recognition() -> dict[str, Any]:
    """For a 长安区 talent at an employer with no recognition yet (the demo has two)."""
    busy = await Recognition.all().values_list("talent_id", flat=True)
    talent = await (
        Talent.filter(jurisdiction_id="130102", status=TalentStatus.ACTIVE, employer_id__isnull=False)
        .exclude(id__in=list(busy)).order_by("id").first()
    )  # fmt: skip
    assert talent is not None
    category = encode_id("TalentCategory", (await TalentCategory.get(code="sjz.B")).id)
    basis = "国家级重点人才工程入选者"
    return {"talentId": encode_id("Talent", talent.id), "categoryId": category, "basis": basis}


@dataclass(frozen=True)
class Submission:
    mutation: str
    record: str  # the payload's field
    model: type[Model]
    user: str
    given: Callable[[], Awaitable[dict[str, Any]]]  # its input
    other: dict[str, Any]  # what makes it another input

    def __str__(self) -> str:
        return self.mutation


SUBMISSIONS = [
    Submission("fileComplaint", "complaint", Complaint, "talent_demo", _complaint, {"content": "再次催办。"}),
    Submission("applyForFund", "fundApplication", FundApplication, "changan_window", _fund_application,
               {"bankName": "中国建设银行石家庄分行"}),
    Submission("submitRecognition", "recognition", Recognition, "changan_window", _recognition,
               {"basis": "省级人才工程入选者"}),
]


async def _send(client: GraphQLClient, s: Submission, given: dict[str, Any]) -> dict[str, Any]:
    input_type = f"{s.mutation[0].upper()}{s.mutation[1:]}Input"
    text = f"""mutation($input: {input_type}!) {{ {s.mutation}(input: $input) {{
      {s.record} {{ id }} clientMutationId userErrors {{ field code }} }} }}"""
    return (await client.data(text, {"input": given | {"clientMutationId": KEY}}, as_user=s.user))[s.mutation]


async def _written(s: Submission) -> dict[str, int]:
    """Everything a submission writes, counted."""
    return {
        "records": await s.model.all().count(),
        "audit": await AuditEvent.filter(operation=s.mutation).count(),
        "notifications": await Notification.all().count(),
        "outbox": await OutboxEntry.all().count(),
        "keys": await IdempotencyKey.all().count(),
    }


@dataclass(frozen=True)
class First:
    """A submission made once with KEY: its input, its answer, and what was written before and after."""

    s: Submission
    given: dict[str, Any]
    made: dict[str, Any]
    before: dict[str, int]
    after: dict[str, int]


@pytest.fixture(params=SUBMISSIONS, ids=str)
async def first(request: pytest.FixtureRequest, client: GraphQLClient) -> First:
    s: Submission = request.param
    before = await _written(s)
    given = await s.given()
    made = await _send(client, s, given)
    assert made["userErrors"] == [] and made["clientMutationId"] == KEY
    return First(s, given, made, before, await _written(s))


async def test_a_resend_with_the_same_key_answers_with_the_first_record_and_writes_nothing(
    client: GraphQLClient, first: First
) -> None:
    s = first.s
    again = await _send(client, s, first.given)
    assert again["userErrors"] == [] and again["clientMutationId"] == KEY
    assert again[s.record] == first.made[s.record]
    assert await _written(s) == first.after
    one_more = {k: first.before[k] + 1 for k in ("records", "audit", "keys")}
    assert {k: first.after[k] for k in one_more} == one_more  # the first made one record, audited once


async def test_the_same_key_with_another_input_is_a_conflict_and_changes_nothing(
    client: GraphQLClient, first: First
) -> None:
    s = first.s
    refused = await _send(client, s, first.given | s.other)
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("clientMutationId", "CONFLICT")]
    assert refused[s.record] is None and refused["clientMutationId"] == KEY
    assert await _written(s) == first.after
