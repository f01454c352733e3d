"""Compiled reads answer exactly what the resolvers answer.

Every query runs twice per user — compiled reads on, then off (the setting flipped on
the app between requests) — and the two JSON answers must be identical, as must the
unmasked reads written to the audit trail. A compiled request costs one statement (+1
for totalCount, +1 when custom-field conditions are checked) on top of what any request
costs (the `{ __typename }` baseline: the principal's grants). Operations that do not
compile are listed at the end, with the statements they cost showing resolvers ran.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from schema.build import build_schema
from schema.clock import china_today
from schema.extensions import read_compiler
from schema.models import AuditEvent, Card
from tests.support.graphql import GraphQLClient
from tests.support.query_counter import QueryCounter

USERS = [
    "sjz_admin", "changan_admin", "zhengding_admin", "changan_window", "sjz_police_handler",
    "auditor_demo", "talent_demo",
]  # fmt: skip

HANDLER_PAGE = """query {
  handoffs(first: 50, orderBy: [{field: CREATED_AT, direction: DESC}]) {
    nodes { id serviceRequest { number window { jurisdiction { name } } } applicant { name } }
  }
}"""

HANDOFFS_FULL = """query Handoffs($first: Int, $after: String, $filter: HandoffFilter) {
  __typename
  list: handoffs(first: $first, after: $after, filter: $filter,
                 orderBy: [{field: DUE_ON, direction: ASC}, {field: CREATED_AT, direction: DESC}]) {
    __typename
    totalCount
    pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
    edges { __typename cursor node { ...H } }
    nodes { theId: id status }
  }
}
fragment H on Handoff {
  __typename id status dueOn isLead outcome opinion returnReason deliveryAttempts lastError
  createdAt deliveredAt acceptedAt completedAt
  department { id name channel phone jurisdiction { code name level } }
  applicant { name idNumber phone }
  ... on Handoff { serviceRequest { ...R } }
}
fragment R on ServiceRequest {
  id number status channel note receivedAt dueOn completedAt withdrawnAt
  window { id name address phone parent { name } jurisdiction { id code name parent { code } } }
  talent { id name idNumber phone address status jurisdiction { name } employer { name } }
}"""

TALENTS_COUNTY = """query {
  talents(first: 50, orderBy: [{field: NAME}], filter: {withinJurisdiction: "130102"}) {
    nodes { id name employer { name } category { name } activeCard { number } }
  }
}"""

TALENTS_FULL = """query T($filter: TalentFilter, $order: [TalentOrder!], $first: Int, $after: String,
                    $offset: Int) {
  talents(filter: $filter, orderBy: $order, first: $first, after: $after, offset: $offset) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      id name gender idKind nationality education degree professionalTitle skillLevel status
      introducedOn leftOn createdAt updatedAt idNumber phone address
      jurisdiction { id code name level parent { name } }
      employer { id name creditCode kind industry createdAt jurisdiction { name } }
      category { id code name ladder rank jurisdiction { code } }
      activeCard { __typename id number status issuedOn expiresOn statusChangedAt
                   tier { id code name rank } }
    } }
  }
}"""

CARD_BY_NUMBER = """query C($number: String!) {
  cards(filter: {number: {eq: $number}}) {
    nodes { id number status issuedOn expiresOn tier { code name rank }
            holder { id name idNumber phone activeCard { number tier { code } } }
            programme { name jurisdiction { name } } }
  }
}"""

REQUESTS = """query R($filter: ServiceRequestFilter, $offset: Int) {
  serviceRequests(first: 30, filter: $filter, offset: $offset,
                  orderBy: [{field: RECEIVED_AT, direction: DESC}]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id number status channel receivedAt dueOn
            talent { name idNumber activeCard { number } } window { name } }
  }
}"""

DIRECTORY = """query D($first: Int) {
  jurisdictions(first: $first, orderBy: [{field: CODE}]) {
    totalCount nodes { id code name level parent { code } } }
  departments(first: $first) { nodes { id name channel phone jurisdiction { code name } } }
  serviceWindows(first: $first) { nodes { id name address phone parent { name } jurisdiction { name } } }
  employers(first: $first, orderBy: [{field: NAME}]) {
    edges { cursor node { id name creditCode kind industry createdAt jurisdiction { code } } } }
  talentCategories(first: $first) { nodes { id code name ladder rank jurisdiction { name } } }
  cardProgrammes(first: $first) { nodes { id code name validityYears jurisdiction { name } } }
}"""

BASELINE = "query { __typename }"

pytestmark = pytest.mark.heavy


@dataclasses.dataclass
class Answer:
    body: dict[str, Any]
    statements: int
    pii: list[tuple[Any, ...]]


async def _ask(client: GraphQLClient, counter: QueryCounter, compiled: bool, query: str,
               variables: dict[str, Any] | None, who: dict[str, Any]) -> Answer:  # fmt: skip
    state = client.app.state
    state.settings = dataclasses.replace(state.settings, compiled_reads=compiled)
    last = await AuditEvent.all().order_by("-id").first().values_list("id", flat=True) or 0
    with counter.capture() as log:
        body = await client.execute(query, variables, **who)
    events = await AuditEvent.filter(id__gt=last, operation="pii:read").order_by("id").values_list(
        "actor", "target_type", "target_id", "jurisdiction_code", "after"
    )
    return Answer(body, log.count, [tuple(e) for e in events])


async def _compare(client: GraphQLClient, counter: QueryCounter, query: str,
                   variables: dict[str, Any] | None = None, *, compiled: bool = True,
                   **who: Any) -> tuple[Answer, Answer]:  # fmt: skip
    """`compiled`: whether the compiled path must have answered (else the resolvers)."""
    await client.execute(BASELINE, **who)  # signed in, policy cache warm
    answered = read_compiler(build_schema()).answered
    on = await _ask(client, counter, True, query, variables, who)
    assert read_compiler(build_schema()).answered == answered + compiled, (who, variables, on.body)
    off = await _ask(client, counter, False, query, variables, who)
    assert on.body == off.body, (who, variables, _first_difference(on.body, off.body))
    assert on.pii == off.pii, (who, query)
    return on, off


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        for key in a:
            if a[key] != b[key]:
                return _first_difference(a[key], b[key], f"{path}.{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {a!r} != {b!r}"


async def _extra(client: GraphQLClient, counter: QueryCounter, on: Answer, **who: Any) -> int:
    """Statements a compiled answer cost beyond any request's (and its audit writes)."""
    base = await _ask(client, counter, True, BASELINE, None, who)
    return on.statements - base.statements


