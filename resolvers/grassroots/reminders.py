"""Last-quarter reminders (服务基层提醒): from October to December, each month, every
expert of the year still below their required days is told how many days they lack, and
the office of their county gets the list of its experts below target.

Each reminder is an outbox row whose key names the expert (or county) and the month, so
staging it again — a second run, a second worker — keeps the first row, and the row's
task sends it once (jobs/grassroots.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from jobs.keys import grassroots_office_reminder_key, grassroots_reminder_key
from jobs.outbox.staging import stage
from permissions.scopes import jur
from resolvers.grassroots.compliance import Standing, standings
from resolvers.grassroots.services import OFFICE_ROLES
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import talent_users, users_with_roles
from schema.models import GrassrootsExpert, Talent

REMINDER_TASK = "remind_grassroots"
REMIND_MONTHS = frozenset({10, 11, 12})
NAMES_SHOWN = 20


def _expert_message(standing: Standing) -> dict[str, Any]:
    year, days, required = standing.expert.year, standing.days, standing.required_days
    return {
        "talent_id": standing.expert.talent_id, "related_type": "grassroots_expert",
        "related_id": standing.expert.id, "subject": f"{year} 年度服务基层天数未达标",
        "body": f"{year} 年度您已确认服务基层 {days} 天，要求不少于 {required} 天，尚差 "
                f"{required - days} 天，请于年底前完成并请接受服务地区确认。",
    }  # fmt: skip


def _office_message(county: str, year: int, behind: list[Standing], names: dict[int, str]) -> dict[str, Any]:
    listed = "、".join(f"{names.get(s.expert.talent_id, '')}（{s.days}/{s.required_days} 天）"
                      for s in behind[:NAMES_SHOWN])  # fmt: skip
    more = f"等 {len(behind)} 人" if len(behind) > NAMES_SHOWN else ""
    return {
        "county": county, "related_type": "jurisdiction", "related_id": county,
        "subject": f"{year} 年度服务基层未达标专家 {len(behind)} 人",
        "body": f"本地区纳入 {year} 年度服务基层范围的专家中，{listed}{more}尚未达到服务天数要求，请督促。",
    }


async def stage_reminders(today: dt.date) -> list[str]:
    """Stage this month's reminders (none outside October–December); run it in a
    transaction. Returns the outbox keys, staged now or before."""
    if today.month not in REMIND_MONTHS:
        return []
    period = f"{today.year:04d}-{today.month:02d}"
    behind = [s for s in await standings(GrassrootsExpert.filter(year=today.year).order_by("id"))
              if not s.compliant]  # fmt: skip
    if not behind:
        return []
    talents = Talent.filter(id__in=[s.expert.talent_id for s in behind])
    names: dict[int, str] = dict(await talents.values_list("id", "name"))
    by_county: dict[str, list[Standing]] = defaultdict(list)
    keys = []
    for standing in behind:
        by_county[standing.expert.jurisdiction_id].append(standing)
        key = grassroots_reminder_key(standing.expert.id, period)
        keys.append(await stage(key, REMINDER_TASK, _expert_message(standing)))
    for county, group in sorted(by_county.items()):
        key = grassroots_office_reminder_key(county, period)
        keys.append(await stage(key, REMINDER_TASK, _office_message(county, today.year, group, names)))
    return keys


async def send_reminder(message: dict[str, Any]) -> list[str]:
    """Write a staged reminder to its recipients (as they are now); returns the outbox keys
    of its copies on other channels."""
    if "county" in message:
        recipients = await users_with_roles(OFFICE_ROLES, jur(message["county"]))
    else:
        recipients = await talent_users(int(message["talent_id"]))
    return await notify(recipients, message["subject"], message["body"],
                        related_type=message["related_type"], related_id=message["related_id"])  # fmt: skip
