"""Who may do what where: the Casbin model, compiled scopes, SQL filters, masking, audit.

Imports only the stored schema (`schema.models`, `schema.sql`).
"""
