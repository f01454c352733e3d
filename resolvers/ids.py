"""Opaque global IDs (Relay): base64url of `Type:key`."""

from __future__ import annotations

import base64
import binascii

from resolvers.errors import ErrorCode, UserError


def encode_id(type_name: str, key: object) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("=")


def decode_id(global_id: str, field: str = "id") -> tuple[str, str]:
    """Return (type name, key); a malformed ID is a VALIDATION error."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        raise UserError(field, ErrorCode.VALIDATION, "malformed id") from None
    type_name, sep, key = raw.partition(":")
    if not sep or not type_name or not key:
        raise UserError(field, ErrorCode.VALIDATION, "malformed id")
    return type_name, key


def decode_int_id(global_id: str, expected_type: str, field: str = "id") -> int:
    """The integer key of an ID of `expected_type`; another type answers NOT_FOUND,
    exactly as a record that does not exist."""
    type_name, key = decode_id(global_id, field)
    if type_name != expected_type or not key.isdigit() or len(key) > 18:
        raise UserError(field, ErrorCode.NOT_FOUND, f"{expected_type} not found")
    return int(key)
