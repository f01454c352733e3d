"""Migration 0011's copy of where an account belongs (permissions/delegation.py
`place_of` as of 0011): accounts made before 0010 added `app_user.jurisdiction_id` and
`department_id` get them from their grants — the nearest jurisdiction holding every
grant's place, and the department when every grant lies in one. Plain SQL on the
migration's connection."""

from __future__ import annotations

import re
from typing import Any

# scope kind → the table whose row carries the jurisdiction it lies in
_PLACED = {"dept": "department", "org": "employer", "talent": "talent"}
_CHUNK = 500


def _for_dialect(dialect: str, sql: str) -> str:
    if dialect != "postgres":
        return sql
    counter = iter(range(1, 100_000))
    return re.sub(r"\?", lambda _: f"${next(counter)}", sql)


def common_jurisdiction(codes: list[str]) -> str | None:
    if not codes:
        return None
    for width, suffix in ((6, ""), (4, "00"), (2, "0000")):
        prefixes = {code[:width] for code in codes}
        if len(prefixes) == 1:
            return prefixes.pop() + suffix
    return None


async def _places(conn: Any, kind: str, ids: set[int]) -> dict[int, str]:
    """id → jurisdiction code of the departments, employers or talents named."""
    dialect = conn.capabilities.dialect
    found: dict[int, str] = {}
    keys = sorted(ids)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        rows = await conn.execute_query_dict(
            _for_dialect(dialect, f"SELECT id, jurisdiction_id FROM {_PLACED[kind]} "
                                  f"WHERE id IN ({', '.join('?' * len(chunk))})"),
            chunk,
        )  # fmt: skip
        found.update({int(r["id"]): r["jurisdiction_id"] for r in rows})
    return found


def _scope(scope: str) -> tuple[str, int | str] | None:
    kind, _, value = scope.partition(":")
    if kind == "jur" and re.fullmatch(r"[1-9][0-9]{5}", value):
        return kind, value
    if kind in _PLACED and re.fullmatch(r"[1-9][0-9]{0,17}", value):
        return kind, int(value)
    return None


async def backfill_user_places(conn: Any) -> int:
    """Returns how many accounts were given a place."""
    dialect = conn.capabilities.dialect
    users = await conn.execute_query_dict(
        "SELECT id, username FROM app_user WHERE jurisdiction_id IS NULL AND department_id IS NULL"
    )
    if not users:
        return 0
    lines = await conn.execute_query_dict("SELECT v0, v2 FROM casbin_rule WHERE ptype = 'g' AND v0 LIKE 'user:%'")
    grants: dict[str, list[tuple[str, int | str]]] = {}
    wanted: dict[str, set[int]] = {kind: set() for kind in _PLACED}
    for line in lines:
        parsed = _scope(line["v2"])
        if parsed is None:
            continue
        grants.setdefault(line["v0"][len("user:"):], []).append(parsed)
        if parsed[0] in _PLACED:
            wanted[parsed[0]].add(int(parsed[1]))
    places = {kind: await _places(conn, kind, ids) for kind, ids in wanted.items() if ids}
    update = _for_dialect(dialect, "UPDATE app_user SET jurisdiction_id = ?, department_id = ? WHERE id = ?")
    placed = 0
    for user in users:
        codes, departments = [], set()
        for kind, value in grants.get(user["username"], []):
            code = value if kind == "jur" else places.get(kind, {}).get(int(value))
            if isinstance(code, str):
                codes.append(code)
            departments.add(value if kind == "dept" else None)
        jurisdiction = common_jurisdiction(codes)
        department = departments.pop() if len(departments) == 1 else None
        if department is not None and int(department) not in places.get("dept", {}):
            department = None
        if jurisdiction is None and department is None:
            continue
        await conn.execute_query(update, [jurisdiction, department, user["id"]])
        placed += 1
    return placed
