"""Accounts: sign-in and its throttle, authentication of JWTs and API tokens, passwords,
the accounts an office manages and their listing, role grants, policy lines, and the
audit view."""
