"""A year of past service (办件历史) at the 长安区 and 正定县 windows, so supervision (督办考核)
and the quarterly archives have something to show: requests received on working days in
Beijing office hours over the 365 days before `today`, handled by the responsible
departments — mostly on time, some late, some extended (延期报备), a few returned or
rejected, a few withdrawn, a few still open past their due date — with evaluations
(满意度评价), the rectification tasks (差评整改) poor ones open, and a few complaints.

Rows are written as the live flow leaves them (resolvers/requests/: intake, flow, handling;
resolvers/complaints/: rectification, flow): due dates from the working-day calendar
at intake, the figures stored at completion (resolvers/deadlines/completion.py) from the Beijing
dates, one archive entry per settled request, the status history. Notifications, audit
events and supervision records are not written: seeded data starts with empty inboxes,
and the supervision cron files its overdue records on its first run. Nothing happens on
or after `today`: what would have is still open. talent_demo has no history.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from gateway.demo import catalogue
from permissions.audit import SYSTEM
from resolvers.complaints.flow import NUMBER_PREFIX, default_workdays
from resolvers.complaints.rectification import LEVELS
from resolvers.core.numbers import request_number
from resolvers.deadlines.completion import figures_at
from resolvers.deadlines.workdays import Calendars, WorkCalendar, load_calendars
from resolvers.requests.flow import (
    FINISHED,
    archive_summary,
    change,
    final_status,
    handoff_result,
    served_result,
)  # fmt: skip
from resolvers.requests.intake import item_due_on
from schema.clock import CHINA_TIME, now
from schema.models import (
    ArchiveEntry,
    Card,
    Complaint,
    ComplaintStep,
    Department,
    Evaluation,
    Handoff,
    HandoffExtension,
    ServiceItem,
    ServiceItemDepartment,
    ServiceRequest,
    ServiceRequestItem,
    ServiceWindow,
    Specialist,
    StatusChange,
    User,
)
from schema.models.enums import (
    CallbackResult,
    CardStatus,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintSource,
    ComplaintStatus,
    HandoffOutcome,
    HandoffStatus,
    MaterialState,
    RequestChannel,
    RequestStatus,
    ServiceMode,
    SpecialistKind,
    SpecialistStatus,
    TalentStatus,
)
from schema.sql import insert_many

HISTORY_DAYS = 365
ITEMS_EFFECTIVE_FROM = dt.date(2024, 1, 1)  # as gateway.demo.seed: nothing asked for before
REQUESTS = {"130102": 260, "130123": 200}  # received over the year, per county
DEMO_ACTOR = "demo"  # acts where the real actor (a talent, a department) has no demo account
OFFICE = {"130102": "changan_admin", "130123": "zhengding_admin"}
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
COMMENTS = {
    5: ["办理很快，服务周到", "窗口一次告知清楚，非常满意", None, None],
    4: ["整体满意", "流程清楚", None, None],
    3: ["等待时间稍长", None],
    2: ["办理超期，进度不透明", "多次补交材料"],
    1: ["超期很久，也没人告知进度"],
}


@dataclass
class _Handoff:
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
class _Request:
    number: str
    county: str
    talent: dict[str, Any]
    channel: RequestChannel
    received_at: dt.datetime
    items: list[ServiceItem]
    handoffs: list[_Handoff] = field(default_factory=list)
    due_on: dt.date | None = None
    status: RequestStatus = RequestStatus.RECEIVED
    completed_at: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None
    withdraw_reason: str | None = None
    fate: str = ON_TIME


class _Clock:
    """Moments of the demo's past: office hours on Beijing dates, stored in UTC; working
    days counted in the calendar of one place (`at_place`), as the live flow counts them."""

    def __init__(
        self, rng: random.Random, calendars: Calendars, today: dt.date, place: str | None = None
    ) -> None:
        self.rng, self.calendars, self.today = rng, calendars, today
        self.calendar: WorkCalendar = calendars.for_place(place)

    def at_place(self, place: str) -> _Clock:
        """The same clock (and random stream) counting in `place`'s calendar."""
        return _Clock(self.rng, self.calendars, self.today, place)

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


