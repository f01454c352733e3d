"""A streaming reader of the first sheet of an .xlsx: cell values row by row, with Excel's
row numbers.

Why not openpyxl's read-only mode (resolvers/files/xlsx.py read_rows): on sheets without a
<dimension> element (openpyxl's own write-only output, i.e. our exports) it parses the whole
sheet once just to size it, and it builds an object per inline string; a 10,000-row sheet
took 4 s where this takes well under one. openpyxl still supplies the date rules
(built-in and custom number formats) and the serial-to-date conversion.

Memory stays bounded whatever the file: the archive's inflated sizes are checked before
anything is parsed (resolvers/files/xlsx_guard.py), and every part goes through expat's
callbacks without building a tree: the reader holds one row, one cell's text (at most
Excel's 32,767 characters) and the shared strings, never a part. A row may hold at most
Excel's 16,384 cells, and a part with a DOCTYPE (entity expansion) is refused.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from functools import cache
from posixpath import dirname, join, normpath
from typing import IO, Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

from resolvers.files.xlsx_guard import (
    MAX_PART_BYTES,
    XlsxError,
    XlsxLimitError,
    check_inflated_sizes,
    check_part_count,
)

# What each kind of part may weigh once inflated (a sheet: MAX_PART_BYTES). Excel's own
# styles of a much-formatted workbook stay under a few MB; so do workbook.xml and rels.
MAX_STYLES_BYTES = 16_000_000
MAX_SMALL_PART_BYTES = 4_000_000
MAX_SHARED_STRINGS = 1_000_000
MAX_ROW_CELLS = 16_384  # Excel's last column, XFD
MAX_CELL_CHARS = 32_767  # Excel's longest cell text
MAX_LISTED = 10_000  # sheets of a workbook, relationships of a part
_CHUNK = 64 * 1024
# expat joins a namespace and a local name with this (attributes too: "<uri>}id").
_SEP = "}"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REL_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships}id"

__all__ = ["MAX_ROW_CELLS", "XlsxError", "XlsxLimitError", "first_sheet_rows"]

Attrs = dict[str, str]


@cache
def _local(name: str) -> str:
    return name.rpartition(_SEP)[2]


@cache
def _column(ref: str) -> int:
    """1-based column of a cell reference: B7 → 2."""
    return column_index_from_string(ref.rstrip("0123456789"))


def _open(book: zipfile.ZipFile, name: str, limit: int) -> IO[bytes]:
    try:
        info = book.getinfo(name)
    except KeyError:
        raise XlsxError(f"the workbook has no part {name}") from None
    if info.file_size > limit:
        raise XlsxLimitError(f"{name} is too large once uncompressed (at most {limit // 1_000_000} MB)")
    return book.open(info)


def _no_doctype(*_: object) -> None:
    raise XlsxError("a part declares a DOCTYPE, which no workbook does")


def _parser(start: Callable[[str, Attrs], None], end: Callable[[str], None] | None = None,
            text: Callable[[str], None] | None = None) -> Any:  # fmt: skip
    """An expat parser calling back with (name, attributes), (name) and character data."""
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    return parser


def _feed(parser: Any, part: IO[bytes], name: str) -> Iterator[None]:
    """Parse `part` a chunk at a time, pausing after each (so rows can be handed out)."""
    try:
        while chunk := part.read(_CHUNK):
            parser.Parse(chunk, False)
            yield
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise XlsxError(f"{name} is not well-formed XML ({error})") from None


def _parse(book: zipfile.ZipFile, name: str, limit: int, parser: Any) -> None:
    with _open(book, name, limit) as part:
        for _ in _feed(parser, part, name):
            pass


def _attributes(book: zipfile.ZipFile, name: str, tag: str) -> list[Attrs]:
    """The attributes of every element `tag` of a small part (workbook, relationships)."""
    found: list[Attrs] = []

    def start(element: str, attrs: Attrs) -> None:
        if _local(element) == tag:
            if len(found) >= MAX_LISTED:
                raise XlsxLimitError(f"{name} lists more than {MAX_LISTED:,} {tag} entries")
            found.append(attrs)

    _parse(book, name, MAX_SMALL_PART_BYTES, _parser(start))
    return found


def _relations(book: zipfile.ZipFile, owner: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type suffix, part name) of the part `owner`."""
    rels = join(dirname(owner), "_rels", owner.rsplit("/", 1)[-1] + ".rels")
    if rels not in book.NameToInfo:
        return {}
    found = {}
    for attrs in _attributes(book, rels, "Relationship"):
        target = attrs.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else normpath(join(dirname(owner), target))
        found[attrs.get("Id", "")] = (attrs.get("Type", "").rsplit("/", 1)[-1], part)
    return found


