"""exportTalents: the rows of the caller's `talents` list, masked as the caller sees them,
in the sheet layout the import reads; the file is the caller's alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resolvers.customfields.sheets import cell_value
from resolvers.files.reports import XLSX
from resolvers.files.xlsx import SheetWriter, read_table, workbook_bytes
from resolvers.talents import export as talent_export
from resolvers.talents.export import GENDER_LABELS, TALENT_SHEET_COLUMNS, TALENT_SHEET_TITLE
from schema.models import AuditEvent, CustomFieldDefinition, Report, Talent
from schema.models.enums import Gender, ReportKind
from tests.support.graphql import GraphQLClient

EXPORT = """mutation($input: ExportTalentsInput!) {
  exportTalents(input: $input) { url rowCount userErrors { field code message } } }"""
TALENTS = """query($filter: TalentFilter, $after: String) {
  talents(first: 100, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges { node { name gender idNumber phone introducedOn jurisdiction { code }
                   category { code } employer { name creditCode } customFields } } } }"""


async def _graphql_rows(
    client: GraphQLClient, username: str, flt: dict | None, headers: list[str] | None = None
) -> list[tuple]:
    """Every talent the user's `talents` list answers, as export lines (with the custom-field
    columns of `headers`: the demo's labels are unique, so a header is a label)."""
    labels = dict(await CustomFieldDefinition.filter(target_type="Talent").values_list("label", "key"))
    keys = [labels[h] for h in (headers or [])[len(TALENT_SHEET_COLUMNS) :]]
    rows, after = [], None
    while True:
        page = (await client.data(TALENTS, {"filter": flt, "after": after}, as_user=username))["talents"]
        for e in page["edges"]:
            n = e["node"]
            employer = n["employer"] or {}
            rows.append(
                (
                    n["name"],
                    GENDER_LABELS[Gender(n["gender"])],
                    n["idNumber"],
                    n["phone"],
                    n["jurisdiction"]["code"],
                    (n["category"] or {}).get("code"),
                    employer.get("name"),
                    employer.get("creditCode"),
                    n["introducedOn"],
                    *(cell_value(n["customFields"].get(k)) for k in keys),
                )
            )
        if not page["pageInfo"]["hasNextPage"]:
            return rows
        after = page["pageInfo"]["endCursor"]


def _plain(value: Any) -> Any:
    return value.date().isoformat() if isinstance(value, dt.datetime) else value


async def _export_sheet(
    client: GraphQLClient, username: str, flt: dict | None = None
) -> tuple[dict, list[str], list[tuple]]:
    payload = (await client.data(EXPORT, {"input": {"filter": flt}}, as_user=username))["exportTalents"]
    assert payload["userErrors"] == [], payload
    response = await client.get(payload["url"], as_user=username)
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    headers, lines = read_table(response.content, TALENT_SHEET_TITLE)
    assert tuple(headers[: len(TALENT_SHEET_COLUMNS)]) == TALENT_SHEET_COLUMNS  # then custom fields
    return payload, headers, [tuple(_plain(v) for v in line) for line in lines]


async def _export(client: GraphQLClient, username: str, flt: dict | None = None) -> tuple[dict, list[tuple]]:
    payload, _, lines = await _export_sheet(client, username, flt)
    return payload, lines


@pytest.mark.parametrize(
    ("username", "flt"),
    [
        ("changan_admin", None),  # its county, unmasked (pii:read)
        ("sjz_admin", {"withinJurisdiction": "130123"}),  # the city office, narrowed by the filter
        ("auditor_demo", None),  # the whole city, masked (no pii:read)
        ("talent_demo", None),  # one row: themself
    ],
)
async def test_the_export_holds_exactly_the_callers_talents_masked_as_graphql_shows_them(
    client: GraphQLClient, username: str, flt: dict | None
) -> None:
    payload, headers, lines = await _export_sheet(client, username, flt)
    expected = await _graphql_rows(client, username, flt, headers)
    assert lines == expected  # same rows, same order (by id), same masking, same custom fields
    assert payload["rowCount"] == len(lines) > 0
    codes = {line[4] for line in lines}
    if username == "changan_admin":
        assert codes == {"130102"} and len(lines) == await Talent.filter(jurisdiction_id="130102").count()
        assert {line[2] for line in lines} == set(
            await Talent.filter(jurisdiction_id="130102").values_list("id_number", flat=True)
        )  # unmasked
    if username == "sjz_admin":
        assert codes == {"130123"} and len(lines) == await Talent.filter(jurisdiction_id="130123").count()
    if username == "auditor_demo":
        assert len(lines) == await Talent.filter(jurisdiction_id__startswith="1301").count()
        assert all(line[2][6:-4] == "*" * (len(line[2]) - 10) for line in lines)
    if username == "talent_demo":
        assert len(lines) == 1


