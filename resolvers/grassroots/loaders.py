"""The request's loaders of grassroots rows, each through the one scope helper: nested
fields batch one query per level, and `node(id)` answers a row the caller may not see
as NOT_FOUND (registered here, on import)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from permissions.visibility import NOTHING, restrict
from resolvers.core.context import RequestContext
from resolvers.listing.nodes import register_node
from schema.models import GrassrootsArea, GrassrootsExpert, GrassrootsService, Talent


def _scoped(ctx: RequestContext, name: str, model: type[Model], resource: str) -> DataLoader:
    def make() -> DataLoader:
        async def load(keys: Sequence[int]) -> list[Any]:
            found = model.filter(id__in=sorted(set(keys)))
            perms = ctx.principal.perms if ctx.principal else None
            found = restrict(found, perms, resource) if perms is not None else found.filter(NOTHING)
            rows = {r.pk: r for r in await found}
            return [rows.get(k) for k in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders.shared(name, make)


def _loader(name: str, model: type[Model], resource: str) -> Callable[[RequestContext], DataLoader]:
    return lambda ctx: _scoped(ctx, name, model, resource)


areas_by_id = _loader("grassroots_area", GrassrootsArea, "grassroots_area")
experts_by_id = _loader("grassroots_expert", GrassrootsExpert, "grassroots_expert")
services_by_id = _loader("grassroots_service", GrassrootsService, "grassroots_service")

register_node("GrassrootsArea", areas_by_id)
register_node("GrassrootsExpert", experts_by_id)
register_node("GrassrootsService", services_by_id)


def expert_names(ctx: RequestContext) -> DataLoader:
    """Talents' names by id, whatever the caller may see of the talent: a service record
    names its expert to the receiving office that confirms it (masked there, see the type)."""

    def make() -> DataLoader:
        async def load(keys: Sequence[int]) -> list[str | None]:
            rows = dict(await Talent.filter(id__in=sorted(set(keys))).values_list("id", "name"))
            return [rows.get(k) for k in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders.shared("grassroots_expert_name", make)
