"""Who may open a tool (谁能打开工具): the offices over its jurisdiction (every version,
drafts included), and the users holding one of the roles it was given within its
jurisdiction (its published version); offices also see the published templates of the places above
them, to clone. Any other caller finds nothing, exactly as if the
tool did not exist.

The offices' part is the one scope helper's filter for `tool:update`; the audience's adds
the tool's roles to each `tool:read` grant the caller holds, placed where the grant lies.
"""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from permissions.scopes import EVERYWHERE, ancestors
from permissions.visibility import NOTHING, scope_filter
from resolvers.core.context import RequestContext
from resolvers.core.errors import record_not_found
from resolvers.core.ids import decode_int_id
from resolvers.listing.nodes import register_node
from schema.models import Department, Employer, Tool
from schema.models.enums import ToolStatus

RESOURCE = "tool"


async def _place(scope: str) -> str | None:
    """The jurisdiction a grant's scope lies in (a department's or employer's own)."""
    kind, _, value = scope.partition(":")
    if kind == "jur":
        return value
    if kind == "dept":
        return await Department.filter(id=int(value)).first().values_list("jurisdiction_id", flat=True)  # type: ignore[return-value]
    if kind == "org":
        return await Employer.filter(id=int(value)).first().values_list("jurisdiction_id", flat=True)  # type: ignore[return-value]
    return None


def role_marker(role: str) -> str:
    return f",{role},"


async def openable(ctx: RequestContext) -> Q:
    """The tools the caller may open, as one filter."""
    perms = ctx.perms
    managed = scope_filter(RESOURCE, perms.scopes_for(RESOURCE, "update"), Tool)
    if managed is None:
        return Q()
    clauses = [managed]
    for scope in sorted(perms.scopes_for(RESOURCE, "create")):  # templates to clone from above
        if scope.startswith("jur:"):
            clauses.append(Q(is_template=True, status=ToolStatus.PUBLISHED,
                             jurisdiction_id__in=ancestors(scope[4:])))  # fmt: skip
    for role, scope in perms.grants:
        if scope == EVERYWHERE or not perms.policy.permits(role, RESOURCE, "read"):
            continue
        place = await _place(scope)
        if place:
            clauses.append(Q(roles__contains=role_marker(role), status=ToolStatus.PUBLISHED,
                             jurisdiction_id__in=ancestors(place)))  # fmt: skip
    clauses = [c for c in clauses if c is not NOTHING] or [NOTHING]
    return Q(*clauses, join_type=Q.OR) if len(clauses) > 1 else clauses[0]


async def visible_tools(ctx: RequestContext) -> QuerySet[Tool]:
    # Not `restrict(…, "read")`: a handler's read grant lies on its department, which no
    # tool row carries; `openable` places it in the department's jurisdiction instead.
    return Tool.filter(await openable(ctx))


async def find_tool(ctx: RequestContext, global_id: str, field: str = "id") -> Tool:
    key = decode_int_id(global_id, "Tool", field)
    row = await (await visible_tools(ctx)).filter(id=key).first()
    if row is None:
        raise record_not_found(field, "Tool")
    return row


def tools_by_id(ctx: RequestContext) -> DataLoader:
    """The request's tools by id, as `visible_tools` lets the caller open them (others load
    as None): `node(id)` and `nodes(ids)` of a Tool, one query per batch."""

    def make() -> DataLoader:
        async def load(keys: Sequence[int]) -> list[Tool | None]:
            rows = {t.id: t for t in await (await visible_tools(ctx)).filter(id__in=sorted(set(keys)))}
            return [rows.get(k) for k in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders.shared("tool", make)


register_node("Tool", tools_by_id)


def may_manage(ctx: RequestContext, tool: Tool, action: str = "update") -> bool:
    return ctx.perms.allows(RESOURCE, action, [f"jur:{tool.jurisdiction_id}"])
