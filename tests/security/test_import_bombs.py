"""Inflated spreadsheets are refused before they are parsed, and reading any upload holds
a bounded amount of memory.

Attacks replayed: a 40 KB .xlsx whose sheet inflates to 40 MB of blank rows was accepted
(202) after 14–21 s and up to 650 MB of the server's memory; a 104 KB file with a 40 MB
styles part took the server from 843 MB to 1.5 GB. The files are built here (no binary
fixtures): tests/support/xlsx_bombs.py.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from resolvers.core.errors import ErrorCode, UserError
from resolvers.files.xlsx_guard import MAX_PARTS
from resolvers.files.xlsx_reader import MAX_ROW_CELLS
from resolvers.talents.imports.sheet import read_sheet
from tests.support.live_server import LiveServer
from tests.support.talent_sheets import sheet, talent_row
from tests.support.xlsx_bombs import SHEET, blank_rows, blank_rows_bomb, many_parts, replace_part, styles_bomb

IMPORTS = "query { talentImports { totalCount } }"
IMPORT_SMALL = """mutation($input: ImportTalentsInput!) { importTalents(input: $input) {
  talentImport { id } userErrors { field code message } } }"""
# What reading a refused bomb may add to the server's peak memory (before: 250–560 MB).
MEMORY_BOUND = 64 * 1024 * 1024


def _refused(call, *args, **kwargs) -> UserError:
    with pytest.raises(UserError) as refused:
        call(*args, **kwargs)
    return refused.value


# -- the server -----------------------------------------------------------------------------


def _server_pid(server: LiveServer) -> int:
    """The `talentgate serve --port N` process behind `server` (Linux /proc)."""
    port = server.base.rsplit(":", 1)[1]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and b"--port" in args and port.encode() in args:
            return int(entry.name)
    raise AssertionError(f"no server process on port {port}")


def _memory(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak) of a process, in bytes."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) * 1024
    return fields


def _reset_peak(pid: int) -> None:
    """Start VmHWM afresh from the current RSS (Linux ≥ 4.0), so the peak measured is the
    bombs' alone."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def _upload(server: LiveServer, content: bytes) -> httpx.Response:
    return httpx.post(
        f"{server.base}/imports/talents", params={"mode": "ALL_OR_NOTHING"}, content=content,
        headers={"Authorization": f"Bearer {server.login('changan_admin')}"}, timeout=60,
    )  # fmt: skip


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the server's memory from /proc")
def test_inflated_uploads_are_refused_with_limit_exceeded_and_the_servers_memory_stays_bounded(
    live_server: LiveServer,
) -> None:
    bombs = {
        "40 MB of blank rows in 60 KB": blank_rows_bomb(),
        "40 MB of numbered blank rows in 5 MB": blank_rows_bomb(numbered=True),
        "a 40 MB styles part in 140 KB": styles_bomb(),
        f"{MAX_PARTS + 1} parts": many_parts(MAX_PARTS + 1),
    }
    before = live_server.gql(IMPORTS, as_user="changan_admin")["data"]["talentImports"]["totalCount"]
    pid = _server_pid(live_server)
    _upload(live_server, sheet([talent_row(1)]))  # warm up the import path's code and caches
    _reset_peak(pid)
    start = _memory(pid)
    for what, content in bombs.items():
        response = _upload(live_server, content)
        assert response.status_code == 413, (what, response.text)
        [error] = response.json()["errors"]
        assert (error["extensions"]["code"], error["extensions"]["field"]) == ("LIMIT_EXCEEDED", "file"), what
    peak = _memory(pid)["VmHWM"]
    assert peak - start["VmRSS"] < MEMORY_BOUND, f"the peak grew by {(peak - start['VmRSS']) >> 20} MB"
    after = live_server.gql(IMPORTS, as_user="changan_admin")["data"]["talentImports"]["totalCount"]
    assert after == before + 1  # the warm-up sheet alone
    assert "Traceback" not in live_server.log()


def test_the_graphql_upload_applies_the_same_limits(live_server: LiveServer) -> None:
    for content in (blank_rows_bomb(), styles_bomb()):
        data = {"fileBase64": base64.b64encode(content).decode(), "mode": "ALL_OR_NOTHING"}
        body = live_server.gql(IMPORT_SMALL, {"input": data}, as_user="changan_admin")
        payload = body["data"]["importTalents"]
        assert payload["talentImport"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("file", "LIMIT_EXCEEDED")]


# -- the reader -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (blank_rows_bomb(), "inflates"),
        (styles_bomb(), "inflates"),
        (blank_rows_bomb(numbered=True), "行数据"),
        (many_parts(MAX_PARTS + 1), "parts"),
    ],
    ids=["blank-rows", "styles", "numbered-blank-rows", "parts"],
)
def test_bombs_are_limit_exceeded_saying_why(content: bytes, says: str) -> None:
    refused = _refused(read_sheet, content)
    assert refused.code is ErrorCode.LIMIT_EXCEEDED and says in refused.message


def test_blank_rows_the_sheet_stores_count_towards_the_row_limit() -> None:
    content = sheet([talent_row(1), talent_row(2)])
    padded = replace_part(content, SHEET, blank_rows(content, 10, numbered=True))
    assert len(read_sheet(padded, limit=12)) == 2  # blank rows are no data rows …
    refused = _refused(read_sheet, padded, limit=11)  # … but each one the sheet stores counts
    assert refused.code is ErrorCode.LIMIT_EXCEEDED and "空行" in refused.message


def _with_sheet_xml(xml: bytes) -> bytes:
    return replace_part(sheet([talent_row(1)]), SHEET, iter([xml]))


def _sheet_xml() -> bytes:
    return zipfile.ZipFile(io.BytesIO(sheet([talent_row(1)]))).read(SHEET)


def test_a_row_of_more_cells_than_excel_has_columns_is_refused() -> None:
    head, tail = _sheet_xml().split(b"</sheetData>")
    wide = b'<row r="3">' + b"<c/>" * (MAX_ROW_CELLS + 1) + b"</row>"
    refused = _refused(read_sheet, _with_sheet_xml(head + wide + b"</sheetData>" + tail))
    assert refused.code is ErrorCode.LIMIT_EXCEEDED and "cells" in refused.message


def test_a_part_declaring_entities_is_refused_unexpanded() -> None:
    xml = _sheet_xml()
    declaration = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    refused = _refused(read_sheet, _with_sheet_xml(b'<?xml version="1.0"?>' + declaration + body))
    assert refused.code is ErrorCode.VALIDATION and "DOCTYPE" in refused.message


def test_a_damaged_archive_is_a_validation_error() -> None:
    content = bytearray(sheet([talent_row(i) for i in range(50)]))
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    content[start + 20 : start + 60] = b"\xff" * 40  # the sheet's deflate stream
    refused = _refused(read_sheet, bytes(content))
    assert refused.code is ErrorCode.VALIDATION and "无法读取" in refused.message


def test_a_date_past_the_calendar_is_left_as_a_number_for_the_row_checks() -> None:
    xml = _sheet_xml()
    date_style = re.search(rb'<c r="I2" s="(\d+)"', xml)  # the export's 引进日期 cell is date-formatted
    assert date_style is not None
    far = b'<row r="3"><c r="I3" s="%s"><v>99999999999</v></c></row></sheetData>' % date_style.group(1)
    rows = read_sheet(_with_sheet_xml(xml.replace(b"</sheetData>", far)))
    assert rows[0].cells[8] == dt.datetime(2024, 3, 1)
    assert rows[1].cells[8] == 99999999999
