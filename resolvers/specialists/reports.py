"""Two reports over specialists: the anonymous public list (公示) and the compliance report
(每个部门、窗口至少2名在岗专员). Both are a few hand-written statements: the list is read by
anyone, the report covers every department and window of a province at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from permissions.scopes import jur, prefix_range
from resolvers.core.context import RequestContext
from resolvers.core.errors import forbidden
from resolvers.core.ids import encode_id
from resolvers.core.validation import check_jurisdiction_code
from schema.models.enums import SpecialistKind, SpecialistStatus
from schema.sql import fetch, marks

MAX_PUBLIC = 500
REQUIRED_ACTIVE = 2

# Only the columns a notice shows: never the mobile, the user or anyone's id.
PUBLIC = """
SELECT s.id, s.name, s.kind, s.office_phone, s.jurisdiction_id, j.name AS jurisdiction_name,
       COALESCE(d.name, w.name, e.name) AS organization_name
FROM specialist s
JOIN jurisdiction j ON j.code = s.jurisdiction_id
LEFT JOIN department d ON d.id = s.department_id
LEFT JOIN service_window w ON w.id = s.window_id
LEFT JOIN employer e ON e.id = s.employer_id
WHERE s.status = ? AND s.jurisdiction_id >= ? AND s.jurisdiction_id < ?
ORDER BY s.jurisdiction_id, s.kind, organization_name, s.id
LIMIT ? OFFSET ?"""

PUBLIC_ITEMS = """
SELECT si.specialist_id, i.code, i.name
FROM specialist_item si JOIN service_item i ON i.id = si.serviceitem_id
WHERE si.specialist_id IN ({ids})
ORDER BY i.code, i.id"""

# One organisation table's rows with their count of active specialists of the matching
# kind; LEFT JOIN so an organisation with none shows 0.
_COUNTED = """
SELECT '{kind}' AS kind, o.id AS id, o.name AS name, o.jurisdiction_id AS jurisdiction_id,
       j.name AS jurisdiction_name, COUNT(s.id) AS active_count
FROM {table} o
JOIN jurisdiction j ON j.code = o.jurisdiction_id
LEFT JOIN specialist s ON s.{column} = o.id AND s.kind = '{kind}' AND s.status = ?
WHERE o.jurisdiction_id >= ? AND o.jurisdiction_id < ?
GROUP BY o.id, o.name, o.jurisdiction_id, j.name"""
# Every department and every window under the code.
COMPLIANCE = f"""
SELECT * FROM ({_COUNTED.format(kind="HANDLING", table="department", column="department_id")}
UNION ALL {_COUNTED.format(kind="WINDOW", table="service_window", column="window_id")}) report
ORDER BY jurisdiction_id, kind, name, id"""


@dataclass(frozen=True)
class PublicEntry:
    name: str
    kind: SpecialistKind
    organization_name: str | None
    office_phone: str | None
    jurisdiction_code: str
    jurisdiction_name: str
    items: list[tuple[str, str]]  # (code, name)


async def public_specialists(
    jurisdiction_code: str | None, first: int | None, offset: int | None
) -> list[PublicEntry]:
    """Active specialists (under `jurisdiction_code` if given), at most MAX_PUBLIC a page."""
    code = check_jurisdiction_code(jurisdiction_code) if jurisdiction_code else None
    low, high = prefix_range(code) if code else ("0", ":")  # ':' sorts after every digit
    limit = max(0, min(first if first is not None else MAX_PUBLIC, MAX_PUBLIC))
    rows = await fetch(PUBLIC, [SpecialistStatus.ACTIVE.value, low, high, limit, max(0, offset or 0)])
    items: dict[int, list[tuple[str, str]]] = {}
    if rows:
        ids = [r["id"] for r in rows]
        for link in await fetch(PUBLIC_ITEMS.format(ids=marks(len(ids))), ids):
            items.setdefault(link["specialist_id"], []).append((link["code"], link["name"]))
    return [
        PublicEntry(
            r["name"],
            SpecialistKind(r["kind"]),
            r["organization_name"],
            r["office_phone"],
            r["jurisdiction_id"],
            r["jurisdiction_name"],
            items.get(r["id"], []),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class ComplianceRow:
    organization_id: str  # global ID of the Department or ServiceWindow
    organization_name: str
    kind: SpecialistKind
    jurisdiction_code: str
    jurisdiction_name: str
    active_count: int
    required: int = REQUIRED_ACTIVE

    @property
    def compliant(self) -> bool:
        return self.active_count >= self.required


async def specialist_compliance(
    ctx: RequestContext, jurisdiction_code: str, only_short: bool = False
) -> list[ComplianceRow]:
    """Every department and window under the code; the caller reads specialists there."""
    code = check_jurisdiction_code(jurisdiction_code)
    if not ctx.perms.allows("specialist", "read", [jur(code)]):
        raise forbidden(
            "jurisdictionCode",
            "您无权查看该区划的服务专员",
            "you may not read the specialists of this jurisdiction",
        )
    low, high = prefix_range(code)
    active = SpecialistStatus.ACTIVE.value
    rows = await fetch(COMPLIANCE, [active, low, high, active, low, high])
    report = [_row(r) for r in rows]
    return [r for r in report if not r.compliant] if only_short else report


def _row(r: dict[str, Any]) -> ComplianceRow:
    kind = SpecialistKind(r["kind"])
    type_name = "Department" if kind == SpecialistKind.HANDLING else "ServiceWindow"
    return ComplianceRow(encode_id(type_name, r["id"]), r["name"], kind, r["jurisdiction_id"],
                         r["jurisdiction_name"], int(r["active_count"]))  # fmt: skip
