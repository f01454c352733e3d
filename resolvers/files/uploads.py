"""Opening an uploaded sheet (talent imports, bank return files): what cannot be read at all
is refused with a coded error naming the `file` input, never an exception."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Generator
from typing import Any
from xml.etree.ElementTree import ParseError

from resolvers.core.errors import ErrorCode, UserError, validation
from resolvers.files.xlsx_reader import MAX_ROW_CELLS, XlsxError, XlsxLimitError, first_sheet_rows

# What a damaged or odd archive raises while it is read: bad XML, truncated or corrupt
# deflate streams, unsupported compression, encryption.
_UNREADABLE = (
    XlsxError, zipfile.BadZipFile, ParseError, ValueError, KeyError, OSError, EOFError, zlib.error,
    NotImplementedError, RuntimeError,
)  # fmt: skip
ZIP_MAGIC = b"PK\x03\x04"


def open_sheet_rows(content: bytes, width: int) -> Generator[tuple[int, tuple[Any, ...]], None, None]:
    """(row number, cells) of the first sheet: the header row whole, data rows `width` wide."""
    if not content:
        raise validation("file", "文件是空的", "the file is empty")
    if not content.startswith(ZIP_MAGIC):
        raise validation(
            "file",
            "文件不是 .xlsx 工作簿（如为 CSV 或其他文本文件，请在 Excel 中另存为 .xlsx）",
            "not an .xlsx workbook (a CSV or other text file? save it from Excel as .xlsx)",
        )
    try:
        yield from first_sheet_rows(io.BytesIO(content), width, header_col=MAX_ROW_CELLS)
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
