"""Reading an uploaded talent sheet: what Excel-style workbooks (shared strings, typed numbers
and dates, gaps, extra columns) turn into, and which files are refused before anything runs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from resolvers.core.errors import ErrorCode, UserError
from resolvers.files.xlsx import read_rows
from resolvers.talents.export import TALENT_SHEET_COLUMNS
from resolvers.talents.imports.sheet import ERROR_COLUMN, error_sheet, read_sheet
from tests.support.talent_sheets import person_id, sheet, talent_row


def _excel_like(rows: list[list[object]], header: list[str] | None = None, start_row: int = 2) -> bytes:
    """A workbook as openpyxl's normal mode writes it: shared strings, a <dimension>, styles."""
    book = Workbook()
    ws = book.active
    for column, name in enumerate(header or TALENT_SHEET_COLUMNS, start=1):
        ws.cell(row=1, column=column, value=name)
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            cell = ws.cell(row=start_row + offset * 2, column=column, value=value)  # a blank row between
            if isinstance(value, dt.date):
                cell.number_format = "yyyy年m月d日"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_shared_strings_numbers_dates_and_row_numbers_are_read_as_excel_shows_them() -> None:
    row = talent_row(1, 手机号码=13800138000, 引进日期=dt.date(2023, 5, 4))
    rows = read_sheet(_excel_like([row, talent_row(2)]))
    assert [r.number for r in rows] == [2, 4]  # Excel's own row numbers, blank rows skipped
    cells = rows[0].cells
    assert cells[0] == "导入1" and cells[2] == person_id(1) and cells[3] == 13800138000
    assert cells[8] == dt.datetime(2023, 5, 4)


def test_the_reader_agrees_with_openpyxl_on_our_own_export_layout() -> None:
    content = sheet([talent_row(i) for i in range(20)])
    ours = [r.cells for r in read_sheet(content)]
    theirs = [tuple(row) for row in list(read_rows(content))[1:]]
    assert ours == theirs


def test_a_corrected_error_sheet_can_be_uploaded_again() -> None:
    rows = read_sheet(_excel_like([talent_row(1)]))
    report = error_sheet([(rows[0], "手机号码: …")])
    assert next(read_rows(report)) == (*TALENT_SHEET_COLUMNS, ERROR_COLUMN)
    again = read_sheet(report)
    assert again[0].cells == rows[0].cells and len(again[0].cells) == len(TALENT_SHEET_COLUMNS)


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", ErrorCode.VALIDATION, "empty"),
        ("姓名,性别\n张三,男".encode("gbk"), ErrorCode.VALIDATION, "not an .xlsx"),
        (b"PK\x03\x04garbage", ErrorCode.VALIDATION, "not a readable .xlsx"),
        (_excel_like([talent_row(1)], header=["姓名", "性别"]), ErrorCode.VALIDATION, "missing 证件号码"),
        (_excel_like([talent_row(1)], header=[*TALENT_SHEET_COLUMNS, "备注"]), ErrorCode.VALIDATION,
         "unexpected 备注"),
        (_excel_like([]), ErrorCode.VALIDATION, "no data rows"),
    ],
    ids=["empty", "gbk-csv", "broken-zip", "missing-columns", "extra-column", "header-only"],
)  # fmt: skip
def test_files_that_cannot_be_imported_are_refused(content: bytes, code: ErrorCode, message: str) -> None:
    with pytest.raises(UserError) as refused:
        read_sheet(content)
    assert refused.value.code == code and message in (refused.value.message_en or "")


def test_more_rows_than_the_cap_is_limit_exceeded_naming_the_cap() -> None:
    content = sheet([talent_row(i) for i in range(6)])
    assert len(read_sheet(content, limit=6)) == 6
    with pytest.raises(UserError) as refused:
        read_sheet(content, limit=5)
    assert refused.value.code == ErrorCode.LIMIT_EXCEEDED and "最多导入 5 行数据" in refused.value.message
