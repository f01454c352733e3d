"""Load the demo data (演示数据) into an initialised, migrated database.

Tortoise 1.x `bulk_create` neither returns rows nor sets integer primary keys, so rows
whose ids are needed later are created one by one (a few dozen) or, when many, bulk
created and then re-read by a unique column (employer credit code, talent ID number).
Explicit ids are avoided: on PostgreSQL they would leave the id sequences behind.
"""

from __future__ import annotations

import asyncio
import random
import secrets
from datetime import date
from itertools import count

from tortoise.transactions import in_transaction

from gateway.demo import catalogue, data
from gateway.demo.archives import seed_archives
from gateway.demo.complaints import seed_complaints
from gateway.demo.customfields import seed_custom_fields
from gateway.demo.funds import seed_funds
from gateway.demo.grassroots import seed_grassroots
from gateway.demo.history import seed_history
from gateway.demo.people import TalentGenerator, TalentSpec, landline
from gateway.demo.recognition import seed_recognition
from gateway.demo.specialists import seed_specialists
from gateway.demo.staff import create_accounts, create_specialists
from gateway.demo.tools import seed_tools
from permissions.bootstrap import ensure_default_policy
from resolvers.accounts.passwords import hash_password
from resolvers.core.validation import CREDIT_CODE_ALPHABET, make_credit_code
from schema.clock import add_years, china_today
from schema.models import (
    Card,
    CardProgramme,
    CardTier,
    Department,
    Employer,
    FamilyMember,
    Jurisdiction,
    ServiceItem,
    ServiceItemDepartment,
    ServiceWindow,
    Talent,
    TalentCategory,
)
from schema.models.enums import (
    CardStatus,
    DeliveryChannel,
    Gender,
    ServiceItemStatus,
    TalentStatus,
)

RANDOM_SEED = 2026
TALENTS_PER_COUNTY = 80
ITEMS_EFFECTIVE_FROM = date(2024, 1, 1)
DEMO_TALENT_COUNTY, DEMO_TALENT_CATEGORY = "130102", "sjz.B"  # a 领军人才 holding an A card


async def seed_demo(
    password: str = data.DEMO_PASSWORD, *, today: date | None = None, history: bool = True,
    random_seed: int = RANDOM_SEED,
) -> bool:
    """Load the demo data in one transaction; False (and nothing done) if it is already there.

    :param password: the password of every demo account
    :param today: the day card and introduction dates are counted back from
    :param history: add the past year of service requests (gateway.demo.history); tests
        that count on a demo without requests leave it out
    :param random_seed: another seed gives other people (the province demo's deployments
        each have their own talents)
    """
    await ensure_default_policy()
    if await Jurisdiction.exists(code="130000"):
        return False
    # argon2 is deliberately slow: hash once, off the event loop, and share the hash.
    password_hash = await asyncio.to_thread(hash_password, password)
    rng = random.Random(random_seed)
    async with in_transaction():
        await _jurisdictions()
        departments = await _departments(rng)
        windows = await _windows(rng)
        tiers = await _ladders_and_programmes()
        await _catalogue(departments, tiers)
        employers = await _employers(rng)
        demo_talent_id = await _talents(rng, today or china_today(), employers, tiers)
        await seed_custom_fields(demo_talent_id)  # 石家庄's 是否已购房 and 联系频次, a few values
        users = await create_accounts(password_hash, departments, demo_talent_id)
        await create_specialists(rng, departments, windows, employers, users)
        await seed_recognition(demo_talent_id)
        await seed_specialists(today or china_today())
        await seed_complaints()  # one complaint at each stage of the flow, in 长安区
        await seed_tools()  # 石家庄's template tool, 长安区's clone and window board
        await seed_funds(ITEMS_EFFECTIVE_FROM)  # 石家庄's three fund policies and 长安区's
        await seed_grassroots(today or china_today(), ITEMS_EFFECTIVE_FROM)  # 专家服务基层 in 正定县
        if history:
            await seed_history(today or china_today(), rng)  # a year of requests in 长安区 and 正定县
        await seed_archives(today or china_today())  # last: files what the lines above created
    return True


