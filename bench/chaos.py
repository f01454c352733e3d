"""Chaos on loopback: clients work while every part of the deployment is killed and started again.

    python -m bench.chaos [--gateways 2] [--workers 2] [--clients 6] [--talents 3000]
                          [--spacing 8] [--outage 8]

Starts the production shape of tests/support/deployment.py (PostgreSQL, PgBouncer in
transaction mode, Redis, N `serve`, M `worker`, with ops/Procfile's commands). Clients
submit service requests at the window (户籍办理 + 子女入学: three handoffs each), each with
its own `clientMutationId`, and repeat a submission whose answer they did not get (a
refused connection, a cut one, a 503) with the same key on the next gateway; handlers
accept what reaches their inboxes; anonymous card checks go on beside them. Meanwhile, one
after the other: SIGKILL a worker, a gateway (requests in flight), Redis keeping its data
and Redis losing it, and stop PostgreSQL for a while; each comes back.

At the end, once the outbox is empty: every request a client was told of exists once, with
its three handoffs delivered once each; no history line or message is doubled; no outbox
row is left; no client saw a 500, a non-JSON answer or a 503 without Retry-After; no log
holds a traceback. Prints what was injected, the totals and what failed of these checks
(`run()` returns them for tests/gateway/test_chaos.py).
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from resolvers.core.ids import decode_int_id
from tests.support.applicants import NAME_PREFIX
from tests.support.deployment import Deployment, until

SUBMIT = """mutation($t: ID!, $i: [ID!]!, $k: String) {
  submitServiceRequest(input: {talentId: $t, itemIds: $i, clientMutationId: $k})
  { serviceRequest { id } userErrors { code field } } }"""
ITEMS = """{ serviceItems(first: 5, filter: {code: {in: ["sjz.household", "sjz.school"]}})
             { edges { node { id } } } }"""
INBOX = """{ handoffs(first: 20, filter: {status: {eq: DELIVERED}}) { edges { node { id } } } }"""
ACCEPT = """mutation($h: ID!) { acceptHandoff(input: {handoffId: $h}) { userErrors { code } } }"""
HANDLERS = ("sjz_police_handler", "sjz_hr_handler", "sjz_edu_handler")
HANDOFFS_EACH = 3
MAX_ATTEMPTS = 60  # a submission is sent again for about two minutes before it is given up
RETRY: dict[str, Any] = {}  # `_post`'s answer when the call should be sent again


@dataclass
class Tally:
    """What the clients saw, counted under one lock."""

    answers: Counter[str] = field(default_factory=Counter)  # "submit 200", "check 429", …
    unclean: list[str] = field(default_factory=list)  # 500s, non-JSON, 503 without advice
    accepted: dict[str, str] = field(default_factory=dict)  # clientMutationId → request id
    refused: Counter[str] = field(default_factory=Counter)  # user error codes
    repeats: int = 0  # submissions sent again with their key
    handled: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, what: str) -> None:
        with self.lock:
            self.answers[what] += 1

    def bad(self, what: str) -> None:
        with self.lock:
            self.unclean.append(what)


@dataclass
class Fault:
    at: float  # seconds after the clients started
    what: str
    seconds: float = 0.0


class Clients:
    def __init__(self, deployment: Deployment, tally: Tally) -> None:
        self.d = deployment
        self.tally = tally
        self.stop = threading.Event()
        self.bases = [self.d.gateway(i).base for i in range(deployment.n_gateways)]
        first = self.d.gateway(0)
        self.items = [e["node"]["id"] for e in first.gql(ITEMS, as_user="changan_window")["data"]
                      ["serviceItems"]["edges"]]  # fmt: skip
        self.tokens = {u: first.login(u) for u in ("changan_window", *HANDLERS)}
        self.talents = iter(deployment.talents)
        self.talents_lock = threading.Lock()

    def _next_talent(self) -> str | None:
        with self.talents_lock:
            return next(self.talents, None)

    def _post(self, http: httpx.Client, base: str, kind: str, user: str, query: str,
              variables: dict[str, Any]) -> dict[str, Any] | None:  # fmt: skip
        """One GraphQL call: the answer's data; RETRY when it should be sent again (no
        connection, a cut one, a 503 with retry advice); None for anything unclean,
        which is recorded."""
        try:
            answer = http.post(f"{base}/graphql", json={"query": query, "variables": variables},
                               headers={"Authorization": f"Bearer {self.tokens[user]}"})  # fmt: skip
        except httpx.TransportError as exc:
            self.tally.saw(f"{kind} {type(exc).__name__}")
            return RETRY
        self.tally.saw(f"{kind} {answer.status_code}")
        try:
            body = answer.json()
        except ValueError:
            self.tally.bad(f"{kind}: HTTP {answer.status_code}, not JSON: {answer.text[:200]!r}")
            return None
        if answer.status_code == 503:
            code = (body.get("errors") or [{}])[0].get("extensions", {}).get("code")
            if code == "SERVICE_UNAVAILABLE" and "retry-after" in answer.headers:
                return RETRY
            self.tally.bad(f"{kind}: 503 without SERVICE_UNAVAILABLE and Retry-After: {body}")
            return None
        if answer.status_code != 200 or body.get("errors"):
            self.tally.bad(f"{kind}: HTTP {answer.status_code}: {str(body)[:300]}")
            return None
        return body["data"]

    def submitter(self, n: int) -> None:
        with httpx.Client(timeout=30) as http:
            while not self.stop.is_set() and (talent := self._next_talent()) is not None:
                key = f"chaos-{uuid.uuid4().hex}"
                variables = {"t": talent, "i": self.items, "k": key}
                for attempt in range(MAX_ATTEMPTS):
                    if attempt:
                        with self.tally.lock:
                            self.tally.repeats += 1
                        time.sleep(min(0.2 * attempt, 2.0))
                    base = self.bases[(n + attempt) % len(self.bases)]
                    data = self._post(http, base, "submit", "changan_window", SUBMIT, variables)
                    if data is RETRY:
                        continue
                    if data is None:
                        break
                    payload = data["submitServiceRequest"]
                    with self.tally.lock:
                        if payload["userErrors"]:
                            self.tally.refused.update(e["code"] for e in payload["userErrors"])
                        else:
                            self.tally.accepted[key] = payload["serviceRequest"]["id"]
                    break
                else:
                    self.tally.bad(f"submit: no answer after {MAX_ATTEMPTS} attempts (key {key})")

    def handler(self, user: str) -> None:
        with httpx.Client(timeout=30) as http:
            for turn in itertools.count():
                if self.stop.is_set():
                    return
                base = self.bases[turn % len(self.bases)]
                data = self._post(http, base, "inbox", user, INBOX, {})
                for edge in (data or {}).get("handoffs", {}).get("edges", []):
                    done = self._post(http, base, "accept", user, ACCEPT, {"h": edge["node"]["id"]})
                    if done and not done["acceptHandoff"]["userErrors"]:
                        with self.tally.lock:
                            self.tally.handled += 1
                time.sleep(0.3)

    def card_checker(self) -> None:
        with httpx.Client(timeout=30) as http:
            for turn in itertools.count():
                if self.stop.is_set():
                    return
                base = self.bases[turn % len(self.bases)]
                try:
                    answer = http.get(f"{base}/cards/verify", params={"token": f"not-a-card-{turn}"})
                except httpx.TransportError as exc:
                    self.tally.saw(f"check {type(exc).__name__}")
                    continue
                self.tally.saw(f"check {answer.status_code}")
                if answer.status_code not in (200, 429, 503):
                    self.tally.bad(f"card check: HTTP {answer.status_code}: {answer.text[:200]!r}")
                time.sleep(0.1)


def inject(d: Deployment, spacing: float, outage: float, log: Callable[[Fault], None]) -> None:
    """The faults, one after the other, `spacing` seconds apart."""
    began = time.monotonic()

    def fault(what: str, harm: Callable[[], None], heal: Callable[[], None], down: float) -> None:
        time.sleep(spacing)
        started = time.monotonic()
        harm()
        time.sleep(down)
        heal()
        log(Fault(started - began, what, time.monotonic() - started))

    fault("SIGKILL worker-0", lambda: d.kill_worker(0), lambda: d.start_worker(0), 2)
    fault("SIGKILL gateway-1 (requests in flight)", lambda: d.kill_gateway(1), lambda: d.start_gateway(1), 1)
    fault("SIGKILL Redis, data kept", lambda: d.kill_redis(keep_data=True), d.start_redis, 2)
    fault("SIGKILL Redis, data lost", lambda: d.kill_redis(keep_data=False), d.start_redis, 2)
    fault("PostgreSQL stopped", d.stop_postgres, d.start_postgres, outage)
    fault("SIGKILL gateway-0 (requests in flight)", lambda: d.kill_gateway(0), lambda: d.start_gateway(0), 1)
    fault("SIGKILL worker-1", lambda: d.kill_worker(1), lambda: d.start_worker(1), 2)
    time.sleep(spacing)


class OutboxSampler:
    """Reads `talentgate_outbox_oldest_pending_seconds` from /metrics every 2 s (loopback
    may read it) and keeps the largest value."""

    def __init__(self, deployment: Deployment, stop: threading.Event) -> None:
        self.d, self.stop, self.oldest = deployment, stop, 0.0

    def __call__(self) -> None:
        with httpx.Client(timeout=10) as http:
            for turn in itertools.count():
                if self.stop.wait(2):
                    return
                base = self.d.gateway(turn % self.d.n_gateways).base
                try:
                    text = http.get(f"{base}/metrics").text
                except httpx.TransportError:
                    continue
                for line in text.splitlines():
                    if line.startswith("talentgate_outbox_oldest_pending_seconds "):
                        self.oldest = max(self.oldest, float(line.split()[1]))


@dataclass
class Report:
    faults: list[Fault]
    tally: Tally
    totals: dict[str, int]
    failures: list[str]
    seconds: dict[str, float]
    oldest_pending: float  # the most /metrics said of the oldest pending outbox row


def check(d: Deployment, tally: Tally) -> tuple[dict[str, int], list[str]]:
    """The end state against what the clients were told (straight from PostgreSQL)."""
    failures = list(tally.unclean[:20])
    if len(tally.unclean) > 20:
        failures.append(f"… and {len(tally.unclean) - 20} more unclean answers")
    chaos = f"SELECT id FROM talent WHERE name LIKE '{NAME_PREFIX}%'"
    requests = d.psql(f"SELECT id, talent_id FROM service_request WHERE talent_id IN ({chaos})")
    per_talent = Counter(t for _, t in requests)
    doubled = [t for t, n in per_talent.items() if n > 1]
    if doubled:
        failures.append(f"{len(doubled)} talents have more than one request (e.g. talent {doubled[0]})")
    told = {decode_int_id(rid, "ServiceRequest") for rid in tally.accepted.values()}
    existing = {int(r) for r, _ in requests}
    if told - existing:
        failures.append(f"{len(told - existing)} requests clients were told of do not exist")
    if existing - told:
        failures.append(f"{len(existing - told)} requests exist that no client was told of")
    handoffs = d.psql(f"""SELECT request_id, count(*), count(*) FILTER (WHERE status = 'PENDING')
                          FROM handoff WHERE request_id IN (SELECT id FROM service_request
                          WHERE talent_id IN ({chaos})) GROUP BY request_id""")  # fmt: skip
    wrong = [r for r, n, _ in handoffs if int(n) != HANDOFFS_EACH]
    if wrong or len(handoffs) != len(existing):
        failures.append(f"{len(wrong)} requests without exactly {HANDOFFS_EACH} handoffs "
                        f"({len(existing) - len(handoffs)} with none)")  # fmt: skip
    pending = sum(int(p) for _, _, p in handoffs)
    if pending:
        failures.append(f"{pending} handoffs never delivered")
    history = d.count("""(SELECT 1 FROM status_change WHERE handoff_id IS NOT NULL
                          GROUP BY handoff_id, from_status, to_status HAVING count(*) > 1) x""")  # fmt: skip
    if history:
        failures.append(f"{history} handoff history lines doubled")
    messages = d.count("""(SELECT 1 FROM notification WHERE related_type IS NOT NULL
                           GROUP BY recipient_id, channel, related_type, related_id, subject
                           HAVING count(*) > 1) x""")  # fmt: skip
    if messages:
        failures.append(f"{messages} messages doubled")
    left = d.count("outbox_entry WHERE status <> 'DONE'")
    if left:
        failures.append(f"{left} outbox rows not done")
    for service in (*d.gateways, *d.workers):
        if "Traceback" in service.log():
            failures.append(f"a traceback in {service.name}'s log")
    theirs = f"(SELECT id FROM service_request WHERE talent_id IN ({chaos}))"
    totals = {
        "requests": len(existing), "handoffs": sum(int(n) for _, n, _ in handoffs),
        "history lines": d.count(f"status_change WHERE request_id IN {theirs}"),
        "messages": d.count(f"""notification WHERE (related_type = 'handoff' AND related_id IN
                                  (SELECT id::text FROM handoff WHERE request_id IN {theirs}))
                                  OR (related_type = 'service_request' AND related_id IN
                                  (SELECT id::text FROM {theirs} r))"""),
    }  # fmt: skip
    return totals, failures


def settled(d: Deployment) -> bool:
    """Nothing left in the outbox (the sweeper hands anything missed to a worker)."""
    try:
        return d.count("outbox_entry WHERE status = 'PENDING'") == 0
    except Exception:
        return False


def run(base: Path, *, gateways: int = 2, workers: int = 2, clients: int = 6, talents: int = 3000,
        spacing: float = 8.0, outage: float = 8.0, settle_seconds: float = 120,
        announce: Callable[[Deployment], None] = lambda d: None) -> Report:  # fmt: skip
    faults: list[Fault] = []
    tally = Tally()
    seconds: dict[str, float] = {}
    started = time.monotonic()
    with Deployment(base, gateways=gateways, workers=workers, applicants=talents,
                    env={"TALENTGATE_WORKER_WINDOW": "30"}) as d:  # fmt: skip
        seconds["start"] = time.monotonic() - started
        announce(d)
        crowd = Clients(d, tally)
        threads = [threading.Thread(target=crowd.submitter, args=(n,)) for n in range(clients)]
        threads += [threading.Thread(target=crowd.handler, args=(u,)) for u in HANDLERS]
        threads.append(threading.Thread(target=crowd.card_checker))
        sampler = OutboxSampler(d, crowd.stop)
        threads.append(threading.Thread(target=sampler))
        began = time.monotonic()
        for thread in threads:
            thread.start()
        try:
            inject(d, spacing, outage, faults.append)
        finally:
            crowd.stop.set()
            for thread in threads:
                thread.join(120)
        seconds["chaos"] = time.monotonic() - began
        began = time.monotonic()
        until("the outbox empty", lambda: settled(d), settle_seconds, d.logs)
        seconds["settle"] = time.monotonic() - began
        totals, failures = check(d, tally)
    return Report(faults, tally, totals, failures, seconds, sampler.oldest)


def show(report: Report) -> None:
    print("injected:")
    for f in report.faults:
        print(f"  at {f.at:5.1f} s  {f.what:<42} for {f.seconds:4.1f} s")
    t = report.tally
    print(f"clients: {len(t.accepted)} submissions accepted, {sum(t.refused.values())} refused "
          f"{dict(t.refused) or ''}, {t.repeats} sent again with their key, "
          f"{t.handled} handoffs accepted by handlers")  # fmt: skip
    print("answers: " + ", ".join(f"{k} ×{v}" for k, v in sorted(t.answers.items())))
    print("totals:  " + ", ".join(f"{k} {v}" for k, v in report.totals.items()))
    print(f"outbox:  oldest pending row seen {report.oldest_pending:.0f} s old (sweeper every 30 s)")
    print("time:    " + ", ".join(f"{k} {v:.0f} s" for k, v in report.seconds.items()))
    print("checks:  " + ("all hold" if not report.failures else "FAILED"))
    for failure in report.failures:
        print(f"  ✗ {failure}")


def where(d: Deployment) -> None:
    """What an operator watches while it runs: the JSON logs and /metrics (from loopback)."""
    print("watch while it runs:")
    for i, service in enumerate(d.gateways):
        print(f"  {service.name}: {d.gateway(i).base}/metrics  log {service.log_path}")
    for service in d.workers:
        print(f"  {service.name}: log {service.log_path}")
    print(flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateways", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--talents", type=int, default=3000, help="at most this many submissions")
    parser.add_argument("--spacing", type=float, default=8.0, help="seconds between faults")
    parser.add_argument("--outage", type=float, default=8.0, help="seconds PostgreSQL stays down")
    args = parser.parse_args()
    report = run(Path(tempfile.mkdtemp()), gateways=args.gateways, workers=args.workers,
                 clients=args.clients, talents=args.talents, spacing=args.spacing,
                 outage=args.outage, announce=where)  # fmt: skip
    show(report)
    raise SystemExit(1 if report.failures else 0)


if __name__ == "__main__":
    main()
