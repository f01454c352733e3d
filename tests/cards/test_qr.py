"""The e-card QR code: served to the holder and card staff as SVG and PNG, holding a genuine
token of the card; everyone else gets the 404 of a missing card. Plus the real server: a
token checks out over HTTP until the card is revoked, and never reaches the access log."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gateway.http.cards import qr_image
from resolvers.cards.tokens import keyring, sign
from resolvers.core.ids import encode_id
from schema.models import Card
from schema.models.enums import CardStatus
from tests.gateway.test_http_server import _token
from tests.support.graphql import GraphQLClient
from tests.support.live_server import LiveServer, start_server

OWN_CARD = "{ me { talent { activeCard { id number verificationToken } } } }"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def server(demo_db: str, redis_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """The real `talentgate serve` on the test's own copy of the demo (`db` reads the same one)."""
    with start_server(demo_db, tmp_path, redis_url=redis_url) as live:
        yield live


async def _own_card(client: GraphQLClient) -> dict[str, str]:
    return (await client.data(OWN_CARD, as_user="talent_demo"))["me"]["talent"]["activeCard"]


async def test_the_holder_and_card_staff_get_the_qr_code_of_a_genuine_token(client: GraphQLClient) -> None:
    card = await _own_card(client)
    ring = keyring(client.app.state.settings)
    for user in ("talent_demo", "changan_admin", "sjz_admin"):
        since = int(time.time())
        svg = await client.get(f"/cards/{card['id']}/qr.svg", as_user=user)
        until = int(time.time())
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml"), user
        assert svg.headers["cache-control"] == "no-store" and b"<svg" in svg.content
        # Tokens are stamped to the second: the code is one of this card's tokens signed meanwhile.
        genuine = {qr_image(sign(ring, card["number"], at), "svg") for at in range(since, until + 1)}
        assert svg.content in genuine, user
        png = await client.get(f"/cards/{card['id']}/qr.png", as_user=user)
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        assert png.content.startswith(PNG_SIGNATURE)


async def test_anyone_else_and_any_other_id_get_the_404_of_a_missing_card(client: GraphQLClient) -> None:
    card = await _own_card(client)
    url = f"/cards/{card['id']}/qr.svg"
    for user in ("changan_window", "auditor_demo", "zhengding_admin", "jinan_admin", "verifier_demo"):
        response = await client.get(url, as_user=user)
        assert response.status_code == 404 and response.json() == {"error": "NOT_FOUND"}, user
    assert (await client.get(url)).status_code == 401
    row = await Card.get(number=card["number"])
    for other in (
        f"/cards/{encode_id('Card', 10**9)}/qr.svg",  # no such card
        f"/cards/{encode_id('Talent', row.holder_id)}/qr.svg",  # another type's ID
        f"/cards/{row.id}/qr.svg",  # numeric IDs are not accepted: Relay IDs only
        f"/cards/{card['id']}/qr.gif",
        "/cards/%%%/qr.png",
    ):
        assert (await client.get(other, as_user="talent_demo")).status_code == 404, other


async def test_the_real_server_checks_tokens_until_revocation_and_keeps_them_out_of_its_log(
    server: LiveServer,
    db: str,
) -> None:
    bearer = {"Authorization": f"Bearer {_token(server.base, 'talent_demo')}"}
    async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
        body = (await http.post("/graphql", json={"query": OWN_CARD}, headers=bearer)).json()
        card = body["data"]["me"]["talent"]["activeCard"]
        token = card["verificationToken"]

        async def check(token: str) -> dict[str, object]:
            return (await http.get("/cards/verify", params={"token": token})).json()

        answer = await check(token)
        assert answer["valid"] is True
        assert set(answer) == {"valid", "tier", "programme", "expiresOn", "holder"}
        png = await http.get(f"/cards/{card['id']}/qr.png", headers=bearer)
        assert png.content.startswith(PNG_SIGNATURE)
        assert await check(token[:-2]) == {"valid": False}
        await Card.filter(number=card["number"]).update(status=CardStatus.REVOKED)
        assert await check(token) == {"valid": False}  # at once: nothing cached
    log = server.log()
    assert "GET /cards/verify?… HTTP/1.1" in log  # the checks were logged, without their query
    payload, signature = token.split(".")
    assert payload not in log and signature not in log
