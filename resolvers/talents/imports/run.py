"""Running a talent import (worker side): check every row, write in batches, report.

* Rows are checked in chunks of CHUNK: each chunk prefetches the talents and employers it
  names (two queries) and the progress (processed_rows, counts) is stored after it.
* VALID_ROWS_ONLY writes each chunk's valid rows in its own transaction;
  ALL_OR_NOTHING writes nothing unless every row is valid, then all rows in one transaction.
* Writes are multi-row INSERTs and one prepared UPDATE for changed talents (schema/sql.py):
  Tortoise 1.x bulk_create returns None and sets no keys, and builds an instance per row.
* Re-importing is idempotent on the ID number: a known talent is updated, and only when a
  cell differs; otherwise it counts as unchanged.
* Custom-field columns (after the fixed ones) are checked with the GraphQL write's checks
  (resolvers/customfields/values.py check_values) against the fields of the row's county: a
  blank cell keeps the stored value, a required field left empty is a row error; the trail
  masks personal ones. A sheet without such columns leaves a known talent's values alone —
  unless the row moves the talent to another county: then its values follow the new
  county's fields as an updateTalent move's do (values.py `rehome`: those that no longer
  apply dropped, the rest checked; a required field is enforced only with custom columns).
* One audit event per import, with its counts; rejected rows go to an .xlsx in the same
  layout plus 错误说明 (save_report, kind IMPORT_ERRORS), linked from the import.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from permissions.audit import Actor, Change, audit, audit_many
from permissions.compiled import CompiledPermissions
from permissions.delegation import home_jurisdiction
from permissions.grants import grants_of, user_subject
from permissions.policy_cache import load_policy
from resolvers.core.errors import UserError
from resolvers.customfields.values import personal_in, trail_values
from resolvers.files.reports import XLSX, save_report
from resolvers.listing.pagination import plain_value
from resolvers.talents.imports.rows import (
    TALENT_COLUMNS,
    ChunkRefs,
    ImportState,
    Places,
    RowChecker,
    TalentPlan,
    import_columns,
)
from resolvers.talents.imports.sheet import SheetRow, error_sheet, read_upload
from schema import clock
from schema.models import Employer, Talent, TalentImport, User
from schema.models.enums import EmployerKind, IdKind, ImportMode, JobStatus, ReportKind, TalentStatus
from schema.sql import for_dialect, insert_many

CHUNK = 500
OPEN = (JobStatus.QUEUED, JobStatus.RUNNING)

_UPDATE_TALENT = (
    'UPDATE "talent" SET "name" = ?, "gender" = ?, "birth_date" = ?, "phone" = ?, "jurisdiction_id" = ?, '
    '"category_id" = ?, "employer_id" = ?, "introduced_on" = ?, "custom_fields" = ?, "updated_at" = ? '
    'WHERE "id" = ?'
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def employer_kind(credit_code: str) -> EmployerKind:
    """From the GB 32100 registration authority and entity type: 9x 企业, 11 机关, 12 事业单位."""
    if credit_code[0] == "9":
        return EmployerKind.ENTERPRISE
    kinds = {"11": EmployerKind.GOVERNMENT, "12": EmployerKind.INSTITUTION}
    return kinds.get(credit_code[:2], EmployerKind.OTHER)


async def _employer_ids(plans: list[TalentPlan], state: ImportState, now: dt.datetime) -> dict[str, int]:
    codes = sorted({p.credit_code for p in plans if p.credit_code})
    if not codes:
        return {}
    known = dict(await Employer.filter(credit_code__in=codes).values_list("credit_code", "id"))
    fresh = [code for code in codes if code not in known]
    rows = []
    for code in fresh:
        name, place = state.new_employers[code]
        rows.append({"name": name, "credit_code": code, "jurisdiction_id": place, "kind": employer_kind(code),
                     "created_at": now, "updated_at": now})  # fmt: skip
    await insert_many(Employer, rows)
    if fresh:
        known.update(await Employer.filter(credit_code__in=fresh).values_list("credit_code", "id"))
    return known


def _json(value: Any) -> str:
    """A JSON column's value as a raw statement takes it (text; jsonb on PostgreSQL)."""
    return json.dumps(value or {}, ensure_ascii=False)


