"""Entries kept in versions (服务事项, 资金政策): a code has at most one PUBLISHED version.

Publishing a draft retires the version in force the day before the draft starts;
retiring a published version ends it on a day not before it started. Both move the
status with `change_status`, so a second click changes nothing twice. The domains name
their entry (`noun`, `noun_en`) for the messages and audit what they did themselves.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from resolvers.core.errors import ErrorCode, UserError, changed_meanwhile, validation
from resolvers.core.transitions import Flow, change_status
from schema.clock import china_today


async def publish_version(
    row: Any, flow: Flow[Any], statuses: type[Enum], starts: dt.date, noun: str, noun_en: str
) -> list[Any]:
    """Publish the draft `row` from `starts`; returns the versions it retired."""
    draft, published, retired = statuses["DRAFT"], statuses["PUBLISHED"], statuses["RETIRED"]
    if row.status != draft:
        raise UserError("id", ErrorCode.INVALID_STATE, f"只有草稿状态的{noun}才能发布",
                        f"only a draft {noun_en} can be published")  # fmt: skip
    if row.effective_to and row.effective_to < starts:
        raise validation("effectiveFrom", "生效日期晚于截止日期", "it would start after it ends")
    model = type(row)
    current = await model.filter(code=row.code, status=published).exclude(id=row.id)
    for old in current:  # retired first: one published version per code at any time
        ends = max(starts - dt.timedelta(days=1), old.effective_from or starts)
        await change_status(old, flow, retired, effective_to=ends)
    if not await change_status(row, flow, published, effective_from=starts):
        raise changed_meanwhile("id", f"the {noun_en} changed meanwhile; try again")
    return list(current)


async def retire_version(
    row: Any, flow: Flow[Any], statuses: type[Enum], ends: dt.date | None, noun: str, noun_en: str
) -> dt.date:
    """Retire the published `row` on `ends` (default today); returns the day."""
    if row.status != statuses["PUBLISHED"]:
        raise UserError("id", ErrorCode.INVALID_STATE, f"只有已发布的{noun}才能停用",
                        f"only a published {noun_en} can be retired")  # fmt: skip
    day = ends or china_today()
    if row.effective_from and day < row.effective_from:
        message = f"停用日期不能早于{noun}生效日期"
        raise validation("effectiveTo", message, f"before the {noun_en} came into force")
    if not await change_status(row, flow, statuses["RETIRED"], effective_to=day):
        raise changed_meanwhile("id", f"the {noun_en} changed meanwhile; try again")
    return day
