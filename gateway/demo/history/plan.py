"""The year planned in memory, nothing written: which talents ask for which items when, their
requests' handoffs and what befalls them (their fates), and what the plan reads from the demo
database (`Context`). Nothing happens on or after `today`: what would have is still open."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from gateway.demo import catalogue
from resolvers.core.numbers import request_number
from resolvers.deadlines.workdays import Calendars, WorkCalendar
from resolvers.requests.flow import FINISHED, final_status
from resolvers.requests.intake import item_due_on
from schema.clock import CHINA_TIME
from schema.models import (
    Card,
    Department,
    ServiceItem,
    ServiceItemDepartment,
    ServiceWindow,
    Specialist,
    User,
)
from schema.models.enums import (
    CardStatus,
    HandoffOutcome,
    HandoffStatus,
    RequestChannel,
    RequestStatus,
    ServiceMode,
    SpecialistKind,
    SpecialistStatus,
    TalentStatus,
)

REQUESTS = {"130102": 260, "130123": 200}  # received over the year, per county
# Who the written rows name as acting (requests.py, complaints.py).
DEMO_ACTOR = "demo"  # acts where the real actor (a talent, a department) has no demo account
WINDOW_ACCOUNT = {"130102": "changan_window"}

# How often each item is asked for (the county's own school item replaces part of the city's).
POPULARITY = {
    "sjz.household": 10,
    "sjz.school": 7,
    "sjz.social_insurance": 10,
    "sjz.housing": 7,
    "sjz.provident_fund": 8,
    "sjz.medical": 8,
    "sjz.entry_exit": 8,
    "sjz.title": 6,
    "sjz.tax": 4,
    "sjz.tourism": 4,
    "sjz.transport": 2,
    "sjz.customs": 2,
    "sjz.spouse_job": 3,
    "sjz.recuperation": 3,
    "changan.school": 6,
    "zhengding.school": 6,
}

# What happens to a request with handoffs; one of its handoffs carries the fate.
ON_TIME, LATE, EXTENDED, RETURNED, REJECTED, WITHDRAWN, STUCK = (
    "ON_TIME",
    "LATE",
    "EXTENDED",
    "RETURNED",
    "REJECTED",
    "WITHDRAWN",
    "STUCK",
)
FATES = {ON_TIME: 66, LATE: 18, EXTENDED: 7, RETURNED: 2, REJECTED: 2, WITHDRAWN: 1, STUCK: 4}

RETURN_REASONS = [
    "材料不齐，请补充劳动合同原件后重新提交",
    "户口簿信息与身份证不一致，请先办理信息变更",
    "缴存证明已过期，请补交近三个月证明",
]
REJECT_OPINIONS = [
    "申请人不符合该事项的办理条件",
    "所购住房不在政策支持范围内",
    "已享受同类政策，不得重复申请",
]
EXTENSION_REASONS = [
    "需外省协查档案，延期办理",
    "涉及多部门会商，需延长办理时限",
    "系统升级暂停受理，顺延办理",
]
WITHDRAW_REASONS = ["申请人已在原籍办理", "申请人暂不需要该服务"]


@dataclass
class PlannedHandoff:
    """A handoff to one department as it stands today."""

    item: ServiceItem
    department_id: int
    is_lead: bool
    due_on: dt.date  # as extended
    status: HandoffStatus = HandoffStatus.DELIVERED
    outcome: HandoffOutcome | None = None
    opinion: str | None = None
    return_reason: str | None = None
    delivered_at: dt.datetime | None = None
    accepted_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    extension: tuple[dt.datetime, dt.date, dt.date, str] | None = None  # at, previous, new, reason


@dataclass
class PlannedRequest:
    """A request as it stands today, its handoffs and the fate one of them carries."""

    number: str
    county: str
    talent: dict[str, Any]
    channel: RequestChannel
    received_at: dt.datetime
    items: list[ServiceItem]
    handoffs: list[PlannedHandoff] = field(default_factory=list)
    due_on: dt.date | None = None
    status: RequestStatus = RequestStatus.RECEIVED
    completed_at: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None
    withdraw_reason: str | None = None
    fate: str = ON_TIME


class Clock:
    """Moments of the demo's past: office hours on Beijing dates, stored in UTC; working
    days counted in the calendar of one place (`at_place`), as the live flow counts them."""

    def __init__(
        self, rng: random.Random, calendars: Calendars, today: dt.date, place: str | None = None
    ) -> None:
        self.rng, self.calendars, self.today = rng, calendars, today
        self.calendar: WorkCalendar = calendars.for_place(place)

    def at_place(self, place: str) -> Clock:
        """The same clock (and random stream) counting in `place`'s calendar."""
        return Clock(self.rng, self.calendars, self.today, place)

    def at(self, day: dt.date, after: dt.datetime | None = None) -> dt.datetime:
        """A time in office hours of `day`, later than `after` when that is on the same day."""
        minute = self.rng.choice(
            (self.rng.randint(9 * 60, 11 * 60 + 45), self.rng.randint(14 * 60, 17 * 60 + 15))
        )
        moment = dt.datetime.combine(
            day, dt.time(minute // 60, minute % 60, self.rng.randrange(60)), CHINA_TIME
        )
        if after is not None and moment <= after:
            moment = after + dt.timedelta(minutes=self.rng.randint(5, 90))
        return moment.astimezone(dt.UTC)

    def after(self, day: dt.date, workdays: int) -> dt.date:
        return self.calendar.add_workdays(day, workdays)

    def past(self, day: dt.date) -> bool:
        return day < self.today


def beijing_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CHINA_TIME).date()


