"""人才资金 in a real browser against a real demo server: a window clerk of 长安区 applies
for 石家庄's doctor rent subsidy (3,000.00 元 a month) on a doctor's behalf; 长安区 then
石家庄 approve it; 石家庄 runs the month's payroll, approves the batch, downloads the bank
file and uploads the bank's return made from it (a wrong amount first: refused row by row)
and sees the batch 已结算; falsification stops the entitlement, a repayment is recorded
against its recovery and the rest written off; the talent sees their own funds. A city
office drafts, publishes and retires a policy. Screenshots go to `test-output/console/`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import openpyxl
import pytest

from tests.support.browser import ConsoleSession
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.heavy  # browser work on one worker: start it first

POLICY = "博士研究生租房补贴"  # sjz.rent.doctor: 3,000.00 元 a month, paid by 石家庄 (130100)
ACCOUNT = "6222020200112233445"


def yuan(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d}"


def a_changan_doctor(server: LiveServer) -> dict[str, Any]:
    """The demo talent of 长安区 (employed in 石家庄), made a doctor by the county office."""
    me = server.gql("{ me { talent { id name } } }", as_user="talent_demo")["data"]["me"]["talent"]
    update = "mutation($input: UpdateTalentInput!) { updateTalent(input: $input) { userErrors { message } } }"
    made = server.gql(update, {"input": {"id": me["id"], "degree": "博士"}}, as_user="changan_admin")
    assert made["data"]["updateTalent"]["userErrors"] == []
    return me


def confirm(s: ConsoleSession, button: str) -> None:
    """Answers the confirmation box with `button`."""
    s.page.locator(".el-message-box").get_by_role("button", name=button, exact=True).click()


def menu_paths(s: ConsoleSession) -> set[str]:
    """The pages in the menu, folded groups too."""
    items = s.page.locator("[data-test=menu] [data-path]")
    items.first.wait_for(state="attached")
    return {items.nth(i).get_attribute("data-path") or "" for i in range(items.count())}


def choose(s: ConsoleSession, field: str, typed: str, option: str) -> None:
    """Picks `option` of the select in form field `field`, typing `typed` to find it."""
    s.page.click(f"[data-field={field}] .el-select")
    if typed:
        s.page.keyboard.type(typed)
    s.page.get_by_role("option").filter(has_text=option).first.click()


def apply_at_the_window(s: ConsoleSession, talent: str) -> str:
    s.open("/funds/applications")
    keys = s.sent_keys("applyForFund")
    s.page.click("[data-test=apply]")
    form = s.page.locator("[data-test=apply-form]")
    choose(s, "talentId", talent, talent)
    choose(s, "policyId", "", POLICY)
    form.locator("[data-field=bankName] input").fill("中国工商银行石家庄分行")
    form.locator("[data-field=bankAccount] input").fill("12-34")  # not an account: the server says so
    started = (dt.date.today() - dt.timedelta(days=40)).isoformat()
    form.locator("[data-field=startOn] input").fill(started)
    form.locator("[data-field=startOn] input").press("Enter")
    choose(s, "materials", "博士学位证书", "博士学位证书")
    s.page.keyboard.press("Escape")
    form.locator("[data-test=submit-application]").click()
    refused = form.locator("[data-field=bankAccount] .el-form-item__error")
    refused.wait_for()
    assert "账号" in refused.inner_text()
    s.screenshot("funds-apply-refused")
    form.locator("[data-field=bankAccount] input").fill(ACCOUNT)
    form.locator("[data-test=submit-application]").click()
    detail = s.page.locator("[data-test=application-detail]")
    detail.locator("[data-test=application-status]", has_text="县级初审").wait_for()
    number = s.page.locator(".el-drawer__title").inner_text().split()[-1]
    assert "提交申领，进入县级初审" in detail.locator("[data-test=application-steps]").inner_text()
    s.screenshot("funds-applied")
    assert len(keys) == 2 and all(re.fullmatch("[0-9a-f]{32}", k or "") for k in keys)
    assert keys[0] != keys[1]  # the account corrected: another submission, another key
    return number


def review(s: ConsoleSession, number: str, then: str, opinion: str) -> None:
    s.open("/funds/applications")
    s.page.locator("[data-test=applications] .el-table__row", has_text=number).locator(
        "[data-test=open-application]").click()  # fmt: skip
    form = s.page.locator("[data-test=review-form]")
    form.get_by_text("不同意").click()
    form.locator("[data-test=submit-review]").click()
    assert "须填写审核意见" in form.locator("[data-field=opinion] .el-form-item__error").inner_text()
    form.get_by_text("同意", exact=True).click()
    form.locator("[data-field=opinion] textarea").fill(opinion)
    form.locator("[data-test=submit-review]").click()
    s.page.locator("[data-test=application-detail] [data-test=application-status]", has_text=then).wait_for()
    assert s.page.locator("[data-test=review-form]").count() == 0  # the next step is another office's


def bank_rows(bank_file: bytes) -> list[list[Any]]:
    return [list(r) for r in openpyxl.load_workbook(io.BytesIO(bank_file)).active.iter_rows(values_only=True)]


def return_file(bank_file: bytes, *, off_by_fen: int = 0) -> bytes:
    """The bank's return for a downloaded batch file: the last payment 失败 (a closed
    account), the others 成功; the amounts `off_by_fen` wrong, for a return the platform
    must refuse."""
    rows = bank_rows(bank_file)
    head = next(i for i, r in enumerate(rows) if "付款编号" in r)
    ref, amount = rows[head].index("付款编号"), rows[head].index("金额（元）")
    lines = ["付款编号,金额（元）,处理结果,失败原因"]
    payments = [r for r in rows[head + 1 :] if r[ref]]
    for i, r in enumerate(payments):
        fen = round(float(str(r[amount]).replace(",", "")) * 100) + off_by_fen
        result = "失败,账户已销户" if i == len(payments) - 1 else "成功,"
        lines.append(f"{r[ref]},{fen // 100}.{fen % 100:02d},{result}")
    return ("\n".join(lines) + "\n").encode()


def upload_return(s: ConsoleSession, content: bytes, name: str) -> None:
    upload = {"name": name, "mimeType": "text/csv", "buffer": content}
    s.page.set_input_files("[data-test=return-file]", files=[upload])


def test_an_application_is_paid_through_the_bank_and_recovered(session: Any, live_server: LiveServer) -> None:
    talent = a_changan_doctor(live_server)

    window = session("changan_window")
    shown = menu_paths(window)
    assert {"/funds/policies", "/funds/applications", "/funds/entitlements"} <= shown
    assert not {"/funds/payroll", "/funds/recoveries"} & shown
    number = apply_at_the_window(window, talent["name"])

    county = session("changan_admin")
    review(county, number, "市级复审", "材料齐全，符合条件")
    city = session("sjz_admin")
    review(city, number, "已批准", "同意享受")
    steps = city.page.locator("[data-test=application-steps]").inner_text()
    assert "县级初审：同意 → 市级复审" in steps and "市级复审：同意 → 已批准" in steps
    assert "changan_admin：材料齐全，符合条件" in steps
    assert "3,000.00 元" in city.page.locator("[data-test=granted]").inner_text()
    city.screenshot("funds-application-approved")

    # 发放: this month for 石家庄 (the default), approve, the bank file, the bank's return.
    city.open("/funds/payroll")
    city.page.click("[data-test=run-payroll]")
    city.page.locator("[data-test=run-form] [data-field=jurisdictionCode] input").wait_for()
    assert city.page.input_value("[data-test=run-form] [data-field=jurisdictionCode] input") == "130100"
    city.page.click("[data-test=submit-run]")
    batch = city.page.locator("[data-test=batch-detail]")
    batch.locator("[data-test=batch-status]", has_text="待审批").wait_for()
    payments = batch.locator("[data-test=payments] .el-table__row")
    assert talent["name"] in payments.first.inner_text() and "3,000.00" in payments.first.inner_text()
    batch.locator("[data-test=approve-batch]").click()
    confirm(city, "审批通过")
    batch.locator("[data-test=batch-status]", has_text="已审批").wait_for()
    with city.page.expect_download() as downloaded:
        batch.locator("[data-test=export-batch]").click()
    assert downloaded.value.suggested_filename.endswith(".xlsx")
    with open(downloaded.value.path(), "rb") as f:
        bank_file = f.read()
    sheet_text = " ".join(str(c) for r in bank_rows(bank_file) for c in r)
    assert ACCOUNT in sheet_text and talent["name"] in sheet_text  # whole accounts, for the bank only

    upload_return(city, return_file(bank_file, off_by_fen=1), "回单-有误.csv")
    refused = batch.locator("[data-test=return-errors]")
    refused.wait_for()
    assert "第 2 行" in refused.inner_text() and "金额" in refused.inner_text()
    city.screenshot("funds-bank-return-refused")
    upload_return(city, return_file(bank_file), "回单.csv")
    done = batch.locator("[data-test=return-result]")
    done.wait_for()
    paid = payments.count() - 1  # the demo's doctor started 40 days ago: two or three months are due
    assert f"成功 {paid} 笔，失败 1 笔" in done.inner_text()
    batch.locator("[data-test=batch-status]", has_text="已结算").wait_for()
    assert "账户已销户" in payments.last.inner_text() and "发放失败" in payments.last.inner_text()
    city.screenshot("funds-batch-settled")

    query = ("query($t: ID!) { ledgerBalance(talentId: $t) payments(filter: {talentId: {eq: $t}}) "
             "{ nodes { status } } }")  # fmt: skip
    stored = live_server.gql(query, {"t": talent["id"]}, as_user="sjz_admin")["data"]
    assert sorted(p["status"] for p in stored["payments"]["nodes"]) == ["FAILED"] + ["PAID"] * paid
    assert stored["ledgerBalance"] == 300000 * paid

    # 弄虚作假: the entitlement stops and a recovery of 1,000.50 元 opens; 500.25 元 comes back.
    city.open("/funds/entitlements")
    city.page.locator("[data-test=entitlements] .el-table__row", has_text=talent["name"]).locator(
        "[data-test=falsify]").click()  # fmt: skip
    form = city.page.locator("[data-test=falsify-form]")
    form.locator("[data-field=reason] textarea").fill("经核查，学位证书系伪造")
    form.locator("[data-field=amountFen] input").fill("1,000.50")
    form.locator("[data-test=submit-falsify]").click()
    city.page.locator("[data-test=entitlements] .el-table__row", has_text="已停发").wait_for()

    city.open("/funds/recoveries")
    row = city.page.locator("[data-test=recoveries] .el-table__row", has_text=talent["name"])
    assert "1,000.50" in row.inner_text() and "追回中" in row.inner_text()
    row.locator("[data-test=repay]").click()
    repay = city.page.locator("[data-test=repay-form]")
    repay.locator("[data-field=amountFen] input").fill("2000")
    repay.locator("[data-test=submit-recovery]").click()
    too_much = repay.locator("[data-field=amountFen] .el-form-item__error")
    too_much.wait_for()
    assert "不超过待追回的 1,000.50 元" in too_much.inner_text()  # the server's message, beside the field
    repay.locator("[data-field=amountFen] input").fill("500.25")
    repay.locator("[data-field=reference] input").fill("HK20261204001")
    repay.locator("[data-test=submit-recovery]").click()
    city.page.locator("[data-test=outstanding]", has_text="500.25 元").wait_for()
    assert "HK20261204001" in city.page.locator("[data-test=repayments]").inner_text()
    city.screenshot("funds-recovery-repaid")
    city.page.locator(".el-drawer").get_by_role("button", name="核销", exact=True).click()
    write_off = city.page.locator("[data-test=write-off-form]")
    write_off.locator("[data-test=submit-recovery]").click()
    assert "原因" in write_off.locator("[data-field=reason] .el-form-item__error").inner_text()
    write_off.locator("[data-field=reason] textarea").fill("当事人已出境，余款无法追回")
    write_off.locator("[data-test=submit-recovery]").click()
    city.page.locator("[data-test=recovery-facts]", has_text="已核销").wait_for()
    query = ("query($t: ID!) { recoveries(filter: {talentId: {eq: $t}}) "
             "{ nodes { amountFen repaidFen outstandingFen status } } }")  # fmt: skip
    recovery = live_server.gql(query, {"t": talent["id"]}, as_user="sjz_admin")
    assert recovery["data"]["recoveries"]["nodes"] == [
        {"amountFen": 100050, "repaidFen": 50025, "outstandingFen": 0, "status": "WRITTEN_OFF"}]  # fmt: skip

    # The talent: their balance (paid less repaid), the stopped entitlement, payments, the recovery.
    own = session("talent_demo", viewport={"width": 390, "height": 844})
    own.open("/me")
    own.page.get_by_role("tab", name="资金").click()
    balance = own.page.locator("[data-test=ledger-balance]")
    balance.filter(has_text="元").wait_for()
    assert balance.inner_text() == f"{yuan(300000 * paid - 50025)} 元"
    mine = own.page.locator("[data-test=my-funds]").inner_text()
    assert "已停发" in mine and "已发放" in mine and "账户已销户" in mine and "已核销" in mine
    own.screenshot("funds-talent-own")


def test_a_city_office_drafts_publishes_and_retires_a_policy(session: Any, live_server: LiveServer) -> None:
    city = session("sjz_admin")
    city.open("/funds/policies")
    city.page.locator("[data-test=policies] .el-table__row").first.wait_for()
    city.page.click("[data-test=new-policy]")
    form = city.page.locator("[data-test=policy-form]")
    form.locator("[data-field=code] input").fill("sjz.rent.doctor")  # taken: the server says so
    form.locator("[data-field=name] input").fill("硕士研究生租房补贴")
    form.locator("[data-field=amountFen] input").fill("1500.505")
    form.get_by_text("+ 添加条件").click()
    form.locator("[data-field=eligibility] .el-select").nth(1).click()
    city.page.keyboard.type("硕士")
    city.page.keyboard.press("Enter")
    city.page.keyboard.press("Escape")
    form.locator("[data-test=submit-policy]").click()
    assert "最多两位小数" in form.locator("[data-field=amountFen] .el-form-item__error").inner_text()
    form.locator("[data-field=amountFen] input").fill("1,500.50")
    form.locator("[data-test=submit-policy]").click()
    taken = form.locator("[data-field=code] .el-form-item__error")
    taken.wait_for()
    assert "已存在" in taken.inner_text()
    city.screenshot("funds-policy-form-refused")
    form.locator("[data-field=code] input").fill("sjz.rent.master")
    form.locator("[data-test=submit-policy]").click()

    row = city.page.locator("[data-test=policies] .el-table__row", has_text="sjz.rent.master")
    row.filter(has_text="草稿").wait_for()
    assert "1,500.50" in row.inner_text() and "石家庄市" in row.inner_text()
    row.locator("[data-test=publish-policy]").click()
    confirm(city, "发布")
    row.filter(has_text="已发布").wait_for()
    row.locator("[data-test=policy-detail]").click()
    assert "学位：硕士" in city.page.locator("[data-test=policy-rules]").inner_text()
    city.screenshot("funds-policy-published")
    city.page.keyboard.press("Escape")

    row.locator("[data-test=retire-policy]").click()
    city.page.locator(".el-message-box input").fill("并入人才安居政策")
    confirm(city, "停止")
    row.filter(has_text="已停止").wait_for()
    query = ('{ fundPolicies(filter: {code: {eq: "sjz.rent.master"}}) '
             "{ nodes { amountFen status eligibility { field values } } } }")  # fmt: skip
    [stored] = live_server.gql(query, as_user="sjz_admin")["data"]["fundPolicies"]["nodes"]
    rules = [{"field": "DEGREE", "values": ["硕士"]}]
    assert stored == {"amountFen": 150050, "status": "RETIRED", "eligibility": rules}
