"""督办 timers, called as the cron calls them (no Redis, an explicit day): a reminder the
working day before a handoff is due, an overdue notice once it is late, escalation to the
city office after three working days late — each once per handoff, never for finished work."""

from __future__ import annotations

import datetime as dt

from jobs.supervision import BATCH, remind_due_handoffs, supervise_overdue
from resolvers.core.ids import encode_id
from resolvers.deadlines.workdays import load_calendar
from schema.models import Handoff, Notification, ServiceItem, ServiceRequest, SupervisionRecord, User
from schema.models.enums import HandoffOutcome, HandoffStatus, RequestChannel, SupervisionKind
from tests.support.graphql import GraphQLClient

CRON = {"redis": None}
# A plain week of June 2025 (端午 was the week before), then the next Monday.
MON, TUE, WED, THU, FRI = (dt.date(2025, 6, day) for day in range(9, 14))
NEXT_MON = dt.date(2025, 6, 16)

SUBMIT = """mutation($input: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $input) { userErrors { code } } }"""


async def _submit(client: GraphQLClient, code: str) -> list[Handoff]:
    """A request of the demo talent at the 长安区 window; its handoffs, lead first."""
    talent_id = (await User.get(username="talent_demo")).talent_id
    item = await ServiceItem.get(code=code)
    data = await client.data(SUBMIT, {"input": {"talentId": encode_id("Talent", talent_id),
                                                "itemIds": [encode_id("ServiceItem", item.id)]}},
                             as_user="changan_window")  # fmt: skip
    assert data["submitServiceRequest"]["userErrors"] == []
    return await Handoff.filter(item_id=item.id).order_by("-is_lead", "id")


async def _due(handoff: Handoff, day: dt.date) -> None:
    await Handoff.filter(id=handoff.id).update(due_on=day)


async def _records(handoff: Handoff) -> list[str]:
    return sorted(r.kind.value for r in await SupervisionRecord.filter(handoff_id=handoff.id))


async def _messages(username: str, handoff: Handoff) -> list[str]:
    """Subjects of the messages a user got about a handoff."""
    user = await User.get(username=username)
    rows = await Notification.filter(recipient_id=user.id, related_type="handoff",
                                      related_id=str(handoff.id)).order_by("id")  # fmt: skip
    return [n.subject for n in rows]


async def test_the_demo_week_is_a_plain_working_week(demo_db: str) -> None:
    calendar = await load_calendar()
    assert all(calendar.is_workday(day) for day in (MON, TUE, WED, THU, FRI, NEXT_MON))
    assert calendar.add_workdays(FRI, 1) == NEXT_MON
    assert calendar.workdays_between(MON, THU) == 3


async def test_a_handoff_due_the_next_working_day_is_reminded_once_to_its_department(
    client: GraphQLClient,
) -> None:
    [school] = await _submit(client, "sjz.school")
    police, hr = await _submit(client, "sjz.household")
    await _due(school, WED)
    await _due(police, FRI)  # three working days away: not yet
    await _due(hr, MON)  # already late: the overdue timer's business

    assert await remind_due_handoffs(CRON, today=TUE.isoformat()) == 1
    assert await _records(school) == ["REMINDER"]
    assert await _records(police) == [] and await _records(hr) == []
    [subject] = await _messages("sjz_edu_handler", school)
    assert subject.startswith("即将到期")
    assert await _messages("sjz_police_handler", police) == []

    assert await remind_due_handoffs(CRON, today=TUE.isoformat()) == 0
    assert await remind_due_handoffs(CRON, today=WED.isoformat()) == 0  # due today, reminded before
    assert await SupervisionRecord.filter(kind=SupervisionKind.REMINDER).count() == 1
    assert len(await _messages("sjz_edu_handler", school)) == 1


async def test_a_handoff_due_on_monday_is_reminded_on_friday(client: GraphQLClient) -> None:
    [school] = await _submit(client, "sjz.school")
    await _due(school, NEXT_MON)
    assert await remind_due_handoffs(CRON, today=THU.isoformat()) == 0
    assert await remind_due_handoffs(CRON, today=FRI.isoformat()) == 1
    assert await _records(school) == ["REMINDER"]


