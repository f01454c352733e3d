"""Names and free text refuse what cannot be stored, exported or shown safely.

Attack replayed: a talent named "\\x00" was accepted, after which exportTalents failed with
INTERNAL for every office of the city (and on PostgreSQL the write itself failed with
INTERNAL). Names of people and organisations now refuse control characters, text-direction
controls (a right-to-left override makes 张三 display as someone else) and emoji, and keep the
middle dots of minority and foreign names; free text refuses control characters except
newline and tab.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import httpx
import pytest

from permissions.grants import user_subject
from resolvers.core.errors import ErrorCode, UserError
from resolvers.core.ids import encode_id
from resolvers.core.validation import TextKind, check_json_texts, check_name, check_text, make_credit_code
from resolvers.talents.imports.rows import ChunkRefs, ImportState, Places, RowChecker
from resolvers.talents.imports.run import permissions_of
from resolvers.talents.imports.sheet import read_sheet
from schema.clock import china_today
from schema.models import AuditEvent, Complaint, Employer, Talent, User
from tests.support.graphql import GraphQLClient
from tests.support.live_server import LiveServer
from tests.support.talent_sheets import person_id, sheet, talent_row

pytestmark = pytest.mark.heavy

CREATE = """mutation($input: CreateTalentInput!) {
  createTalent(input: $input) { talent { id name } userErrors { field code message } } }"""
COUNT = """query { talents(filter: {withinJurisdiction: "130102"}) { totalCount } }"""

HOSTILE_NAMES = {
    "nul": "\x00",
    "nul-inside": "张\x00三",
    "escape": "张三\x1b[2J",
    "newline": "张三\n李四",
    "right-to-left-override": "张\u202e三四",
    "isolate": "\u2067张三\u2069",
    "left-to-right-mark": "张\u200e三",
    "arabic-letter-mark": "张\u061c三",
    "emoji": "张三😀",
    "emoji-with-skin-tone": "张三👍🏻",
    "zero-width-space": "张\u200b三",
    "lone-surrogate": "张\ud800三",
}
GOOD_NAMES = ["阿卜杜热合曼·麦麦提", "玛丽・居里", "约翰‧史密斯", "Jean-Luc O'Neil", "欧阳 娜娜", "𠮷田"]


def _codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


def _escaped_post(server: LiveServer, query: str, variables: dict[str, Any], user: str) -> dict[str, Any]:
    """POST /graphql with every non-ASCII character as a JSON escape, the way a script
    sends a lone surrogate (\\ud800) that no UTF-8 encoder would."""
    response = httpx.post(
        f"{server.base}/graphql", content=json.dumps({"query": query, "variables": variables}),
        headers={"Authorization": f"Bearer {server.login(user)}", "Content-Type": "application/json"},
        timeout=30,
    )  # fmt: skip
    assert response.status_code == 200, response.text
    return response.json()


# -- over HTTP ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_a_hostile_name_is_refused_over_http_and_nothing_written(live_server: LiveServer, name: str) -> None:
    before = live_server.gql(COUNT, as_user="changan_admin")["data"]["talents"]["totalCount"]
    talent = {"name": name, "idNumber": person_id(801), "jurisdictionCode": "130102"}
    body = _escaped_post(live_server, CREATE, {"input": talent}, "changan_admin")
    assert "errors" not in body, body
    payload = body["data"]["createTalent"]
    assert payload["talent"] is None and _codes(payload) == [("name", "VALIDATION")]
    assert live_server.gql(COUNT, as_user="changan_admin")["data"]["talents"]["totalCount"] == before


def test_names_of_minorities_and_foreigners_are_accepted_over_http(live_server: LiveServer) -> None:
    for index, name in enumerate(GOOD_NAMES):
        talent = {"name": name, "idNumber": person_id(810 + index), "jurisdictionCode": "130102"}
        payload = live_server.gql(CREATE, {"input": talent}, as_user="changan_admin")["data"]["createTalent"]
        assert payload["userErrors"] == [] and payload["talent"]["name"] == name


# -- every mutation that takes names or free text, both databases -------------------------------


async def _ids(client: GraphQLClient) -> dict[str, str]:
    data = await client.data("""query {
      talents(first: 1, filter: {withinJurisdiction: "130102"}) { edges { node { id } } }
      serviceWindows(first: 1, filter: {jurisdictionCode: {eq: "130102"}}) { edges { node { id } } }
      serviceItems(first: 1, filter: {code: {eq: "sjz.medical"}}) { edges { node { id } } } }""",
                             as_user="changan_admin")  # fmt: skip
    first = {key: value["edges"][0]["node"]["id"] for key, value in data.items()}
    demo = (await User.get(username="talent_demo")).talent_id
    return {**first, "demo": encode_id("Talent", demo)}


def _cases(ids: dict[str, str]) -> list[tuple[str, str, str, dict[str, Any], str]]:
    """(user, mutation, root field, input, field expected in error)."""
    credit = make_credit_code("130102", 4_242)
    complaint = {"source": "HOTLINE", "jurisdictionCode": "130102", "subject": "办理进度", "content": "……"}
    return [
        ("changan_admin", "updateTalent", "UpdateTalentInput",
         {"id": ids["talents"], "name": "李\x00四"}, "name"),
        ("changan_admin", "updateTalent", "UpdateTalentInput",
         {"id": ids["talents"], "address": "长安区\u202e号"}, "address"),
        ("changan_admin", "markTalentLeft", "MarkTalentLeftInput", {"id": ids["talents"], "reason": "\x00"},
         "reason"),
        ("changan_admin", "createEmployer", "CreateEmployerInput",
         {"name": "长安科技😀有限公司", "creditCode": credit, "jurisdictionCode": "130102"}, "name"),
        ("changan_window", "fileComplaint", "FileComplaintInput", {**complaint, "subject": "进度\x00"},
         "subject"),
        ("changan_window", "fileComplaint", "FileComplaintInput", {**complaint, "content": "响铃\x07"},
         "content"),
        ("changan_window", "fileComplaint", "FileComplaintInput",
         {**complaint, "complainantName": "王\u202e明"}, "complainantName"),
        ("changan_admin", "createSpecialist", "CreateSpecialistInput",
         {"name": "专员\u2066甲", "kind": "WINDOW", "windowId": ids["serviceWindows"]}, "name"),
        ("changan_window", "submitServiceRequest", "SubmitServiceRequestInput",
         {"talentId": ids["demo"], "itemIds": [ids["serviceItems"]], "note": "备注\x00"}, "note"),
        ("sjz_admin", "setCalendarDay", "SetCalendarDayInput",
         {"day": "2026-10-10", "kind": "HOLIDAY", "name": "节\x00日"}, "name"),
        ("changan_admin", "createApiToken", "CreateApiTokenInput",
         {"name": "工具\x00", "role": "county_admin", "scope": "jur:130102",
          "expiresOn": (china_today() + dt.timedelta(days=30)).isoformat()}, "name"),
    ]  # fmt: skip


async def test_every_mutation_taking_names_or_text_refuses_control_characters(client: GraphQLClient) -> None:
    ids = await _ids(client)
    talents = await Talent.all().count()
    employers = await Employer.all().count()
    complaints = await Complaint.all().count()
    for user in ("changan_admin", "changan_window", "sjz_admin"):
        await client.login(user)  # signing in is audited; the mutations below must not be
    events = await AuditEvent.all().count()
    for user, field, input_type, data, expected in _cases(ids):
        selection = "{ userErrors { field code } }"
        mutation = f"mutation($input: {input_type}!) {{ {field}(input: $input) {selection} }}"
        body = await client.execute(mutation, {"input": data}, as_user=user)
        assert "errors" not in body, (field, body)
        assert _codes(body["data"][field]) == [(expected, "VALIDATION")], (field, data, body)
        assert await AuditEvent.all().count() == events, field
    assert (await Talent.all().count(), await Employer.all().count(), await Complaint.all().count()) == (
        talents, employers, complaints)  # fmt: skip


async def test_free_text_keeps_newlines_and_tabs_and_takes_windows_line_ends(client: GraphQLClient) -> None:
    file = """mutation($input: FileComplaintInput!) { fileComplaint(input: $input) {
      complaint { id } userErrors { field code } } }"""
    content = "第一条：窗口排队时间长\r\n\t第二条：材料被退回两次"
    data = {"source": "HOTLINE", "jurisdictionCode": "130102", "subject": "办理进度", "content": content,
            "complainantName": "阿卜杜热合曼·麦麦提"}  # fmt: skip
    payload = (await client.data(file, {"input": data}, as_user="changan_window"))["fileComplaint"]
    assert payload["userErrors"] == []
    stored = await Complaint.filter(subject="办理进度").order_by("-id").first()
    assert stored is not None
    assert stored.content == "第一条：窗口排队时间长\n\t第二条：材料被退回两次"
    assert stored.complainant_name == "阿卜杜热合曼·麦麦提"


async def test_an_imported_rows_hostile_name_is_a_row_error_and_a_hostile_filename_refused(
    client: GraphQLClient,
) -> None:
    mutation = """mutation($input: ImportTalentsInput!) { importTalents(input: $input) {
      talentImport { id } userErrors { field code } } }"""
    content = base64.b64encode(sheet([talent_row(820)])).decode()
    data = {"fileBase64": content, "filename": "人才\x00.xlsx", "mode": "ALL_OR_NOTHING"}
    payload = (await client.data(mutation, {"input": data}, as_user="changan_admin"))["importTalents"]
    assert payload["talentImport"] is None and _codes(payload) == [("filename", "VALIDATION")]

    rows = read_sheet(sheet([talent_row(821, 姓名="张\u202e三"), talent_row(822, 姓名="王五🙂"),
                             talent_row(823, 姓名="阿卜杜热合曼·麦麦提")]))  # fmt: skip
    importer = await permissions_of(user_subject("changan_admin"))
    checker = RowChecker(await Places.load(), importer, ImportState())
    refs = await ChunkRefs.load(*checker.keys(rows))
    results = [checker.check(row, refs) for row in rows]
    assert isinstance(results[0], list) and "姓名" in results[0][0] and "U+202E" in results[0][0]
    assert isinstance(results[1], list) and "表情符号" in results[1][0]
    assert not isinstance(results[2], list)


# -- the rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_check_name_refuses_and_names_the_code_point(name: str) -> None:
    with pytest.raises(UserError) as refused:
        check_name(name, "name")
    assert refused.value.code is ErrorCode.VALIDATION and refused.value.field == "name"
    assert "U+" in refused.value.message


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_check_name_keeps_middle_dots_spaces_and_rare_characters(name: str) -> None:
    assert check_name(name) == name
    assert check_name("\U00031350姓") == "\U00031350姓"  # CJK Extension H: newer than this Python's tables


@pytest.mark.parametrize(
    ("text", "kind", "ok"),
    [
        ("第一行\n\t第二行", TextKind.TEXT, True),
        ("意见😀", TextKind.TEXT, True),
        ("意见\x00", TextKind.TEXT, False),
        ("意见\x0b", TextKind.TEXT, False),
        ("意见\u202e", TextKind.TEXT, False),
        ("意见\ufffe", TextKind.TEXT, False),
        ("地址\n二行", TextKind.LINE, False),
        ("地址\t", TextKind.LINE, False),
        ("地址\u2028", TextKind.LINE, False),
        ("地址😀", TextKind.LINE, True),
        ("名称©", TextKind.NAME, False),
    ],
)
def test_check_text_by_kind(text: str, kind: TextKind, ok: bool) -> None:
    if ok:
        assert check_text(text, "f", kind) == text
    else:
        with pytest.raises(UserError):
            check_text(text, "f", kind)


def test_json_materials_are_checked_key_and_value() -> None:
    check_json_texts({"学历证书": ["编号 123", {"备注": "第一行\n第二行"}]}, "materials")
    for bad in ({"证书\x00": "x"}, {"证书": ["\x00"]}, {"证书": {"备注": "\u202e"}}):
        with pytest.raises(UserError):
            check_json_texts(bad, "materials")
