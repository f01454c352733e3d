"""The provincial platform's pages (省级平台) in a real browser against a real server.

The server runs on a copy of the demo database holding a province's store as its
sources' feeds would have filled it — 济南 and 青岛 with a few talents, cards and one
move between them — and a Shandong province office. Nothing is pulled meanwhile: every
source's next attempt lies a day ahead. Screenshots go to `test-output/console/`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tortoise import Tortoise

from gateway.demo import DEMO_PASSWORD
from gateway.embedded_redis import EmbeddedRedis
from permissions.grants import add_grant, user_subject
from resolvers.accounts.passwords import hash_password
from schema import clock
from schema.db import tortoise_config
from schema.models import Jurisdiction, Source, SourceError, SourceRecord, User
from schema.models.enums import JurisdictionLevel
from tests.support.browser import ConsoleSession
from tests.support.databases import SqliteDatabases, forget_cached_sql, sqlite_url
from tests.support.live_server import LiveServer, start_server
from tests.support.loop_thread import run_in_fresh_loop

pytestmark = pytest.mark.heavy  # browser work on one worker: start it first

OFFICE = "shandong_office"
JINAN, QINGDAO = "济南市人才服务平台", "青岛市人才服务平台"
JINAN_CARDS = ["JN2025000001", "JN2025000002", "JN2025000003"]
QINGDAO_CARDS = ["QD2025000001"]
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing answers there
_ids = itertools.count(1)


async def _talent(source: Source, key: str, code: str, name: str, category: str, arrived: dt.date,
                  left: dt.date | None = None) -> None:  # fmt: skip
    status = "LEFT" if left else "ACTIVE"
    data = {"name": name, "status": status, "idHash": key, "idNumber": "370102********1234",
            "category": {"code": category, "name": f"{category}类人才"}}  # fmt: skip
    await SourceRecord.create(
        source=source, kind="TALENT", record_id=f"T{next(_ids)}", key=key, holder_key=key,
        jurisdiction_code=code, city_code=code[:4] + "00", status=status, class_code=category,
        started_on=arrived, ended_on=left, data=data,
    )  # fmt: skip


async def _card(source: Source, number: str, code: str, holder: str, tier: str, programme: tuple[str, str],
                status: str, issued: dt.date) -> None:  # fmt: skip
    expires = issued.replace(year=issued.year + 5)
    data = {
        "number": number, "status": status, "issuedOn": issued.isoformat(), "expiresOn": expires.isoformat(),
        "tier": {"code": tier, "name": f"{programme[1]}{tier}卡"},
        "programme": {"code": programme[0], "name": programme[1]}, "holder": {"idHash": holder},
    }  # fmt: skip
    await SourceRecord.create(
        source=source, kind="CARD", record_id=f"C{next(_ids)}", key=number, holder_key=holder,
        jurisdiction_code=code, city_code=code[:4] + "00", status=status, class_code=tier,
        started_on=issued, ended_on=expires, data=data,
    )  # fmt: skip


async def _sources() -> dict[str, Source]:
    """济南 failing for three minutes, 青岛 three seconds behind, 烟台 paused, 淄博 refused;
    none due before tomorrow, so the worker leaves them alone."""
    now = clock.now()
    common = {"url": UNREACHABLE, "token": "t", "jurisdiction_id": "370000",
              "next_attempt_at": now + dt.timedelta(days=1)}  # fmt: skip
    refused = "UNREACHABLE: ConnectError: [Errno 111] Connection refused"
    jinan = await Source.create(
        name=JINAN, jurisdictions=["370100"], last_synced_at=now - dt.timedelta(minutes=3), failures=2,
        contract_version="1.0", error_count=2, last_error=refused, **common,
    )  # fmt: skip
    qingdao = await Source.create(name=QINGDAO, jurisdictions=["370200"], last_synced_at=now, lag_seconds=3.0,
                                  contract_version="1.0", **common)  # fmt: skip
    await Source.create(name="烟台市人才服务平台", jurisdictions=["370600"], status="PAUSED",
                        last_synced_at=now - dt.timedelta(days=1), **common)  # fmt: skip
    await Source.create(
        name="淄博市人才服务平台", jurisdictions=["370300"], status="REFUSED", error_count=1,
        last_error="CONTRACT: feed contract 2.0, this deployment reads 1.x", **common,
    )  # fmt: skip
    for _ in range(2):
        await SourceError.create(source=jinan, jurisdiction_id="370000", code="UNREACHABLE",
                                 message=refused.split(": ", 1)[1])  # fmt: skip
    return {JINAN: jinan, QINGDAO: qingdao}


async def _store(url: str) -> None:
    """The province's store, its sources and its office, written before the server starts."""
    forget_cached_sql()
    await Tortoise.init(config=tortoise_config(url))
    try:
        for code, name, level, parent in (
            ("370200", "青岛市", JurisdictionLevel.CITY, "370000"),
            ("370202", "市南区", JurisdictionLevel.COUNTY, "370200"),
        ):
            defaults = {"name": name, "level": level, "parent_id": parent}
            await Jurisdiction.get_or_create(code=code, defaults=defaults)
        sources = await _sources()
        jinan, qingdao = sources[JINAN], sources[QINGDAO]

        # 张三丰 left 济南 for 青岛 this year (the page's default period: the last twelve
        # months); 王五 and 李四 came to 济南, 赵六 to 青岛, long before it.
        today = clock.china_today()
        days = lambda n: today - dt.timedelta(days=n)  # noqa: E731
        await _talent(jinan, "h1", "370102", "张三丰", "A", days(600), days(60))
        await _talent(qingdao, "h1", "370202", "张三丰", "A", days(45))
        await _talent(jinan, "h2", "370102", "王五", "B", days(700))
        await _talent(jinan, "h3", "370171", "李四", "B", days(650))
        await _talent(qingdao, "h4", "370202", "赵六", "C", days(500))
        jinan_card, qingdao_card = ("jinan.goldcard", "泉城人才服务金卡"), ("qingdao.card", "青岛人才服务卡")
        await _card(jinan, JINAN_CARDS[0], "370102", "h1", "A", jinan_card, "SUSPENDED", days(280))
        await _card(jinan, JINAN_CARDS[1], "370102", "h2", "B", jinan_card, "ACTIVE", days(190))
        await _card(jinan, JINAN_CARDS[2], "370171", "h3", "B", jinan_card, "ACTIVE", days(140))
        await _card(qingdao, QINGDAO_CARDS[0], "370202", "h4", "A", qingdao_card, "ACTIVE", days(90))

        await User.create(username=OFFICE, password_hash=hash_password(DEMO_PASSWORD))
        await add_grant(user_subject(OFFICE), "province_admin", "jur:370000")
    finally:
        await Tortoise.close_connections()
        forget_cached_sql()


