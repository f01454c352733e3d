"""Accounts: sign-in and its throttle, authentication of JWTs and API tokens, passwords,
role grants, policy lines, and the audit view."""
