"""`python -m tests.support.prebuild sqlite|postgres`: build the shared templates of one
backend (base, demo, history) ahead of the workers' first tests.

The xdist controller starts one per backend as the workers start up, so both cores build
templates while the workers import and collect; a worker that needs a template first
waits on its lock instead of building it (tests/support/shared.py). A failure here costs
nothing but time: the workers build whatever is missing themselves.
"""

from __future__ import annotations

import os
import sys

from argon2 import profiles

from resolvers.accounts import passwords
from tests.support.databases import KINDS, PostgresDatabases, SqliteDatabases
from tests.support.postgres import URL_ENV


def main(backend: str) -> None:
    passwords.use_profile(profiles.CHEAPEST)  # as the suite hashes (tests/conftest.py)
    databases = SqliteDatabases() if backend == "sqlite" else PostgresDatabases(os.environ[URL_ENV])
    try:
        databases.prepare(*KINDS)
    finally:
        databases.close()


if __name__ == "__main__":
    main(sys.argv[1])
