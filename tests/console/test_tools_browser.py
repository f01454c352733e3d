"""The low-code tool builder (工具工坊) in a real browser against a real demo server.

A county admin builds a tool from nothing — a table over talents with three columns and
a filter, and a form that sets a custom field — and publishes it; a colleague of that
county uses it (by trusted hashes only); an office of another county neither sees it nor
opens it by URL; a tool naming a field the schema lacks is refused at publish with the
field's path. Screenshots go to `test-output/console/`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.browser import ConsoleSession
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.heavy  # browser work on one worker: start it first

TOOL_NAME = "购房情况登记"


def pick_option(s: ConsoleSession, trigger: str, option: str) -> None:
    s.page.click(trigger)
    s.page.get_by_role("option", name=option, exact=True).click()


def graphql_bodies(s: ConsoleSession) -> list[dict[str, Any]]:
    """Every /graphql request body the page sends from now on."""
    bodies: list[dict[str, Any]] = []
    s.page.on("request", lambda r: bodies.append(json.loads(r.post_data or "{}"))
              if r.url.endswith("/graphql") and r.method == "POST" else None)  # fmt: skip
    return bodies


def menu_tools(s: ConsoleSession) -> list[str]:
    """The tools in the menu's 我的工具 group (folded or not)."""
    return [t.strip() for t in s.page.locator("[data-test=menu] [data-path^='/tool/']").all_text_contents()]


def a_changan_talent(server: LiveServer) -> dict[str, Any]:
    body = server.gql('{ talents(filter: {withinJurisdiction: "130102"}, first: 1, orderBy: [{field: NAME}])'
                      " { nodes { id name customFields } } }", as_user="changan_admin")  # fmt: skip
    return body["data"]["talents"]["nodes"][0]


def build_tool(s: ConsoleSession, talent_name: str) -> None:
    """The builder, as a clerk clicks it: a filtered table of talents and a form over updateTalent."""
    s.open("/tools")
    s.page.click("[data-test=new-tool]")
    s.page.wait_for_selector("[data-test=builder]")
    s.page.fill("[data-test=tool-name]", TOOL_NAME)

    s.page.click("[data-add=table]")
    pick_option(s, "[data-test=source]", "人才")
    for path in ("name", "employer.name", "customFields.owns_home"):
        s.page.click(f"[data-test=columns] [data-path='{path}']")
    filter_box = s.page.locator("[data-test=default-filter]")
    filter_box.get_by_text("+ 添加条件").click()
    filter_box.locator(".el-select").first.click()
    s.page.get_by_role("option", name="姓名", exact=True).click()
    filter_box.locator("input[placeholder='请输入']").fill(talent_name)
    s.page.fill("[data-test=block-title]", "本县人才")

    s.page.click("[data-add=form]")
    s.page.click("[data-test=mutation]")
    s.page.keyboard.type("updateTalent")
    s.page.get_by_role("option", name="修改人才（updateTalent）").click()
    s.page.click("[data-test=form-fields] [data-path='customFields.owns_home']")
    s.page.fill("[data-test=block-title]", "登记购房情况")
    s.screenshot("tool-builder-design")

    s.page.click("[data-test=preview]")
    s.page.wait_for_selector("[data-test=preview-area] [data-test=tool-table] .el-table__row")
    s.screenshot("tool-builder-preview")


