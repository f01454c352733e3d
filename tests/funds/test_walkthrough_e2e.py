"""The funds walk-through on the running demo, over HTTP as the offices would do it: a
doctoral talent of 长安区 applies for 石家庄's rent subsidy at the window; the county and
the city approve; two payroll runs (and a repeated one) pay two months of 3,000.00 in
approved batches with bank files; the talent is marked as having left; no third payment
follows, a recovery of what the policy paid is opened, and the ledger balances. And an
expert's 16 days of grassroots service show as compliant, 10 days as not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gateway.demo.grassroots import service_year
from resolvers.files.csvfile import read_csv
from resolvers.files.xlsx import read_table
from resolvers.funds.payroll import month_of, month_of_day
from schema.clock import add_months, china_today
from tests.support.live_server import LiveServer

DOCTORS = """{ talents(first: 30, filter: {jurisdictionCode: {eq: "130102"}, education: {eq: "博士研究生"},
  status: {eq: ACTIVE}}) { nodes { id name } } }"""
FOR = """query($t: ID!) { fundPoliciesFor(talentId: $t) { policy { id code } eligible } }"""
APPLY = """mutation($input: ApplyForFundInput!) { applyForFund(input: $input) {
  fundApplication { id status } userErrors { field code message } } }"""
REVIEW = """mutation($id: ID!) { reviewFundApplication(input: {applicationId: $id, decision: APPROVE,
  opinion: "材料齐全，符合条件"}) { fundApplication { status entitlement { status amountFen } }
  userErrors { code message } } }"""
RUN = """mutation($period: String!) { runPayroll(input: {jurisdictionCode: "130100", period: $period}) {
  paymentBatch { id period count totalFen status } userErrors { code message } } }"""
APPROVE = """mutation($id: ID!) { approvePaymentBatch(input: {batchId: $id}) {
  paymentBatch { status } userErrors { code } } }"""
EXPORT = """mutation($id: ID!, $f: BankFileFormat!) { exportPaymentBatch(input: {batchId: $id, format: $f}) {
  url rowCount userErrors { code message } } }"""
PAYMENTS = """query($t: ID!) { payments(filter: {talentId: {eq: $t}}) { totalCount
  nodes { period amountFen status } } }"""
LEFT = """mutation($t: ID!) { markTalentLeft(input: {id: $t, reason: "调往外省工作"}) {
  talent { status } userErrors { code } } }"""
AFTER = """query($t: ID!, $p: ID!) {
  recoveries(filter: {talentId: {eq: $t}}) { nodes { status trigger paidFen amountFen
    entitlement { status stopReason } } }
  byTalent: ledgerBalance(talentId: $t) byPolicy: ledgerBalance(policyId: $p) }"""
ACCOUNT = "6217000130001234567"


def data(server: LiveServer, query: str, variables: dict[str, Any] | None = None, *, user: str) -> Any:
    body = server.gql(query, variables, as_user=user)
    assert "errors" not in body, body
    return body["data"]


def an_eligible_doctor(server: LiveServer) -> tuple[str, str]:
    """(talent ID, rent subsidy policy ID) of a 长安区 doctor the window finds eligible."""
    for talent in data(server, DOCTORS, user="changan_window")["talents"]["nodes"]:
        for offer in data(server, FOR, {"t": talent["id"]}, user="changan_window")["fundPoliciesFor"]:
            if offer["policy"]["code"] == "sjz.rent.doctor" and offer["eligible"]:
                return talent["id"], offer["policy"]["id"]
    raise AssertionError("the demo has no eligible doctor in 长安区")


def test_a_doctor_applies_is_paid_twice_leaves_and_owes_it_back(live_server: LiveServer) -> None:
    server = live_server
    talent, policy = an_eligible_doctor(server)
    started = add_months(china_today().replace(day=1), -1) + dt.timedelta(days=4)  # in last month
    applied = data(server, APPLY, {"input": {
        "talentId": talent, "policyId": policy, "bankName": "中国建设银行石家庄分行", "bankAccount": ACCOUNT,
        "startOn": started.isoformat(), "materials": ["博士学位证书", "劳动合同", "到岗证明"]}},
        user="changan_window")["applyForFund"]  # fmt: skip
    assert applied["userErrors"] == [] and applied["fundApplication"]["status"] == "COUNTY_REVIEW"
    application = applied["fundApplication"]["id"]
    county = data(server, REVIEW, {"id": application}, user="changan_admin")["reviewFundApplication"]
    assert county["fundApplication"]["status"] == "CITY_REVIEW"
    city = data(server, REVIEW, {"id": application}, user="sjz_admin")["reviewFundApplication"]
    assert city["fundApplication"]["entitlement"] == {"status": "ACTIVE", "amountFen": 300_000}

    this_month = month_of(month_of_day(china_today()))
    last_month = month_of(month_of_day(china_today()) - 1)
    batches = []
    for period in (last_month, this_month, this_month):  # the third repeats the second
        run = data(server, RUN, {"period": period}, user="sjz_admin")["runPayroll"]
        assert run["userErrors"] == [], run
        batches.append(run["paymentBatch"])
    assert [(b["period"], b["count"], b["totalFen"]) for b in batches[:2]] == [
        (last_month, 1, 300_000), (this_month, 1, 300_000)]  # fmt: skip
    assert batches[2]["id"] == batches[1]["id"]  # the repeat paid nothing more
    for batch in batches[:2]:
        assert data(server, APPROVE, {"id": batch["id"]}, user="sjz_admin")["approvePaymentBatch"][
            "paymentBatch"]["status"] == "APPROVED"  # fmt: skip
        for fmt in ("XLSX", "CSV"):
            made = data(server, EXPORT, {"id": batch["id"], "f": fmt}, user="sjz_admin")["exportPaymentBatch"]
            assert made["userErrors"] == [] and made["rowCount"] == 1
            file = server.get(made["url"], headers={"Authorization": f"Bearer {server.login('sjz_admin')}"})
            assert file.status_code == 200
            rows = [c for _, c in read_csv(file.content)][1:] if fmt == "CSV" else read_table(file.content)[1]
            assert [(r[4], r[5]) for r in rows] == [(ACCOUNT, "3000.00")]
    paid = data(server, PAYMENTS, {"t": talent}, user="sjz_admin")["payments"]
    assert sorted((p["period"], p["amountFen"]) for p in paid["nodes"]) == [
        (last_month, 300_000), (this_month, 300_000)]  # fmt: skip

    assert data(server, LEFT, {"t": talent}, user="changan_admin")["markTalentLeft"] == {
        "talent": {"status": "LEFT"}, "userErrors": []}  # fmt: skip
    again = data(server, RUN, {"period": this_month}, user="sjz_admin")["runPayroll"]
    assert again["paymentBatch"]["id"] == batches[1]["id"]  # no third payment
    assert data(server, PAYMENTS, {"t": talent}, user="sjz_admin")["payments"]["totalCount"] == 2
    after = data(server, AFTER, {"t": talent, "p": policy}, user="sjz_admin")
    assert after["recoveries"]["nodes"] == [{
        "status": "OPEN", "trigger": "LEFT", "paidFen": 600_000, "amountFen": 600_000,
        "entitlement": {"status": "STOPPED", "stopReason": "LEFT"}}]  # fmt: skip
    assert after["byTalent"] == after["byPolicy"] == 600_000  # the ledger: two payments, nothing back yet


COMPLIANCE = """query($y: Int!) { grassrootsCompliance(year: $y, jurisdictionCode: "130102") {
  days requiredDays recordedDays compliant areas { name } expert { id } } }"""


def test_an_expert_with_16_days_is_compliant_and_one_with_10_is_not(live_server: LiveServer) -> None:
    year = service_year(china_today())
    rows = data(live_server, COMPLIANCE, {"y": year}, user="changan_admin")["grassrootsCompliance"]
    shown = sorted((r["days"], r["recordedDays"], r["requiredDays"], r["compliant"]) for r in rows)
    assert shown == [(0, 5, 15, False), (10, 0, 15, False), (16, 0, 15, True)]  # recorded: awaiting
    assert all(r["areas"] == [{"name": "正定县"}] for r in rows if r["days"])
