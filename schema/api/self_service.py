"""Talent self-service (人才自助): `exportArchive`.

The talent reads their own profile, cards, requests, messages and archive through
`me { talent { … archiveEntries … } }`, `serviceRequests` and `notifications`; the
scope helper keeps every one of those to their own rows.
"""

from __future__ import annotations

import strawberry

from resolvers.archives import export as ops
from schema.api.exports import ExportFormat, ExportPayload, export_payload
from schema.types.common import ctx


@strawberry.input(description="导出服务档案 · export a talent's service archive")
class ExportArchiveInput:
    format: ExportFormat = strawberry.field(description="格式 · JSON document or Excel sheet")
    talent_id: strawberry.ID | None = strawberry.field(
        default=None, description="人才 · whose archive; omitted for the signed-in talent's own"
    )


@strawberry.type
class SelfServiceMutations:
    @strawberry.mutation(
        description="导出服务档案 · a talent's service archive (JSON or Excel), masked as the caller sees it"
    )
    async def export_archive(self, info: strawberry.Info, input: ExportArchiveInput) -> ExportPayload:
        c = ctx(info)
        return await export_payload(info, lambda: ops.export_archive(c, input.format, input.talent_id))