def completion_figures(
    calendar: WorkCalendar, received_at: dt.datetime, completed_at: dt.datetime, due_on: dt.date | None
) -> dict[str, Any]:
    """The live flow's figures for a completion at `completed_at` rather than now."""
    return figures_at(calendar, received_at, beijing_date(completed_at), due_on)


async def seed_history(today: dt.date, rng: random.Random) -> None:
    """The year before `today` of the two Shijiazhuang counties; run inside seed_demo's transaction."""
    clock = _Clock(rng, await load_calendars(), today)
    context = await _Context.load()
    start = max(today - dt.timedelta(days=HISTORY_DAYS), ITEMS_EFFECTIVE_FROM)
    days = [start + dt.timedelta(days=n) for n in range((today - start).days)]
    requests: list[_Request] = []
    numbers: set[str] = set()
    for county, volume in REQUESTS.items():
        workdays = [d for d in days if clock.at_place(county).calendar.is_workday(d)]
        if not workdays:
            continue
        used: set[tuple[int, str]] = set()  # (talent, item): asked for once in the year
        for day in sorted(rng.choice(workdays) for _ in range(volume)):
            request = _plan(clock, context, county, day, used, numbers)
            if request is not None:
                requests.append(request)
    if not requests:
        return
    requests.sort(key=lambda r: r.received_at)
    ids = await _write_requests(context, requests)
    evaluations = await _write_evaluations(clock, context, requests, ids)
    await _write_complaints(clock, context, requests, ids, evaluations)


@dataclass
class _Context:
    talents: dict[str, list[dict[str, Any]]]  # county → active carded talents (not talent_demo)
    items: dict[str, ServiceItem]  # code → item
    links: dict[int, list[ServiceItemDepartment]]  # item id → departments, lead first as intake
    tiers: dict[str, tuple[str, ...]]  # item code → card tiers admitted
    windows: dict[str, ServiceWindow]  # county → its window
    handlers: dict[int, tuple[int, str]]  # department id → (user id, username) of a handling specialist
    users: dict[str, int]  # username → id
    departments: dict[str, int]  # name → id

    @classmethod
    async def load(cls) -> _Context:
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


def _plan(
    clock: _Clock, context: _Context, county: str, day: dt.date, used: set[tuple[int, str]], numbers: set[str]
) -> _Request | None:
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
    request = _Request(number, county, talent, channel, received_at, [context.items[c] for c in codes])
    _intake(clock, context, request)
    _handle(clock, context, request)
    return request


def _intake(clock: _Clock, context: _Context, request: _Request) -> None:
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
            request.handoffs.append(_Handoff(item, link.department_id, link.is_lead, due_on))
    request.due_on = max(due_dates) if due_dates else received_on


def _handle(clock: _Clock, context: _Context, request: _Request) -> None:
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
    clock: _Clock, context: _Context, handoff: _Handoff, received: dt.datetime, fate: str
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


# -- writing ---------------------------------------------------------------------------


def _actor(context: _Context, handoff: _Handoff) -> str:
    return context.handlers.get(handoff.department_id, (None, DEMO_ACTOR))[1]


