"""Low-code tools (工具): JSON documents of pages and blocks, validated against their JSON
Schema and the live GraphQL schema, versioned, templated, and run as trusted documents."""
