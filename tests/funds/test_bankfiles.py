"""The bank's side of a batch (银行代发): the batch file with whole account numbers (.xlsx and
CSV, audited, the caller's only), and the return file that settles each payment as paid or
failed — a failed one reversed on the ledger; a file naming unknown, other batches' or
settled payments, or wrong amounts, changes nothing."""

from __future__ import annotations

import base64
import csv
import io
from typing import Any

import pytest

from resolvers.core.ids import encode_id
from resolvers.files.csvfile import csv_bytes, read_csv
from resolvers.files.xlsx import read_table, workbook_bytes
from resolvers.funds.bankfiles import BANK_COLUMNS
from resolvers.funds.money import parse_yuan, yuan
from schema.models import AuditEvent, Entitlement, LedgerEntry, Payment
from tests.support.funds import (
    ACCOUNT,
    APPROVE,
    BALANCE,
    assert_ledger_balances,
    entitled,
    run,
    this_month,
)
from tests.support.graphql import GraphQLClient

EXPORT = """mutation($input: ExportPaymentBatchInput!) {
  exportPaymentBatch(input: $input) { url rowCount userErrors { field code message } } }"""
IMPORT = """mutation($input: ImportBankReturnInput!) {
  importBankReturn(input: $input) { paymentBatch { id status } paidCount failedCount
    userErrors { field code message } } }"""
SETTLED = """query($b: ID) { payments(filter: {batchId: {eq: $b}}) {
  edges { node { status failureReason settledAt bankAccount talent { id } } } } }"""


async def approved_batch(client: GraphQLClient, talents: int = 2) -> tuple[str, list[str]]:
    """A batch of this month's rent subsidy for `talents` doctors, approved: (its ID, theirs)."""
    ids = [(await entitled(client, months_ago=0, skip=n))[0] for n in range(talents)]
    batch = (await run(client, this_month()))["paymentBatch"]
    assert batch["count"] == talents
    approved = await client.data(APPROVE, {"input": {"batchId": batch["id"]}}, as_user="sjz_admin")
    assert approved["approvePaymentBatch"]["paymentBatch"]["status"] == "APPROVED"
    return batch["id"], ids


async def export(client: GraphQLClient, batch: str, fmt: str = "XLSX", user: str = "sjz_admin") -> Any:
    variables = {"input": {"batchId": batch, "format": fmt}}
    return (await client.data(EXPORT, variables, as_user=user))["exportPaymentBatch"]


async def bank_file(client: GraphQLClient, batch: str, fmt: str = "XLSX") -> tuple[list[str], list[tuple]]:
    made = await export(client, batch, fmt)
    assert made["userErrors"] == [], made
    response = await client.get(made["url"], as_user="sjz_admin")
    assert response.status_code == 200
    if fmt == "CSV":
        assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese
        header, *rows = [cells for _, cells in read_csv(response.content)]
        return list(header), rows
    return read_table(response.content)


def return_file(rows: list[list[Any]], fmt: str = "CSV") -> str:
    headers = ("付款编号", "收款账号", "金额（元）", "处理结果", "失败原因")
    content = csv_bytes(headers, rows) if fmt == "CSV" else workbook_bytes(headers, rows)
    return base64.b64encode(content).decode()


async def settle(client: GraphQLClient, batch: str, file: str, user: str = "sjz_admin") -> Any:
    variables = {"input": {"batchId": batch, "fileBase64": file, "filename": "回单.csv"}}
    return (await client.data(IMPORT, variables, as_user=user))["importBankReturn"]


async def snapshot() -> tuple[list, int]:
    return await Payment.all().order_by("id").values_list("id", "status"), await LedgerEntry.all().count()


@pytest.mark.parametrize("fmt", ["XLSX", "CSV"])
async def test_the_bank_file_holds_whole_accounts_for_the_caller_only_and_is_audited(
    client: GraphQLClient, fmt: str
) -> None:
    batch, _ = await approved_batch(client)
    headers, rows = await bank_file(client, batch, fmt)
    assert tuple(headers) == BANK_COLUMNS
    assert [(r[4], r[5]) for r in rows] == [(ACCOUNT, "3000.00")] * 2
    refs = [r[1] for r in rows]
    assert len(set(refs)) == 2 and all(ref.startswith("PB") for ref in refs)
    made = await export(client, batch, fmt)
    for other in ("changan_admin", "zhengding_admin"):
        assert (await client.get(made["url"], as_user=other)).status_code == 404
    event = await AuditEvent.filter(operation="exportPaymentBatch").order_by("-id").first()
    assert event is not None and event.after["rows"] == 2 and event.after["accounts"] == "whole"


