"""The Starlette application: /graphql, /healthz, /readyz, /metrics, the console and GraphiQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from arq.connections import RedisSettings, create_pool
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route
from starlette.types import ASGIApp
from tortoise.contrib.starlette import RegisterTortoise

from gateway.http.cards import CARD_ROUTES
from gateway.http.console import CONSOLE_ROUTES
from gateway.http.cors import GraphQLCors
from gateway.http.graphql import GatewayGraphQL
from gateway.http.health import healthz, livez, readyz
from gateway.http.imports import IMPORT_ROUTES, import_body_limits
from gateway.http.metrics import METRICS_ROUTES
from gateway.http.middleware import RequestLimits
from gateway.http.reports import REPORT_ROUTES
from gateway.observability.statements import count_statements
from permissions.bootstrap import ensure_default_policy
from permissions.policy_cache import PolicyCache
from resolvers.accounts import passwords
from resolvers.core.outage import quiet_pool_retries
from resolvers.core.settings import Settings, get_settings, use_settings
from resolvers.federation.keys import rehash_if_key_changed
from resolvers.lowcode.drift import check_drift_at_start
from schema.build import build_schema
from schema.db import apply_migrations, generic_plans, tortoise_config


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> Starlette:
    """`migrate` applies committed migrations on start (the embedded default does;
    production runs `talentgate migrate` once before rolling out)."""
    if settings is not None:
        use_settings(settings)
    settings = get_settings()
    count_statements()  # each request's SQL statements, for its log line and metrics
    quiet_pool_retries()  # a database outage is one log line, not a traceback a second
    policies = PolicyCache(ttl=settings.policy_cache_seconds)
    graphql = GatewayGraphQL(build_schema(), graphql_ide=None, allow_queries_via_get=True)
    # Every method reaches the view, which answers the ones it refuses with a coded error;
    # CORS wraps /graphql alone, and only when origins are configured.
    endpoint: ASGIApp = GraphQLCors(graphql, settings.cors_origins) if settings.cors_origins else graphql

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        url = settings.effective_database_url
        if settings.is_sqlite:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        if migrate:
            await apply_migrations(url)
        async with RegisterTortoise(app, config=tortoise_config(url)), generic_plans(url):
            added = await ensure_default_policy()
            await rehash_if_key_changed(settings)  # PROVINCE_KEY changed: hashes filled anew
            await check_drift_at_start(graphql.schema._schema)  # tools against this release's schema
            await asyncio.to_thread(passwords.prepare)
            app.state.redis = (
                await create_pool(RedisSettings.from_dsn(settings.redis_url))
                if settings.redis_url
                else None
            )
            if added:  # a newer release's default lines: the other processes' caches forget
                await policies.publish(app.state.redis)
            try:
                yield
            finally:
                if app.state.redis is not None:
                    await app.state.redis.aclose()

    app = Starlette(
        debug=False,
        routes=[
            Route("/graphql", endpoint),
            Route("/healthz", healthz),
            Route("/livez", livez),
            Route("/readyz", readyz),
            *METRICS_ROUTES,
            *REPORT_ROUTES,
            *IMPORT_ROUTES,
            *CARD_ROUTES,
            *CONSOLE_ROUTES,
        ],
        middleware=[
            Middleware(
                RequestLimits,
                max_body_bytes=settings.max_body_bytes,
                path_limits=import_body_limits(settings),
            )
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.policies = policies
    return app
