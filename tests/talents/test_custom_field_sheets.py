"""Custom fields (自定义字段) in the talents Excel export and import: one column per field that
applies, masked as GraphQL masks it; imported values checked as a GraphQL write checks them;
the header checked exactly. Real .xlsx files, both backends, the real worker."""

from __future__ import annotations

import io
from typing import Any

from arq.connections import ArqRedis
from openpyxl import load_workbook

from permissions.masking import mask_id_number
from resolvers.core.ids import encode_id
from resolvers.files.xlsx import read_table
from resolvers.talents.export import TALENT_SHEET_COLUMNS, TALENT_SHEET_TITLE
from schema.models import AuditEvent, Talent, TalentImport
from tests.customfields.support import define
from tests.support.graphql import GraphQLClient
from tests.support.talent_sheets import person_id, sheet, talent_row, upload
from tests.support.worker import drain

EXPORT = """mutation($input: ExportTalentsInput!) {
  exportTalents(input: $input) { url rowCount userErrors { field code message } } }"""
UPDATE = """mutation($input: UpdateTalentInput!) {
  updateTalent(input: $input) { talent { customFields } userErrors { field code message } } }"""
IMPORT = """query($id: ID!) { talentImport(id: $id) {
  status createdCount updatedCount unchangedCount errorCount error reportUrl } }"""
FIXED = len(TALENT_SHEET_COLUMNS)


async def _export(
    client: GraphQLClient, username: str, flt: dict | None = None
) -> tuple[list[str], list[tuple]]:
    payload = (await client.data(EXPORT, {"input": {"filter": flt}}, as_user=username))["exportTalents"]
    assert payload["userErrors"] == [], payload
    response = await client.get(payload["url"], as_user=username)
    assert response.status_code == 200
    headers, lines = read_table(response.content, TALENT_SHEET_TITLE)
    assert tuple(headers[:FIXED]) == TALENT_SHEET_COLUMNS
    return headers, lines


def _by_id_number(headers: list[str], lines: list[tuple], id_number_prefix: str) -> dict[str, Any]:
    """The export line whose (possibly masked) ID number starts like the given one, by header."""
    [line] = [line for line in lines if str(line[2]).startswith(id_number_prefix)]
    return dict(zip(headers, line, strict=True))


async def _changan_fields(client: GraphQLClient) -> Talent:
    """长安区: a personal text field, a date and an enum; 正定县: a field of its own whose label
    clashes with 长安区's; 河北省: a boolean. One 长安区 talent holds values."""
    await define(client, "changan_admin", jurisdictionCode="130102", key="spouse_employer",
                 label="配偶工作单位", kind="TEXT", personal=True)  # fmt: skip
    await define(client, "changan_admin", jurisdictionCode="130102", key="selected_on", label="入选日期",
                 kind="DATE")  # fmt: skip
    await define(client, "changan_admin", jurisdictionCode="130102", key="level", label="层次",
                 kind="ENUM", options=["一级", "二级"])  # fmt: skip
    await define(client, "zhengding_admin", jurisdictionCode="130123", key="zd_level", label="层次",
                 kind="TEXT")  # fmt: skip
    await define(client, "hebei_admin", jurisdictionCode="130000", key="returnee", label="是否留学归国",
                 kind="BOOLEAN")  # fmt: skip
    talent = await Talent.filter(jurisdiction_id="130102").order_by("id").first()
    assert talent is not None
    custom = {
        "spouse_employer": "河北医科大学",
        "selected_on": "2025-06-01",
        "level": "二级",
        "returnee": False,
    }
    change = {"id": encode_id("Talent", talent.id), "customFields": custom}
    data = await client.data(UPDATE, {"input": change}, as_user="changan_admin")
    assert data["updateTalent"]["userErrors"] == []
    return await Talent.get(id=talent.id)


async def test_the_export_has_a_column_per_field_that_applies_unmasked_with_pii_read_and_audited(
    client: GraphQLClient,
) -> None:
    talent = await _changan_fields(client)
    await AuditEvent.filter(operation="pii:read").delete()
    headers, lines = await _export(client, "changan_admin")
    # the province's, the city's (demo) and the county's fields; never 正定县's
    assert headers[FIXED:] == ["是否留学归国", "是否已购房", "联系频次", "配偶工作单位", "入选日期", "层次"]
    row = _by_id_number(headers, lines, talent.id_number)
    assert row["配偶工作单位"] == "河北医科大学"  # pii:read: in full
    assert (row["入选日期"], row["层次"], row["是否留学归国"]) == ("2025-06-01", "二级", "否")
    assert row["是否已购房"] in ("是", "否", None) and row["联系频次"] in ("每周", "每月", "每季度", None)
    event = await AuditEvent.get(operation="exportTalents", actor="changan_admin")
    read = await AuditEvent.get(operation="pii:read", request_id=event.request_id, target_id=str(talent.id))
    assert read.after == {"fields": ["customFields.spouse_employer", "idNumber", "phone"]}


