"""The window's lookup (窗口查询): the talent a clerk has in front of them, found by exactly
the 身份证号, mobile number or card number they typed.

Each is one indexed equality within the caller's scope, so a talent outside it answers
null exactly like one that does not exist. The lookup reveals nothing the caller could
not read: the talent comes back masked as everywhere else, and a match only confirms the
value the caller already had. Every lookup is audited — who searched for whom, by what —
with the typed value masked, where the talent (or, without a match, the caller) works.
"""

from __future__ import annotations

import re
from typing import Any

from tortoise.expressions import Subquery

from permissions.audit import audit
from permissions.audit_chain import seal_after_commit
from permissions.delegation import home_jurisdiction
from permissions.masking import mask_id_number, mask_phone
from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, validation
from resolvers.core.validation import check_phone
from schema.models import Card, Talent

# What the columns hold (resident IDs with a capital X, passports upper-cased, card numbers
# like SJZ-A-2026-000123): anything else matches nothing, so it is refused before a query.
_ID_NUMBER = re.compile(r"[0-9A-Z]{5,32}")
_CARD_NUMBER = re.compile(r"[0-9A-Z][0-9A-Z-]{0,31}")


def _normalised(value: str, pattern: re.Pattern[str], field: str, zh: str, en: str) -> str:
    text = value.strip().replace(" ", "").upper()
    if not pattern.fullmatch(text):
        raise validation(field, zh, en)
    return text


async def lookup_talent(ctx: RequestContext, *, id_number: str | None = None, mobile: str | None = None,
                        card_number: str | None = None) -> Talent | None:  # fmt: skip
    """The talent with exactly this ID number, mobile or card number that the caller may
    see, else None. Exactly one of the three is given."""
    typed_in = {"idNumber": id_number, "mobile": mobile, "cardNumber": card_number}
    given = [name for name, value in typed_in.items() if value is not None]
    if len(given) != 1:
        raise validation(None, "请只填写身份证号、手机号、卡号中的一项",
                         "give exactly one of idNumber, mobile and cardNumber")  # fmt: skip
    talents = visible(Talent, ctx.perms, "talent")
    typed: dict[str, Any]
    if id_number is not None:
        number = _normalised(id_number, _ID_NUMBER, "idNumber", "证件号码应为 5 至 32 位数字或字母",
                             "an ID number is 5 to 32 digits or letters")  # fmt: skip
        talents, typed = talents.filter(id_number=number), {"idNumber": mask_id_number(number)}
    elif mobile is not None:
        phone = check_phone(mobile, "mobile")
        talents, typed = talents.filter(phone=phone), {"mobile": mask_phone(phone)}
    else:
        assert card_number is not None
        card = _normalised(card_number, _CARD_NUMBER, "cardNumber", "卡号应为不超过 32 位的字母、数字或 -",
                           "a card number is up to 32 letters, digits or -")  # fmt: skip
        holder = Card.filter(number=card).values("holder_id")
        talents, typed = talents.filter(id__in=Subquery(holder)), {"cardNumber": card}
    found = await talents.limit(2)
    if len(found) > 1:  # only a mobile number is not unique
        raise UserError(given[0], ErrorCode.CONFLICT, "该手机号对应多名人才，请改用证件号码或卡号查询",
                        "several talents share this mobile number: look up by ID or card number")  # fmt: skip
    talent = found[0] if found else None
    place = talent.jurisdiction_id if talent else await home_jurisdiction(list(ctx.perms.grants))
    await audit(ctx.actor, "lookupTalent", "talent", talent.id if talent else None,
                after={"by": given[0], **typed, "found": talent is not None},
                jurisdiction_code=place)  # fmt: skip
    await seal_after_commit()
    return talent
