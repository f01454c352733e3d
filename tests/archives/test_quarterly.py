"""The quarterly service archive (服务工作档案): the workbook's sheets and figures match the
records of the quarter (Beijing quarter boundaries), a quarter not yet ended is refused
with nothing written, filing again keeps the same ids, and the cron files each county
window once and tells the city."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from tortoise.transactions import in_transaction

from jobs.archives import file_quarterly_archives
from permissions.audit import SYSTEM, Actor
from permissions.masking import mask_id_number
from resolvers.archives.quarterly import Quarter, file_quarterly_archive, last_ended_quarter
from resolvers.core.errors import ErrorCode, UserError
from resolvers.files.xlsx import read_rows
from schema.clock import CHINA_TIME
from schema.models import (
    ArchiveEntry,
    AuditEvent,
    Complaint,
    Department,
    Evaluation,
    Handoff,
    Notification,
    QuarterlyArchive,
    Report,
    ServiceItem,
    ServiceRequest,
    ServiceRequestItem,
    ServiceWindow,
    Talent,
    User,
)
from schema.models.enums import ComplaintKind, ComplaintSource, ReportKind, RequestChannel, RequestStatus

# A quarter long before the demo's own history, so every record in it is made here.
YEAR, QUARTER = 2021, 2
AFTER_THE_QUARTER = dt.date(2021, 7, 2)
CHANGAN, ZHENGDING = "长安区人才服务分窗口", "正定县人才服务分窗口"
SHEETS = ["汇总", "办件明细", "服务档案", "满意度评价", "投诉处理"]


def beijing(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHINA_TIME)


async def _request(
    number: str, window: ServiceWindow, talent: Talent, received_at: dt.datetime, *,
    status: RequestStatus = RequestStatus.COMPLETED, due_on: dt.date, completed_on: dt.date | None = None,
    on_time: bool | None = None, workdays: int | None = None, extensions: int = 0,
) -> ServiceRequest:  # fmt: skip
    """A request as intake and completion leave it: its item line and one handoff."""
    request = await ServiceRequest.create(
        number=number, talent_id=talent.id, jurisdiction_id=talent.jurisdiction_id, window_id=window.id,
        channel=RequestChannel.WINDOW, status=status, received_at=received_at, due_on=due_on,
        completed_on=completed_on, on_time=on_time, workdays_taken=workdays,
        completed_at=None if completed_on is None else beijing(completed_on.year, completed_on.month,
                                                               completed_on.day, 16),
    )  # fmt: skip
    item = await ServiceItem.get(code="sjz.household")
    await ServiceRequestItem.create(request_id=request.id, item_id=item.id)
    police = await Department.get(name="石家庄市公安局")
    await Handoff.create(request_id=request.id, item_id=item.id, department_id=police.id, is_lead=True,
                         jurisdiction_id=talent.jurisdiction_id, talent_id=talent.id, due_on=due_on,
                         extension_count=extensions)  # fmt: skip
    return request


async def _stamped(model: Any, at: dt.datetime, **columns: Any) -> Any:
    """A row whose auto_now_add `created_at` is set to a moment of the past."""
    row = await model.create(**columns)
    await model.filter(id=row.id).update(created_at=at)
    return row


async def _complaint(number: str, kind: ComplaintKind, at: dt.datetime, **columns: Any) -> Complaint:
    return await _stamped(
        Complaint, at, number=number, kind=kind, source=ComplaintSource.HOTLINE, jurisdiction_id="130102",
        complainant_name="王小明", complainant_phone="13812345678", subject="办理进度慢", content="……",
        filed_by="changan_window", **columns,
    )  # fmt: skip


async def seed_quarter() -> dict[str, Any]:
    """2021Q2 at the 长安区 window, with records on both sides of its Beijing boundaries."""
    window = await ServiceWindow.get(name=CHANGAN)
    talent = await Talent.filter(jurisdiction_id="130102").order_by("id").first()
    other = await Talent.filter(jurisdiction_id="130123").order_by("id").first()
    assert talent is not None and other is not None
    d = dt.date
    on_time = await _request("Q-ON-TIME", window, talent, beijing(2021, 4, 6, 10), due_on=d(2021, 4, 25),
                             completed_on=d(2021, 4, 20), on_time=True, workdays=10)  # fmt: skip
    late = await _request("Q-LATE", window, talent, beijing(2021, 5, 10, 9), due_on=d(2021, 6, 1),
                          completed_on=d(2021, 6, 10), on_time=False, workdays=22, extensions=2)  # fmt: skip
    await _request("Q-OPEN-OVERDUE", window, talent, beijing(2021, 6, 1, 9), due_on=d(2021, 6, 20),
                   status=RequestStatus.IN_PROGRESS)  # fmt: skip
    late_night = await _request(
        "Q-LAST-NIGHT",
        window,
        talent,
        beijing(2021, 6, 30, 23, 30),
        due_on=d(2021, 7, 15),
        completed_on=d(2021, 7, 5),
        on_time=True,
        workdays=3,
    )
    unknown = await _request("Q-UNKNOWN", window, talent, beijing(2021, 5, 15, 9), due_on=d(2021, 6, 5),
                             completed_on=d(2021, 5, 20))  # fmt: skip
    # Outside: the first minutes of Q3 and the last of Q1 in Beijing, and another county's window.
    await _request("Q-NEXT-QUARTER", window, talent, beijing(2021, 7, 1, 0, 10), due_on=d(2021, 7, 20))
    await _request("Q-LAST-QUARTER", window, talent, beijing(2021, 3, 31, 23, 59), due_on=d(2021, 4, 20))
    await _request("Q-ZHENGDING", await ServiceWindow.get(name=ZHENGDING), other, beijing(2021, 5, 5, 9),
                   due_on=d(2021, 5, 25))  # fmt: skip
    await _stamped(Evaluation, beijing(2021, 4, 22, 9), request_id=on_time.id, score=5, comment="很好")
    await _stamped(Evaluation, beijing(2021, 6, 12, 9), request_id=late.id, score=2, comment="太慢")
    await _stamped(Evaluation, beijing(2021, 7, 3, 9), request_id=unknown.id, score=4)  # next quarter
    for request, at in ((on_time, beijing(2021, 4, 20, 17)), (late, beijing(2021, 6, 10, 17)),
                        (late_night, beijing(2021, 7, 5, 17))):  # fmt: skip
        await _stamped(ArchiveEntry, at, talent_id=talent.id, request_id=request.id, jurisdiction_id="130102",
                       summary=f"{request.number}: 户籍办理 已办结", results=[])  # fmt: skip
    await _complaint("TS-1", ComplaintKind.COMPLAINT, beijing(2021, 5, 1, 9),
                     answered_at=beijing(2021, 5, 8, 9), answered_on_time=True)  # fmt: skip
    await _complaint("TS-2", ComplaintKind.COMPLAINT, beijing(2021, 6, 15, 9))
    await _complaint("ZG-1", ComplaintKind.RECTIFICATION, beijing(2021, 6, 13, 9),
                     answered_at=beijing(2021, 6, 20, 9), answered_on_time=False)  # fmt: skip
    await _complaint("TS-NEXT", ComplaintKind.COMPLAINT, beijing(2021, 7, 1, 9))
    return {"window": window, "talent": talent}


def summary_of(content: bytes) -> dict[str, Any]:
    return {row[0]: row[1] for row in read_rows(content, "汇总") if row and row[0]}


def lines_of(content: bytes, sheet: str) -> list[tuple[Any, ...]]:
    return list(read_rows(content, sheet))[1:]


async def _file(window: ServiceWindow, actor: Actor = SYSTEM, today: dt.date = AFTER_THE_QUARTER) -> Any:
    async with in_transaction():
        return await file_quarterly_archive(window, YEAR, QUARTER, actor, today=today)


async def _content(archive: QuarterlyArchive) -> bytes:
    return bytes((await Report.get(id=archive.report_id)).content)


async def test_the_workbook_holds_the_quarters_records_and_their_figures(demo_db: str) -> None:
    seeded = await seed_quarter()
    filing = await _file(seeded["window"])
    archive = filing.archive
    report = await Report.get(id=archive.report_id)
    assert (report.kind, report.owner_id, report.jurisdiction_id, report.expires_at) == (
        ReportKind.QUARTERLY_ARCHIVE, None, "130102", None)  # fmt: skip
    assert report.filename == "长安区人才服务窗口_2021Q2_服务工作档案.xlsx"
    assert archive.request_count == 5 and archive.jurisdiction_id == "130102"
    assert (await archive.filed_to).name == "石家庄市人才服务局人才服务窗口"

    content = bytes(report.content)
    assert load_workbook(io.BytesIO(content), read_only=True).sheetnames == SHEETS
    summary = summary_of(content)
    assert summary["报送单位"] == CHANGAN and summary["统计期间"] == "2021-04-01 至 2021-06-30"
    assert summary["报送至"] == "石家庄市人才服务局人才服务窗口"
    expected = {
        "受理件数": 5, "办结件数（截至季末）": 3, "按时办结件数": 1, "逾期办结件数": 1, "按时情况未知件数": 1,
        "季末超期未结件数": 1, "超期件数": 2, "延期报备次数": 2, "延期办件数": 1, "满意度评价件数": 2,
        "满意度平均分": 3.5, "评价：非常满意": 1, "评价：不满意": 1, "评价：满意": 0, "投诉受理件数": 2,
        "投诉已反馈件数": 1, "投诉按时反馈件数": 1, "差评整改件数": 1, "差评整改已反馈件数": 1,
        "服务档案建档条数": 2, "平均办理用时（工作日）": 16.0, "按时办结率": 0.5,
    }  # fmt: skip
    assert {label: summary[label] for label in expected} == expected

    details = lines_of(content, "办件明细")
    assert sorted(line[0] for line in details) == ["Q-LAST-NIGHT", "Q-LATE", "Q-ON-TIME", "Q-OPEN-OVERDUE",
                                                   "Q-UNKNOWN"]  # fmt: skip
    first = next(line for line in details if line[0] == "Q-ON-TIME")
    assert first[1] == dt.datetime(2021, 4, 6, 10)  # Beijing wall-clock time
    assert first[2:4] == (seeded["talent"].name, mask_id_number(seeded["talent"].id_number))
    assert first[4:11] == ("户籍办理", "石家庄市公安局", "已办结", dt.datetime(2021, 4, 25),
                           dt.datetime(2021, 4, 20), "是", 10)  # fmt: skip
    timing = {line[0]: line[9] for line in details}
    assert timing == {"Q-ON-TIME": "是", "Q-LATE": "否", "Q-UNKNOWN": "未知", "Q-OPEN-OVERDUE": None,
                      "Q-LAST-NIGHT": "是"}  # fmt: skip
    assert sorted(line[0] for line in lines_of(content, "服务档案")) == ["Q-LATE", "Q-ON-TIME"]
    assert sorted((line[0], line[2], line[3]) for line in lines_of(content, "满意度评价")) == [
        ("Q-LATE", "不满意", 2), ("Q-ON-TIME", "非常满意", 5)]  # fmt: skip
    complaints = {line[0]: line for line in lines_of(content, "投诉处理")}
    assert sorted(complaints) == ["TS-1", "TS-2", "ZG-1"]
    assert complaints["TS-1"][1:4] == ("投诉", "热线", "王**") and complaints["TS-1"][10] == "是"


async def test_the_workbook_carries_no_unmasked_personal_data(demo_db: str) -> None:
    seeded = await seed_quarter()
    content = await _content((await _file(seeded["window"], Actor("sjz_admin"))).archive)
    cells = {str(value) for sheet in SHEETS for row in read_rows(content, sheet) for value in row if value}
    talent = seeded["talent"]
    assert mask_id_number(talent.id_number) in cells
    assert not any(talent.id_number in cell or (talent.phone and talent.phone in cell) for cell in cells)
    assert not any("13812345678" in cell or "王小明" in cell for cell in cells)


async def test_a_quarter_not_yet_ended_is_refused_and_nothing_is_written(demo_db: str) -> None:
    window = await ServiceWindow.get(name=CHANGAN)
    before = [await model.all().count() for model in (QuarterlyArchive, Report, AuditEvent)]
    for today in (dt.date(2021, 6, 30), dt.date(2021, 4, 1), dt.date(2020, 12, 31)):  # Q2's last day …
        with pytest.raises(UserError) as refused:
            await _file(window, today=today)
        assert refused.value.code == ErrorCode.INVALID_STATE
    for year, quarter in ((2021, 0), (2021, 5), (1999, 4)):
        with pytest.raises(UserError) as refused:
            async with in_transaction():
                await file_quarterly_archive(window, year, quarter, SYSTEM, today=AFTER_THE_QUARTER)
        assert refused.value.code == ErrorCode.VALIDATION
    city = await ServiceWindow.get(name="石家庄市人才服务局人才服务窗口")
    with pytest.raises(UserError) as refused:
        await _file(city)
    assert refused.value.code == ErrorCode.VALIDATION  # only county windows file
    after = [await model.all().count() for model in (QuarterlyArchive, Report, AuditEvent)]
    assert after == before
    await _file(window, today=dt.date(2021, 7, 1))  # the first day after it, Beijing time


async def test_filing_again_keeps_the_archive_and_report_ids_and_replaces_the_content(demo_db: str) -> None:
    seeded = await seed_quarter()
    first = await _file(seeded["window"])
    assert first.created
    await _request(
        "Q-LATE-ENTRY",
        seeded["window"],
        seeded["talent"],
        beijing(2021, 6, 2, 9),
        due_on=dt.date(2021, 6, 22),
        completed_on=dt.date(2021, 6, 21),
        on_time=True,
        workdays=13,
    )
    again = await _file(seeded["window"], Actor("changan_window"))
    assert not again.created and again.jobs == []
    assert (again.archive.id, again.archive.report_id) == (first.archive.id, first.archive.report_id)
    assert again.archive.request_count == 6 and again.archive.generated_by == "changan_window"
    assert (
        again.archive.filed_at == first.archive.filed_at
        and again.archive.generated_at > first.archive.generated_at
    )
    assert summary_of(await _content(again.archive))["受理件数"] == 6
    assert (await Report.get(id=again.archive.report_id)).row_count == 6
    assert await QuarterlyArchive.filter(year=YEAR, quarter=QUARTER).count() == 1
    assert await Report.filter(kind=ReportKind.QUARTERLY_ARCHIVE, filename__contains="2021Q2").count() == 1


async def test_a_filer_losing_the_insert_race_updates_the_winners_archive(demo_db: str) -> None:
    """The cron and a mutation at once: the second filer starts while the first has written
    its rows but not committed. On PostgreSQL its insert waits on the unique index and then
    fails, so it updates the winner's archive; SQLite serialises the two transactions."""
    await seed_quarter()
    window = await ServiceWindow.get(name=CHANGAN)
    written, release = asyncio.Event(), asyncio.Event()

    async def winner() -> Any:
        async with in_transaction():
            filing = await file_quarterly_archive(window, YEAR, QUARTER, SYSTEM, today=AFTER_THE_QUARTER)
            written.set()
            await release.wait()
        return filing

    first = asyncio.create_task(winner())
    await written.wait()
    second = asyncio.create_task(_file(window, Actor("changan_window")))
    await asyncio.sleep(0.5)  # the second filer is now waiting on the first one's transaction
    assert not second.done()
    release.set()
    won, lost = await first, await second
    assert won.created and not lost.created and lost.jobs == []
    assert (lost.archive.id, lost.archive.report_id) == (won.archive.id, won.archive.report_id)
    assert lost.archive.generated_by == "changan_window"
    assert await QuarterlyArchive.filter(window_id=window.id, year=YEAR, quarter=QUARTER).count() == 1
    assert await Report.filter(kind=ReportKind.QUARTERLY_ARCHIVE, filename__contains="2021Q2").count() == 1


