"""setServiceRequestCustomFields: service requests have no general update, so their custom
fields are written here (submitServiceRequest takes them at intake)."""

from __future__ import annotations

from typing import Any

from permissions.audit import audit
from resolvers.core.context import RequestContext
from resolvers.core.lookup import find_visible, require_action
from resolvers.customfields.values import audited_change, require_values
from schema.models import ServiceRequest


async def set_service_request_custom_fields(
    ctx: RequestContext, request_id: str, custom_fields: dict[str, Any] | None
) -> ServiceRequest:
    """Writes the given keys over the stored ones (null clears one), checked against the
    fields that apply in the request's county."""
    request = await find_visible(ctx, ServiceRequest, "service_request", request_id, "serviceRequestId")
    require_action(ctx, "service_request", "update", request, "serviceRequestId",
                   "您无权更改该服务申请", "not allowed to change this request")  # fmt: skip
    before = dict(request.custom_fields)
    request.custom_fields = await require_values(
        "ServiceRequest", request.jurisdiction_id, custom_fields, request.custom_fields
    )
    await request.save(update_fields=["custom_fields", "updated_at"])
    old, new = await audited_change("ServiceRequest", before, request.custom_fields)
    await audit(ctx.actor, "setServiceRequestCustomFields", "service_request", request.id,
                before={"custom_fields": old}, after={"custom_fields": new},
                jurisdiction_code=request.jurisdiction_id)  # fmt: skip
    return request
