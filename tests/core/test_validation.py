"""Input validators: resident IDs, passports, credit codes, phones, jurisdiction codes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolvers.core.errors import ErrorCode, UserError
from resolvers.core.validation import (
    PROVINCE_CODES,
    check_credit_code,
    check_jurisdiction_code,
    check_passport,
    check_phone,
    check_resident_id,
    make_credit_code,
    make_resident_id,
    resident_id_check_digit,
)
from schema.models.enums import Gender

TODAY = date(2026, 3, 1)


def _fails(call, *args, **kwargs) -> UserError:
    with pytest.raises(UserError) as caught:
        call(*args, **kwargs)
    assert caught.value.code is ErrorCode.VALIDATION
    return caught.value


# --- resident ID ----------------------------------------------------------------------


def test_resident_id_accepts_a_valid_number_and_reads_birth_date_and_gender() -> None:
    checked = check_resident_id("360426199101010071")
    assert checked.number == "360426199101010071"
    assert checked.birth_date == date(1991, 1, 1)
    assert checked.gender == Gender.MALE == "MALE"
    assert checked.region_code == "360426"


def test_resident_id_upper_cases_the_x_check_digit_and_ignores_spaces() -> None:
    number = next(
        n
        for seq in range(500)
        if (n := make_resident_id("130102", date(1990, 5, 6), seq, False)).endswith("X")
    )
    checked = check_resident_id(f" {number[:6]} {number[6:-1]}x ")
    assert checked.number == number
    assert checked.gender == Gender.FEMALE


@pytest.mark.parametrize(
    "value",
    ["", "36042619910101007", "3604261991010100711", "36042619910101007A", "3604261991O101007X"],
)
def test_resident_id_rejects_a_malformed_number_as_format(value: str) -> None:
    error = _fails(check_resident_id, value)
    assert error.field == "idNumber"
    assert "格式不正确" in error.message


def test_identifiers_reject_digits_of_other_scripts() -> None:
    # Python's \d and int() accept them; a stored ID or phone must be ASCII.
    valid = make_resident_id("130102", date(1990, 1, 1), 1, True)
    assert "格式不正确" in _fails(check_resident_id, valid[:8] + "\u0663" + valid[9:]).message
    _fails(check_phone, "1381234567\u0663")
    _fails(check_jurisdiction_code, "13010\u0663")
    _fails(check_passport, "\u0131\u0131\u0131\u0131\u0131")  # dotless i upper-cases to I


def test_resident_id_rejects_an_unknown_province_as_region() -> None:
    error = _fails(check_resident_id, make_resident_id("990102", date(1990, 1, 1), 1, True))
    assert "地区码" in error.message


@pytest.mark.parametrize(
    ("yyyymmdd", "why"),
    [("19900230", "calendar"), ("18991231", "before 1900"), ("20260302", "future")],
)
def test_resident_id_rejects_an_impossible_birth_date_as_date(yyyymmdd: str, why: str) -> None:
    first17 = f"130102{yyyymmdd}123"
    # A correct check digit, so only the date can be what fails.
    number = first17 + resident_id_check_digit(first17)
    error = _fails(check_resident_id, number, "spouseIdNumber", today=TODAY)
    assert error.field == "spouseIdNumber"
    assert "出生日期" in error.message


def test_resident_id_rejects_a_wrong_check_digit_as_checksum() -> None:
    error = _fails(check_resident_id, "360426199101010072")
    assert "校验码" in error.message


def test_resident_id_accepts_a_birth_today_but_not_tomorrow() -> None:
    born_today = make_resident_id("370102", TODAY, 3, True)
    assert check_resident_id(born_today, today=TODAY).birth_date == TODAY
    _fails(check_resident_id, born_today, today=date(2026, 2, 28))


def test_make_resident_id_encodes_gender_in_the_17th_digit() -> None:
    male = make_resident_id("130123", date(1975, 12, 31), 42, True)
    female = make_resident_id("130123", date(1975, 12, 31), 42, False)
    assert int(male[16]) % 2 == 1 and int(female[16]) % 2 == 0
    assert check_resident_id(male).gender == Gender.MALE
    assert check_resident_id(female).gender == Gender.FEMALE


def test_make_resident_id_refuses_a_sequence_outside_the_order_code() -> None:
    with pytest.raises(ValueError):
        make_resident_id("130102", date(1990, 1, 1), 500, True)


resident_ids = st.builds(
    make_resident_id,
    region_code=st.builds(
        lambda province, rest: province + rest,
        st.sampled_from(sorted(PROVINCE_CODES)),
        st.from_regex(r"[0-9]{4}", fullmatch=True),
    ),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=499),
    male=st.booleans(),
)


@given(number=resident_ids)
def test_generated_resident_ids_always_validate(number: str) -> None:
    assert check_resident_id(number, today=TODAY).number == number


@given(number=resident_ids, position=st.integers(0, 17), data=st.data())
def test_changing_any_one_character_of_a_resident_id_makes_it_fail(
    number: str, position: int, data: st.DataObject
) -> None:
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    _fails(check_resident_id, changed, today=TODAY)


# --- passport -------------------------------------------------------------------------


def test_passport_is_upper_cased() -> None:
    assert check_passport(" e12345678 ") == "E12345678"


@pytest.mark.parametrize("value", ["", "A123", "E1234-5678", "A" * 21, "护照12345"])
def test_passport_rejects_short_long_or_punctuated_numbers(value: str) -> None:
    assert "护照" in _fails(check_passport, value).message


# --- unified social credit code -------------------------------------------------------


@pytest.mark.parametrize("value", ["91110000600037341L", "91440300708461136T", "911100007109250324"])
def test_credit_code_accepts_published_codes(value: str) -> None:
    assert check_credit_code(value.lower()) == value


def test_credit_code_rejects_letters_outside_the_charset_as_format() -> None:
    error = _fails(check_credit_code, "91110000600037341I")
    assert error.field == "creditCode"
    assert "格式不正确" in error.message
    assert "格式不正确" in _fails(check_credit_code, "9111000060003734").message


def test_credit_code_rejects_an_unknown_authority_or_type() -> None:
    code = make_credit_code("130102", 1, authority="9", entity_type="4")
    assert "登记管理部门" in _fails(check_credit_code, code).message
    code = make_credit_code("130102", 1, authority="B", entity_type="1")
    assert "登记管理部门" in _fails(check_credit_code, code).message


def test_credit_code_rejects_a_region_outside_any_province() -> None:
    assert "行政区划码" in _fails(check_credit_code, make_credit_code("990102", 1)).message


def test_credit_code_rejects_a_wrong_check_character_as_checksum() -> None:
    assert "校验码" in _fails(check_credit_code, "91110000600037341M").message


@pytest.mark.parametrize(
    ("authority", "entity_type"), [("9", "1"), ("9", "2"), ("1", "2"), ("5", "2"), ("N", "2")]
)
def test_generated_credit_codes_validate(authority: str, entity_type: str) -> None:
    for serial in (0, 1, 12345678, "MA0CXX1Y", "MA0CXX1Y3"):
        code = make_credit_code("130123", serial, authority=authority, entity_type=entity_type)
        assert check_credit_code(code) == code
        assert code[:8] == f"{authority}{entity_type}130123"


def test_make_credit_code_refuses_characters_outside_the_charset() -> None:
    with pytest.raises(ValueError):
        make_credit_code("130102", "MA0CXXIO")


# --- phone and jurisdiction code ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 199 1234 5678", "19912345678"),
        ("0311-86012345", "0311-86012345"),
        ("053188888888", "053188888888"),
        ("010-1234567", "010-1234567"),
    ],
)
def test_phone_accepts_mobiles_and_landlines(value: str, expected: str) -> None:
    assert check_phone(value) == expected


@pytest.mark.parametrize("value", ["", "12812345678", "1381234567", "311-86012345", "0311-123"])
def test_phone_rejects_other_numbers(value: str) -> None:
    error = _fails(check_phone, value, "officePhone")
    assert error.field == "officePhone"
    assert "电话号码" in error.message


def test_jurisdiction_code_is_six_digits() -> None:
    assert check_jurisdiction_code(" 370171 ") == "370171"
    for value in ("37017", "3701711", "37017A", "037017"):
        assert _fails(check_jurisdiction_code, value).field == "jurisdictionCode"
