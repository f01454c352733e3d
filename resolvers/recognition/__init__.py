"""Talent recognition (人才认定): applications, reviews, public notice, objections,
and direct recognition by rules kept as data."""
