"""Authentication: passwords, JWTs, API tokens and the request principal."""
