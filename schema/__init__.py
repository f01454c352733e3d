"""The schema in both its faces.

Served (the GraphQL half, above `resolvers`): `api/` (query and mutation fields),
`types/`, `build`, `export` and the validation rules. Stored (the floor, below
`permissions`): `models/`, `migrations/`, `db` and `sql`.
"""
