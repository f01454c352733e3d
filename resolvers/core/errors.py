"""Expected failures with stable codes: they become `userErrors` (mutations) or
`extensions.code` (top-level errors), never stack traces."""

from __future__ import annotations

from enum import Enum


class ErrorCode(str, Enum):
    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INVALID_STATE = "INVALID_STATE"
    CONFLICT = "CONFLICT"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"


class UserError(Exception):
    """One expected failure; `field` names the input field (camelCase) or is None."""

    def __init__(self, field: str | None, code: ErrorCode | str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = ErrorCode(code)
        self.message = message


class UserErrors(Exception):
    """Several failures found at once (all input checked before anything is written)."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def validation(field: str | None, message: str) -> UserError:
    return UserError(field, ErrorCode.VALIDATION, message)


def not_found(field: str | None, what: str) -> UserError:
    return UserError(field, ErrorCode.NOT_FOUND, f"{what} not found")


def forbidden(field: str | None, message: str = "not allowed") -> UserError:
    return UserError(field, ErrorCode.FORBIDDEN, message)
