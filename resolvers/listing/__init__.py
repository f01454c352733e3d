"""Serving lists: typed filters → one SQL filter, keyset pagination, connections, and
global-ID lookups (`node`, `_entities`). Imports `core` only."""
