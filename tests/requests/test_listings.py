"""The `serviceRequests` and `handoffs` connections: every filter, keyset paging by due
date, who sees which rows, and a page's SQL cost not growing with its size."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from resolvers.core.ids import decode_id, encode_id
from schema.clock import china_today
from schema.models import (
    Card,
    Department,
    Handoff,
    ServiceItem,
    ServiceItemDepartment,
    ServiceRequest,
    ServiceWindow,
    Talent,
    User,
)
from schema.models.enums import CardStatus, HandoffStatus, RequestChannel, ServiceMode, TalentStatus
from tests.support.graphql import GraphQLClient
from tests.support.query_counter import QueryCounter

SUBMIT = """mutation($input: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $input) {
    serviceRequest { id handoffs { id department { name } } } userErrors { field code message } } }"""
LIST = """query($filter: {type}Filter, $orderBy: [{type}Order!], $first: Int, $after: String) {
  {field}(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount edges { node { id dueOn } } pageInfo { hasNextPage endCursor } } }"""
REQUESTS = LIST.replace("{type}", "ServiceRequest").replace("{field}", "serviceRequests")
HANDOFFS = LIST.replace("{type}", "Handoff").replace("{field}", "handoffs")

TODAY = china_today()
POLICE, EDU, HR = "石家庄市公安局", "石家庄市教育局", "石家庄市人力资源和社会保障局"
COUNTIES = ["130102", "130123"]  # 长安区, 正定县


# -- data ---------------------------------------------------------------------------------


async def _eligible_talents(county: str, count: int) -> list[Talent]:
    """ACTIVE talents of a county holding a valid card of a tier that sjz.school admits."""
    school = await ServiceItem.get(code="sjz.school")
    tiers = [t.id for t in await school.eligible_tiers.all()]
    holders = await Card.filter(
        status=CardStatus.ACTIVE, expires_on__gte=TODAY, tier_id__in=tiers,
        holder__status=TalentStatus.ACTIVE, holder__jurisdiction_id=county,
    ).order_by("holder_id").values_list("holder_id", flat=True)  # fmt: skip
    demo = (await User.get(username="talent_demo")).talent_id
    ids = [h for h in dict.fromkeys(holders) if h != demo][:count]
    assert len(ids) == count, f"the demo data has {len(ids)} eligible talents in {county}"
    return [await Talent.get(id=i) for i in ids]


async def _submit(client: GraphQLClient, talent_id: int, codes: tuple[str, ...], as_user: str) -> dict:
    items = [encode_id("ServiceItem", i.id) for i in await ServiceItem.filter(code__in=codes)]
    data = await client.data(SUBMIT, {"input": {"talentId": encode_id("Talent", talent_id),
                                                "itemIds": items}}, as_user=as_user)  # fmt: skip
    payload = data["submitServiceRequest"]
    assert payload["userErrors"] == [], payload
    request = payload["serviceRequest"]
    return {"id": request["id"], "handoffs": {h["department"]["name"]: h["id"] for h in request["handoffs"]}}


@pytest.fixture
async def intake(client: GraphQLClient) -> dict[str, dict]:
    """Five 长安区 requests through the county window and one 正定县 request through the
    city office: label → {"id", "handoffs": {department name → ID}}."""
    demo = (await User.get(username="talent_demo")).talent_id
    a, b, c = await _eligible_talents("130102", 3)
    [z] = await _eligible_talents("130123", 1)
    plan = [
        ("demo", demo, ("sjz.household", "sjz.school"), "changan_window"),  # two items, three handoffs
        ("a", a.id, ("sjz.school",), "changan_window"),
        ("b", b.id, ("sjz.household",), "changan_window"),
        ("c", c.id, ("sjz.medical",), "changan_window"),  # DIRECT: completed at once
        ("d", c.id, ("sjz.school",), "changan_window"),  # the same talent, a second request
        ("z", z.id, ("sjz.school",), "sjz_admin"),
    ]
    return {label: await _submit(client, talent, codes, user) for label, talent, codes, user in plan}


def _pk(global_id: str) -> int:
    return int(decode_id(global_id)[1])


async def _due(model: Any, global_id: str, day: dt.date) -> None:
    await model.filter(id=_pk(global_id)).update(due_on=day)


async def _list(client: GraphQLClient, query: str, as_user: str = "sjz_admin", **variables: Any) -> list[str]:
    """IDs of one page (up to 100); totalCount must agree and no row may repeat."""
    data = await client.data(query, {"first": 100, **variables}, as_user=as_user)
    connection = next(iter(data.values()))
    ids = [e["node"]["id"] for e in connection["edges"]]
    assert len(ids) == len(set(ids)) == connection["totalCount"], connection
    return ids


async def _requests(client: GraphQLClient, flt: dict | None = None, **kw: Any) -> set[str]:
    return set(await _list(client, REQUESTS, filter=flt, **kw))


async def _handoffs(client: GraphQLClient, flt: dict | None = None, **kw: Any) -> set[str]:
    return set(await _list(client, HANDOFFS, filter=flt, **kw))


def _gid(type_name: str, row: Any) -> str:
    return encode_id(type_name, row.id)


# -- filters ------------------------------------------------------------------------------


async def test_service_requests_filter_by_status_talent_window_and_item(
    client: GraphQLClient, intake: dict[str, dict]
) -> None:
    ids = {label: r["id"] for label, r in intake.items()}
    demo = (await User.get(username="talent_demo")).talent_id
    changan = await ServiceWindow.get(name="长安区人才服务分窗口")
    zhengding = await ServiceWindow.get(name="正定县人才服务分窗口")
    school, household = [await ServiceItem.get(code=c) for c in ("sjz.school", "sjz.household")]

    assert await _requests(client, {"status": {"eq": "COMPLETED"}}) == {ids["c"]}
    assert await _requests(client, {"status": {"in": ["RECEIVED", "WITHDRAWN"]}}) == set(ids.values()) - {
        ids["c"]
    }  # fmt: skip
    assert await _requests(client, {"talentId": {"eq": encode_id("Talent", demo)}}) == {ids["demo"]}
    assert await _requests(client, {"windowId": {"eq": _gid("ServiceWindow", changan)}}) == {
        ids[k] for k in ("demo", "a", "b", "c", "d")
    }  # fmt: skip
    assert await _requests(client, {"windowId": {"eq": _gid("ServiceWindow", zhengding)}}) == {ids["z"]}
    both = {"itemId": {"in": [_gid("ServiceItem", school), _gid("ServiceItem", household)]}}
    assert await _requests(client, both) == {ids[k] for k in ("demo", "a", "b", "d", "z")}  # demo once
    assert await _requests(client, {"itemId": {"eq": _gid("ServiceItem", household)}}) == {
        ids["demo"], ids["b"]
    }  # fmt: skip
    not_demo = {"not": {"talentId": {"eq": encode_id("Talent", demo)}}}
    assert await _requests(client, {"and": [both, not_demo]}) == {ids[k] for k in ("a", "b", "d", "z")}


async def test_service_requests_filter_by_due_date_and_overdue(
    client: GraphQLClient, intake: dict[str, dict]
) -> None:
    ids = {label: r["id"] for label, r in intake.items()}
    await _due(ServiceRequest, ids["a"], TODAY - dt.timedelta(days=1))
    await _due(ServiceRequest, ids["b"], TODAY - dt.timedelta(days=30))
    await _due(ServiceRequest, ids["c"], TODAY - dt.timedelta(days=30))  # completed: past due, not late
    await _due(ServiceRequest, ids["d"], TODAY)  # due today is not late yet

    assert await _requests(client, {"dueOn": {"lt": TODAY.isoformat()}}) == {ids["a"], ids["b"], ids["c"]}
    assert await _requests(client, {"dueOn": {"lte": TODAY.isoformat()}}) == {ids[k] for k in "abcd"}
    assert await _requests(client, {"overdue": True}) == {ids["a"], ids["b"]}
    assert await _requests(client, {"overdue": False}) == {ids[k] for k in ("demo", "c", "d", "z")}


async def test_handoffs_filter_by_status_talent_window_item_department_and_due_date(
    client: GraphQLClient, intake: dict[str, dict]
) -> None:
    demo, a, b, z = (intake[k]["handoffs"] for k in ("demo", "a", "b", "z"))
    everything = {*demo.values(), *a.values(), *b.values(), *intake["d"]["handoffs"].values(), *z.values()}
    assert len(everything) == 8
    assert await _handoffs(client) == everything
    await Handoff.filter(id=_pk(demo[POLICE])).update(status=HandoffStatus.ACCEPTED)
    await Handoff.filter(id=_pk(b[HR])).update(status=HandoffStatus.DONE, due_on=TODAY - dt.timedelta(days=9))
    await _due(Handoff, a[EDU], TODAY - dt.timedelta(days=2))
    await _due(Handoff, z[EDU], TODAY - dt.timedelta(days=1))

    assert await _handoffs(client, {"status": {"eq": "ACCEPTED"}}) == {demo[POLICE]}
    assert await _handoffs(client, {"status": {"in": ["ACCEPTED", "DONE"]}}) == {demo[POLICE], b[HR]}
    demo_talent = encode_id("Talent", (await User.get(username="talent_demo")).talent_id)
    assert await _handoffs(client, {"talentId": {"eq": demo_talent}}) == set(demo.values())
    zhengding = await ServiceWindow.get(name="正定县人才服务分窗口")
    assert await _handoffs(client, {"windowId": {"eq": _gid("ServiceWindow", zhengding)}}) == {z[EDU]}
    household = await ServiceItem.get(code="sjz.household")
    assert await _handoffs(client, {"itemId": {"eq": _gid("ServiceItem", household)}}) == {
        demo[POLICE], demo[HR], b[POLICE], b[HR]
    }  # fmt: skip
    police = await Department.get(name=POLICE)
    assert await _handoffs(client, {"departmentId": {"eq": _gid("Department", police)}}) == {
        demo[POLICE], b[POLICE]
    }  # fmt: skip
    assert await _handoffs(client, {"dueOn": {"lt": TODAY.isoformat()}}) == {b[HR], a[EDU], z[EDU]}
    assert await _handoffs(client, {"overdue": True}) == {a[EDU], z[EDU]}  # DONE is never late
    assert await _handoffs(client, {"overdue": False}) == everything - {a[EDU], z[EDU]}


# -- ordering and paging ------------------------------------------------------------------


async def _walk(client: GraphQLClient, query: str, direction: str, size: int) -> list[dict]:
    """Every row, page by page, ordered by due date."""
    rows: list[dict] = []
    after = None
    for _ in range(20):
        data = await client.data(query, {"orderBy": [{"field": "DUE_ON", "direction": direction}],
                                         "first": size, "after": after}, as_user="sjz_admin")  # fmt: skip
        connection = next(iter(data.values()))
        rows += [e["node"] for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return rows
        after = connection["pageInfo"]["endCursor"]
    raise AssertionError("paging did not end")


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_ordering_by_due_date_pages_through_every_row_once(
    client: GraphQLClient, intake: dict[str, dict], direction: str
) -> None:
    days = itertools.cycle([TODAY - dt.timedelta(days=3), TODAY, TODAY, TODAY + dt.timedelta(days=5)])
    handoff_ids = []
    for request in intake.values():
        await _due(ServiceRequest, request["id"], next(days))  # ties on purpose
        for handoff in request["handoffs"].values():
            await _due(Handoff, handoff, next(days))
            handoff_ids.append(handoff)

    for query, expected in ((REQUESTS, [r["id"] for r in intake.values()]), (HANDOFFS, handoff_ids)):
        rows = await _walk(client, query, direction, size=2)
        assert sorted(r["id"] for r in rows) == sorted(expected)  # each row once, none missing
        dues = [r["dueOn"] for r in rows]
        assert dues == sorted(dues, reverse=direction == "DESC")


# -- who sees what ------------------------------------------------------------------------


async def test_each_caller_sees_the_requests_of_its_own_scope(
    client: GraphQLClient, intake: dict[str, dict]
) -> None:
    ids = {label: r["id"] for label, r in intake.items()}
    changan = {ids[k] for k in ("demo", "a", "b", "c", "d")}

    assert await _requests(client, as_user="changan_window") == changan
    assert await _requests(client, as_user="changan_admin") == changan
    assert await _requests(client, as_user="zhengding_admin") == {ids["z"]}
    assert await _requests(client, as_user="talent_demo") == {ids["demo"]}
    assert await _requests(client, as_user="sjz_admin") == set(ids.values())
    assert await _requests(client, as_user="auditor_demo") == set(ids.values())
    assert await _requests(client, as_user="shandong_platform") == set()
    # a filter narrows, never widens, what the caller may see
    assert await _requests(client, {"withinJurisdiction": "130100"}, as_user="shandong_platform") == set()
    assert await _requests(client, {"withinJurisdiction": "130123"}, as_user="changan_window") == set()

    # a department sees the requests it has a part in, each once
    assert await _requests(client, as_user="sjz_police_handler") == {ids["demo"], ids["b"]}

    demo_handoffs = set(intake["demo"]["handoffs"].values())
    assert await _handoffs(client, as_user="talent_demo") == demo_handoffs
    assert await _handoffs(client, as_user="zhengding_admin") == set(intake["z"]["handoffs"].values())
    assert await _handoffs(client, as_user="shandong_platform") == set()


# -- cost ---------------------------------------------------------------------------------

PAGE = """query($first: Int!) { handoffs(first: $first) { edges { node {
  id status dueOn
  department { name }
  item { code name }
  serviceRequest { number window { name } }
  applicant { name } } } } }"""


async def _many_handoffs(count: int) -> None:
    """Rows straight in the tables (this is about reading): requests of different talents,
    windows and counties, one handoff each, spread over items and departments."""
    links = await ServiceItemDepartment.filter(
        item__code__startswith="sjz.", item__mode=ServiceMode.APPLICATION
    ).order_by("id")  # fmt: skip
    talents = [*await _eligible_talents("130102", 6), *await _eligible_talents("130123", 4)]
    windows = {w.jurisdiction_id: w.id for w in await ServiceWindow.filter(jurisdiction_id__in=COUNTIES)}
    now = dt.datetime.now(dt.UTC)
    for n in range(count):
        talent, link = talents[n % len(talents)], links[n % len(links)]
        county = talent.jurisdiction_id
        request = await ServiceRequest.create(
            number=f"SRBULK{n:05d}", talent_id=talent.id, jurisdiction_id=county,
            employer_id=talent.employer_id, window_id=windows[county], channel=RequestChannel.WINDOW,
            received_at=now, due_on=TODAY,
        )  # fmt: skip
        await Handoff.create(
            request_id=request.id, item_id=link.item_id, department_id=link.department_id,
            jurisdiction_id=county, talent_id=talent.id, employer_id=talent.employer_id,
            is_lead=link.is_lead, due_on=TODAY + dt.timedelta(days=n % 7),
        )  # fmt: skip


async def _statements(client: GraphQLClient, query_counter: QueryCounter, first: int) -> int:
    await client.data(PAGE, {"first": 1}, as_user="sjz_admin")  # warm the policy cache
    with query_counter.capture() as q:
        data = await client.data(PAGE, {"first": first}, as_user="sjz_admin")
    edges = data["handoffs"]["edges"]
    assert len(edges) == first
    assert all(e["node"]["department"] and e["node"]["serviceRequest"]["window"] for e in edges)
    return q.count


async def test_a_page_of_50_handoffs_costs_the_same_statements_as_a_page_of_5(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    await _many_handoffs(60)
    small = await _statements(client, query_counter, 5)
    large = await _statements(client, query_counter, 50)
    assert small == large
    # the caller 2–3, the page 1, then one per nested level: department, item, request, window,
    # applicant (8 measured)
    assert large <= 10, large
