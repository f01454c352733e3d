"""Dedicated specialists (一对一服务专员) of top-tier card holders: who is chosen, and how
talents move when their specialist leaves.

A holder's specialist is an ACTIVE WINDOW specialist of the talent's county, else of its
city, else of its province: the one with the fewest current talents (ties: lowest id).
One GROUP BY statement reads the candidates and their loads for a whole batch of talents,
which is then shared out in memory so loads stay even within the batch. The unique
`active_talent_id` column means a talent never holds two current assignments: a double
insert is "someone else assigned first", never a second specialist."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from permissions.scopes import ancestors
from resolvers.core.errors import ErrorCode, UserError
from resolvers.messaging.notifications import Message, send
from schema import clock
from schema.models import CardTier, DedicatedAssignment, Specialist, Talent, User
from schema.models.enums import SpecialistKind, SpecialistStatus
from schema.sql import fetch, insert_many, marks

log = logging.getLogger("talentgate.dedicated")

# Reasons an assignment starts (DedicatedAssignment.reason) and ends (end_reason).
CARD_ISSUED, REASSIGNED, SUCCESSION, MANUAL, SWEEP = (
    "CARD_ISSUED",
    "REASSIGNED",
    "SUCCESSION",
    "MANUAL",
    "SWEEP",
)
SPECIALIST_LEFT, REPLACED, NO_DEDICATED_CARD = "SPECIALIST_LEFT", "REPLACED", "NO_DEDICATED_CARD"

LOADS = """
SELECT s.id, s.jurisdiction_id, COUNT(a.id) AS load
FROM specialist s
LEFT JOIN dedicated_assignment a ON a.specialist_id = s.id AND a.ended_at IS NULL
WHERE s.kind = ? AND s.status = ? AND s.jurisdiction_id IN ({codes})
GROUP BY s.id, s.jurisdiction_id"""


def serving_places(county: str) -> list[str]:
    """Where a talent's dedicated specialist may come from, nearest first: county, city,
    province (a city-level talent has no county of its own)."""
    return ancestors(county)


def may_serve(specialist: Specialist, talent_jurisdiction: str) -> bool:
    return specialist.kind == SpecialistKind.WINDOW and specialist.jurisdiction_id in serving_places(
        talent_jurisdiction
    )


class Planner:
    """Candidates per place with their current loads; `pick` takes the least loaded of the
    nearest place and counts the new talent against it."""

    def __init__(self, rows: list[dict], exclude: Iterable[int]) -> None:
        skip = set(exclude)
        self.loads: dict[str, dict[int, int]] = {}
        for row in rows:
            if row["id"] not in skip:
                self.loads.setdefault(row["jurisdiction_id"], {})[row["id"]] = int(row["load"])

    def pick(self, county: str) -> int | None:
        for place in serving_places(county):
            here = self.loads.get(place)
            if here:
                chosen = min(here, key=lambda sid: (here[sid], sid))
                here[chosen] += 1
                return chosen
        return None


async def planner(counties: Iterable[str], exclude: Iterable[int] = ()) -> Planner:
    codes = sorted({place for county in counties for place in serving_places(county)})
    if not codes:
        return Planner([], ())
    rows = await fetch(
        LOADS.format(codes=marks(len(codes))),
        [SpecialistKind.WINDOW.value, SpecialistStatus.ACTIVE.value, *codes],
    )
    return Planner(rows, exclude)


@dataclass(frozen=True)
class Holder:
    talent_id: int
    jurisdiction_id: str
    card_id: int | None = None


async def assign_one(
    holder: Holder, specialist_id: int, reason: str, actor: str
) -> DedicatedAssignment | None:
    """The talent's new current assignment, or None when someone assigned them first."""
    try:
        async with in_transaction():  # a savepoint: a double leaves the caller's transaction usable
            return await DedicatedAssignment.create(
                talent_id=holder.talent_id, specialist_id=specialist_id, active_talent_id=holder.talent_id,
                jurisdiction_id=holder.jurisdiction_id, card_id=holder.card_id, reason=reason,
                assigned_by=actor,
            )  # fmt: skip
    except IntegrityError:
        return None


async def assign_holders(holders: Sequence[Holder], reason: str, actor: str, *, tell: bool = True,
                         keys: list[str] | None = None) -> int:  # fmt: skip
    """Give each holder (none has a current assignment) a specialist by load; holders with
    no candidate anywhere are left for the next sweep. Returns how many were assigned;
    the messages' outbox keys go to `keys`."""
    plan = await planner(h.jurisdiction_id for h in holders)
    done: list[tuple[Holder, int]] = []
    for holder in holders:
        chosen = plan.pick(holder.jurisdiction_id)
        if chosen is None:
            log.warning("no active window specialist serves talent %s (%s)", holder.talent_id,
                        holder.jurisdiction_id)  # fmt: skip
        elif await assign_one(holder, chosen, reason, actor) is not None:
            done.append((holder, chosen))
    if tell and done:
        sent = await tell_talents({h.talent_id: s for h, s in done})
        if keys is not None:
            keys += sent
    return len(done)