async def test_the_export_is_audited_and_unmasked_reads_are_recorded(client: GraphQLClient) -> None:
    payload, lines = await _export(client, "changan_admin", {"name": {"contains": "张"}})
    report = await Report.get(owner__username="changan_admin")
    assert payload["url"] == f"/reports/{report.id}.xlsx" and report.row_count == len(lines)
    assert all("张" in line[0] for line in lines)
    event = await AuditEvent.get(operation="exportTalents", actor="changan_admin")
    assert event.target_type == "report" and event.target_id == str(report.id)
    assert event.after == {"rows": len(lines), "filter": {"name": {"contains": "张"}}}
    # One audit row per talent read unmasked, written together at the end of the request.
    reads = await AuditEvent.filter(operation="pii:read", actor="changan_admin", request_id=event.request_id)
    assert len(reads) == len(lines) and all(r.after == {"fields": ["idNumber", "phone"]} for r in reads)

    masked, _ = await _export(client, "auditor_demo")
    event = await AuditEvent.get(operation="exportTalents", actor="auditor_demo")
    assert not await AuditEvent.filter(operation="pii:read", request_id=event.request_id).exists()
    assert masked["rowCount"] > 0


async def test_only_the_requester_downloads_the_export(client: GraphQLClient) -> None:
    payload, _ = await _export(client, "changan_admin")
    for other in ("sjz_admin", "hebei_admin", "talent_demo"):
        assert (await client.get(payload["url"], as_user=other)).status_code == 404
    assert (await client.get(payload["url"])).status_code == 401


async def test_more_rows_than_the_cap_is_refused_and_nothing_is_written(
    client: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    visible = await Talent.filter(jurisdiction_id="130102").count()
    monkeypatch.setattr(talent_export, "MAX_ROWS", visible - 1)
    body = await client.data(EXPORT, {"input": {}}, as_user="changan_admin")
    assert body["exportTalents"]["url"] is None
    assert [e["code"] for e in body["exportTalents"]["userErrors"]] == ["LIMIT_EXCEEDED"]
    assert not await Report.filter(kind=ReportKind.TALENT_EXPORT).exists()
    assert not await AuditEvent.filter(operation="exportTalents").exists()


async def test_a_filter_matching_nothing_exports_an_empty_sheet(client: GraphQLClient) -> None:
    payload, lines = await _export(client, "changan_admin", {"withinJurisdiction": "130123"})
    assert lines == [] and payload["rowCount"] == 0


async def test_exports_run_in_keyset_batches(client: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(talent_export, "BATCH", 7)  # many batches over the demo county
    _, headers, lines = await _export_sheet(client, "sjz_admin")
    assert lines == await _graphql_rows(client, "sjz_admin", None, headers)


def test_the_sheet_helpers_round_trip_and_an_abandoned_sheet_leaves_no_temporary_file() -> None:
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    content = workbook_bytes(("姓名", "引进日期", "备注"), [("张三", dt.date(2024, 1, 2), None)], "表")
    headers, rows = read_table(content, "表")
    assert headers == ["姓名", "引进日期", "备注"]
    assert rows == [("张三", dt.datetime(2024, 1, 2), None)]  # padded to the header's width
    before = set(ALL_TEMP_FILES)
    with pytest.raises(RuntimeError), SheetWriter(("姓名",), "表") as sheet:
        sheet.append(("张三",))
        raise RuntimeError("export refused half-way")
    assert set(ALL_TEMP_FILES) == before
