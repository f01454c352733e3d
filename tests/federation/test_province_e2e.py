"""The provincial platform end to end (issue 16): three real `talentgate serve` processes
— 山东省, 济南, 青岛 — started as `talentgate demo --province` starts them (their own
SQLite files and keys, one Redis, one PROVINCE_KEY), the cities registered as sources of
the province, whose worker pulls their feeds. Everything below goes over HTTP."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.demo.data import DEMO_PASSWORD
from gateway.demo.province import MOVER_NAME, NODES, PROVINCE_ITEM
from gateway.embedded_redis import free_port
from gateway.http.health import wait_until_healthy
from gateway.province_demo import Cluster, Running, cluster, gql, login, supervise
from resolvers.core.ids import decode_int_id
from resolvers.core.validation import make_resident_id

pytestmark = pytest.mark.heavy

SECONDS = 20  # "within seconds": the worker pulls every 2 s
HISTORY = """query($h: String!) { talentHistory(idHash: $h) { source cityCode status arrivedOn leftOn } }"""
SOURCES = """{ sources { edges { node { name lag errors lastError lastSyncedAt } } } }"""
ERRORS = """query($c: String) { sourceErrors(filter: {code: {eq: $c}}, first: 50) {
  totalCount edges { node { code kind recordId message } } } }"""
CREATE = """mutation($input: CreateTalentInput!) { createTalent(input: $input) {
  talent { id idHash } userErrors { field code message } } }"""
ISSUE = """mutation($id: ID!, $c: ID!) { issueCard(input: {talentId: $id, categoryId: $c}) {
  card { id number verificationToken } userErrors { field code message } } }"""
BY_NAME = """query($n: String!) { talents(filter: {name: {eq: $n}}) { edges { node { id idHash
  activeCard { id number verificationToken } } } } }"""
CATEGORY = """{ talentCategories(filter: {code: {eq: "jinan.B"}}) { edges { node { id } } } }"""
PROPOSE = """mutation($id: ID!) { proposeCardRevocation(input: {cardId: $id, reason: "弄虚作假，收回"}) {
  revocation { id } userErrors { code message } } }"""
REVIEW = """mutation($id: ID!) { reviewCardRevocation(input: {revocationId: $id, decision: APPROVE,
  reason: "同意"}) { revocation { status } userErrors { code message } } }"""
ITEM = """query($c: String!) { serviceItems(filter: {code: {eq: $c}}) { edges { node { id } } } }"""
SUBMIT = """mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) {
  serviceRequest { status } userErrors { field code message } } }"""
HR_BUREAU = (
    """{ departments(filter: {name: {eq: "济南市人力资源和社会保障局"}}) { edges { node { id } } } }"""
)
_tokens: dict[tuple[str, str], str] = {}


def _login(node: Running, username: str) -> str:
    """A session of `username` at `node`, signed in once (sign-in is deliberately slow)."""
    if (node.base, username) not in _tokens:
        _tokens[(node.base, username)] = login(node.base, username)
    return _tokens[(node.base, username)]


@pytest.fixture(scope="module")
def shandong(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("province")
    with cluster(root, "127.0.0.1", {node.name: free_port() for node in NODES}) as running:
        yield running


def _eventually(check: Callable[[], Any], seconds: float = SECONDS) -> Any:
    """`check()`'s first truthy answer within `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        answer = check()
        if answer or time.monotonic() > deadline:
            assert answer, f"not within {seconds} s"
            return answer
        time.sleep(0.25)


def _city(shandong: Cluster, name: str) -> Running:
    return next(c for c in shandong.cities if c.node.name == name)


