"""GET /reports/{id}.{ext}: a generated file, for its owner, or for a report shared by scope
(the quarterly archive) whoever may read its kind in its jurisdiction; anyone else gets the
same 404 as for a file that does not exist."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.http.context import request_context
from resolvers.files.reports import readable_report


async def download_report(request: Request) -> Response:
    ctx = await request_context(request)
    if ctx.principal is None:
        return JSONResponse({"error": "UNAUTHENTICATED"}, status_code=401)
    principal = ctx.principal
    report = await readable_report(principal.perms, principal.user_id, request.path_params["id"],
                                   request.path_params["ext"])  # fmt: skip
    if report is None:
        return JSONResponse({"error": "NOT_FOUND"}, status_code=404)
    disposition = f"attachment; filename*=UTF-8''{quote(report.filename)}"
    return Response(bytes(report.content), media_type=report.content_type,
                    headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})  # fmt: skip


REPORT_ROUTES = [Route("/reports/{id}.{ext}", download_report)]
