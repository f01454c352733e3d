"""Demo accounts (演示账号) with their grants, and service specialists (服务专员)."""

from __future__ import annotations

import random

from gateway.demo import data
from gateway.demo.people import chinese_name, landline, mobile
from permissions import scopes
from permissions.delegation import place_of
from permissions.grants import add_grant, user_subject
from schema.models import Department, ServiceWindow, Specialist, User
from schema.models.enums import SpecialistKind, SpecialistStatus

HANDLING, WINDOW, UNIT = SpecialistKind.HANDLING, SpecialistKind.WINDOW, SpecialistKind.UNIT
ACTIVE, INACTIVE = SpecialistStatus.ACTIVE, SpecialistStatus.INACTIVE


async def create_accounts(
    password_hash: str, departments: dict[str, Department], demo_talent_id: int
) -> dict[str, User]:
    """The accounts of `data.ACCOUNTS`, each with exactly its one grant."""
    users = {}
    for account in data.ACCOUNTS:
        is_talent = account.role == "talent"
        kind, _, value = account.scope.partition(":")
        if kind == "dept":
            scope = scopes.dept(departments[value].id)
        elif is_talent:
            scope = scopes.talent(demo_talent_id)
        else:
            scope = account.scope
        jurisdiction, department = await place_of([(account.role, scope)])
        users[account.username] = await User.create(
            username=account.username,
            password_hash=password_hash,
            display_name=account.display_name,
            talent_id=demo_talent_id if is_talent else None,
            jurisdiction_id=jurisdiction,
            department_id=department,
        )
        await add_grant(user_subject(account.username), account.role, scope)
    return users


async def create_specialists(
    rng: random.Random,
    departments: dict[str, Department],
    windows: dict[str, ServiceWindow],
    employers: list[int],
    users: dict[str, User],
) -> None:
    """Two or three active specialists per department and window (one department short),
    and a unit specialist at two employers in three."""
    works_as = {org: users[name].id for name, org in data.SPECIALIST_OF_ACCOUNT.items()}
    rows: list[Specialist] = []
    for name, department in departments.items():
        if name == data.UNDERSTAFFED_DEPARTMENT:
            statuses = [ACTIVE, INACTIVE]  # one in post, one who has left (离岗)
        else:
            statuses = [ACTIVE] * rng.choice((2, 2, 3))
        rows += _team(
            rng,
            HANDLING,
            department.jurisdiction_id,
            statuses,
            works_as.get(name),
            department_id=department.id,
        )
    for name, window in windows.items():
        rows += _team(
            rng,
            WINDOW,
            window.jurisdiction_id,
            [ACTIVE] * 3,
            works_as.get(name),
            window_id=window.id,
        )
    for index, (employer_id, spec) in enumerate(zip(employers, data.EMPLOYERS, strict=True)):
        if index % 3 != 2:
            rows += _team(rng, UNIT, spec.jurisdiction, [ACTIVE], None, employer_id=employer_id)
    await Specialist.bulk_create(rows)


def _team(
    rng: random.Random,
    kind: SpecialistKind,
    jurisdiction: str,
    statuses: list[SpecialistStatus],
    first_user_id: int | None,
    **organisation: int,
) -> list[Specialist]:
    """Specialists of one organisation; the first is the one a demo account works as."""
    return [
        Specialist(
            name=chinese_name(rng, male=rng.random() < 0.5),
            kind=kind,
            jurisdiction_id=jurisdiction,
            office_phone=landline(rng, data.area_code(jurisdiction)),
            mobile=mobile(rng),
            status=status,
            user_id=first_user_id if n == 0 else None,
            **organisation,
        )
        for n, status in enumerate(statuses)
    ]
