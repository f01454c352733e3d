"""Building talent sheets (人才信息表) for import tests and the import benchmark."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import httpx

from resolvers.core.validation import make_credit_code, make_resident_id
from resolvers.files.xlsx import workbook_bytes
from resolvers.talents.export import TALENT_SHEET_COLUMNS, TALENT_SHEET_TITLE
from tests.support.graphql import GraphQLClient


def person_id(index: int, male: bool = True, region: str = "130102") -> str:
    """A checksum-valid ID number the demo people do not use (order codes from 400 up)."""
    birth = dt.date(1980, 1, 1) + dt.timedelta(days=index // 50)
    return make_resident_id(region, birth, 400 + index % 50, male)


def employer_code(serial: int, region: str = "130102") -> str:
    return make_credit_code(region, 70_000_000 + serial)


def talent_row(index: int, *, place: str = "130102", category: str | None = "sjz.E",
               employer: tuple[str, str] | None = None, phone: str | None = "13800138000",
               male: bool = True, **overrides: Any) -> list[Any]:  # fmt: skip
    """A valid row; `overrides` replace cells by column name (姓名 → name, ...)."""
    name, code = employer or (None, None)
    row = {
        "姓名": f"导入{index}", "性别": "男" if male else "女", "证件号码": person_id(index, male),
        "手机号码": phone, "所在区划代码": place, "人才类别代码": category, "工作单位": name,
        "统一社会信用代码": code, "引进日期": dt.date(2024, 3, 1),
    }  # fmt: skip
    row.update(overrides)
    return [row[column] for column in TALENT_SHEET_COLUMNS]


def sheet(rows: Sequence[Sequence[Any]], headers: Sequence[str] = TALENT_SHEET_COLUMNS) -> bytes:
    return workbook_bytes(headers, rows, TALENT_SHEET_TITLE)


async def upload(
    client: GraphQLClient, content: bytes, mode: str = "VALID_ROWS_ONLY",
    as_user: str | None = "changan_admin", filename: str = "人才.xlsx",
) -> httpx.Response:  # fmt: skip
    """POST /imports/talents as `as_user` (None: without credentials)."""
    headers = {}
    if as_user is not None:
        token = client.tokens.get(as_user) or await client.login(as_user)
        headers["Authorization"] = f"Bearer {token}"
    return await client.http.post(
        "/imports/talents", params={"mode": mode, "filename": filename}, content=content, headers=headers
    )
