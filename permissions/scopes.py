"""Scope strings (`jur:130102`, `dept:7`, `org:12`, `talent:40`, `*`) and how they match.

A grant's scope covers a row's scope when both are the same kind and either the
ids are equal or, for `jur:`, the row's code lies under the grant's code
(GB/T 2260: 130000 → prefix 13, 130100 → 1301, 130102 → 130102).
"""

from __future__ import annotations

import re

KINDS = ("jur", "dept", "org", "talent")
EVERYWHERE = "*"

_JUR_RE = re.compile(r"^[1-9]\d{5}$")
_ID_RE = re.compile(r"^[1-9]\d{0,17}$")


class InvalidScope(ValueError):
    """A malformed scope: `message` says why (中文), `en` in English."""

    def __init__(self, message: str, en: str) -> None:
        super().__init__(message)
        self.message = message
        self.en = en


def jurisdiction_prefix(code: str) -> str:
    """The prefix every descendant code starts with: 130000 → 13, 130100 → 1301."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def city_of(county: str) -> str:
    """The city a county-level code lies in: 130102 → 130100 (its first four digits)."""
    return f"{county[:4]}00"


def ancestors(code: str) -> list[str]:
    """A jurisdiction and every one above it, nearest first: 130102 → 130102, 130100, 130000
    (a city: itself and its province)."""
    return list(dict.fromkeys([code, city_of(code), f"{code[:2]}0000"]))


def prefix_range(code: str) -> tuple[str, str]:
    """[low, high) bounds of every code under `code`, for an index range scan."""
    prefix = jurisdiction_prefix(code)
    return prefix, str(int(prefix) + 1).zfill(len(prefix))


def parse_scope(scope: str) -> tuple[str, str]:
    """Split and validate a scope string; raise InvalidScope with a readable reason."""
    if scope == EVERYWHERE:
        return EVERYWHERE, ""
    kind, sep, value = scope.partition(":")
    if not sep or kind not in KINDS:
        raise InvalidScope(
            f"范围格式应为 jur:<区划代码>、dept:<部门ID>、org:<单位ID> 或 talent:<人才ID>：{scope!r}",
            f"scope must look like jur:<code>, dept:<id>, org:<id> or talent:<id>: {scope!r}",
        )
    pattern = _JUR_RE if kind == "jur" else _ID_RE
    if not pattern.match(value):
        raise InvalidScope(f"{kind} 范围格式不正确：{scope!r}", f"malformed {kind} scope: {scope!r}")
    return kind, value


def covers(grant_scope: str, row_scope: str) -> bool:
    """Whether a grant on `grant_scope` reaches a row carrying `row_scope`."""
    if grant_scope == EVERYWHERE:
        return True
    g_kind, _, g_value = grant_scope.partition(":")
    r_kind, _, r_value = row_scope.partition(":")
    if g_kind != r_kind:
        return False
    if g_kind == "jur":
        return r_value.startswith(jurisdiction_prefix(g_value))
    return g_value == r_value


def jur(code: str) -> str:
    return f"jur:{code}"


def dept(department_id: int) -> str:
    return f"dept:{department_id}"


def org(employer_id: int) -> str:
    return f"org:{employer_id}"


def talent(talent_id: int) -> str:
    return f"talent:{talent_id}"
