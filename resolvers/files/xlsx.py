"""Small .xlsx helpers over openpyxl: write-only workbooks for exports and error sheets,
read-only iteration for imports (both stream rows instead of building cell objects).

Every workbook the gateway writes (exports, error sheets, quarterly archives) appends its
rows through `sheet_row`: what people typed is stored as text, never as a formula, and
characters XML cannot hold are replaced.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeGuard

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Font

Cell = str | int | float | dt.date | dt.datetime | None

_BOLD = Font(bold=True)

# Text starting with these becomes a formula in Excel or LibreOffice: `=` at once (openpyxl
# would write it as one), `+ - @` and their full-width forms (what a Chinese IME types) when
# the cell is edited or the sheet goes through CSV, tab and CR in CSV round trips.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# What XML 1.0 (and so .xlsx) cannot hold: C0 controls but tab, LF and CR, surrogates,
# U+FFFE and U+FFFF. openpyxl raises IllegalCharacterError on the first of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def sheet_text(value: str) -> str:
    """Text as a cell can hold it: characters XML cannot carry become U+FFFD (so stored
    text that slipped past the input checks still exports, visibly marked)."""
    return _NOT_XML.sub(REPLACEMENT, value)


def text_cell(sheet: Any, value: str) -> SheetCell:
    """A cell showing `value` as typed: a string cell (openpyxl would make `=…` a formula
    and `#N/A` an error), with Excel's quote prefix when it starts like a formula, so
    editing the cell or saving as CSV keeps it text too."""
    text = sheet_text(value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def sheet_value(sheet: Any, value: Any) -> Any:
    """What to append for one value: text openpyxl would take for a formula or an error
    code as `text_cell`, other text cleaned, anything else as it is."""
    if not isinstance(value, str):
        return value
    text = sheet_text(value)
    if text.startswith(FORMULA_STARTS) or text in ERROR_CODES:
        return text_cell(sheet, text)
    return text  # openpyxl stores other text as a string cell by itself (and faster)


def sheet_row(sheet: Any, values: Sequence[Any]) -> list[Any]:
    """A row for `sheet.append` (write-only or ordinary sheet): every value through sheet_value."""
    return [sheet_value(sheet, value) for value in values]


def _header(sheet: Any, headers: Sequence[str]) -> list[SheetCell]:
    cells = []
    for text in headers:
        cell = text_cell(sheet, text)
        cell.font = _BOLD
        cells.append(cell)
    return cells


def _is_plain_date(value: object) -> TypeGuard[dt.date]:
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
        cells = [self._date_cell(value) if _is_plain_date(value) else value for value in row]
        self._sheet.append(sheet_row(self._sheet, cells))
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
