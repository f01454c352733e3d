"""Query and mutation fields, one module per domain; `schema.build` merges them."""
