"""Checking the rows of a talent import (人才导入校验) against the database and the
importer's scope. Pure functions over references prefetched once per import (places,
categories) and once per chunk (existing talents by ID number, employers by credit code),
so a chunk of 500 rows costs two queries, not one per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from permissions.compiled import CompiledPermissions
from permissions.scopes import ancestors, jur, jurisdiction_prefix, org, talent
from resolvers.core.errors import UserError
from resolvers.core.validation import check_credit_code, check_name, check_phone, check_resident_id
from resolvers.customfields.sheets import SheetColumn, header_map, in_scopes, read_cell, sheet_columns
from resolvers.customfields.values import FIELD as CUSTOM_FIELD
from resolvers.customfields.values import check_values, rehome
from resolvers.talents.export import GENDER_BY_LABEL, TALENT_SHEET_COLUMNS
from resolvers.talents.imports.sheet import ERROR_COLUMN, SheetRow
from resolvers.talents.registration import ALREADY_REGISTERED
from schema.clock import china_today
from schema.models import CustomFieldDefinition, Employer, Jurisdiction, Talent, TalentCategory
from schema.models.enums import CustomFieldStatus, Gender, JurisdictionLevel

# The mutable columns an import sets, in the order of the UPDATE statement.
TALENT_COLUMNS = (
    "name", "gender", "birth_date", "phone", "jurisdiction_id", "category_id", "employer_id", "introduced_on",
)  # fmt: skip
_GENDERS = {**GENDER_BY_LABEL, "MALE": Gender.MALE, "FEMALE": Gender.FEMALE}
_FIXED = len(TALENT_SHEET_COLUMNS)
RESERVED_HEADERS = (*TALENT_SHEET_COLUMNS, ERROR_COLUMN)


async def import_columns(perms: CompiledPermissions) -> dict[str, SheetColumn]:
    """The custom-field columns an importer's sheet may carry, by every header they may have:
    the fields of the places where the importer may create talents (above and under them)."""
    columns = sheet_columns(await in_scopes("Talent", perms, "create"), RESERVED_HEADERS)
    return header_map(columns, RESERVED_HEADERS)


@dataclass
class Places:
    """Reference data loaded once per import (a few thousand rows at most)."""

    levels: dict[str, JurisdictionLevel]
    categories: dict[str, tuple[int, str]]  # code → (id, owning jurisdiction code)
    custom_fields: list[CustomFieldDefinition] = field(default_factory=list)  # active, for talents
    retired_fields: list[CustomFieldDefinition] = field(default_factory=list)  # retired, for talents
    _applying: dict[str, list[CustomFieldDefinition]] = field(default_factory=dict)

    @classmethod
    async def load(cls) -> Places:
        levels = dict(await Jurisdiction.all().values_list("code", "level"))
        rows = await TalentCategory.all().values_list("code", "id", "jurisdiction_id")
        definitions = await CustomFieldDefinition.filter(target_type="Talent").order_by(
            "jurisdiction_id", "id"
        )
        return cls(
            levels={code: JurisdictionLevel(level) for code, level in levels.items()},
            categories={code: (key, place) for code, key, place in rows},
            custom_fields=[d for d in definitions if d.status == CustomFieldStatus.ACTIVE],
            retired_fields=[d for d in definitions if d.status != CustomFieldStatus.ACTIVE],
        )

    def applying(self, code: str) -> list[CustomFieldDefinition]:
        """The custom fields of talents kept in `code` (what `applicable` answers for it)."""
        found = self._applying.get(code)
        if found is None:
            line = ancestors(code)
            found = self._applying[code] = [d for d in self.custom_fields if d.jurisdiction_id in line]
        return found

    def applying_any(self, code: str) -> list[CustomFieldDefinition]:
        """Every custom field of talents kept in `code`, retired ones too (what a moved
        talent's stored values may keep: resolvers/customfields/values.py `rehome`)."""
        line = ancestors(code)
        return [*self.applying(code), *(d for d in self.retired_fields if d.jurisdiction_id in line)]


@dataclass
class ChunkRefs:
    """Existing talents and employers named by one chunk of rows."""

    talents: dict[str, dict[str, Any]]
    employers: dict[str, dict[str, Any]]

    @classmethod
    async def load(cls, id_numbers: set[str], credit_codes: set[str]) -> ChunkRefs:
        talents = await Talent.filter(id_number__in=sorted(id_numbers)).values(
            "id", "id_number", "employer__credit_code", "custom_fields", *TALENT_COLUMNS
        ) if id_numbers else []  # fmt: skip
        employers = await Employer.filter(credit_code__in=sorted(credit_codes)).values(
            "id", "credit_code", "name", "jurisdiction_id"
        ) if credit_codes else []  # fmt: skip
        return cls(
            talents={row["id_number"]: row for row in talents},
            employers={row["credit_code"]: row for row in employers},
        )


@dataclass
class TalentPlan:
    """What one valid row writes: a new talent, or the changes to an existing one."""

    row: SheetRow
    values: dict[str, Any]  # TALENT_COLUMNS except employer_id, plus id_number and custom_fields
    credit_code: str | None  # the employer, resolved to an id when written
    existing: dict[str, Any] | None = None
    changed: bool = True


@dataclass
class ImportState:
    """What the rows of one file have told so far (duplicates, employers new in this file)."""

    seen: dict[str, int] = field(default_factory=dict)  # ID number → first row number
    new_employers: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (name, place)


def _text(value: Any) -> str:
    """A cell as text: numbers typed into Excel (phones, codes) lose their `.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _name_problem(name: str, column: str, problems: list[str]) -> None:
    """The rules of names typed in forms (resolvers/core/validation.py) hold for sheets too."""
    try:
        check_name(name, column)
    except UserError as error:
        problems.append(f"{column}: {error.message}")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).split("T")[0].split(" ")[0].rstrip("日")
    for separator in ("/", ".", "年", "月"):  # 2024/3/1, 2024.3.1, 2024年3月1日
        text = text.replace(separator, "-")
    if text.count("-") == 2:
        year, month, day = text.split("-")
        text = f"{year}-{month.zfill(2)}-{day.zfill(2)}"
    try:
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("引进日期: 应为日期，如 2024-03-01") from None


class RowChecker:
    """Checks rows one chunk at a time; messages name the column (中文) and the rule."""

    def __init__(
        self, places: Places, perms: CompiledPermissions, state: ImportState,
        custom: Sequence[tuple[str, SheetColumn]] = (),
    ) -> None:  # fmt: skip
        """:param custom: the sheet's custom-field columns after the fixed ones: (header as
        written, column)."""
        self.places = places
        self.perms = perms
        self.state = state
        self.custom = list(custom)
        self.header_of = {column.key: header for header, column in self.custom}
        self.today = china_today()

    @staticmethod
    def keys(rows: list[SheetRow]) -> tuple[set[str], set[str]]:
        """The ID numbers and credit codes a chunk names (normalised as the checks do)."""
        ids = {_text(r.cells[2]).replace(" ", "").upper() for r in rows}
        codes = {_text(r.cells[7]).replace(" ", "").upper() for r in rows}
        return ids - {""}, codes - {""}

    def check(self, row: SheetRow, refs: ChunkRefs) -> TalentPlan | list[str]:
        problems: list[str] = []
        values: dict[str, Any] = {}
        name, gender, id_number, phone, place, category, employer, credit, introduced = row.cells[:_FIXED]
        name = _text(name)
        if not name:
            problems.append("姓名: 必填")
        elif len(name) > 64:
            problems.append("姓名: 最多 64 个字符")
        else:
            _name_problem(name, "姓名", problems)
        values["name"] = name
        self._identity(row, _text(id_number), _text(gender).upper(), values, problems)
        values["phone"] = None
        if _text(phone):
            try:
                values["phone"] = check_phone(_text(phone))
            except UserError as error:
                problems.append(f"手机号码: {error.message}")
        code = _text(place)
        values["jurisdiction_id"] = code
        if not code:
            problems.append("所在区划代码: 必填")
        elif code not in self.places.levels:
            problems.append(f"所在区划代码: {code} 不是已知的行政区划")
        elif self.places.levels[code] != JurisdictionLevel.COUNTY:
            problems.append(f"所在区划代码: {code} 不是县（区）级区划，人才须归属县（区）")
        values["category_id"] = self._category(_text(category), code, problems)
        values["introduced_on"] = self._introduced(introduced, problems)
        credit_code = self._employer(_text(employer), _text(credit), code, refs, problems)
        known = refs.talents.get(values.get("id_number", ""))
        county = self.places.levels.get(code) == JurisdictionLevel.COUNTY
        # A known talent moved to another county: its values follow the new county's fields.
        moved = known is not None and county and known["jurisdiction_id"] != code
        if known is not None and not self.custom:
            # A sheet without custom-field columns leaves a known talent's alone (as an
            # updateTalent without customFields does), but for what a move drops or refuses.
            stored = known.get("custom_fields") or {}
            values["custom_fields"] = self._rehome(code, stored, {}, problems) if moved else stored
        elif county:
            stored = known.get("custom_fields") if known is not None else None
            values["custom_fields"] = self._custom(row.cells[_FIXED:], code, stored, problems, moved)
        if problems:
            return problems
        existing = refs.talents.get(values["id_number"])
        plan = TalentPlan(row, values, credit_code, existing)
        denied = self._denied(plan, refs)
        if denied:
            return [denied]
        if credit_code and credit_code not in refs.employers:
            # the first valid row naming a new employer registers it, in its own county
            self.state.new_employers.setdefault(credit_code, (_text(employer), values["jurisdiction_id"]))
        if existing is not None:
            plan.changed = self._changes(plan)
        return plan

    def _identity(
        self, row: SheetRow, id_number: str, gender: str, values: dict[str, Any], problems: list[str]
    ) -> None:
        """ID number (GB 11643 checksum, once per file) and the gender it encodes."""
        try:
            resident = check_resident_id(id_number, "证件号码", today=self.today)
        except UserError as error:
            problems.append(f"证件号码: {error.message}")
            return
        values.update(id_number=resident.number, birth_date=resident.birth_date, gender=resident.gender)
        first = self.state.seen.setdefault(resident.number, row.number)
        if first != row.number:
            problems.append(f"证件号码: 与第{first}行的证件号码重复")
        if gender and _GENDERS.get(gender) is None:
            problems.append("性别: 应填“男”或“女”")
        elif gender and _GENDERS[gender] != resident.gender:
            problems.append("性别: 与身份证号不符")

    def _rehome(
        self, code: str, stored: dict[str, Any] | None, given: dict[str, Any], problems: list[str]
    ) -> dict[str, Any]:
        """A moved talent's stored values kept in `code`'s fields (others dropped), those
        the row does not give anew checked against them; problems name the column."""
        errors: list[UserError] = []
        current = stored if isinstance(stored, dict) else {}
        kept, _ = rehome(self.places.applying_any(code), current, errors, given.keys())
        self._name_problems(errors, code, problems)
        return kept

    def _name_problems(self, errors: list[UserError], code: str, problems: list[str]) -> None:
        labels = {d.key: d.label for d in self.places.applying(code)}
        for error in errors:
            key = (error.field or "").removeprefix(f"{CUSTOM_FIELD}.")
            problems.append(f"{self.header_of.get(key) or labels.get(key, key)}: {error.message}")

    def _custom(
        self, cells: Sequence[Any], code: str, stored: dict[str, Any] | None, problems: list[str],
        moved: bool = False,
    ) -> dict[str, Any]:  # fmt: skip
        """The talent's custom fields after the row's cells (a blank cell keeps what is stored),
        checked as a GraphQL write checks them; problems name the column."""
        given: dict[str, Any] = {}
        for (header, column), cell in zip(self.custom, cells, strict=False):
            definition = column.applying(code)
            value = read_cell(definition or column.definitions[0], cell)
            if value is None:
                continue
            if definition is None:
                problems.append(f"{header}: 该自定义字段不适用于 {code} 的人才")
                continue
            given[column.key] = value
        current = stored if isinstance(stored, dict) else {}
        if moved:
            current = self._rehome(code, current, given, problems)
        errors: list[UserError] = []
        merged = check_values(self.places.applying(code), given, current, errors)
        self._name_problems(errors, code, problems)
        return merged

    def _introduced(self, cell: Any, problems: list[str]) -> dt.date | None:
        if not _text(cell):
            return None
        try:
            day = _date(cell)
        except ValueError as error:
            problems.append(str(error))
            return None
        if day > self.today:
            problems.append("引进日期: 不能晚于今天")
        return day

    def _category(self, code: str, place: str, problems: list[str]) -> int | None:
        if not code:
            return None
        found = self.places.categories.get(code)
        if found is None:
            problems.append(f"人才类别代码: {code} 不是已知的人才类别")
            return None
        key, owner = found
        if place and not place.startswith(jurisdiction_prefix(owner)):
            problems.append(f"人才类别代码: {code} 属于其他城市的人才层次体系，不适用于 {place}")
        return key

    def _employer(
        self, name: str, credit: str, place: str, refs: ChunkRefs, problems: list[str]
    ) -> str | None:
        if not name and not credit:
            return None
        if not credit:
            problems.append("统一社会信用代码: 填写工作单位时必填")
            return None
        try:
            code = check_credit_code(credit, "统一社会信用代码")
        except UserError as error:
            problems.append(f"统一社会信用代码: {error.message}")
            return None
        known = refs.employers.get(code)
        if known is not None:
            scopes = [jur(known["jurisdiction_id"]), org(known["id"])]
            if not self.perms.allows("employer", "read", scopes):
                problems.append("统一社会信用代码: 该代码对应的用人单位不在您的管理范围内")
            return code
        if not name:
            problems.append("工作单位: 尚未登记的用人单位须填写名称")
        elif len(name) > 128:
            problems.append("工作单位: 最多 128 个字符")
        elif (
            code not in self.state.new_employers
            and place in self.places.levels
            and not self.perms.allows("employer", "create", [jur(place)])
        ):
            problems.append(f"工作单位: 您无权在 {place} 登记用人单位")
        else:
            _name_problem(name, "工作单位", problems)
        return code

    def _denied(self, plan: TalentPlan, refs: ChunkRefs) -> str | None:
        """Why the importer may not write this row, or None."""
        target = [jur(plan.values["jurisdiction_id"])]
        known = refs.employers.get(plan.credit_code or "")
        if known is not None:
            target.append(org(known["id"]))
        existing = plan.existing
        if existing is None:
            if not self.perms.allows("talent", "create", target):
                return f"所在区划代码: 您无权在 {plan.values['jurisdiction_id']} 新增人才"
            return None
        current = [jur(existing["jurisdiction_id"]), talent(existing["id"])]
        if existing["employer_id"]:
            current.append(org(existing["employer_id"]))
        if not self.perms.allows("talent", "update", current):
            # What createTalent answers, with nothing about where the record is kept.
            return f"证件号码: {ALREADY_REGISTERED}"
        moved = existing["jurisdiction_id"] != plan.values["jurisdiction_id"]
        if moved and not self.perms.allows("talent", "create", target):
            return f"所在区划代码: 您无权将人才迁至 {plan.values['jurisdiction_id']}"
        return None

    @staticmethod
    def _changes(plan: TalentPlan) -> bool:
        """Blank optional cells keep what is stored; whether anything else differs."""
        existing, values = plan.existing or {}, plan.values
        for column in ("phone", "category_id", "introduced_on"):
            if values[column] is None:
                values[column] = existing[column]
        if plan.credit_code is None and existing["employer__credit_code"]:
            plan.credit_code = existing["employer__credit_code"]
        same = all(
            getattr(values[c], "value", values[c]) == getattr(existing[c], "value", existing[c])
            for c in TALENT_COLUMNS if c != "employer_id"
        ) and values.get("custom_fields", {}) == (existing.get("custom_fields") or {})  # fmt: skip
        return not (same and plan.credit_code == existing["employer__credit_code"])