async def _jurisdictions() -> None:
    # Parents come first in the list, so one bulk insert satisfies the foreign key.
    await Jurisdiction.bulk_create(
        [Jurisdiction(code=c, name=n, level=lv, parent_id=p) for c, n, lv, p in data.JURISDICTIONS]
    )


async def _departments(rng: random.Random) -> dict[str, Department]:
    departments = {}
    for jurisdiction, names in data.DEPARTMENTS.items():
        area_code = data.area_code(jurisdiction)
        for name in names:
            webhook = name == data.WEBHOOK_DEPARTMENT
            departments[name] = await Department.create(
                name=name,
                jurisdiction_id=jurisdiction,
                channel=DeliveryChannel.WEBHOOK if webhook else DeliveryChannel.INBOX,
                webhook_url=data.WEBHOOK_URL if webhook else None,
                # Random per installation: a shared secret must not live in the source.
                webhook_secret=secrets.token_hex(32) if webhook else None,
                phone=landline(rng, area_code),
                function=data.department_function(name).value,
            )
    return departments


async def _windows(rng: random.Random) -> dict[str, ServiceWindow]:
    windows: dict[str, ServiceWindow] = {}
    for w in data.WINDOWS:  # city windows precede their sub-windows
        windows[w.name] = await ServiceWindow.create(
            name=w.name,
            jurisdiction_id=w.jurisdiction,
            parent=windows[w.parent] if w.parent else None,
            address=w.address,
            phone=landline(rng, data.area_code(w.jurisdiction)),
        )
    return windows


async def _ladders_and_programmes() -> dict[str, CardTier]:
    """Talent categories, card programmes and tiers; tiers keyed `<programme>:<tier>`."""
    categories: dict[str, TalentCategory] = {}
    for ladder, members in data.CATEGORIES.items():
        for c in members:
            categories[c.code] = await TalentCategory.create(
                code=c.code,
                name=c.name,
                ladder=ladder,
                rank=c.rank,
                jurisdiction_id=c.jurisdiction,
                description=c.description,
                publicity_workdays=data.publicity_workdays(c.code),
            )
    tiers = {}
    for p in data.PROGRAMMES:
        programme = await CardProgramme.create(
            code=p.code,
            name=p.name,
            jurisdiction_id=p.jurisdiction,
            validity_years=p.validity_years,
            description=p.description,
            number_prefix=p.number_prefix,
        )
        for t in p.tiers:
            tier = await CardTier.create(programme=programme, code=t.code, name=t.name, rank=t.rank)
            if t.categories:
                await tier.categories.add(*(categories[code] for code in t.categories))
            tiers[f"{p.code}:{t.code}"] = tier
    return tiers


async def _catalogue(departments: dict[str, Department], tiers: dict[str, CardTier]) -> None:
    links = []
    for spec in catalogue.SERVICE_ITEMS:
        item = await ServiceItem.create(
            code=spec.code,
            version=1,
            name=spec.name,
            category=spec.category,
            mode=spec.mode,
            time_limit_workdays=spec.time_limit_workdays,
            policy_basis=spec.policy_basis,
            description=spec.description,
            materials=list(spec.materials),
            jurisdiction_id=spec.jurisdiction,
            status=ServiceItemStatus.PUBLISHED,
            effective_from=ITEMS_EFFECTIVE_FROM,
        )
        await item.eligible_tiers.add(*(tiers[key] for key in spec.tiers))
        links += [
            ServiceItemDepartment(item_id=item.id, department_id=departments[name].id, is_lead=i == 0)
            for i, name in enumerate(spec.departments)
        ]
    await ServiceItemDepartment.bulk_create(links)


