"""Small .xlsx helpers over openpyxl: write-only workbooks for exports and error sheets,
read-only iteration for imports (both stream rows instead of building cell objects)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

Cell = str | int | float | dt.date | dt.datetime | None

_BOLD = Font(bold=True)


def _header(sheet: Any, headers: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = _BOLD
        cells.append(cell)
    return cells


def _is_plain_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


class SheetWriter:
    """One write-only sheet: append rows as they come, then take the bytes once."""

    def __init__(self, headers: Sequence[str], sheet_title: str = "Sheet1") -> None:
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title=sheet_title[:31])  # Excel's title limit
        self._sheet.freeze_panes = "A2"
        self._sheet.append(_header(self._sheet, headers))
        self.rows = 0
        self._done = False

    def append(self, row: Sequence[Cell]) -> None:
        self._sheet.append([self._date_cell(value) if _is_plain_date(value) else value for value in row])
        self.rows += 1

    def _date_cell(self, value: dt.date) -> WriteOnlyCell:
        # Without a format a date shows as "2024-01-02 00:00:00" in Excel.
        cell = WriteOnlyCell(self._sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell

    def extend(self, rows: Iterable[Sequence[Cell]]) -> None:
        for row in rows:
            self.append(row)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._book.save(buffer)
        self._done = True
        return buffer.getvalue()

    def discard(self) -> None:
        """Give up an unsaved sheet: close its stream and remove openpyxl's temporary file
        (left alone, both linger until exit and the stream complains when collected)."""
        if self._done:
            return
        self._done = True
        self._sheet.close()
        writer = getattr(self._sheet, "_writer", None)
        if writer is not None:
            writer.cleanup()

    def __enter__(self) -> SheetWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def workbook_bytes(
    headers: Sequence[str], rows: Iterable[Sequence[Cell]], sheet_title: str = "Sheet1"
) -> bytes:
    """A one-sheet .xlsx: bold header row, then the rows as given."""
    with SheetWriter(headers, sheet_title) as writer:
        writer.extend(rows)
        return writer.to_bytes()


def read_rows(content: bytes, sheet_title: str | None = None) -> Iterator[tuple[Any, ...]]:
    """Every row (header included) of the named sheet, or the first one, as plain value tuples.
    Read-only mode streams the XML, so a 100,000-row file is not held as cell objects."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book[sheet_title] if sheet_title else book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def read_table(content: bytes, sheet_title: str | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(headers, data rows) of a sheet; blank rows are dropped and every row is padded or cut
    to the header's width (read-only mode leaves out empty trailing cells)."""
    rows = read_rows(content, sheet_title)
    headers = [str(value).strip() if value is not None else "" for value in next(rows, ())]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    data = [
        (tuple(row) + (None,) * width)[:width]
        for row in rows
        if any(value not in (None, "") for value in row)
    ]
    return headers, data
