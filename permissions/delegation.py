"""Handing a role on: who may grant what where, and where a grant lives.

The same rule decides a grant, the creation of an API token, and whether a token may
still be used: a token never carries more than its creator could hand out *now*, nor any
action its creator does not hold there themself. Managing an account (its password, its
being active) takes reaching every grant it holds, so no office takes over an account
above it.
"""

from __future__ import annotations

from collections.abc import Iterable

from permissions.compiled import CompiledPermissions
from permissions.roles import GRANTABLE, ROLE_SCOPE_KIND
from permissions.scopes import EVERYWHERE, InvalidScope, parse_scope
from schema.models import Department, Employer, Jurisdiction, Talent


class Refusal(Exception):
    """Why a delegation is refused: `field` (role / scope) and a message the caller may read
    (中文; for MISSING, the name of what is missing), `en` the same in English."""

    INVALID, MISSING, FORBIDDEN = "invalid", "missing", "forbidden"

    def __init__(self, field: str, message: str, kind: str = INVALID, en: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.kind = kind
        self.en = en


async def grant_targets(scope: str) -> list[str]:
    """The scopes a grant's target carries — itself and the jurisdiction it lies in — so the
    granter's reach can be checked; raises Refusal for a malformed or missing target."""
    try:
        kind, value = parse_scope(scope)
    except InvalidScope as exc:
        raise Refusal("scope", exc.message, en=exc.en) from None
    if kind == EVERYWHERE:
        return [EVERYWHERE]
    if kind == "jur":
        if not await Jurisdiction.filter(code=value).exists():
            raise Refusal("scope", "行政区划", Refusal.MISSING, "jurisdiction")
        return [scope]
    key = int(value)
    if kind == "dept":
        place = await Department.filter(id=key).values_list("jurisdiction_id", flat=True)
    elif kind == "org":
        place = await Employer.filter(id=key).values_list("jurisdiction_id", flat=True)
    else:
        rows = await Talent.filter(id=key).values_list("jurisdiction_id", "employer_id")
        if rows:
            code, employer = rows[0]
            return [scope, f"jur:{code}", *([f"org:{employer}"] if employer else [])]
        place = []
    if not place:
        what, what_en = {"dept": ("职能部门", "department"), "org": ("用人单位", "employer")}.get(
            kind, ("人才", "talent")
        )
        raise Refusal("scope", what, Refusal.MISSING, what_en)
    return [scope, f"jur:{place[0]}"]


def jurisdiction_of(targets: list[str]) -> str | None:
    """The jurisdiction code among a grant's targets (None for a deployment-wide grant)."""
    return next((t[4:] for t in targets if t.startswith("jur:")), None)


def refuse_delegation(perms: CompiledPermissions, role: str, scope: str, targets: list[str]) -> None:
    """Raise Refusal unless `perms` may hand out `role` on a scope carrying `targets`."""
    if role not in ROLE_SCOPE_KIND:
        raise Refusal("role", f"未知的角色 {role!r}", en=f"unknown role {role!r}")
    kind = scope.partition(":")[0]
    if kind != ROLE_SCOPE_KIND[role]:
        wanted = ROLE_SCOPE_KIND[role]
        on = "*" if wanted == EVERYWHERE else wanted + ":"
        raise Refusal("scope", f"角色 {role} 只能授予在 {on} 范围上", en=f"{role} is granted on {on}")
    if not perms.allows("grant", "admin", targets):
        raise Refusal("scope", "该范围超出您的管理范围", Refusal.FORBIDDEN, "the scope is outside your reach")
    held = set().union(*(perms.roles_covering(t) for t in targets))
    grantable = set().union(*(GRANTABLE.get(r, set()) for r in held))
    if role not in grantable:
        raise Refusal("role", f"您无权授予角色 {role}", Refusal.FORBIDDEN, f"you may not grant {role}")


def refuse_token(perms: CompiledPermissions, role: str, scope: str, targets: list[str]) -> None:
    """Raise Refusal unless `perms` may make (or keep using) an API token acting as `role`
    on a scope carrying `targets`: it may hand the role out there, may make tokens there,
    and holds there every action the role allows — a county office hands out `handler` or
    `card_verifier`, but a token of its own never does what the office itself may not."""
    refuse_delegation(perms, role, scope, targets)
    if not perms.allows("api_token", "create", targets):
        raise Refusal("scope", "您无权在该范围内创建接口令牌", Refusal.FORBIDDEN,
                      "not allowed to make tokens there")  # fmt: skip
    beyond = sorted(
        f"{resource} {action}"
        for resource, action in perms.policy.allowed.get(role, frozenset())
        if not perms.allows(resource, action, targets)
    )
    if beyond:
        listed = "、".join(beyond)
        raise Refusal("role", f"令牌的权限不能超出您本人在该范围内的权限（{listed}）", Refusal.FORBIDDEN,
                      f"a token may not do what you may not: {', '.join(beyond)}")  # fmt: skip


def _under(roles: Iterable[str]) -> set[str]:
    """Every role `roles` hand out, directly or through a role they may grant (the operator
    appoints a province office, which appoints everything below it)."""
    found: set[str] = set()
    todo = list(roles)
    while todo:
        for role in GRANTABLE.get(todo.pop(), ()):
            if role not in found:
                found.add(role)
                todo.append(role)
    return found


def refuse_management(perms: CompiledPermissions, role: str, targets: list[str]) -> None:
    """Raise Refusal unless `perms` reaches a grant of `role` on `targets` held by an account
    it would manage: the place lies within its `grant admin` and the role at or below its own."""
    if not perms.allows("grant", "admin", targets):
        raise Refusal("username", "该用户持有您管理范围以外的角色", Refusal.FORBIDDEN,
                      "the account holds a role outside your reach")  # fmt: skip
    if role not in _under(set().union(*(perms.roles_covering(t) for t in targets))):
        raise Refusal("username", f"该用户持有您无权授予的角色（{role}）", Refusal.FORBIDDEN,
                      f"the account holds a role you may not grant ({role})")  # fmt: skip


async def place_of(grants: Iterable[tuple[str, str]]) -> tuple[str | None, int | None]:
    """Where an account holding `grants` belongs: the nearest jurisdiction holding every
    grant's place, and the department when every grant lies in one (None, None for the
    deployment's operator). Grants on records that are gone are passed over."""
    codes: list[str] = []
    departments: set[int | None] = set()
    for _, scope in grants:
        try:
            targets = await grant_targets(scope)
        except Refusal:
            continue
        code = jurisdiction_of(targets)
        if code:
            codes.append(code)
        kind, _, value = scope.partition(":")
        departments.add(int(value) if kind == "dept" else None)
    department = departments.pop() if len(departments) == 1 else None
    return common_jurisdiction(codes), department


def common_jurisdiction(codes: list[str]) -> str | None:
    """The nearest jurisdiction holding all `codes` (130102 and 130123 → 130100), or None
    when they lie in different provinces."""
    if not codes:
        return None
    for width, suffix in ((6, ""), (4, "00"), (2, "0000")):
        prefixes = {code[:width] for code in codes}
        if len(prefixes) == 1:
            return prefixes.pop() + suffix
    return None


async def home_jurisdiction(grants: list[tuple[str, str]]) -> str | None:
    """Where a subject's work lies, for attributing its sign-ins in the audit trail: the
    nearest jurisdiction holding every grant's place."""
    codes = []
    for _, scope in grants:
        try:
            code = jurisdiction_of(await grant_targets(scope))
        except Refusal:
            continue
        if code:
            codes.append(code)
    return common_jurisdiction(codes)
