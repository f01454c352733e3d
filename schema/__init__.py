"""The schema in both its faces: Tortoise models (stored) and Strawberry types (served)."""
