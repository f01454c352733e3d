"""Dedicated specialists (一对一服务专员): chosen by place and load when a top-tier card is
issued, moved when their specialist leaves (never leaving a talent without one), named by
hand by an office, and kept right by the daily sweep."""

from __future__ import annotations

from collections import Counter

from jobs.specialists import sweep_dedicated_specialists
from jobs.worker import WorkerSettings
from resolvers.core.ids import encode_id
from resolvers.specialists.dedicated import Holder, assign_one
from schema.models import (
    Card,
    CardTier,
    DedicatedAssignment,
    Notification,
    Specialist,
    Talent,
    TalentCategory,
    User,
)
from schema.models.enums import CardStatus, SpecialistKind, SpecialistStatus, TalentStatus
from tests.support.graphql import GraphQLClient

ME = """{ me { talent { dedicatedSpecialist { name officePhone mobile window { name } } } } }"""
ISSUE = """mutation($input: IssueCardInput!) { issueCard(input: $input) {
  card { tier { code dedicatedSpecialist } } userErrors { field code message } } }"""
UPDATE = """mutation($id: ID!) { updateSpecialist(input: {id: $id, status: INACTIVE}) {
  specialist { status } userErrors { field code message } } }"""
ASSIGN = """mutation($t: ID!, $s: ID!) { assignDedicatedSpecialist(input: {talentId: $t, specialistId: $s}) {
  assignment { reason talent { name } specialist { name } } userErrors { field code } } }"""
CHANGAN_WINDOW = "长安区人才服务分窗口"


async def current() -> dict[int, int]:
    """talent id → specialist id of every current assignment."""
    rows = await DedicatedAssignment.filter(ended_at__isnull=True).values_list("talent_id", "specialist_id")
    return dict(rows)


async def window_team(name: str) -> list[Specialist]:
    return await Specialist.filter(window__name=name, status=SpecialistStatus.ACTIVE).order_by("id")


async def cardless_talent(county: str) -> Talent:
    holders = await Card.all().values_list("holder_id", flat=True)
    return (
        await Talent.filter(jurisdiction_id=county, status=TalentStatus.ACTIVE)
        .exclude(id__in=holders)
        .first()
    )


async def issue(client: GraphQLClient, talent: Talent, category: str) -> dict:
    category_id = encode_id("TalentCategory", (await TalentCategory.get(code=category)).id)
    data = await client.data(
        ISSUE, {"input": {"talentId": encode_id("Talent", talent.id), "categoryId": category_id}},
        as_user="changan_admin",
    )  # fmt: skip
    return data["issueCard"]


async def test_demo_top_tier_holders_have_a_specialist_of_their_county(client: GraphQLClient) -> None:
    flagged = await CardTier.filter(dedicated_specialist=True).values_list("programme__code", "code")
    assert sorted(flagged) == [("jinan.goldcard", "A"), ("jinan.goldcard", "B"), ("sjz.greencard", "A")]
    holders = await Card.filter(
        status=CardStatus.ACTIVE, tier__dedicated_specialist=True, holder__status="ACTIVE"
    )
    served = await current()
    assert {c.holder_id for c in holders} == set(served)
    me = (await client.data(ME, as_user="talent_demo"))["me"]["talent"]["dedicatedSpecialist"]
    assert me["window"]["name"] == CHANGAN_WINDOW and me["officePhone"]
    assert "*" in me["mobile"]  # the talent sees their specialist, the mobile masked
    loads = Counter(
        served[t] for t in served if t in {c.holder_id for c in holders if c.jurisdiction_id == "130102"}
    )
    team = [s.id for s in await window_team(CHANGAN_WINDOW)]
    assert set(loads) <= set(team) and max(loads.values()) - min(loads[s] for s in team) <= 1