async def test_an_overdue_handoff_is_supervised_once_and_escalated_after_three_working_days(
    client: GraphQLClient,
) -> None:
    [school] = await _submit(client, "sjz.school")
    await _due(school, MON)

    await supervise_overdue(CRON, today=TUE.isoformat())  # one working day late
    assert await _records(school) == ["OVERDUE"]
    # The window is told (the demo departments have no department_admin user to tell).
    [subject] = await _messages("changan_window", school)
    assert subject.startswith("超期督办")
    assert await _messages("sjz_admin", school) == []

    await supervise_overdue(CRON, today=TUE.isoformat())
    await supervise_overdue(CRON, today=WED.isoformat())  # two working days late: not yet escalated
    assert await _records(school) == ["OVERDUE"]
    assert len(await _messages("changan_window", school)) == 1

    await supervise_overdue(CRON, today=THU.isoformat())  # three working days late
    assert await _records(school) == ["ESCALATED", "OVERDUE"]
    [escalation] = await _messages("sjz_admin", school)
    assert escalation.startswith("超期上报")
    record = await SupervisionRecord.get(handoff_id=school.id, kind=SupervisionKind.ESCALATED)
    assert "3 个工作日" in record.note and record.jurisdiction_id == "130102"

    await supervise_overdue(CRON, today=THU.isoformat())
    await supervise_overdue(CRON, today=NEXT_MON.isoformat())
    assert await SupervisionRecord.filter(handoff_id=school.id).count() == 2
    assert len(await _messages("sjz_admin", school)) == 1
    assert len(await _messages("changan_window", school)) == 1


async def test_a_late_handoff_first_seen_after_three_working_days_is_noticed_and_escalated_at_once(
    client: GraphQLClient,
) -> None:
    [school] = await _submit(client, "sjz.school")
    await _due(school, MON)
    await supervise_overdue(CRON, today=NEXT_MON.isoformat())
    assert await _records(school) == ["ESCALATED", "OVERDUE"]
    assert len(await _messages("changan_window", school)) == 1
    assert len(await _messages("sjz_admin", school)) == 1


async def test_finished_handoffs_are_never_supervised(client: GraphQLClient) -> None:
    police, hr = await _submit(client, "sjz.household")
    await Handoff.filter(id=police.id).update(status=HandoffStatus.DONE, outcome=HandoffOutcome.APPROVED)
    await Handoff.filter(id=hr.id).update(status=HandoffStatus.RETURNED, return_reason="缺材料")
    await _due(police, MON)
    await _due(hr, WED)

    assert await remind_due_handoffs(CRON, today=TUE.isoformat()) == 0
    for day in (TUE, THU, NEXT_MON):
        assert await supervise_overdue(CRON, today=day.isoformat()) == 0
    assert not await SupervisionRecord.exists()
    assert not await Notification.filter(related_type="handoff").exists()


async def test_a_full_batch_of_long_escalated_handoffs_does_not_hide_a_newly_late_one(
    client: GraphQLClient,
) -> None:
    """Forgotten handoffs stay open and escalated for weeks; the timer must still reach the
    next one that falls late, however many of them there are."""
    [school] = await _submit(client, "sjz.school")
    await ServiceRequest.bulk_create([
        ServiceRequest(number=f"SROLD{n:05d}", talent_id=school.talent_id, jurisdiction_id="130102",
                       channel=RequestChannel.WINDOW, received_at=dt.datetime(2025, 5, 6, tzinfo=dt.UTC))
        for n in range(BATCH)
    ])  # fmt: skip
    old = await ServiceRequest.filter(number__startswith="SROLD").values_list("id", flat=True)
    await Handoff.bulk_create([
        Handoff(request_id=rid, item_id=school.item_id, department_id=school.department_id,
                jurisdiction_id="130102", talent_id=school.talent_id, due_on=dt.date(2025, 5, 20))
        for rid in old
    ])  # fmt: skip
    forgotten = await Handoff.filter(request_id__in=list(old)).values_list("id", flat=True)
    await SupervisionRecord.bulk_create([
        SupervisionRecord(handoff_id=hid, kind=kind, jurisdiction_id="130102")
        for hid in forgotten for kind in (SupervisionKind.OVERDUE, SupervisionKind.ESCALATED)
    ])  # fmt: skip
    await _due(school, MON)

    await supervise_overdue(CRON, today=TUE.isoformat())
    assert await _records(school) == ["OVERDUE"]
    assert len(await _messages("changan_window", school)) == 1
    assert await SupervisionRecord.filter(handoff_id__in=list(forgotten)).count() == 2 * BATCH
