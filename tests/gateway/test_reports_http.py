"""Generated files are served to their owner only; anyone else gets the 404 of a missing file."""

from __future__ import annotations

import datetime as dt

from resolvers.files.reports import XLSX, report_url, save_report
from schema.models import Report, User
from schema.models.enums import ReportKind
from tests.support.graphql import GraphQLClient


async def _report(owner: str) -> Report:
    user = await User.get(username=owner)
    return await save_report(user.id, ReportKind.TALENT_EXPORT, "人才名册.xlsx", XLSX, b"PK\x03\x04sheet", 3)


async def test_the_owner_downloads_the_report(client: GraphQLClient) -> None:
    report = await _report("changan_admin")
    response = await client.get(report_url(report), as_user="changan_admin")
    assert response.status_code == 200 and response.content == b"PK\x03\x04sheet"
    assert response.headers["content-type"] == XLSX
    assert "filename*=UTF-8''" in response.headers["content-disposition"]


async def test_others_unknown_expired_and_wrong_extensions_are_not_found(client: GraphQLClient) -> None:
    report = await _report("changan_admin")
    url = report_url(report)
    assert (await client.get(url)).status_code == 401
    assert (await client.get(url, as_user="sjz_admin")).status_code == 404  # even a superior office
    assert (await client.get(url.replace(".xlsx", ".json"), as_user="changan_admin")).status_code == 404
    assert (await client.get("/reports/not-a-uuid.xlsx", as_user="changan_admin")).status_code == 404
    await Report.filter(id=report.id).update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    assert (await client.get(url, as_user="changan_admin")).status_code == 404