def test_a_county_admin_builds_a_tool_that_only_its_county_uses(
    session: Any, live_server: LiveServer
) -> None:
    talent = a_changan_talent(live_server)
    admin = session("changan_admin")
    build_tool(admin, talent["name"])
    admin.page.click("[data-test=publish]")
    admin.page.wait_for_selector("text=已发布，使用者的菜单中已出现此工具")
    assert TOOL_NAME in menu_tools(admin)

    tools = live_server.gql("{ tools(filter: {status: {eq: PUBLISHED}}) { nodes { id name document } } }",
                            as_user="changan_admin")["data"]["tools"]["nodes"]  # fmt: skip
    [tool] = [t for t in tools if t["name"] == TOOL_NAME]
    table = tool["document"]["pages"][0]["blocks"][1]
    assert [c["path"] for c in table["columns"]] == ["name", "employer.name", "customFields.owns_home"]
    assert table["filter"] == {"name": {"contains": talent["name"]}}

    # A window clerk of 长安区 finds it in the menu and uses it, by hashes only.
    clerk = session("changan_window")
    bodies = graphql_bodies(clerk)
    clerk.page.locator("[data-test=menu]").get_by_text("我的工具").click()
    clerk.page.locator("[data-test=menu]").get_by_text(TOOL_NAME).click()
    rows = clerk.page.locator("[data-test=tool-table] .el-table__row")
    rows.first.wait_for()
    assert talent["name"] in rows.first.inner_text()
    assert all(talent["name"] in text for text in rows.all_inner_texts())

    form = clerk.page.locator("[data-test=mutation-form]")
    select = form.locator("[data-field=id] .el-select")
    select.click()
    clerk.page.keyboard.type(talent["name"])
    clerk.page.get_by_role("option", name=talent["name"]).first.click()
    select.filter(has_text=talent["name"]).wait_for()  # the choice has landed (a busy machine is slow)
    switch = form.locator("[data-field='customFields.owns_home'] .el-switch")
    wanted = "否" if "is-checked" in (switch.get_attribute("class") or "") else "是"
    switch.click()
    checked = ".is-checked" if wanted == "是" else ":not(.is-checked)"
    form.locator(f"[data-field='customFields.owns_home'] .el-switch{checked}").wait_for()
    form.locator("[data-test=submit]").click()
    # The table shows the stored value: the durable sign the form was taken (its 提交成功
    # message lasts three seconds, which a loaded machine can miss between two calls).
    try:
        clerk.page.wait_for_function(
            "([name, wanted]) => [...document.querySelectorAll('[data-test=tool-table] .el-table__row')]"
            ".some(r => r.innerText.includes(name) && r.innerText.trim().endsWith(wanted))",
            arg=[talent["name"], wanted],
        )
    except Exception as error:  # say what the clerk saw and what the server logged
        clerk.screenshot("tool-form-not-taken")
        seen = clerk.page.inner_text("body")[:2000]
        logged = live_server.log()[-3000:]
        raise AssertionError(f"{error}\npage: {seen}\nsent: {bodies[-2:]}\nserver: {logged}") from None
    clerk.screenshot("tool-used-by-window")
    stored = live_server.gql('query($id: ID!) { node(id: $id) { ... on Talent { customFields } } }',
                             {"id": talent["id"]}, as_user="changan_admin")  # fmt: skip
    assert stored["data"]["node"]["customFields"]["owns_home"] is (wanted == "是")
    tool_requests = [b for b in bodies if (b.get("extensions") or {}).get("toolId") == tool["id"]]
    assert len(tool_requests) >= 2  # the table (twice: before and after the form) and the form
    assert all("query" not in b and b["extensions"]["persistedQuery"]["sha256Hash"] for b in tool_requests)

    # An office of another county: not in its menu, and its URL finds nothing.
    other = session("zhengding_admin")
    assert "长安区窗口每日看板" not in menu_tools(other) and TOOL_NAME not in menu_tools(other)
    other.open(f"/tool/{tool['id']}")
    other.page.wait_for_selector("[data-test=tool-missing]")
    assert "不存在，或您无权使用" in other.page.inner_text("[data-test=tool-missing]")
    assert TOOL_NAME not in other.page.inner_text("body")
    other.screenshot("tool-refused-other-county")


def test_a_tool_naming_a_missing_field_is_refused_at_publish_with_its_path(
    session: Any, live_server: LiveServer
) -> None:
    admin = session("changan_admin")
    admin.open("/tools/new")
    admin.page.wait_for_selector("[data-test=builder]")
    admin.page.fill("[data-test=tool-name]", "坏字段工具")
    admin.page.click("[data-test=json]")
    document = {"format": 1, "pages": [{"key": "main", "title": "首页", "blocks": [{
        "key": "t", "type": "table", "connection": "talents", "columns": [{"path": "name"}],
        "operation": "query ToolTable { list: talents(first: 5) { nodes { id name nonexistentField } } }",
    }]}]}  # fmt: skip
    admin.page.fill("[data-test=json-text]", json.dumps(document, ensure_ascii=False))
    admin.page.click("[data-test=publish]")
    problems = admin.page.locator("[data-test=problems]")
    problems.wait_for()
    text = problems.inner_text()
    assert "document.pages[0].blocks[0].operation" in text and "Talent.nonexistentField" in text
    admin.screenshot("tool-refused-missing-field")
    tools = live_server.gql("{ tools { nodes { name } } }", as_user="changan_admin")["data"]["tools"]["nodes"]
    assert "坏字段工具" not in [t["name"] for t in tools]


