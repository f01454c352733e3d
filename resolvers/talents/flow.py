"""A talent record's states: active until the talent leaves the area (离开)."""

from __future__ import annotations

from resolvers.core.transitions import Flow
from schema.models.enums import TalentStatus

TALENT_FLOW = Flow("talent", {TalentStatus.ACTIVE: {TalentStatus.LEFT}})