async def _api_token(client: GraphQLClient) -> str:
    expires = (china_today() + dt.timedelta(days=30)).isoformat()
    made = await client.data(
        """mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }""",
        {"input": {"name": "对照", "role": "county_admin", "scope": "jur:130102", "expiresOn": expires,
                   "readOnly": True}},
        as_user="changan_admin",
    )
    return made["createApiToken"]["token"]


async def _everyone(client: GraphQLClient) -> list[dict[str, Any]]:
    return [{"as_user": u} for u in USERS] + [{"token": await _api_token(client)}]


async def test_the_three_issue_queries_match_and_cost_one_statement(
    client: GraphQLClient, query_counter: QueryCounter, history_db: str
) -> None:
    number = await Card.all().order_by("id").first().values_list("number", flat=True)
    for who in await _everyone(client):
        for query, variables in [(HANDLER_PAGE, None), (TALENTS_COUNTY, None),
                                 (CARD_BY_NUMBER, {"number": number})]:  # fmt: skip
            on, off = await _compare(client, query_counter, query, variables, **who)
            assert "errors" not in on.body, on.body
            if not on.pii:
                assert await _extra(client, query_counter, on, **who) == 1, (who, query)
            assert off.statements >= on.statements, (who, query)


async def test_the_directory_matches(
    client: GraphQLClient, query_counter: QueryCounter, history_db: str
) -> None:
    for who in await _everyone(client):
        for first in (3, 100):
            on, _ = await _compare(client, query_counter, DIRECTORY, {"first": first}, **who)
            assert "errors" not in on.body, (who, on.body)
            if not on.pii:  # six lists and one totalCount
                assert await _extra(client, query_counter, on, **who) == 7, who


