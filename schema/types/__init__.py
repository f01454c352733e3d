"""Strawberry types: what the gateway serves."""
