"""Demo complaints (投诉) in 长安区, one at each stage of the flow, so every step can be
tried at once (README, "Satisfaction and complaints"):

* an online complaint of talent_demo, RECEIVED — sjz_admin routes it (e.g. to 石家庄市公安局);
* a hotline complaint ROUTED to the 长安区 window — changan_window answers it;
* an online complaint answered by 石家庄市公安局, ANSWERED — sjz_admin records the callback.

They go through the same flow functions as the API, as the demo users would."""

from __future__ import annotations

from typing import Any

from gateway.demo.specialists import CHANGAN_WINDOW
from permissions.audit import Actor
from resolvers.complaints import flow
from schema.models import Complaint, Department, ServiceWindow, Talent, User
from schema.models.enums import ComplaintKind, ComplaintOutcome, ComplaintSource

POLICE = "石家庄市公安局"
TALENT, COUNTY_OFFICE, CITY_OFFICE, POLICE_HANDLER = (
    Actor("talent_demo"), Actor("changan_admin"), Actor("sjz_admin"), Actor("sjz_police_handler"),
)  # fmt: skip


async def seed_complaints() -> None:
    talent = await Talent.get(id=(await User.get(username="talent_demo")).talent_id)
    window = await ServiceWindow.get(name=CHANGAN_WINDOW)
    police = await Department.get(name=POLICE)
    limit = flow.default_workdays(ComplaintKind.COMPLAINT)
    mine = {"talent_id": talent.id, "complainant_name": talent.name, "complainant_phone": talent.phone}

    await _file(TALENT, ComplaintSource.ONLINE, "户籍窗口多次要求补交同一材料",
                "为子女办理随迁落户时，窗口三次要求补交同一份学历证明，希望一次告知清楚。", mine)  # fmt: skip

    hotline = await _file(COUNTY_OFFICE, ComplaintSource.HOTLINE, "窗口午间无人值守",
                          "12345 热线转来：长安区人才服务分窗口中午 12 点至 1 点无人受理。",
                          {"complainant_name": "李先生", "complainant_phone": "13931100000"})  # fmt: skip
    await flow.route(COUNTY_OFFICE, hotline, department_id=None, window_id=window.id,
                     workdays=limit, note="请核实值守安排并反馈")  # fmt: skip

    answered = await _file(TALENT, ComplaintSource.ONLINE, "户籍办理超期未告知进度",
                           "户籍办理已超过承诺时限，未收到任何进度通知。", mine)  # fmt: skip
    await flow.route(CITY_OFFICE, answered, department_id=police.id, window_id=None,
                     workdays=limit, note="请核查办理进度")  # fmt: skip
    await flow.record_answer(POLICE_HANDLER, answered, "经核查，因系统升级延误两个工作日，已办结并电话致歉；"
                             "今后超期将主动告知。", ComplaintOutcome.PARTLY_SUBSTANTIATED)  # fmt: skip


async def _file(actor: Actor, source: ComplaintSource, subject: str, content: str,
                who: dict[str, Any]) -> Complaint:  # fmt: skip
    complaint = await flow.open_complaint(
        actor, "fileComplaint", kind=ComplaintKind.COMPLAINT, source=source, jurisdiction_id="130102",
        subject=subject, content=content, **who,
    )  # fmt: skip
    await flow.tell_office_of_new(complaint)
    return complaint
