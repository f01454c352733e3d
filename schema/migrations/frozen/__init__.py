"""Frozen copies of the code a data migration runs, as it was when the migration was
written: a migration never imports live code, which may change after it has run.

Tortoise's loader skips packages, so nothing here is taken for a migration.
"""
