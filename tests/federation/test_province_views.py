"""The province's views (issue 16, item 4): the card-holder database and its counts,
talent moves, net inflow and service volumes over the store its cities' feeds filled —
scoped to the caller's jurisdictions, deleted records nowhere, names masked, counts that
drill down to their lists, and a constant number of SQL statements however many rows."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from gateway.demo import DEMO_PASSWORD
from permissions.grants import add_grant, user_subject
from resolvers.accounts.passwords import hash_password
from schema.models import Jurisdiction, Source, SourceRecord, User
from schema.models.enums import JurisdictionLevel
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.query_counter import QueryCounter

HOLDERS = """query($filter: CardHolderFilter, $first: Int, $after: String, $order: [CardHolderOrder!]) {
  cardHolders(filter: $filter, first: $first, after: $after, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id number status tier { code name } programme { code name } issuedOn expiresOn cityCode
            city { name } jurisdictionCode jurisdiction { name } source { name }
            holder { idHash name status category { code name } } }
  }
}"""
COUNTS = """query($filter: CardHolderFilter, $group: CardHolderGroupBy!) {
  cardHolderCounts(filter: $filter, groupBy: $group) { key name count }
}"""
MOVES = """query($filter: TalentMoveFilter, $first: Int, $after: String) {
  talentMoves(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { idHash name fromCity fromCityName toCity toCityName fromJurisdiction toJurisdiction
            leftOn arrivedOn }
  }
}"""
INFLOW = """query($filter: ProvinceFlowFilter, $group: ProvinceFlowGroupBy) {
  netInflow(filter: $filter, groupBy: $group) { city cityName month arrivals departures net }
}"""
VOLUMES = """query($filter: ProvinceFlowFilter, $group: ProvinceFlowGroupBy) {
  serviceVolumes(filter: $filter, groupBy: $group) { city cityName month requests completed handoffs }
}"""

YEAR_2025 = {"from": "2025-01-01", "to": "2025-12-31"}
PLACES = [  # cities the demo does not have, and a county under each
    ("370200", "青岛市", JurisdictionLevel.CITY, "370000"),
    ("370202", "市南区", JurisdictionLevel.COUNTY, "370200"),
    ("370600", "烟台市", JurisdictionLevel.CITY, "370000"),
    ("370602", "芝罘区", JurisdictionLevel.COUNTY, "370600"),
]
CATEGORIES = {"A": "A类人才", "B": "B类人才", "C": "C类人才"}
TIERS = {"A": "A卡", "B": "B卡"}
_ids = itertools.count(1)


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


async def _record(source: Source, kind: str, code: str, data: dict[str, Any], started: str | None = None,
                  ended: str | None = None, **columns: Any) -> None:  # fmt: skip
    """A record as ingestion stores it: `columns` are key, holder_key, status, class_code, deleted."""
    await SourceRecord.create(
        source=source, kind=kind, record_id=f"R{next(_ids)}", jurisdiction_code=code,
        city_code=code[:4] + "00", started_on=_day(started), ended_on=_day(ended), data=data, **columns,
    )  # fmt: skip


async def _talent(source: Source, key: str, code: str, name: str, category: str, started: str,
                  ended: str | None = None, deleted: bool = False) -> None:  # fmt: skip
    status = "LEFT" if ended else "ACTIVE"
    data = {"name": name, "status": status, "idHash": key, "idNumber": "370102********1234",
            "category": {"code": category, "name": CATEGORIES[category]}}  # fmt: skip
    await _record(source, "TALENT", code, data, started, ended, key=key, holder_key=key, status=status,
                  class_code=category, deleted=deleted)  # fmt: skip


async def _card(source: Source, number: str, code: str, holder: str, tier: str, status: str,
                issued: str = "2025-01-15", deleted: bool = False) -> None:  # fmt: skip
    expires = str(int(issued[:4]) + 5) + issued[4:]
    data = {"number": number, "status": status, "issuedOn": issued, "expiresOn": expires,
            "tier": {"code": tier, "name": TIERS[tier]}, "programme": {"code": "SD", "name": "山东人才卡"},
            "holder": {"idHash": holder}}  # fmt: skip
    await _record(source, "CARD", code, data, issued, expires, key=number, holder_key=holder, status=status,
                  class_code=tier, deleted=deleted)  # fmt: skip


async def _request(source: Source, kind: str, code: str, received: str, completed: str | None = None,
                   deleted: bool = False) -> None:  # fmt: skip
    number = f"SR{next(_ids)}" if kind == "SERVICE_REQUEST" else None
    await _record(source, kind, code, {}, received, completed, key=number, deleted=deleted)


async def _account(username: str, role: str, scope: str) -> None:
    await User.create(username=username, password_hash=hash_password(DEMO_PASSWORD))
    await add_grant(user_subject(username), role, scope)


@pytest.fixture
async def store(client: GraphQLClient) -> dict[str, Source]:
    """Three cities' sources and their records; Shandong's province office and 历下区's."""
    for code, name, level, parent in PLACES:
        await Jurisdiction.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent_id": parent}
        )
    sources = {
        name: await Source.create(
            name=name,
            url=f"https://{code}.example",
            token="t",
            jurisdictions=[code],
            jurisdiction_id="370000",
        )
        for name, code in (("济南", "370100"), ("青岛", "370200"), ("烟台", "370600"))
    }
    jinan, qingdao, yantai = sources["济南"], sources["青岛"], sources["烟台"]
    # h1 济南 → 青岛; h2 青岛 → 济南; h8 青岛 → 济南 in 2024; h9 青岛 → 烟台; h6's 济南 record is gone
    await _talent(jinan, "h1", "370102", "张三丰", "A", "2025-01-10", "2025-03-05")
    await _talent(qingdao, "h1", "370202", "张三丰", "C", "2025-03-20")
    await _talent(qingdao, "h2", "370202", "李四", "B", "2024-06-01", "2025-02-10")
    await _talent(jinan, "h2", "370171", "李四", "B", "2025-02-15")
    await _talent(jinan, "h3", "370102", "王五", "B", "2025-01-05")
    await _talent(qingdao, "h4", "370202", "赵六", "A", "2025-04-01")
    await _talent(jinan, "h6", "370102", "钱七", "A", "2025-01-01", deleted=True)
    await _talent(qingdao, "h6", "370202", "钱七", "A", "2025-05-01")
    await _talent(jinan, "h7", "370171", "孙八", "B", "2024-12-01")  # its card lies in 370102
    await _talent(qingdao, "h8", "370202", "周九", "A", "2024-01-01", "2024-05-01")
    await _talent(jinan, "h8", "370102", "周九", "A", "2024-06-01")
    await _talent(qingdao, "h9", "370202", "吴十", "B", "2025-01-01", "2025-01-31")
    await _talent(yantai, "h9", "370602", "吴十", "B", "2025-02-01")
    await _card(jinan, "C1", "370102", "h1", "A", "ACTIVE")
    await _card(jinan, "C2", "370102", "h3", "B", "ACTIVE", "2025-02-01")
    await _card(jinan, "C3", "370171", "h2", "B", "SUSPENDED", "2025-03-01")
    await _card(jinan, "C4", "370102", "h3", "A", "ACTIVE", deleted=True)
    await _card(qingdao, "C5", "370202", "h1", "A", "ACTIVE", "2025-04-01")
    await _card(qingdao, "C6", "370202", "h4", "B", "EXPIRED", "2024-05-01")
    await _card(jinan, "C7", "370102", "h7", "A", "ACTIVE", "2025-05-01")
    await _request(jinan, "SERVICE_REQUEST", "370102", "2025-01-10", "2025-02-01")
    await _request(jinan, "SERVICE_REQUEST", "370171", "2025-02-03")
    await _request(jinan, "SERVICE_REQUEST", "370102", "2025-01-20", deleted=True)
    await _request(jinan, "HANDOFF", "370102", "2025-01-11")
    await _request(qingdao, "SERVICE_REQUEST", "370202", "2025-02-20", "2025-02-25")
    await _request(qingdao, "HANDOFF", "370202", "2025-02-21")
    await _account("sd_office", "province_admin", "jur:370000")
    await _account("lixia_office", "county_admin", "jur:370102")
    return sources


