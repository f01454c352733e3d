"""Service records (服务记录): the expert records their own (or their office does) in a
designated county within a listed year; bad input gets a coded error and writes nothing;
the receiving county's office confirms or, with an opinion, does not; a record the caller
may not see answers NOT_FOUND like one that does not exist."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from resolvers.core.ids import encode_id
from schema.clock import china_today
from schema.models import AuditEvent, GrassrootsService, Notification, User
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.grassroots import (
    CONFIRM,
    YEAR,
    changan_talent,
    confirm,
    demo_talent,
    designate,
    list_expert,
    on,
    record,
    service_input,
)
from tests.support.query_counter import QueryCounter

pytestmark = pytest.mark.usefixtures("without_demo_grassroots")

NODE = "query($id: ID!) { node(id: $id) { ... on GrassrootsService { id status } } }"
SERVICES = """{ grassrootsServices { totalCount edges { node { id expertName talent { name } } } } }"""


@pytest.fixture
async def listed(client: GraphQLClient) -> None:
    await designate(client)
    await list_expert(client, await demo_talent())


async def test_the_expert_records_their_service_and_the_receiving_office_confirms_it(
    client: GraphQLClient, listed: None
) -> None:
    talent = await demo_talent()
    made = await record(client, service_input(talent, on(3, 2), on(3, 6), 5))
    assert not made["userErrors"]
    service = made["grassrootsService"]
    assert (service["status"], service["days"], service["area"]["code"], service["expert"]["year"]) == (
        "RECORDED", 5, "130123", YEAR,
    )  # fmt: skip
    zhengding = await User.get(username="zhengding_admin")
    assert await Notification.filter(recipient_id=zhengding.id, related_type="grassroots_service").exists()

    # The receiving office sees it (the expert's name masked: the talent is not theirs), confirms it.
    seen = (await client.data(SERVICES, as_user="zhengding_admin"))["grassrootsServices"]
    assert seen["totalCount"] == 1
    [edge] = seen["edges"]
    assert edge["node"]["talent"] is None and edge["node"]["expertName"] == talent.name[0] + "*" * (
        len(talent.name) - 1
    )
    done = await confirm(client, service["id"], opinion="情况属实")
    decided = done["grassrootsService"]
    assert (decided["status"], decided["opinion"]) == ("CONFIRMED", "情况属实")
    again = await confirm(client, service["id"])
    assert [(e["field"], e["code"]) for e in again["userErrors"]] == [("serviceId", "INVALID_STATE")]
    stored = await GrassrootsService.get()
    assert (stored.confirmed_by, stored.jurisdiction_id, stored.area_jurisdiction_id) == (
        "zhengding_admin", "130102", "130123",
    )  # fmt: skip
    audited = AuditEvent.filter(target_type="grassroots_service")
    operations = set(await audited.values_list("operation", flat=True))
    assert operations == {"recordGrassrootsService", "confirmGrassrootsService"}


async def test_only_an_office_covering_the_receiving_county_confirms(
    client: GraphQLClient, listed: None
) -> None:
    made = await record(client, service_input(await demo_talent(), on(4, 1), on(4, 2), 2))
    service = made["grassrootsService"]["id"]
    for user in ("changan_admin", "talent_demo"):  # they see it, but 正定县 receives it
        refused = await confirm(client, service, user=user)
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("serviceId", "FORBIDDEN")]
    hidden = await confirm(client, service, user="jinan_admin")  # another province: as if missing
    assert [(e["field"], e["code"]) for e in hidden["userErrors"]] == [("serviceId", "NOT_FOUND")]
    assert error_codes(await client.execute(NODE, {"id": service}, as_user="jinan_admin")) == ["NOT_FOUND"]
    missing = await confirm(client, encode_id("GrassrootsService", 999_999), user="jinan_admin")
    assert missing["userErrors"] == hidden["userErrors"]
    no_opinion = await confirm(client, service, decision="REJECT")
    assert [(e["field"], e["code"]) for e in no_opinion["userErrors"]] == [("opinion", "VALIDATION")]
    assert (await GrassrootsService.get()).status == "RECORDED"
    by_city = await confirm(client, service, user="sjz_admin", decision="REJECT", opinion="无接收单位证明")
    assert by_city["grassrootsService"]["status"] == "REJECTED"
    # A record not confirmed leaves its days free to record again.
    redo = await record(client, service_input(await demo_talent(), on(4, 1), on(4, 2), 2))
    assert not redo["userErrors"]


def _codes(payload: dict) -> list[tuple[str, str]]:
    return sorted((e["field"], e["code"]) for e in payload["userErrors"])


BAD = [
    ({"areaCode": "130102"}, [("areaCode", "VALIDATION")]),  # 长安区 is not designated
    ({"areaCode": "999999"}, [("areaCode", "NOT_FOUND")]),
    ({"endsOn": on(3, 1)}, [("endsOn", "VALIDATION")]),  # before it starts
    ({"days": 0}, [("days", "VALIDATION")]),
    ({"days": 6}, [("days", "VALIDATION")]),  # 2–6 March is five days
    ({"unitName": " ", "content": ""}, [("content", "VALIDATION"), ("unitName", "VALIDATION")]),
    # across two years; in a year the expert is not listed for
    ({"startsOn": on(12, 30, YEAR - 1), "endsOn": on(1, 2), "days": 2}, [("endsOn", "VALIDATION")]),
    ({"startsOn": on(3, 2, YEAR - 1), "endsOn": on(3, 6, YEAR - 1)}, [("startsOn", "VALIDATION")]),
]  # fmt: skip


@pytest.mark.parametrize(("overrides", "expected"), BAD)
async def test_bad_input_is_refused_with_a_code_and_writes_nothing(
    client: GraphQLClient, listed: None, overrides: dict, expected: list[tuple[str, str]]
) -> None:
    refused = await record(client, {**service_input(await demo_talent(), on(3, 2), on(3, 6), 5), **overrides})
    assert refused["grassrootsService"] is None
    assert _codes(refused) == expected
    assert not await GrassrootsService.exists()
    assert not await AuditEvent.filter(target_type="grassroots_service").exists()


async def test_service_still_to_end_is_refused(client: GraphQLClient, listed: None) -> None:
    today = china_today()
    tomorrow = today + dt.timedelta(days=1)
    if tomorrow.year != today.year:
        pytest.skip("on 31 December no day of this year is still to come")
    await list_expert(client, await demo_talent(), year=today.year)
    ahead = service_input(await demo_talent(), today.isoformat(), tomorrow.isoformat(), 2)
    assert _codes(await record(client, ahead)) == [("endsOn", "VALIDATION")]
    assert not await GrassrootsService.exists()


async def test_overlapping_records_of_one_expert_conflict(client: GraphQLClient, listed: None) -> None:
    talent = await demo_talent()
    assert not (await record(client, service_input(talent, on(5, 10), on(5, 14), 5)))["userErrors"]
    overlapping = await record(client, service_input(talent, on(5, 14), on(5, 20), 3), user="changan_admin")
    assert _codes(overlapping) == [("startsOn", "CONFLICT")]
    assert not (await record(client, service_input(talent, on(5, 15), on(5, 20), 6)))["userErrors"]
    assert await GrassrootsService.all().count() == 2


async def test_who_may_record_for_an_expert(client: GraphQLClient, listed: None) -> None:
    other = await changan_talent()
    await list_expert(client, other)
    hidden = await record(client, service_input(other, on(6, 1), on(6, 2), 2))  # not talent_demo's own
    assert _codes(hidden) == [("talentId", "NOT_FOUND")]
    receiving = await record(client, service_input(other, on(6, 1), on(6, 2), 2), user="zhengding_admin")
    assert _codes(receiving) == [("talentId", "NOT_FOUND")]  # 正定县 cannot see 长安区's talents
    auditor = await record(client, service_input(other, on(6, 1), on(6, 2), 2), user="auditor_demo")
    assert _codes(auditor) == [("talentId", "FORBIDDEN")]
    assert not (await record(client, service_input(other, on(6, 1), on(6, 2), 2), user="changan_admin"))[
        "userErrors"
    ]
    assert await GrassrootsService.all().count() == 1


async def test_a_confirmation_races_once(client: GraphQLClient, listed: None) -> None:
    made = await record(client, service_input(await demo_talent(), on(7, 1), on(7, 3), 3))
    variables = {"input": {"serviceId": made["grassrootsService"]["id"], "decision": "APPROVE"}}
    first = await client.data(CONFIRM, variables, as_user="zhengding_admin")
    second = await client.data(CONFIRM, variables, as_user="sjz_admin")
    assert first["confirmGrassrootsService"]["grassrootsService"]["status"] == "CONFIRMED"
    assert [e["code"] for e in second["confirmGrassrootsService"]["userErrors"]] == ["INVALID_STATE"]


@pytest.mark.postgres_only
async def test_two_overlapping_records_at_once_write_one(client: GraphQLClient, listed: None) -> None:
    talent = await demo_talent()
    await client.login("changan_admin")
    both = await asyncio.gather(
        record(client, service_input(talent, on(8, 1), on(8, 5), 5)),
        record(client, service_input(talent, on(8, 3), on(8, 9), 7), user="changan_admin"),
    )
    assert sorted(code for made in both for _, code in _codes(made)) == ["CONFLICT"]
    assert await GrassrootsService.all().count() == 1


PAGE = """{ grassrootsServices(first: 50) { totalCount edges { node {
  id days status expertName area { code name } expert { year requiredDays } talent { name } } } } }"""


async def _page_statements(client: GraphQLClient, counter: QueryCounter, user: str) -> int:
    await client.data(PAGE, as_user=user)  # warm the policy cache
    with counter.capture() as q:
        await client.data(PAGE, as_user=user)
    return q.count


async def test_a_page_of_records_costs_the_same_statements_for_two_or_six(
    client: GraphQLClient, listed: None, query_counter: QueryCounter
) -> None:
    talents = [await demo_talent(), *[await changan_talent(skip=n) for n in range(2)]]
    for talent in talents[1:]:
        await list_expert(client, talent)

    async def two_each(month: int) -> None:
        for talent in talents:
            made = await record(client, service_input(talent, on(month, 1), on(month, 2), 2), "changan_admin")
            assert not made["userErrors"]

    await two_each(3)
    users = ("changan_admin", "zhengding_admin")
    few = {user: await _page_statements(client, query_counter, user) for user in users}
    await two_each(4)
    many = {user: await _page_statements(client, query_counter, user) for user in users}
    assert few == many, (few, many)
    # principal 3, page and count, one per nested level; the receiving office one more: the names
    assert many["changan_admin"] <= 7 and many["zhengding_admin"] <= 8, many
