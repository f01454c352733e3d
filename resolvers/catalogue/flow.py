"""A service item's versions (事项版本): drafted, published (retiring the version before it),
retired."""

from __future__ import annotations

from resolvers.core.transitions import Flow
from schema.models.enums import ServiceItemStatus as I

SERVICE_ITEM_FLOW = Flow("service item", {I.DRAFT: {I.PUBLISHED}, I.PUBLISHED: {I.RETIRED}})