async def _holders(client: GraphQLClient, who: str, flt: dict[str, Any] | None = None, **kw: Any) -> dict:
    return (await client.data(HOLDERS, {"filter": flt, "first": 100, **kw}, as_user=who))["cardHolders"]


async def _counts(client: GraphQLClient, who: str, group: str, flt: dict | None = None) -> list[tuple]:
    rows = (await client.data(COUNTS, {"group": group, "filter": flt}, as_user=who))["cardHolderCounts"]
    return [(r["key"], r["name"], r["count"]) for r in rows]


async def test_the_province_sees_every_live_card_with_its_holder_masked(
    client: GraphQLClient, store: dict[str, Source]
) -> None:
    page = await _holders(client, "sd_office", order=[{"field": "NUMBER"}])
    assert page["totalCount"] == 6
    nodes = {n["number"]: n for n in page["nodes"]}
    assert list(nodes) == ["C1", "C2", "C3", "C5", "C6", "C7"]  # C4 is gone at its source
    c1 = nodes["C1"]
    assert c1["status"] == "ACTIVE" and c1["tier"] == {"code": "A", "name": "A卡"}
    assert c1["programme"] == {"code": "SD", "name": "山东人才卡"}
    assert (c1["issuedOn"], c1["expiresOn"]) == ("2025-01-15", "2030-01-15")
    assert (c1["cityCode"], c1["city"], c1["jurisdictionCode"]) == ("370100", {"name": "济南市"}, "370102")
    assert c1["jurisdiction"] == {"name": "历下区"} and c1["source"] == {"name": "济南"}
    # the holder is the talent record of the card's own source: 济南's says category A
    assert c1["holder"] == {"idHash": "h1", "name": "张**", "status": "LEFT",
                            "category": {"code": "A", "name": "A类人才"}}  # fmt: skip
    assert nodes["C5"]["holder"]["category"]["code"] == "C"  # 青岛's record of the same talent
    assert nodes["C5"]["city"] == {"name": "青岛市"} and nodes["C6"]["status"] == "EXPIRED"
    assert {n["holder"]["name"] for n in nodes.values()} == {"张**", "王*", "李*", "赵*", "孙*"}


