"""Importing talents from an .xlsx (人才导入): uploaded over HTTP, run by the real arq worker,
read back through GraphQL; both backends, real Redis."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from arq.connections import ArqRedis
from openpyxl import load_workbook

from resolvers.talents.export import TALENT_SHEET_COLUMNS
from resolvers.talents.registration import ALREADY_REGISTERED
from schema.models import AuditEvent, Employer, Talent, TalentImport
from tests.support.graphql import GraphQLClient
from tests.support.talent_sheets import employer_code, person_id, sheet, talent_row, upload
from tests.support.worker import drain

IMPORT = """query($id: ID!) { talentImport(id: $id) {
  id status mode totalRows processedRows progress createdCount updatedCount unchangedCount errorCount
  error reportUrl finishedAt } }"""

TALENTS = """query($ids: [String!]) { talents(filter: {name: {in: $ids}}, first: 100) {
  totalCount edges { node { name gender jurisdiction { code } employer { name } category { code } } } } }"""


async def run(client: GraphQLClient, redis_url: str, content: bytes, mode: str = "VALID_ROWS_ONLY",
              as_user: str = "changan_admin") -> dict[str, Any]:  # fmt: skip
    response = await upload(client, content, mode, as_user)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "QUEUED"
    await drain(redis_url)
    data = await client.data(IMPORT, {"id": response.json()["id"]}, as_user=as_user)
    return data["talentImport"]


async def test_a_good_sheet_creates_talents_and_employers_visible_in_talents(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    known = await Employer.filter(jurisdiction_id="130102").first()
    assert known is not None
    new = ("长安新材料有限公司", employer_code(1))
    rows = [
        talent_row(1, employer=new),
        talent_row(2, employer=new, male=False, category="sjz.D"),
        talent_row(
            3, employer=(known.name, known.credit_code), category=None, phone=None, 引进日期="2023年7月9日"
        ),
    ]
    result = await run(client, redis_url, sheet(rows))
    assert result["status"] == "DONE" and result["progress"] == 100.0
    assert (result["totalRows"], result["createdCount"], result["errorCount"]) == (3, 3, 0)
    assert result["reportUrl"] is None and result["finishedAt"]
    created = await Employer.filter(credit_code=new[1]).values("name", "jurisdiction_id", "kind")
    assert created == [{"name": new[0], "jurisdiction_id": "130102", "kind": "ENTERPRISE"}]
    listed = await client.data(TALENTS, {"ids": ["导入1", "导入2", "导入3"]}, as_user="changan_admin")
    nodes = {edge["node"]["name"]: edge["node"] for edge in listed["talents"]["edges"]}
    assert nodes["导入1"]["employer"]["name"] == new[0] and nodes["导入1"]["category"]["code"] == "sjz.E"
    assert nodes["导入2"]["gender"] == "FEMALE" and nodes["导入2"]["category"]["code"] == "sjz.D"
    assert nodes["导入3"]["employer"]["name"] == known.name and nodes["导入3"]["category"] is None
    assert nodes["导入3"]["jurisdiction"]["code"] == "130102"
    assert (await Talent.get(name="导入3")).introduced_on == dt.date(2023, 7, 9)  # a date typed as text
    events = await AuditEvent.filter(operation="importTalents").values("actor", "after")
    assert len(events) == 1 and events[0]["actor"] == "changan_admin"
    assert events[0]["after"]["created"] == 3 and events[0]["after"]["errors"] == 0
    assert (await TalentImport.get(id=1)).content is None  # the upload is not kept


async def test_importing_the_same_sheet_again_creates_nothing_and_updates_only_changes(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    rows = [talent_row(i, employer=("长安软件有限公司", employer_code(2))) for i in range(1, 6)]
    first = await run(client, redis_url, sheet(rows))
    assert first["createdCount"] == 5
    again = await run(client, redis_url, sheet(rows))
    assert again["status"] == "DONE"
    assert (again["createdCount"], again["updatedCount"], again["unchangedCount"]) == (0, 0, 5)
    rows[0] = talent_row(1, employer=("长安软件有限公司", employer_code(2)), 手机号码="13911112222")
    changed = await run(client, redis_url, sheet(rows))
    assert (changed["createdCount"], changed["updatedCount"], changed["unchangedCount"]) == (0, 1, 4)
    assert (await Talent.get(id_number=person_id(1))).phone == "13911112222"
    assert await Talent.filter(id_number__in=[person_id(i) for i in range(1, 6)]).count() == 5
    assert await Employer.filter(credit_code=employer_code(2)).count() == 1


# How each rejected row's 错误说明 starts (after 第N行: ) → the row.
BAD_ROWS = {
    "证件号码": talent_row(11, 证件号码=person_id(11)[:17] + ("0" if person_id(11)[17] != "0" else "1")),
    "性别": talent_row(12, 性别="女"),
    "手机号码": talent_row(13, 手机号码="12345"),
    "所在区划代码": talent_row(14, 所在区划代码="139999"),
    "人才类别代码": talent_row(15, 人才类别代码="jinan.A"),
    "统一社会信用代码": talent_row(16, employer=("某公司", "91130102MA0000000X")),
    "统一社会信用代码: 填写工作单位时必填": talent_row(17, 工作单位="没有代码的公司"),
}


async def _report_rows(client: GraphQLClient, url: str, as_user: str = "changan_admin") -> list[tuple]:
    response = await client.get(url, as_user=as_user)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


async def test_row_errors_are_reported_in_the_same_layout_with_their_row_numbers(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    rows = [talent_row(10), *BAD_ROWS.values(), talent_row(18)]
    result = await run(client, redis_url, sheet(rows), "VALID_ROWS_ONLY")
    assert result["status"] == "DONE"
    assert (result["createdCount"], result["errorCount"]) == (2, len(BAD_ROWS))
    assert await Talent.filter(id_number__in=[person_id(10), person_id(18)]).count() == 2
    assert not await Talent.filter(id_number__in=[person_id(i) for i in range(11, 18)]).exists()
    report = await _report_rows(client, result["reportUrl"])
    assert report[0] == (*TALENT_SHEET_COLUMNS, "错误说明")
    assert len(report) == 1 + len(BAD_ROWS)
    for excel_row, (reason, row) in enumerate(BAD_ROWS.items(), start=3):  # header, then a good row
        line = report[excel_row - 2]
        assert line[0] == row[0] and line[2] == row[2]  # the row as uploaded
        assert line[-1].startswith(f"第{excel_row}行: {reason}"), line[-1]


async def test_all_or_nothing_writes_nothing_when_any_row_is_wrong(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    rows = [talent_row(20, employer=("全或无公司", employer_code(3))), BAD_ROWS["手机号码"], talent_row(21)]
    result = await run(client, redis_url, sheet(rows), "ALL_OR_NOTHING")
    assert result["status"] == "FAILED" and "未导入任何数据" in result["error"]
    assert (result["createdCount"], result["errorCount"], result["progress"]) == (0, 1, 100.0)
    assert not await Talent.filter(id_number__in=[person_id(20), person_id(21)]).exists()
    assert not await Employer.filter(credit_code=employer_code(3)).exists()
    assert len(await _report_rows(client, result["reportUrl"])) == 2
    fixed = await run(client, redis_url, sheet([rows[0], rows[2]]), "ALL_OR_NOTHING")
    assert (fixed["status"], fixed["createdCount"]) == ("DONE", 2)
    assert await Employer.filter(credit_code=employer_code(3)).count() == 1


async def test_rows_outside_the_importers_jurisdiction_are_rejected(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    elsewhere = await Talent.filter(jurisdiction_id="130123").first()
    assert elsewhere is not None
    rows = [
        talent_row(30),
        talent_row(31, 所在区划代码="130123"),
        talent_row(32, 证件号码=elsewhere.id_number, 性别=None, 所在区划代码="130102"),
    ]
    result = await run(client, redis_url, sheet(rows), "VALID_ROWS_ONLY", as_user="changan_admin")
    assert (result["createdCount"], result["updatedCount"], result["errorCount"]) == (1, 0, 2)
    report = await _report_rows(client, result["reportUrl"])
    assert report[1][-1] == "第3行: 所在区划代码: 您无权在 130123 新增人才"
    # the same words as createTalent's refusal: nothing about where the record is kept
    assert report[2][-1] == f"第4行: 证件号码: {ALREADY_REGISTERED}"
    assert (await Talent.get(id=elsewhere.id)).jurisdiction_id == "130123"
    # the city office covers both counties
    city = await run(client, redis_url, sheet(rows[1:2]), "VALID_ROWS_ONLY", as_user="sjz_admin")
    assert (city["createdCount"], city["errorCount"]) == (1, 0)
