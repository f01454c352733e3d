"""The import task in the worker: an import a killed worker left RUNNING starts over and
finishes; one whose tries ran out ends FAILED, audited, instead of running forever."""

from __future__ import annotations

from arq.connections import ArqRedis

from schema.models import AuditEvent, OutboxEntry, Talent, TalentImport
from schema.models.enums import JobStatus, OutboxStatus
from tests.support.graphql import GraphQLClient
from tests.support.talent_sheets import person_id, sheet, talent_row, upload
from tests.support.worker import drain


async def test_an_import_left_running_by_a_killed_worker_starts_over_and_finishes(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    assert (await upload(client, sheet([talent_row(i) for i in range(6)]))).status_code == 202
    # as a worker killed after its first chunk leaves it
    await TalentImport.all().update(status=JobStatus.RUNNING, processed_rows=3, created_count=3)
    await OutboxEntry.filter(key__startswith="talent_import:").update(attempts=1)
    await drain(redis_url)
    job = await TalentImport.get()
    assert (job.status, job.processed_rows, job.created_count, job.error_count) == (JobStatus.DONE, 6, 6, 0)
    assert await Talent.filter(id_number__in=[person_id(i) for i in range(6)]).count() == 6


async def test_an_import_whose_tries_ran_out_ends_failed_and_audited(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    assert (await upload(client, sheet([talent_row(1)]))).status_code == 202
    await OutboxEntry.filter(key__startswith="talent_import:").update(attempts=3, last_error="TimeoutError()")
    await drain(redis_url)
    job = await TalentImport.get()
    assert job.status == JobStatus.FAILED and "请重新上传" in (job.error or "")
    assert job.content is None and job.finished_at is not None
    assert (await OutboxEntry.get(key=f"talent_import:{job.id}:run")).status == OutboxStatus.FAILED
    assert not await Talent.filter(id_number=person_id(1)).exists()
    events = await AuditEvent.filter(operation="importTalents").values_list("after", flat=True)
    assert [event["status"] for event in events] == ["FAILED"]
