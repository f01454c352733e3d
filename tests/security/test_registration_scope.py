"""Registering an ID number that already has a talent record reveals nothing about where.

Attack replayed: a county admin of 长安区 learned that an ID number belonged to a talent in
another province — createTalent answered CONFLICT "a talent with this ID number exists"
only for numbers on record, and the import's row-error sheet said "exists outside your
scope". Now (resolvers/talents/registration.py) the refusal is one fixed answer, the same for a
record in the caller's own list and one kept by another office; the office that keeps an
unseen record is told instead of the caller.
"""

from __future__ import annotations

import io
import time
from typing import Any

import httpx
from openpyxl import load_workbook

from resolvers.talents.registration import ALREADY_REGISTERED, settle_routing
from schema.models import AuditEvent, Notification, Talent, User
from tests.support.graphql import GraphQLClient
from tests.support.live_server import LiveServer
from tests.support.talent_sheets import person_id, sheet, talent_row

CREATE = """mutation($input: CreateTalentInput!) {
  createTalent(input: $input) { talent { id name } userErrors { field code message } } }"""
IMPORT = """query($id: ID!) { talentImport(id: $id) { status errorCount createdCount reportUrl } }"""
MESSAGES = """{ notifications(first: 20) { edges { node { subject body relatedType } } } }"""
REFUSALS = """{ auditEvents(filter: {operation: {eq: "registrationRefused"}}, first: 20) {
  totalCount nodes { actor targetType jurisdictionCode } } }"""
MOVED_IN = "another office tried to register one of your talents"
REFUSAL = {"field": "idNumber", "code": "CONFLICT", "message": ALREADY_REGISTERED}


def _talent(index: int, region: str, place: str, name: str) -> dict[str, str]:
    return {"name": name, "idNumber": person_id(index, region=region), "jurisdictionCode": place}


def _create(server: LiveServer, user: str, talent: dict[str, str]) -> dict[str, Any]:
    body = server.gql(CREATE, {"input": talent}, as_user=user)
    assert "errors" not in body, body
    return body["data"]["createTalent"]


def _wait_for(check: Any, seconds: float = 10.0) -> Any:
    deadline = time.monotonic() + seconds
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _messages(server: LiveServer, user: str) -> list[dict[str, Any]]:
    edges = server.gql(MESSAGES, as_user=user)["data"]["notifications"]["edges"]
    return [e["node"] for e in edges if MOVED_IN in e["node"]["subject"]]


# -- over HTTP, against `talentgate serve` -----------------------------------------------------


def test_an_id_number_kept_in_another_province_is_refused_like_one_in_the_callers_own_list(
    live_server: LiveServer,
) -> None:
    jinan = _create(live_server, "jinan_admin", _talent(701, "370102", "370102", "济南某人"))
    changan = _create(live_server, "changan_admin", _talent(702, "130102", "130102", "长安某人"))
    assert jinan["userErrors"] == [] and changan["userErrors"] == []

    elsewhere = _create(live_server, "changan_admin", _talent(701, "370102", "130102", "重名"))
    own_list = _create(live_server, "changan_admin", _talent(702, "130102", "130102", "重名"))
    assert elsewhere == own_list == {"talent": None, "userErrors": [REFUSAL]}
    message = elsewhere["userErrors"][0]["message"]
    for clue in ("济南", "历下", "山东", "3701", "370000", "jinan", "济南某人", "exist", "scope", "outside"):
        assert clue not in message
    # A number on no record is registered, answered in the same shape.
    fresh = _create(live_server, "changan_admin", _talent(703, "370102", "130102", "新来的"))
    assert fresh["userErrors"] == [] and fresh["talent"]["name"] == "新来的"
    assert set(fresh) == set(elsewhere)