@pytest.fixture(scope="module")
def live_server(sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:  # fmt: skip
    path: Path = sqlite_databases.create("demo")
    try:
        run_in_fresh_loop(_store(sqlite_url(path)))
        folder = tmp_path_factory.mktemp("province")
        with start_server(sqlite_url(path), folder, redis_url=redis_server.url) as server:
            yield server
    finally:
        sqlite_databases.drop(path)


def menu_paths(s: ConsoleSession) -> set[str]:
    paths = s.page.locator("[data-test=menu] [data-path^='/province/']").evaluate_all(
        "items => items.map(i => i.dataset.path)"
    )
    return set(paths)


def chart_screenshot(s: ConsoleSession, name: str) -> None:
    s.page.wait_for_timeout(1000)  # the bars grow for a second
    s.screenshot(name)


def source_row(s: ConsoleSession, name: str) -> Any:
    return s.page.locator("[data-test=sources] .el-table__body-wrapper tr", has_text=name)


def test_the_province_menu_is_shown_to_whom_may_use_it(session: Any) -> None:
    office = session(OFFICE)
    office.page.locator("[data-test=menu]").get_by_text("省级平台").click()
    assert menu_paths(office) == {"/province/sources", "/province/card-holders", "/province/moves"}
    window = session("changan_window")  # a window sees the store's views, not the sources
    assert menu_paths(window) == {"/province/card-holders", "/province/moves"}
    handler = session("sjz_police_handler")
    assert menu_paths(handler) == set()
    handler.open("/province/sources")
    handler.page.wait_for_selector("[data-test=forbidden]")


def test_sources_show_their_state_errors_and_refuse_a_bad_address(session: Any) -> None:
    s = session(OFFICE)
    s.open("/province/sources")
    jinan = source_row(s, JINAN)
    jinan.wait_for()
    text = jinan.inner_text()
    assert "同步中" in text and "370100" in text and "无法连接" in text and "下次重试" in text
    assert "3 分钟" in text  # behind since its last good pull
    assert "3 秒" in source_row(s, QINGDAO).inner_text()
    assert "已暂停" in source_row(s, "烟台市人才服务平台").inner_text()
    assert "已同步" in source_row(s, "烟台市人才服务平台").inner_text()
    assert "契约不兼容" in source_row(s, "淄博市人才服务平台").inner_text()
    s.screenshot("30-province-sources")

    jinan.locator("[data-test=source-errors]").click()
    drawer = s.page.locator(".el-drawer")
    drawer.locator("[data-test=list] .el-table__body tr").first.wait_for()
    assert drawer.locator("[data-test=list] .el-table__body tr").count() == 2
    assert "无法连接" in drawer.inner_text() and "Connection refused" in drawer.inner_text()
    s.screenshot("31-province-source-errors")
    drawer.locator(".el-drawer__close-btn").click()
    drawer.wait_for(state="hidden")

    s.page.click("[data-test=register-source]")
    form = s.page.locator("[data-test=mutation-form]")
    form.locator("[data-field=name] input").fill("潍坊市人才服务平台")
    form.locator("[data-field=url] input").fill("ftp://rencai.weifang.example")
    token = form.locator("[data-field=token] input")
    token.fill("tgt_example")
    assert token.get_attribute("type") == "password"
    form.locator("[data-field=jurisdictions] .el-select").click()
    s.page.keyboard.type("370700")
    s.page.keyboard.press("Enter")
    form.locator("[data-test=add-row]").click()
    form.locator("input[data-subfield=kid]").fill("k1")
    form.locator("input[data-subfield=publicKey]").fill("MCowBQYDK2VwAyEA")
    form.locator("[data-test=submit]").click()
    error = form.locator("[data-field=url] .el-form-item__error")
    error.wait_for()
    assert "数据源地址无效" in error.inner_text()
    s.screenshot("32-province-register-source-error")
    s.page.locator(".el-dialog__headerbtn").click()
    s.page.wait_for_selector(".el-dialog", state="detached")

    qingdao = source_row(s, QINGDAO)
    qingdao.locator("[data-test=pause-source]").click()
    s.page.locator(".el-message-box").get_by_role("button", name="确定").click()
    qingdao.locator("[data-test=source-status]", has_text="已暂停").wait_for()
    qingdao.locator("[data-test=resume-source]").click()
    s.page.locator(".el-message-box").get_by_role("button", name="确定").click()
    qingdao.locator("[data-test=source-status]", has_text="同步中").wait_for()

    qingdao.locator("[data-test=edit-source]").click()  # the form opens on the stored values
    form = s.page.locator("[data-test=mutation-form]")
    assert form.locator("[data-field=name] input").input_value() == QINGDAO
    assert "370200" in form.locator("[data-field=jurisdictions]").inner_text()
    assert form.locator("[data-field=token] input").input_value() == ""  # never read back
    form.locator("[data-field=url] input").fill("http://127.0.0.1:19")
    form.locator("[data-test=submit]").click()
    s.page.wait_for_selector(".el-dialog", state="detached")
    source_row(s, QINGDAO).filter(has_text="127.0.0.1:19").wait_for()


def test_card_holders_are_listed_charted_and_drilled_into_by_city(session: Any) -> None:
    s = session(OFFICE)
    s.open("/province/card-holders")
    rows = s.page.locator("[data-test=list] .el-table__body tr")
    rows.first.wait_for()
    listed = s.page.locator("[data-test=list]").inner_text()
    assert all(number in listed for number in JINAN_CARDS + QINGDAO_CARDS)
    assert "张**" in listed and "泉城人才服务金卡A卡" in listed and "济南市" in listed and "已暂停" in listed
    canvas = s.page.locator("[data-test=holder-chart] canvas")
    canvas.wait_for()
    chart_screenshot(s, "33-province-card-holders")

    # The bars, largest first: 济南市 (3 cards), 青岛市 (1). A click just above the axis of
    # the first bar drills into 济南 (the chart's grid leaves 48 px left, 24 right, 72 below).
    box = canvas.bounding_box()
    assert box is not None
    canvas.click(position={"x": 48 + (box["width"] - 72) / 4, "y": box["height"] - 72 - 6})
    s.page.locator(".el-pagination__total", has_text="共 3 条").wait_for()
    assert s.page.locator("[data-test=holder-filter] input").first.input_value() == "370100"
    listed = s.page.locator("[data-test=list]").inner_text()
    assert QINGDAO_CARDS[0] not in listed and all(number in listed for number in JINAN_CARDS)
    s.page.locator("[data-test=holder-group] .is-active", has_text="按区县").wait_for()
    chart_screenshot(s, "34-province-card-holders-drilled")


def test_moves_show_net_inflow_and_open_a_persons_history(session: Any) -> None:
    s = session(OFFICE)
    s.open("/province/moves")
    move = s.page.locator("[data-test=moves] .el-table__body tr", has_text="张**")
    move.wait_for()
    assert "济南市 → 青岛市" in move.inner_text()
    arrived = s.page.locator("[data-test=net-inflow] .el-table__body tr", has_text="青岛市")
    arrived.wait_for()
    assert arrived.locator("td").last.inner_text().strip() == "+1"
    left = s.page.locator("[data-test=net-inflow] .el-table__body tr", has_text="济南市")
    assert left.locator("td").last.inner_text().strip() == "-1"
    chart_screenshot(s, "35-province-moves")

    move.click()
    history = s.page.locator(".el-drawer [data-test=history] .el-table__body tr")
    history.filter(has_text="青岛市（370200）").wait_for()
    assert history.count() == 2
    assert JINAN in history.first.inner_text() and "历下区（370102）" in history.first.inner_text()
    assert QINGDAO in history.last.inner_text() and "市南区（370202）" in history.last.inner_text()
    s.screenshot("36-province-talent-history")