async def test_a_viewer_without_pii_read_gets_the_mask_graphql_gives_and_the_union_of_the_counties(
    client: GraphQLClient,
) -> None:
    talent = await _changan_fields(client)
    await AuditEvent.filter(operation="pii:read").delete()
    headers, lines = await _export(client, "auditor_demo")  # the whole city, no pii:read
    # a city-wide export: the province's and city's fields and each county's; the clashing
    # label 层次 is qualified by its key in both columns
    assert set(headers[FIXED:]) == {"是否留学归国", "是否已购房", "联系频次", "配偶工作单位", "入选日期",
                                   "层次（level）", "层次（zd_level）"}  # fmt: skip
    row = _by_id_number(headers, lines, str(mask_id_number(talent.id_number)))
    shown = await client.data("query($id: ID!) { talent(id: $id) { customFields } }",
                              {"id": encode_id("Talent", talent.id)}, as_user="auditor_demo")  # fmt: skip
    assert row["配偶工作单位"] == shown["talent"]["customFields"]["spouse_employer"] == "****"
    assert row["层次（level）"] == "二级" and row["层次（zd_level）"] is None
    assert not await AuditEvent.filter(operation="pii:read").exists()

    narrowed, _ = await _export(client, "sjz_admin", {"withinJurisdiction": "130123"})
    assert "配偶工作单位" not in narrowed and "层次" in narrowed  # only where its rows are kept


async def _run(client: GraphQLClient, redis_url: str, content: bytes, as_user: str = "changan_admin",
               mode: str = "VALID_ROWS_ONLY") -> dict[str, Any]:  # fmt: skip
    response = await upload(client, content, mode, as_user)
    assert response.status_code == 202, response.text
    await drain(redis_url)
    return (await client.data(IMPORT, {"id": response.json()["id"]}, as_user=as_user))["talentImport"]


def _with(row: list[Any], *custom: Any) -> list[Any]:
    return [*row, *custom]