async def test_a_new_top_tier_card_brings_the_least_loaded_specialist(client: GraphQLClient) -> None:
    talent = await cardless_talent("130102")
    team = await window_team(CHANGAN_WINDOW)
    loads = Counter((await current()).values())
    expected = min(team, key=lambda s: (loads[s.id], s.id))
    issued = await issue(client, talent, "sjz.B")  # 领军人才 → A card
    assert issued["card"]["tier"] == {"code": "A", "dedicatedSpecialist": True}
    assignment = await DedicatedAssignment.get(active_talent_id=talent.id)
    assert (assignment.specialist_id, assignment.reason) == (expected.id, "CARD_ISSUED")
    other = await cardless_talent("130102")
    user = await User.create(username="other_holder", password_hash="-", talent_id=other.id)
    await issue(client, other, "sjz.A")
    told = await Notification.filter(recipient_id=user.id).values_list("subject", flat=True)
    assert "一对一服务专员" in told  # the holder is told who serves them


async def test_a_lower_tier_gets_none_until_an_upgrade(client: GraphQLClient) -> None:
    talent = await cardless_talent("130102")
    issued = await issue(client, talent, "sjz.E")
    assert issued["card"]["tier"] == {"code": "B", "dedicatedSpecialist": False}
    assert not await DedicatedAssignment.exists(talent_id=talent.id)
    upgraded = await issue(client, talent, "sjz.C")
    assert upgraded["card"]["tier"]["code"] == "A"
    assert await DedicatedAssignment.filter(active_talent_id=talent.id).count() == 1


async def test_a_leaving_specialists_talents_move_to_the_others_by_load(client: GraphQLClient) -> None:
    team = await window_team(CHANGAN_WINDOW)
    before = await current()
    leaving = max(team, key=lambda s: sum(1 for v in before.values() if v == s.id))
    theirs = {t for t, s in before.items() if s == leaving.id}
    assert theirs
    result = await client.data(UPDATE, {"id": encode_id("Specialist", leaving.id)}, as_user="changan_admin")
    assert result["updateSpecialist"]["userErrors"] == []
    after = await current()
    assert set(after) == set(before)  # nobody lost their specialist
    assert {after[t] for t in theirs} <= {s.id for s in team if s.id != leaving.id}
    loads = Counter(after[t] for t in after if after[t] in {s.id for s in team})
    assert max(loads.values()) - min(loads.values()) <= 1
    ended = await DedicatedAssignment.filter(specialist_id=leaving.id, talent_id__in=list(theirs))
    assert {a.end_reason for a in ended} == {"SPECIALIST_LEFT"} and all(
        a.active_talent_id is None for a in ended
    )
    moved = await DedicatedAssignment.filter(talent_id__in=list(theirs), ended_at__isnull=True)
    assert {a.reason for a in moved} == {"REASSIGNED"}


async def test_the_last_eligible_specialist_cannot_leave_their_talents(client: GraphQLClient) -> None:
    # 正定县 holders may be served by their county's window or the city's; leave one in post.
    team = await window_team("正定县人才服务分窗口")
    last = team[0]
    await Specialist.filter(id__in=[s.id for s in team[1:]]).update(status=SpecialistStatus.INACTIVE)
    await Specialist.filter(
        kind=SpecialistKind.WINDOW, jurisdiction_id__in=["130100", "130000"]
    ).update(status=SpecialistStatus.INACTIVE)  # fmt: skip
    await DedicatedAssignment.filter(jurisdiction_id="130123", ended_at__isnull=True).update(
        specialist_id=last.id
    )
    assert await DedicatedAssignment.exists(specialist_id=last.id, ended_at__isnull=True)
    before = await current()
    result = await client.data(UPDATE, {"id": encode_id("Specialist", last.id)}, as_user="zhengding_admin")
    assert [(e["field"], e["code"]) for e in result["updateSpecialist"]["userErrors"]] == [
        ("status", "INVALID_STATE")
    ]
    assert await current() == before
    assert (await Specialist.get(id=last.id)).status == SpecialistStatus.ACTIVE