async def test_paging_fragments_aliases_and_masking_match(
    client: GraphQLClient, query_counter: QueryCounter, history_db: str
) -> None:
    revealed: set[str] = set()
    for who in await _everyone(client):
        first, _ = await _compare(client, query_counter, HANDOFFS_FULL, {"first": 7}, **who)
        if not first.pii:  # the page and its totalCount
            assert await _extra(client, query_counter, first, **who) == 2, who
        page = first.body["data"]["list"]
        if page["pageInfo"]["hasNextPage"]:
            after = {"first": 7, "after": page["pageInfo"]["endCursor"]}
            await _compare(client, query_counter, HANDOFFS_FULL, after, **who)
        filtered = {"first": 20, "filter": {"or": [{"status": {"eq": "DONE"}},
                                                    {"not": {"overdue": True}}]}}  # fmt: skip
        await _compare(client, query_counter, HANDOFFS_FULL, filtered, **who)

        variables: dict[str, Any] = {"first": 15, "order": [{"field": "CREATED_AT", "direction": "DESC"}]}
        talents, _ = await _compare(client, query_counter, TALENTS_FULL, variables, **who)
        revealed |= {who.get("as_user", "token") for _ in talents.pii}
        shown = [e["node"]["idNumber"] for e in talents.body["data"]["talents"]["edges"]]
        if who.get("as_user") == "auditor_demo":
            assert shown and all("*" in n for n in shown)
        cursor = talents.body["data"]["talents"]["pageInfo"]["endCursor"]
        if cursor:
            await _compare(client, query_counter, TALENTS_FULL, {**variables, "after": cursor}, **who)
        await _compare(client, query_counter, TALENTS_FULL, {**variables, "offset": 5}, **who)
        wang = {"and": [{"name": {"contains": "王"}}, {"not": {"status": {"eq": "LEFT"}}}]}
        named = {"first": 10, "order": [{"field": "NAME", "direction": "DESC"}], "filter": wang}
        await _compare(client, query_counter, TALENTS_FULL, named, **who)
        custom = {"first": 10, "filter": {"custom": [{"key": "owns_home", "eq": True}]}}
        on, _ = await _compare(client, query_counter, TALENTS_FULL, custom, **who)
        if not on.pii and "errors" not in on.body:  # page, count, the custom keys checked
            assert await _extra(client, query_counter, on, **who) == 3, who

        await _compare(client, query_counter, REQUESTS, None, **who)
        await _compare(client, query_counter, REQUESTS, {"offset": 3, "filter": {"or": [
            {"status": {"in": ["COMPLETED", "ARCHIVED"]}}, {"withinJurisdiction": "130123"}]}}, **who)
    assert {"sjz_admin", "changan_admin", "talent_demo"} <= revealed, revealed  # audited alike


async def test_errors_are_the_resolvers_own(
    client: GraphQLClient, query_counter: QueryCounter, history_db: str
) -> None:
    for variables in [{"first": 1000}, {"first": -1}, {"first": 5, "after": "not-a-cursor"},
                      {"first": 5, "filter": {"withinJurisdiction": "13"}}]:  # fmt: skip
        on, _ = await _compare(client, query_counter, TALENTS_FULL, variables, compiled=False,
                               as_user="sjz_admin")  # fmt: skip
        assert on.body.get("errors"), variables
    on, _ = await _compare(client, query_counter, HANDLER_PAGE, compiled=False)  # anonymous
    assert on.body.get("errors")


NOT_COMPILED = {
    "a nested list": "{ talents(first: 2) { nodes { cards { number } } } }",
    "custom fields": "{ talents(first: 2) { nodes { customFields } } }",
    "a computed field": "{ handoffs(first: 2) { nodes { overdue } } }",
    "a field with its own rule": "{ cards(first: 2) { nodes { verificationToken } } }",
    "birth date (null without pii:read)": "{ talents(first: 2) { nodes { birthDate } } }",
    "an object outside the table": "{ handoffs(first: 2) { nodes { item { name } } } }",
    "a root field outside the table": "{ talents(first: 1) { totalCount } users(first: 1) { totalCount } }",
    "a directive": "query($x: Boolean!) { talents(first: 2) { nodes { name @include(if: $x) } } }",
    "a fragment on an interface": "{ talents(first: 2) { nodes { ... on Node { id } } } }",
    "a mutation": "mutation { login(input: {username: \"x\", password: \"y\"}) { token } }",
    "a nested object under activeCard": "{ talents(first: 2) { nodes { activeCard { holder { name } } } } }",
}


@pytest.mark.parametrize("case", sorted(NOT_COMPILED))
def test_what_does_not_compile(case: str) -> None:
    from graphql import parse

    compiler = read_compiler(build_schema())
    query = NOT_COMPILED[case]
    assert compiler.plan(query, parse(query), None) is None


def test_what_compiles() -> None:
    from graphql import parse

    compiler = read_compiler(build_schema())
    for query in [HANDLER_PAGE, HANDOFFS_FULL, TALENTS_COUNTY, TALENTS_FULL, CARD_BY_NUMBER, REQUESTS]:
        assert compiler.plan(query, parse(query), None) is not None, query
    assert sorted(compiler.planner.roots) == [
        "cardProgrammes", "cards", "departments", "employers", "handoffs", "jurisdictions",
        "serviceRequests", "serviceWindows", "talentCategories", "talents",
    ]  # fmt: skip


async def test_fallbacks_answer_through_the_resolvers(
    client: GraphQLClient, query_counter: QueryCounter, history_db: str
) -> None:
    query = NOT_COMPILED["a nested list"]
    on, off = await _compare(client, query_counter, query, compiled=False, as_user="sjz_admin")
    assert on.statements == off.statements


