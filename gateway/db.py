"""`tortoise makemigrations` / `tortoise migrate` read `TORTOISE_ORM` (pyproject.toml); the
command line runs its one-off work through `with_orm`."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise

from resolvers.core.settings import Settings, get_settings
from schema.db import apply_migrations, tortoise_config


class _LazyConfig(dict):
    """Resolve the database URL when the Tortoise command line reads this name."""

    def __init__(self) -> None:
        super().__init__(tortoise_config(get_settings().effective_database_url))


TORTOISE_ORM: dict[str, Any] = _LazyConfig()


async def with_orm(settings: Settings, work: Any) -> object:
    """Migrate, open the ORM, run `work()`, close: a command's database session."""
    await apply_migrations(settings.effective_database_url)
    await Tortoise.init(config=tortoise_config(settings.effective_database_url))
    try:
        from permissions.bootstrap import ensure_default_policy

        await ensure_default_policy()
        return await work()
    finally:
        await Tortoise.close_connections()
