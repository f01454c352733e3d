"""Alert the calendar's keepers when next year's national holiday calendar is missing.

The bundled calendar ends with the last State Council notice it shipped with; deadlines
running into a later year count Monday–Friday until the deployment's operator enters that
year's national holidays and make-up working days. Four months ahead is enough to enter
them, and the notice is usually published in November. The offices that keep their own
area's days are told as well: their deadlines are the ones affected.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from permissions.policy_cache import load_policy
from resolvers.deadlines.workdays import load_calendar
from schema.clock import china_today
from schema.models import CasbinRule, Notification, User
from schema.models.enums import NotificationStatus

HORIZON = dt.timedelta(days=120)
USER_PREFIX = "user:"


def _message(year: int) -> tuple[str, str]:
    subject = f"{year}年节假日安排尚未录入 · {year} holiday calendar missing"
    body = (
        f"系统内置的法定节假日日历不含 {year} 年。在录入之前，{year} 年的办理期限只按周一至周五计算，"
        f"不扣除法定节假日，也不计调休上班日。请在国务院办公厅发布 {year} 年部分节假日安排的通知后，"
        "由平台运维方用 setCalendarDay（national: true）逐日录入全国日历：放假日为 HOLIDAY，"
        "调休上班的周末为 WORKDAY。各地人才办录入的本地日历只适用于本辖区。\n"
        f"The bundled holiday calendar does not cover {year}: until its days are entered, deadlines "
        f"in {year} count Monday–Friday only. Once the State Council publishes the {year} holiday "
        "notice, the deployment's operator enters each holiday (HOLIDAY) and each make-up working "
        "weekend day (WORKDAY) with the setCalendarDay mutation (national: true); days an office "
        "enters for itself apply in its own jurisdiction only."
    )
    return subject, body


async def _calendar_keepers() -> list[int]:
    """Active users holding a role that keeps a calendar (`calendar admin`): the operator, who
    enters the national days, and the offices, whose deadlines are the ones affected."""
    policy = await load_policy()
    roles = sorted(role for role in policy.allowed if policy.permits(role, "calendar", "admin"))
    grants = CasbinRule.filter(ptype="g", v1__in=roles, v0__startswith=USER_PREFIX)
    subjects: list[str] = await grants.values_list("v0", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    usernames = {s.removeprefix(USER_PREFIX) for s in subjects}
    users = User.filter(username__in=usernames, is_active=True).order_by("id")
    ids: list[int] = await users.values_list("id", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    return ids


async def check_calendar_coverage(ctx: dict[str, Any], today: str | None = None) -> list[int]:
    """The years from today through HORIZON without a national calendar; each keeper is told
    once per year (the notification itself is the record, so reruns add nothing)."""
    day = dt.date.fromisoformat(today) if today else china_today()
    missing = (await load_calendar(None)).uncovered_years(day, day + HORIZON)  # the national notice
    if not missing:
        return []
    admins = await _calendar_keepers()
    for year in missing:
        told = set(
            await Notification.filter(
                related_type="calendar", related_id=str(year), recipient_id__in=admins
            ).values_list("recipient_id", flat=True)
        )
        subject, body = _message(year)
        for user_id in admins:
            if user_id not in told:
                # In-app only, and in-app messages are delivered by being stored.
                await Notification.create(
                    recipient_id=user_id, subject=subject, body=body, related_type="calendar",
                    related_id=str(year), status=NotificationStatus.SENT,
                )  # fmt: skip
    return missing
