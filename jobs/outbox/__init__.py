"""The transactional outbox (发件箱): rows staged in the caller's transaction
(`staging`, the one module resolvers may import, with `jobs.keys`), the sweeper, and
the tasks that run them — handoff delivery to departments (inbox and webhooks),
notification copies and their senders, talent imports."""
