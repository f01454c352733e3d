"""Demo data for talent recognition (人才认定): the direct-recognition rules (直接认定) of
石家庄 and 济南 as written in their policy texts, and two applications in flight so the demo
has something to review and a public notice to show."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from gateway.demo.data import JINAN, SJZ
from permissions.audit import SYSTEM_USERNAME
from resolvers.core.numbers import request_number
from resolvers.deadlines.workdays import load_calendar
from schema import clock
from schema.clock import china_today
from schema.models import DirectRecognitionRule, Recognition, RecognitionStep, Talent, TalentCategory
from schema.models.enums import DirectRuleKind, RecognitionStatus, RecognitionStepKind, TalentStatus

S = RecognitionStatus
NO_REVIEWS = [S.COUNTY_REVIEW.value, S.CITY_REVIEW.value]  # 免评审，仍须公示
NO_COUNTY = [S.COUNTY_REVIEW.value]

# National awards the policies list for direct recognition as a top talent (顶尖人才).
TOP_AWARDS = [
    "国家最高科学技术奖",
    "何梁何利基金科学与技术成就奖",
    "国家自然科学奖一等奖",
    "国家技术发明奖一等奖",
    "国家科学技术进步奖特等奖",
    "茅盾文学奖",
    "中国工程院院士",
    "中国科学院院士",
]
MIN_SALARY_YUAN = 500_000  # 年薪50万元以上
MIN_EMPLOYER_TAX_YUAN = 5_000_000  # 用人单位上年度纳税500万元以上


class RuleSpec(NamedTuple):
    code: str
    name: str
    jurisdiction: str
    category: str
    kind: DirectRuleKind
    skips: list[str]
    source: str


RULES = [
    RuleSpec("sjz.direct.award", "获国家级重大奖项直接认定为A类人才", SJZ, "sjz.A", DirectRuleKind.AWARD,
             NO_REVIEWS, "《石家庄市高层次人才分类认定目录》：获得国家最高科学技术奖、何梁何利基金科学与"
             "技术成就奖、茅盾文学奖等国家级重大奖项者，直接认定为A类人才，免于评审，按程序公示。"),
    RuleSpec("sjz.direct.salary_tax", "高薪人才直接认定为C类人才", SJZ, "sjz.C", DirectRuleKind.SALARY_TAX,
             NO_COUNTY, "《石家庄市高层次人才分类认定目录》：在上年度纳税500万元以上的企业工作、"
             "年薪50万元以上的人才，可直接认定为C类人才，免于县级初审。"),
    RuleSpec("jinan.direct.award", "获国家级重大奖项直接认定为A类人才", JINAN, "jinan.A",
             DirectRuleKind.AWARD, NO_REVIEWS, "《济南市人才分类目录》：获得国家最高科学技术奖、"
             "何梁何利基金科学与技术成就奖、茅盾文学奖等奖项者，直接认定为A类人才，经公示后发证。"),
    RuleSpec("jinan.direct.salary_tax", "高薪人才直接认定为C类人才", JINAN, "jinan.C",
             DirectRuleKind.SALARY_TAX, NO_COUNTY, "《济南市人才分类目录》：在上年度纳税500万元以上的"
             "用人单位工作、年薪50万元以上的人才，可直接认定为C类人才，免于区县初审。"),
]  # fmt: skip


async def seed_recognition(demo_talent_id: int) -> None:
    """The rules, then one application at the county review and one on public notice
    (talents of 长安区 other than the demo talent)."""
    categories = dict(await TalentCategory.all().values_list("code", "id"))
    await DirectRecognitionRule.bulk_create([
        DirectRecognitionRule(
            code=r.code, name=r.name, jurisdiction_id=r.jurisdiction, category_id=categories[r.category],
            kind=r.kind, skips=r.skips, source=r.source,
            awards=TOP_AWARDS if r.kind == DirectRuleKind.AWARD else [],
            min_annual_salary_yuan=MIN_SALARY_YUAN if r.kind == DirectRuleKind.SALARY_TAX else None,
            min_employer_tax_yuan=MIN_EMPLOYER_TAX_YUAN if r.kind == DirectRuleKind.SALARY_TAX else None,
        )
        for r in RULES
    ])  # fmt: skip
    talents = await Talent.filter(
        jurisdiction_id="130102", status=TalentStatus.ACTIVE, employer_id__isnull=False
    ).exclude(id=demo_talent_id).order_by("id").limit(2)
    if len(talents) < 2:
        return
    today = china_today()
    now = clock.now()
    waiting, on_notice = talents
    until = (await load_calendar(on_notice.jurisdiction_id)).add_workdays(today, 5)
    first = await _application(waiting, categories["sjz.D"], now, "正高级职称，市管优秀专家",
                               S.COUNTY_REVIEW)  # fmt: skip
    await _steps(first, [(RecognitionStepKind.SUBMITTED, None, None, S.COUNTY_REVIEW, "changan_window")])
    second = await _application(on_notice, categories["sjz.C"], now, "省级重点人才工程入选者",
                                S.PUBLICITY, publicity=(today, until))  # fmt: skip
    await _steps(second, [
        (RecognitionStepKind.SUBMITTED, None, None, S.COUNTY_REVIEW, "changan_window"),
        (RecognitionStepKind.COUNTY_REVIEW, "APPROVE", S.COUNTY_REVIEW, S.CITY_REVIEW, "changan_admin"),
        (RecognitionStepKind.CITY_REVIEW, "APPROVE", S.CITY_REVIEW, S.PUBLICITY, "sjz_admin"),
        (RecognitionStepKind.PUBLICITY_STARTED, None, S.CITY_REVIEW, S.PUBLICITY, SYSTEM_USERNAME),
    ])  # fmt: skip


async def _application(talent: Talent, category_id: int, now: dt.datetime, basis: str, status: S,
                       publicity: tuple[dt.date, dt.date] | None = None) -> Recognition:  # fmt: skip
    return await Recognition.create(
        number=request_number(talent.jurisdiction_id, now, "RC"), talent_id=talent.id,
        category_id=category_id, jurisdiction_id=talent.jurisdiction_id, employer_id=talent.employer_id,
        status=status, basis=basis, materials={"申报表": "已提交", "业绩证明": "已提交"},
        publicity_from=publicity[0] if publicity else None,
        publicity_until=publicity[1] if publicity else None,
    )  # fmt: skip


async def _steps(recognition: Recognition, steps: list[tuple]) -> None:
    await RecognitionStep.bulk_create([
        RecognitionStep(recognition_id=recognition.id, kind=kind.value, decision=decision,
                        opinion="同意" if decision else None, actor=actor,
                        from_status=before.value if before else None, to_status=after.value)
        for kind, decision, before, after, actor in steps
    ])  # fmt: skip
