"""Talent imports (人才导入): accepting an uploaded sheet and reading back one's own imports.

An upload is checked as a file at once (an .xlsx, exactly the right header — the fixed
columns, then custom-field columns of the importer's places —, 1..MAX_DATA_ROWS rows);
the import row and its outbox row are written in one transaction and the worker checks and
writes the rows (resolvers/talents/imports/run.py). An import belongs to its uploader alone:
anyone else gets NOT_FOUND, as for one that does not exist.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from tortoise.queryset import QuerySet

from jobs.keys import talent_import_key
from jobs.outbox.staging import stage
from resolvers.core.context import RequestContext
from resolvers.core.errors import forbidden, not_found, validation
from resolvers.core.ids import decode_int_id
from resolvers.core.validation import TextKind, check_text
from resolvers.files.reports import XLSX, report_url
from resolvers.listing.connections import OrderInput, order_spec
from resolvers.listing.filtering import FilterInput, compile_filter
from resolvers.listing.pagination import OrderColumn, Page, datetime_column, paginate
from resolvers.talents.imports.rows import import_columns
from resolvers.talents.imports.sheet import read_upload
from schema.models import Report, TalentImport
from schema.models.enums import ImportMode

IMPORT_TASK = "import_talents"
DEFAULT_FILENAME = "talents.xlsx"


def parse_mode(value: Any) -> ImportMode:
    raw = getattr(value, "value", value) or ""
    try:
        return ImportMode(str(raw).upper())
    except ValueError:
        modes = ", ".join(m.value for m in ImportMode)
        raise validation("mode", f"导入方式只能是 {modes}", f"mode must be one of {modes}") from None


async def check_upload(ctx: RequestContext, content: bytes) -> int:
    """Refuse a file that cannot be imported at all; returns its number of data rows."""
    if not ctx.perms.allows_somewhere("talent", "create"):
        raise forbidden(None, "您无权导入人才", "not allowed to import talents")
    columns = await import_columns(ctx.perms)  # the custom-field headers the importer may use
    # The sheet is parsed in pure Python: off the event loop, so other requests go on.
    upload = await asyncio.to_thread(
        read_upload, content, {header: column.key for header, column in columns.items()}
    )
    return len(upload.rows)


async def queue_import(
    ctx: RequestContext, content: bytes, filename: str | None, mode: ImportMode, total_rows: int
) -> TalentImport:
    """Inside the caller's transaction (run_mutation): the import and its outbox row."""
    principal = ctx.require_principal()
    name = (filename or "").strip()[:128]
    job = await TalentImport.create(
        owner_id=principal.user_id, filename=check_text(name, "filename", TextKind.LINE) or DEFAULT_FILENAME,
        mode=mode, content=content, total_rows=total_rows,
    )  # fmt: skip
    actor = ctx.actor
    payload = {
        "import_id": job.id, "subject": principal.subject, "username": actor.username,
        "token_id": actor.token_id, "client_address": actor.client_address, "request_id": actor.request_id,
    }  # fmt: skip
    ctx.jobs_after_commit.append(await stage(talent_import_key(job.id), IMPORT_TASK, payload))
    return job


# ---- reading one's own imports ------------------------------------------------------


# Everything but the uploaded file, which may weigh megabytes.
SUMMARY_FIELDS = (
    "id", "filename", "mode", "status", "total_rows", "processed_rows", "created_count", "updated_count",
    "error_count", "error", "report_id", "created_at", "finished_at",
)  # fmt: skip


def own_imports(ctx: RequestContext) -> QuerySet[TalentImport]:
    """Not a Casbin scope: an import (its file, its errors) belongs to the user who sent it."""
    return TalentImport.filter(owner_id=ctx.require_principal().user_id).only(*SUMMARY_FIELDS)


async def own_import(ctx: RequestContext, global_id: str) -> TalentImport:
    key = decode_int_id(global_id, "TalentImport")
    job = await own_imports(ctx).filter(id=key).first()
    if job is None:
        raise not_found("id", "人才导入任务", "talent import")
    return job


def error_report_url(job: TalentImport) -> str | None:
    if job.report_id is None:
        return None
    return report_url(Report(id=job.report_id, content_type=XLSX))


def progress_percent(job: TalentImport) -> float:
    if job.total_rows <= 0:
        return 100.0 if job.finished_at else 0.0
    return round(100.0 * min(job.processed_rows, job.total_rows) / job.total_rows, 1)


ORDERS = {"ID": OrderColumn("id"), "CREATED_AT": datetime_column("created_at")}
NEWEST_FIRST = [(OrderColumn("id"), True)]
FILTERS = {"status": "status", "created_at": "created_at"}


class OwnImports:
    """What `connection_field` serves for `talentImports` (newest first unless ordered)."""

    async def page(self, ctx: RequestContext, *, filter: FilterInput | None = None,
                   order_by: Sequence[OrderInput] | None = None, first: int | None = None,
                   after: str | None = None, offset: int | None = None) -> Page:  # fmt: skip
        qs = own_imports(ctx).filter(compile_filter(filter, FILTERS, model=TalentImport))
        order = order_spec(order_by, ORDERS) if order_by else NEWEST_FIRST
        return await paginate(qs, order, first=first, after=after, offset=offset,
                              max_page=ctx.settings.max_page_size)  # fmt: skip


IMPORTS = OwnImports()
