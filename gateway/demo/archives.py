"""Demo quarterly service archives (服务工作档案): the last ended quarter of the 长安区 and
正定县 windows, filed to the Shijiazhuang city window as the cron job would, so sjz_admin,
changan_window and changan_admin can download one at once. Seeded last, after every
other demo record (past requests included) exists."""

from __future__ import annotations

import datetime as dt

from gateway.demo import data
from permissions.audit import SYSTEM
from resolvers.archives.quarterly import file_quarterly_archive, last_ended_quarter
from schema.models import ServiceWindow

ARCHIVED_COUNTIES = ("130102", "130123")


async def seed_archives(today: dt.date) -> None:
    """File the quarter before `today`'s for the demo's Shijiazhuang county windows, inside the
    seeding transaction and without the filing notice: seeded data starts with empty inboxes."""
    period = last_ended_quarter(today)
    names = [w.name for w in data.WINDOWS if w.jurisdiction in ARCHIVED_COUNTIES]
    for window in await ServiceWindow.filter(name__in=names).order_by("id"):
        await file_quarterly_archive(
            window, period.year, period.quarter, SYSTEM, today=today, tell_city=False
        )