async def test_a_draft_batch_has_no_bank_file_and_a_county_cannot_reach_the_citys(
    client: GraphQLClient,
) -> None:
    await entitled(client)
    draft = (await run(client, this_month()))["paymentBatch"]
    assert [e["code"] for e in (await export(client, draft["id"]))["userErrors"]] == ["INVALID_STATE"]
    await client.data(APPROVE, {"input": {"batchId": draft["id"]}}, as_user="sjz_admin")
    hidden = await export(client, draft["id"], user="changan_admin")
    assert [(e["field"], e["code"]) for e in hidden["userErrors"]] == [("batchId", "NOT_FOUND")]


async def test_the_return_settles_paid_and_failed_and_the_ledger_reverses_the_failed(
    client: GraphQLClient,
) -> None:
    batch, (first, second) = await approved_batch(client)
    _, rows = await bank_file(client, batch, "CSV")
    listed = (await client.data(SETTLED, {"b": batch}, as_user="sjz_admin"))["payments"]["edges"]
    assert {e["node"]["talent"]["id"] for e in listed} == {first, second}
    file = return_file([[rows[0][1], rows[0][4], "3,000.00", "成功", ""],
                        [rows[1][1], rows[1][4], "3000.00", "失败", "账户已销户"]])  # fmt: skip
    done = await settle(client, batch, file)
    assert done["userErrors"] == [] and (done["paidCount"], done["failedCount"]) == (1, 1)
    assert done["paymentBatch"]["status"] == "SETTLED"
    settled = (await client.data(SETTLED, {"b": batch}, as_user="sjz_admin"))["payments"]["edges"]
    assert sorted((e["node"]["status"], e["node"]["failureReason"]) for e in settled) == [
        ("FAILED", "账户已销户"), ("PAID", None)]  # fmt: skip
    assert all(e["node"]["settledAt"] for e in settled)
    balances = [(await client.data(BALANCE, {"t": t}, as_user="sjz_admin"))["ledgerBalance"]
                for t in (first, second)]  # fmt: skip
    assert sorted(balances) == [0, 300_000]
    await assert_ledger_balances()
    assert [e["code"] for e in (await export(client, batch))["userErrors"]] == ["INVALID_STATE"]
    again = await settle(client, batch, file)
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATE"]


async def test_a_partial_return_leaves_the_batch_open_and_the_next_file_has_only_the_rest(
    client: GraphQLClient,
) -> None:
    batch, _ = await approved_batch(client)
    _, rows = await bank_file(client, batch)
    done = await settle(client, batch, return_file([[rows[0][1], "", 3000, "成功", None]], "XLSX"))
    assert done["userErrors"] == [] and done["paymentBatch"]["status"] == "APPROVED"
    _, rest = await bank_file(client, batch)
    assert [r[1] for r in rest] == [rows[1][1]]
    settled_again = await settle(client, batch, return_file([[rows[0][1], "", "3000.00", "成功", ""]]))
    assert [(e["field"], e["code"]) for e in settled_again["userErrors"]] == [("file", "INVALID_STATE")]
    await assert_ledger_balances()


async def test_a_bad_return_file_names_its_rows_and_changes_nothing(client: GraphQLClient) -> None:
    batch, _ = await approved_batch(client)
    _, rows = await bank_file(client, batch)
    ref = rows[0][1]
    before = await snapshot()
    cases: list[tuple[str, list[tuple[str, str]]]] = [
        (return_file([[ref, "", "3000.01", "成功", ""]]), [("file", "VALIDATION")]),
        (return_file([[ref, "", "-3000.00", "成功", ""]]), [("file", "VALIDATION")]),
        (return_file([[ref, "", "3000.001", "成功", ""]]), [("file", "VALIDATION")]),
        (return_file([[ref, "", "3000.00", "处理中", ""]]), [("file", "VALIDATION")]),
        (return_file([[ref + "9", "", "3000.00", "成功", ""]]), [("file", "NOT_FOUND")]),
        (return_file([["PB000-1", "", "3000.00", "成功", ""]]), [("file", "NOT_FOUND")]),
        (return_file([[ref, "", "3000.00", "成功", ""], [ref, "", "3000.00", "成功", ""]]),
         [("file", "CONFLICT")]),
        (return_file([[rows[1][1], "", "3000.00", "成功", ""], [ref, "", "1.00", "成功", ""]]),
         [("file", "VALIDATION")]),
        (base64.b64encode("付款编号,金额（元）\r\nX,1\r\n".encode()).decode(), [("file", "VALIDATION")]),
        (base64.b64encode(b"PK\x03\x04 not really a workbook").decode(), [("file", "VALIDATION")]),
        (base64.b64encode(b"").decode(), [("file", "VALIDATION")]),
        ("not base64!", [("fileBase64", "VALIDATION")]),
    ]  # fmt: skip
    for file, expected in cases:
        refused = await settle(client, batch, file)
        assert refused["paymentBatch"] is None
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == expected, refused
    assert await snapshot() == before
    other = await settle(client, batch, return_file([[ref, "", "3000.00", "成功", ""]]), user="changan_admin")
    assert [(e["field"], e["code"]) for e in other["userErrors"]] == [("batchId", "NOT_FOUND")]
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("value", "fen"),
    [("3,000.00", 300_000), ("3000.5", 300_050), (3000, 300_000), (3000.0, 300_000), (0.1, 10),
     ("3000.005", None), ("-1", None), (True, None), (None, None), ("", None), ("1e3", None)],
)  # fmt: skip
def test_amounts_in_yuan_read_exactly(value: Any, fen: int | None) -> None:
    assert parse_yuan(value) == fen


