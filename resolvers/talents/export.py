"""Export of a talents list (人才导出) as .xlsx, in the layout the import reads.

The rows are exactly those of the `talents` connection for the same filter (the same
scope helper and filter columns), masked as the caller would see them in GraphQL.
Rows are read in keyset batches of plain values, so a 100,000-row export never holds
ORM objects for the whole list.

Custom fields (自定义字段): after the fixed columns, one column per custom field that applies
to the exported rows: the active Talent definitions of every jurisdiction a row is kept in,
of its city and of its province (resolvers/customfields/sheets.py `kept_in`). A county clerk
exporting its county gets the county's, the city's and the province's fields and never a
sibling county's; a city office exporting all its counties gets the city's and province's
fields plus each county's that has a row in the export (an export without rows has none).
Headers are the labels (`label（key）` where labels clash), cells read as people write them
(是/否, the enum option, ISO dates), and personal ones go through the same `shown_values` as
the GraphQL `customFields` field: masked without pii:read, and an unmasked read recorded
for the audit trail like the ID number and phone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from tortoise.queryset import QuerySet

from permissions.audit import audit
from permissions.delegation import common_jurisdiction, home_jurisdiction
from permissions.masking import mask_id_number, mask_phone, reveal
from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError
from resolvers.customfields.sheets import SheetColumn, cell_value, kept_in, sheet_columns
from resolvers.customfields.values import shown_values
from resolvers.files.reports import XLSX, save_report
from resolvers.files.xlsx import SheetWriter
from resolvers.listing.filtering import FilterInput, compile_filter
from resolvers.talents.records import TALENTS
from schema.models import Employer, Report, TalentCategory
from schema.models.enums import Gender, ReportKind

# The one sheet layout shared by export and import (人才信息表): header text, in order.
TALENT_SHEET_TITLE = "人才信息"
TALENT_SHEET_COLUMNS: tuple[str, ...] = (
    "姓名",
    "性别",
    "证件号码",
    "手机号码",
    "所在区划代码",
    "人才类别代码",
    "工作单位",
    "统一社会信用代码",
    "引进日期",
)
GENDER_LABELS: dict[Gender, str] = {Gender.MALE: "男", Gender.FEMALE: "女"}
GENDER_BY_LABEL: dict[str, Gender] = {label: gender for gender, label in GENDER_LABELS.items()}

MAX_ROWS = 100_000
BATCH = 2_000
_VALUES = (
    "id",
    "name",
    "gender",
    "id_number",
    "phone",
    "jurisdiction_id",
    "employer_id",
    "category_id",
    "introduced_on",
    "custom_fields",
)


@dataclass(frozen=True, slots=True)
class _Row:
    """The columns masking needs to know a row's scopes (see permissions.resources)."""

    id: int
    jurisdiction_id: str
    employer_id: int | None
    custom_fields: dict[str, Any]

    @property
    def pk(self) -> int:
        return self.id


def _matching(ctx: RequestContext, flt: FilterInput | None) -> QuerySet:
    """What the `talents` connection answers for the same filter: same scope, same columns."""
    found = compile_filter(flt, TALENTS.filters, model=TALENTS.model)
    return visible(TALENTS.model, ctx.perms, TALENTS.resource).filter(found)


async def _batches(qs: QuerySet) -> AsyncIterator[list[dict[str, Any]]]:
    """The rows of `qs` in id order, BATCH at a time (keyset: each batch starts after the last id)."""
    last = 0
    while True:
        rows = await qs.filter(id__gt=last).order_by("id").limit(BATCH).values(*_VALUES)
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]


async def _lookups(ctx: RequestContext, rows: list[dict[str, Any]]) -> tuple[dict, dict]:
    """Employers and categories of a batch that the caller may see (as the nested fields
    `employer` / `category` would answer: null when out of scope)."""
    employer_ids = {r["employer_id"] for r in rows if r["employer_id"] is not None}
    category_ids = {r["category_id"] for r in rows if r["category_id"] is not None}
    employers = {}
    if employer_ids:
        found = (
            await visible(Employer, ctx.perms, "employer")
            .filter(id__in=sorted(employer_ids))
            .values_list("id", "name", "credit_code")
        )
        employers = {key: (name, code) for key, name, code in found}
    categories = {}
    if category_ids:
        found = (
            await visible(TalentCategory, ctx.perms, "talent_category")
            .filter(id__in=sorted(category_ids))
            .values_list("id", "code")
        )
        categories = dict(found)
    return employers, categories


