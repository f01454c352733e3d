"""What an uploaded .xlsx must keep to before any of it is parsed (zip bombs).

An .xlsx is a zip of XML parts, and XML of blank rows or repeated styles compresses a
thousandfold: a 40 KB upload can inflate to 40 MB of sheet and a 100 KB one to a 40 MB
styles part. The zip's directories say how large each part is once inflated (and Python's
zipfile never inflates past that), so limits on those figures are checked first:

* the number of parts, read from the end-of-directory record before the directory itself
  is loaded (zipfile builds an object per entry: 200,000 empty entries took 3.6 s and
  117 MB);
* each part's and all parts' inflated size, and the compression ratio of large parts.
"""

from __future__ import annotations

import struct
import zipfile
from typing import IO

MAX_PARTS = 1_000
MAX_PART_BYTES = 64_000_000  # a 50,000-row sheet of our own export layout is about 34 MB
MAX_TOTAL_BYTES = 160_000_000
MAX_RATIO = 100  # real sheets compress 5–25 times; blank rows and repeated styles 1,000
RATIO_FROM_BYTES = 1_000_000  # small parts may compress as well as they like

_END = b"PK\x05\x06"
_END_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_MAX_COMMENT = 0xFFFF


class XlsxError(ValueError):
    """The bytes are not a workbook this reader can open."""


class XlsxLimitError(XlsxError):
    """The workbook is larger once inflated than an import may be."""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def check_part_count(content: IO[bytes]) -> None:
    """Refuse an archive of more than MAX_PARTS entries, reading only its last record
    (found as zipfile finds it: at the very end, else the last signature in the tail)."""
    content.seek(0, 2)
    size = content.tell()
    content.seek(max(0, size - _END_SIZE - _MAX_COMMENT))
    tail = content.read()
    content.seek(0)
    at = len(tail) - _END_SIZE
    if at < 0 or tail[at : at + 4] != _END or tail[-2:] != b"\0\0":
        at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        raise XlsxError("not a zip archive")
    locator = at - _ZIP64_LOCATOR_SIZE
    if locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
        raise XlsxLimitError("it is a ZIP64 archive, which no sheet of an import needs")
    entries, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries > MAX_PARTS:
        raise XlsxLimitError(f"it has {entries:,} parts; at most {MAX_PARTS:,} are accepted")
    if directory_size > MAX_PARTS * 1_024:  # an entry is ~100 bytes; long names or extras
        raise XlsxLimitError("its table of contents is too large")


def check_inflated_sizes(book: zipfile.ZipFile) -> None:
    """Refuse parts that inflate too far: each, all together, and per compressed byte."""
    parts = book.infolist()
    if len(parts) > MAX_PARTS:  # the end record may understate; the directory decides
        raise XlsxLimitError(f"it has {len(parts):,} parts; at most {MAX_PARTS:,} are accepted")
    total = 0
    for part in parts:
        inflated = part.file_size
        if inflated > MAX_PART_BYTES:
            raise XlsxLimitError(
                f"{part.filename} is {_megabytes(inflated)} once uncompressed; "
                f"at most {_megabytes(MAX_PART_BYTES)} per part"
            )
        if inflated > RATIO_FROM_BYTES and inflated > MAX_RATIO * max(part.compress_size, 1):
            raise XlsxLimitError(
                f"{part.filename} inflates {inflated // max(part.compress_size, 1):,} times "
                f"({_megabytes(inflated)}), which no real sheet does; remove the empty rows "
                "and formatting, or save a fresh copy"
            )
        total += inflated
    if total > MAX_TOTAL_BYTES:
        raise XlsxLimitError(
            f"it is {_megabytes(total)} once uncompressed; at most {_megabytes(MAX_TOTAL_BYTES)}"
        )
