"""Pulling a source's change feed into the province's store (数据汇聚).

One page at a time: the page's records and the cursor after it are written in one
transaction, and the cursor is compared-and-set (the update names the cursor the page
was read from), so a page is applied once whatever runs twice: a retried job, two
workers, a worker killed between the pull and the commit (the page is pulled again).

* Idempotent: a record already stored as the page gives it is not written again.
* Only what the source is authoritative for: a record of a jurisdiction outside the
  source's is refused, reported as an error of the source, and the cursor moves on.
* A source that does not answer is tried again after a back-off doubling from 2 s to
  5 min; a feed of another major contract version is refused until the source changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from permissions.scopes import covers, jur
from resolvers.federation.changes import CONTRACT_VERSION, KINDS, MAX_FIRST
from schema import clock
from schema.clock import china_today
from schema.models import Source, SourceError, SourceRecord

FEED = """query Feed($after: String, $first: Int) {
  changes(after: $after, first: $first) {
    contractVersion
    pageInfo { hasNextPage endCursor }
    edges { node { type recordId key op jurisdiction at data } }
  }
}"""
PAGE_SIZE = MAX_FIRST
PAGES_PER_RUN = 20  # then the job ends and the next tick goes on: other sources get a turn
TIMEOUT_SECONDS = 10.0
# A run holds its source by setting `next_attempt_at` this far ahead, renewed with every
# page: no other run starts meanwhile, and a run killed midway is taken over once it ends.
LEASE_SECONDS = 20.0
BACKOFF_BASE_SECONDS, BACKOFF_CAP_SECONDS = 2.0, 300.0
ERROR_TEXT = 256


class SyncFailure(Exception):
    """A pull that did not give a page: `code` is how `sourceErrors` files it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message[:ERROR_TEXT]


@dataclass
class FeedPage:
    cursor: str | None  # the cursor it was read after
    end_cursor: str | None
    has_next: bool
    contract_version: str
    changes: list[dict[str, Any]]


@dataclass
class SyncOutcome:
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    refused: int = 0
    caught_up: bool = False
    error: str | None = None
    errors: list[str] = field(default_factory=list)


def compatible(version: str) -> bool:
    """Same major version as this deployment's feed contract."""
    return version.split(".", 1)[0] == CONTRACT_VERSION.split(".", 1)[0]


async def pull(source: Source, http: httpx.AsyncClient) -> FeedPage:
    """One page of the source's feed after its cursor, or SyncFailure."""
    try:
        response = await http.post(
            f"{source.url}/graphql",
            json={"query": FEED, "variables": {"after": source.cursor, "first": PAGE_SIZE}},
            headers={"Authorization": f"Bearer {source.token}"},
            timeout=TIMEOUT_SECONDS,
        )
    except httpx.HTTPError as error:
        raise SyncFailure(
            "UNREACHABLE", f"{type(error).__name__}: {error}".replace(source.token, "***")
        ) from None
    if response.status_code in (401, 403):
        raise SyncFailure("UNAUTHORIZED", f"HTTP {response.status_code}: the source refused the API token")
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        raise SyncFailure("UNREACHABLE", f"HTTP {response.status_code}: not a GraphQL answer") from None
    errors = body.get("errors") if isinstance(body, dict) else None
    if errors:
        message = str(errors[0].get("message", errors[0]))
        # A feed without the fields this reader asks for is another contract.
        code = (
            "CONTRACT" if "Cannot query field" in message or "Unknown argument" in message else "SOURCE_ERROR"
        )
        raise SyncFailure(code, message)
    try:
        feed = body["data"]["changes"]
        page = FeedPage(source.cursor, feed["pageInfo"]["endCursor"], bool(feed["pageInfo"]["hasNextPage"]),
                        str(feed["contractVersion"]), [edge["node"] for edge in feed["edges"]])  # fmt: skip
    except (KeyError, TypeError):
        raise SyncFailure("CONTRACT", "the answer is not a change feed page") from None
    if not compatible(page.contract_version):
        raise SyncFailure("CONTRACT", f"feed contract {page.contract_version}, this deployment reads "
                                      f"{CONTRACT_VERSION.split('.')[0]}.x")  # fmt: skip
    return page


async def sync_source(source_id: int, http: httpx.AsyncClient, pages: int = PAGES_PER_RUN) -> SyncOutcome:
    """Pull and store pages until the source is caught up, `pages` have been read, or a
    pull fails (then the back-off is set and the failure filed)."""
    outcome = SyncOutcome()
    if not await _claim(source_id):
        return outcome
    for _ in range(pages):
        source = await Source.get_or_none(id=source_id)
        if source is None or source.status != "ACTIVE":
            break
        try:
            page = await pull(source, http)
        except SyncFailure as failure:
            await _failed(source, failure)
            outcome.error = failure.code
            break
        if not await ingest(source, page, outcome):
            break  # another run stored this page first
        outcome.pages += 1
        if not page.has_next:
            outcome.caught_up = True
            break
    if outcome.error is None:  # due again at the next tick
        await Source.filter(id=source_id).update(next_attempt_at=None)
    return outcome


async def _claim(source_id: int) -> bool:
    """Hold the source for this run, if it is active and no other run holds it."""
    now = clock.now()
    due = Q(next_attempt_at=None) | Q(next_attempt_at__lte=now)
    lease = now + dt.timedelta(seconds=LEASE_SECONDS)
    return bool(await Source.filter(due, id=source_id, status="ACTIVE").update(next_attempt_at=lease))


