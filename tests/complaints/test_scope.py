"""Who sees which complaint (DESIGN §3): a department only those routed to it, a talent only
their own, another county's office nothing — through the list, `node` and filters alike;
the complainant's phone masked without pii:read; a page's statements do not grow with size."""

from __future__ import annotations

from typing import Any

from permissions.audit import Actor
from resolvers.complaints import flow
from resolvers.core.ids import encode_id
from schema.models import AuditEvent, Department, ServiceWindow, Specialist, Talent, User
from schema.models.enums import ComplaintKind, ComplaintSource
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.query_counter import QueryCounter

LIST = """query($filter: ComplaintFilter, $first: Int) { complaints(filter: $filter, first: $first) {
  totalCount edges { node { id number complainantPhone department { name } talent { name } } } } }"""
NODE = """query($id: ID!) { node(id: $id) { ... on Complaint { number status } } }"""
PAGE = """query($first: Int!) { complaints(first: $first, orderBy: [{field: ID, direction: DESC}]) {
  totalCount edges { node {
    id number status overdue complainantPhone
    jurisdiction { code name } talent { name } serviceRequest { number }
    department { name } window { name } specialist { name } evaluation { level }
    steps { action actor at }
  } } } }"""
POLICE = "石家庄市公安局"
CHANGAN_WINDOW = "长安区人才服务分窗口"
PHONE = "13931112222"


async def _open(actor: str, jurisdiction: str, *, route_to: dict[str, Any] | None = None,
                **columns: Any) -> str:  # fmt: skip
    complaint = await flow.open_complaint(
        Actor(actor), "fileComplaint", kind=ComplaintKind.COMPLAINT, source=ComplaintSource.HOTLINE,
        jurisdiction_id=jurisdiction, subject="窗口服务态度", content="内容", **columns,
    )  # fmt: skip
    if route_to is not None:
        await flow.route(Actor(actor), complaint, workdays=5, note=None,
                         **{"department_id": None, "window_id": None, **route_to})  # fmt: skip
    return encode_id("Complaint", complaint.id)


async def _ids(client: GraphQLClient, user: str, flt: dict[str, Any] | None = None) -> set[str]:
    data = await client.data(LIST, {"filter": flt, "first": 100}, as_user=user)
    return {e["node"]["id"] for e in data["complaints"]["edges"]}


async def _world() -> dict[str, str]:
    demo = await Talent.get(id=(await User.get(username="talent_demo")).talent_id)
    neighbour = await Talent.filter(jurisdiction_id="130102").exclude(id=demo.id).first()
    assert neighbour is not None
    police = await Department.get(name=POLICE)
    window = await ServiceWindow.get(name=CHANGAN_WINDOW)
    return {
        "mine": await _open("talent_demo", "130102", talent_id=demo.id, complainant_phone=PHONE,
                            route_to={"department_id": police.id}),
        "neighbour": await _open("changan_admin", "130102", talent_id=neighbour.id, complainant_phone=PHONE,
                                 route_to={"window_id": window.id}),
        "zhengding": await _open("zhengding_admin", "130123", complainant_name="赵先生"),
    }  # fmt: skip


async def test_each_caller_sees_only_the_complaints_of_their_scope(client: GraphQLClient) -> None:
    world = await _world()
    police = await _ids(client, "sjz_police_handler")
    assert world["mine"] in police and not police & {world["neighbour"], world["zhengding"]}
    data = await client.data(LIST, {"first": 100}, as_user="sjz_police_handler")
    assert {e["node"]["department"]["name"] for e in data["complaints"]["edges"]} == {POLICE}
    assert await _ids(client, "sjz_edu_handler") == set()

    mine = await _ids(client, "talent_demo")
    assert world["mine"] in mine and not mine & {world["neighbour"], world["zhengding"]}
    demo = await Talent.get(id=(await User.get(username="talent_demo")).talent_id)
    data = await client.data(LIST, {"first": 100}, as_user="talent_demo")
    assert {e["node"]["talent"]["name"] for e in data["complaints"]["edges"]} == {demo.name}

    changan = await _ids(client, "changan_admin")
    assert {world["mine"], world["neighbour"]} <= changan and world["zhengding"] not in changan
    assert world["zhengding"] in await _ids(client, "zhengding_admin")
    assert not await _ids(client, "zhengding_admin") & {world["mine"], world["neighbour"]}
    assert set(world.values()) <= await _ids(client, "sjz_admin")
    assert await _ids(client, "jinan_admin") == set()

    for user, gid in (("zhengding_admin", world["mine"]), ("changan_admin", world["zhengding"]),
                      ("sjz_edu_handler", world["mine"]), ("talent_demo", world["neighbour"]),
                      ("sjz_police_handler", world["neighbour"])):  # fmt: skip
        body = await client.execute(NODE, {"id": gid}, as_user=user)
        assert error_codes(body) == ["NOT_FOUND"], user
    seen = await client.data(NODE, {"id": world["mine"]}, as_user="sjz_police_handler")
    assert seen["node"]["status"] == "ROUTED"


