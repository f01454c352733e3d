"""Handing a role on: who may grant what where, and where a grant lives.

The same rule decides a grant, the creation of an API token, and whether a token may
still be used: a token never carries more than its creator could hand out *now*.
"""

from __future__ import annotations

from permissions.compiled import CompiledPermissions
from permissions.roles import GRANTABLE, ROLE_SCOPE_KIND
from permissions.scopes import EVERYWHERE, parse_scope
from schema.models import Department, Employer, Jurisdiction, Talent


class Refusal(Exception):
    """Why a delegation is refused: `field` (role / scope) and a message the caller may read."""

    INVALID, MISSING, FORBIDDEN = "invalid", "missing", "forbidden"

    def __init__(self, field: str, message: str, kind: str = INVALID) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.kind = kind


async def grant_targets(scope: str) -> list[str]:
    """The scopes a grant's target carries — itself and the jurisdiction it lies in — so the
    granter's reach can be checked; raises Refusal for a malformed or missing target."""
    try:
        kind, value = parse_scope(scope)
    except ValueError as exc:
        raise Refusal("scope", str(exc)) from None
    if kind == EVERYWHERE:
        return [EVERYWHERE]
    if kind == "jur":
        if not await Jurisdiction.filter(code=value).exists():
            raise Refusal("scope", "jurisdiction", Refusal.MISSING)
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
        what = {"dept": "department", "org": "employer"}.get(kind, "talent")
        raise Refusal("scope", what, Refusal.MISSING)
    return [scope, f"jur:{place[0]}"]


def jurisdiction_of(targets: list[str]) -> str | None:
    """The jurisdiction code among a grant's targets (None for a deployment-wide grant)."""
    return next((t[4:] for t in targets if t.startswith("jur:")), None)


def refuse_delegation(perms: CompiledPermissions, role: str, scope: str, targets: list[str]) -> None:
    """Raise Refusal unless `perms` may hand out `role` on a scope carrying `targets`."""
    if role not in ROLE_SCOPE_KIND:
        raise Refusal("role", f"unknown role {role!r}")
    kind = scope.partition(":")[0]
    if kind != ROLE_SCOPE_KIND[role]:
        wanted = ROLE_SCOPE_KIND[role]
        raise Refusal("scope", f"{role} is granted on {'*' if wanted == EVERYWHERE else wanted + ':'}")
    if not perms.allows("grant", "admin", targets):
        raise Refusal("scope", "the scope is outside your reach", Refusal.FORBIDDEN)
    held = set().union(*(perms.roles_covering(t) for t in targets))
    grantable = set().union(*(GRANTABLE.get(r, set()) for r in held))
    if role not in grantable:
        raise Refusal("role", f"you may not grant {role}", Refusal.FORBIDDEN)


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