async def current_of(specialist_id: int) -> list[DedicatedAssignment]:
    # Locked on PostgreSQL: a concurrent hand-over of the same talents waits for this one.
    return await DedicatedAssignment.filter(
        specialist_id=specialist_id, ended_at__isnull=True
    ).select_for_update()


async def hand_over(leaving: Specialist, actor: str, *, successor: Specialist | None = None,
                    field: str | None = "status") -> list[str]:  # fmt: skip
    """Move every current talent of `leaving` to `successor`, or (None) to the other
    eligible specialists by load, and tell them. Nobody eligible for some talent →
    INVALID_STATE before anything is written: no talent is ever left without a specialist.
    Returns the messages' outbox keys."""
    current = await current_of(leaving.id)
    if not current:
        return []
    if successor is not None:
        targets = {a.id: successor.id for a in current}
        reason, end_reason = SUCCESSION, REPLACED
    else:
        plan = await planner({a.jurisdiction_id for a in current}, exclude=[leaving.id])
        picked = {a.id: plan.pick(a.jurisdiction_id) for a in current}
        stranded = sum(1 for chosen in picked.values() if chosen is None)
        if stranded:
            raise UserError(
                field,
                ErrorCode.INVALID_STATE,
                f"没有其他在岗的窗口专员可以接替 {stranded} 名一对一服务人才，请先增加窗口专员",
                f"no other active window specialist can take over {stranded} dedicated talent(s); "
                "add one first",
            )
        targets = {key: chosen for key, chosen in picked.items() if chosen is not None}
        reason, end_reason = REASSIGNED, SPECIALIST_LEFT
    stamp = clock.now()
    await DedicatedAssignment.filter(id__in=[a.id for a in current], ended_at__isnull=True).update(
        ended_at=stamp, end_reason=end_reason, active_talent_id=None
    )
    await insert_many(DedicatedAssignment, [
        {"talent_id": a.talent_id, "specialist_id": targets[a.id], "active_talent_id": a.talent_id,
         "jurisdiction_id": a.jurisdiction_id, "card_id": a.card_id, "reason": reason, "assigned_by": actor,
         "started_at": stamp, "ended_at": None, "end_reason": None}
        for a in current
    ])  # fmt: skip
    return await tell_talents({a.talent_id: targets[a.id] for a in current})


async def end_assignments(ids: Sequence[int], end_reason: str) -> int:
    """End current assignments (a conditional update: ending twice changes nothing)."""
    if not ids:
        return 0
    return await DedicatedAssignment.filter(id__in=list(ids), ended_at__isnull=True).update(
        ended_at=clock.now(), end_reason=end_reason, active_talent_id=None
    )


async def tell_talents(chosen: dict[int, int]) -> list[str]:
    """Each talent hears who their specialist now is (in-app at once; other channels via the
    outbox, which the sweeper delivers if the caller does not enqueue the keys)."""
    specialists = {s.id: s for s in await Specialist.filter(id__in=list(set(chosen.values())))}
    users: dict[int, list[int]] = {}
    for user_id, talent_id in await User.filter(talent_id__in=list(chosen), is_active=True).values_list(
        "id", "talent_id"
    ):  # fmt: skip
        users.setdefault(talent_id, []).append(user_id)
    messages = []
    for talent_id, specialist_id in chosen.items():
        s = specialists[specialist_id]
        phone = f"，办公电话 {s.office_phone}" if s.office_phone else ""
        messages.append(Message(users.get(talent_id, []), "一对一服务专员",
                                f"您的一对一服务专员为 {s.name}{phone}。", "specialist", s.id))  # fmt: skip
    return await send([m for m in messages if list(m.recipients)])


async def on_card_issued(actor: str, talent: Talent, tier: CardTier, card_id: int) -> None:
    """Called where a card is newly issued or upgraded, in that transaction: a holder of a
    dedicated tier gets a specialist unless they have one. With no candidate anywhere the
    card is still issued; the daily sweep assigns one later. The holder's message is stored
    at once; copies on other channels wait for the outbox sweeper."""
    if not tier.dedicated_specialist or await DedicatedAssignment.exists(active_talent_id=talent.id):
        return
    await assign_holders([Holder(talent.id, talent.jurisdiction_id, card_id)], CARD_ISSUED, actor)