async def _line(
    ctx: RequestContext, r: dict[str, Any], employers: dict, categories: dict, custom: list[SheetColumn]
) -> list[Any]:
    stored = r["custom_fields"] if isinstance(r["custom_fields"], dict) else {}
    row = _Row(r["id"], r["jurisdiction_id"], r["employer_id"], stored)
    employer_name, credit_code = employers.get(r["employer_id"], (None, None))
    id_number = reveal(ctx.perms, ctx.pii, "talent", row, "idNumber", r["id_number"], mask_id_number)
    phone = reveal(ctx.perms, ctx.pii, "talent", row, "phone", r["phone"], mask_phone)
    # The GraphQL field's own masking (and its record of unmasked reads).
    shown = await shown_values(ctx, "Talent", row) if custom and stored else {}
    return [
        r["name"],
        GENDER_LABELS.get(Gender(r["gender"]), r["gender"]),
        id_number,
        phone,
        r["jurisdiction_id"],
        categories.get(r["category_id"]),
        employer_name,
        credit_code,
        r["introduced_on"],
        *(cell_value(shown.get(column.key)) for column in custom),
    ]


async def custom_columns(matching: QuerySet) -> list[SheetColumn]:
    """The custom-field columns of an export: those applying where its rows are kept."""
    places = await matching.distinct().values_list("jurisdiction_id", flat=True)
    definitions = await kept_in("Talent", [str(p) for p in places])
    return sheet_columns(definitions, TALENT_SHEET_COLUMNS)


async def export_talents(ctx: RequestContext, flt: FilterInput | None) -> Report:
    """An .xlsx of every talent the caller may see under `flt`, stored for the caller."""
    principal = ctx.require_principal()
    matching = _matching(ctx, flt)
    total = await matching.count()
    if total > MAX_ROWS:
        raise UserError(
            "filter",
            ErrorCode.LIMIT_EXCEEDED,
            f"符合条件的人才有 {total} 人，每次最多导出 {MAX_ROWS} 人，请缩小筛选范围",
            f"{total} talents match; an export takes at most {MAX_ROWS} (narrow the filter)",
        )
    places: set[str] = set()
    custom = await custom_columns(matching)
    headers = (*TALENT_SHEET_COLUMNS, *(column.header for column in custom))
    with SheetWriter(headers, TALENT_SHEET_TITLE) as sheet:
        async for rows in _batches(matching):
            places.update(r["jurisdiction_id"] for r in rows)
            employers, categories = await _lookups(ctx, rows)
            sheet.extend([await _line(ctx, r, employers, categories, custom) for r in rows])
            if sheet.rows > MAX_ROWS:  # rows added since the count
                raise UserError(
                    "filter",
                    ErrorCode.LIMIT_EXCEEDED,
                    f"每次最多导出 {MAX_ROWS} 人，请缩小筛选范围",
                    f"an export takes at most {MAX_ROWS} talents",
                )
        content = sheet.to_bytes()
    report = await save_report(
        principal.user_id, ReportKind.TALENT_EXPORT, "人才名册.xlsx", XLSX, content, sheet.rows
    )
    await audit(
        ctx.actor,
        "exportTalents",
        "report",
        report.id,
        after={"rows": sheet.rows, "filter": describe_filter(flt)},
        # The area the exported people live in, so that area's auditor sees who took them.
        jurisdiction_code=common_jurisdiction(sorted(places)) if places
        else await home_jurisdiction(list(principal.perms.grants)),
    )
    return report


def describe_filter(flt: object) -> object:
    """The filter input as plain JSON for the audit trail (unset fields left out)."""
    if flt is None:
        return None
    if isinstance(flt, list):
        return [describe_filter(f) for f in flt]
    if hasattr(flt, "__dataclass_fields__"):
        out = {}
        for name in flt.__dataclass_fields__:
            value = describe_filter(getattr(flt, name))
            if value is not None:
                out[name.rstrip("_")] = value
        return out or None
    if hasattr(flt, "isoformat"):
        return flt.isoformat()
    return getattr(flt, "value", flt)