def test_the_last_ended_quarter_turns_over_on_the_first_day_of_a_quarter() -> None:
    assert last_ended_quarter(dt.date(2026, 10, 1)) == Quarter(2026, 3)
    assert last_ended_quarter(dt.date(2026, 9, 30)) == Quarter(2026, 2)
    assert last_ended_quarter(dt.date(2027, 1, 1)) == Quarter(2026, 4)
    assert last_ended_quarter(dt.date(2027, 3, 31)) == Quarter(2026, 4)
    assert Quarter(2024, 1).end == dt.date(2024, 3, 31) and Quarter(2024, 4).end == dt.date(2024, 12, 31)
    low, high = Quarter(2021, 3).utc_bounds()
    assert (low, high) == (
        dt.datetime(2021, 6, 30, 16, tzinfo=dt.UTC),
        dt.datetime(2021, 9, 30, 16, tzinfo=dt.UTC),
    )


async def _notices(username: str) -> list[str]:
    user = await User.get(username=username)
    rows = await Notification.filter(recipient_id=user.id, related_type="quarterly_archive").order_by("id")
    return [n.subject for n in rows]


async def test_the_cron_files_each_county_window_once_and_tells_the_city(demo_db: str) -> None:
    await seed_quarter()
    await _file(await ServiceWindow.get(name=ZHENGDING))  # already filed by hand: left alone
    sjz_before = await _notices("sjz_admin")
    first = await file_quarterly_archives({"redis": None}, today=AFTER_THE_QUARTER.isoformat())
    assert first == {"quarter": "2021Q2", "filed": 3}  # 长安区, 历下区, 济南高新区
    second = await file_quarterly_archives({"redis": None}, today=AFTER_THE_QUARTER.isoformat())
    assert second == {"quarter": "2021Q2", "filed": 0}
    archives = await QuarterlyArchive.filter(year=YEAR, quarter=QUARTER).prefetch_related("window")
    assert sorted(a.window.name for a in archives) == sorted(
        ["长安区人才服务分窗口", "正定县人才服务分窗口", "历下区人才服务分窗口", "济南高新区人才服务分窗口"]
    )
    changan = next(a for a in archives if a.window.name == CHANGAN)
    assert changan.request_count == 5 and changan.generated_by == "system"
    assert await _notices("sjz_admin") == [*sjz_before, "服务工作档案备案 长安区 2021Q2"]
    assert sorted(await _notices("jinan_admin")) == [
        "服务工作档案备案 历下区 2021Q2", "服务工作档案备案 济南高新技术产业开发区 2021Q2"]  # fmt: skip
    assert await _notices("changan_admin") == []