async def write_plans(
    plans: list[TalentPlan], state: ImportState, counts: Counts, actor: Actor,
    personal: frozenset[str] = frozenset(),
) -> None:  # fmt: skip
    """Write checked rows (inside the caller's transaction), each talent created or changed
    with its before and after in the audit trail (`personal`: custom fields masked there)."""
    now = clock.now()
    employers = await _employer_ids(plans, state, now)
    new_rows, changes, trail = [], [], []
    fresh: list[dict[str, Any]] = []
    for plan in plans:
        values = dict(plan.values, employer_id=employers.get(plan.credit_code or ""))
        if plan.existing is not None and plan.changed:
            trail.append(_change(plan.existing["id"], plan.existing, values, personal))
        if plan.existing is None:
            new_rows.append({
                **values, "custom_fields": _json(values.get("custom_fields")), "id_kind": IdKind.RESIDENT_ID,
                "nationality": "CHN", "status": TalentStatus.ACTIVE, "created_at": now, "updated_at": now,
            })  # fmt: skip
            fresh.append(values)
        elif plan.changed:
            changes.append([
                values["name"], values["gender"].value, values["birth_date"], values["phone"],
                values["jurisdiction_id"], values["category_id"], values["employer_id"],
                values["introduced_on"], _json(values.get("custom_fields")), now, plan.existing["id"],
            ])  # fmt: skip
        else:
            counts.unchanged += 1
    await insert_many(Talent, new_rows)
    if changes:
        conn = connections.get("default")
        await conn.execute_many(for_dialect(conn.capabilities.dialect, _UPDATE_TALENT), changes)
    if new_rows:
        new_ids = dict(await Talent.filter(id_number__in=[r["id_number"] for r in new_rows])
                       .values_list("id_number", "id"))  # fmt: skip
        trail.extend(_change(new_ids[v["id_number"]], None, v, personal) for v in fresh)
    await audit_many(actor, "importTalent", trail)
    counts.created += len(new_rows)
    counts.updated += len(changes)


def _change(
    talent_id: int, before: dict[str, Any] | None, after: dict[str, Any], personal: frozenset[str]
) -> Change:
    """The fields an import wrote (only those it changed, for an existing talent); changed
    custom fields under `custom_fields`, personal ones masked as in every other trail."""
    fields = [f for f in TALENT_COLUMNS
              if before is None or plain_value(before.get(f)) != plain_value(after.get(f))]  # fmt: skip
    old_custom = (before or {}).get("custom_fields") or {}
    new_custom = after.get("custom_fields") or {}
    custom = sorted(k for k in {*old_custom, *new_custom} if old_custom.get(k) != new_custom.get(k))
    old_view = {f: plain_value(before.get(f)) for f in fields} if before is not None else None
    new_view = {f: plain_value(after.get(f)) for f in fields}
    if custom:
        if old_view is not None:
            old_view["custom_fields"] = trail_values({k: old_custom.get(k) for k in custom}, personal)
        new_view["custom_fields"] = trail_values({k: new_custom.get(k) for k in custom}, personal)
    return Change("talent", talent_id, after["jurisdiction_id"], before=old_view, after=new_view)


