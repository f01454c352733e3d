"""The operations: every business rule, one subpackage per domain.

Called by the GraphQL schema (`schema/api`, `schema/types`), by jobs and by the demo.
Imports `permissions` and the stored schema (`schema.models`, `schema.sql`), never
`gateway`, `schema.api` or `schema.types`; the one way up is the outbox hand-off
(`jobs.outbox.staging`, `jobs.keys`). A domain imports only the domains below it
(pyproject.toml, contract "domains"), `core` being the floor.
"""
