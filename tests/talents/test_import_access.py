"""Talent imports: files refused at upload with nothing written, owner-only access to an import
and its error report, progress while the worker runs, a finished import never runs twice."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from arq.connections import ArqRedis

import resolvers.talents.imports.run as import_run
import resolvers.talents.imports.sheet as import_sheet
from permissions.audit import Actor
from resolvers.talents.export import TALENT_SHEET_COLUMNS
from resolvers.talents.imports.run import run_import
from schema.models import AuditEvent, OutboxEntry, Talent, TalentImport
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.talent_sheets import sheet, talent_row, upload
from tests.support.worker import drain

IMPORT = """query($id: ID!) { talentImport(id: $id) {
  status processedRows totalRows progress createdCount errorCount reportUrl } }"""
MINE = """{ talentImports(first: 10) { totalCount edges { node { id filename status } } } }"""
IMPORT_SMALL = """mutation($input: ImportTalentsInput!) { importTalents(input: $input) {
  talentImport { id status totalRows } userErrors { field code message } } }"""


async def _nothing_written() -> None:
    assert await TalentImport.all().count() == 0
    assert not await OutboxEntry.filter(key__startswith="talent_import:").exists()


def _code(response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


async def test_unreadable_and_malformed_sheets_are_refused_with_nothing_written(
    client: GraphQLClient, queue: ArqRedis, monkeypatch: pytest.MonkeyPatch
) -> None:
    gbk_csv = ",".join(TALENT_SHEET_COLUMNS).encode("gbk") + "\n张三,男".encode("gbk")
    wrong_columns = sheet([talent_row(1)[:-1]], headers=TALENT_SHEET_COLUMNS[:-1])
    swapped = sheet([talent_row(1)], headers=[TALENT_SHEET_COLUMNS[1], TALENT_SHEET_COLUMNS[0],
                                               *TALENT_SHEET_COLUMNS[2:]])  # fmt: skip
    cases = {
        "the file is empty": b"",
        "not an .xlsx workbook": gbk_csv,
        "not a readable .xlsx": b"PK\x03\x04 but not a zip archive at all",
        "missing 引进日期": wrong_columns,
        "out of order": swapped,
        "no data rows": sheet([]),
    }
    for message, content in cases.items():
        response = await upload(client, content)
        assert response.status_code == 400, (message, response.text)
        error = response.json()["errors"][0]
        assert _code(response) == "VALIDATION" and message in error["extensions"]["messageEn"]
        assert (
            error["message"] and error["message"] != error["extensions"]["messageEn"]
        )  # 中文 for the console
    assert _code(await upload(client, sheet([talent_row(1)]), mode="SOMETIMES")) == "VALIDATION"
    monkeypatch.setattr(import_sheet, "MAX_DATA_ROWS", 3)
    over = await upload(client, sheet([talent_row(i) for i in range(4)]))
    assert over.status_code == 413 and _code(over) == "LIMIT_EXCEEDED"
    assert "每次最多导入 3 行数据" in over.json()["errors"][0]["message"]
    assert "at most 3 data rows" in over.json()["errors"][0]["extensions"]["messageEn"]
    unauthenticated = await upload(client, sheet([talent_row(1)]), as_user=None)
    assert unauthenticated.status_code == 401 and _code(unauthenticated) == "UNAUTHENTICATED"
    handler = await upload(client, sheet([talent_row(1)]), as_user="sjz_police_handler")
    assert handler.status_code == 403 and _code(handler) == "FORBIDDEN"
    await _nothing_written()


async def test_the_upload_route_alone_accepts_bodies_over_one_megabyte(client: GraphQLClient) -> None:
    big = b"x" * 1_500_000
    assert (await upload(client, big)).status_code == 400  # read and refused as a file, not as a size
    response = await client.http.post("/graphql", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    await _nothing_written()


async def test_only_the_owner_sees_the_import_and_its_report(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    response = await upload(client, sheet([talent_row(1), talent_row(2, 手机号码="1")]))
    import_id = response.json()["id"]
    await drain(redis_url)
    mine = await client.data(IMPORT, {"id": import_id}, as_user="changan_admin")
    url = mine["talentImport"]["reportUrl"]
    assert url and (await client.get(url, as_user="changan_admin")).status_code == 200
    listed = await client.data(MINE, as_user="changan_admin")
    assert [edge["node"]["id"] for edge in listed["talentImports"]["edges"]] == [import_id]
    for other in ("sjz_admin", "hebei_admin", "zhengding_admin"):  # even a superior office
        body = await client.execute(IMPORT, {"id": import_id}, as_user=other)
        assert error_codes(body) == ["NOT_FOUND"], body
        assert (await client.data(MINE, as_user=other))["talentImports"]["totalCount"] == 0
        assert (await client.get(url, as_user=other)).status_code == 404


async def test_progress_is_visible_while_the_worker_runs(
    client: GraphQLClient, queue: ArqRedis, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_run, "CHUNK", 5)
    response = await upload(client, sheet([talent_row(i) for i in range(40)]))
    import_id = response.json()["id"]
    seen: set[float] = set()
    stored = import_run._progress

    async def stored_then_read(*args: Any) -> None:
        # The office asks after each chunk the worker has stored, while the job still runs
        # (asked at random moments instead, a loaded machine saw only 0 and 100).
        await stored(*args)
        data = await client.data(IMPORT, {"id": import_id}, as_user="changan_admin")
        seen.add(data["talentImport"]["progress"])

    monkeypatch.setattr(import_run, "_progress", stored_then_read)
    await drain(redis_url)
    final = (await client.data(IMPORT, {"id": import_id}, as_user="changan_admin"))["talentImport"]
    assert (final["status"], final["processedRows"], final["progress"], final["createdCount"]) == (
        "DONE", 40, 100.0, 40,
    )  # fmt: skip
    assert any(0 < value < 100 for value in seen), seen


async def test_a_finished_import_is_not_run_again(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    response = await upload(client, sheet([talent_row(1), talent_row(2)]))
    await drain(redis_url)
    job = await TalentImport.get()
    assert job.status.value == "DONE"
    assert await run_import(job.id, "user:changan_admin", Actor("changan_admin")) is None
    await OutboxEntry.filter(key=f"talent_import:{job.id}:run").update(status="PENDING")
    await queue.enqueue_job("run_outbox", f"talent_import:{job.id}:run", _queue_name="talentgate:queue")
    await drain(redis_url)
    assert await AuditEvent.filter(operation="importTalents").count() == 1
    assert await Talent.filter(name__in=["导入1", "导入2"]).count() == 2
    assert response.status_code == 202


async def test_a_small_sheet_can_be_imported_through_graphql(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    content = base64.b64encode(sheet([talent_row(1), talent_row(2)])).decode()
    small = {"fileBase64": content, "filename": "小表.xlsx", "mode": "ALL_OR_NOTHING"}
    data = await client.data(IMPORT_SMALL, {"input": small}, as_user="changan_admin")
    queued = data["importTalents"]
    assert queued["userErrors"] == [] and queued["talentImport"]["status"] == "QUEUED"
    await drain(redis_url)
    done = await client.data(IMPORT, {"id": queued["talentImport"]["id"]}, as_user="changan_admin")
    assert (done["talentImport"]["status"], done["talentImport"]["createdCount"]) == ("DONE", 2)
    not_xlsx = {"fileBase64": base64.b64encode(b"not an xlsx").decode(), "mode": "ALL_OR_NOTHING"}
    bad = await client.data(IMPORT_SMALL, {"input": not_xlsx}, as_user="changan_admin")
    assert [e["code"] for e in bad["importTalents"]["userErrors"]] == ["VALIDATION"]
    assert await TalentImport.all().count() == 1