async def _write_requests(context: _Context, requests: list[_Request]) -> dict[str, int]:
    """Requests, their lines, handoffs, extensions, history and archive entries; number → id."""
    calendars = await load_calendars()
    stamp = now()  # updated_at, as auto_now would write it
    open_figures = dict.fromkeys(("completed_on", "workdays_taken", "on_time"))
    rows = []
    for r in requests:
        submitter = WINDOW_ACCOUNT.get(r.county) if r.channel == RequestChannel.WINDOW else None
        figures = (
            completion_figures(calendars.for_place(r.county), r.received_at, r.completed_at, r.due_on)
            if r.completed_at
            else open_figures
        )
        rows.append(
            dict(
                number=r.number,
                talent_id=r.talent["holder_id"],
                jurisdiction_id=r.county,
                employer_id=r.talent["holder__employer_id"],
                window_id=context.windows[r.county].id,
                channel=r.channel,
                status=r.status,
                submitted_by_id=context.users.get(submitter or ""),
                received_at=r.received_at,
                due_on=r.due_on,
                completed_at=r.completed_at,
                withdrawn_at=r.withdrawn_at,
                updated_at=stamp,
                **figures,
            )
        )
    await insert_many(ServiceRequest, rows)  # plain rows: a model instance each would double the time
    ids = dict(
        await ServiceRequest.filter(number__in=[r.number for r in requests]).values_list("number", "id")
    )
    lines, handoffs = [], []
    for r in requests:
        county_calendar = calendars.for_place(r.county)
        for item in r.items:
            state = MaterialState.SEEN if r.channel == RequestChannel.WINDOW else MaterialState.ATTACHED
            lines.append(
                ServiceRequestItem(
                    request_id=ids[r.number],
                    item_id=item.id,
                    materials={m: state.value for m in item.materials},
                    served_at=r.received_at if item.mode == ServiceMode.DIRECT else None,
                )
            )
        for h in r.handoffs:
            done = h.completed_at is not None
            handler = context.handlers.get(h.department_id, (None, None))[0] if h.accepted_at else None
            handoffs.append(
                dict(
                    request_id=ids[r.number],
                    item_id=h.item.id,
                    department_id=h.department_id,
                    jurisdiction_id=r.county,
                    talent_id=r.talent["holder_id"],
                    employer_id=r.talent["holder__employer_id"],
                    is_lead=h.is_lead,
                    status=h.status,
                    due_on=h.due_on,
                    outcome=h.outcome,
                    opinion=h.opinion,
                    return_reason=h.return_reason,
                    handler_id=handler,
                    created_at=r.received_at,
                    delivered_at=h.delivered_at,
                    accepted_at=h.accepted_at,
                    completed_at=h.completed_at,
                    extension_count=1 if h.extension else 0,
                    delivery_attempts=0,
                    updated_at=stamp,
                    **(
                        completion_figures(county_calendar, r.received_at, h.completed_at, h.due_on)
                        if done
                        else open_figures
                    ),
                )
            )
    await ServiceRequestItem.bulk_create(lines)
    await insert_many(Handoff, handoffs)
    handoff_ids = {
        (row[0], row[1], row[2]): row[3]
        for row in await Handoff.filter(request_id__in=list(ids.values())).values_list(
            "request_id", "item_id", "department_id", "id"
        )
    }
    extensions, changes, entries = [], [], []
    for r in requests:
        rid = ids[r.number]
        keyed = [(h, handoff_ids[(rid, h.item.id, h.department_id)]) for h in r.handoffs]
        for h, hid in keyed:
            if h.extension:
                at, previous, new, reason = h.extension
                extensions.append(
                    dict(
                        handoff_id=hid,
                        reason=reason,
                        previous_due_on=previous,
                        new_due_on=new,
                        reported_by=_actor(context, h),
                        created_at=at,
                    )
                )
        changes += _history(context, r, rid, keyed)
        if r.completed_at is not None:
            entries.append(_archive_entry(r, rid, context))
    await insert_many(HandoffExtension, extensions)
    await insert_many(StatusChange, changes)
    await ArchiveEntry.bulk_create(entries)
    return ids


