"""The HTTP edge: the /graphql view, the caller of a request, transport limits and
request ids, health, and the plain routes (cards, imports, reports). Imports anything
below it; nothing imports it but `gateway.app`."""
