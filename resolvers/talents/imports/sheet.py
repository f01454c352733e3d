"""Reading an uploaded talent sheet (人才信息表) and writing its row-error sheet.

The layout is the export's (resolvers/talents/export.py TALENT_SHEET_COLUMNS); an error sheet
adds 错误说明 as a last column, and a corrected error sheet may be uploaded again as it is.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

from resolvers.core.errors import ErrorCode, UserError, validation
from resolvers.files.xlsx import workbook_bytes
from resolvers.files.xlsx_reader import XlsxError, XlsxLimitError, first_sheet_rows
from resolvers.talents.export import TALENT_SHEET_COLUMNS, TALENT_SHEET_TITLE

ERROR_COLUMN = "错误说明"
MAX_DATA_ROWS = 50_000
# What a damaged or odd archive raises while it is read: bad XML, truncated or corrupt
# deflate streams, unsupported compression, encryption.
_UNREADABLE = (
    XlsxError, zipfile.BadZipFile, ParseError, ValueError, KeyError, OSError, EOFError, zlib.error,
    NotImplementedError, RuntimeError,
)  # fmt: skip
_ZIP_MAGIC = b"PK\x03\x04"
_WIDTH = len(TALENT_SHEET_COLUMNS)


@dataclass(frozen=True)
class SheetRow:
    """One data row: its row number in Excel (the header is row 1) and its cells."""

    number: int
    cells: tuple[Any, ...]


def _open_rows(content: bytes) -> Generator[tuple[int, tuple[Any, ...]], None, None]:
    """(row number, cells) of the first sheet, at most one column past the layout (the
    错误说明 of a corrected error sheet)."""
    if not content:
        raise validation("file", "文件是空的", "the file is empty")
    if not content.startswith(_ZIP_MAGIC):
        raise validation(
            "file",
            "文件不是 .xlsx 工作簿（如为 CSV 或其他文本文件，请在 Excel 中另存为 .xlsx）",
            "not an .xlsx workbook (a CSV or other text file? save it from Excel as .xlsx)",
        )
    try:
        yield from first_sheet_rows(io.BytesIO(content), _WIDTH + 1)
    except XlsxLimitError as error:
        raise UserError(
            "file",
            ErrorCode.LIMIT_EXCEEDED,
            f"工作簿超出导入限制，无法导入（{error}）",
            f"the workbook is refused: {error}",
        ) from None
    except _UNREADABLE as error:
        raise validation(
            "file",
            f"无法读取该 .xlsx 工作簿，文件可能已损坏（{error}）",
            f"not a readable .xlsx workbook ({error})",
        ) from None


def _blank(cells: Sequence[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in cells)


def check_header(header: Sequence[Any]) -> None:
    names = [str(value).strip() if value is not None else "" for value in header]
    while names and not names[-1]:
        names.pop()
    if names[_WIDTH:] == [ERROR_COLUMN]:
        names = names[:_WIDTH]  # a corrected error sheet
    if tuple(names) == TALENT_SHEET_COLUMNS:
        return
    missing = [name for name in TALENT_SHEET_COLUMNS if name not in names]
    unexpected = [name for name in names if name and name not in TALENT_SHEET_COLUMNS]
    detail, detail_en = [], []
    if missing:
        detail.append(f"缺少：{'、'.join(missing)}")
        detail_en.append(f"missing {', '.join(missing)}")
    if unexpected:
        detail.append(f"多出：{'、'.join(unexpected)}")
        detail_en.append(f"unexpected {', '.join(unexpected)}")
    raise validation(
        "file",
        f"表头应依次为：{'、'.join(TALENT_SHEET_COLUMNS)}"
        + (f"（{'；'.join(detail)}）" if detail else "（列的顺序不对）"),
        f"the header row must be {', '.join(TALENT_SHEET_COLUMNS)} in this order"
        + (f" ({'; '.join(detail_en)})" if detail_en else " (the columns are out of order)"),
    )


def _too_many_rows(limit: int) -> UserError:
    return UserError(
        "file", ErrorCode.LIMIT_EXCEEDED,
        f"每次最多导入 {limit:,} 行数据（表格中保存的空行也计入）；请拆分表格，或删除数据下方的空行",
        f"at most {limit:,} data rows per import (empty rows the sheet stores count too); "
        "split the sheet or delete the empty rows below the data",
    )  # fmt: skip


def read_sheet(content: bytes, limit: int | None = None) -> list[SheetRow]:
    """The data rows of an upload (blank rows skipped, row numbers kept), or a coded error:
    not an .xlsx, wrong header, no data rows, more than `limit` (default MAX_DATA_ROWS) rows
    (LIMIT_EXCEEDED). Every row the sheet stores counts, blank or not, so a sheet of a
    million empty rows stops after `limit` of them instead of being read to its end."""
    limit = MAX_DATA_ROWS if limit is None else limit
    rows = _open_rows(content)
    stored = 0
    try:
        header = None
        for _, cells in rows:
            stored += 1
            if stored > limit + 1:
                raise _too_many_rows(limit)
            if not _blank(cells):
                header = cells
                break
        if header is None:
            raise validation("file", "工作表是空的", "the sheet is empty")
        check_header(header)
        data: list[SheetRow] = []
        for number, cells in rows:
            stored += 1
            if stored > limit + 1:  # the header's row is not a data row
                raise _too_many_rows(limit)
            cells = cells[:_WIDTH]
            if not _blank(cells):
                data.append(SheetRow(number, cells))
    finally:
        rows.close()
    if not data:
        raise validation("file", "工作表只有表头，没有数据行", "the sheet has a header but no data rows")
    return data


def error_sheet(rows: Sequence[tuple[SheetRow, str]]) -> bytes:
    """The rejected rows as uploaded (same layout, in file order) plus 错误说明.
    Row numbers are named in the explanation, since the error sheet's own rows differ."""
    return workbook_bytes(
        [*TALENT_SHEET_COLUMNS, ERROR_COLUMN],
        ([*row.cells, f"第{row.number}行: {message}"] for row, message in rows),
        TALENT_SHEET_TITLE,
    )