def test_the_office_keeping_the_record_is_told_and_the_caller_learns_nothing_more(
    live_server: LiveServer,
) -> None:
    before = len(_messages(live_server, "jinan_admin"))
    assert _create(live_server, "jinan_admin", _talent(711, "370102", "370102", "济南甲"))["userErrors"] == []
    refused = _create(live_server, "changan_admin", _talent(711, "370102", "130102", "济南甲"))
    assert refused["userErrors"][0]["code"] == "CONFLICT"

    told = _wait_for(lambda: len(_messages(live_server, "jinan_admin")) > before)
    assert told, "the office keeping the record was not told"
    body = _messages(live_server, "jinan_admin")[0]["body"]
    assert "changan_admin" in body and person_id(711, region="370102") not in body  # masked
    assert _messages(live_server, "changan_admin") == []
    # The attempt is on the record where the talent is kept, not in the caller's area.
    mine = live_server.gql(REFUSALS, as_user="changan_admin")["data"]["auditEvents"]
    assert mine["totalCount"] == 0
    theirs = live_server.gql(REFUSALS, as_user="jinan_admin")["data"]["auditEvents"]
    assert theirs["totalCount"] >= 1
    assert {n["jurisdictionCode"] for n in theirs["nodes"]} == {"370102"}
    assert "Traceback" not in live_server.log()


def test_the_import_error_sheet_gives_the_same_answer_for_a_record_kept_elsewhere(
    live_server: LiveServer,
) -> None:
    assert _create(live_server, "jinan_admin", _talent(721, "370102", "370102", "济南乙"))["userErrors"] == []
    kept_elsewhere = person_id(721, region="370102")
    rows = [talent_row(722, category=None), talent_row(723, 证件号码=kept_elsewhere, category=None)]
    auth = {"Authorization": f"Bearer {live_server.login('changan_admin')}"}
    response = httpx.post(f"{live_server.base}/imports/talents", params={"mode": "VALID_ROWS_ONLY"},
                          content=sheet(rows), headers=auth, timeout=30)  # fmt: skip
    assert response.status_code == 202, response.text

    def finished() -> dict[str, Any] | None:
        job = live_server.gql(IMPORT, {"id": response.json()["id"]}, as_user="changan_admin")["data"]
        return job["talentImport"] if job["talentImport"]["status"] not in ("QUEUED", "RUNNING") else None

    job = _wait_for(finished, 30)
    assert job and (job["status"], job["createdCount"], job["errorCount"]) == ("DONE", 1, 1), job
    report = httpx.get(f"{live_server.base}{job['reportUrl']}", headers=auth)
    assert report.status_code == 200
    book = load_workbook(io.BytesIO(report.content), read_only=True)
    lines = list(book.worksheets[0].iter_rows(values_only=True))
    assert lines[1][-1] == f"第3行: 证件号码: {ALREADY_REGISTERED}"
    assert "济南" not in str(lines) and "370102" not in lines[1][-1]


# -- in-process, both databases ----------------------------------------------------------------


async def test_the_refusal_is_the_same_on_both_databases_and_writes_nothing(client: GraphQLClient) -> None:
    kept = await Talent.filter(jurisdiction_id__startswith="3701").first()
    own = await Talent.filter(jurisdiction_id="130102").first()
    assert kept is not None and own is not None
    answers = []
    for holder in (kept, own):
        talent = {"name": "重复", "idNumber": holder.id_number, "jurisdictionCode": "130102"}
        data = await client.data(CREATE, {"input": talent}, as_user="changan_admin")
        answers.append(data["createTalent"])
    assert answers[0] == answers[1] == {"talent": None, "userErrors": [REFUSAL]}
    await settle_routing()
    assert await Talent.filter(id_number=kept.id_number).count() == 1
    assert await Talent.filter(name="重复").count() == 0
    refusals = await AuditEvent.filter(operation="registrationRefused").values(
        "target_id", "jurisdiction_code"
    )
    # only the record the caller could not see, on the record of the place that keeps it
    assert refusals == [{"target_id": str(kept.id), "jurisdiction_code": kept.jurisdiction_id}]
    jinan = await User.get(username="jinan_admin")
    assert await Notification.filter(recipient_id=jinan.id, related_type="talent").count() == 1