def test_csv_keeps_text_as_text_and_reads_gbk() -> None:
    content = csv_bytes(("姓名", "备注"), [["=HYPERLINK(1)", "+86 号码"], ["张三", None]])
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1] == ["'=HYPERLINK(1)", "'+86 号码"]
    assert [cells for _, cells in read_csv(content)][1:] == [("=HYPERLINK(1)", "+86 号码"), ("张三", "")]
    gbk = "付款编号,处理结果\r\nPB1-1,成功\r\n".encode("gb18030")
    assert [cells for _, cells in read_csv(gbk)] == [("付款编号", "处理结果"), ("PB1-1", "成功")]


def test_yuan_is_exact() -> None:
    assert [yuan(300_000), yuan(5), yuan(123_456_789, grouped=True), yuan(-150)] == [
        "3000.00", "0.05", "1,234,567.89", "-1.50"]  # fmt: skip


UPDATE_ACCOUNT = """mutation($input: UpdateFundBankAccountInput!) { updateFundBankAccount(input: $input) {
  fundApplication { bankName bankAccount } userErrors { field code } } }"""


async def test_a_returned_payment_is_paid_again_into_the_corrected_account(client: GraphQLClient) -> None:
    batch, (first, second) = await approved_batch(client)
    _, rows = await bank_file(client, batch)
    failed_ref, paid_ref = rows[0][1], rows[1][1]
    await settle(client, batch, return_file([[failed_ref, "", "3000.00", "失败", "户名与账号不符"],
                                             [paid_ref, "", "3000.00", "成功", ""]]))  # fmt: skip
    failed = await Payment.get(id=int(failed_ref.rsplit("-", 1)[1]))
    application = encode_id(
        "FundApplication", (await Entitlement.get(id=failed.entitlement_id)).application_id
    )
    before = await snapshot()
    for account, user, expected in [
        ("12AB", "changan_window", [("bankAccount", "VALIDATION")]),
        ("6222020200998877665", "zhengding_admin", [("applicationId", "NOT_FOUND")]),
    ]:
        variables = {"input": {"applicationId": application, "bankName": "中国银行", "bankAccount": account}}
        refused = (await client.data(UPDATE_ACCOUNT, variables, as_user=user))["updateFundBankAccount"]
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == expected
    assert await snapshot() == before
    variables = {"input": {"applicationId": application, "bankName": "中国银行石家庄分行",
                           "bankAccount": "6222020200998877665"}}  # fmt: skip
    done = (await client.data(UPDATE_ACCOUNT, variables, as_user="changan_window"))["updateFundBankAccount"]
    assert done["userErrors"] == []
    again = (await run(client, this_month()))["paymentBatch"]
    assert (again["count"], again["totalFen"]) == (1, 300_000) and again["id"] != batch
    assert (await run(client, this_month()))["paymentBatch"]["id"] == again["id"]  # and only once
    await client.data(APPROVE, {"input": {"batchId": again["id"]}}, as_user="sjz_admin")
    _, reissued = await bank_file(client, again["id"])
    assert [(r[4], r[5]) for r in reissued] == [("6222020200998877665", "3000.00")]
    balances = [
        (await client.data(BALANCE, {"t": t}, as_user="sjz_admin"))["ledgerBalance"] for t in (first, second)
    ]
    assert balances == [300_000, 300_000]
    await assert_ledger_balances()