async def test_imported_custom_values_are_checked_like_graphql_writes_row_by_row(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    await define(client, "changan_admin", jurisdictionCode="130102", key="degree", label="学历层次",
                 kind="ENUM", options=["本科", "硕士", "博士"], required=True)  # fmt: skip
    await define(client, "changan_admin", jurisdictionCode="130102", key="joined_on", label="入选日期",
                 kind="DATE")  # fmt: skip
    headers = [*TALENT_SHEET_COLUMNS, "是否已购房", "学历层次", "入选日期（joined_on）"]
    rows = [
        _with(talent_row(1), "是", "博士", "2025-03-01"),
        _with(talent_row(2), "否", "专科", None),  # not an option
        _with(talent_row(3), None, None, None),  # the required field left blank
        _with(talent_row(4), "也许", "硕士", None),  # not a boolean
    ]
    result = await _run(client, redis_url, sheet(rows, headers))
    assert (result["status"], result["createdCount"], result["errorCount"]) == ("DONE", 1, 3)
    stored = await Talent.get(id_number=person_id(1))
    assert stored.custom_fields == {"owns_home": True, "degree": "博士", "joined_on": "2025-03-01"}
    assert not await Talent.filter(id_number__in=[person_id(i) for i in (2, 3, 4)]).exists()
    response = await client.get(result["reportUrl"], as_user="changan_admin")
    report = list(load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(
        values_only=True))  # fmt: skip
    assert report[0] == (*headers, "错误说明")  # the same layout: a corrected sheet loads again
    assert report[1][FIXED:-1] == ("否", "专科", None)
    assert report[1][-1].startswith("第3行: 学历层次: 应为以下选项之一")
    assert report[2][-1] == "第4行: 学历层次: “学历层次”为必填项"
    assert report[3][-1].startswith("第5行: 是否已购房: 应为是或否")
    event = await AuditEvent.get(operation="importTalent", target_id=str(stored.id))
    assert event.after["custom_fields"] == {"degree": "博士", "joined_on": "2025-03-01", "owns_home": True}

    # the same values again change nothing; the export carries the columns
    same = await _run(client, redis_url, sheet(rows[:1], headers))
    assert (same["status"], same["unchangedCount"]) == ("DONE", 1)
    exported, lines = await _export(client, "changan_admin", {"name": {"eq": "导入1"}})
    line = dict(zip(exported, lines[0], strict=True))
    assert (line["是否已购房"], line["学历层次"], line["入选日期"]) == ("是", "博士", "2025-03-01")


async def test_all_or_nothing_stores_no_custom_values_when_a_row_is_wrong(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    headers = [*TALENT_SHEET_COLUMNS, "联系频次"]
    rows = [_with(talent_row(5), "每月"), _with(talent_row(6), "每天")]
    result = await _run(client, redis_url, sheet(rows, headers), mode="ALL_OR_NOTHING")
    assert (result["status"], result["createdCount"], result["errorCount"]) == ("FAILED", 0, 1)
    assert not await Talent.filter(id_number__in=[person_id(5), person_id(6)]).exists()


async def _refused(client: GraphQLClient, headers: list[str], rows: list[list[Any]],
                   as_user: str = "changan_admin") -> dict[str, Any]:  # fmt: skip
    response = await upload(client, sheet(rows, headers), "VALID_ROWS_ONLY", as_user)
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION", "file")
    return error


async def test_a_header_not_exactly_the_layout_is_refused_naming_it_and_nothing_is_imported(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    await define(client, "zhengding_admin", jurisdictionCode="130123", key="zd_only", label="正定专项",
                 kind="TEXT")  # fmt: skip
    row = talent_row(7)
    unknown = await _refused(client, [*TALENT_SHEET_COLUMNS, "备注"], [_with(row, "x")])
    assert "备注" in unknown["message"] and "unexpected 备注" in unknown["extensions"]["messageEn"]
    # another county's field is no column of a 长安区 clerk's sheet …
    elsewhere = await _refused(client, [*TALENT_SHEET_COLUMNS, "正定专项"], [_with(row, "x")])
    assert "正定专项" in elsewhere["message"]
    # … but the city office's sheet may carry it
    city_sheet = sheet([_with(talent_row(8), None)], [*TALENT_SHEET_COLUMNS, "正定专项"])
    assert (await upload(client, city_sheet, "VALID_ROWS_ONLY", "sjz_admin")).status_code == 202
    twice = await _refused(
        client, [*TALENT_SHEET_COLUMNS, "联系频次", "联系频次"], [_with(row, "每月", "每月")]
    )
    assert "联系频次" in twice["message"] and "duplicated" in twice["extensions"]["messageEn"]
    fixed_twice = await _refused(client, [*TALENT_SHEET_COLUMNS, "姓名"], [_with(row, "张三")])
    assert "姓名" in fixed_twice["message"]
    # the same column under its label and its qualified header is one column named twice
    aliased = await _refused(client, [*TALENT_SHEET_COLUMNS, "联系频次", "联系频次（contact_frequency）"],
                             [_with(row, "每月", "每周")])  # fmt: skip
    assert (
        "联系频次（contact_frequency）" in aliased["message"]
        and "duplicated" in aliased["extensions"]["messageEn"]
    )
    # a header far to the right, past blank columns, is seen too
    far = [*TALENT_SHEET_COLUMNS, *([""] * 20), "备注"]
    far_right = await _refused(client, far, [row])
    assert "备注" in far_right["message"]
    gap = await _refused(client, [*TALENT_SHEET_COLUMNS, "", "联系频次"], [_with(row, None, "每月")])
    assert "没有表头" in gap["message"]
    await drain(redis_url)
    assert not await TalentImport.filter(owner__username="changan_admin").exists()
    assert not await Talent.filter(id_number=person_id(7)).exists()


async def test_a_sheet_without_custom_columns_leaves_a_known_talents_values_alone(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    content = sheet([_with(talent_row(9), "每周")], [*TALENT_SHEET_COLUMNS, "联系频次"])
    first = await _run(client, redis_url, content)
    assert first["createdCount"] == 1
    # a required field added afterwards: an update through an old sheet is no row error …
    await define(client, "changan_admin", jurisdictionCode="130102", key="degree", label="学历层次",
                 kind="ENUM", options=["本科", "硕士"], required=True)  # fmt: skip
    changed = await _run(client, redis_url, sheet([talent_row(9, 手机号码="13911112222")]))
    assert (changed["updatedCount"], changed["errorCount"]) == (1, 0)
    assert (await Talent.get(id_number=person_id(9))).custom_fields == {"contact_frequency": "每周"}
    # … a new talent without it is
    new = await _run(client, redis_url, sheet([talent_row(10)]))
    assert (new["createdCount"], new["errorCount"]) == (0, 1)
