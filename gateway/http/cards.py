"""Electronic card routes.

* `GET /cards/verify?token=…` — the anonymous card check, rate-limited per client address
  (429 {"error": "LIMIT_EXCEEDED"} with Retry-After).
* `GET /cards/{id}/qr.svg`, `/cards/{id}/qr.png` — the e-card QR code for the holder and
  card staff (Bearer). `{id}` is the card's Relay global ID, as `Card.id` gives it; anyone
  else, any other ID, gets the 404 of a missing card.

Tokens travel in the query string, so the access log keeps paths only
(gateway/http/middleware.py).
"""

from __future__ import annotations

import io

import orjson
import segno
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.http.context import request_context
from resolvers.cards.rate_limit import card_check_allowed, card_check_buckets
from resolvers.cards.tokens import card_for_token_viewer, token_for_viewer
from resolvers.core.errors import UserError
from resolvers.core.ids import decode_int_id
from resolvers.federation.honoured import verify_anywhere

QR_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
NO_STORE = {"Cache-Control": "no-store"}


async def verify_card(request: Request) -> Response:
    if not await card_check_allowed(request):
        retry = str(card_check_buckets(request.app).retry_after())
        return JSONResponse({"error": "LIMIT_EXCEEDED"}, status_code=429, headers={"Retry-After": retry})
    answer = await verify_anywhere(request.app.state.settings, request.query_params.get("token"))
    return Response(orjson.dumps(answer.as_json()), media_type="application/json", headers=NO_STORE)


async def card_qr(request: Request) -> Response:
    ctx = await request_context(request)
    if ctx.principal is None:
        return JSONResponse({"error": "UNAUTHENTICATED"}, status_code=401)
    kind, card_id = request.path_params["format"], _card_id(request.path_params["id"])
    card = None
    if card_id is not None and kind in QR_FORMATS:
        card = await card_for_token_viewer(ctx.principal, card_id)
    token = token_for_viewer(ctx.settings, ctx.principal, card) if card else None
    if token is None:
        return JSONResponse({"error": "NOT_FOUND"}, status_code=404)
    return Response(qr_image(token, kind), media_type=QR_FORMATS[kind], headers=NO_STORE)


def _card_id(global_id: str) -> int | None:
    try:
        return decode_int_id(global_id, "Card")
    except UserError:
        return None


def qr_image(token: str, kind: str) -> bytes:
    """The token as a QR code; medium error correction survives a scratched phone screen."""
    buffer = io.BytesIO()
    segno.make_qr(token, error="m").save(buffer, kind=kind, scale=8 if kind == "png" else 4, border=4)
    return buffer.getvalue()


CARD_ROUTES = [
    Route("/cards/verify", verify_card),
    Route("/cards/{id}/qr.{format}", card_qr),
]


