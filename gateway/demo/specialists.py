"""Demo data for specialists (服务专员) beyond the teams of gateway.demo.staff: the items
each one handles, 备案 dates, training records, dedicated specialists (一对一) of the top
card tiers — assigned by the same sweep the daily job runs — and one replacement (调整)
nominated at the 长安区 window, waiting for changan_admin to file it."""

from __future__ import annotations

import datetime as dt
import random

from gateway.demo import data
from gateway.demo.people import chinese_name, landline, mobile
from resolvers.specialists.dedicated import serving_places
from resolvers.specialists.sweep import assign_unserved
from schema.models import (
    CardTier,
    DedicatedAssignment,
    ServiceItem,
    ServiceItemDepartment,
    ServiceWindow,
    Specialist,
    SpecialistSuccession,
    SpecialistTraining,
)
from schema.models.enums import SpecialistKind, SpecialistStatus
from schema.sql import execute, marks

RANDOM_SEED = 5_2026
# Holders of these tiers get a dedicated specialist: 石家庄 A, 济南 A and B.
DEDICATED_TIERS = {"sjz.greencard": ("A",), "jinan.goldcard": ("A", "B")}
CHANGAN_WINDOW = "长安区人才服务分窗口"
COURSES = [
    ("人才服务政策专题培训", "石家庄市人才工作领导小组办公室"),
    ("一窗受理与并联办理业务培训", "河北省人力资源和社会保障厅"),
    ("政务服务礼仪与沟通技巧", "石家庄市行政审批局"),
    ("泉城人才服务金卡政策解读", "济南市委人才工作领导小组办公室"),
]


async def seed_specialists(today: dt.date) -> None:
    rng = random.Random(RANDOM_SEED)
    await _mark_dedicated_tiers()
    await _link_items()
    stamp = dt.datetime.combine(today - dt.timedelta(days=90), dt.time(9), tzinfo=dt.UTC)
    await Specialist.filter(status=SpecialistStatus.ACTIVE).update(filed_at=stamp)  # 已备案
    await _trainings(rng, today)
    await assign_unserved("demo", tell=False)  # holders had their cards before: no message
    await _nomination(rng)


async def _mark_dedicated_tiers() -> None:
    for programme, codes in DEDICATED_TIERS.items():
        await CardTier.filter(programme__code=programme, code__in=list(codes)).update(
            dedicated_specialist=True
        )


async def _link_items() -> None:
    """Handling specialists take their department's items; window and unit specialists the
    items owned by their place or a place above it."""
    specialists = await Specialist.all().values("id", "kind", "department_id", "jurisdiction_id")
    by_department: dict[int, list[int]] = {}
    for item_id, department_id in await ServiceItemDepartment.all().values_list("item_id", "department_id"):
        by_department.setdefault(department_id, []).append(item_id)
    owned: dict[str, list[int]] = {}
    for item_id, place in await ServiceItem.all().values_list("id", "jurisdiction_id"):
        owned.setdefault(place, []).append(item_id)
    links = []
    for s in specialists:
        if s["kind"] == SpecialistKind.HANDLING:
            items = by_department.get(s["department_id"], [])
        else:
            items = sorted(i for place in serving_places(s["jurisdiction_id"]) for i in owned.get(place, []))
            items = items if s["kind"] == SpecialistKind.WINDOW else items[:3]
        links += [(s["id"], i) for i in sorted(items)]
    for start in range(0, len(links), 400):  # the link table has no model of its own
        chunk = links[start : start + 400]
        tuples = ", ".join([f"({marks(2)})"] * len(chunk))
        await execute(
            f"INSERT INTO specialist_item (specialist_id, serviceitem_id) VALUES {tuples}",
            [v for pair in chunk for v in pair],
        )


async def _trainings(rng: random.Random, today: dt.date) -> None:
    ids = (
        await Specialist.filter(
            status=SpecialistStatus.ACTIVE, kind__in=[SpecialistKind.WINDOW, SpecialistKind.HANDLING]
        )
        .order_by("id")
        .values_list("id", "jurisdiction_id")
    )
    rows = []
    for specialist_id, place in ids:
        courses = [c for c in COURSES if ("泉城" in c[0]) == place.startswith("37")]
        for n in range(rng.choice((0, 1, 1, 2))):
            title, organiser = courses[n % len(courses)]
            rows.append(SpecialistTraining(
                specialist_id=specialist_id, title=title, organiser=organiser,
                held_on=today - dt.timedelta(days=rng.randrange(30, 400)), hours=rng.choice((4, 8, 16)),
                certificate=f"PX{today.year}{specialist_id:04d}{n}", recorded_by="demo",
            ))  # fmt: skip
    await SpecialistTraining.bulk_create(rows)


async def _nomination(rng: random.Random) -> None:
    """The 长安区 window's second specialist leaves; a new colleague is nominated (PENDING)."""
    window = await ServiceWindow.get(name=CHANGAN_WINDOW)
    team = await Specialist.filter(window_id=window.id, status=SpecialistStatus.ACTIVE).order_by("id")
    serving = set(
        await DedicatedAssignment.filter(
            specialist_id__in=[s.id for s in team], ended_at__isnull=True
        ).values_list("specialist_id", flat=True)
    )
    outgoing = next((s for s in team if s.user_id is None and s.id in serving), team[-1])
    place = window.jurisdiction_id
    successor = await Specialist.create(
        name=chinese_name(rng, male=rng.random() < 0.5), kind=SpecialistKind.WINDOW, window_id=window.id,
        jurisdiction_id=place, office_phone=landline(rng, data.area_code(place)), mobile=mobile(rng),
        status=SpecialistStatus.PENDING,
    )  # fmt: skip
    await SpecialistSuccession.create(
        specialist_id=outgoing.id, successor_id=successor.id, jurisdiction_id=place, window_id=window.id,
        reason="原专员岗位调动至区政务服务中心，由新任专员接替", nominated_by="changan_admin",
    )  # fmt: skip
