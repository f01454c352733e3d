"""Input validators (输入校验) for identifiers, names and free text the gateway stores, and
generators of valid fake values for the demo data and tests.

Each `check_*` function returns the normalised value or raises a VALIDATION `UserError`
naming the input field and saying which check failed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from stdnum.cn import ric, uscc

from resolvers.core.errors import validation
from schema.clock import china_today
from schema.models.enums import Gender

# GB/T 2260 province-level codes (省级行政区划代码); 71 Taiwan, 81 Hong Kong, 82 Macao,
# 83 is the prefix of residence permits of Taiwan residents (台湾居民居住证).
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23"}
    | {"31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54"}
    | {"61", "62", "63", "64", "65", "71", "81", "82", "83"}
)

# --- resident identity card number (居民身份证号码, GB 11643-1999) ---------------------

# ASCII only: Python's \d and int() also accept other scripts' digits (e.g. ٣, ෭).
_RESIDENT_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
_EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class ResidentId:
    """A checked resident ID number and what it encodes."""

    number: str
    birth_date: date
    gender: Gender

    @property
    def region_code(self) -> str:
        return self.number[:6]


def resident_id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 over the first 17 digits (python-stdnum wants a full number)."""
    return ric.calc_check_digit(first17 + "0")


def check_resident_id(value: str, field: str = "idNumber", *, today: date | None = None) -> ResidentId:
    """Check an 18-digit resident ID (居民身份证号码).

    :param value: the number; spaces are ignored and a final `x` is upper-cased
    :param field: the input field named in the error
    :param today: the day birth dates may not be after (defaults to today)
    """
    number = value.strip().replace(" ", "").upper()
    if not _RESIDENT_ID_RE.fullmatch(number):
        raise validation(
            field,
            "身份证号格式不正确：应为 17 位数字加 1 位数字或 X",
            "resident ID (身份证号) format: must be 17 digits followed by a digit or X",
        )
    if number[:2] not in PROVINCE_CODES:
        raise validation(
            field,
            f"身份证号地区码不正确：{number[:6]} 不属于已知的省份",
            f"resident ID (身份证号) region code: {number[:6]} is not in a known province",
        )
    birth_date = _birth_date(number, field)
    if birth_date < _EARLIEST_BIRTH or birth_date > (today or china_today()):
        raise validation(
            field,
            f"身份证号出生日期不正确：{birth_date.isoformat()} 早于 1900 年或晚于今天",
            f"resident ID (身份证号) birth date: {birth_date.isoformat()} is before 1900 or in the future",
        )
    if number[17] != resident_id_check_digit(number[:17]):
        raise validation(
            field,
            "身份证号校验码不正确，请核对号码",
            "resident ID (身份证号) checksum: the check digit does not match",
        )
    gender = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    return ResidentId(number=number, birth_date=birth_date, gender=gender)


def _birth_date(number: str, field: str) -> date:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise validation(
            field,
            f"身份证号出生日期不正确：{number[6:14]} 不是有效日期",
            f"resident ID (身份证号) birth date: {number[6:14]} is not a calendar date",
        ) from None


def make_resident_id(region_code: str, birth: date, sequence: int, male: bool) -> str:
    """A checksum-valid resident ID for fake data.

    :param region_code: six-digit GB/T 2260 code of the place of registration
    :param sequence: 0..499; with `male` it gives the 3-digit order code (odd for men)
    """
    if not re.fullmatch(r"[0-9]{6}", region_code):
        raise ValueError(f"region code must be six digits: {region_code!r}")
    if not 0 <= sequence < 500:
        raise ValueError(f"sequence must be in 0..499: {sequence}")
    first17 = f"{region_code}{birth:%Y%m%d}{sequence * 2 + int(male):03d}"
    return first17 + resident_id_check_digit(first17)


# --- passport (护照) ------------------------------------------------------------------

_PASSPORT_RE = re.compile(r"[A-Za-z0-9]{5,20}")


def check_passport(value: str, field: str = "idNumber") -> str:
    """Check a passport number: 5–20 letters and digits, returned upper-cased."""
    number = value.strip()
    if not _PASSPORT_RE.fullmatch(number):
        raise validation(
            field,
            "护照号码应为 5 至 20 位字母或数字",
            "passport number (护照号) must be 5 to 20 letters and digits",
        )
    return number.upper()


# --- unified social credit code (统一社会信用代码, GB 32100-2015) ---------------------

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z

