"""Custom fields in spreadsheets (自定义字段列): the columns an export writes and an import
reads, the headers they carry and how a value looks in a cell.

* One column per key. Keys are unique along a line of jurisdictions (a county, its city,
  its province), so a record has at most one definition per key; two sibling counties may
  use the same key, and then they share the column. Columns come in the order of their
  definitions (province, city, county; oldest first).
* A column's header is its label (the first definition's), or `label（key）` when another
  column of the same sheet has that label or it is one of the sheet's own headers. An
  import also takes `label（key）` for any column, so a sheet exported by a county office
  (plain labels) and one exported by its city (qualified where the counties' labels clash)
  both load.
* Cells are for people: 是/否 for booleans, the option itself for enums, ISO dates as text,
  numbers as numbers. An import reads them back (and what Excel turns typed text into),
  then the values go through the same checks as a GraphQL write (values.check_values).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from permissions.compiled import CompiledPermissions
from permissions.scopes import EVERYWHERE, ancestors, jurisdiction_prefix
from resolvers.customfields.definitions import TARGETS
from schema.models import CustomFieldDefinition, Employer
from schema.models.enums import CustomFieldKind, CustomFieldStatus

YES, NO = "是", "否"
_TRUE = {YES, "TRUE", "Y", "YES", "1"}
_FALSE = {NO, "FALSE", "N", "NO", "0"}


@dataclass(frozen=True)
class SheetColumn:
    key: str
    label: str
    header: str  # what an export writes
    definitions: tuple[CustomFieldDefinition, ...]

    @property
    def qualified(self) -> str:
        return qualified(self.label, self.key)

    def applying(self, code: str) -> CustomFieldDefinition | None:
        """The column's definition for a record kept in `code` (None: it does not apply there)."""
        line = ancestors(code) if code else []
        return next((d for d in self.definitions if d.jurisdiction_id in line), None)


def qualified(label: str, key: str) -> str:
    return f"{label}（{key}）"


def sheet_columns(
    definitions: Iterable[CustomFieldDefinition], reserved: Collection[str] = ()
) -> list[SheetColumn]:
    """The columns of a set of definitions, next to a sheet's own headers `reserved`."""
    groups: dict[str, list[CustomFieldDefinition]] = {}
    for definition in sorted(definitions, key=lambda d: (d.jurisdiction_id, d.id)):
        groups.setdefault(definition.key, []).append(definition)
    labels = Counter(found[0].label for found in groups.values())
    columns = []
    for key, found in groups.items():
        label = found[0].label
        plain = labels[label] == 1 and label not in reserved
        columns.append(SheetColumn(key, label, label if plain else qualified(label, key), tuple(found)))
    return columns


def header_map(columns: Iterable[SheetColumn], reserved: Collection[str] = ()) -> dict[str, SheetColumn]:
    """Every header an import takes → its column: the header an export writes, and the
    qualified `label（key）` of every column. A text naming two columns names neither."""
    found: dict[str, SheetColumn | None] = {}
    for column in columns:
        for text in dict.fromkeys((column.header, column.qualified)):
            if text in reserved:
                continue
            found[text] = column if found.get(text, column) is column else None
    return {text: column for text, column in found.items() if column is not None}


# ---- which definitions a sheet carries ----------------------------------------------------------


def _active(type_name: str) -> Any:
    return CustomFieldDefinition.filter(target_type=type_name, status=CustomFieldStatus.ACTIVE)


async def kept_in(type_name: str, codes: Iterable[str]) -> list[CustomFieldDefinition]:
    """The active definitions that apply to records kept in any of `codes` (an export: the
    jurisdictions of its rows)."""
    places = sorted({place for code in codes if code for place in ancestors(code)})
    if not places:
        return []
    return await _active(type_name).filter(jurisdiction_id__in=places).order_by("jurisdiction_id", "id")


async def in_scopes(type_name: str, perms: CompiledPermissions, action: str) -> list[CustomFieldDefinition]:
    """The active definitions of the places where the caller may `action` records of the type
    (an import: `create`): for a `jur:` scope those of the place, above it and under it; for
    an `org:` scope those applying in the unit's county; everything for `*`."""
    scopes = perms.scopes_for(TARGETS[type_name], action)
    if EVERYWHERE in scopes:
        return await _active(type_name).order_by("jurisdiction_id", "id")
    places = {value for kind, _, value in (s.partition(":") for s in scopes) if kind == "jur"}
    units = [int(value) for kind, _, value in (s.partition(":") for s in scopes) if kind == "org"]
    if units:
        kept = await Employer.filter(id__in=units).values_list("jurisdiction_id", flat=True)
        places |= {str(code) for code in kept}
    if not places:
        return []
    where = Q(jurisdiction_id__in=sorted({p for code in places for p in ancestors(code)}))
    for code in sorted(places):
        where |= Q(jurisdiction_id__startswith=jurisdiction_prefix(code))
    return await _active(type_name).filter(where).order_by("jurisdiction_id", "id")


# ---- cells ----------------------------------------------------------------------------------------


def cell_value(value: Any) -> Any:
    """A stored (or masked) value as a cell shows it."""
    if value is None or (isinstance(value, (int, float, str)) and not isinstance(value, bool)):
        return value
    if isinstance(value, bool):
        return YES if value else NO
    return json.dumps(value, ensure_ascii=False)


def _plain_number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def read_cell(definition: CustomFieldDefinition, cell: Any) -> Any:
    """A cell as the value to check (None: left blank). What cannot be read as the field's
    kind is handed on as it is, so the check names the problem in the usual words."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    kind = definition.kind
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if kind == CustomFieldKind.BOOLEAN:
        text = str(cell).strip().upper() if not isinstance(cell, bool) else None
        return True if text in _TRUE else False if text in _FALSE else cell
    if kind == CustomFieldKind.NUMBER:
        if isinstance(cell, str):
            try:
                return _plain_number(float(cell.strip().replace(",", "")))
            except ValueError:
                return cell
        return cell
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float):
        return str(_plain_number(cell))
    if isinstance(cell, (bool, int)):
        return (YES if cell else NO) if isinstance(cell, bool) else str(cell)
    return cell.strip() if isinstance(cell, str) and kind != CustomFieldKind.TEXT else cell