async def test_an_office_names_a_specialist_by_hand(client: GraphQLClient) -> None:
    holder_id = (await User.get(username="talent_demo")).talent_id
    mine = (await current())[holder_id]
    other = next(s for s in await window_team(CHANGAN_WINDOW) if s.id != mine)
    t, s = encode_id("Talent", holder_id), encode_id("Specialist", other.id)
    done = (await client.data(ASSIGN, {"t": t, "s": s}, as_user="changan_admin"))["assignDedicatedSpecialist"]
    assert done["userErrors"] == [] and done["assignment"]["reason"] == "MANUAL"
    assert (await current())[holder_id] == other.id
    ended = await DedicatedAssignment.get(talent_id=holder_id, specialist_id=mine)
    assert ended.end_reason == "MANUAL" and ended.ended_at is not None


async def _refused(client: GraphQLClient, user: str, talent_id: int, specialist_id: int) -> list[tuple]:
    before = await current()
    t, s = encode_id("Talent", talent_id), encode_id("Specialist", specialist_id)
    done = (await client.data(ASSIGN, {"t": t, "s": s}, as_user=user))["assignDedicatedSpecialist"]
    assert done["assignment"] is None and await current() == before
    return [(e["field"], e["code"]) for e in done["userErrors"]]


async def test_a_specialist_who_cannot_serve_the_talent_is_refused(client: GraphQLClient) -> None:
    holder_id = (await User.get(username="talent_demo")).talent_id
    zhengding = (await window_team("正定县人才服务分窗口"))[0]
    assert await _refused(client, "sjz_admin", holder_id, zhengding.id) == [("specialistId", "VALIDATION")]
    handling = await Specialist.filter(jurisdiction_id="130102", kind=SpecialistKind.HANDLING).first()
    assert await _refused(client, "changan_admin", holder_id, handling.id) == [("specialistId", "VALIDATION")]
    gone = (await window_team(CHANGAN_WINDOW))[-1]
    await Specialist.filter(id=gone.id).update(status=SpecialistStatus.INACTIVE)
    assert await _refused(client, "changan_admin", holder_id, gone.id) == [("specialistId", "INVALID_STATE")]
    mine = (await window_team(CHANGAN_WINDOW))[0]
    assert await _refused(client, "zhengding_admin", holder_id, mine.id) == [("talentId", "NOT_FOUND")]
    assert await _refused(client, "changan_window", holder_id, mine.id) == [("talentId", "FORBIDDEN")]
    cardless = await cardless_talent("130102")
    assert await _refused(client, "changan_admin", cardless.id, mine.id) == [("talentId", "VALIDATION")]


async def test_a_second_current_assignment_is_refused_by_the_database(demo_db: str) -> None:
    holder_id = (await User.get(username="talent_demo")).talent_id
    other = (await window_team(CHANGAN_WINDOW))[-1]
    assert await assign_one(Holder(holder_id, "130102"), other.id, "MANUAL", "test") is None
    assert await DedicatedAssignment.filter(active_talent_id=holder_id).count() == 1


async def test_the_daily_sweep_assigns_the_unserved_ends_the_unentitled_and_is_idempotent(
    demo_db: str,
) -> None:
    assert any(job.coroutine is sweep_dedicated_specialists for job in WorkerSettings.cron_jobs)
    served = await current()
    unserved, revoked = list(served)[:2]
    await DedicatedAssignment.filter(
        active_talent_id=unserved
    ).delete()  # as if the issuing hook found nobody
    await Card.filter(holder_id=revoked, status=CardStatus.ACTIVE).update(status=CardStatus.REVOKED)
    first = await sweep_dedicated_specialists({})
    assert first == {"ended": 1, "assigned": 1}
    after = await current()
    assert unserved in after and revoked not in after
    assert (await DedicatedAssignment.get(talent_id=revoked)).end_reason == "NO_DEDICATED_CARD"
    assert await sweep_dedicated_specialists({}) == {"ended": 0, "assigned": 0}
    assert await current() == after