class _Text:
    """Collects the text of a shared or inline string: its <t> runs (directly or in rich
    text runs <r>), without phonetic hints (<rPh>), and at most MAX_CELL_CHARS of it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.collecting = False
        self.phonetic = 0

    def reset(self) -> None:
        self.parts, self.size, self.collecting, self.phonetic = [], 0, False, 0

    def start(self, tag: str) -> None:
        if tag == "rPh":
            self.phonetic += 1
        elif tag == "t" and not self.phonetic:
            self.collecting = True

    def end(self, tag: str) -> None:
        if tag == "rPh":
            self.phonetic -= 1
        elif tag == "t":
            self.collecting = False

    def add(self, data: str) -> None:
        if self.collecting:
            self.size += len(data)
            if self.size > MAX_CELL_CHARS:
                raise XlsxLimitError(f"a cell holds more than {MAX_CELL_CHARS:,} characters")
            self.parts.append(data)

    def value(self) -> str:
        return "".join(self.parts)


def _shared_strings(book: zipfile.ZipFile, name: str | None) -> list[str]:
    if name is None:
        return []
    strings: list[str] = []
    text = _Text()

    def start(element: str, _: Attrs) -> None:
        tag = _local(element)
        if tag == "si":
            text.reset()
        else:
            text.start(tag)

    def end(element: str) -> None:
        tag = _local(element)
        if tag == "si":
            if len(strings) == MAX_SHARED_STRINGS:
                raise XlsxLimitError(f"more than {MAX_SHARED_STRINGS:,} distinct texts in the workbook")
            strings.append(text.value())
        else:
            text.end(tag)

    _parse(book, name, MAX_PART_BYTES, _parser(start, end, text.add))
    return strings


def _date_styles(book: zipfile.ZipFile, name: str | None) -> set[int]:
    """Indexes of the cell formats (cellXfs) that show numbers as dates or times."""
    if name is None:
        return set()
    custom: dict[int, str] = {}
    dates: set[int] = set()
    state = {"in_cell_xfs": False, "index": 0}

    def start(element: str, attrs: Attrs) -> None:
        tag = _local(element)
        if tag == "numFmt":
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            state["in_cell_xfs"] = True
        elif tag == "xf" and state["in_cell_xfs"]:
            fmt = int(attrs.get("numFmtId", "0"))
            code = custom.get(fmt, BUILTIN_FORMATS.get(fmt, ""))
            # 27–36 and 50–58 are the East Asian built-in date formats (年月日).
            if is_date_format(code) or 27 <= fmt <= 36 or 50 <= fmt <= 58:
                dates.add(state["index"])
            state["index"] += 1

    def end(element: str) -> None:
        if _local(element) == "cellXfs":
            state["in_cell_xfs"] = False

    _parse(book, name, MAX_STYLES_BYTES, _parser(start, end))
    return dates


def _number(raw: str) -> int | float:
    value = float(raw)
    return int(value) if value.is_integer() and "E" not in raw.upper() and "." not in raw else value


def _value(kind: str, style: str, raw: str | None, strings: list[str], dates: set[int]) -> Any:
    """A cell's value from its type (t), style (s) and <v> text (inline strings aside)."""
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
    if int(style or "0") in dates:
        try:
            return from_excel(number)
        except (OverflowError, ValueError):  # no date that far: leave the number to the checks
            return number
    return number


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class _SheetRows:
    """expat callbacks turning a sheet's XML into (row number, values) tuples."""

    def __init__(
        self, strings: list[str], dates: set[int], max_col: int, header_col: int | None = None
    ) -> None:
        self.strings, self.dates, self.max_col = strings, dates, max_col
        # Until the first row holding a value (the header) is read, columns up to header_col
        # are read too, into `wide`: a header's every name is seen, a data row stays narrow.
        self.header_col = max(header_col or max_col, max_col)
        self.header_seen = header_col is None
        self.wide: dict[int, Any] = {}
        self.ready: list[tuple[int, tuple[Any, ...]]] = []
        self.number = 0
        self.values: list[Any] | None = None
        self.position = self.cells = 0
        self.cell: Attrs | None = None  # the open cell, when its column is read
        self.in_value = self.inline = False
        self.raw: list[str] = []
        self.text = _Text()

    def start(self, element: str, attrs: Attrs) -> None:
        tag = _local(element)
        if tag == "row":
            self.number = int(attrs.get("r") or self.number + 1)
            self.values, self.position, self.cells = [None] * self.max_col, 0, 0
        elif tag == "c" and self.values is not None:
            self.cells += 1
            if self.cells > MAX_ROW_CELLS:
                raise XlsxLimitError(f"row {self.number} has more than {MAX_ROW_CELLS:,} cells")
            ref = attrs.get("r")
            self.position = _column(ref) if ref else self.position + 1
            limit = self.max_col if self.header_seen else self.header_col
            self.cell = attrs if self.position <= limit else None
            self.raw, self.inline = [], False
            self.text.reset()
        elif self.cell is not None:
            if tag == "v":
                self.in_value = True
            elif tag == "is":
                self.inline = True
            else:
                self.text.start(tag)

    def end(self, element: str) -> None:
        tag = _local(element)
        if tag == "c":
            if self.cell is not None and self.values is not None:
                if self.position <= self.max_col:
                    self.values[self.position - 1] = self._cell_value(self.cell)
                else:
                    self.wide[self.position] = self._cell_value(self.cell)
            self.cell = None
        elif tag == "row" and self.values is not None:
            values = self.values
            if not self.header_seen:
                wide = {position: value for position, value in self.wide.items() if _filled(value)}
                self.wide = {}
                if wide:  # a blank row stays narrow, however far its empty cells reach
                    values = values + [None] * (max(wide) - self.max_col)
                    for position, value in wide.items():
                        values[position - 1] = value
                self.header_seen = bool(wide) or any(_filled(value) for value in values)
            self.ready.append((self.number, tuple(values)))
            self.values = None
        elif self.cell is not None:
            if tag == "v":
                self.in_value = False
            else:
                self.text.end(tag)

    def add(self, data: str) -> None:
        if self.cell is None:
            return
        if self.in_value:
            if sum(map(len, self.raw)) + len(data) > MAX_CELL_CHARS:
                raise XlsxLimitError(f"a cell holds more than {MAX_CELL_CHARS:,} characters")
            self.raw.append(data)
        else:
            self.text.add(data)

    def _cell_value(self, attrs: Attrs) -> Any:
        kind = attrs.get("t", "n")
        if kind == "inlineStr":
            return self.text.value() if self.inline else None
        raw = "".join(self.raw) if self.raw else None
        return _value(kind, attrs.get("s", "0"), raw, self.strings, self.dates)