async def test_grouped_counts_drill_down_to_the_same_cards(
    client: GraphQLClient, store: dict[str, Source]
) -> None:
    expected = {
        "CITY": [("370100", "济南市", 4), ("370200", "青岛市", 2)],
        "TIER": [("A", "A卡", 3), ("B", "B卡", 3)],
        "CATEGORY": [("B", "B类人才", 3), ("A", "A类人才", 2), ("C", "C类人才", 1)],
        "STATUS": [("ACTIVE", "有效", 4), ("EXPIRED", "已过期", 1), ("SUSPENDED", "已暂停", 1)],
        "JURISDICTION": [
            ("370102", "历下区", 3),
            ("370202", "市南区", 2),
            ("370171", "济南高新技术产业开发区", 1),
        ],
    }
    drill = {"CITY": lambda k: {"cityCode": k}, "TIER": lambda k: {"tierCode": {"eq": k}},
             "CATEGORY": lambda k: {"categoryCode": {"eq": k}}, "STATUS": lambda k: {"status": {"eq": k}},
             "JURISDICTION": lambda k: {"withinJurisdiction": k}}  # fmt: skip
    for group, buckets in expected.items():
        assert await _counts(client, "sd_office", group) == buckets, group
        for key, _, count in buckets:
            assert (await _holders(client, "sd_office", drill[group](key)))["totalCount"] == count, (
                group,
                key,
            )
    # filters combine, and the counts take the same filter
    both = {"cityCode": "370100", "categoryCode": {"in": ["B"]}, "status": {"in": ["ACTIVE", "SUSPENDED"]}}
    assert sorted(n["number"] for n in (await _holders(client, "sd_office", both))["nodes"]) == [
        "C2", "C3", "C7"
    ]  # fmt: skip
    assert await _counts(client, "sd_office", "TIER", both) == [("B", "B卡", 2), ("A", "A卡", 1)]