@dataclass
class Context:
    """What the plan and the writing read from the demo database loaded before the history."""

    talents: dict[str, list[dict[str, Any]]]  # county → active carded talents (not talent_demo)
    items: dict[str, ServiceItem]  # code → item
    links: dict[int, list[ServiceItemDepartment]]  # item id → departments, lead first as intake
    tiers: dict[str, tuple[str, ...]]  # item code → card tiers admitted
    windows: dict[str, ServiceWindow]  # county → its window
    handlers: dict[int, tuple[int, str]]  # department id → (user id, username) of a handling specialist
    users: dict[str, int]  # username → id
    departments: dict[str, int]  # name → id

    @classmethod
    async def load(cls) -> Context:
        demo = await User.get(username="talent_demo")
        cards = (
            await Card.filter(
                status=CardStatus.ACTIVE,
                holder__jurisdiction_id__in=list(REQUESTS),
                holder__status=TalentStatus.ACTIVE,
            )
            .exclude(holder_id=demo.talent_id)
            .order_by("holder_id")
            .values(
                "holder_id",
                "issued_on",
                "expires_on",
                "tier__code",
                "programme__code",
                "holder__jurisdiction_id",
                "holder__employer_id",
                "holder__name",
                "holder__phone",
            )
        )
        talents: dict[str, list[dict[str, Any]]] = {county: [] for county in REQUESTS}
        for card in cards:
            card["tier"] = f"{card['programme__code']}:{card['tier__code']}"
            talents[card["holder__jurisdiction_id"]].append(card)
        items = {i.code: i for i in await ServiceItem.filter(code__in=list(POPULARITY)).order_by("id")}
        links: dict[int, list[ServiceItemDepartment]] = {}
        for link in await ServiceItemDepartment.filter(item_id__in=[i.id for i in items.values()]).order_by(
            "id"
        ):
            links.setdefault(link.item_id, []).append(link)
        windows = {
            w.jurisdiction_id: w
            for w in await ServiceWindow.filter(jurisdiction_id__in=list(REQUESTS)).order_by("-id")
        }
        handlers: dict[int, tuple[int, str]] = {}
        for row in (
            await Specialist.filter(
                kind=SpecialistKind.HANDLING, status=SpecialistStatus.ACTIVE, user_id__isnull=False
            )
            .order_by("-id")
            .values("department_id", "user_id", "user__username")
        ):
            handlers[row["department_id"]] = (row["user_id"], row["user__username"])
        return cls(
            talents=talents,
            items=items,
            links=links,
            tiers={spec.code: spec.tiers for spec in catalogue.SERVICE_ITEMS},
            windows=windows,
            handlers=handlers,
            users=dict(await User.all().values_list("username", "id")),
            departments=dict(await Department.all().values_list("name", "id")),
        )


# -- planning: what happened to each request, in memory ----------------------------------


def plan_request(
    clock: Clock, context: Context, county: str, day: dt.date, used: set[tuple[int, str]], numbers: set[str]
) -> PlannedRequest | None:
    clock = clock.at_place(county)  # its due dates count in the county's calendar
    rng = clock.rng
    holders = [t for t in context.talents[county] if t["issued_on"] <= day <= t["expires_on"]]
    if not holders:
        return None
    talent = rng.choice(holders)
    offered = [
        code
        for code in POPULARITY
        if code.startswith(("sjz.", {"130102": "changan.", "130123": "zhengding."}[county]))
        and code in context.items
        and talent["tier"] in context.tiers[code]
        and (talent["holder_id"], code) not in used
    ]
    wanted = min(len(offered), rng.choices((1, 2, 3), (66, 27, 7))[0])
    codes: list[str] = []
    while len(codes) < wanted:
        code = rng.choices(offered, [POPULARITY[c] for c in offered])[0]
        if code not in codes:
            codes.append(code)
    if not codes:
        return None
    used.update((talent["holder_id"], code) for code in codes)
    channel = rng.choices((RequestChannel.WINDOW, RequestChannel.ONLINE, RequestChannel.UNIT), (55, 30, 15))[
        0
    ]
    received_at = clock.at(day)
    number = request_number(county, received_at)[:-8] + f"{rng.getrandbits(32):08X}"  # reproducible
    while number in numbers:
        number = number[:-8] + f"{rng.getrandbits(32):08X}"
    numbers.add(number)
    request = PlannedRequest(number, county, talent, channel, received_at, [context.items[c] for c in codes])
    _intake(clock, context, request)
    _handle(clock, context, request)
    return request


