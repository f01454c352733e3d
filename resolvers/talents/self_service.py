"""Talent self-service (人才自助): what a talent reads about themself beyond the profile.

A talent's own profile, cards, requests and messages already come through the scoped
loaders and connections (a talent's grant is `talent:<id>`, so every list holds their
rows only). The service archive is added here: entries per talent, scoped like every
other read (resource `archive_entry`), batched into one query per level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from permissions.visibility import restrict
from resolvers.core.context import RequestContext
from schema.models import ArchiveEntry


def archive_by_talent(ctx: RequestContext) -> DataLoader:
    """Archive entries per talent id, newest first; entries out of the caller's scope are left out."""

    def make() -> DataLoader:
        async def load(keys: Sequence[int]) -> list[list[Any]]:
            if ctx.principal is None:
                return [[] for _ in keys]
            qs = restrict(ArchiveEntry.filter(talent_id__in=sorted(set(keys))), ctx.perms, "archive_entry")
            groups: dict[int, list[Any]] = defaultdict(list)
            for row in await qs.order_by("-created_at", "-id"):
                groups[row.talent_id].append(row)
            return [groups.get(key, []) for key in keys]

        return DataLoader(load_fn=load)

    return ctx.loaders._get("archive_by_talent", make)
