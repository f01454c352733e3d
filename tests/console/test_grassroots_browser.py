"""专家服务基层 and 资金监管 in a real browser against a real demo server.

The demo lists three 长安区 experts for the year with service in 正定县 (a designated
grassroots area): 16 confirmed days, 10, and 5 awaiting 正定县's confirmation. 长安区 sees
16 天 达标 and 10 天 未达标; 正定县 confirms the awaiting record (a refusal without a reason
is stopped first) and its days then count; a record that ends before it starts, or overlaps
the expert's earlier service, is refused beside its field, and a proper one waits for
正定县. On 资金监管 石家庄 sees its doctor rent subsidy paid after a payroll run, 长安区 its
area's share, and the payments behind the figure; the account of an application is changed.
Screenshots go to `test-output/console/`.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest

from gateway.demo.grassroots import service_year
from resolvers.core.ids import decode_int_id
from schema.clock import china_today
from tests.support.browser import ConsoleSession
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.heavy  # browser work on one worker: start it first

YEAR = service_year(china_today())
COMPLIANCE = """query($year: Int!) { grassrootsCompliance(year: $year, jurisdictionCode: "130102") {
  days recordedDays compliant expert { talent { name } } } }"""


def standings(server: LiveServer) -> list[dict[str, Any]]:
    rows = server.gql(COMPLIANCE, {"year": YEAR}, as_user="changan_admin")["data"]["grassrootsCompliance"]
    return sorted(rows, key=lambda r: -r["days"])


def pick_year(s: ConsoleSession, year: int) -> None:
    """Chooses `year` in the page's year picker when it is not already shown."""
    picker = s.page.locator("[data-test=year]")
    if str(year) in picker.inner_text():
        return
    picker.click()
    s.page.get_by_role("option", name=f"{year} 年", exact=True).click()


def standing(table: Any, row: dict[str, Any]) -> tuple[str, str]:
    """The days and the 达标 tag the compliance table shows for the expert of `row`."""
    shown = table.locator(".el-table__row", has_text=row["expert"]["talent"]["name"])
    return shown.locator("[data-test=days]").inner_text(), shown.locator("[data-test=compliant]").inner_text()


def fill_day(form: Any, field: str, day: dt.date) -> None:
    box = form.locator(f"[data-field={field}] input")
    box.fill(day.isoformat())
    box.press("Enter")


def test_the_receiving_county_confirms_a_record_and_its_days_count(
    session: Any, live_server: LiveServer
) -> None:
    [most, some, awaiting] = standings(live_server)
    assert (most["days"], some["days"], awaiting["days"], awaiting["recordedDays"]) == (16, 10, 0, 5)

    county = session("changan_admin")
    county.open("/grassroots/compliance")
    pick_year(county, YEAR)
    table = county.page.locator("[data-test=compliance]")
    table.locator(".el-table__row").first.wait_for()
    assert standing(table, most) == ("16", "达标") and standing(table, some) == ("10", "未达标")
    assert "达标 1 人" in county.page.locator("[data-test=summary]").inner_text()
    county.page.locator("[data-test=chart] canvas").wait_for()
    county.screenshot("grassroots-compliance")

    receiving = session("zhengding_admin")
    receiving.page.locator("[data-test=menu] [data-path='/grassroots/confirm']").wait_for(state="attached")
    waiting = receiving.page.locator(".el-statistic", has_text="待确认的服务基层记录")  # 工作台
    waiting.wait_for()
    assert waiting.locator(".el-statistic__number").inner_text() == "1"
    waiting.click()
    pending = receiving.page.locator("[data-test=services] .el-table__row")
    pending.first.wait_for()
    assert pending.count() == 1
    text = pending.first.inner_text()
    name = awaiting["expert"]["talent"]["name"]
    assert "5" in text and "正定县人民医院" in text and "待确认" in text
    assert name not in text and f"{name[0]}*" in text  # 正定县 may not see the talent: the name is masked
    receiving.screenshot("grassroots-to-confirm")
    pending.first.locator("[data-test=decide]").click()
    form = receiving.page.locator("[data-test=confirm-form]")
    form.get_by_text("不予确认").click()
    form.locator("[data-test=submit-confirm]").click()
    assert "理由" in form.locator("[data-field=opinion] .el-form-item__error").inner_text()
    form.get_by_text("确认", exact=True).click()
    form.locator("[data-field=opinion] textarea").fill("经正定县人民医院核实，情况属实")
    receiving.screenshot("grassroots-confirm-form")
    form.locator("[data-test=submit-confirm]").click()
    receiving.page.get_by_text("没有待确认的服务记录").wait_for()
    receiving.page.locator("[data-test=status-filter]").get_by_text("已确认").click()
    receiving.page.locator("[data-test=services] .el-table__row", has_text="情况属实").wait_for()

    after = {r["expert"]["talent"]["name"]: r for r in standings(live_server)}
    assert (after[name]["days"], after[name]["recordedDays"], after[name]["compliant"]) == (5, 0, False)
    county.page.reload()
    row = county.page.locator("[data-test=compliance] .el-table__row", has_text=name)
    pick_year(county, YEAR)
    row.locator("[data-test=days]", has_text="5").wait_for()
    assert "未达标" in row.inner_text()