# Registration authority (登记管理部门) → the entity types (机构类别) it registers.
CREDIT_CODE_AUTHORITIES: dict[str, str] = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 群众团体, 其他
    "2": "19",  # 外交
    "3": "1234569",  # 司法行政: 律师事务所, 公证处, 基层法律服务所, 司法鉴定, 仲裁委 …
    "4": "19",  # 文化
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 市场监管(工商): 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业农村: 集体经济组织
    "Y": "1",  # 其他
}

_CREDIT_CODE_RE = re.compile(f"[{CREDIT_CODE_ALPHABET}]{{18}}")
# 100000 is the region of central (national) registrations.
_CREDIT_REGION_PREFIXES = PROVINCE_CODES | {"10"}


def credit_code_check_char(first17: str) -> str:
    """GB 32100's check character over the first 17 characters (python-stdnum)."""
    return uscc.calc_check_digit(first17)


def check_credit_code(value: str, field: str = "creditCode") -> str:
    """Check an 18-character unified social credit code; returned upper-cased."""
    code = value.strip().replace(" ", "").upper()
    if not _CREDIT_CODE_RE.fullmatch(code):
        raise validation(
            field,
            "统一社会信用代码格式不正确：应为 18 位，由数字和大写字母（不含 I、O、S、V、Z）组成",
            "unified social credit code (统一社会信用代码) format: must be 18 characters "
            "of 0-9 and A-Y without I, O, S, V, Z",
        )
    authority, entity_type = code[0], code[1]
    if entity_type not in CREDIT_CODE_AUTHORITIES.get(authority, ""):
        raise validation(
            field,
            f"统一社会信用代码的登记管理部门或机构类别不正确：{code[:2]} 不符合 GB 32100",
            f"unified social credit code (统一社会信用代码) registration authority/type: "
            f"{code[:2]} is not a registration authority and entity type of GB 32100",
        )
    region = code[2:8]
    if not region.isdigit() or region[:2] not in _CREDIT_REGION_PREFIXES:
        raise validation(
            field,
            f"统一社会信用代码的行政区划码不正确：{region} 不是六位行政区划代码",
            f"unified social credit code (统一社会信用代码) region code: {region} is not a "
            "six-digit administrative division code",
        )
    if code[17] != credit_code_check_char(code[:17]):
        raise validation(
            field,
            "统一社会信用代码校验码不正确，请核对代码",
            "unified social credit code (统一社会信用代码) checksum: the check character does not match",
        )
    return code


