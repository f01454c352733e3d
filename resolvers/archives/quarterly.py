"""Quarterly service archive (服务工作档案, 按季度报市人才服务窗口备案).

A county window's quarter, once it has ended (Beijing dates), becomes an Excel workbook
stored as a Report shared by scope (any caller who may read `archive_report` in the
county downloads it) and filed to the city window. One function files it for the cron
job, the mutation and the demo alike. Filing again is idempotent: the same (window,
year, quarter) keeps its one QuarterlyArchive row and its Report id (the download URL),
with the content replaced; a concurrent filer that loses the insert race updates instead.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from permissions.audit import Actor, audit
from resolvers.archives.quarterly_sheet import ArchiveSubject, archive_workbook
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, validation
from resolvers.core.lookup import find_visible, require_action
from resolvers.files.reports import XLSX
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn, datetime_column
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import city_office, window_staff
from schema import clock
from schema.clock import CHINA_TIME, china_today
from schema.models import Jurisdiction, QuarterlyArchive, Report, ServiceWindow
from schema.models.enums import JurisdictionLevel, ReportKind

RESOURCE = "archive_report"
FIRST_YEAR = 2000  # nothing was filed on this platform before

ARCHIVES = Listing(
    QuarterlyArchive,
    RESOURCE,
    {
        "id": id_filter("QuarterlyArchiveReport", "id", "filter.id"),
        "window_id": id_filter("ServiceWindow", "window_id", "filter.windowId"),
        "year": "year",
        "quarter": "quarter",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {
        "ID": OrderColumn("id"),
        "YEAR": OrderColumn("year"),
        "QUARTER": OrderColumn("quarter"),
        "GENERATED_AT": datetime_column("generated_at"),
    },
)


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def next_start(self) -> dt.date:
        return (
            dt.date(self.year + 1, 1, 1) if self.quarter == 4 else dt.date(self.year, 3 * self.quarter + 1, 1)
        )

    @property
    def end(self) -> dt.date:
        return self.next_start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.quarter}"

    def utc_bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[first instant, first instant after) of the quarter in Beijing time, as UTC."""

        def instant(day: dt.date) -> dt.datetime:
            return dt.datetime.combine(day, dt.time(), CHINA_TIME).astimezone(dt.UTC)

        return instant(self.start), instant(self.next_start)

    def ended(self, today: dt.date) -> bool:
        return today >= self.next_start


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def last_ended_quarter(today: dt.date) -> Quarter:
    current = quarter_of(today)
    return (
        Quarter(current.year - 1, 4) if current.quarter == 1 else Quarter(current.year, current.quarter - 1)
    )


def checked_quarter(year: int, quarter: int, today: dt.date) -> Quarter:
    """VALIDATION for a quarter that cannot exist, INVALID_STATE for one not yet ended."""
    if quarter not in (1, 2, 3, 4):
        raise validation("quarter", "季度应为 1、2、3 或 4", "a quarter is 1, 2, 3 or 4")
    if not FIRST_YEAR <= year <= today.year + 1:
        raise validation(
            "year",
            f"年度应在 {FIRST_YEAR} 至 {today.year + 1} 之间",
            f"a year from {FIRST_YEAR} to {today.year + 1}",
        )
    period = Quarter(year, quarter)
    if not period.ended(today):
        message = f"{period.year} 年第 {period.quarter} 季度尚未结束，{period.next_start} 起可报送"
        en = f"{period.label} has not ended; it can be filed from {period.next_start}"
        raise UserError("quarter", ErrorCode.INVALID_STATE, message, en)
    return period


# -- filing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filing:
    archive: QuarterlyArchive
    created: bool  # first filing (the city window was told)
    jobs: list[str]  # outbox keys to enqueue after commit


async def county_of(window: ServiceWindow) -> Jurisdiction:
    """The window's jurisdiction, which must be a county (only county windows file)."""
    county = await Jurisdiction.get(code=window.jurisdiction_id)
    if county.level != JurisdictionLevel.COUNTY:
        raise validation(
            "windowId",
            f"{window.name}不是县级窗口；服务工作档案由县级窗口按季度报送",
            f"{window.name} is not a county window; only county windows file a quarterly archive",
        )
    return county


async def city_window(window: ServiceWindow, county: Jurisdiction) -> ServiceWindow | None:
    """Where the archive is filed: the window of the county's city, else the window's parent."""
    if county.parent_id is not None:
        found = await ServiceWindow.filter(jurisdiction_id=county.parent_id).order_by("id").first()
        if found is not None:
            return found
    return await ServiceWindow.filter(id=window.parent_id).first() if window.parent_id else None


def report_filename(county: Jurisdiction, period: Quarter) -> str:
    return f"{county.name}人才服务窗口_{period.label}_服务工作档案.xlsx"


