"""Names and keys of supervision rows, and every unit under the jurisdiction that the
caller supervises, so a window that received nothing still shows as a row of zeros.

Keys are global IDs (ServiceWindow, Department, Specialist) or jurisdiction codes;
`""` is the row of records without a unit (requests made online, handoffs no one has
accepted yet)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.expressions import Q
from tortoise.models import Model

from resolvers.core.ids import encode_id
from resolvers.supervision.figures import Figures
from resolvers.supervision.units import GroupBy, Period
from schema.models import Department, Jurisdiction, ServiceWindow, Specialist, User
from schema.models.enums import SpecialistKind, SpecialistStatus

UNASSIGNED = {
    GroupBy.WINDOW: "网上申请（未经窗口）",
    GroupBy.DEPARTMENT: "未分派部门",
    GroupBy.SPECIALIST: "未记录承办专员（未受理等）",
}
OWN_LEVEL = "（本级）"


async def unit_names(group_by: GroupBy, period: Period, raw: dict[Any, Any]) -> list[Any]:
    if group_by == GroupBy.JURISDICTION:
        return await _jurisdictions(period, raw)
    model: type[Model]
    if group_by == GroupBy.SPECIALIST:
        raw = await _specialists_of_handlers(raw)
        model, type_name = Specialist, "Specialist"
        catalogue = period.scoped("specialist", Specialist) & Q(
            kind=SpecialistKind.HANDLING, status=SpecialistStatus.ACTIVE
        )
    elif group_by == GroupBy.WINDOW:
        model, type_name = ServiceWindow, "ServiceWindow"
        catalogue = period.scoped("service_window", ServiceWindow)
    else:
        model, type_name = Department, "Department"
        catalogue = period.scoped("department", Department)
    ids = [k for k in raw if isinstance(k, int)]
    wanted = Q(catalogue, Q(id__in=ids), join_type=Q.OR)
    units = await model.filter(wanted).values("id", "name", "jurisdiction_id")
    rows = []
    for unit in units:
        figures = raw.get(unit["id"]) or _empty()
        figures.key = encode_id(type_name, unit["id"])
        figures.name, figures.jurisdiction_code = unit["name"], unit["jurisdiction_id"]
        rows.append(figures)
    rows.sort(key=lambda f: (f.jurisdiction_code or "", f.name, f.key))
    for key, figures in raw.items():
        if key is None:
            figures.key, figures.name = "", UNASSIGNED[group_by]
            rows.append(figures)
        elif isinstance(key, tuple):  # a handler with no specialist record
            rows.append(figures)
    return rows


def _empty() -> Figures:
    return Figures(key="")


async def _specialists_of_handlers(raw: dict[Any, Any]) -> dict[Any, Any]:
    """Handoffs are grouped by the handler's user, complaints by the specialist: one key."""
    users = [k for k in raw if isinstance(k, int)]
    specialist_of = await specialists_of(users)
    names = dict(await User.filter(id__in=[u for u in users if u not in specialist_of])
                 .values_list("id", "username"))  # fmt: skip
    merged: dict[Any, Any] = {}
    for key, figures in raw.items():
        if isinstance(key, tuple):  # ("specialist", id) from complaints
            target: Any = key[1]
        elif key in specialist_of:
            target = specialist_of[key]
        elif key is None:
            target = None
        else:
            figures.key, figures.name = encode_id("User", key), names.get(key, "")
            target = ("user", key)
        if target in merged:
            merged[target].add(figures)
        else:
            merged[target] = figures
    return merged


async def specialists_of(user_ids: Sequence[int | None]) -> dict[int, int]:
    """The specialist a handler's handoffs are credited to: of a user's profiles, the
    first active one (by id), else the first."""
    profiles = await Specialist.filter(user_id__in=[u for u in user_ids if u is not None]).order_by(
        "status", "id"
    ).values("id", "user_id")
    first: dict[int, int] = {}
    for p in profiles:
        first.setdefault(p["user_id"], p["id"])
    return first


async def _jurisdictions(period: Period, raw: dict[Any, Any]) -> list[Any]:
    code = period.code
    catalogue = period.scoped("jurisdiction", Jurisdiction, "code") & Q(parent_id=code)
    wanted = Q(catalogue, Q(code__in=[code, *raw]), join_type=Q.OR)
    names = dict(await Jurisdiction.filter(wanted).values_list("code", "name"))
    rows = []
    for child in sorted(names):
        if child == code and child not in raw:
            continue
        figures = raw.get(child) or _empty()
        figures.key, figures.jurisdiction_code = child, child
        figures.name = names[child] + (OWN_LEVEL if child == code else "")
        rows.append(figures)
    return rows
