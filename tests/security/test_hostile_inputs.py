"""Hostile inputs at every root field, over HTTP: never INTERNAL, never a traceback.

schemathesis once found 48 uncoded INTERNAL errors in 16,180 cases (7-digit jurisdiction
codes, malformed ids inside valid Relay ids, 1,000-character usernames, odd `_entities`
representations, edge cases of catalogue and rule inputs). This module walks the schema
and fires hostile values (tests/support/hostile.py) at every argument leaf of every
mutation and root query field as an office user.
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from schema.build import build_schema
from tests.support.graphql import GraphQLClient
from tests.support.hostile import POSTGRES_HOSTILE, Case, hostile_cases, relay
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.heavy

OFFICE_USER = "sjz_admin"

GOOD_IDS = """query {
  employers(first: 1) { edges { node { id } } }
  talentCategories(first: 1) { edges { node { id } } }
  serviceItems(first: 1, filter: {code: {eq: "sjz.household"}}) {
    edges { node { id departments { id } eligibleTiers { id } } } }
  serviceWindows(first: 1) { edges { node { id } } }
  specialists(first: 2) { edges { node { id } } }
  serviceRequests(first: 1) { edges { node { id handoffs { id } } } }
  cards(first: 1) { edges { node { id } } }
  recognitions(first: 1) { edges { node { id } } }
  complaints(first: 1) { edges { node { id } } }
  cardRevocations(first: 1) { edges { node { id } } }
  successions(first: 1) { edges { node { id } } }
  directRecognitionRules { id }
}"""


SUBMIT = """mutation($input: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $input) { userErrors { code message } } }"""


def _first(data: dict[str, Any], name: str, type_name: str) -> str:
    """The first record the office user sees, else the id of one that does not exist."""
    edges = data[name]["edges"]
    return edges[0]["node"]["id"] if edges else relay(f"{type_name}:999999")


def good_values(data: dict[str, Any], talent: str) -> dict[str, Any]:
    """Plain values by argument name: real records of the demo (`data` answers GOOD_IDS
    once a request of `talent` exists), so a hostile leaf is read past the lookups before it."""
    item = data["serviceItems"]["edges"][0]["node"]
    request = data["serviceRequests"]["edges"][0]["node"]
    return {
        "talentId": talent,
        "employerId": _first(data, "employers", "Employer"),
        "categoryId": _first(data, "talentCategories", "TalentCategory"),
        "itemId": item["id"],
        "itemIds": [item["id"]],
        "departmentId": item["departments"][0]["id"],
        "departmentIds": [d["id"] for d in item["departments"]],
        "leadDepartmentId": item["departments"][0]["id"],
        "eligibleTierIds": [t["id"] for t in item["eligibleTiers"]],
        "windowId": _first(data, "serviceWindows", "ServiceWindow"),
        "specialistId": _first(data, "specialists", "Specialist"),
        "successorId": data["specialists"]["edges"][-1]["node"]["id"],
        "serviceRequestId": request["id"],
        "handoffId": request["handoffs"][0]["id"],
        "cardId": _first(data, "cards", "Card"),
        "recognitionId": _first(data, "recognitions", "Recognition"),
        "complaintId": _first(data, "complaints", "Complaint"),
        "revocationId": _first(data, "cardRevocations", "CardRevocation"),
        "successionId": _first(data, "successions", "SpecialistSuccession"),
        "ruleId": data["directRecognitionRules"][0]["id"] if data["directRecognitionRules"] else relay("X:1"),
        "jurisdictionCode": "130102",
        "withinJurisdiction": "130102",
        "role": "county_admin",
        "scope": "jur:130102",
        "phone": "13812345678",
        "mobile": "13812345678",
        "year": 2026,
        "quarter": 1,
        "score": 3,
        "first": 5,
        "count": 3,
        "timeLimitWorkdays": 5,
        "representations": [{"__typename": "Talent", "id": talent}],
        # Never the demo users' own names: failed sign-ins would lock them out.
        "login.username": "fuzz_nobody",
        "grantRole.username": "changan_window",
        "revokeRole.username": "changan_window",
        "unlockUser.username": "changan_window",
    }


ME_TALENT = "{ me { talent { id } } }"
JSON = {"Content-Type": "application/json"}
ACCEPTED = {"VALIDATION", "NOT_FOUND", "FORBIDDEN", "UNAUTHENTICATED", "INVALID_STATE", "CONFLICT",
            "LIMIT_EXCEEDED"}  # fmt: skip


def body_of(case: Case) -> str:
    # json.dumps escapes lone surrogates, which httpx's own encoder refuses to send.
    return json.dumps({"query": case.document, "variables": case.variables})


def uncoded(case: Case, status: int, body: dict[str, Any]) -> str | None:
    """Why an answer is not a coded refusal or a result (None when it is one)."""
    if status != 200:
        return f"{case.describe()}: HTTP {status}"
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    codes += [e.get("code") for e in _user_errors(body.get("data"))]
    bad = [c for c in codes if c not in ACCEPTED]
    return f"{case.describe()}: {bad}" if bad else None


def _user_errors(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        found = list(data.get("userErrors") or [])
        return found + [e for k, v in data.items() if k != "userErrors" for e in _user_errors(v)]
    if isinstance(data, list):
        return [e for v in data for e in _user_errors(v)]
    return []


# -- over HTTP, against `talentgate serve` -----------------------------------------------------


def _live_good_values(server: LiveServer) -> dict[str, Any]:
    talent = server.gql(ME_TALENT, as_user="talent_demo")["data"]["me"]["talent"]["id"]
    items = server.gql(GOOD_IDS, as_user=OFFICE_USER)["data"]["serviceItems"]["edges"]
    submitted = server.gql(SUBMIT, {"input": {"talentId": talent, "itemIds": [items[0]["node"]["id"]]}},
                           as_user="changan_window")  # fmt: skip
    assert submitted["data"]["submitServiceRequest"]["userErrors"] == [], submitted
    body = server.gql(GOOD_IDS, as_user=OFFICE_USER)
    assert "errors" not in body, body
    return good_values(body["data"], talent)


# -- the cases schemathesis reported, one by one ---------------------------------------------

LONG_NAME = "x" * 1000
NODE = "query($id: ID!) { node(id: $id) { id } }"
HOUSEHOLD = '{ serviceItems(first: 1, filter: {code: {eq: "sjz.household"}}) { nodes { id } } }'
ITEM = {"code": "fz.case", "name": "测试事项", "category": "HOUSEHOLD", "mode": "APPLICATION",
        "jurisdictionCode": "130100", "timeLimitWorkdays": 5}  # fmt: skip
RULE = {"code": "fz.rule", "name": "测试规则", "jurisdictionCode": "130100", "kind": "AWARD",
        "skips": ["COUNTY_REVIEW"], "awards": ["国家科学技术奖"]}  # fmt: skip
REPORTED: list[tuple[str, str, dict[str, Any], str, list[tuple[str | None, str]]]] = [
    # (root field, input type, input, user, expected (field, code) of the refusal)
    ("createTalent", "CreateTalentInput",
     {"name": "甲", "idNumber": "130102199001011237", "jurisdictionCode": "1301021"}, "changan_admin",
     [("jurisdictionCode", "VALIDATION")]),
    ("createEmployer", "CreateEmployerInput",
     {"name": "乙公司", "creditCode": "91130102MA0000000X", "jurisdictionCode": "1301021"}, "changan_admin",
     [("creditCode", "VALIDATION"), ("jurisdictionCode", "VALIDATION")]),
    ("login", "LoginInput", {"username": LONG_NAME, "password": "x"}, None, [(None, "UNAUTHENTICATED")]),
    ("grantRole", "RoleGrantInput",
     {"username": LONG_NAME, "role": "window_specialist", "scope": "jur:130102"}, "changan_admin",
     [("username", "NOT_FOUND")]),
    ("createServiceItem", "CreateServiceItemInput", {**ITEM, "timeLimitWorkdays": 0}, "sjz_admin",
     [("timeLimitWorkdays", "VALIDATION")]),
    ("createServiceItem", "CreateServiceItemInput", {**ITEM, "timeLimitWorkdays": -(2**31)}, "sjz_admin",
     [("timeLimitWorkdays", "VALIDATION")]),
    ("createServiceItem", "CreateServiceItemInput", {**ITEM, "code": "代码/../x", "name": LONG_NAME},
     "sjz_admin", [("code", "VALIDATION"), ("name", "VALIDATION")]),
    ("createServiceItem", "CreateServiceItemInput", {**ITEM, "jurisdictionCode": "9999999"}, "sjz_admin",
     [("jurisdictionCode", "VALIDATION")]),
    ("createDirectRecognitionRule", "CreateDirectRecognitionRuleInput",
     {**RULE, "categoryId": relay("TalentCategory:abc")}, "sjz_admin", [("categoryId", "NOT_FOUND")]),
    ("createDirectRecognitionRule", "CreateDirectRecognitionRuleInput",
     {**RULE, "categoryId": "!!!", "name": ""}, "sjz_admin",
     [("categoryId", "VALIDATION"), ("name", "VALIDATION")]),
]  # fmt: skip


@pytest.mark.parametrize(("field", "input_type", "data", "user", "expected"), REPORTED,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(REPORTED)])  # fmt: skip
def test_each_reported_input_is_refused_with_a_code_and_writes_nothing(
    live_server: LiveServer, field: str, input_type: str, data: dict[str, Any], user: str | None,
    expected: list[tuple[str | None, str]],
) -> None:  # fmt: skip
    document = f"mutation($i: {input_type}!) {{ {field}(input: $i) {{ userErrors {{ field code }} }} }}"
    body = live_server.gql(document, {"i": data}, as_user=user)
    assert "errors" not in body, body
    assert sorted((e["field"], e["code"]) for e in body["data"][field]["userErrors"]) == expected
    assert "Traceback" not in live_server.log()


def test_malformed_ids_dates_and_entities_are_refused_at_the_door(live_server: LiveServer) -> None:
    for raw in ("Talent:abc", "Talent:99999999999999999999", "Talent:2147483648", "Talent:\u00b2",
                "Jurisdiction:1301021"):  # fmt: skip
        body = live_server.gql(NODE, {"id": relay(raw)}, as_user="sjz_admin")
        assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"], (raw, body)
    body = live_server.gql(
        "query($f: TalentFilter) { talents(filter: $f) { totalCount } }",
        {"f": {"jurisdictionCode": {"eq": "1301021"}, "createdAt": {"gte": "9999-12-31T23:59:59-12:00"}}},
        as_user="sjz_admin",
    )  # fmt: skip
    assert {e["extensions"]["code"] for e in body["errors"]} == {"VALIDATION"}
    items = live_server.gql(HOUSEHOLD, as_user="sjz_admin")["data"]["serviceItems"]["nodes"]
    item = items[0]["id"]
    publish = """mutation($id: ID!) { publishServiceItem(input: {id: $id, effectiveFrom: "0001-01-01"}) {
      userErrors { code } } }"""
    body = live_server.gql(publish, {"id": item}, as_user="sjz_admin")
    assert [e["extensions"]["code"] for e in body["errors"]] == ["VALIDATION"]
    assert "out of range" in body["errors"][0]["message"]
    talent = live_server.gql(ME_TALENT, as_user="talent_demo")["data"]["me"]["talent"]["id"]
    entities = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Talent { id } } }"
    representations = [
        {"__typename": "Talent", "id": talent, "extra": 1},
        {"__typename": "Talent", "id": 1},
        {"__typename": "Nope", "id": talent},
        {"__typename": "Talent", "id": talent},
    ]
    body = live_server.gql(entities, {"r": representations}, as_user="sjz_admin")
    assert body["data"]["_entities"][:3] == [None, None, None]
    assert body["data"]["_entities"][3] == {"id": talent}
    assert sorted(e["path"][1] for e in body["errors"]) == [0, 1, 2]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"VALIDATION"}
    assert "Traceback" not in live_server.log()


# Last of the HTTP tests: its failed sign-ins count against the client's address.
def test_no_hostile_value_at_any_root_field_answers_internal_or_logs_a_traceback(
    live_server: LiveServer,
) -> None:
    cases = list(hostile_cases(build_schema()._schema, _live_good_values(live_server)))
    assert len(cases) > 3000  # every mutation and root query field, every argument leaf
    headers = {"Authorization": f"Bearer {live_server.login(OFFICE_USER)}", **JSON}
    clients = [httpx.Client(base_url=live_server.base, headers=headers, timeout=60) for _ in range(WORKERS)]

    def fire(index: int, case: Case) -> str | None:
        response = clients[index % WORKERS].post("/graphql", content=body_of(case))
        return uncoded(case, response.status_code, response.json() if response.status_code == 200 else {})

    try:
        with ThreadPoolExecutor(WORKERS) as pool:
            failures = [f for f in pool.map(fire, range(len(cases)), cases) if f]
    finally:
        for http in clients:
            http.close()
    assert not failures, "\n".join(failures)
    assert "Traceback" not in live_server.log()


WORKERS = 4  # the server answers several at once; the cases do not depend on each other


# -- in-process on PostgreSQL, which refuses more than SQLite (NUL, keys wider than INTEGER) -----


async def _client_good_values(client: GraphQLClient) -> dict[str, Any]:
    talent = (await client.data(ME_TALENT, as_user="talent_demo"))["me"]["talent"]["id"]
    items = (await client.data(GOOD_IDS, as_user=OFFICE_USER))["serviceItems"]["edges"]
    request = {"talentId": talent, "itemIds": [items[0]["node"]["id"]]}
    submitted = await client.data(SUBMIT, {"input": request}, as_user="changan_window")
    assert submitted["submitServiceRequest"]["userErrors"] == [], submitted
    return good_values(await client.data(GOOD_IDS, as_user=OFFICE_USER), talent)


@pytest.mark.postgres_only
async def test_no_hostile_value_answers_internal_on_postgresql(
    client: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    good = await _client_good_values(client)
    cases = list(hostile_cases(build_schema()._schema, good, values=POSTGRES_HOSTILE))
    token = await client.login(OFFICE_USER)
    headers = {"Authorization": f"Bearer {token}", **JSON}
    failures = []
    with caplog.at_level(logging.ERROR, logger="talentgate"):
        for case in cases:
            response = await client.http.post("/graphql", content=body_of(case), headers=headers)
            answer = response.json() if response.status_code == 200 else {}
            if failure := uncoded(case, response.status_code, answer):
                failures.append(failure)
    assert not failures, "\n".join(failures)
    assert not [r for r in caplog.records if r.exc_info], caplog.text
