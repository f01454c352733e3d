"""Limits an API token may carry for outside builders (Retool, Appsmith, 简道云):

* `readOnly` — the token runs queries only; any mutation is refused (FORBIDDEN) before it
  executes, so nothing changes;
* `operations` — the token runs only GraphQL operations whose name is listed (an anonymous
  operation has none and is refused; FORBIDDEN on `operationName`).

The gateway checks them once per operation, before execution, whatever the transport (POST,
GET, a trusted document of a published tool): `schema.extensions.TokenLimits`. Plain routes
that write (the .xlsx upload) refuse a limited token outright (`refuse_limited_token`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from resolvers.core.errors import ErrorCode, UserError, forbidden, validation
from resolvers.core.principal import Principal

MAX_OPERATIONS = 50
NAME_MAX = 100
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")  # GraphQL's Name


def check_operation_names(names: Iterable[str] | None) -> list[str] | None:
    """The names a token may run, as given (duplicates dropped); None: no limit."""
    if names is None:
        return None
    given = list(names)
    if len(given) > 10 * MAX_OPERATIONS:  # not worth reading name by name
        raise validation("operations", f"最多列出 {MAX_OPERATIONS} 个操作名",
                         f"at most {MAX_OPERATIONS} operation names")  # fmt: skip
    for index, name in enumerate(given):
        if not isinstance(name, str) or len(name) > NAME_MAX or not _NAME.fullmatch(name):
            raise validation(
                f"operations.{index}",
                "操作名应符合 GraphQL 命名规则（字母或下划线开头，仅含字母、数字、下划线，"
                f"最长 {NAME_MAX} 个字符）",
                f"operation names follow GraphQL's Name syntax ([_A-Za-z][_0-9A-Za-z]*, at most {NAME_MAX})",
            )
    given = list(dict.fromkeys(given))
    if not given:
        raise validation("operations", "请至少列出一个操作名，或不填（不限操作）",
                         "list at least one operation name, or leave it out (any operation)")  # fmt: skip
    if len(given) > MAX_OPERATIONS:
        raise validation("operations", f"最多列出 {MAX_OPERATIONS} 个操作名",
                         f"at most {MAX_OPERATIONS} operation names")  # fmt: skip
    return given


def read_only_refusal() -> UserError:
    return forbidden(None, "只读令牌只能执行查询，不能执行变更操作",
                     "a read-only API token may run queries only, not mutations")  # fmt: skip


def operation_refusal(name: str | None) -> UserError:
    if name is None:
        return UserError("operationName", ErrorCode.FORBIDDEN,
                         "该令牌只能执行指定名称的操作：请为操作命名（如 query 操作名 { … }）",
                         "this API token runs named operations only; name the operation")  # fmt: skip
    return UserError("operationName", ErrorCode.FORBIDDEN, f"该令牌不能执行操作 {name}",
                     f"this API token may not run the operation {name}")  # fmt: skip


def refusal(principal: Principal | None, is_query: bool, operation_name: str | None) -> UserError | None:
    """Why `principal` may not run this operation, or None when it may."""
    if principal is None:
        return None
    if principal.read_only and not is_query:
        return read_only_refusal()
    if principal.operations is not None and operation_name not in principal.operations:
        return operation_refusal(operation_name)
    return None


def refuse_limited_token(principal: Principal) -> None:
    """Plain routes that write are not GraphQL operations: a limited token may not use them."""
    if principal.read_only:
        raise read_only_refusal()
    if principal.operations is not None:
        raise forbidden(None, "限定操作的令牌只能执行其列出的 GraphQL 操作",
                        "a token limited to named operations runs only those GraphQL operations")  # fmt: skip
