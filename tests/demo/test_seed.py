"""The demo data: loaded once into a real SQLite database, with valid identifiers and the
accounts, grants and service items that API.md promises."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from tortoise import Tortoise
from tortoise.exceptions import IntegrityError

from gateway import db
from gateway.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
from gateway.demo.data import UNDERSTAFFED_DEPARTMENT, WEBHOOK_DEPARTMENT
from permissions.grants import grants_of, user_subject
from resolvers.accounts.passwords import verify_password
from resolvers.core.validation import (
    check_credit_code,
    check_phone,
    check_resident_id,
    make_resident_id,
)
from schema.models import (
    Card,
    CasbinRule,
    Department,
    Employer,
    Jurisdiction,
    ServiceItem,
    ServiceItemDepartment,
    Specialist,
    Talent,
    User,
)
from schema.models.enums import CardStatus, SpecialistKind, SpecialistStatus
from tests.support.databases import SqliteDatabases, sqlite_url

COUNTIES = ("130102", "130123", "370102", "370171")

EXPECTED_GRANTS = {
    "hebei_admin": ("province_admin", "jur:130000"),
    "sjz_admin": ("city_admin", "jur:130100"),
    "changan_admin": ("county_admin", "jur:130102"),
    "zhengding_admin": ("county_admin", "jur:130123"),
    "changan_window": ("window_specialist", "jur:130102"),
    "sjz_police_handler": ("handler", "dept:石家庄市公安局"),
    "sjz_edu_handler": ("handler", "dept:石家庄市教育局"),
    "sjz_hr_handler": ("handler", "dept:石家庄市人力资源和社会保障局"),
    "jinan_admin": ("city_admin", "jur:370100"),
    "shandong_platform": ("federation", "jur:370000"),
    "verifier_demo": ("card_verifier", "jur:130100"),
    "auditor_demo": ("auditor", "jur:130100"),
    "talent_demo": ("talent", "talent:<demo>"),
    "platform_ops": ("platform_admin", "*"),
}


@pytest.fixture
async def database(sqlite_databases: SqliteDatabases) -> AsyncIterator[str]:
    """A migrated, empty SQLite database that Tortoise is connected to (a copy of the
    session's migrated template)."""
    url = sqlite_url(sqlite_databases.create())
    await Tortoise.init(config=db.tortoise_config(url))
    try:
        yield url
    finally:
        await Tortoise.close_connections()


@pytest.fixture
async def seeded(database: str) -> None:
    assert await seed_demo() is True


async def test_seeding_twice_changes_nothing_the_second_time(seeded: None) -> None:
    counts = [await model.all().count() for model in (Talent, Card, User, CasbinRule)]
    assert await seed_demo() is False
    assert [await model.all().count() for model in (Talent, Card, User, CasbinRule)] == counts


async def test_a_failure_part_way_leaves_no_demo_data_behind(database: str) -> None:
    # An account name already taken makes the seeder fail after most rows are written.
    await User.create(username="talent_demo", password_hash="-")
    with pytest.raises(IntegrityError):
        await seed_demo()
    for model in (Jurisdiction, Department, Employer, Talent, Card, Specialist):
        assert await model.all().count() == 0, model.__name__
    assert await CasbinRule.filter(ptype="g").count() == 0


async def test_the_same_data_is_generated_every_run(sqlite_databases: SqliteDatabases) -> None:
    snapshots = []
    for _ in ("first", "second"):
        url = sqlite_url(sqlite_databases.create())
        await Tortoise.init(config=db.tortoise_config(url))
        try:
            await seed_demo(today=date(2026, 3, 1))
            snapshots.append(
                (
                    await Talent.all().order_by("id").values_list("id_number", "name", "phone"),
                    await Card.all().order_by("id").values_list("number", "holder_id"),
                    await Employer.all().order_by("id").values_list("credit_code", flat=True),
                )
            )
        finally:
            await Tortoise.close_connections()
    assert snapshots[0] == snapshots[1]


async def test_jurisdictions_form_the_two_province_trees(seeded: None) -> None:
    parents = dict(await Jurisdiction.all().values_list("code", "parent_id"))
    assert parents == {
        "130000": None,
        "130100": "130000",
        "130102": "130100",
        "130123": "130100",
        "370000": None,
        "370100": "370000",
        "370102": "370100",
        "370171": "370100",
    }
    assert (await Jurisdiction.get(code="370171")).name == "济南高新技术产业开发区"


async def test_every_county_has_hundreds_of_talents_with_valid_ids(seeded: None) -> None:
    rows = await Talent.all().values_list(
        "jurisdiction_id", "id_number", "gender", "birth_date", "phone", "employer__jurisdiction_id"
    )
    assert len(rows) >= 300
    for county in COUNTIES:
        assert sum(1 for row in rows if row[0] == county) >= 60
    for county, id_number, gender, birth_date, phone, employer_county in rows:
        checked = check_resident_id(id_number)
        assert checked.region_code == county
        assert checked.gender == gender and checked.birth_date == birth_date
        assert 1965 <= birth_date.year <= 2000
        assert check_phone(phone) == phone
        assert employer_county[:4] == county[:4]  # an employer in the same city


async def test_every_employer_has_a_valid_credit_code(seeded: None) -> None:
    codes = await Employer.all().values_list("credit_code", "jurisdiction_id")
    assert len(codes) >= 30
    assert {county for _, county in codes} == set(COUNTIES)
    for code, county in codes:
        assert check_credit_code(code) == code
        assert code[2:8] == county


@pytest.mark.parametrize(
    ("code", "mode", "departments"),
    [
        ("sjz.household", "APPLICATION", ["石家庄市公安局", "石家庄市人力资源和社会保障局"]),
        ("sjz.school", "APPLICATION", ["石家庄市教育局"]),
        ("sjz.medical", "DIRECT", ["石家庄市卫生健康委员会"]),
    ],
)
async def test_the_promised_service_items_exist_with_their_lead_department(
    seeded: None, code: str, mode: str, departments: list[str]
) -> None:
    item = await ServiceItem.get(code=code, version=1)
    assert item.mode == mode and item.status == "PUBLISHED"
    links = await ServiceItemDepartment.filter(item=item).order_by("-is_lead", "id")
    assert [(await link.department).name for link in links] == departments
    assert [link.is_lead for link in links] == [True] + [False] * (len(departments) - 1)
    assert await item.eligible_tiers.all().count() >= 1


async def test_every_service_item_has_exactly_one_lead_department(seeded: None) -> None:
    items = await ServiceItem.all().prefetch_related("department_links")
    assert len(items) >= 26
    for item in items:
        assert sum(link.is_lead for link in item.department_links) == 1, item.code
    assert {item.jurisdiction_id for item in items} >= {"130100", "130102", "130123", "370100"}


async def test_each_demo_account_exists_with_exactly_its_grant(seeded: None) -> None:
    assert [username for username, _, _ in DEMO_ACCOUNTS] == list(EXPECTED_GRANTS)
    departments = dict(await Department.all().values_list("name", "id"))
    for username, (role, scope) in EXPECTED_GRANTS.items():
        user = await User.get(username=username)
        if scope.startswith("dept:"):
            scope = f"dept:{departments[scope[5:]]}"
        elif scope.startswith("talent:"):
            scope = f"talent:{user.talent_id}"
        assert await grants_of(user_subject(username)) == [(role, scope)], username


async def test_demo_accounts_share_the_demo_password(seeded: None) -> None:
    user = await User.get(username="sjz_admin")
    assert verify_password(user.password_hash, DEMO_PASSWORD)
    assert len(set(await User.all().values_list("password_hash", flat=True))) == 1


async def test_talent_demo_holds_an_active_a_card_in_changan(seeded: None) -> None:
    user = await User.get(username="talent_demo").prefetch_related("talent")
    talent = user.talent
    assert talent is not None and talent.jurisdiction_id == "130102"
    card = await Card.get(holder=talent, status=CardStatus.ACTIVE).prefetch_related("tier")
    assert card.tier.rank == 1 and card.number.startswith("SJZ-A-")
    assert await card.programme.values_list("code", flat=True) == "sjz.greencard"


async def test_handler_accounts_work_as_handling_specialists_of_their_department(
    seeded: None,
) -> None:
    for username, department in [
        ("sjz_police_handler", "石家庄市公安局"),
        ("sjz_edu_handler", "石家庄市教育局"),
        ("sjz_hr_handler", "石家庄市人力资源和社会保障局"),
    ]:
        specialist = await Specialist.get(user__username=username).prefetch_related("department")
        assert specialist.kind == SpecialistKind.HANDLING
        assert specialist.department.name == department


async def test_all_departments_and_windows_but_one_have_two_active_specialists(
    seeded: None,
) -> None:
    active = Specialist.filter(status=SpecialistStatus.ACTIVE)
    short = []
    for department in await Department.all():
        if await active.filter(department=department).count() < 2:
            short.append(department.name)
    assert short == [UNDERSTAFFED_DEPARTMENT]
    windows = await active.filter(kind=SpecialistKind.WINDOW).values_list("window_id", flat=True)
    assert min(windows.count(w) for w in set(windows)) >= 2 and len(set(windows)) == 6
    assert await Specialist.filter(kind=SpecialistKind.UNIT).count() >= 10


async def test_one_department_takes_handoffs_by_webhook(seeded: None) -> None:
    webhook = await Department.filter(channel="WEBHOOK")
    assert [d.name for d in webhook] == [WEBHOOK_DEPARTMENT]
    assert webhook[0].webhook_url and webhook[0].webhook_secret


async def test_rows_created_after_seeding_get_fresh_ids_on_every_backend(db: str) -> None:
    # On PostgreSQL, explicit ids in the seeder would leave the id sequences behind.
    assert await seed_demo() is True
    seeded_ids = set(await Department.all().values_list("id", flat=True))
    department = await Department.create(name="长安区卫生健康局", jurisdiction_id="130102")
    assert department.id not in seeded_ids
    id_number = make_resident_id("130102", date(1990, 1, 1), 499, male=True)
    talent = await Talent.create(name="新人才", gender="MALE", id_number=id_number, jurisdiction_id="130102")
    assert await Talent.filter(id=talent.id).count() == 1