async def file_quarterly_archive(
    window: ServiceWindow, year: int, quarter: int, actor: Actor, *, today: dt.date | None = None,
    tell_city: bool = True,
) -> Filing:  # fmt: skip
    """Generate and file (备案) the window's archive of a quarter that has ended; run it inside
    the caller's transaction. The first filing tells the city window; later ones replace
    the content under the same ids.

    :param window: a county window
    :param actor: who files it (the cron and the demo file as `system`)
    :param today: the Beijing date deciding whether the quarter has ended
    :param tell_city: send the filing notice (the demo's seed files quietly)
    """
    period = checked_quarter(year, quarter, today or china_today())
    county = await county_of(window)
    filed_to = await city_window(window, county)
    stamp = clock.now()
    book = await archive_workbook(ArchiveSubject(window, county, filed_to, period, stamp, actor.username))
    report = {
        "filename": report_filename(county, period),
        "content": book.content,
        "row_count": book.row_count,
    }
    archive = {
        "filed_to_id": filed_to.id if filed_to else None,
        "jurisdiction_id": county.code,
        "request_count": book.request_count,
        "generated_by": actor.username,
        "generated_at": stamp,
    }
    row, created = await _store(window, period, report, archive)
    after = {"window": window.name, "quarter": period.label, "requests": book.request_count,
             "report": str(row.report_id), "first_filing": created}  # fmt: skip
    await audit(actor, "generateQuarterlyArchiveReport", "quarterly_archive", row.id,
                jurisdiction_code=county.code, after=after)  # fmt: skip
    jobs = await _tell_city(row, window, county, period, filed_to) if created and tell_city else []
    return Filing(row, created, jobs)


def _unique(window: ServiceWindow, period: Quarter) -> dict[str, Any]:
    return {"window_id": window.id, "year": period.year, "quarter": period.quarter}


async def _store(
    window: ServiceWindow, period: Quarter, report: dict[str, Any], archive: dict[str, Any]
) -> tuple[QuarterlyArchive, bool]:
    """Insert the archive and its report, or rewrite the ones already there. The row lock
    makes a concurrent filer wait; losing the insert race (unique window, year, quarter)
    rolls back to the savepoint and updates the winner's row."""
    existing = await QuarterlyArchive.filter(**_unique(window, period)).select_for_update().first()
    if existing is None:
        try:
            async with in_transaction():  # a savepoint inside the caller's transaction
                stored = await Report.create(
                    id=uuid.uuid4(), kind=ReportKind.QUARTERLY_ARCHIVE, owner_id=None,
                    jurisdiction_id=archive["jurisdiction_id"], content_type=XLSX, expires_at=None, **report,
                )  # fmt: skip
                row = await QuarterlyArchive.create(
                    **_unique(window, period),
                    report_id=stored.id,
                    filed_at=archive["generated_at"],
                    **archive,
                )
            return row, True
        except IntegrityError:
            existing = await QuarterlyArchive.filter(**_unique(window, period)).select_for_update().first()
            if existing is None:
                raise
    await Report.filter(id=existing.report_id).update(jurisdiction_id=archive["jurisdiction_id"], **report)
    await QuarterlyArchive.filter(id=existing.id).update(**archive)
    await existing.refresh_from_db()
    return existing, False


async def _tell_city(
    row: QuarterlyArchive, window: ServiceWindow, county: Jurisdiction, period: Quarter,
    filed_to: ServiceWindow | None,
) -> list[str]:  # fmt: skip
    """The city window's staff and the city office hear that the archive was filed."""
    city = county.parent_id or county.code
    recipients = [*await window_staff(city), *await city_office(county.code)]
    to = filed_to.name if filed_to else "市人才服务窗口"
    body = (f"{window.name} {period.year}年第{period.quarter}季度服务工作档案已报送{to}备案，"
            f"受理 {row.request_count} 件。")  # fmt: skip
    return await notify(recipients, f"服务工作档案备案 {county.name} {period.label}", body,
                        related_type="quarterly_archive", related_id=row.id)  # fmt: skip


# -- the API ------------------------------------------------------------------------------


async def generate_quarterly_archive_report(
    ctx: RequestContext, window_id: str, year: int, quarter: int
) -> QuarterlyArchive:
    """generateQuarterlyArchiveReport: file (or refile) a county window's ended quarter."""
    window = await find_visible(ctx, ServiceWindow, "service_window", window_id, "windowId")
    # The window's jurisdiction is the archive's (scope `jur:` of archive_report).
    require_action(
        ctx,
        RESOURCE,
        "create",
        window,
        "windowId",
        "您无权报送该窗口的服务工作档案",
        "you may not file this window's archive",
    )
    filing = await file_quarterly_archive(window, year, quarter, ctx.actor)
    ctx.jobs_after_commit += filing.jobs
    return filing.archive