def test_an_office_record_is_refused_beside_its_field_then_waits_for_confirmation(
    session: Any, live_server: LiveServer
) -> None:
    some = next(r for r in standings(live_server) if r["days"] == 10)  # served 3月2日 to 3月11日
    name = some["expert"]["talent"]["name"]
    county = session("changan_admin")
    county.open("/grassroots/services")
    pick_year(county, YEAR)
    county.page.locator("[data-test=services] .el-table__row").first.wait_for()
    county.page.click("[data-test=record-service]")
    form = county.page.locator("[data-test=record-form]")
    if str(YEAR) not in form.locator("[data-test=record-year]").inner_text():
        form.locator("[data-test=record-year]").click()
        county.page.get_by_role("option", name=f"{YEAR} 年", exact=True).last.click()
    form.locator("[data-field=talentId] .el-select").click()
    county.page.get_by_role("option", name=name, exact=True).click()
    form.locator("[data-field=areaCode] .el-select").click()
    county.page.get_by_role("option").filter(has_text="正定县").first.click()
    form.locator("[data-field=unitName] input").fill("正定县第一中学")
    form.locator("[data-field=content] textarea").fill("开展教研指导")
    fill_day(form, "startsOn", dt.date(YEAR, 11, 6))
    fill_day(form, "endsOn", dt.date(YEAR, 11, 2))  # before it starts: the server says so
    form.locator("[data-field=days] input").fill("3")
    form.locator("[data-test=submit-record]").click()
    refused = form.locator("[data-field=endsOn] .el-form-item__error")
    refused.wait_for()
    assert "不能早于开始日期" in refused.inner_text()
    county.screenshot("grassroots-record-refused")
    fill_day(form, "startsOn", dt.date(YEAR, 3, 10))  # overlaps 3月2日–3月11日
    fill_day(form, "endsOn", dt.date(YEAR, 3, 12))
    form.locator("[data-test=submit-record]").click()
    overlap = form.locator("[data-field=startsOn] .el-form-item__error")
    overlap.wait_for()
    assert "重叠" in overlap.inner_text()
    fill_day(form, "startsOn", dt.date(YEAR, 11, 2))
    fill_day(form, "endsOn", dt.date(YEAR, 11, 4))
    assert form.locator("[data-field=days] input").input_value() == "3"  # the span, filled in
    form.locator("[data-test=submit-record]").click()
    row = county.page.locator("[data-test=services] .el-table__row", has_text="正定县第一中学")
    row.wait_for()
    assert name in row.inner_text() and "待确认" in row.inner_text()
    county.screenshot("grassroots-services")

    query = """query($year: Int!) { grassrootsServices(filter: {year: {eq: $year}, status: RECORDED}) {
      nodes { unitName startsOn endsOn days recordedBy area { code } talent { name } } } }"""
    stored = live_server.gql(query, {"year": YEAR}, as_user="changan_admin")["data"]["grassrootsServices"]
    county.open("/grassroots/experts")
    pick_year(county, YEAR)
    experts = county.page.locator("[data-test=experts] .el-table__row")
    experts.filter(has_text=name).wait_for()
    assert experts.count() == 3
    county.screenshot("grassroots-experts")

    # The expert's own view (我的服务 → 服务基层): talent_demo listed for the year records two days.
    me = live_server.gql("{ me { talent { id } } }", as_user="talent_demo")["data"]["me"]["talent"]["id"]
    listing = """mutation($input: ListGrassrootsExpertInput!) {
      listGrassrootsExpert(input: $input) { userErrors { message } } }"""
    listed = live_server.gql(listing, {"input": {"talentId": me, "year": YEAR}}, as_user="changan_admin")
    assert listed["data"]["listGrassrootsExpert"]["userErrors"] == []
    own = session("talent_demo", viewport={"width": 390, "height": 844})
    own.open("/me")
    own.page.get_by_role("tab", name="服务基层").click()
    pick_year(own, YEAR)
    own.page.locator("[data-test=my-days]", has_text="0 / 15 天").wait_for()
    own.page.click("[data-test=record-own]")
    form = own.page.locator("[data-test=record-form]")
    form.locator("[data-field=areaCode] .el-select").click()
    own.page.get_by_role("option").filter(has_text="正定县").first.click()
    form.locator("[data-field=unitName] input").fill("正定县农业园区")
    form.locator("[data-field=content] textarea").fill("指导设施农业技术")
    fill_day(form, "startsOn", dt.date(YEAR, 11, 10))
    fill_day(form, "endsOn", dt.date(YEAR, 11, 11))
    own.screenshot("grassroots-talent-record")
    form.locator("[data-test=submit-record]").click()
    mine = own.page.locator("[data-test=my-service]", has_text="正定县农业园区")
    mine.wait_for()
    assert "2 天" in mine.inner_text() and "待确认" in mine.inner_text()
    assert "另有 2 天待服务地区确认" in own.page.locator("[data-test=my-days]").inner_text()
    own.screenshot("grassroots-talent-own")

    made = {"unitName": "正定县第一中学", "startsOn": f"{YEAR}-11-02", "endsOn": f"{YEAR}-11-04", "days": 3,
            "recordedBy": "changan_admin", "area": {"code": "130123"}, "talent": {"name": name}}  # fmt: skip
    assert made in stored["nodes"]


