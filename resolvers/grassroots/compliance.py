"""The yearly view (服务基层达标情况): each listed expert's confirmed days against what
their listing requires (15 by default), the days still awaiting confirmation and the
counties they served. Two statements whatever the number of experts: the listings, and
one grouped sum of their records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tortoise.expressions import Subquery
from tortoise.functions import Sum
from tortoise.queryset import QuerySet

from permissions.visibility import visible, within
from resolvers.core.context import RequestContext
from resolvers.core.lookup import find_jurisdiction
from resolvers.grassroots.experts import check_year
from schema.models import GrassrootsExpert, GrassrootsService
from schema.models.enums import GrassrootsServiceStatus as S


@dataclass
class Standing:
    expert: GrassrootsExpert
    days: int = 0  # confirmed: what counts
    recorded_days: int = 0  # awaiting the receiving office's confirmation
    areas: list[str] = field(default_factory=list)  # counties of confirmed service, by code

    @property
    def required_days(self) -> int:
        return self.expert.required_days

    @property
    def compliant(self) -> bool:
        return self.days >= self.expert.required_days


async def standings(experts: QuerySet[GrassrootsExpert]) -> list[Standing]:
    """The standing of every listing `experts` selects, in its order."""
    rows = {e.id: Standing(e) for e in await experts}
    if not rows:
        return []
    sums = (
        GrassrootsService.filter(expert_id__in=Subquery(experts.values("id")),
                                 status__in=[S.RECORDED, S.CONFIRMED])
        .annotate(total=Sum("days"))
        .group_by("expert_id", "status", "area_jurisdiction_id")
        .values("expert_id", "status", "area_jurisdiction_id", "total")
    )  # fmt: skip
    areas: dict[int, set[str]] = defaultdict(set)
    for row in await sums:
        standing = rows.get(row["expert_id"])
        if standing is None:  # listed meanwhile
            continue
        if S(row["status"]) == S.CONFIRMED:
            standing.days += int(row["total"] or 0)
            areas[standing.expert.id].add(row["area_jurisdiction_id"])
        else:
            standing.recorded_days += int(row["total"] or 0)
    for expert_id, codes in areas.items():
        rows[expert_id].areas = sorted(codes)
    return list(rows.values())


async def compliance(ctx: RequestContext, year: int, jurisdiction_code: str) -> list[Standing]:
    """The experts listed for `year` in `jurisdiction_code` and below that the caller may see."""
    place = await find_jurisdiction(jurisdiction_code)
    check_year(year)
    listed = visible(GrassrootsExpert, ctx.perms, "grassroots_expert")
    return await standings(listed.filter(within("jurisdiction_id", place.code), year=year).order_by("id"))
