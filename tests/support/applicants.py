"""Many talents who may each submit a request: the load of benchmarks and the chaos test."""

from __future__ import annotations

from datetime import date, timedelta

from resolvers.core.validation import make_resident_id
from schema.clock import china_today
from schema.models import Card, CardTier, Talent

NAME_PREFIX = "压测"


async def applicants(n: int) -> list[int]:
    """N talents in 长安区 holding an active A card (each may have one open request per
    item): the ids of all such talents, these N included."""
    tier = await CardTier.get(code="A", programme__code="sjz.greencard")
    base = await Talent.all().count()
    born = date(1980, 1, 1)
    await Talent.bulk_create([
        Talent(name=f"{NAME_PREFIX}{i}", gender="MALE", jurisdiction_id="130102",
               id_number=make_resident_id("130102", born + timedelta(days=i // 500), i % 500, True))
        for i in range(n)
    ])  # fmt: skip
    ids = list(await Talent.filter(name__startswith=NAME_PREFIX).order_by("id").values_list("id", flat=True))
    today = china_today()
    await Card.bulk_create([
        Card(number=f"BENCH-{base + i}", programme_id=tier.programme_id, tier_id=tier.id, holder_id=tid,
             jurisdiction_id="130102", issued_on=today, expires_on=today + timedelta(days=1800))
        for i, tid in enumerate(ids)
    ])  # fmt: skip
    return ids