def paid_doctor(server: LiveServer) -> tuple[dict[str, str], int]:
    """talent_demo made a doctor, granted 石家庄's rent subsidy (3,000.00 元 a month) from 40
    days ago and paid in an approved batch: the application (id, number) and the payments made."""
    me = server.gql("{ me { talent { id } } }", as_user="talent_demo")["data"]["me"]["talent"]
    update = "mutation($input: UpdateTalentInput!) { updateTalent(input: $input) { userErrors { message } } }"
    assert server.gql(update, {"input": {"id": me["id"], "degree": "博士"}}, as_user="changan_admin")[
        "data"]["updateTalent"]["userErrors"] == []  # fmt: skip
    policies = '{ fundPolicies(filter: {code: {eq: "sjz.rent.doctor"}, status: PUBLISHED}) { nodes { id } } }'
    policy = server.gql(policies, as_user="sjz_admin")["data"]["fundPolicies"]["nodes"][0]["id"]
    apply = """mutation($input: ApplyForFundInput!) { applyForFund(input: $input) {
      fundApplication { id number } userErrors { message } } }"""
    started = (china_today() - dt.timedelta(days=40)).isoformat()
    made = server.gql(apply, {"input": {
        "talentId": me["id"], "policyId": policy, "bankName": "中国工商银行石家庄分行",
        "bankAccount": "6222020200112233445", "startOn": started, "materials": ["博士学位证书"]}},
        as_user="changan_window")["data"]["applyForFund"]  # fmt: skip
    assert made["userErrors"] == [], made
    application = made["fundApplication"]
    review = """mutation($input: ReviewFundApplicationInput!) { reviewFundApplication(input: $input) {
      fundApplication { status } userErrors { message } } }"""
    for office in ("changan_admin", "sjz_admin"):
        decided = server.gql(review, {"input": {"applicationId": application["id"], "decision": "APPROVE",
                                                "opinion": "符合条件"}}, as_user=office)  # fmt: skip
        assert decided["data"]["reviewFundApplication"]["userErrors"] == []
    month = china_today().strftime("%Y-%m")
    run = """mutation($input: RunPayrollInput!) { runPayroll(input: $input) {
      paymentBatch { id number count } userErrors { message } } }"""
    batch = server.gql(run, {"input": {"jurisdictionCode": "130100", "period": month}},
                       as_user="sjz_admin")["data"]["runPayroll"]  # fmt: skip
    assert batch["userErrors"] == [], batch
    approve = """mutation($input: ApprovePaymentBatchInput!) { approvePaymentBatch(input: $input) {
      paymentBatch { status } userErrors { message } } }"""
    approved = server.gql(approve, {"input": {"batchId": batch["paymentBatch"]["id"]}}, as_user="sjz_admin")
    assert approved["data"]["approvePaymentBatch"]["userErrors"] == []
    # The bank's return: the earliest month failed (a closed account), the rest paid.
    made = batch["paymentBatch"]
    query = "query($b: ID!) { payments(filter: {batchId: {eq: $b}}) { nodes { id period amountFen } } }"
    rows = sorted(server.gql(query, {"b": made["id"]}, as_user="sjz_admin")["data"]["payments"]["nodes"],
                  key=lambda p: p["period"])  # fmt: skip
    lines = ["付款编号,金额（元）,处理结果,失败原因"]
    for i, p in enumerate(rows):
        ref = f"{made['number']}-{decode_int_id(p['id'], 'Payment')}"
        lines.append(
            f"{ref},{p['amountFen'] // 100}.{p['amountFen'] % 100:02d},"
            + ("失败,账户已销户" if i == 0 else "成功,")
        )
    bank = """mutation($input: ImportBankReturnInput!) {
      importBankReturn(input: $input) { failedCount userErrors { message } } }"""
    content = base64.b64encode(("\n".join(lines) + "\n").encode()).decode()
    upload = {"batchId": made["id"], "fileBase64": content, "filename": "回单.csv"}
    returned = server.gql(bank, {"input": upload}, as_user="sjz_admin")["data"]["importBankReturn"]
    assert returned == {"failedCount": 1, "userErrors": []}, returned
    return application, made["count"]


