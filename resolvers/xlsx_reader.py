"""A streaming reader of the first sheet of an .xlsx: cell values row by row, with Excel's
row numbers.

Why not openpyxl's read-only mode (resolvers/xlsx.py read_rows): on sheets without a
<dimension> element (openpyxl's own write-only output, i.e. our exports) it parses the whole
sheet once just to size it, and it builds an object per inline string; a 10,000-row sheet
took 4 s where this takes well under one. openpyxl still supplies the date rules
(built-in and custom number formats) and the serial-to-date conversion.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from functools import cache
from posixpath import dirname, join, normpath
from typing import IO, Any
from xml.etree.ElementTree import Element, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

# Parts larger than this once inflated are refused (a zip bomb inflates a few MB to GBs).
MAX_PART_BYTES = 400_000_000
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REL_STRICT = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"


class XlsxError(ValueError):
    """The bytes are not a workbook this reader can open."""


@cache
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@cache
def _column(ref: str) -> int:
    """1-based column of a cell reference: B7 → 2."""
    return column_index_from_string(ref.rstrip("0123456789"))


def _open(book: zipfile.ZipFile, name: str) -> IO[bytes]:
    try:
        info = book.getinfo(name)
    except KeyError:
        raise XlsxError(f"the workbook has no part {name}") from None
    if info.file_size > MAX_PART_BYTES:
        raise XlsxError(f"{name} is too large once uncompressed")
    return book.open(info)


def _elements(book: zipfile.ZipFile, name: str) -> Iterator[Element]:
    with _open(book, name) as part:
        for _, element in iterparse(part, events=("end",)):
            yield element


def _relations(book: zipfile.ZipFile, owner: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type suffix, part name) of the part `owner`."""
    rels = join(dirname(owner), "_rels", owner.rsplit("/", 1)[-1] + ".rels")
    if rels not in book.namelist():
        return {}
    found = {}
    for element in _elements(book, rels):
        if _local(element.tag) == "Relationship":
            target = element.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else normpath(join(dirname(owner), target))
            found[element.get("Id", "")] = (element.get("Type", "").rsplit("/", 1)[-1], part)
    return found


def _text(element: Element) -> str:
    """The text of a shared or inline string: its <t> runs, without phonetic hints (<rPh>)."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _shared_strings(book: zipfile.ZipFile, name: str | None) -> list[str]:
    if name is None:
        return []
    strings = []
    for element in _elements(book, name):
        if _local(element.tag) == "si":
            strings.append(_text(element))
            element.clear()
    return strings


def _date_styles(book: zipfile.ZipFile, name: str | None) -> set[int]:
    """Indexes of the cell formats (cellXfs) that show numbers as dates or times."""
    if name is None:
        return set()
    custom: dict[int, str] = {}
    dates: set[int] = set()
    in_cell_xfs, index = False, 0
    with _open(book, name) as part:
        for event, element in iterparse(part, events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "cellXfs":
                    in_cell_xfs = True
                continue
            if tag == "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif tag == "cellXfs":
                in_cell_xfs = False
            elif tag == "xf" and in_cell_xfs:
                fmt = int(element.get("numFmtId", "0"))
                code = custom.get(fmt, BUILTIN_FORMATS.get(fmt, ""))
                # 27–36 and 50–58 are the East Asian built-in date formats (年月日).
                if is_date_format(code) or 27 <= fmt <= 36 or 50 <= fmt <= 58:
                    dates.add(index)
                index += 1
    return dates


def _number(raw: str) -> int | float:
    value = float(raw)
    return int(value) if value.is_integer() and "E" not in raw.upper() and "." not in raw else value


def _value(cell: Element, strings: list[str], dates: set[int]) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next((c for c in cell if _local(c.tag) == "is"), None)
        return _text(inline) if inline is not None else None
    raw = next((c.text for c in cell if _local(c.tag) == "v"), None)
    if raw is None:
        return None
    if kind == "s":
        index = int(raw)
        return strings[index] if 0 <= index < len(strings) else None
    if kind == "b":
        return raw == "1"
    if kind in ("str", "e", "d"):
        return raw
    number = _number(raw)
    if int(cell.get("s", "0")) in dates:
        return from_excel(number)
    return number


def first_sheet_rows(content: IO[bytes], max_col: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(Excel row number, values of columns 1..max_col) for every row the sheet stores.

    :param content: the .xlsx file
    :param max_col: columns past this are skipped (a row claiming 16,384 columns stays small)
    """
    try:
        book = zipfile.ZipFile(content)
    except (zipfile.BadZipFile, OSError):
        raise XlsxError("not a zip archive") from None
    with book:
        workbook = "xl/workbook.xml"
        for rel_type, part in _relations(book, "").values():
            if rel_type == "officeDocument":
                workbook = part
        relations = _relations(book, workbook)
        sheets = (e for e in _elements(book, workbook) if _local(e.tag) == "sheet")
        first = next(sheets, None)
        sheet_rel = first.get(_REL) or first.get(_REL_STRICT) if first is not None else None
        sheets.close()
        if sheet_rel not in relations:
            raise XlsxError("the workbook has no sheet")
        parts = {kind: part for kind, part in relations.values()}
        strings = _shared_strings(book, parts.get("sharedStrings"))
        dates = _date_styles(book, parts.get("styles"))
        yield from _rows(book, relations[sheet_rel][1], strings, dates, max_col)


def _rows(
    book: zipfile.ZipFile, sheet: str, strings: list[str], dates: set[int], max_col: int
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    number = 0
    with _open(book, sheet) as part:
        for _, element in iterparse(part, events=("end",)):
            if _local(element.tag) != "row":
                continue
            number = int(element.get("r") or number + 1)
            values: list[Any] = [None] * max_col
            position = 0
            for cell in element:
                ref = cell.get("r")
                position = _column(ref) if ref else position + 1
                if position <= max_col:
                    values[position - 1] = _value(cell, strings, dates)
            element.clear()
            yield number, tuple(values)