def test_the_window_daily_board_opens_on_today_with_its_charts(session: Any) -> None:
    clerk = session("changan_window")
    bodies = graphql_bodies(clerk)
    clerk.page.locator("[data-test=menu]").get_by_text("我的工具").click()
    clerk.page.locator("[data-test=menu]").get_by_text("长安区窗口每日看板").click()
    bar = clerk.page.locator("[data-block=day]")
    bar.wait_for()
    today = clerk.page.evaluate("new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10)")
    assert bar.locator("input").first.input_value() == today
    clerk.page.wait_for_selector("[data-block=byItem] canvas, [data-block=byItem] .el-empty")
    clerk.page.wait_for_selector("[data-block=requests] [data-test=tool-table]")
    clerk.screenshot("tool-window-daily-board")
    # The day bar narrows the requests table and the status chart from the start, and only them.
    day = {"receivedAt": {"gte": f"{today}T00:00:00+08:00", "lt": clerk.page.evaluate(
        "d => { const n = new Date(d + 'T00:00:00+08:00'); n.setUTCDate(n.getUTCDate() + 1);"
        " return n.toISOString().slice(0, 10) + 'T00:00:00+08:00'; }", today)}}  # fmt: skip
    filters = [json.dumps(b["variables"].get("filter"))
               for b in bodies if "persistedQuery" in (b.get("extensions") or {})]  # fmt: skip
    assert sum(json.dumps(day) in f for f in filters) == 2 and len(filters) == 4, filters


def test_a_list_view_is_saved_and_brought_back(session: Any) -> None:
    admin = session("changan_admin")
    admin.open("/data/talents")
    admin.page.wait_for_selector("[data-test=list] .el-table__row")
    admin.page.get_by_text("+ 添加条件").click()
    admin.page.locator("[data-test=condition] .el-select").first.click()
    admin.page.get_by_role("option", name="姓名", exact=True).click()
    admin.page.locator("[data-test=condition] input[placeholder='请输入']").fill("张")
    admin.page.click("[data-test=search]")
    admin.page.click("[data-test=views-button]")
    admin.page.click("[data-test=save-view]")
    admin.page.locator(".el-message-box input").fill("姓张的人才")
    admin.page.get_by_role("button", name="确定").click()
    admin.page.wait_for_selector("text=视图已保存")

    admin.open("/data/talents")
    admin.page.wait_for_selector("[data-test=list] .el-table__row")
    assert admin.page.locator("[data-test=condition]").count() == 0
    admin.page.click("[data-test=views-button]")
    admin.page.locator("[data-view='姓张的人才']").click()
    condition = admin.page.locator("[data-test=condition] input[placeholder='请输入']")
    condition.wait_for()
    assert condition.input_value() == "张"
    admin.page.wait_for_function(
        "() => { const cells = document.querySelectorAll('[data-test=list] .el-table__row td:first-child');"
        " return cells.length > 0 && [...cells].every(td => td.innerText.includes('张')); }"
    )
    admin.screenshot("saved-view-applied")


def test_a_generic_list_shows_and_filters_by_a_custom_field(session: Any) -> None:
    admin = session("changan_admin")
    admin.open("/data/talents")
    admin.page.wait_for_selector("[data-test=list] .el-table__row")
    admin.page.get_by_role("button", name="列设置").click()
    admin.page.locator(".el-popover .el-checkbox", has_text="是否已购房").click()
    admin.page.keyboard.press("Escape")
    admin.page.get_by_text("+ 添加条件").click()
    admin.page.locator("[data-test=condition] .el-select").first.click()
    admin.page.get_by_role("option", name="是否已购房", exact=True).click()
    admin.page.click("[data-test=search]")  # a new boolean condition starts as 是
    admin.page.wait_for_function(
        "() => { const head = [...document.querySelectorAll('[data-test=list] thead th')]"
        ".map(th => th.innerText);"
        " const at = head.indexOf('是否已购房'); if (at < 0) return false;"
        " const rows = [...document.querySelectorAll('[data-test=list] .el-table__body tr')];"
        " return rows.length > 0 && rows.every(r => r.children[at].innerText.trim() === '是'); }"
    )
    admin.screenshot("generic-list-custom-field")