def test_fund_overview_shows_what_was_paid_and_an_account_is_changed(
    session: Any, live_server: LiveServer
) -> None:
    application, made = paid_doctor(live_server)
    assert made >= 2  # 40 days back: two or three months, one of them returned by the bank
    amount = f"{3000 * (made - 1):,}.00"

    city = session("sjz_admin")
    city.open("/funds/overview")
    row = city.page.locator("[data-test=overview] .el-table__row", has_text="博士研究生租房补贴")
    row.locator("[data-test=paid]", has_text=amount).wait_for()
    assert row.locator("[data-test=share]").count() == 0  # 石家庄's own policy: the whole of it
    city.page.locator("[data-test=chart] canvas").wait_for()
    city.screenshot("funds-overview")
    row.locator("[data-test=policy-payments]").click()
    payments = city.page.locator("[data-test=overview-payments] .el-table__row")
    payments.first.wait_for()
    assert payments.count() == made and "3,000.00" in payments.first.inner_text()
    assert "账户已销户" in payments.last.inner_text()
    city.screenshot("funds-overview-payments")
    city.page.keyboard.press("Escape")

    # The application shows the returned payment to the office that paid it.
    city.open("/funds/applications")
    city.page.locator("[data-test=applications] .el-table__row", has_text=application["number"]).click()
    failed = city.page.locator("[data-test=failed-payments]")
    failed.wait_for()
    assert "1 笔发放被银行退回" in failed.inner_text() and "账户已销户" in failed.inner_text()
    city.screenshot("funds-application-returned")

    city.open("/grassroots/areas")
    area = city.page.locator("[data-test=areas] .el-table__row", has_text="正定县")
    area.wait_for()
    assert "基层一线" in area.inner_text() and area.locator("[data-test=withdraw-area]").count() == 1
    city.screenshot("grassroots-areas")

    county = session("changan_admin")
    county.open("/funds/overview")
    row = county.page.locator("[data-test=overview] .el-table__row", has_text="博士研究生租房补贴")
    row.locator("[data-test=paid]", has_text=amount).wait_for()
    assert "本辖区份额" in row.inner_text()  # 石家庄 pays it: 长安区 sees its own people's share
    assert "仅为本辖区人才的部分" in county.page.locator(".el-alert").first.inner_text()
    county.screenshot("funds-overview-share")

    # 修改收款账户: the window that applied changes the account; a bad number is refused first.
    window = session("changan_window")
    window.open("/funds/applications")
    window.page.locator("[data-test=applications] .el-table__row").first.wait_for()
    window.page.locator("[data-test=applications] .el-table__row", has_text=application["number"]).locator(
        "[data-test=open-application]").click()  # fmt: skip
    detail = window.page.locator("[data-test=application-detail]")
    detail.locator("[data-test=change-account]").click()
    form = detail.locator("[data-test=account-form]")
    form.locator("[data-field=bankName] input").fill("中国建设银行石家庄分行")
    form.locator("[data-field=bankAccount] input").fill("12-34")
    form.locator("[data-test=submit-account]").click()
    assert "账号" in form.locator("[data-field=bankAccount] .el-form-item__error").inner_text()
    form.locator("[data-field=bankAccount] input").fill("6217000010012345678")
    form.locator("[data-test=submit-account]").click()
    masked = "*" * 15 + "5678"  # no one sees a whole account in the console, the window included
    detail.locator("[data-test=bank-account]", has_text=masked).wait_for()
    window.screenshot("funds-account-changed")
    query = "query($id: ID!) { node(id: $id) { ... on FundApplication { bankName bankAccount } } }"
    stored = live_server.gql(query, {"id": application["id"]}, as_user="changan_window")["data"]["node"]
    assert stored == {"bankName": "中国建设银行石家庄分行", "bankAccount": masked}
    city.open("/funds/applications")
    city.page.locator("[data-test=applications] .el-table__row", has_text=application["number"]).click()
    city.page.locator("[data-test=failed-payments]", has_text="收款账户已修改").wait_for()  # repaid next run

    # 弄虚作假: the new recovery is named at once and opens from the entitlement.
    city.open("/funds/entitlements")
    city.page.locator("[data-test=entitlements] .el-table__row", has_text="享受中").first.wait_for()
    city.page.locator("[data-test=entitlements] .el-table__row", has_text="博士研究生租房补贴").locator(
        "[data-test=falsify]").click()  # fmt: skip
    form = city.page.locator("[data-test=falsify-form]")
    form.locator("[data-field=reason] textarea").fill("经核查，学位证书系伪造")
    form.locator("[data-test=submit-falsify]").click()
    opened = city.page.locator("[data-test=opened-recovery]")
    opened.wait_for()
    number = opened.inner_text().split("追回单 ")[1].split("：")[0]
    city.page.locator("[data-test=entitlement-recovery]").first.wait_for()
    city.screenshot("funds-entitlement-recovery")
    opened.get_by_text("查看追回单").click()
    city.page.locator("[data-test=recovery-facts]").wait_for()
    assert city.page.locator(".el-drawer__title").inner_text() == f"追回单 {number}"
