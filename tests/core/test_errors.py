"""Coded failures: a Chinese message for the console, the English beside it, the code
unchanged; enum values named by their Chinese label."""

from __future__ import annotations

from resolvers.core.errors import ErrorCode, changed_meanwhile, forbidden, not_found, record_not_found
from schema.extensions import in_chinese
from schema.models.enum_labels import zh
from schema.models.enums import CardStatus, HandoffStatus


def test_not_found_names_the_record_in_chinese_and_english() -> None:
    error = not_found("talentId", "人才", "talent")
    assert (error.code, error.message, error.message_en) == (
        ErrorCode.NOT_FOUND,
        "未找到该人才",
        "talent not found",
    )
    assert record_not_found("cardId", "Card").message == "未找到该人才卡"
    assert record_not_found("id", "Nothing").message_en == "record not found"


def test_forbidden_without_a_reason_is_the_general_refusal() -> None:
    assert (forbidden(None).message, forbidden(None).message_en) == ("您无权进行此操作", "not allowed")
    assert forbidden("id", "您无权修改").message_en is None  # no English invented
    assert changed_meanwhile("id").code == ErrorCode.CONFLICT


def test_states_are_named_by_their_label() -> None:
    assert (zh(HandoffStatus.ACCEPTED), zh(CardStatus.SUPERSEDED)) == ("已受理", "已升级替换")


def test_library_limit_errors_are_put_in_chinese() -> None:
    assert (
        in_chinese("'q' exceeds maximum operation depth of 12") == "查询嵌套层数过多：最多 12 层，请减少嵌套"
    )
    assert in_chinese("40 aliases found. Allowed: 30") == "查询使用的别名过多：共 40 个，最多 30 个"
    assert in_chinese("Cannot query field 'x' on type 'Query'.") is None