async def test_a_city_or_county_sees_only_its_own_cards_and_holders(
    client: GraphQLClient, store: dict[str, Source]
) -> None:
    jinan = await _holders(client, "jinan_admin")
    assert sorted(n["number"] for n in jinan["nodes"]) == ["C1", "C2", "C3", "C7"]
    assert await _counts(client, "jinan_admin", "CITY") == [("370100", "济南市", 4)]
    assert (await _holders(client, "jinan_admin", {"cityCode": "370200"}))["totalCount"] == 0
    # 历下区: C7's holder record lies in 高新区, which it may not see: no holder, no category
    lixia = {n["number"]: n for n in (await _holders(client, "lixia_office"))["nodes"]}
    assert sorted(lixia) == ["C1", "C2", "C7"] and lixia["C7"]["holder"] is None
    assert await _counts(client, "lixia_office", "CATEGORY") == [("A", "A类人才", 1), ("B", "B类人才", 1),
                                                                (None, None, 1)]  # fmt: skip
    assert (await _holders(client, "lixia_office", {"categoryCode": {"eq": "B"}}))["totalCount"] == 1
    # another province, a talent, the feed's reader: nothing at all
    for who in ("hebei_admin", "talent_demo", "shandong_platform"):
        assert (await _holders(client, who))["totalCount"] == 0, who
        assert await _counts(client, who, "CITY") == [], who


async def test_card_holders_page_by_issue_date(client: GraphQLClient, store: dict[str, Source]) -> None:
    seen, after = [], None
    while True:
        page = await _holders(client, "sd_office", first=4, after=after,
                              order=[{"field": "ISSUED_ON", "direction": "DESC"}])  # fmt: skip
        seen += [n["number"] for n in page["nodes"]]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    assert seen == ["C7", "C5", "C3", "C2", "C1", "C6"]


async def test_moves_pair_a_talent_s_records_in_different_cities(
    client: GraphQLClient, store: dict[str, Source]
) -> None:
    moves = (await client.data(MOVES, {}, as_user="sd_office"))["talentMoves"]
    assert moves["totalCount"] == 4
    assert [(m["idHash"], m["fromCity"], m["toCity"], m["arrivedOn"]) for m in moves["nodes"]] == [
        ("h8", "370200", "370100", "2024-06-01"), ("h9", "370200", "370600", "2025-02-01"),
        ("h2", "370200", "370100", "2025-02-15"), ("h1", "370100", "370200", "2025-03-20"),
    ]  # fmt: skip
    h1 = moves["nodes"][-1]
    assert h1 == {"idHash": "h1", "name": "张**", "fromCity": "370100", "fromCityName": "济南市",
                  "toCity": "370200", "toCityName": "青岛市", "fromJurisdiction": "370102",
                  "toJurisdiction": "370202", "leftOn": "2025-03-05", "arrivedOn": "2025-03-20"}  # fmt: skip
    # filters: a period of arrival, a city at either end, one talent; pages by arrival
    variables = {"filter": {"from": "2025-02-01", "to": "2025-02-28", "cityCode": "370100"}}
    february = (await client.data(MOVES, variables, as_user="sd_office"))["talentMoves"]
    assert [m["idHash"] for m in february["nodes"]] == ["h2"]
    one = (await client.data(MOVES, {"filter": {"idHash": "h9"}}, as_user="sd_office"))["talentMoves"]
    assert [(m["fromCity"], m["toCityName"]) for m in one["nodes"]] == [("370200", "烟台市")]
    first = (await client.data(MOVES, {"first": 3}, as_user="sd_office"))["talentMoves"]
    rest = (await client.data(MOVES, {"first": 3, "after": first["pageInfo"]["endCursor"]},
                              as_user="sd_office"))["talentMoves"]  # fmt: skip
    assert first["pageInfo"]["hasNextPage"] and not rest["pageInfo"]["hasNextPage"]
    assert [m["idHash"] for m in first["nodes"] + rest["nodes"]] == ["h8", "h9", "h2", "h1"]