async def _employers(rng: random.Random) -> list[int]:
    """Employer ids in the order of `data.EMPLOYERS`."""
    codes = [
        make_credit_code(
            e.jurisdiction,
            _organisation_code(rng, e),
            authority=e.authority,
            entity_type=e.entity_type,
        )
        for e in data.EMPLOYERS
    ]
    await Employer.bulk_create(
        [
            Employer(
                name=e.name,
                credit_code=code,
                jurisdiction_id=e.jurisdiction,
                kind=e.kind,
                industry=e.industry,
            )
            for e, code in zip(data.EMPLOYERS, codes, strict=True)
        ]
    )
    ids = dict(await Employer.filter(credit_code__in=codes).values_list("credit_code", "id"))
    return [ids[code] for code in codes]


def _organisation_code(rng: random.Random, employer: data.EmployerSpec) -> str:
    # Companies registered since 2015 carry MA-series codes; institutions older numeric ones.
    if employer.authority == "9":
        return "MA0" + "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(5))
    return f"4{rng.randrange(10**7):07d}"


async def _talents(rng: random.Random, today: date, employers: list[int], tiers: dict[str, CardTier]) -> int:
    """Talents, their families and cards; returns the id of the demo talent."""
    generator = TalentGenerator(rng, today)
    demo = generator.talent(DEMO_TALENT_COUNTY, DEMO_TALENT_CATEGORY, keep=True)
    specs = [demo] + [generator.talent(county) for county in data.COUNTIES for _ in range(TALENTS_PER_COUNTY)]
    categories = dict(await TalentCategory.all().values_list("code", "id"))
    await Talent.bulk_create([_talent(s, employers, categories) for s in specs])
    numbers = [s.person.id_number for s in specs]
    ids = dict(await Talent.filter(id_number__in=numbers).values_list("id_number", "id"))
    await FamilyMember.bulk_create(
        [
            FamilyMember(
                talent_id=ids[s.person.id_number],
                relation=relation,
                name=member.name,
                id_number=member.id_number,
                birth_date=member.birth_date,
            )
            for s in specs
            for relation, member in s.family
        ]
    )
    await Card.bulk_create(_cards(specs, ids, tiers))
    return ids[demo.person.id_number]


def _talent(spec: TalentSpec, employers: list[int], categories: dict[str, int]) -> Talent:
    who = spec.person
    return Talent(
        name=who.name,
        gender=Gender.MALE if who.male else Gender.FEMALE,
        id_number=who.id_number,
        birth_date=who.birth_date,
        phone=spec.phone,
        address=spec.address,
        education=spec.education,
        degree=spec.degree,
        professional_title=spec.professional_title,
        skill_level=spec.skill_level,
        employer_id=employers[spec.employer_index],
        jurisdiction_id=spec.county,
        category_id=categories[spec.category] if spec.category else None,
        introduced_on=spec.introduced_on,
        status=TalentStatus.LEFT if spec.left_on else TalentStatus.ACTIVE,
        left_on=spec.left_on,
    )


def _cards(specs: list[TalentSpec], ids: dict[str, int], tiers: dict[str, CardTier]) -> list[Card]:
    # Each category maps to one tier of its city's programme; numbers count per programme.
    tier_of = {
        category: (p, tiers[f"{p.code}:{t.code}"])
        for p in data.PROGRAMMES
        for t in p.tiers
        for category in t.categories
    }
    serials = {p.code: count(1) for p in data.PROGRAMMES}
    cards = []
    for spec in specs:
        if spec.card is None or spec.category is None:
            continue
        programme, tier = tier_of[spec.category]
        issued_on = spec.card.issued_on
        serial = next(serials[programme.code])
        cards.append(
            Card(
                number=f"{programme.number_prefix}-{tier.code}-{issued_on.year}-{serial:06d}",
                programme_id=tier.programme_id,
                tier_id=tier.id,
                holder_id=ids[spec.person.id_number],
                jurisdiction_id=spec.county,  # the holder's county: its office sees the card
                issued_on=issued_on,
                expires_on=add_years(issued_on, programme.validity_years),
                status=CardStatus.ACTIVE if spec.card.active else CardStatus.REVOKED,
            )
        )
    return cards