def _history(
    context: _Context, r: _Request, rid: int, keyed: list[tuple[_Handoff, int]]
) -> list[dict[str, Any]]:
    """The status changes the flow records, in the order they happened."""
    submitter = (WINDOW_ACCOUNT.get(r.county) if r.channel == RequestChannel.WINDOW else None) or DEMO_ACTOR
    lines: list[tuple[dt.datetime, dict[str, Any]]] = [
        (r.received_at, change(submitter, rid, None, None, RequestStatus.RECEIVED.value))
    ]
    for _, hid in keyed:
        lines.append((r.received_at, change(submitter, rid, hid, None, HandoffStatus.PENDING.value)))
    if not keyed and r.completed_at:
        lines.append(
            (r.completed_at, change(submitter, rid, None, RequestStatus.RECEIVED.value, r.status.value))
        )
    if keyed:
        first = min(h.delivered_at for h, _ in keyed if h.delivered_at)
        lines.append((first, change(SYSTEM.username, rid, None, "RECEIVED", "DISPATCHED")))
    accepted = [h.accepted_at for h, _ in keyed if h.accepted_at]
    if accepted:
        actor = _actor(context, next(h for h, _ in keyed if h.accepted_at == min(accepted)))
        lines.append((min(accepted), change(actor, rid, None, "DISPATCHED", "IN_PROGRESS")))
    for h, hid in keyed:
        if h.delivered_at:
            lines.append((h.delivered_at, change(SYSTEM.username, rid, hid, "PENDING", "DELIVERED")))
        if h.accepted_at:
            lines.append((h.accepted_at, change(_actor(context, h), rid, hid, "DELIVERED", "ACCEPTED")))
        if h.completed_at:
            lines.append(
                (
                    h.completed_at,
                    change(_actor(context, h), rid, hid, "ACCEPTED", h.status.value, h.return_reason),
                )
            )
        if r.withdrawn_at:
            lines.append(
                (r.withdrawn_at, change(DEMO_ACTOR, rid, hid, "DELIVERED", "WITHDRAWN", r.withdraw_reason))
            )
    if keyed and r.completed_at:
        last = max(keyed, key=lambda pair: pair[0].completed_at or r.completed_at)[0]
        lines.append(
            (r.completed_at, change(_actor(context, last), rid, None, "IN_PROGRESS", r.status.value))
        )
    if r.withdrawn_at:
        lines.append(
            (r.withdrawn_at, change(DEMO_ACTOR, rid, None, "DISPATCHED", "WITHDRAWN", r.withdraw_reason))
        )
    lines.sort(key=lambda line: line[0])
    return [{**line, "at": at} for at, line in lines]


def _archive_entry(r: _Request, rid: int, context: _Context) -> ArchiveEntry:
    """As settle_request files it: served items first, then each department's result."""
    names = {v: k for k, v in context.departments.items()}
    results = [*(served_result(i) for i in r.items if i.mode == ServiceMode.DIRECT),
               *(handoff_result(h.item, names[h.department_id], h) for h in r.handoffs)]  # fmt: skip
    return ArchiveEntry(
        talent_id=r.talent["holder_id"],
        request_id=rid,
        jurisdiction_id=r.county,
        summary=archive_summary(r.number, results),
        results=results,
        created_at=r.completed_at,
    )


SETTLED_FOR_EVALUATION = (RequestStatus.COMPLETED, RequestStatus.PARTIALLY_REJECTED, RequestStatus.REJECTED)


async def _write_evaluations(
    clock: _Clock, context: _Context, requests: list[_Request], ids: dict[str, int]
) -> dict[str, dt.datetime]:
    """满意度评价 on about 60% of the settled requests, a few days after; number → its time."""
    rng = clock.rng
    rows, made = [], {}
    for r in requests:
        if r.status not in SETTLED_FOR_EVALUATION or r.completed_at is None or rng.random() >= 0.6:
            continue
        at = r.completed_at + dt.timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 5))
        if not clock.past(beijing_date(at)):
            continue
        poor = r.fate in (LATE, STUCK, RETURNED, REJECTED)
        weights = (3, 8, 20, 35, 34) if poor else (1, 1, 6, 30, 62)
        score = rng.choices((1, 2, 3, 4, 5), weights)[0]
        rows.append(
            dict(request_id=ids[r.number], score=score, comment=rng.choice(COMMENTS[score]), created_at=at)
        )
        made[r.number] = at
    await insert_many(Evaluation, rows)
    return made


