"""The bank's side of a payment batch (银行代发): the batch file the office sends the bank,
and the bank's return file that settles each payment as paid or failed.

The batch file (.xlsx or CSV, the agreed columns below) lists the approved batch's payments
still pending — a payment the bank has settled is never sent twice. Account numbers are
masked everywhere in the console and the API; the file is the one place they are whole,
so making it is recorded in the audit trail.

The return file names each payment by its 付款编号 (`{batch number}-{payment id}`), its
amount and 处理结果 (成功 / 失败, with 失败原因). Every row is checked before anything is
written: a payment of another batch or none, an amount that differs, a payment settled
already, or a result that is neither refuses the whole file, naming the rows. A failed
payment is reversed on the ledger and its talent told; the next run pays that installment
again, into the account on file (`updateFundBankAccount`). The batch is settled when no
payment of it is pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from permissions.audit import audit
from permissions.scopes import jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, changed_meanwhile, forbidden, validation
from resolvers.core.lookup import find_visible
from resolvers.core.transitions import change_status
from resolvers.files.csvfile import CSV, csv_bytes, read_csv
from resolvers.files.reports import XLSX, save_report
from resolvers.files.uploads import ZIP_MAGIC, open_sheet_rows
from resolvers.files.xlsx import workbook_bytes
from resolvers.funds.money import parse_yuan, yuan
from resolvers.funds.payroll import BATCH_FLOW, payment_line
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import talent_users
from schema import clock
from schema.models import FundPolicy, GrassrootsService, LedgerEntry, Payment, PaymentBatch, Report, Talent
from schema.models.enums import LedgerKind, PaymentBatchStatus, PaymentStatus, ReportKind

B = PaymentBatchStatus
BANK_SHEET_TITLE = "银行代发"
BANK_COLUMNS = ("序号", "付款编号", "收款人户名", "开户银行", "收款账号", "金额（元）", "所属月份", "用途")
REFERENCE, AMOUNT, RESULT, REASON = "付款编号", "金额（元）", "处理结果", "失败原因"
PAID_WORDS = {"成功", "已支付", "已发放", "PAID", "SUCCESS"}
FAILED_WORDS = {"失败", "退回", "FAILED", "FAIL"}
MAX_ROW_ERRORS = 20  # named one by one; the count says how many more


class BankFileFormat(str, Enum):
    XLSX = "XLSX"
    CSV = "CSV"


def reference(batch: PaymentBatch, payment_id: int) -> str:
    return f"{batch.number}-{payment_id}"


async def _settleable(ctx: RequestContext, batch_id: str) -> PaymentBatch:
    """The batch, if the caller's office pays it: its files hold whole account numbers."""
    batch = await find_visible(ctx, PaymentBatch, "payment_batch", batch_id, "batchId")
    if not ctx.perms.allows("payment_batch", "approve", [jur(batch.jurisdiction_id)]):
        raise forbidden("batchId", "您无权办理此批次的银行代发", "not allowed to settle this batch")
    if batch.status == B.DRAFT:
        raise UserError("batchId", ErrorCode.INVALID_STATE, "批次尚未审批，不能办理银行代发",
                        "the batch is not approved yet")  # fmt: skip
    return batch


async def _lines(batch: PaymentBatch, payments: list[Payment]) -> list[list[Any]]:
    names = dict(await Talent.filter(id__in={p.talent_id for p in payments}).values_list("id", "name"))
    policies = dict(await FundPolicy.filter(id__in={p.policy_id for p in payments}).values_list("id", "name"))
    return [
        [n, reference(batch, p.id), names.get(p.talent_id), p.bank_name, p.bank_account, yuan(p.amount_fen),
         p.period, f"{policies.get(p.policy_id, '')} {p.period}"]
        for n, p in enumerate(payments, start=1)
    ]  # fmt: skip


async def export_payment_batch(ctx: RequestContext, batch_id: str, fmt: BankFileFormat) -> Report:
    """The bank file of an approved batch's pending payments, stored for the caller."""
    principal = ctx.require_principal()
    batch = await _settleable(ctx, batch_id)
    payments = await Payment.filter(batch_id=batch.id, status=PaymentStatus.PENDING).order_by("id")
    if not payments:
        raise UserError("batchId", ErrorCode.INVALID_STATE, "该批次的款项均已结算，没有待发放的记录",
                        "every payment of the batch is settled")  # fmt: skip
    lines = await _lines(batch, payments)
    if BankFileFormat(fmt) == BankFileFormat.CSV:
        content, content_type, extension = csv_bytes(BANK_COLUMNS, lines), CSV, "csv"
    else:
        content = workbook_bytes(BANK_COLUMNS, lines, BANK_SHEET_TITLE)
        content_type, extension = XLSX, "xlsx"
    filename = f"银行代发-{batch.number}.{extension}"
    report = await save_report(
        principal.user_id, ReportKind.BANK_FILE, filename, content_type, content, len(lines)
    )
    await PaymentBatch.filter(id=batch.id).update(exported_at=clock.now())
    await audit(ctx.actor, "exportPaymentBatch", "payment_batch", batch.id,
                after={"format": extension, "rows": len(lines), "report": str(report.id),
                       "total_fen": sum(p.amount_fen for p in payments), "accounts": "whole"},
                jurisdiction_code=batch.jurisdiction_id)  # fmt: skip
    return report


@dataclass(frozen=True, slots=True)
class Settlement:
    payment: Payment
    paid: bool
    reason: str | None


