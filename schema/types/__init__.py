"""Strawberry types: what the gateway serves (the GraphQL half; imports `resolvers`)."""
