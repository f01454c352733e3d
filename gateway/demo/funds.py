"""The demo's fund policies (资金政策), published: 石家庄's three of 人才强市 (2021) — a
doctoral graduate's rent subsidy, 3,000 元 a month for five years from starting work; a
one-off 300,000 元 on a first home; 200,000 元 a year for three years to supported
high-level talents — and 长安区's own housing subsidy, as its finances allow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from schema.models import FundPolicy
from schema.models.enums import ClawbackRule, FundPolicyStatus, FundSchedule, FundStartEvent

YUAN = 100
SJZ_BASIS = (
    "《石家庄市人才强市若干措施》（2021）：在支持期内离开本市或弄虚作假、违规使用的，取消支持并收回拨付资金"
)
DOCTOR = {"field": "DEGREE", "values": ["博士"]}
EMPLOYED = {"field": "EMPLOYED_HERE"}
MONTHLY, YEARLY, ONCE = FundSchedule.MONTHLY, FundSchedule.YEARLY, FundSchedule.ONCE
WORK_START = FundStartEvent.WORK_START
POLICIES: list[dict[str, Any]] = [
    dict(code="sjz.rent.doctor", name="博士研究生租房补贴", jurisdiction_id="130100", basis=SJZ_BASIS,
         amount_fen=3_000 * YUAN, schedule=MONTHLY, months=60, start_event=WORK_START,
         budget_fen=30_000_000 * YUAN, clawback=ClawbackRule.FULL, triggers=["FALSIFIED", "LEFT"],
         eligibility=[DOCTOR, EMPLOYED]),
    dict(code="sjz.home.doctor", name="博士研究生首次购房补贴", jurisdiction_id="130100", basis=SJZ_BASIS,
         amount_fen=300_000 * YUAN, schedule=ONCE, months=60, start_event=FundStartEvent.HOME_PURCHASE,
         budget_fen=30_000_000 * YUAN, clawback=ClawbackRule.PRO_RATA, triggers=["FALSIFIED", "LEFT"],
         eligibility=[DOCTOR, EMPLOYED, {"field": "FIRST_HOME"}]),
    dict(code="sjz.support.high", name="高层次人才支持经费", jurisdiction_id="130100", basis=SJZ_BASIS,
         amount_fen=200_000 * YUAN, schedule=YEARLY, months=36, start_event=FundStartEvent.DECISION,
         budget_fen=20_000_000 * YUAN, clawback=ClawbackRule.FULL,
         triggers=["CARD_REVOKED", "FALSIFIED", "LEFT"],
         eligibility=[{"field": "CATEGORY", "values": ["sjz.A", "sjz.B"]}, EMPLOYED]),
    dict(code="changan.housing", name="长安区人才安居补贴", jurisdiction_id="130102",
         basis="《长安区人才安居工程实施办法》（视财力安排）", amount_fen=1_000 * YUAN, schedule=MONTHLY,
         months=36, start_event=WORK_START, budget_fen=2_000_000 * YUAN, clawback=ClawbackRule.NONE,
         triggers=["LEFT"], eligibility=[{"field": "DEGREE", "values": ["博士", "硕士"]}, EMPLOYED,
                                          {"field": "SOCIAL_INSURANCE_MONTHS", "atLeast": 6}]),
]  # fmt: skip


async def seed_funds(effective_from: dt.date) -> None:
    await FundPolicy.bulk_create(
        [FundPolicy(**p, status=FundPolicyStatus.PUBLISHED, effective_from=effective_from) for p in POLICIES]
    )