def _rows(content: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of a return file, .xlsx or CSV, header first."""
    if content.startswith(ZIP_MAGIC):
        return [(n, cells) for n, cells in open_sheet_rows(content, 64)
                if any(c not in (None, "") for c in cells)]  # fmt: skip
    return read_csv(content)


def _columns(header: tuple[Any, ...]) -> dict[str, int]:
    names = [str(value).strip() if value is not None else "" for value in header]
    missing = [name for name in (REFERENCE, AMOUNT, RESULT) if name not in names]
    if missing:
        raise validation("file", f"回单文件缺少列：{'、'.join(missing)}",
                         f"the return file lacks {', '.join(missing)}")  # fmt: skip
    return {name: names.index(name) for name in (REFERENCE, AMOUNT, RESULT, REASON) if name in names}


def _cell(cells: tuple[Any, ...], columns: dict[str, int], name: str) -> Any:
    index = columns.get(name)
    return cells[index] if index is not None and index < len(cells) else None


def _settlements(batch: PaymentBatch, payments: dict[int, Payment], content: bytes) -> list[Settlement]:
    rows = _rows(content)
    if len(rows) < 2:
        raise validation("file", "回单文件中没有记录", "the return file has no rows")
    columns = _columns(rows[0][1])
    prefix = f"{batch.number}-"
    found: list[Settlement] = []
    errors: list[UserError] = []
    seen: set[int] = set()

    def refuse(number: int, code: ErrorCode, message: str, en: str) -> None:
        errors.append(UserError("file", code, f"第 {number} 行：{message}", f"row {number}: {en}"))

    for number, cells in rows[1:]:
        ref = str(_cell(cells, columns, REFERENCE) or "").strip()
        key = ref[len(prefix):] if ref.startswith(prefix) else ""
        payment = payments.get(int(key)) if key.isdigit() else None
        if payment is None:
            refuse(number, ErrorCode.NOT_FOUND, f"付款编号 {ref or '（空）'} 不是本批次的款项",
                   f"{ref!r} is no payment of this batch")  # fmt: skip
            continue
        if payment.id in seen:
            refuse(number, ErrorCode.CONFLICT, f"付款编号 {ref} 重复出现", f"{ref} appears twice")
            continue
        seen.add(payment.id)
        if payment.status != PaymentStatus.PENDING:
            refuse(number, ErrorCode.INVALID_STATE, f"付款编号 {ref} 已结算，不能再次回写",
                   f"{ref} is settled already")  # fmt: skip
            continue
        amount = parse_yuan(_cell(cells, columns, AMOUNT))
        if amount != payment.amount_fen:
            due = yuan(payment.amount_fen, True)
            refuse(number, ErrorCode.VALIDATION, f"金额与付款编号 {ref} 的 {due} 元不符",
                   f"the amount differs from {ref}'s {due}")  # fmt: skip
            continue
        result = str(_cell(cells, columns, RESULT) or "").strip().upper()
        if result not in PAID_WORDS and result not in FAILED_WORDS:
            refuse(number, ErrorCode.VALIDATION, "处理结果应为“成功”或“失败”", "the result is 成功 or 失败")
            continue
        reason = str(_cell(cells, columns, REASON) or "").strip()[:128] or None
        paid = result in PAID_WORDS
        found.append(Settlement(payment, paid, None if paid else reason or "银行未说明原因"))
    if errors:
        more = len(errors) - MAX_ROW_ERRORS
        if more > 0:
            rest = validation("file", f"另有 {more} 行有误", f"{more} more rows are wrong")
            errors = [*errors[:MAX_ROW_ERRORS], rest]
        raise UserErrors(errors)
    return found


async def import_bank_return(
    ctx: RequestContext, batch_id: str, content: bytes
) -> tuple[PaymentBatch, int, int]:
    """Settle the payments a return file names; (the batch, paid, failed)."""
    batch = await _settleable(ctx, batch_id)
    if batch.status == B.SETTLED:
        raise UserError("batchId", ErrorCode.INVALID_STATE, "该批次已全部结算", "the batch is settled")
    payments = {p.id: p for p in await Payment.filter(batch_id=batch.id)}
    settlements = _settlements(batch, payments, content)
    now = clock.now()
    for s in settlements:
        status = PaymentStatus.PAID if s.paid else PaymentStatus.FAILED
        changed = await Payment.filter(id=s.payment.id, status=PaymentStatus.PENDING).update(
            status=status, settled_at=now, failure_reason=s.reason)  # fmt: skip
        if not changed:
            raise changed_meanwhile("file", "a payment was settled meanwhile; try again")
    failed = [s.payment for s in settlements if not s.paid]
    await LedgerEntry.bulk_create([
        payment_line(LedgerKind.REVERSAL, p, -p.amount_fen) for p in failed
    ])  # fmt: skip
    # A per-day allowance's service days are paid again with the next run, as its other installments.
    await GrassrootsService.filter(payment_id__in=[p.id for p in failed]).update(payment_id=None)
    pending = await Payment.filter(batch_id=batch.id, status=PaymentStatus.PENDING).exists()
    if not pending and not await change_status(batch, BATCH_FLOW, B.SETTLED):
        raise changed_meanwhile("batchId", "the batch changed meanwhile; try again")
    for s in settlements:
        if not s.paid:
            ctx.jobs_after_commit += await notify(
                await talent_users(s.payment.talent_id), f"人才资金发放失败 {s.payment.period}",
                f"您 {s.payment.period} 的 {yuan(s.payment.amount_fen, True)} 元未能入账（{s.reason}），"
                "请核对银行账户后联系发放部门。", related_type="Payment", related_id=s.payment.id,
            )  # fmt: skip
    await audit(ctx.actor, "importBankReturn", "payment_batch", batch.id,
                after={"paid": len(settlements) - len(failed), "failed": len(failed),
                       "status": B(batch.status).value},
                jurisdiction_code=batch.jurisdiction_id)  # fmt: skip
    return batch, len(settlements) - len(failed), len(failed)
