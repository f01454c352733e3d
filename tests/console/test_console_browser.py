"""The console in a real browser against a real demo server: every role's daily work.

Each scenario signs in as a demo account, works through the pages a clerk would, and
saves screenshots under `test-output/console/` for a reviewer. The server is a real
`talentgate serve` on a copy of the demo database, its worker delivering the handoffs.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from gateway.embedded_redis import EmbeddedRedis
from resolvers.accounts.tokens import issue_jwt
from resolvers.core.settings import load_settings, parse_jwt_keys
from tests.support.browser import PHONE, ConsoleSession
from tests.support.databases import SqliteDatabases
from tests.support.live_server import LiveServer, demo_server
from tests.support.talent_sheets import sheet, talent_row

FIRST_USABLE_SECONDS = 1.5
pytestmark = pytest.mark.heavy  # minutes of browser work on one worker: start it first


def enum_label(server: LiveServer, enum: str, value: str) -> str:
    """The Chinese label the console shows for an enum value (its description's first part)."""
    body = server.gql('query($n: String!) { __type(name: $n) { enumValues { name description } } }',
                      {"n": enum}, as_user="sjz_admin")  # fmt: skip
    for v in body["data"]["__type"]["enumValues"]:
        if v["name"] == value:
            return v["description"].split(" · ")[0]
    raise AssertionError(f"{enum}.{value} not in the schema")


@pytest.fixture(scope="module")
def live_server(sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:  # fmt: skip
    """The demo as `talentgate demo` serves it: its data and its past year of requests."""
    folder = tmp_path_factory.mktemp("console")
    with demo_server(sqlite_databases, redis_server, folder, kind="history") as server:
        yield server


def wait_for_row(s: ConsoleSession, table: str, text: str, seconds: float = 90) -> None:
    """Reloads until the table shows `text` (the worker delivers handoffs asynchronously)."""
    deadline = time.monotonic() + seconds
    while True:
        s.page.wait_for_selector(f"[data-test={table}] .el-table__body-wrapper")
        s.page.wait_for_timeout(300)
        if text in s.page.locator(f"[data-test={table}]").inner_text():
            return
        assert time.monotonic() < deadline, f"{text} never appeared in {table}"
        s.page.reload()


def test_window_submits_departments_complete_and_the_talent_sees_the_result(
    session: Any, live_server: LiveServer
) -> None:
    body = live_server.gql("{ me { talent { id name idNumber } } }", as_user="talent_demo")
    me = body["data"]["me"]["talent"]
    window = session("changan_window")
    window.open("/window/intake")
    window.page.get_by_placeholder("18 位身份证号").fill(me["idNumber"])
    window.page.click("[data-test=find]")
    window.page.wait_for_selector("[data-test=talent]")
    assert me["name"] in window.page.inner_text("[data-test=talent]")
    items = window.page.locator("[data-test=items]")
    for name in ("户籍办理", "子女入学"):
        title = window.page.locator("b", has_text=re.compile(f"^{name}$"))
        item = items.locator(".tg-item").filter(has=title)
        item.first.wait_for()  # the offered items load after the talent
        assert item.count() == 1  # only the items offered where the talent lives
        item.locator(".el-checkbox").first.click()
        item.locator("[data-test=all-materials]").click()  # every listed material seen
    window.screenshot("01-window-intake")
    window.page.click("[data-test=submit]")
    window.page.wait_for_selector("[data-test=submitted]")
    number = re.search(r"已受理：(\S+)", window.page.inner_text("[data-test=submitted]")).group(1)
    window.screenshot("02-window-submitted")

    approved = enum_label(live_server, "HandoffOutcome", "APPROVED")
    expected = {"sjz_police_handler": "户籍办理", "sjz_hr_handler": "户籍办理", "sjz_edu_handler": "子女入学"}
    for handler, item in expected.items():
        s = session(handler)
        s.open("/handler/inbox")
        wait_for_row(s, "inbox", number)
        row = s.page.locator("[data-test=inbox] .el-table__body tr", has_text=number)
        assert row.count() == 1 and item in row.inner_text()  # only its own department's handoff
        if handler == "sjz_police_handler":
            s.screenshot("03-handler-inbox")
        row.locator("[data-test=acceptHandoff]").click()
        s.page.click("[data-test=mutation-form] [data-test=submit]")
        s.page.wait_for_selector(".el-dialog", state="detached")
        s.page.click("#tab-doing")
        wait_for_row(s, "inbox", number)
        s.page.locator("[data-test=inbox] .el-table__body tr", has_text=number).locator(
            "[data-test=completeHandoff]").click()
        form = s.page.locator("[data-test=mutation-form]")
        form.locator("[data-field=outcome] .el-select").click()
        s.page.get_by_role("option", name=approved, exact=True).click()
        form.locator("[data-field=opinion] input, [data-field=opinion] textarea").fill(f"{item}已办结")
        if handler == "sjz_edu_handler":
            s.screenshot("04-handler-complete")
        form.locator("[data-test=submit]").click()
        s.page.wait_for_selector(".el-dialog", state="detached")

    completed = enum_label(live_server, "RequestStatus", "COMPLETED")
    window.open("/window/requests")
    wait_for_row(window, "list", number)
    row = window.page.locator("[data-test=list] .el-table__body tr", has_text=number)
    deadline = time.monotonic() + 90
    while completed not in row.inner_text():  # the request closes when its last handoff does
        assert time.monotonic() < deadline, row.inner_text()
        window.page.reload()
        row.wait_for()
    window.screenshot("05-window-requests")

    talent = session("talent_demo", viewport=PHONE)
    talent.page.wait_for_selector("[data-test=my-card]")
    card = talent.page.locator("[data-test=my-request]", has_text=number)
    card.wait_for()
    assert completed in card.inner_text() and "户籍办理已办结" in card.inner_text()
    talent.page.wait_for_selector("[data-test=qr]")
    talent.screenshot("06-talent-h5")
    card.get_by_role("button", name="评价").click()
    form = talent.page.locator("[data-test=mutation-form]")
    form.locator("[data-field=score] input").fill("5")
    form.locator("[data-test=submit]").click()
    talent.page.locator("[data-test=my-request]", has_text=number).filter(has_text="已评价 5 分").wait_for()

    # A complaint from the phone: the form sends a clientMutationId of its own, not a field.
    keys = talent.sent_keys("fileComplaint")
    talent.page.locator("[data-test=my-request]", has_text=number).get_by_role("button", name="投诉").click()
    form = talent.page.locator("[data-test=mutation-form]")
    form.locator("[data-field=subject] input").fill("办结告知不及时")
    form.locator("[data-field=content] input, [data-field=content] textarea").fill("办结后三天才收到通知。")
    assert form.locator("[data-field=clientMutationId]").count() == 0
    form.locator("[data-test=submit]").click()
    talent.page.wait_for_selector(".el-dialog", state="detached")
    assert len(keys) == 1 and re.fullmatch("[0-9a-f]{32}", keys[0] or "")


OPEN = """query($t: ID!) { serviceRequests(first: 5, filter: {talentId: {eq: $t},
                                                         status: {in: [RECEIVED, DISPATCHED, IN_PROGRESS]}})
                         { edges { node { number } } } }"""


def _open_requests(server: LiveServer, talent: str) -> list[str]:
    answer = server.gql(OPEN, {"t": talent}, as_user="changan_admin")
    return [e["node"]["number"] for e in answer["data"]["serviceRequests"]["edges"]]


def _card_holder_free_for_school(server: LiveServer) -> tuple[str, str]:
    """(card number, talent id) of a 长安区 A/B card holder with no open request for 子女入学."""
    cards = server.gql("""{ cards(first: 50, filter: {status: {eq: ACTIVE}, jurisdictionCode: {eq: "130102"}})
                            { edges { node { number tier { code } holder { id } } } } }""",
                       as_user="changan_admin")["data"]["cards"]["edges"]  # fmt: skip
    mine = server.gql("{ me { talent { id } } }", as_user="talent_demo")["data"]["me"]["talent"]["id"]
    for edge in cards:
        card = edge["node"]
        if card["tier"]["code"] not in ("A", "B") or card["holder"]["id"] == mine:
            continue
        if not _open_requests(server, card["holder"]["id"]):
            return card["number"], card["holder"]["id"]
    raise AssertionError("no 长安区 card holder without an open request")


def test_a_submission_whose_answer_was_lost_is_sent_again_and_makes_one_request(
    session: Any, live_server: LiveServer
) -> None:
    """The window's first 提交 reaches the server but its answer never comes back (the
    connection is cut); the clerk presses 提交 again and gets the request the first one
    made — with the same clientMutationId — not a conflict and not a second request."""
    number, talent = _card_holder_free_for_school(live_server)
    window = session("changan_window")
    window.open("/window/intake")
    window.page.get_by_text("人才卡号").click()
    window.page.get_by_placeholder("人才卡号").fill(number)
    window.page.click("[data-test=find]")
    window.page.wait_for_selector("[data-test=talent]")
    title = window.page.locator("b", has_text=re.compile("^子女入学$"))
    item = window.page.locator("[data-test=items] .tg-item").filter(has=title)
    item.first.wait_for()
    item.locator(".el-checkbox").first.click()
    item.locator("[data-test=all-materials]").click()
    sent: list[str] = []

    def lose_the_first_answer(route: Any) -> None:
        body = route.request.post_data or ""
        if "WindowSubmit" not in body:
            route.continue_()
            return
        sent.append(json.loads(body)["variables"]["input"]["clientMutationId"])
        if len(sent) == 1:
            route.fetch()  # the server makes the request …
            route.abort("connectionreset")  # … and the answer is lost on the way back
        else:
            route.continue_()

    window.page.route("**/graphql", lose_the_first_answer)
    window.page.click("[data-test=submit]")
    window.page.wait_for_selector(".el-message--error")
    assert window.page.locator("[data-test=submitted]").count() == 0
    window.page.click("[data-test=submit]")
    window.page.wait_for_selector("[data-test=submitted]")
    window.screenshot("02b-window-resent")
    window.problems.clear()  # the cut connection was the point
    assert len(sent) == 2 and sent[0] == sent[1] and len(sent[0]) == 32
    shown = re.search(r"已受理：(\S+)", window.page.inner_text("[data-test=submitted]")).group(1)
    assert _open_requests(live_server, talent) == [shown]


def test_city_office_dashboard_charts_and_drills_into_late_records(session: Any) -> None:
    s = session("sjz_admin")
    s.open("/supervision")
    s.page.wait_for_selector("[data-test=chart] canvas")
    s.page.wait_for_selector("[data-test=stats] .el-table__body tr")
    s.screenshot("07-supervision-dashboard")
    late = s.page.locator("[data-test=drill-LATE]").first
    late.wait_for()
    figure = int(late.inner_text())
    late.click()
    rows = s.page.locator("[data-test=drill] .el-table__body tr")
    rows.first.wait_for()
    assert rows.count() == min(figure, 100)
    s.screenshot("08-supervision-drill-late")


def test_county_generic_talents_page_filters_by_name_within_its_county(
    session: Any, live_server: LiveServer
) -> None:
    query = 'query($f: TalentFilter) { talents(filter: $f) { totalCount } }'
    name = {"name": {"contains": "王"}}
    county = live_server.gql(query, {"f": name}, as_user="changan_admin")["data"]["talents"]["totalCount"]
    city = live_server.gql(query, {"f": name}, as_user="sjz_admin")["data"]["talents"]["totalCount"]
    assert 0 < county < city

    s = session("changan_admin")
    s.open("/data/talents")
    s.page.wait_for_selector("[data-test=list] .el-table__body tr")
    s.page.get_by_text("+ 添加条件").click()
    condition = s.page.locator("[data-test=condition]").first
    condition.locator(".el-select").first.click()
    s.page.locator(".el-select-dropdown__item:visible", has_text="姓名").first.click()
    condition.locator("input.el-input__inner").last.fill("王")
    s.page.click("[data-test=search]")
    s.page.locator(".el-pagination__total", has_text=f"共 {county} 条").wait_for()
    names = s.page.locator("[data-test=list] .el-table__body tr td:first-child").all_inner_texts()
    assert names and all("王" in n for n in names)
    s.screenshot("09-county-talents-generic")


def test_handler_has_no_talents_menu_and_the_direct_url_is_refused(session: Any) -> None:
    s = session("sjz_police_handler")
    assert s.page.locator("[data-test=menu] [data-path='/data/talents']").count() == 0
    assert s.page.locator("[data-test=menu] [data-path='/handler/inbox']").count() == 1
    s.open("/data/talents")
    s.page.wait_for_selector("[data-test=forbidden]")
    assert "无权访问" in s.page.inner_text("[data-test=forbidden]")
    s.screenshot("10-handler-forbidden")
    s.page.hover("[data-test=user]")
    s.page.get_by_text("退出登录").click()
    s.page.locator("[data-test=login-notice]", has_text="您已安全退出").wait_for()
    s.open("/handler/inbox")  # the token is gone: back to the login page
    s.page.wait_for_url("**/console/login**")


def test_an_expired_session_returns_to_login_with_a_message(
    session: Any, live_server: LiveServer
) -> None:
    s = session("changan_admin")
    # A token of this server's own key that ran out a minute ago: the clerk comes back
    # to a console left open overnight.
    keys = parse_jwt_keys(live_server.env["JWT_KEYS"])
    settings = dataclasses.replace(load_settings(), jwt_keys=keys, jwt_ttl_seconds=-60)
    expired = issue_jwt(settings, "changan_admin", 0)
    s.page.evaluate("t => localStorage.setItem('talentgate.token', t)", expired)
    s.open("/data/talents")
    s.page.wait_for_selector("[data-test=login-notice]")
    assert "登录已过期" in s.page.inner_text("[data-test=login-notice]")
    assert "/console/login" in s.page.url
    s.screenshot("11-session-expired")


def test_first_usable_page_is_fast_and_nothing_loads_from_elsewhere(
    browser: Any, live_server: LiveServer
) -> None:
    s = ConsoleSession(browser, live_server.base)
    try:
        s.sign_in("changan_admin")  # warm the server's caches as a returning clerk would
        s.page.evaluate("localStorage.clear()")
        seconds = s.sign_in("changan_window")
        print(f"first usable page (login → workbench) for changan_window: {seconds:.2f} s")
        assert seconds <= FIRST_USABLE_SECONDS
        s.screenshot("00-workbench")
        assert not s.problems, s.problems
    finally:
        s.close()


def test_graphiql_is_local_and_behind_login(session: Any, live_server: LiveServer) -> None:
    s = session("changan_admin")
    s.page.evaluate("localStorage.clear()")
    s.page.goto(f"{live_server.base}/graphiql")
    s.page.wait_for_url("**/console/login**")
    s.page.fill("input[name=username]", "changan_admin")
    s.page.fill("input[name=password]", "demo-pass-2026")
    s.page.click("button[type=submit]")
    s.page.wait_for_url(f"{live_server.base}/graphiql")
    s.page.locator(".graphiql-query-editor", has_text="MyCapabilities").wait_for()
    s.page.click(".graphiql-execute-button")
    s.page.locator(".result-window", has_text="changan_admin").wait_for()
    s.screenshot("12-graphiql")


def test_an_unreachable_server_shows_a_banner_with_retry(session: Any) -> None:
    s = session("changan_admin")
    s.page.route("**/graphql", lambda route: route.abort("connectionrefused"))
    s.page.get_by_text("数据浏览").click()
    s.page.locator("[data-test=menu] [data-path='/data/employers']").click()
    banner = s.page.locator("[data-test=offline-banner]")
    banner.wait_for()
    assert "无法连接服务器" in banner.inner_text() and "重试" in banner.inner_text()
    s.screenshot("13-server-unreachable")
    s.problems.clear()  # the refused requests were the point


def test_county_office_creates_a_window_account_and_a_narrower_api_token(
    session: Any, live_server: LiveServer
) -> None:
    s = session("changan_admin")
    s.open("/admin/users")
    s.page.click("[data-test=create-user]")
    form = s.page.locator("[data-test=grant-form]")
    form.locator("input[name=new-username]").fill("changan_window2")
    form.locator("input[name=new-password]").fill("window-pass-2026")
    s.screenshot("14-admin-create-user")
    form.locator("[data-test=submit]").click()
    s.page.wait_for_selector(".el-dialog", state="detached")
    wait_for_row(s, "list", "changan_window2")

    clerk = session("changan_window2", password="window-pass-2026")
    assert clerk.page.locator("[data-test=menu] [data-path='/window/intake']").count() == 1

    s.open("/admin/tokens")
    s.page.click("[data-test=create-token]")
    form = s.page.locator("[data-test=grant-form]")
    form.locator("input").first.fill("长安区审计对接")
    form.locator("[data-test=role]").click()
    s.page.get_by_role("option", name="审计员", exact=True).click()
    form.locator("[data-test=submit]").click()
    secret = s.page.locator(".el-message-box__message").inner_text().strip()
    assert secret.startswith("tgt_")
    s.screenshot("15-admin-token-created")
    me = live_server.gql("{ me { roles scopes } }", token=secret)["data"]["me"]
    assert me == {"roles": ["auditor"], "scopes": ["jur:130102"]}


def test_repeated_wrong_passwords_say_when_to_try_again(browser: Any, live_server: LiveServer) -> None:
    s = ConsoleSession(browser, live_server.base)
    try:
        s.page.goto(f"{live_server.base}/console/login")
        s.page.fill("input[name=username]", "clerk_who_forgot")  # unknown names are throttled alike
        error = s.page.locator("[data-test=login-error]")
        for attempt in range(8):
            s.page.fill("input[name=password]", f"wrong-password-{attempt}")
            s.page.click("button[type=submit]")
            s.page.wait_for_timeout(300)
            error.wait_for()
            if "后可再次登录" in error.inner_text():
                break
        text = error.inner_text()
        assert re.search(r"\d+ 秒", text) and re.search(r"约 \d{1,2}:\d{2}:\d{2} 后可再次登录", text), text
        s.screenshot("16-login-locked")
    finally:
        s.close()


def test_verifier_checks_a_card_and_auditor_searches_the_trail(session: Any, live_server: LiveServer) -> None:
    body = live_server.gql("{ me { talent { activeCard { verificationToken } } } }", as_user="talent_demo")
    token = body["data"]["me"]["talent"]["activeCard"]["verificationToken"]
    verifier = session("verifier_demo")
    verifier.open("/verify")
    verifier.page.fill("[data-test=token] textarea, textarea[data-test=token]", token)
    verifier.page.click("[data-test=check]")
    verdict = verifier.page.locator("[data-test=verdict]")
    verdict.wait_for()
    assert "有效人才卡" in verdict.inner_text() and "*" in verdict.inner_text()  # the holder masked
    verifier.screenshot("17-verifier")
    verifier.page.fill("[data-test=token] textarea, textarea[data-test=token]", token[:-4] + "AAAA")
    verifier.page.click("[data-test=check]")
    verifier.page.locator("[data-test=verdict]", has_text="无效人才卡").wait_for()

    auditor = session("auditor_demo")
    auditor.open("/audit")
    auditor.page.locator("[data-test=chain]", has_text="审计链完整").wait_for()
    auditor.page.wait_for_selector("[data-test=list] .el-table__body tr")
    auditor.screenshot("18-audit-trail")


def test_an_office_works_a_card_through_the_generic_list_detail_and_form(session: Any) -> None:
    s = session("changan_admin")
    s.open("/data/cards")
    row = s.page.locator("[data-test=list] .el-table__body tr", has_text="有效").first
    row.wait_for()
    number = row.locator("td").first.inner_text().strip()
    row.get_by_role("button", name="办理").click()
    s.page.get_by_role("menuitem", name="暂停人才卡").click()
    form = s.page.locator("[data-test=mutation-form]")
    form.locator("[data-test=submit]").click()  # the reason is required: checked before sending
    form.locator("[data-field=reason] .el-form-item__error").wait_for()
    form.locator("[data-field=reason] input").fill("持卡人申请暂停")
    s.screenshot("19-generic-action-form")
    form.locator("[data-test=submit]").click()
    s.page.wait_for_selector(".el-dialog", state="detached")
    row = s.page.locator("[data-test=list] .el-table__body tr", has_text=number)
    row.filter(has_text="已暂停").wait_for()

    row.get_by_role("button", name="详情").click()
    detail = s.page.locator("[data-test=detail]")
    detail.wait_for()
    assert number in detail.inner_text() and "已暂停" in detail.inner_text()
    s.page.get_by_text("持卡人申请暂停").first.wait_for()  # the card's events list the suspension
    s.screenshot("20-generic-detail")


def test_an_office_imports_a_talent_sheet_and_gets_the_error_sheet(session: Any) -> None:
    rows = [talent_row(i, phone=None) for i in range(3)]
    rows.append(talent_row(3, phone=None, 证件号码="130102198001011234"))  # a wrong check digit
    s = session("changan_admin")
    s.open("/offices/import")
    s.page.set_input_files("[data-test=import-file]", files=[
        {"name": "人才信息表.xlsx", "buffer": sheet(rows),
         "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])  # fmt: skip
    s.page.get_by_text("只导入正确的行").click()
    s.page.click("[data-test=upload]")
    job = s.page.locator("[data-test=import-job]")
    job.get_by_role("button", name="下载错误清单").wait_for(timeout=90_000)
    assert "新增 3" in job.inner_text() and "错误 1" in job.inner_text()
    with s.page.expect_download() as download:
        job.get_by_role("button", name="下载错误清单").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    s.screenshot("21-talent-import")


def test_a_list_is_charted_by_a_field_under_its_own_filter(session: Any, live_server: LiveServer) -> None:
    s = session("changan_admin")
    s.open("/data/serviceRequests")
    s.page.wait_for_selector("[data-test=list] .el-table__body tr")
    s.page.click("[data-test=chart]")
    chart = s.page.locator("[data-test=count-chart]")
    chart.locator("canvas").wait_for()
    counts = [int(c) for c in chart.locator(".el-table__body tr td:last-child").all_inner_texts()]
    total = live_server.gql("{ serviceRequests { totalCount } }", as_user="changan_admin")
    assert sum(counts) == total["data"]["serviceRequests"]["totalCount"]
    assert "已办结" in chart.inner_text()  # statuses by their Chinese labels
    s.screenshot("22-list-chart")