async def ingest(source: Source, page: FeedPage, outcome: SyncOutcome | None = None) -> bool:
    """Store `page` and move the cursor past it, in one transaction; False (nothing
    written) if the source's cursor is no longer the one the page was read from."""
    outcome = outcome if outcome is not None else SyncOutcome()
    now = clock.now()
    latest = {(c["type"], c["recordId"]): c for c in page.changes if c.get("type") in KINDS}
    async with in_transaction():
        moved = await Source.filter(id=source.id, cursor=page.cursor, status="ACTIVE").update(
            cursor=page.end_cursor, last_synced_at=now, failures=0,
            next_attempt_at=now + dt.timedelta(seconds=LEASE_SECONDS),
            lag_seconds=_lag(page, now), contract_version=page.contract_version,
        )  # fmt: skip
        if not moved:
            return False
        stored = {
            (row.kind, row.record_id): row
            for row in await SourceRecord.filter(source_id=source.id, record_id__in=[k[1] for k in latest])
        }
        new: list[SourceRecord] = []
        refused: list[SourceError] = []
        for (kind, record_id), change in latest.items():
            values = _values(change)
            if values is not None and not _covers(source.jurisdictions, values["jurisdiction_code"]):
                refused.append(_refusal(source, kind, record_id, values["jurisdiction_code"]))
                continue
            row = stored.get((kind, record_id))
            if values is None:  # deleted, or no longer the province's to see
                if row is not None and not row.deleted:
                    await SourceRecord.filter(id=row.id).update(deleted=True, synced_at=now)
                    outcome.written += 1
                else:
                    outcome.unchanged += 1
            elif row is None:
                new.append(SourceRecord(source_id=source.id, kind=kind, record_id=record_id, **values))
            elif any(getattr(row, name) != value for name, value in values.items()):
                await SourceRecord.filter(id=row.id).update(**values, synced_at=now)
                outcome.written += 1
            else:
                outcome.unchanged += 1
        if new:
            await SourceRecord.bulk_create(new)
            outcome.written += len(new)
        if refused:
            await SourceError.bulk_create(refused)
            await Source.filter(id=source.id).update(error_count=F("error_count") + len(refused),
                                                     last_error=refused[-1].message)  # fmt: skip
            outcome.refused += len(refused)
    return True


def _lag(page: FeedPage, now: dt.datetime) -> float:
    """0 when caught up; else the age of the page's last change (what follows is newer)."""
    if not page.has_next or not page.changes:
        return 0.0
    return max(0.0, (now - _moment(page.changes[-1]["at"])).total_seconds())


def _covers(areas: list[str], code: str | None) -> bool:
    return code is not None and any(covers(jur(area), jur(code)) for area in areas)


def _refusal(source: Source, kind: str, record_id: str, code: str | None) -> SourceError:
    areas = ", ".join(source.jurisdictions)
    message = f"{kind} {record_id} lies in {code or 'no jurisdiction'}, outside this source's {areas}"
    return SourceError(source_id=source.id, jurisdiction_id=source.jurisdiction_id,
                       code="OUT_OF_JURISDICTION", message=message[:ERROR_TEXT], kind=kind,
                       record_id=record_id)  # fmt: skip


async def _failed(source: Source, failure: SyncFailure) -> None:
    failures = source.failures + 1
    delay = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (failures - 1))
    status = "REFUSED" if failure.code == "CONTRACT" else source.status
    async with in_transaction():
        await Source.filter(id=source.id).update(
            failures=failures, next_attempt_at=clock.now() + dt.timedelta(seconds=delay), status=status,
            error_count=F("error_count") + 1, last_error=f"{failure.code}: {failure.message}"[:ERROR_TEXT],
        )  # fmt: skip
        await SourceError.create(source_id=source.id, jurisdiction_id=source.jurisdiction_id,
                                 code=failure.code, message=failure.message)  # fmt: skip


# The columns the province's views filter and group on, from each kind's data.
def _values(change: dict[str, Any]) -> dict[str, Any] | None:
    data = change.get("data")
    if change.get("op") != "UPSERT" or not isinstance(data, dict):
        return None
    kind, code = change["type"], change.get("jurisdiction")
    talent_key = (
        data.get("idHash") if kind == "TALENT" else _link(data, "holder" if kind == "CARD" else "talent")
    )
    started = {"TALENT": data.get("introducedOn") or data.get("createdAt"), "CARD": data.get("issuedOn"),
               "SERVICE_REQUEST": data.get("receivedAt")}.get(kind, data.get("createdAt"))  # fmt: skip
    ended = {"TALENT": data.get("leftOn"), "CARD": data.get("expiresOn")}.get(kind, data.get("completedAt"))
    class_of = {"TALENT": "category", "CARD": "tier", "RECOGNITION": "category"}.get(kind)
    return {
        "key": change.get("key"),
        "holder_key": talent_key,
        "jurisdiction_code": code,
        "city_code": city_of(code),
        "status": data.get("status"),
        "class_code": _link(data, class_of, "code") if class_of else None,
        "started_on": _day(started),
        "ended_on": _day(ended),
        "data": data,
        "deleted": False,
        "changed_at": _moment(change["at"]),
    }


def _link(data: dict[str, Any], name: str, field: str = "idHash") -> Any:
    linked = data.get(name)
    return linked.get(field) if isinstance(linked, dict) else None


def city_of(code: str | None) -> str | None:
    """The city a six-digit code lies in (its first four digits); None above city level."""
    if not code or len(code) != 6 or code[2:] == "0000":
        return None
    return code[:4] + "00"


def _day(value: Any) -> dt.date | None:
    """A date, or the day in China of a moment (a request received at 01:00 Beijing time
    on the 1st belongs to that month, though it is still the 31st in UTC)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    return dt.date.fromisoformat(value) if len(value) == 10 else china_today(_moment(value))


def _moment(value: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
