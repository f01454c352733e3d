"""Who sees and downloads a quarterly archive, through the real ASGI app as the demo users:
the county's office and window see their county's, the city's office (and auditor) all of
their counties'; everyone else gets NOT_FOUND / 404 exactly as for a missing archive.
Generating takes archive_report:create on the county, refuses a quarter not yet ended,
and keeps one archive and one download URL when repeated."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from permissions.masking import mask_id_number
from resolvers.archives.quarterly import last_ended_quarter, quarter_of
from resolvers.core.ids import encode_id
from resolvers.files.xlsx import read_rows
from schema.clock import china_today
from schema.models import AuditEvent, QuarterlyArchive, Report, ServiceWindow
from tests.archives.test_quarterly import CHANGAN, QUARTER, SHEETS, YEAR, ZHENGDING, seed_quarter, summary_of
from tests.support.graphql import GraphQLClient, error_codes

ARCHIVES = """query($filter: QuarterlyArchiveReportFilter) {
  quarterlyArchiveReports(filter: $filter, first: 50, orderBy: [{field: ID}]) {
    totalCount
    nodes { id year quarter periodStart periodEnd requestCount generatedBy generatedAt filedAt downloadUrl
            window { name } filedTo { name } jurisdiction { code } }
  }
}"""
NODE = (
    """query($id: ID!) { node(id: $id) { ... on QuarterlyArchiveReport { year quarter window { name } } } }"""
)
GENERATE = """mutation($input: GenerateQuarterlyArchiveReportInput!) {
  generateQuarterlyArchiveReport(input: $input) {
    archive { id year quarter requestCount downloadUrl generatedBy window { name } filedTo { name } }
    userErrors { field code message }
  }
}"""


async def _archives(client: GraphQLClient, user: str, **filter: Any) -> list[dict[str, Any]]:
    data = await client.data(ARCHIVES, {"filter": filter or None}, as_user=user)
    return data["quarterlyArchiveReports"]["nodes"]


async def _windows(client: GraphQLClient, user: str, **filter: Any) -> list[str]:
    return sorted(a["window"]["name"] for a in await _archives(client, user, **filter))


async def _generate(client: GraphQLClient, user: str, window: str, year: int, quarter: int) -> dict[str, Any]:
    window_id = encode_id("ServiceWindow", (await ServiceWindow.get(name=window)).id)
    variables = {"input": {"windowId": window_id, "year": year, "quarter": quarter}}
    return (await client.data(GENERATE, variables, as_user=user))["generateQuarterlyArchiveReport"]


async def test_the_demo_files_last_quarter_for_both_shijiazhuang_counties(client: GraphQLClient) -> None:
    period = last_ended_quarter(china_today())
    archives = await _archives(client, "sjz_admin")
    assert {(a["window"]["name"], a["jurisdiction"]["code"]) for a in archives} == {
        (CHANGAN, "130102"), (ZHENGDING, "130123")}  # fmt: skip
    for a in archives:
        assert (a["year"], a["quarter"], a["generatedBy"]) == (period.year, period.quarter, "system")
        assert (a["periodStart"], a["periodEnd"]) == (period.start.isoformat(), period.end.isoformat())
        assert a["filedTo"]["name"] == "石家庄市人才服务局人才服务窗口"
        assert a["downloadUrl"].startswith("/reports/") and a["downloadUrl"].endswith(".xlsx")


async def test_each_office_sees_its_own_counties_archives_and_others_none(client: GraphQLClient) -> None:
    both = sorted([CHANGAN, ZHENGDING])
    assert await _windows(client, "sjz_admin") == both
    assert await _windows(client, "auditor_demo") == both
    assert await _windows(client, "hebei_admin") == both
    assert await _windows(client, "changan_window") == [CHANGAN]
    assert await _windows(client, "changan_admin") == [CHANGAN]
    assert await _windows(client, "zhengding_admin") == [ZHENGDING]
    for outsider in ("jinan_admin", "talent_demo", "sjz_police_handler", "shandong_platform"):
        assert await _windows(client, outsider) == [], outsider
    assert await _windows(client, "sjz_admin", withinJurisdiction="130123") == [ZHENGDING]
    assert await _windows(client, "sjz_admin", jurisdictionCode={"eq": "130102"}) == [CHANGAN]
    assert await _windows(client, "sjz_admin", year={"lt": 2000}) == []


async def test_node_answers_not_found_to_those_who_may_not_see_the_archive(client: GraphQLClient) -> None:
    archive = (await _archives(client, "sjz_admin", withinJurisdiction="130102"))[0]
    found = await client.data(NODE, {"id": archive["id"]}, as_user="changan_window")
    assert found["node"]["window"]["name"] == CHANGAN
    for outsider in ("jinan_admin", "zhengding_admin", "talent_demo"):
        body = await client.execute(NODE, {"id": archive["id"]}, as_user=outsider)
        assert error_codes(body) == ["NOT_FOUND"], outsider


async def test_the_archive_downloads_as_a_workbook_to_those_who_may_see_it(client: GraphQLClient) -> None:
    url = (await _archives(client, "sjz_admin", withinJurisdiction="130102"))[0]["downloadUrl"]
    for reader in ("sjz_admin", "changan_window", "changan_admin", "auditor_demo"):
        response = await client.get(url, as_user=reader)
        assert response.status_code == 200, reader
        assert "filename*=UTF-8''" in response.headers["content-disposition"]
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        assert book.sheetnames == SHEETS
        assert summary_of(response.content)["报送单位"] == CHANGAN
    for outsider in ("jinan_admin", "zhengding_admin", "talent_demo", "sjz_police_handler"):
        assert (await client.get(url, as_user=outsider)).status_code == 404, outsider
    assert (await client.get(url)).status_code == 401
    assert (await client.get(url.replace(".xlsx", ".json"), as_user="sjz_admin")).status_code == 404


async def test_the_window_generates_its_quarter_and_regenerating_keeps_the_url(client: GraphQLClient) -> None:
    seeded = await seed_quarter()
    first = await _generate(client, "changan_window", CHANGAN, YEAR, QUARTER)
    assert first["userErrors"] == []
    archive = first["archive"]
    assert (archive["year"], archive["quarter"], archive["requestCount"]) == (YEAR, QUARTER, 5)
    assert archive["generatedBy"] == "changan_window"
    assert archive["filedTo"]["name"] == "石家庄市人才服务局人才服务窗口"
    response = await client.get(archive["downloadUrl"], as_user="sjz_admin")
    assert response.status_code == 200
    summary = summary_of(response.content)
    assert (summary["受理件数"], summary["按时办结件数"], summary["超期件数"]) == (5, 1, 2)
    details = list(read_rows(response.content, "办件明细"))[1:]
    talent = seeded["talent"]
    assert {line[3] for line in details} == {mask_id_number(talent.id_number)}
    assert (await client.get(archive["downloadUrl"], as_user="jinan_admin")).status_code == 404

    again = await _generate(client, "sjz_admin", CHANGAN, YEAR, QUARTER)
    assert again["userErrors"] == []
    assert (again["archive"]["id"], again["archive"]["downloadUrl"]) == (
        archive["id"],
        archive["downloadUrl"],
    )
    assert again["archive"]["generatedBy"] == "sjz_admin"
    assert await QuarterlyArchive.filter(year=YEAR, quarter=QUARTER).count() == 1
    audited = await AuditEvent.filter(operation="generateQuarterlyArchiveReport").order_by("id")
    assert [(e.actor, e.jurisdiction_code) for e in audited][-2:] == [
        ("changan_window", "130102"), ("sjz_admin", "130102")]  # fmt: skip


async def test_bad_requests_get_coded_errors_and_write_nothing(client: GraphQLClient) -> None:
    before = [await model.all().count() for model in (QuarterlyArchive, Report)]
    current = quarter_of(china_today())
    cases = [
        ("changan_window", CHANGAN, current.year, current.quarter, "INVALID_STATE"),
        ("changan_window", CHANGAN, current.year + 1, 1, "INVALID_STATE"),
        ("changan_window", CHANGAN, YEAR, 5, "VALIDATION"),
        ("changan_window", CHANGAN, 1999, 4, "VALIDATION"),
        ("sjz_admin", "石家庄市人才服务局人才服务窗口", YEAR, QUARTER, "VALIDATION"),  # not a county window
        ("jinan_admin", CHANGAN, YEAR, QUARTER, "FORBIDDEN"),
        ("zhengding_admin", CHANGAN, YEAR, QUARTER, "FORBIDDEN"),
        ("talent_demo", CHANGAN, YEAR, QUARTER, "FORBIDDEN"),
        ("auditor_demo", CHANGAN, YEAR, QUARTER, "FORBIDDEN"),  # reads, never files
    ]
    for user, window, year, quarter, code in cases:
        result = await _generate(client, user, window, year, quarter)
        assert result["archive"] is None
        assert [e["code"] for e in result["userErrors"]] == [code], (user, year, quarter)
    missing = encode_id("ServiceWindow", 999_999)
    body = await client.data(GENERATE, {"input": {"windowId": missing, "year": YEAR, "quarter": QUARTER}},
                             as_user="sjz_admin")  # fmt: skip
    assert [e["code"] for e in body["generateQuarterlyArchiveReport"]["userErrors"]] == ["NOT_FOUND"]
    assert [await model.all().count() for model in (QuarterlyArchive, Report)] == before