async def _write_complaints(
    clock: _Clock,
    context: _Context,
    requests: list[_Request],
    ids: dict[str, int],
    evaluated: dict[str, dt.datetime],
) -> None:
    """The rectification task of every poor rating, and four complaints over the year."""
    rng = clock.rng
    evaluations = {
        e["request_id"]: e
        for e in await Evaluation.filter(request_id__in=[ids[n] for n in evaluated]).values(
            "id", "request_id", "score", "comment"
        )
    }
    complaints: list[tuple[Complaint, list[tuple[str, str, str | None, dt.datetime]]]] = []
    by_number = {r.number: r for r in requests}
    for number, at in evaluated.items():
        evaluation = evaluations[ids[number]]
        if evaluation["score"] > 2:
            continue
        r = by_number[number]
        level = LEVELS[evaluation["score"]][1]
        complaints.append(
            _complaint(
                clock,
                context,
                r,
                ids[number],
                ComplaintKind.RECTIFICATION,
                ComplaintSource.EVALUATION,
                at,
                subject=f"差评整改 {number}（{level}）",
                content=evaluation["comment"] or f"满意度评价：{level}",
                evaluation_id=evaluation["id"],
                outcome=ComplaintOutcome.RECTIFIED,
                routed=(SYSTEM.username, None, context.windows[r.county].id, "差评自动转受理窗口整改"),
                answer="已约谈窗口及承办专员，逐项整改并向申请人致歉说明。",
            )
        )
    late = [r for r in requests if r.fate == LATE and r.completed_at]
    for n, (county, source, subject, content, outcome, answer, callback) in enumerate(COMPLAINTS):
        found = [r for r in late if r.county == county]
        if not found:
            continue
        r = found[(n * 7) % len(found)]
        department = next(h.department_id for h in r.handoffs if h.is_lead)
        to = (None, context.windows[county].id) if source == ComplaintSource.WINDOW else (department, None)
        at = r.completed_at + dt.timedelta(days=rng.randint(1, 3), hours=1)
        complaints.append(
            _complaint(
                clock,
                context,
                r,
                ids[r.number],
                ComplaintKind.COMPLAINT,
                source,
                at,
                subject=subject,
                content=content,
                evaluation_id=None,
                routed=(OFFICE[county], *to, "请核实并按时反馈"),
                outcome=outcome,
                answer=answer,
                callback=callback,
            )
        )
    complaints = [c for c in complaints if c is not None]
    await Complaint.bulk_create([c for c, _ in complaints])
    found_ids = dict(
        await Complaint.filter(number__in=[c.number for c, _ in complaints]).values_list("number", "id")
    )
    await ComplaintStep.bulk_create(
        [
            ComplaintStep(complaint_id=found_ids[c.number], action=action, actor=actor, note=note, at=at)
            for c, steps in complaints
            for action, actor, note, at in steps
        ]
    )


COMPLAINTS = [
    (
        "130102",
        ComplaintSource.HOTLINE,
        "户籍办理超期",
        "12345 热线转来：户籍随迁办理超过承诺时限，未接到任何告知。",
        ComplaintOutcome.PARTLY_SUBSTANTIATED,
        "经核查，因外省协查延误，已办结并向申请人致歉；今后超期主动告知。",
        True,
    ),
    (
        "130123",
        ComplaintSource.WINDOW,
        "窗口一次性告知不到位",
        "在窗口递交材料时未被告知需要补交的全部材料，往返多次。",
        ComplaintOutcome.SUBSTANTIATED,
        "已对窗口人员进行批评教育，并修订一次性告知单。",
        True,
    ),
    (
        "130123",
        ComplaintSource.ONLINE,
        "办理进度查询不到",
        "网上申请后长时间查询不到办理进度。",
        ComplaintOutcome.UNFOUNDED,
        "经核查，该件已按期办结，进度可在“我的申请”中查看，已电话说明。",
        True,
    ),
    (
        "130102",
        ComplaintSource.ONLINE,
        "补贴发放慢",
        "人才住房补贴审批通过后迟迟未发放。",
        ComplaintOutcome.PARTLY_SUBSTANTIATED,
        "已督促财政拨付流程，补贴将于本月内发放到位。",
        False,
    ),
]  # (county, source, subject, content, outcome, answer, called back)