def first_sheet_rows(
    content: IO[bytes], max_col: int, header_col: int | None = None
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(Excel row number, values of columns 1..max_col) for every row the sheet stores,
    blank ones included (the caller counts them against its row limit).

    :param content: the .xlsx file
    :param max_col: columns past this are skipped (a row claiming 16,384 columns stays small)
    :param header_col: the first row holding a value (the header) is read up to this column
        instead (as wide as its last value), so a name far to the right is seen, not skipped
    :raises XlsxLimitError: the archive inflates past the limits of xlsx_guard, a part past
        its own, or a row or cell holds more than Excel allows
    """
    check_part_count(content)
    try:
        book = zipfile.ZipFile(content)
    except (zipfile.BadZipFile, OSError):
        raise XlsxError("not a zip archive") from None
    with book:
        check_inflated_sizes(book)
        workbook = "xl/workbook.xml"
        for rel_type, part in _relations(book, "").values():
            if rel_type == "officeDocument":
                workbook = part
        relations = _relations(book, workbook)
        sheets = _attributes(book, workbook, "sheet")
        first = sheets[0] if sheets else None
        sheet_rel = first.get(_REL) or first.get(_REL_STRICT) if first is not None else None
        if sheet_rel not in relations:
            raise XlsxError("the workbook has no sheet")
        parts = {kind: part for kind, part in relations.values()}
        strings = _shared_strings(book, parts.get("sharedStrings"))
        dates = _date_styles(book, parts.get("styles"))
        rows = _SheetRows(strings, dates, max_col, header_col)
        with _open(book, relations[sheet_rel][1], MAX_PART_BYTES) as sheet:
            for _ in _feed(_parser(rows.start, rows.end, rows.add), sheet, relations[sheet_rel][1]):
                yield from rows.ready
                rows.ready.clear()
            yield from rows.ready
