"""POST /imports/talents?mode=ALL_OR_NOTHING|VALID_ROWS_ONLY[&filename=…]: upload an .xlsx of
talents (the body is the file). Answers 202 {"id", "status": "QUEUED"} once the import and
its outbox row are committed; a file that cannot be imported at all is refused at once with
a coded error and nothing written. The body may be up to `max_import_bytes` (20 MB)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.http.context import request_context
from resolvers.accounts.token_limits import refuse_limited_token
from resolvers.core.errors import ErrorCode, UserError, UserErrors
from resolvers.core.ids import encode_id
from resolvers.core.mutations import run_mutation
from resolvers.core.settings import Settings
from resolvers.talents.imports.accept import check_upload, parse_mode, queue_import

IMPORT_PATH = "/imports/talents"

_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401, ErrorCode.FORBIDDEN: 403, ErrorCode.LIMIT_EXCEEDED: 413,
    ErrorCode.CONFLICT: 409,
}  # fmt: skip


def _refusal(errors: list[UserError]) -> JSONResponse:
    body = {"errors": [
        {"message": e.message,
         "extensions": {"code": e.code.value, "field": e.field, "messageEn": e.message_en}}
        for e in errors
    ]}  # fmt: skip
    return JSONResponse(body, status_code=_STATUS.get(errors[0].code, 400))


async def upload_talents(request: Request) -> Response:
    ctx = await request_context(request)
    try:
        refuse_limited_token(ctx.require_principal())  # an upload writes: no read-only token
        mode = parse_mode(request.query_params.get("mode"))
        content = await request.body()
        total = await check_upload(ctx, content)
    except UserError as error:
        return _refusal([error])
    except UserErrors as errors:
        return _refusal(errors.errors)
    filename = request.query_params.get("filename")
    job, errors = await run_mutation(ctx, lambda: queue_import(ctx, content, filename, mode, total))
    if errors or job is None:
        return _refusal(errors)
    body = {"id": encode_id("TalentImport", job.id), "status": job.status.value}
    return JSONResponse(body, status_code=202)


def import_body_limits(settings: Settings) -> dict[str, int]:
    return {IMPORT_PATH: settings.max_import_bytes}


IMPORT_ROUTES = [Route(IMPORT_PATH, upload_talents, methods=["POST"])]