async def importer_place(owner_id: int) -> str | None:
    """The importer's area, so its auditor sees the import (the talents' own rows carry theirs)."""
    username: str = await User.get(id=owner_id).values_list("username", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    return await home_jurisdiction(await grants_of(user_subject(username)))


async def permissions_of(subject: str) -> CompiledPermissions:
    """The importer's permissions as they are now (a revoked grant stops the import)."""
    return CompiledPermissions(await grants_of(subject), await load_policy())


async def _progress(import_id: int, processed: int, counts: Counts, errors: int) -> None:
    await TalentImport.filter(id=import_id).update(
        processed_rows=processed, created_count=counts.created, updated_count=counts.updated,
        error_count=errors,
    )  # fmt: skip


async def run_import(import_id: int, subject: str, actor: Actor) -> JobStatus | None:
    """Run a QUEUED import (or one a killed worker left RUNNING: it starts over, which the
    ID-number idempotence makes safe). A finished import is left alone; returns its status."""
    claimed = await TalentImport.filter(id=import_id, status__in=OPEN).update(
        status=JobStatus.RUNNING, processed_rows=0, created_count=0, updated_count=0, error_count=0
    )
    if not claimed:
        return None
    job = await TalentImport.get(id=import_id)
    perms = await permissions_of(subject)
    columns = await import_columns(perms)
    try:
        upload = await asyncio.to_thread(
            read_upload, bytes(job.content or b""), {header: column.key for header, column in columns.items()}
        )
    except UserError as error:  # checked at upload; only a changed limit, grant or field gets here
        await _finish(job, actor, JobStatus.FAILED, Counts(), [], error.message)
        return JobStatus.FAILED
    rows, headers = upload.rows, upload.custom_headers
    await TalentImport.filter(id=import_id).update(total_rows=len(rows))
    custom = [(header, columns[header]) for header in headers]
    checker = RowChecker(await Places.load(), perms, ImportState(), custom)
    personal = await personal_in("Talent")
    counts, rejected, pending = Counts(), [], []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        refs = await ChunkRefs.load(*checker.keys(chunk))
        plans = []
        for row in chunk:
            result = checker.check(row, refs)
            if isinstance(result, TalentPlan):
                plans.append(result)
            else:
                rejected.append((row, "；".join(result)))
        if job.mode == ImportMode.VALID_ROWS_ONLY:
            async with in_transaction():
                await write_plans(plans, checker.state, counts, actor, personal)
        else:
            pending.extend(plans)
        await _progress(import_id, start + len(chunk), counts, len(rejected))
    if job.mode == ImportMode.ALL_OR_NOTHING:
        if rejected:
            message = f"{len(rows)} 行中有 {len(rejected)} 行有错误，未导入任何数据"
            await _finish(job, actor, JobStatus.FAILED, counts, rejected, message, headers)
            return JobStatus.FAILED
        async with in_transaction():
            for start in range(0, len(pending), CHUNK):
                await write_plans(pending[start : start + CHUNK], checker.state, counts, actor, personal)
    await _finish(job, actor, JobStatus.DONE, counts, rejected, None, headers)
    return JobStatus.DONE


async def _finish(
    job: TalentImport, actor: Actor, status: JobStatus, counts: Counts,
    rejected: list[tuple[SheetRow, str]], error: str | None, custom_headers: tuple[str, ...] = (),
) -> None:  # fmt: skip
    content = await asyncio.to_thread(error_sheet, rejected, custom_headers) if rejected else None
    total = (await TalentImport.get(id=job.id).only("total_rows")).total_rows
    async with in_transaction():
        report = None
        if content is not None:
            stem = job.filename.rsplit(".", 1)[0]
            report = await save_report(
                job.owner_id, ReportKind.IMPORT_ERRORS, f"{stem}-错误说明.xlsx", XLSX, content, len(rejected)
            )
        await TalentImport.filter(id=job.id).update(
            status=status, processed_rows=total, created_count=counts.created, updated_count=counts.updated,
            error_count=len(rejected), error=error, report_id=report.id if report else None,
            finished_at=clock.now(), content=None,
        )  # fmt: skip
        after: dict[str, Any] = {
            "filename": job.filename, "mode": job.mode.value, "status": status.value, "total_rows": total,
            "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged,
            "errors": len(rejected), "report_id": str(report.id) if report else None,
        }  # fmt: skip
        await audit(actor, "importTalents", "talent_import", job.id, after=after,
                    jurisdiction_code=await importer_place(job.owner_id))  # fmt: skip


async def fail_import(import_id: int, actor: Actor, error: str) -> None:
    """Give up on an import that keeps failing (audited like every import's end)."""
    async with in_transaction():
        stopped = await TalentImport.filter(id=import_id, status__in=OPEN).update(
            status=JobStatus.FAILED, error=error, finished_at=clock.now(), content=None
        )
        if stopped:
            owner: int = await TalentImport.get(id=import_id).values_list("owner_id", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
            await audit(actor, "importTalents", "talent_import", import_id,
                        after={"status": JobStatus.FAILED.value, "error": error},
                        jurisdiction_code=await importer_place(owner))  # fmt: skip