def _createuser(node: Running, env: dict[str, str], username: str, role: str, scope: str) -> None:
    done = subprocess.run([sys.executable, "-m", "gateway.cli", "createuser", username, "--role", role,
                           "--scope", scope], env={**env, "TALENTGATE_PASSWORD": DEMO_PASSWORD},
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr


def _history(shandong: Cluster, id_hash: str) -> list[dict]:
    admin = _login(shandong.province, "shandong_admin")
    return gql(shandong.province.base, HISTORY, {"h": id_hash}, admin)["talentHistory"]


def _new_talent(city: Running, admin: str, name: str, id_number: str, county: str) -> dict:
    variables = {"input": {"name": name, "idNumber": id_number, "jurisdictionCode": county}}
    made = gql(city.base, CREATE, variables, _login(city, admin))["createTalent"]
    assert made["userErrors"] == [], made
    return made["talent"]


def _verify(city: Running, token: str) -> dict:
    return httpx.get(f"{city.base}/cards/verify", params={"token": token}, timeout=10).json()


def test_the_cities_are_gathered_and_a_new_talent_arrives_within_seconds(shandong: Cluster) -> None:
    admin = _login(shandong.province, "shandong_admin")

    def synced() -> bool:
        sources = gql(shandong.province.base, SOURCES, token=admin)["sources"]["edges"]
        return len(sources) == 2 and all(e["node"]["lastSyncedAt"] for e in sources)

    assert _eventually(synced)
    jinan = _city(shandong, "jinan")
    number = make_resident_id("370102", dt.date(1990, 2, 3), 301, False)
    talent = _new_talent(jinan, "jinan_admin", "鲁新晴", number, "370102")
    started = time.monotonic()
    [stay] = _eventually(lambda: _history(shandong, talent["idHash"]))
    assert (
        stay["source"] == "济南市人才服务平台" and stay["cityCode"] == "370100" and stay["status"] == "ACTIVE"
    )
    assert time.monotonic() - started < SECONDS


def test_one_person_with_a_history_in_both_cities(shandong: Cluster) -> None:
    """The mover left 济南 and registered in 青岛 with the same ID number: the province
    sees one person (one idHash) with two stays and a move between them."""
    qingdao = _city(shandong, "qingdao")
    found = gql(qingdao.base, BY_NAME, {"n": MOVER_NAME}, _login(qingdao, "qingdao_admin"))
    id_hash = found["talents"]["edges"][0]["node"]["idHash"]
    stays = _eventually(lambda: len(h := _history(shandong, id_hash)) == 2 and h)
    assert [(s["cityCode"], s["status"]) for s in stays] == [("370100", "LEFT"), ("370200", "ACTIVE")]
    assert stays[0]["leftOn"] <= stays[1]["arrivedOn"]
    admin = _login(shandong.province, "shandong_admin")
    moves = gql(shandong.province.base, """query($h: String) { talentMoves(filter: {idHash: $h}) {
      edges { node { fromCity toCity } } } }""", {"h": id_hash}, admin)["talentMoves"]["edges"]  # fmt: skip
    assert [m["node"] for m in moves] == [{"fromCity": "370100", "toCity": "370200"}]


def test_a_card_revoked_in_jinan_is_invalid_at_qingdao_and_a_provincial_card_opens_items(
    shandong: Cluster,
) -> None:
    jinan, qingdao = _city(shandong, "jinan"), _city(shandong, "qingdao")
    env = shandong.envs["jinan"]
    office = _login(jinan, "jinan_admin")
    # A new 济南 talent with a gold card, seen valid at 青岛 (青岛 asks the province, which
    # has the card from 济南's feed)
    number = make_resident_id("370102", dt.date(1985, 7, 9), 302, True)
    talent = _new_talent(jinan, "jinan_admin", "泉卡持", number, "370102")
    category = gql(jinan.base, CATEGORY, token=office)["talentCategories"]["edges"][0]["node"]["id"]
    issued = gql(jinan.base, ISSUE, {"id": talent["id"], "c": category}, office)["issueCard"]
    assert issued["userErrors"] == [], issued
    card = issued["card"]
    assert _eventually(lambda: _verify(qingdao, card["verificationToken"])["valid"])
    # Revoked in 济南 (the city office proposes; the window, the HR bureau and the county
    # office approve), it is invalid at 青岛 within seconds.
    _revoke(jinan, env, office, card["id"])
    assert _eventually(lambda: not _verify(qingdao, card["verificationToken"])["valid"])
    assert _verify(shandong.province, card["verificationToken"]) == {"valid": False}

    # The mover's provincial 惠才卡 (issued by the province) opens the province-wide item at
    # 青岛's window; without it, or with another person's card, it does not.
    province_office = _login(shandong.province, "shandong_admin")
    huicai = gql(shandong.province.base, BY_NAME, {"n": MOVER_NAME}, province_office)
    token = huicai["talents"]["edges"][0]["node"]["activeCard"]["verificationToken"]
    window = _login(qingdao, "qingdao_window")
    mover = gql(qingdao.base, BY_NAME, {"n": MOVER_NAME}, window)["talents"]["edges"][0]["node"]["id"]
    item = gql(qingdao.base, ITEM, {"c": PROVINCE_ITEM}, window)["serviceItems"]["edges"][0]["node"]["id"]

    def submit(**extra: Any) -> dict:
        return gql(qingdao.base, SUBMIT, {"i": {"talentId": mover, "itemIds": [item], **extra}}, window)[
            "submitServiceRequest"
        ]

    assert [e["code"] for e in submit()["userErrors"]] == ["INVALID_STATE"]
    assert [e["field"] for e in submit(cardToken=card["verificationToken"])["userErrors"]] == ["cardToken"]
    served = submit(cardToken=token)
    assert served["userErrors"] == [] and served["serviceRequest"]["status"] == "COMPLETED"


def _revoke(city: Running, env: dict[str, str], office: str, card_id: str) -> None:
    hr = gql(city.base, HR_BUREAU, token=office)["departments"]["edges"][0]["node"]["id"]
    _createuser(city, env, "lixia_window", "window_specialist", "jur:370102")
    _createuser(city, env, "jinan_hr", "handler", f"dept:{decode_int_id(hr, 'Department')}")
    _createuser(city, env, "lixia_admin", "county_admin", "jur:370102")  # not the proposer: 分离
    proposed = gql(city.base, PROPOSE, {"id": card_id}, office)["proposeCardRevocation"]
    assert proposed["userErrors"] == [], proposed
    for user in ("lixia_window", "jinan_hr", "lixia_admin"):
        step = gql(city.base, REVIEW, {"id": proposed["revocation"]["id"]}, _login(city, user))
        assert step["reviewCardRevocation"]["userErrors"] == [], (user, step)
    assert step["reviewCardRevocation"]["revocation"]["status"] == "REVOKED"


def test_a_feed_that_writes_another_citys_talent_is_refused_and_reported(shandong: Cluster) -> None:
    """济南's source registered for 370100 but pulled with a token that sees all of Shandong
    there (a city misconfigured): a 青岛 talent written at 济南 is refused at the province
    and reported; nothing of it is stored."""
    jinan = _city(shandong, "jinan")
    admin = _login(shandong.province, "shandong_admin")
    source = gql(shandong.province.base, """{ sources(filter: {name: {eq: "济南市人才服务平台"}}) {
      edges { node { id } } } }""", token=admin)["sources"]["edges"][0]["node"]["id"]  # fmt: skip
    wide = _login(jinan, "shandong_platform")  # federation on jur:370000 at 济南
    update = gql(shandong.province.base, """mutation($id: ID!, $t: String!) { updateSource(input: {id: $id,
      token: $t}) { userErrors { code } } }""", {"id": source, "t": wide}, admin)  # fmt: skip
    assert update["updateSource"]["userErrors"] == []
    _createuser(jinan, shandong.envs["jinan"], "shinan_office", "county_admin", "jur:370202")
    intruder = _new_talent(jinan, "shinan_office", "越界者",
                           make_resident_id("370202", dt.date(1992, 1, 1), 303, True), "370202")  # fmt: skip
    refused = _eventually(lambda: gql(shandong.province.base, ERRORS, {"c": "OUT_OF_JURISDICTION"},
                                      admin)["sourceErrors"]["totalCount"])  # fmt: skip
    assert refused >= 1
    assert _history(shandong, intruder["idHash"]) == []
    listed = gql(shandong.province.base, SOURCES, token=admin)["sources"]["edges"]
    assert any("370202" in (e["node"]["lastError"] or "") for e in listed)


def test_killing_the_province_mid_sync_loses_and_duplicates_nothing(shandong: Cluster) -> None:
    """120 talents written at 青岛 while the province's process (its worker inside) is
    killed mid-pull and started again: every one arrives once."""
    qingdao = _city(shandong, "qingdao")
    first_day = dt.date(1980, 1, 1)
    numbers = [make_resident_id("370202", first_day + dt.timedelta(days=i // 10), 100 + i % 10, True)
               for i in range(120)]  # fmt: skip
    hashes = {_new_talent(qingdao, "qingdao_admin", f"批量{i}", n, "370202")["idHash"]
              for i, n in enumerate(numbers[:60])}  # fmt: skip
    os.kill(shandong.province.process.pid, signal.SIGKILL)
    shandong.province.process.wait()
    hashes |= {_new_talent(qingdao, "qingdao_admin", f"批量{i}", n, "370202")["idHash"]
               for i, n in enumerate(numbers[60:], 60)}  # fmt: skip
    province = shandong.province
    province.start()  # the same `serve`, port and data: the cluster stops it at the end
    wait_until_healthy(province.base, province.process, province.log_path, 120)
    store = Path(shandong.envs[province.node.name]["TALENTGATE_DATA_DIR"]) / "talentgate.db"
    _eventually(lambda: _stored(store, hashes) == len(hashes), 60)
    assert _stored(store, hashes) == len(hashes)  # once each: (source, kind, record) is unique
    with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
        duplicates = db.execute("SELECT COUNT(*) FROM (SELECT key FROM source_record "
                                "WHERE kind = 'TALENT' "
                                "GROUP BY source_id, key HAVING COUNT(*) > 1)").fetchone()[0]  # fmt: skip
    assert duplicates == 0


def _stored(store: Path, hashes: set[str]) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT key FROM source_record WHERE kind = 'TALENT' AND NOT deleted").fetchall()
    return len({r[0] for r in rows} & hashes)


def test_the_province_demo_starts_again_a_killed_city_and_its_redis(
    shandong: Cluster, capfd: pytest.CaptureFixture[str]
) -> None:
    """`demo --province` supervises what it started: 济南's `serve` and the embedded Redis,
    killed with SIGKILL, come back on their ports with one line each, and the province
    gathers a talent written at 济南 afterwards."""
    stop = threading.Event()
    watching = threading.Thread(target=supervise, args=(shandong, stop, 0.2))
    watching.start()
    try:
        jinan = _city(shandong, "jinan")
        killed = jinan.process.pid
        os.kill(killed, signal.SIGKILL)
        assert shandong.redis is not None and shandong.redis.process is not None
        os.kill(shandong.redis.process.pid, signal.SIGKILL)
        _eventually(lambda: jinan.process.pid != killed and jinan.answers(), 60)
        _eventually(lambda: shandong.redis.running, 30)  # type: ignore[union-attr]
        _tokens.pop((jinan.base, "jinan_admin"), None)
        arrived = _new_talent(jinan, "jinan_admin", "重启后", make_resident_id(
            "370102", dt.date(1991, 3, 4), 77, True), "370102")["idHash"]  # fmt: skip
        _eventually(lambda: _history(shandong, arrived), 60)
    finally:
        stop.set()
        watching.join(10)
    said = capfd.readouterr().err
    assert said.count("exited") == 2, said  # 济南 and Redis: nothing else was restarted
    assert said.count("济南市人才服务平台") == 1 and "exited (code -9); restarting it" in said, said
    assert said.count("embedded Redis on port") == 1, said
