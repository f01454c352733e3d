"""Experts serving the grassroots (专家服务基层) in the demo: 正定县 designated as a grassroots
area (基层一线), three 长安区 experts listed for the year with service there — one with 16
confirmed days (达标), one with 10 (未达标), one with 5 days awaiting 正定县's confirmation —
and 石家庄's per-day allowance for such service (服务基层津补贴, PER_DAY)."""

from __future__ import annotations

import datetime as dt

from schema.clock import CHINA_TIME
from schema.models import FundPolicy, GrassrootsArea, GrassrootsExpert, GrassrootsService, Talent
from schema.models.enums import (
    ClawbackRule,
    FundPolicyStatus,
    FundSchedule,
    FundStartEvent,
    GrassrootsAreaKind,
    GrassrootsServiceStatus,
    TalentStatus,
)

AREA = "130123"  # 正定县
HOME = "130102"  # 长安区
YUAN = 100
# (days of each stretch, confirmed?) per expert, in the order they are listed
SERVICE = [((10, True), (6, True)), ((10, True),), ((5, False),)]
ALLOWANCE = dict(
    code="sjz.grassroots.allowance", name="专家服务基层津补贴", jurisdiction_id="130100",
    basis="《石家庄市专家服务基层实施办法》：按实际服务天数发放", amount_fen=300 * YUAN,
    schedule=FundSchedule.PER_DAY, months=12, start_event=FundStartEvent.DECISION,
    budget_fen=500_000 * YUAN, clawback=ClawbackRule.NONE, triggers=["FALSIFIED"], eligibility=[],
)  # fmt: skip


def _morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=CHINA_TIME)


def service_year(today: dt.date) -> int:
    """The year the demo's service falls in: this one, once it is old enough to hold it."""
    return today.year if today >= dt.date(today.year, 6, 1) else today.year - 1


async def seed_grassroots(today: dt.date, effective_from: dt.date) -> None:
    await GrassrootsArea.create(jurisdiction_id=AREA, kind=GrassrootsAreaKind.GRASSROOTS,
                                note="县域基层一线：乡镇卫生院、中小学、农业园区")  # fmt: skip
    await FundPolicy.create(**ALLOWANCE, status=FundPolicyStatus.PUBLISHED, effective_from=effective_from)
    year = service_year(today)
    experts = await Talent.filter(jurisdiction_id=HOME, status=TalentStatus.ACTIVE,
                                  professional_title__in=["正高级工程师", "教授", "研究员", "主任医师"]
                                  ).order_by("id").limit(len(SERVICE))  # fmt: skip
    start = dt.date(year, 3, 2)
    for talent, stretches in zip(experts, SERVICE, strict=True):
        expert = await GrassrootsExpert.create(
            year=year, talent_id=talent.id, jurisdiction_id=HOME, employer_id=talent.employer_id,
            listed_by="changan_admin",
        )  # fmt: skip
        day = start
        for days, confirmed in stretches:
            ends = day + dt.timedelta(days=days - 1)
            await GrassrootsService.create(
                expert_id=expert.id, year=year, talent_id=talent.id, jurisdiction_id=HOME,
                employer_id=talent.employer_id, area_jurisdiction_id=AREA, unit_name="正定县人民医院",
                starts_on=day, ends_on=ends, days=days, content="坐诊带教、开展适宜技术培训",
                status=GrassrootsServiceStatus.CONFIRMED if confirmed else GrassrootsServiceStatus.RECORDED,
                recorded_by="changan_admin", confirmed_by="zhengding_admin" if confirmed else None,
                confirmed_at=_morning(ends + dt.timedelta(days=5)) if confirmed else None,
            )  # fmt: skip
            day = ends + dt.timedelta(days=20)