def _complaint(
    clock: _Clock,
    context: _Context,
    r: _Request,
    request_id: int,
    kind: ComplaintKind,
    source: ComplaintSource,
    at: dt.datetime,
    *,
    subject: str,
    content: str,
    evaluation_id: int | None,
    routed: tuple[str, int | None, int | None, str],
    outcome: ComplaintOutcome,
    answer: str,
    callback: bool = True,
) -> tuple[Complaint, list[tuple[str, str, str | None, dt.datetime]]] | None:
    """A complaint as the complaint flow leaves it: filed, routed the same day, answered within
    its time limit and called back (`callback`) — as far as that happened before today;
    None if it would have been filed today or later."""
    clock = clock.at_place(r.county)
    rng = clock.rng
    routed_by, department_id, window_id, note = routed
    filed_by = OFFICE[r.county] if source == ComplaintSource.HOTLINE else DEMO_ACTOR
    number = request_number(r.county, at, prefix=NUMBER_PREFIX[kind])[:-8] + f"{rng.getrandbits(32):08X}"
    filed_on = beijing_date(at)
    due_on = clock.after(filed_on, default_workdays(kind))
    if not clock.past(filed_on):
        return None
    routed_at = at if kind == ComplaintKind.RECTIFICATION else at + dt.timedelta(minutes=rng.randint(30, 120))
    if not clock.past(beijing_date(routed_at)):
        routed_at = at
    answered_on = clock.after(filed_on, rng.randint(1, default_workdays(kind)))
    callback_on = clock.after(answered_on, rng.randint(1, 2))
    if department_id is not None:
        answered_by = context.handlers.get(department_id, (0, DEMO_ACTOR))[1]
    else:
        answered_by = WINDOW_ACCOUNT.get(r.county, DEMO_ACTOR)
    columns: dict[str, Any] = {
        "number": number,
        "kind": kind,
        "source": source,
        "status": ComplaintStatus.ROUTED,
        "jurisdiction_id": r.county,
        "talent_id": r.talent["holder_id"],
        "request_id": request_id,
        "evaluation_id": evaluation_id,
        "complainant_name": r.talent["holder__name"],
        "complainant_phone": r.talent["holder__phone"] if kind == ComplaintKind.COMPLAINT else None,
        "subject": subject,
        "content": content,
        "department_id": department_id,
        "window_id": window_id,
        "due_on": due_on,
        "routed_by": routed_by,
        "routed_at": routed_at,
        "filed_by": filed_by,
        "created_at": at,
    }
    steps = [("FILED", filed_by, subject, at), ("ROUTED", routed_by, note, routed_at)]
    if clock.past(answered_on):
        answered_at = clock.at(answered_on, routed_at)
        columns.update(
            status=ComplaintStatus.ANSWERED,
            answer=answer,
            outcome=outcome,
            answered_by=answered_by,
            answered_at=answered_at,
            answered_on_time=answered_on <= due_on,
        )
        steps.append(("ANSWERED", answered_by, answer, answered_at))
        if callback and clock.past(callback_on):
            callback_at = clock.at(callback_on, answered_at)
            result = rng.choice(
                (CallbackResult.SATISFIED, CallbackResult.SATISFIED, CallbackResult.BASICALLY_SATISFIED)
            )
            columns.update(
                status=ComplaintStatus.CLOSED,
                callback_result=result,
                callback_by=OFFICE[r.county],
                callback_at=callback_at,
            )
            steps.append(("CALLBACK", OFFICE[r.county], result.value, callback_at))
    return Complaint(**columns), steps