async def test_a_move_shows_where_either_end_is_visible(
    client: GraphQLClient, store: dict[str, Source]
) -> None:
    async def hashes(who: str) -> list[str]:
        return [m["idHash"] for m in (await client.data(MOVES, {}, as_user=who))["talentMoves"]["nodes"]]

    assert await hashes("jinan_admin") == ["h8", "h2", "h1"]  # not 青岛 → 烟台
    assert await hashes("lixia_office") == ["h8", "h1"]  # 高新区 is h2's end in 济南
    for who in ("hebei_admin", "talent_demo"):
        assert await hashes(who) == [], who


async def test_net_inflow_by_city_and_month(client: GraphQLClient, store: dict[str, Source]) -> None:
    async def inflow(who: str, group: str, **flt: Any) -> list[tuple]:
        variables = {"filter": {**YEAR_2025, **flt}, "group": group}
        rows = (await client.data(INFLOW, variables, as_user=who))["netInflow"]
        return [tuple(r.values()) for r in rows]

    assert await inflow("sd_office", "CITY_MONTH") == [
        ("370100", "济南市", "2025-01", 2, 0, 2), ("370100", "济南市", "2025-02", 1, 0, 1),
        ("370100", "济南市", "2025-03", 0, 1, -1), ("370200", "青岛市", "2025-01", 1, 1, 0),
        ("370200", "青岛市", "2025-02", 0, 1, -1), ("370200", "青岛市", "2025-03", 1, 0, 1),
        ("370200", "青岛市", "2025-04", 1, 0, 1), ("370200", "青岛市", "2025-05", 1, 0, 1),
        ("370600", "烟台市", "2025-02", 1, 0, 1),
    ]  # fmt: skip
    assert await inflow("sd_office", "CITY") == [
        ("370100", "济南市", None, 3, 1, 2), ("370200", "青岛市", None, 4, 2, 2),
        ("370600", "烟台市", None, 1, 0, 1),
    ]  # fmt: skip
    assert await inflow("sd_office", "MONTH") == [
        (None, None, "2025-01", 3, 1, 2), (None, None, "2025-02", 2, 1, 1), (None, None, "2025-03", 1, 1, 0),
        (None, None, "2025-04", 1, 0, 1), (None, None, "2025-05", 1, 0, 1),
    ]  # fmt: skip
    assert await inflow("sd_office", "CITY", cityCode="370200") == [("370200", "青岛市", None, 4, 2, 2)]
    assert await inflow("sd_office", "CITY", withinJurisdiction="370171") == [
        ("370100", "济南市", None, 1, 0, 1)
    ]  # fmt: skip
    assert await inflow("sd_office", "CITY", to="2024-12-31", **{"from": "2024-01-01"}) == [
        ("370100", "济南市", None, 2, 0, 2), ("370200", "青岛市", None, 2, 1, 1)
    ]  # fmt: skip
    assert await inflow("jinan_admin", "CITY") == [("370100", "济南市", None, 3, 1, 2)]
    assert await inflow("jinan_admin", "CITY", cityCode="370200") == []
    assert await inflow("talent_demo", "CITY") == []


async def test_service_volumes_by_city_and_month(client: GraphQLClient, store: dict[str, Source]) -> None:
    variables = {"filter": YEAR_2025}
    rows = (await client.data(VOLUMES, variables, as_user="sd_office"))["serviceVolumes"]
    assert [tuple(r.values()) for r in rows] == [
        ("370100", "济南市", "2025-01", 1, 0, 1), ("370100", "济南市", "2025-02", 1, 1, 0),
        ("370200", "青岛市", "2025-02", 1, 1, 1),
    ]  # fmt: skip
    by_city = (await client.data(VOLUMES, {**variables, "group": "CITY"}, as_user="lixia_office"))[
        "serviceVolumes"
    ]
    assert [tuple(r.values()) for r in by_city] == [("370100", "济南市", None, 1, 1, 1)]


