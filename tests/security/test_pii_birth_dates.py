"""Birth dates are personal data: a resident ID number is region + birth date + sequence +
check digit, and the mask (130102********0057) hides exactly the birth date. A viewer
without pii:read used to get a family member's birth date in the clear (and unaudited),
which put the whole ID number back together. Now no field shows a birth date without
pii:read, and every unmasked read of a family member is audited like the talent's own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resolvers.core.ids import decode_id
from schema.models import AuditEvent
from tests.support.graphql import GraphQLClient
from tests.support.live_server import LiveServer

PAGE = """query($code: String!, $after: String) {
  talents(first: 100, after: $after, filter: {withinJurisdiction: $code}, orderBy: [{field: ID}]) {
    pageInfo { hasNextPage endCursor }
    nodes { id idNumber birthDate familyMembers { id relation name idNumber birthDate } }
  }
}"""

AUDIT = """query($talent: String!, $actor: String!) {
  auditEvents(first: 10, filter: {operation: {eq: "pii:read"}, targetType: {eq: "talent"},
                                  targetId: {eq: $talent}, actor: {eq: $actor}}) {
    nodes { actor after }
  }
}"""


def _with_family(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for page in pages for t in page["nodes"] if t["familyMembers"]]


def _all_pages(fetch: Any, code: str) -> list[dict[str, Any]]:
    pages, after = [], None
    while True:
        page = fetch({"code": code, "after": after})["talents"]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"] or _with_family(pages):
            return pages
        after = page["pageInfo"]["endCursor"]


def _birth_in(id_number: str) -> dt.date:
    return dt.datetime.strptime(id_number[6:14], "%Y%m%d").date()


def _assert_nothing_rebuilds_the_number(talents: list[dict[str, Any]]) -> None:
    members = [m for t in talents for m in t["familyMembers"]]
    assert members, "the demo has family members here"
    for person in [*talents, *members]:
        assert person["birthDate"] is None, person
        assert "*" in person["idNumber"], person
        if len(person["idNumber"]) == 18:
            assert person["idNumber"][6:14] == "*" * 8


@pytest.mark.parametrize(
    ("user", "code", "office"),
    [("auditor_demo", "130100", "hebei_admin"), ("shandong_platform", "370000", "jinan_admin")],
)
def test_viewers_without_pii_read_get_no_birth_date_over_http(
    live_server: LiveServer, user: str, code: str, office: str
) -> None:
    def fetch(variables: dict[str, Any]) -> dict[str, Any]:
        body = live_server.gql(PAGE, variables, as_user=user)
        assert "errors" not in body, body
        return body["data"]

    pages = _all_pages(fetch, code)
    _assert_nothing_rebuilds_the_number(_with_family(pages))
    # Nothing was shown unmasked, so nothing is recorded as read.
    talent = _with_family(pages)[0]
    trail = live_server.gql(AUDIT, {"talent": decode_id(talent["id"])[1], "actor": user}, as_user=office)
    assert trail["data"]["auditEvents"]["nodes"] == [], trail


def test_an_office_with_pii_read_sees_family_birth_dates_and_the_read_is_audited_over_http(
    live_server: LiveServer,
) -> None:
    def fetch(variables: dict[str, Any]) -> dict[str, Any]:
        return live_server.gql(PAGE, variables, as_user="changan_admin")["data"]

    talent = _with_family(_all_pages(fetch, "130102"))[0]
    for member in talent["familyMembers"]:
        if len(member["idNumber"]) == 18:
            assert "*" not in member["idNumber"]
            assert dt.date.fromisoformat(member["birthDate"]) == _birth_in(member["idNumber"])
    talent_key = decode_id(talent["id"])[1]
    trail = live_server.gql(AUDIT, {"talent": talent_key, "actor": "changan_admin"}, as_user="changan_admin")
    fields = {f for event in trail["data"]["auditEvents"]["nodes"] for f in event["after"]["fields"]}
    assert {"idNumber", "birthDate", "familyMembers.idNumber", "familyMembers.birthDate",
            "familyMembers.name"} <= fields  # fmt: skip


async def test_family_birth_dates_are_masked_and_audited_on_both_backends(client: GraphQLClient) -> None:
    async def page(user: str, code: str) -> list[dict[str, Any]]:
        pages, after = [], None
        while True:
            found = (await client.data(PAGE, {"code": code, "after": after}, as_user=user))["talents"]
            pages.append(found)
            if not found["pageInfo"]["hasNextPage"] or _with_family(pages):
                return _with_family(pages)
            after = found["pageInfo"]["endCursor"]

    before = await AuditEvent.filter(operation="pii:read").count()
    _assert_nothing_rebuilds_the_number(await page("auditor_demo", "130100"))
    assert await AuditEvent.filter(operation="pii:read").count() == before

    talent = (await page("changan_admin", "130102"))[0]
    assert all(m["birthDate"] for m in talent["familyMembers"])
    event = await AuditEvent.filter(operation="pii:read", actor="changan_admin",
                                    target_id=decode_id(talent["id"])[1]).first()  # fmt: skip
    assert event is not None and "familyMembers.birthDate" in event.after["fields"]
