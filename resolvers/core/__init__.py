"""What every domain needs: the request context, coded errors, global IDs, input
reading and validation, the clock, settings, case numbers, the caller's DataLoaders,
finding a record through the scope helper, and running a mutation. Imports no domain."""
