"""Opaque global IDs (Relay): base64url of `Type:key`.

Every global ID read from a client goes through `decode_id`, and every key through
`int_key` (or `code_key` for jurisdictions): whatever was wrapped inside a well-formed ID
(letters, other scripts' digits, a number or code wider than the key column) answers
VALIDATION or NOT_FOUND here, so no lookup ever sends the database a key it cannot hold.
"""

from __future__ import annotations

import base64
import binascii
import re

from resolvers.core.errors import ErrorCode, UserError, record_not_found

# Keys are ASCII digits only: str.isdigit() and int() also take "²" or "٣".
_INT_KEY = re.compile(r"[0-9]{1,19}")
_CODE_KEY = re.compile(r"[1-9][0-9]{5}")
INT_KEY_MAX = 2**31 - 1  # INTEGER primary keys (PostgreSQL refuses wider parameters)
BIGINT_KEY_MAX = 2**63 - 1
# Addressable types whose table has a BIGINT primary key.
BIGINT_KEYS = frozenset({"AuditEvent", "Notification"})
# A real ID is short; this bounds the work of decoding whatever a client sends.
MAX_ID_LENGTH = 200
MALFORMED_ID, MALFORMED_ID_EN = "ID 格式不正确", "malformed id"


def encode_id(type_name: str, key: object) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("=")


def decode_id(global_id: str, field: str = "id") -> tuple[str, str]:
    """Return (type name, key); a malformed ID is a VALIDATION error."""
    if not isinstance(global_id, str) or len(global_id) > MAX_ID_LENGTH:
        raise UserError(field, ErrorCode.VALIDATION, MALFORMED_ID, MALFORMED_ID_EN)
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        raise UserError(field, ErrorCode.VALIDATION, MALFORMED_ID, MALFORMED_ID_EN) from None
    type_name, sep, key = raw.partition(":")
    if not sep or not type_name or not key:
        raise UserError(field, ErrorCode.VALIDATION, MALFORMED_ID, MALFORMED_ID_EN)
    return type_name, key


def int_key(type_name: str, key: str) -> int | None:
    """The integer key inside an ID of `type_name`, or None when it cannot be one (no
    row has it, so callers answer NOT_FOUND as for a missing record)."""
    if not _INT_KEY.fullmatch(key):
        return None
    value = int(key)
    return value if value <= (BIGINT_KEY_MAX if type_name in BIGINT_KEYS else INT_KEY_MAX) else None


def code_key(key: str) -> str | None:
    """The key inside a Jurisdiction ID: a six-digit GB/T 2260 code, or None (no row has
    another, and a longer one is wider than the column)."""
    return key if _CODE_KEY.fullmatch(key) else None


def decode_int_id(global_id: str, expected_type: str, field: str = "id") -> int:
    """The integer key of an ID of `expected_type`; another type answers NOT_FOUND,
    exactly as a record that does not exist."""
    type_name, key = decode_id(global_id, field)
    value = int_key(type_name, key) if type_name == expected_type else None
    if value is None:
        raise record_not_found(field, expected_type)
    return value
