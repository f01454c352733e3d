"""Hostile .xlsx files built in the test (no binary fixtures): a valid talent sheet whose
one part is swapped for one that inflates far past its compressed size."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from tests.support.talent_sheets import sheet, talent_row

SHEET = "xl/worksheets/sheet1.xml"
STYLES = "xl/styles.xml"
_CHUNK = 1 << 20


def replace_part(content: bytes, name: str, pieces: Iterator[bytes]) -> bytes:
    """`content` with the part `name` written from `pieces` (streamed, deflated at level 9)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info))
        with target.open(name, "w") as part:
            for piece in pieces:
                part.write(piece)
    return out.getvalue()


def _sized(head: bytes, unit: bytes, tail: bytes, inflated: int) -> Iterator[bytes]:
    yield head
    batch = unit * (_CHUNK // len(unit))
    for _ in range(max(1, (inflated - len(head) - len(tail)) // len(batch))):
        yield batch
    yield tail


def blank_rows(content: bytes, rows: int, *, numbered: bool) -> Iterator[bytes]:
    """The sheet of `content` with `rows` empty rows stored after its own (row elements
    with nothing in them, as a sheet formatted far down stores them). Unnumbered rows
    compress a thousandfold; numbered ones (r="3", r="4", …) only about seven times."""
    xml = zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    head, tail = xml.split(b"</sheetData>")
    first = head.count(b"<row") + 1
    yield head
    for start in range(first, first + rows, 50_000):
        stop = min(start + 50_000, first + rows)
        if numbered:
            yield b"".join(b'<row r="%d"/>' % number for number in range(start, stop))
        else:
            yield b"<row/>" * (stop - start)
    yield b"</sheetData>" + tail


def blank_rows_bomb(inflated: int = 40_000_000, *, numbered: bool = False) -> bytes:
    """A one-talent sheet followed by empty rows up to about `inflated` bytes of sheet XML."""
    content = sheet([talent_row(1)])
    rows = inflated // len(b'<row r="1000000"/>' if numbered else b"<row/>")
    return replace_part(content, SHEET, blank_rows(content, rows, numbered=numbered))


def styles_bomb(inflated: int = 40_000_000) -> bytes:
    """A one-talent sheet whose styles part repeats one cell format up to `inflated` bytes."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<fonts count="1"><font><sz val="11"/></font></fonts>'
        b'<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        b'<borders count="1"><border/></borders><cellXfs>'
    )
    unit = b'<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
    tail = b"</cellXfs></styleSheet>"
    return replace_part(sheet([talent_row(1)]), STYLES, _sized(head, unit, tail, inflated))


def many_parts(parts: int) -> bytes:
    """A one-talent sheet plus `parts` empty members (a zip directory of that many entries)."""
    source = zipfile.ZipFile(io.BytesIO(sheet([talent_row(1)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        for index in range(parts):
            target.writestr(f"customXml/item{index}.xml", b"")
    return out.getvalue()