def test_the_setting_turns_them_off() -> None:
    from resolvers.core.settings import load_settings

    assert load_settings({}).compiled_reads is True
    assert load_settings({"TALENTGATE_COMPILED_READS": "0"}).compiled_reads is False


async def test_a_nested_scope_subquery_reads_the_row_at_hand(
    client: GraphQLClient, query_counter: QueryCounter, history_db: str
) -> None:
    """A handler's right to see a handoff's request lies in a subquery over handoffs; it is
    correlated with the request of each row, not all the department's requests (that was
    180–265 ms a page at a million handoffs)."""
    state = client.app.state
    state.settings = dataclasses.replace(state.settings, compiled_reads=True)
    with query_counter.capture() as log:
        await client.execute(HANDLER_PAGE, None, as_user="sjz_police_handler")
    [page] = [s for s in log.statements if "service_request" in s and "handoff__request" in s]
    inner = page[page.index("IN (SELECT"):page.index(") THEN")]
    assert '"service_request"."id"="handoff__request"."id"' in inner, page


async def test_a_query_answered_before_skips_the_graphql_machinery(
    client: GraphQLClient, query_counter: QueryCounter, history_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gateway/http/fast_reads.py: the text's first request is parsed, validated and run by
    Strawberry; the next ones are answered from the remembered document, alike, with the
    same one statement — unless the caller may not run it there."""
    schema = build_schema()
    executed: list[str] = []
    real = schema.execute

    async def execute(query: str | None, *args: Any, **kwargs: Any) -> Any:
        executed.append(query or "")
        return await real(query, *args, **kwargs)

    monkeypatch.setattr(schema, "execute", execute)
    state = client.app.state
    state.settings = dataclasses.replace(state.settings, compiled_reads=True)
    # a text of this test's own (the compiler outlives an app)
    query = "query Page " + TALENTS_COUNTY.removeprefix("query ") + f"  # {id(client)}"
    first = await client.execute(query, as_user="changan_admin")
    assert executed[-1] == query and "errors" not in first
    with query_counter.capture() as base:  # what any request costs here (the caller's grants)
        await client.execute(BASELINE, as_user="changan_admin")
    executed.clear()
    with query_counter.capture() as log:
        again = await client.execute(query, as_user="changan_admin")
    assert again == first and executed == [] and log.count == base.count + 1, log.statements

    # Not for the fast lane: a token limited to other operations gets the full path's refusal …
    made = await client.data(
        """mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }""",
        {"input": {"name": "只查卡", "role": "county_admin", "scope": "jur:130102",
                   "expiresOn": (china_today() + dt.timedelta(days=3)).isoformat(),
                   "operations": ["Cards"]}},
        as_user="changan_admin",
    )  # fmt: skip
    executed.clear()
    refused = await client.execute(query, token=made["createApiToken"]["token"])
    assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert executed == [query]
    # … an anonymous caller the full path's answer, and so does another body shape.
    anonymous = await client.execute(query)
    assert anonymous["errors"] and executed == [query, query]
    response = await client.http.post(
        "/graphql", json={"query": query, "extensions": {}},
        headers={"Authorization": f"Bearer {client.tokens['changan_admin']}"},
    )  # fmt: skip
    assert response.json() == first and executed == [query] * 3


async def test_a_statement_head_written_once_serves_the_caller_s_next_values(history_db: str) -> None:
    """resolvers/listing/compiled/statement.py: the head is kept per caller's permissions;
    later requests with other values read through it and answer as a fresh one does."""
    from graphql import parse

    from permissions.policy_cache import PolicyCache
    from resolvers.accounts.authentication import principal_for_user
    from resolvers.core.context import RequestContext
    from resolvers.core.settings import Settings
    from resolvers.listing.compiled import statement
    from schema.models import User

    compiler = read_compiler(build_schema())
    text = CARD_BY_NUMBER + f"  # {history_db}"
    document = parse(text)
    numbers = await Card.all().order_by("-id").limit(4).values_list("number", flat=True)
    for username in ("sjz_admin", "changan_admin", "zhengding_admin", "talent_demo"):
        user = await User.get(username=username)
        kept = await principal_for_user(user, PolicyCache())

        async def ask(principal: Any, number: str) -> Any:
            ctx = RequestContext(settings=Settings(), policies=PolicyCache(), principal=principal,
                                 request_id="test")  # fmt: skip
            return await compiler.run(ctx, text, document, "C", {"number": number})

        for number in numbers:
            fresh = await principal_for_user(user, PolicyCache())
            assert await ask(kept, number) == await ask(fresh, number), (username, number)
        heads = [key for key in statement.heads.keys(kept.perms) if key[0][0] == text]
        assert len(heads) == 1, heads  # one head served the four numbers
