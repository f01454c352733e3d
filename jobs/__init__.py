"""arq workers: the outbox (`outbox/`: departmental handoffs, notification copies,
imports) and the crons of each domain (cards, complaints, recognition, supervision…).

Imports `resolvers`, `permissions` and the stored schema; never `gateway` or the GraphQL
schema. Every queue, job id and Redis key is named in `jobs.keys`.
"""
