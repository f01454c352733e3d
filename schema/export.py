"""Write the served schema to `schema.graphql` (`python -m schema.export`).

The file is the public contract under review: a test fails when code and file differ,
and `breaking_changes` names what a change would break for existing clients.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graphql import GraphQLSchema
from graphql import build_schema as _build_sdl
from graphql.utilities import find_breaking_changes

from schema.build import build_schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def parse_sdl(sdl: str) -> GraphQLSchema:
    """Federation directives (@link, @key) are declared by the composer, not in the file."""
    return _build_sdl(sdl, assume_valid_sdl=True)


def current_sdl() -> str:
    return build_schema().as_str() + "\n"


def breaking_changes(old_sdl: str, new_sdl: str) -> list[str]:
    old, new = parse_sdl(old_sdl), parse_sdl(new_sdl)
    return [f"{c.type.name}: {c.description}" for c in find_breaking_changes(old, new)]


def main() -> int:
    new = current_sdl()
    if SCHEMA_FILE.exists():
        for change in breaking_changes(SCHEMA_FILE.read_text(encoding="utf-8"), new):
            print(f"BREAKING {change}", file=sys.stderr)
    SCHEMA_FILE.write_text(new, encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
