"""How the gateway serves the console and GraphiQL: paths, caching, security headers."""

from __future__ import annotations

from tests.support.live_server import LiveServer, live_server  # noqa: F401 (fixture)


def test_the_root_and_bare_console_path_lead_to_the_console(live_server: LiveServer) -> None:  # noqa: F811
    for path in ("/", "/console"):
        response = live_server.get(path)
        assert response.status_code == 307 and response.headers["location"] == "/console/"


def test_every_console_path_is_the_single_page_app_and_not_cached(live_server: LiveServer) -> None:  # noqa: F811
    pages = [live_server.get(p) for p in ("/console/", "/console/handler/inbox", "/console/data/talents")]
    assert {p.status_code for p in pages} == {200}
    assert len({p.text for p in pages}) == 1 and "人才服务工作台" in pages[0].text
    headers = pages[0].headers
    assert headers["cache-control"] == "no-cache"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_hashed_assets_are_cached_for_good_and_missing_ones_are_404(live_server: LiveServer) -> None:  # noqa: F811
    index = live_server.get("/console/").text
    script = index.split('src="')[1].split('"')[0]
    asset = live_server.get(script)
    assert asset.status_code == 200 and "javascript" in asset.headers["content-type"]
    assert "immutable" in asset.headers["cache-control"]
    assert live_server.get("/console/assets/nothing-here.js").status_code == 404


def test_a_browser_opening_graphql_gets_the_local_graphiql(live_server: LiveServer) -> None:  # noqa: F811
    opened = live_server.get("/graphql", headers={"Accept": "text/html"})
    assert opened.status_code == 307 and opened.headers["location"] == "/graphiql"
    page = live_server.get("/graphiql")
    assert page.status_code == 200 and "/console/assets/graphiql-" in page.text
    assert "cdn" not in page.text.lower() and "unpkg" not in page.text.lower()
    # Clients that ask for JSON still get GraphQL answers, not the page.
    answer = live_server.post("{ __typename }")
    assert answer.json() == {"data": {"__typename": "Query"}}