def organisation_code_check_char(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body (组织机构代码)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    # GB 11714 values letters A..Z as 10..35, i.e. base-36 digits.
    total = sum(int(char, 36) * w for char, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(
    region_code: str, serial: str | int, *, authority: str = "9", entity_type: str = "1"
) -> str:
    """A valid unified social credit code for fake data (default: 91, an enterprise).

    :param region_code: six-digit code of the registering region
    :param serial: the organisation code: an int or 8-character body (its GB 11714 check
        character is appended) or a full 9-character code
    """
    body = f"{serial:08d}" if isinstance(serial, int) else serial.upper()
    if len(body) == 8:
        body += organisation_code_check_char(body)
    first17 = f"{authority}{entity_type}{region_code}{body}"
    if len(first17) != 17 or any(char not in CREDIT_CODE_ALPHABET for char in first17):
        raise ValueError(f"cannot build a credit code from {region_code!r} and {serial!r}")
    return first17 + credit_code_check_char(first17)


# --- phone numbers and jurisdiction codes ---------------------------------------------

_PHONE_RE = re.compile(r"1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}")
_JURISDICTION_RE = re.compile(r"[1-9][0-9]{5}")


def check_phone(value: str, field: str = "phone") -> str:
    """Check a mainland mobile (1[3-9] + 9 digits) or landline (0 + area code, -, number)."""
    phone = value.strip().replace(" ", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not _PHONE_RE.fullmatch(phone):
        raise validation(
            field,
            "电话号码格式不正确：应为手机号（如 13812345678）或固定电话（如 0311-86012345）",
            "phone number (电话) must be a mobile number like 13812345678 or a landline like 0311-86012345",
        )
    return phone


def check_jurisdiction_code(value: str, field: str = "jurisdictionCode") -> str:
    """Check the format of a GB/T 2260 code (行政区划代码); whether it exists is up to callers."""
    code = value.strip()
    if not _JURISDICTION_RE.fullmatch(code):
        raise validation(
            field,
            "行政区划代码应为六位数字，如 130102",
            "jurisdiction code (行政区划代码) must be six digits, e.g. 130102",
        )
    return code


# --- names and free text (姓名 · 单位名称 · 意见 · 备注) -----------------------------------
#
# Stored text ends up in spreadsheets (XML 1.0 cannot hold most control characters),
# in PostgreSQL (no NUL, no lone surrogates) and on other people's screens (direction
# overrides reorder what they see), so these are refused at the door.


class TextKind(Enum):
    NAME = "name"  # a person's or organisation's name: one line, no symbols or emoji
    LINE = "line"  # a short one-line text: a subject, an address, a place, a title
    TEXT = "text"  # free text: opinions, notes, reasons, complaint content; newlines and tabs


# Embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and the marks LRM, RLM, ALM.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Skin-tone modifiers, emoji/text presentation selectors and the keycap mark build emoji out
# of ordinary characters; symbols (So) cover the emoji themselves.
_EMOJI_PARTS = frozenset("\ufe0e\ufe0f\u20e3") | {chr(c) for c in range(0x1F3FB, 0x1F400)}
_TEXT_WHITESPACE = frozenset("\n\t")


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


# Why a character is refused: (中文, English).
_CONTROL = ("控制字符", "control characters")
_DIRECTION = ("文字方向控制符", "text direction controls")
_NONCHARACTER = ("代理码位或非字符", "surrogates or non-characters")
_LINE_BREAK = ("换行符", "line breaks")
_INVISIBLE = ("不可见的格式字符", "invisible formatting characters")
_EMOJI = ("表情符号或图形符号", "emoji or symbols")


def _refusal(char: str, kind: TextKind) -> tuple[str, str] | None:
    """Why `char` may not appear in text of `kind` (中文, English), or None when it may."""
    code = ord(char)
    category = unicodedata.category(char)
    if category == "Cc" and not (kind is TextKind.TEXT and char in _TEXT_WHITESPACE):
        return _CONTROL
    if char in BIDI_CONTROLS:
        return _DIRECTION
    if category == "Cs" or _is_noncharacter(code):
        return _NONCHARACTER
    if kind is TextKind.TEXT:
        return None
    if category in ("Zl", "Zp"):
        return _LINE_BREAK
    if kind is TextKind.NAME:
        # Unassigned (Cn) and private-use (Co) code points stay allowed: rare characters
        # in names (生僻字) are newer than this Python's Unicode tables or live in the PUA.
        if category == "Cf":
            return _INVISIBLE
        if category == "So" or char in _EMOJI_PARTS:
            return _EMOJI
    return None


# Characters found allowed, per kind (a bounded set: looked up before the rules run).
ALLOWED_KEPT = 20_000
_ALLOWED: dict[TextKind, set[str]] = {kind: set() for kind in TextKind}


def check_text(value: str, field: str, kind: TextKind = TextKind.TEXT) -> str:
    """Check text for characters that cannot be stored, exported or shown safely.

    Names keep the middle dots of minority and foreign names (阿卜杜热合曼·麦麦提, ・, ‧).
    Free text gets Windows line ends (CR LF, CR) as plain newlines; nothing is trimmed.

    :param kind: which rules apply (see TextKind)
    """
    if kind is TextKind.TEXT and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.isascii() and value.isprintable():  # no rule refuses a printable ASCII character
        return value
    allowed = _ALLOWED[kind]
    for char in value:
        if char in allowed:
            continue
        reason = _refusal(char, kind)
        if reason is None:
            if len(allowed) < ALLOWED_KEPT:
                allowed.add(char)
        else:
            zh, en = reason
            point = f"U+{ord(char):04X}"
            raise validation(field, f"内容不能包含{zh}（{point}）", f"{field} may not contain {en} ({point})")
    return value


def check_name(value: str, field: str = "name") -> str:
    """A person's or organisation's name (姓名 / 单位名称): see check_text."""
    return check_text(value, field, TextKind.NAME)


def check_json_texts(value: Any, field: str, depth: int = 0) -> None:
    """Every key and string inside a JSON input (materials, custom values) as free text."""
    if depth > 16:
        raise validation(field, "内容嵌套层级过深", f"{field} is nested too deeply")
    if isinstance(value, str):
        check_text(value, field)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(str(key), field, TextKind.LINE)
            check_json_texts(item, field, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_json_texts(item, field, depth + 1)


__all__ = [
    "BIDI_CONTROLS",
    "ResidentId",
    "TextKind",
    "check_credit_code",
    "check_json_texts",
    "check_jurisdiction_code",
    "check_name",
    "check_passport",
    "check_phone",
    "check_resident_id",
    "check_text",
    "make_credit_code",
    "make_resident_id",
]