def _intake(clock: Clock, context: Context, request: PlannedRequest) -> None:
    """resolvers/requests/intake.py `_create`: one handoff per responsible department of each
    APPLICATION item, due the item's time limit in working days after the day of receipt."""
    received_on = beijing_date(request.received_at)
    due_dates = []
    for item in request.items:
        if item.mode == ServiceMode.DIRECT:
            continue
        due_on = item_due_on(clock.calendar, received_on, item)
        due_dates.append(due_on)
        for link in context.links[item.id]:
            request.handoffs.append(PlannedHandoff(item, link.department_id, link.is_lead, due_on))
    request.due_on = max(due_dates) if due_dates else received_on


def _handle(clock: Clock, context: Context, request: PlannedRequest) -> None:
    rng, received = clock.rng, request.received_at
    received_on = beijing_date(received)
    if not request.handoffs:  # DIRECT items only: served and settled at the window
        request.status, request.completed_at = RequestStatus.COMPLETED, received + dt.timedelta(seconds=2)
        return
    request.fate = fate = rng.choices(list(FATES), list(FATES.values()))[0]
    marked = rng.choice(request.handoffs)  # the handoff the fate happens to
    for handoff in request.handoffs:
        handoff.delivered_at = received + dt.timedelta(seconds=rng.randint(3, 90))
    if fate == WITHDRAWN:
        withdrawn_on = clock.after(received_on, rng.randint(0, 1))
        if clock.past(withdrawn_on):
            request.withdrawn_at = clock.at(withdrawn_on, received)
            request.withdraw_reason = rng.choice(WITHDRAW_REASONS)
            request.status = RequestStatus.WITHDRAWN
            for handoff in request.handoffs:
                handoff.status = HandoffStatus.WITHDRAWN
            return
        fate = ON_TIME
    for handoff in request.handoffs:
        _handle_one(clock, context, handoff, received, fate if handoff is marked else ON_TIME)
    if all(h.status in FINISHED for h in request.handoffs):
        request.completed_at = max(h.completed_at for h in request.handoffs if h.completed_at)
        request.status = final_status(request.handoffs)  # as settle_request: by status and outcome
    elif any(h.accepted_at for h in request.handoffs):
        request.status = RequestStatus.IN_PROGRESS
    else:
        request.status = RequestStatus.DISPATCHED
    extended = [h.extension[2] for h in request.handoffs if h.extension]
    if extended and max(extended) > (request.due_on or extended[0]):  # report_extension moves it too
        request.due_on = max(extended)


def _handle_one(
    clock: Clock, context: Context, handoff: PlannedHandoff, received: dt.datetime, fate: str
) -> None:
    """Accepted within a working day; finished by the fate, unless that is today or later."""
    rng = clock.rng
    received_on = beijing_date(received)
    limit = handoff.item.time_limit_workdays or 1
    accepted_on = clock.after(received_on, rng.choice((0, 0, 1)))
    if not clock.past(accepted_on):
        return  # still DELIVERED, in the department's inbox
    handoff.status, handoff.accepted_at = HandoffStatus.ACCEPTED, clock.at(accepted_on, handoff.delivered_at)
    due_on = handoff.due_on
    if fate == LATE:
        finish_on = clock.after(due_on, rng.randint(1, 6))
    elif fate == EXTENDED:
        reported_on = clock.after(received_on, rng.randint(max(1, limit // 2), limit))
        new_due = clock.after(due_on, rng.choice((5, 10)))
        if not clock.past(reported_on):
            finish_on = clock.after(received_on, rng.randint(max(1, limit // 3), limit))
        else:
            reported_at = clock.at(reported_on, handoff.accepted_at)
            handoff.extension = (reported_at, due_on, new_due, rng.choice(EXTENSION_REASONS))
            handoff.due_on = new_due
            finish_on = clock.after(due_on, rng.randint(1, clock.calendar.workdays_between(due_on, new_due)))
    elif fate == RETURNED:
        finish_on = clock.after(received_on, rng.randint(1, min(3, limit)))
    elif fate == STUCK:
        return  # accepted and forgotten: open past its due date
    else:
        finish_on = clock.after(received_on, rng.randint(max(1, limit // 3), limit))
    if not clock.past(finish_on):
        return
    handoff.completed_at = clock.at(finish_on, handoff.accepted_at)
    if fate == RETURNED:
        handoff.status, handoff.return_reason = HandoffStatus.RETURNED, rng.choice(RETURN_REASONS)
    elif fate == REJECTED:
        handoff.status, handoff.outcome = HandoffStatus.DONE, HandoffOutcome.REJECTED
        handoff.opinion = rng.choice(REJECT_OPINIONS)
    else:
        handoff.status, handoff.outcome = HandoffStatus.DONE, HandoffOutcome.APPROVED
