"""The answer while the database does not answer: HTTP 503, one coded error, Retry-After —
for /graphql and for every other route (card checks, reports, imports, the console's API)."""

from __future__ import annotations

import orjson
from starlette.responses import Response

from resolvers.core.outage import RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE, unavailable_extensions


def unavailable() -> Response:
    error = {"message": UNAVAILABLE_MESSAGE, "extensions": unavailable_extensions()}
    retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    body = orjson.dumps({"data": None, "errors": [error]})
    return Response(body, status_code=503, media_type="application/json", headers=retry)
