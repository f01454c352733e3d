"""Tortoise configuration: one app, models in `schema.models`, migrations in `schema/migrations`.

The `tortoise` command line reads `gateway.db.TORTOISE_ORM`, which fills this in from the settings.
"""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate as migrate_api

MODELS_MODULE = "schema.models"
MIGRATIONS_MODULE = "schema.migrations"


POSTGRES_POOL_SIZE = 20


def with_pool_size(database_url: str) -> str:
    """PostgreSQL URLs get a pool of 20 unless they name one (Tortoise's default of 5
    starves a worker running many jobs at once)."""
    if not database_url.startswith(("postgres", "asyncpg")) or "maxsize=" in database_url:
        return database_url
    return f"{database_url}{'&' if '?' in database_url else '?'}maxsize={POSTGRES_POOL_SIZE}"


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": with_pool_size(database_url)},
        "apps": {
            "models": {
                "models": [MODELS_MODULE],
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        # Stored in UTC: SQLite compares datetimes as text, so every value and every
        # filter bound must share one offset (filters are normalised to UTC too).
        "use_tz": True,
        "timezone": "UTC",
    }


async def apply_migrations(database_url: str) -> None:
    """Apply every committed migration, then leave Tortoise uninitialised."""
    await migrate_api(config=tortoise_config(database_url))
    await Tortoise.close_connections()