@pytest.mark.parametrize(
    ("query", "variables", "field"),
    [
        (HOLDERS, {"filter": {"cityCode": "379900"}}, "filter.cityCode"),  # no such city
        (HOLDERS, {"filter": {"cityCode": "370102"}}, "filter.cityCode"),  # a county, not a city
        (HOLDERS, {"filter": {"withinJurisdiction": "37"}}, "filter.withinJurisdiction"),
        (HOLDERS, {"first": -1}, "first"),
        (COUNTS, {"group": "CITY", "filter": {"cityCode": "abc"}}, "filter.cityCode"),
        (MOVES, {"first": 0}, "first"),
        (MOVES, {"first": 501}, "first"),
        (MOVES, {"after": "nope"}, "after"),
        (MOVES, {"filter": {"cityCode": "379900"}}, "filter.cityCode"),
        (MOVES, {"filter": {"idHash": "h" * 65}}, "filter.idHash"),
        (MOVES, {"filter": {"from": "2025-03-01", "to": "2025-02-01"}}, "filter.from"),
        (INFLOW, {"filter": {"from": "2025-03-01", "to": "2025-02-01"}}, "filter.from"),
        (INFLOW, {"filter": {"from": "2010-01-01", "to": "2025-02-01"}}, "filter.to"),
        (INFLOW, {"filter": {"from": "2990-01-02", "to": "2999-12-31"}}, None),  # just within ten years
        (VOLUMES, {"filter": {"cityCode": "379900"}}, "filter.cityCode"),
    ],
)
async def test_bad_input_is_a_validation_error_and_changes_nothing(
    client: GraphQLClient, store: dict[str, Source], query: str, variables: dict[str, Any], field: str | None
) -> None:
    before = await SourceRecord.all().count()
    body = await client.execute(query, variables, as_user="sd_office")
    if field is None:
        assert "errors" not in body, body
    else:
        assert error_codes(body) == ["VALIDATION"], body
        assert body["errors"][0]["extensions"]["field"] == field, body
    assert await SourceRecord.all().count() == before


async def _statements(
    client: GraphQLClient, counter: QueryCounter, query: str, variables: dict[str, Any]
) -> int:
    await client.data(query, variables, as_user="sd_office")  # signed in, caches warm
    with counter.capture() as log:
        await client.data(query, variables, as_user="sd_office")
    return log.count


async def test_statements_per_query_do_not_grow_with_rows(
    client: GraphQLClient, store: dict[str, Source], query_counter: QueryCounter
) -> None:
    reads = [(HOLDERS, {"first": 2}), (HOLDERS, {"first": 50, "filter": {"categoryCode": {"eq": "B"}}}),
             (COUNTS, {"group": "CATEGORY"}), (MOVES, {"first": 50}), (INFLOW, {"filter": YEAR_2025}),
             (VOLUMES, {"filter": YEAR_2025})]  # fmt: skip
    before = [await _statements(client, query_counter, q, v) for q, v in reads]
    jinan, qingdao = store["济南"], store["青岛"]
    for i in range(20):  # twenty more talents moving 济南 → 青岛, each with a card at both ends
        key = f"x{i}"
        await _talent(jinan, key, "370102", f"测试{i}", "B", "2025-01-02", "2025-02-02")
        await _talent(qingdao, key, "370202", f"测试{i}", "B", "2025-03-02")
        await _card(jinan, f"X{i}", "370102", key, "B", "ACTIVE")
        await _card(qingdao, f"Y{i}", "370202", key, "A", "ACTIVE")
        await _request(qingdao, "SERVICE_REQUEST", "370202", "2025-03-03", "2025-03-04")
    after = [await _statements(client, query_counter, q, v) for q, v in reads]
    assert after == before
    many = await _statements(client, query_counter, HOLDERS, {"first": 50})
    assert many == before[0]  # a page of 50 costs what a page of 2 does
    page = (await client.data(HOLDERS, {"first": 50}, as_user="sd_office"))["cardHolders"]
    assert len(page["nodes"]) == 46 and page["totalCount"] == 46
