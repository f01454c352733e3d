"""`tortoise makemigrations` / `tortoise migrate` read `TORTOISE_ORM` (pyproject.toml)."""

from __future__ import annotations

from typing import Any

from resolvers.core.settings import get_settings
from schema.db import tortoise_config


class _LazyConfig(dict):
    """Resolve the database URL when the Tortoise command line reads this name."""

    def __init__(self) -> None:
        super().__init__(tortoise_config(get_settings().effective_database_url))


TORTOISE_ORM: dict[str, Any] = _LazyConfig()
