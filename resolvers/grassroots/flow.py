"""A service record's way (服务记录确认): recorded by the expert or their office, then
confirmed — its days count — or not confirmed by the receiving county's office."""

from __future__ import annotations

from resolvers.core.transitions import Flow
from schema.models.enums import GrassrootsServiceStatus as S

GRASSROOTS_SERVICE_FLOW = Flow("grassroots service", {S.RECORDED: {S.CONFIRMED, S.REJECTED}})
