"""The web console (人才服务工作台) and GraphiQL, from the build shipped in this package.

`console/` holds the source; `npm run build` writes here (gateway/http/console/), so the
demo serves the console without Node. Hashed assets are cached for good; the pages are
not, so a new release is picked up on the next load. Any other /console/… path is a
page of the single-page app and gets its index.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from resolvers.lowcode.document import schema_text

BUILD = Path(__file__).with_name("console")
NO_CACHE = {"Cache-Control": "no-cache"}
# The pages load nothing from elsewhere: an intranet has no internet, and a console
# that handles personal data should not run other origins' code.
PAGE_SECURITY = {
    **NO_CACHE,
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "font-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class ImmutableAssets(StaticFiles):
    async def get_response(self, path: str, scope):  # type: ignore[no-untyped-def]
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def _page(name: str) -> Response:
    page = BUILD / name
    if not page.exists():
        return Response("控制台尚未构建：cd console && npm ci && npm run build", status_code=503,
                        media_type="text/plain; charset=utf-8")  # fmt: skip
    return FileResponse(page, headers=PAGE_SECURITY)


async def console_page(request: Request) -> Response:
    return _page("index.html")


async def graphiql_page(request: Request) -> Response:
    return _page("graphiql.html")


async def tool_schema(request: Request) -> Response:
    """The JSON Schema of a low-code tool document (public: it describes a format)."""
    return Response(schema_text(), media_type="application/schema+json", headers=NO_CACHE)


async def to_console(request: Request) -> Response:
    return RedirectResponse("/console/", status_code=307)


CONSOLE_ROUTES = [
    Route("/", to_console),
    Route("/console", to_console),
    Mount("/console/assets", app=ImmutableAssets(directory=BUILD / "assets", check_dir=False)),
    Route("/console/tool.schema.json", tool_schema),
    Route("/console/{path:path}", console_page),
    Route("/graphiql", graphiql_page),
]
