"""Demo data of the province demo (`talentgate demo --province`): a Shandong province
deployment and two city deployments, 济南 and 青岛.

Each deployment starts from the demo data with its own random seed (so each has its own
people), and then what its part in the story needs:

* every deployment knows 青岛市 and 市南区, and the province-wide item a provincial card
  (山东惠才卡) opens at any window: 全省A级景区免票;
* the province: its office (`shandong_admin`) and a 惠才卡 for the mover below;
* 济南: the mover — a talent who left 济南 last month — and nothing else new;
* 青岛: its office and window (`qingdao_admin`, `qingdao_window`), a dozen talents of 市南区
  with 惠才卡, and the mover, registered here after leaving 济南 (the same ID number:
  the province sees one person with a history in both cities).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from gateway.demo.people import person
from gateway.demo.seed import ITEMS_EFFECTIVE_FROM, seed_demo
from permissions.delegation import place_of
from permissions.grants import add_grant, user_subject
from resolvers.accounts.passwords import hash_password
from resolvers.core.validation import make_resident_id
from schema.clock import add_years, china_today
from schema.models import Card, CardTier, Jurisdiction, ServiceItem, ServiceWindow, Talent, User
from schema.models.enums import (
    CardStatus,
    Gender,
    JurisdictionLevel,
    ServiceCategory,
    ServiceItemStatus,
    ServiceMode,
    TalentStatus,
)

QINGDAO, SHINAN = "370200", "370202"
PROVINCE_ITEM = "shandong.huicai.scenic"
HUICAI_TIER = "shandong.huicai"  # programme code; its one tier is HC
QINGDAO_TALENTS = 12


@dataclass(frozen=True)
class Node:
    name: str  # province | jinan | qingdao
    title: str
    code: str  # the jurisdiction it is authoritative for
    port_offset: int
    random_seed: int
    admin: str  # the office that makes the node's API tokens




NODES = (
    Node("province", "山东省人才服务平台", "370000", 0, 2026, "shandong_admin"),
    Node("jinan", "济南市人才服务平台", "370100", 1, 3701, "jinan_admin"),
    Node("qingdao", "青岛市人才服务平台", QINGDAO, 2, 3702, "qingdao_admin"),
)
ACCOUNTS = {
    "province": [("shandong_admin", "山东省人才工作管理员", "province_admin", "jur:370000")],
    "qingdao": [("qingdao_admin", "青岛市人才服务局管理员", "city_admin", f"jur:{QINGDAO}"),
                ("qingdao_window", "市南区人才服务窗口专员", "window_specialist", f"jur:{SHINAN}")],
}  # fmt: skip
# The mover: born 1988-05-12 in 历下区, a man (one ID number, the same in every deployment;
# the demo's own people of 历下区 are numbered from 1, this one is 499).
MOVER_NAME = "齐鲁远"
MOVER_ID = make_resident_id("370102", dt.date(1988, 5, 12), 499, True)


async def seed_node(node: Node, password: str) -> bool:
    """The demo data, then the node's part; False (nothing done) when it is there already."""
    if not await seed_demo(password, history=False, random_seed=node.random_seed):
        return False
    password_hash = hash_password(password)
    await _qingdao_places()
    await _province_item()
    for username, display, role, scope in ACCOUNTS.get(node.name, []):
        jurisdiction, department = await place_of([(role, scope)])
        await User.create(username=username, password_hash=password_hash, display_name=display,
                          jurisdiction_id=jurisdiction, department_id=department)  # fmt: skip
        await add_grant(user_subject(username), role, scope)
    today = china_today()
    left_on = today - dt.timedelta(days=30)
    if node.name == "jinan":
        await _mover("370102", dt.date(2021, 3, 1), TalentStatus.LEFT, left_on)
    elif node.name == "qingdao":
        await ServiceWindow.create(name="青岛市人才服务窗口（市南区）", jurisdiction_id=SHINAN,
                                   address="青岛市市南区香港中路", phone="0532-80000000")  # fmt: skip
        await _qingdao_talents(random.Random(node.random_seed), today)
        await _mover(SHINAN, left_on + dt.timedelta(days=3), TalentStatus.ACTIVE, None)
    elif node.name == "province":
        mover = await _mover(SHINAN, left_on + dt.timedelta(days=3), TalentStatus.ACTIVE, None)
        await _huicai_card(mover, "SD-HC-2026-000001", today)
    return True


async def _qingdao_places() -> None:
    await Jurisdiction.create(code=QINGDAO, name="青岛市", level=JurisdictionLevel.CITY, parent_id="370000")
    await Jurisdiction.create(code=SHINAN, name="市南区", level=JurisdictionLevel.COUNTY, parent_id=QINGDAO)


async def _province_item() -> None:
    """A province-wide item every valid card opens (no tier restriction), served on the spot."""
    await ServiceItem.create(
        code=PROVINCE_ITEM, version=1, name="全省A级景区免票", category=ServiceCategory.TOURISM_FITNESS,
        mode=ServiceMode.DIRECT, time_limit_workdays=None, jurisdiction_id="370000",
        policy_basis="《山东惠才卡服务保障办法》", materials=["人才卡"],
        description="持省内任一有效人才卡，在全省国有A级旅游景区免首道门票",
        status=ServiceItemStatus.PUBLISHED, effective_from=ITEMS_EFFECTIVE_FROM,
    )  # fmt: skip


async def _mover(county: str, arrived: dt.date, status: TalentStatus, left_on: dt.date | None) -> Talent:
    return await Talent.create(
        name=MOVER_NAME, gender=Gender.MALE, id_number=MOVER_ID, birth_date=dt.date(1988, 5, 12),
        phone="13905310019", jurisdiction_id=county, introduced_on=arrived, status=status, left_on=left_on,
        education="研究生", degree="博士",
    )  # fmt: skip


async def _huicai_card(holder: Talent, number: str, issued_on: dt.date) -> Card:
    tier = await CardTier.get(programme__code=HUICAI_TIER, code="HC")
    return await Card.create(
        number=number, programme_id=tier.programme_id, tier_id=tier.id, holder_id=holder.id,
        jurisdiction_id=holder.jurisdiction_id, issued_on=issued_on, expires_on=add_years(issued_on, 5),
        status=CardStatus.ACTIVE,
    )  # fmt: skip


async def _qingdao_talents(rng: random.Random, today: dt.date) -> None:
    for sequence in range(1, QINGDAO_TALENTS + 1):
        who = person(rng, SHINAN, sequence, (dt.date(1970, 1, 1), dt.date(1998, 12, 31)))
        talent = await Talent.create(
            name=who.name, gender=Gender.MALE if who.male else Gender.FEMALE, id_number=who.id_number,
            birth_date=who.birth_date, jurisdiction_id=SHINAN, status=TalentStatus.ACTIVE,
            introduced_on=today - dt.timedelta(days=30 * sequence), education="研究生", degree="博士",
        )  # fmt: skip
        await _huicai_card(talent, f"SD-HC-QD-{sequence:06d}", today - dt.timedelta(days=20 * sequence))
