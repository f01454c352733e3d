"""CSV files as Chinese offices and banks exchange them: written in UTF-8 with a byte-order
mark (so Excel shows the Chinese), read in UTF-8 or GB18030 (what a bank's system or Excel
on a Chinese Windows saves).

A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` …) is written with a
leading apostrophe, which spreadsheets show as text and readers strip again."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from resolvers.core.errors import ErrorCode, UserError, validation
from resolvers.files.xlsx import FORMULA_STARTS, sheet_text

CSV = "text/csv"
MAX_CSV_BYTES = 20_000_000


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = sheet_text(str(value))
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _text(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise validation("file", "无法识别 CSV 文件的编码（应为 UTF-8 或 GBK）", "a CSV in UTF-8 or GBK")


def read_csv(content: bytes) -> list[tuple[int, tuple[str, ...]]]:
    """(line number, cells) of every non-blank line, the header first; a quoted `'` prefix
    written by `csv_bytes` is taken off again."""
    if not content:
        raise validation("file", "文件是空的", "the file is empty")
    if len(content) > MAX_CSV_BYTES:
        raise UserError("file", ErrorCode.LIMIT_EXCEEDED, "CSV 文件过大", "the CSV file is too large")
    try:
        lines = list(csv.reader(io.StringIO(_text(content), newline="")))
    except csv.Error as error:
        raise validation("file", f"无法读取 CSV 文件（{error}）", f"not a readable CSV ({error})") from None
    return [
        (number, tuple(c[1:] if c.startswith("'") and c[1:].startswith(FORMULA_STARTS) else c for c in cells))
        for number, cells in enumerate(lines, start=1)
        if any(cell.strip() for cell in cells)
    ]