async def test_filters_narrow_within_the_scope(client: GraphQLClient) -> None:
    world = await _world()
    police = encode_id("Department", (await Department.get(name=POLICE)).id)
    window = encode_id("ServiceWindow", (await ServiceWindow.get(name=CHANGAN_WINDOW)).id)
    by_department = await _ids(client, "sjz_admin", {"departmentId": {"eq": police}})
    assert world["mine"] in by_department and world["neighbour"] not in by_department
    by_window = await _ids(client, "sjz_admin", {"windowId": {"eq": window}, "status": {"eq": "ROUTED"}})
    assert world["neighbour"] in by_window and world["mine"] not in by_window
    received = await _ids(client, "sjz_admin", {"status": {"eq": "RECEIVED"}, "withinJurisdiction": "130123"})
    assert received == {world["zhengding"]}
    assert world["zhengding"] in await _ids(client, "sjz_admin", {"overdue": False})
    assert not await _ids(client, "sjz_admin", {"overdue": True})
    assert await _ids(client, "sjz_admin", {"kind": {"eq": "RECTIFICATION"}}) == set()
    hotline = await _ids(client, "sjz_admin", {"source": {"in": ["HOTLINE"]},
                                               "jurisdictionCode": {"eq": "130102"}})  # fmt: skip
    assert hotline >= {world["mine"], world["neighbour"]}


async def test_the_complainants_phone_is_masked_without_pii_read_and_unmasked_reads_are_audited(
    client: GraphQLClient,
) -> None:
    world = await _world()
    flt = {"id": {"eq": world["neighbour"]}}
    phones = {}
    for user in ("changan_admin", "changan_window", "auditor_demo", "sjz_admin"):
        data = await client.data(LIST, {"filter": flt}, as_user=user)
        phones[user] = data["complaints"]["edges"][0]["node"]["complainantPhone"]
    assert phones == {"changan_admin": PHONE, "changan_window": PHONE, "auditor_demo": "139****2222",
                      "sjz_admin": PHONE}  # fmt: skip
    handler = await client.data(LIST, {"filter": {"id": {"eq": world["mine"]}}}, as_user="sjz_police_handler")
    assert handler["complaints"]["edges"][0]["node"]["complainantPhone"] == "139****2222"
    reads = await AuditEvent.filter(operation="pii:read", target_type="complaint").values_list(
        "actor", flat=True)  # fmt: skip
    assert sorted(reads) == ["changan_admin", "changan_window", "sjz_admin"]


async def test_a_page_of_complaints_with_nested_fields_costs_the_same_statements_at_any_size(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    talents = await Talent.filter(jurisdiction_id="130102").order_by("id").limit(30)
    specialist = await Specialist.filter(jurisdiction_id="130102").first()
    police = await Department.get(name=POLICE)
    window = await ServiceWindow.get(name=CHANGAN_WINDOW)
    for n, talent in enumerate(talents):
        target = {"department_id": police.id} if n % 2 else {"window_id": window.id}
        await _open("sjz_admin", "130102", talent_id=talent.id, complainant_phone=PHONE, route_to=target,
                    specialist_id=specialist.id if specialist else None)  # fmt: skip

    async def statements(first: int) -> int:
        await client.data(PAGE, {"first": 1}, as_user="sjz_admin")  # warm the policy cache
        with query_counter.capture() as q:
            data = await client.data(PAGE, {"first": first}, as_user="sjz_admin")
        assert len(data["complaints"]["edges"]) == first
        return q.count

    small, large = await statements(5), await statements(30)
    assert small == large, (small, large)
    assert large <= 14, large
