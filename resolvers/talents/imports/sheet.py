"""Reading an uploaded talent sheet (人才信息表) and writing its row-error sheet.

The layout is the export's (resolvers/talents/export.py TALENT_SHEET_COLUMNS), then any of
the importer's custom-field columns (resolvers/customfields/sheets.py), in any order; an error
sheet adds 错误说明 as a last column, and a corrected error sheet may be uploaded again as it is.

The header is checked exactly, before anything is imported: every header cell, however far to
the right, is a fixed column (in its place), a custom-field column the importer has, or the
last 错误说明; a header named twice, a header the importer has no column for, or a blank
header between named ones refuses the file with a VALIDATION error naming it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from resolvers.core.errors import ErrorCode, UserError, validation
from resolvers.files.uploads import open_sheet_rows
from resolvers.files.xlsx import workbook_bytes
from resolvers.talents.export import TALENT_SHEET_COLUMNS, TALENT_SHEET_TITLE

ERROR_COLUMN = "错误说明"
MAX_DATA_ROWS = 50_000
_WIDTH = len(TALENT_SHEET_COLUMNS)


@dataclass(frozen=True)
class SheetRow:
    """One data row: its row number in Excel (the header is row 1) and its cells."""

    number: int
    cells: tuple[Any, ...]


@dataclass(frozen=True)
class Upload:
    """An uploaded sheet: the custom-field headers after the fixed columns (in file order)
    and the data rows (cells: the fixed columns, then those)."""

    custom_headers: tuple[str, ...]
    rows: list[SheetRow]


def _blank(cells: Sequence[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in cells)


def check_header(header: Sequence[Any], custom: Mapping[str, str] | Collection[str] = ()) -> tuple[str, ...]:
    """Refuse a header that is not exactly the layout; returns the custom-field headers (the
    names after the fixed columns). `custom`: the headers the importer may use, or a mapping
    of them to the column each names (two headers naming one column are a duplicate)."""
    names = [str(value).strip() if value is not None else "" for value in header]
    while names and not names[-1]:
        names.pop()
    if len(names) > _WIDTH and names[-1] == ERROR_COLUMN:
        names.pop()  # a corrected error sheet
    counts = Counter(name for name in names if name)
    twice = [name for name, count in counts.items() if count > 1]
    if twice:
        raise validation(
            "file",
            f"表头重复：{'、'.join(twice)}（每列的表头只能出现一次）",
            f"duplicated header {', '.join(twice)} (a header may appear once)",
        )
    missing = [name for name in TALENT_SHEET_COLUMNS if name not in names]
    unexpected = [name for name in names if name and name not in TALENT_SHEET_COLUMNS and name not in custom]
    if not missing and not unexpected and tuple(names[:_WIDTH]) == TALENT_SHEET_COLUMNS:
        blank = [str(n) for n, name in enumerate(names, start=1) if not name]
        if blank:
            raise validation(
                "file",
                f"第 {'、'.join(blank)} 列没有表头（请删除空列或填写表头）",
                f"column {', '.join(blank)} has no header (delete the empty column or name it)",
            )
        extra = tuple(names[_WIDTH:])
        if isinstance(custom, Mapping):
            named: dict[str, list[str]] = {}
            for name in extra:
                named.setdefault(custom[name], []).append(name)
            same = [name for names_of in named.values() if len(names_of) > 1 for name in names_of]
            if same:
                raise validation(
                    "file",
                    f"表头重复：{'、'.join(same)} 是同一个自定义字段（每列只能出现一次）",
                    f"duplicated header: {', '.join(same)} name one custom field (a column may appear once)",
                )
        return extra
    detail, detail_en = [], []
    if missing:
        detail.append(f"缺少：{'、'.join(missing)}")
        detail_en.append(f"missing {', '.join(missing)}")
    if unexpected:
        detail.append(f"多出：{'、'.join(unexpected)}")
        detail_en.append(f"unexpected {', '.join(unexpected)}")
    raise validation(
        "file",
        f"表头应依次为：{'、'.join(TALENT_SHEET_COLUMNS)}，其后可加本辖区的自定义字段列"
        + (f"（{'；'.join(detail)}）" if detail else "（列的顺序不对）"),
        f"the header row must be {', '.join(TALENT_SHEET_COLUMNS)} in this order, then any of your "
        "custom-field columns"
        + (f" ({'; '.join(detail_en)})" if detail_en else " (the columns are out of order)"),
    )


def _too_many_rows(limit: int) -> UserError:
    return UserError(
        "file", ErrorCode.LIMIT_EXCEEDED,
        f"每次最多导入 {limit:,} 行数据（表格中保存的空行也计入）；请拆分表格，或删除数据下方的空行",
        f"at most {limit:,} data rows per import (empty rows the sheet stores count too); "
        "split the sheet or delete the empty rows below the data",
    )  # fmt: skip


def read_upload(
    content: bytes, custom: Mapping[str, str] | Collection[str] = (), limit: int | None = None
) -> Upload:
    """The data rows of an upload (blank rows skipped, row numbers kept), or a coded error:
    not an .xlsx, a header not exactly the layout (`custom`: the custom-field headers the
    importer may use), no data rows, more than `limit` (default MAX_DATA_ROWS) rows
    (LIMIT_EXCEEDED). Every row the sheet stores counts, blank or not, so a sheet of a
    million empty rows stops after `limit` of them instead of being read to its end."""
    limit = MAX_DATA_ROWS if limit is None else limit
    rows = open_sheet_rows(content, _WIDTH + len(custom) + 1)
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
        extra = check_header(header, custom)
        width = _WIDTH + len(extra)
        data: list[SheetRow] = []
        for number, cells in rows:
            stored += 1
            if stored > limit + 1:  # the header's row is not a data row
                raise _too_many_rows(limit)
            cells = cells[:width]
            if not _blank(cells):
                data.append(SheetRow(number, cells))
    finally:
        rows.close()
    if not data:
        raise validation("file", "工作表只有表头，没有数据行", "the sheet has a header but no data rows")
    return Upload(extra, data)


def read_sheet(content: bytes, limit: int | None = None) -> list[SheetRow]:
    """`read_upload` of a sheet of the fixed columns alone."""
    return read_upload(content, (), limit).rows


def error_sheet(rows: Sequence[tuple[SheetRow, str]], custom_headers: Sequence[str] = ()) -> bytes:
    """The rejected rows as uploaded (same layout, in file order) plus 错误说明.
    Row numbers are named in the explanation, since the error sheet's own rows differ."""
    return workbook_bytes(
        [*TALENT_SHEET_COLUMNS, *custom_headers, ERROR_COLUMN],
        ([*row.cells, f"第{row.number}行: {message}"] for row, message in rows),
        TALENT_SHEET_TITLE,
    )
