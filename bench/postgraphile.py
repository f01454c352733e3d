"""talentgate against PostGraphile on the same large database, over real HTTP (issue 15).

    python -m bench.postgraphile [--talents 1000000] [--database-url URL] [--seconds 10]
                                 [--clients 1,10] [--reuse [DIR]]

Builds a PostgreSQL 15 cluster of its own (pg_stat_statements preloaded), applies the
project's migrations, loads the demo (places, departments, windows, catalogue, tiers,
accounts), then generates the bulk with PostgreSQL itself (INSERT … SELECT
generate_series): N talents over the demo's four counties with checksum-valid ID numbers,
employers and categories; ~0.7 N cards (one active per holder for most); ~0.6 N service
requests over the last year with completion figures; ~0.725 N departmental handoffs;
ratings. `--reuse` keeps the cluster in DIR (default /tmp/talentgate-bench-postgraphile/
<talents>) and later runs start it again instead of generating; without it the cluster is
removed at the end. `--database-url` names an existing database instead (generated once,
recognised by the `bench.generated` table; pg_stat_statements only if it is loaded there).

Then starts `talentgate serve` and PostGraphile 4 (installed with npm into
~/.cache/talentgate-bench/postgraphile on first use; never in the repository), one
process each, finds PostGraphile's field names by introspection, and lets 1 and 10
keep-alive clients (a separate process, raw HTTP/1.1, so the client neither shares a GIL
with anything nor spends much CPU) ask the same questions of both, alternately
(talentgate, PostGraphile, talentgate, PostGraphile), after a warm-up:

  Q1 a department handler's 50 newest handoffs (request number, window's county, applicant)
  Q2 a county's first 50 talents by name (employer, category, active card number)
  Q3 one card by number (tier, holder), a random number of a fixed list each time
  Q4 supervisionStats for a city's year by department (talentgate only)

PostGraphile runs without any row-level security: it answers as the database owner and
filters with `condition:` arguments; talentgate checks scopes, masks and audits. Prints
req/s, p50, p95 and errors per run, a comparison table and, from pg_stat_statements, SQL
statements per request. Asserts nothing; the two servers and the clients share the
machine's cores (the load average is printed).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.services import services
from gateway.embedded_redis import free_port
from resolvers.core.local_keys import throwaway_keys
from tests.support.postgres import _cluster_user, _run_tool, find_bindir

NPM_DIR = Path.home() / ".cache" / "talentgate-bench" / "postgraphile"
POSTGRAPHILE_VERSION = "^4"
REUSE_ROOT = Path(tempfile.gettempdir()) / "talentgate-bench-postgraphile"
DATABASE = "talentgate"
WARM_UP_SECONDS = 2.0
CLUSTER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "4GB",
    "max_connections": "200",
    "shared_buffers": "1GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "512MB",
    "shared_preload_libraries": "'pg_stat_statements'",
    "pg_stat_statements.max": "10000",
}


# --- the cluster ------------------------------------------------------------------------


class Cluster:
    """A PostgreSQL cluster in `base` (kept there with --reuse), started on a free port."""

    def __init__(self, base: Path) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise SystemExit("PostgreSQL binaries not found (apt-get install postgresql); "
                             "or give --database-url")
        self.bindir, self.user, self.base = bindir, _cluster_user(), base
        self.data, self.log = base / "data", base / "postgres.log"
        self.port = 0

    def _run(self, tool: str, *args: str) -> None:
        _run_tool(self.bindir, self.user, self.base, tool, *args)

    @property
    def admin_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> Cluster:
        self.base.mkdir(parents=True, exist_ok=True)
        if self.user is not None:
            os.chown(self.base, self.user.uid, self.user.gid)
        if not (self.data / "PG_VERSION").exists():
            shutil.rmtree(self.data, ignore_errors=True)
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                      "--encoding=UTF8", "--locale=C", "--no-sync")  # fmt: skip
            with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
                conf.write("\n# talentgate bench/postgraphile.py\n")
                conf.writelines(f"{key} = {value}\n" for key, value in CLUSTER_SETTINGS.items())
        elif (self.data / "postmaster.pid").exists():  # left running by a killed run
            with contextlib.suppress(RuntimeError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.port = free_port()
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "120",
                  "-o", f"-p {self.port}", "start")  # fmt: skip
        return self

    def stop(self, remove: bool) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        if remove:
            shutil.rmtree(self.base, ignore_errors=True)


# --- the data ---------------------------------------------------------------------------

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"
            "程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
         "玉兰萍建国志红鹏飞晨宇浩然子涵欣怡博文思远嘉琪梓轩雨泽")
EDUCATION = ["本科", "硕士研究生", "博士研究生", "大专"]

RESTORE_INDEXES = """
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexdef FROM bench.dropped_index LOOP
    EXECUTE replace(r.indexdef, 'CREATE INDEX', 'CREATE INDEX IF NOT EXISTS');
  END LOOP;
END $$;
"""
# Step by step, so the time each takes can be printed. `:n` is the number of talents.
GENERATE: list[tuple[str, str]] = [
    ("helpers", """
CREATE SCHEMA bench;
CREATE FUNCTION bench.check_digit(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT substr('10X98765432', (:weighted) % 11 + 1, 1)
$$;
CREATE TABLE bench.county AS
SELECT (row_number() OVER (ORDER BY j.code) - 1)::int AS k, j.code, j.parent_id AS city,
  (SELECT min(w.id) FROM service_window w WHERE w.jurisdiction_id = j.code) AS window_id,
  (SELECT array_agg(e.id ORDER BY e.id) FROM employer e WHERE e.jurisdiction_id = j.code) AS employers,
  (SELECT array_agg(c.id ORDER BY c.id) FROM talent_category c WHERE c.jurisdiction_id = j.parent_id)
    AS categories,
  p.id AS programme_id, p.number_prefix AS prefix,
  (SELECT array_agg(t.id ORDER BY t.rank) FROM card_tier t WHERE t.programme_id = p.id) AS tiers,
  (SELECT array_agg(t.code ORDER BY t.rank) FROM card_tier t WHERE t.programme_id = p.id) AS tier_codes,
  (SELECT count(*) FROM service_item_department d JOIN department dd ON dd.id = d.department_id
    WHERE dd.jurisdiction_id IN (j.code, j.parent_id))::int AS pairs
FROM jurisdiction j JOIN card_programme p ON p.jurisdiction_id = j.parent_id
WHERE j.level = 'COUNTY'
  AND p.id = (SELECT min(q.id) FROM card_programme q WHERE q.jurisdiction_id = j.parent_id);
-- (item, department) pairs a county's requests go to: its own departments and its city's
CREATE TABLE bench.pair AS
SELECT c.code AS county,
       (row_number() OVER (PARTITION BY c.code ORDER BY d.item_id, d.department_id) - 1)::int AS n,
       d.item_id, d.department_id
FROM bench.county c JOIN department dd ON dd.jurisdiction_id IN (c.code, c.city)
JOIN service_item_department d ON d.department_id = dd.id;
CREATE UNIQUE INDEX ON bench.pair (county, n);
CREATE TABLE bench.handler AS
SELECT department_id, min(id) AS user_id FROM app_user WHERE department_id IS NOT NULL GROUP BY 1;
CREATE TABLE bench.generated (talents int, demo_talents int, first_talent int, last_talent int,
                              done boolean DEFAULT false, at timestamptz DEFAULT now());
INSERT INTO bench.generated (talents, demo_talents) SELECT :n, (SELECT coalesce(max(id), 0) FROM talent);
-- bulk loading: secondary indexes are built again at the end, foreign keys not checked row by row
CREATE TABLE bench.dropped_index AS
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = 'public'
  AND i.tablename IN ('talent', 'card', 'service_request', 'handoff', 'evaluation')
  AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conname = i.indexname);
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexname FROM bench.dropped_index LOOP
    EXECUTE format('DROP INDEX %I', r.indexname);
  END LOOP;
END $$;
"""),
    ("talents", """
SELECT setseed(0.15);
INSERT INTO talent (name, gender, id_kind, id_number, nationality, birth_date, phone, education,
                    employer_id, jurisdiction_id, category_id, introduced_on, status, custom_fields,
                    created_at, updated_at)
SELECT substr(:surnames, 1 + (random() * 49)::int % char_length(:surnames), 1)
       || substr(:given, 1 + (random() * 999)::int % char_length(:given), 1)
       || CASE WHEN random() < 0.6
               THEN substr(:given, 1 + (random() * 999)::int % char_length(:given), 1) ELSE '' END,
       CASE WHEN male THEN 'MALE' ELSE 'FEMALE' END, 'RESIDENT_ID',
       first17 || bench.check_digit(first17), 'CHN', birth,
       '1' || (3 + g % 7)::text || lpad((g::bigint * 7919 % 1000000000)::text, 9, '0'),
       (:education::text[])[1 + g % 4],
       CASE WHEN random() < 0.8 THEN employers[1 + (random() * 1000)::int % cardinality(employers)] END,
       code,
       CASE WHEN random() < 0.35 THEN categories[1 + (random() * 1000)::int % cardinality(categories)] END,
       date '2015-01-01' + (g % 3900), 'ACTIVE', '{}', now() - (g % 3650) * interval '1 day', now()
FROM (
  SELECT g, c.*, birth, male,
         c.code || to_char(birth, 'YYYYMMDD')
         || lpad(((g / 4 / 10000) * 2 + male::int)::text, 3, '0') AS first17
  FROM generate_series(0, :n - 1) g
  JOIN bench.county c ON c.k = g % 4
  CROSS JOIN LATERAL (SELECT date '1965-01-01' + (g / 4 % 10000) AS birth, (g * 2654435761) % 7 < 4 AS male) b
) s
ON CONFLICT (id_number) DO NOTHING;
UPDATE bench.generated SET first_talent = (SELECT min(id) FROM talent WHERE id > demo_talents),
                           last_talent = (SELECT max(id) FROM talent);
"""),
    ("cards", """
SELECT setseed(0.25);
-- about 66 % of the talents hold one active card; every 17th of those an older one too
INSERT INTO card (number, issued_on, expires_on, status, created_at, status_changed_at, holder_id,
                  jurisdiction_id, programme_id, tier_id)
SELECT c.prefix || '-' || c.tier_codes[x.tier] || '-' || extract(year FROM x.issued)::text || '-'
       || lpad(t.id::text, 7, '0'),
       x.issued, x.issued + interval '5 years', 'ACTIVE', x.issued, NULL, t.id, t.jurisdiction_id,
       c.programme_id, c.tiers[x.tier]
FROM talent t JOIN bench.county c ON c.code = t.jurisdiction_id
CROSS JOIN LATERAL (SELECT 1 + (t.id * 31) % cardinality(c.tiers) AS tier,
                           date '2024-01-01' + (t.id % 700) AS issued) x
WHERE t.id >= (SELECT first_talent FROM bench.generated) AND (t.id * 2654435761) % 100 < 66;
INSERT INTO card (number, issued_on, expires_on, status, created_at, status_changed_at, holder_id,
                  jurisdiction_id, programme_id, tier_id)
SELECT c.prefix || '-' || c.tier_codes[cardinality(c.tiers)] || '-2019-' || lpad(t.id::text, 7, '0'),
       date '2019-03-01' + (t.id % 300), date '2024-03-01' + (t.id % 300),
       CASE WHEN t.id % 2 = 0 THEN 'EXPIRED' ELSE 'SUPERSEDED' END, date '2019-03-01' + (t.id % 300),
       date '2024-03-01' + (t.id % 300), t.id, t.jurisdiction_id, c.programme_id,
       c.tiers[cardinality(c.tiers)]
FROM talent t JOIN bench.county c ON c.code = t.jurisdiction_id
WHERE t.id >= (SELECT first_talent FROM bench.generated) AND (t.id * 2654435761) % 100 < 66
  AND t.id % 17 = 0;
"""),
    ("service requests", """
SELECT setseed(0.35);
INSERT INTO service_request (number, employer_id, channel, status, received_at, due_on, completed_at,
                             updated_at, jurisdiction_id, talent_id, window_id, completed_on, on_time,
                             workdays_taken, custom_fields)
SELECT 'BP' || lpad(g::text, 10, '0'), t.employer_id,
       CASE WHEN g % 10 < 7 THEN 'WINDOW' WHEN g % 10 < 9 THEN 'ONLINE' ELSE 'UNIT' END,
       CASE WHEN done THEN 'COMPLETED' ELSE 'IN_PROGRESS' END, received, due,
       CASE WHEN done THEN completed_on + time '16:00' END, received, t.jurisdiction_id, t.id,
       CASE WHEN g % 10 < 7 THEN c.window_id END,
       CASE WHEN done THEN completed_on END, CASE WHEN done THEN completed_on <= due END,
       CASE WHEN done THEN took END, '{}'
FROM (
  SELECT g, received, (received AT TIME ZONE 'Asia/Shanghai')::date + (lim * 7 / 5) AS due,
         (received AT TIME ZONE 'Asia/Shanghai')::date + (took * 7 / 5) AS completed_on, took,
         (received AT TIME ZONE 'Asia/Shanghai')::date + (took * 7 / 5) < current_date
           AND random() > 0.03 AS done,
         f.first_talent + (random() * (f.last_talent - f.first_talent))::int AS talent_id
  FROM generate_series(1, :requests) g
  CROSS JOIN bench.generated f
  CROSS JOIN LATERAL (SELECT now() - random() * interval '365 days' AS received,
                             (ARRAY[5, 10, 15, 20])[1 + g % 4] AS lim,
                             (ARRAY[1, 2, 3, 5, 8, 12, 15, 18, 25])[1 + (g * 7) % 9] AS took) x
) s
JOIN talent t ON t.id = s.talent_id JOIN bench.county c ON c.code = t.jurisdiction_id;
"""),
    ("handoffs", """
-- one handoff per request, a second for about 21 %
INSERT INTO handoff (request_id, item_id, department_id, jurisdiction_id, talent_id, employer_id,
                     is_lead, status, due_on, outcome, delivery_attempts, created_at, delivered_at,
                     accepted_at, completed_at, updated_at, handler_id, completed_on, on_time,
                     workdays_taken, extension_count)
SELECT r.id, p.item_id, p.department_id, r.jurisdiction_id, r.talent_id, r.employer_id, s.part = 0,
       CASE WHEN r.completed_on IS NOT NULL THEN 'DONE' ELSE 'ACCEPTED' END, r.due_on,
       CASE WHEN r.completed_on IS NOT NULL THEN 'APPROVED' END, 1,
       r.received_at + s.part * interval '1 second', r.received_at + interval '1 minute',
       r.received_at + interval '2 hours', r.completed_at, r.updated_at, h.user_id,
       r.completed_on, r.on_time, r.workdays_taken, (r.id % 20 = 0)::int
FROM service_request r JOIN bench.county c ON c.code = r.jurisdiction_id
CROSS JOIN LATERAL generate_series(0, CASE WHEN (r.id::bigint * 7919) % 100 < 21 THEN 1 ELSE 0 END) AS s(part)
JOIN bench.pair p ON p.county = r.jurisdiction_id AND p.n = (r.id::bigint * 31 + s.part * 7) % c.pairs
LEFT JOIN bench.handler h ON h.department_id = p.department_id
WHERE r.number LIKE 'BP%';
"""),
    ("ratings", """
INSERT INTO evaluation (request_id, score, created_at)
SELECT id, (ARRAY[5, 5, 5, 4, 4, 3, 2, 1])[1 + id % 8], completed_at
FROM service_request WHERE number LIKE 'BP%' AND completed_on IS NOT NULL AND id % 5 < 2;
"""),
    ("indexes", RESTORE_INDEXES),
    ("vacuum analyze", "VACUUM (ANALYZE)"),
]


UNDO = RESTORE_INDEXES + """
DELETE FROM evaluation WHERE request_id IN (SELECT id FROM service_request WHERE number LIKE 'BP%');
DELETE FROM handoff WHERE request_id IN (SELECT id FROM service_request WHERE number LIKE 'BP%');
DELETE FROM service_request WHERE number LIKE 'BP%';
DELETE FROM card WHERE holder_id > (SELECT demo_talents FROM bench.generated);
DELETE FROM talent WHERE id > (SELECT demo_talents FROM bench.generated);
DROP SCHEMA bench CASCADE;
"""


def sql_literal(value: Any) -> str:
    if isinstance(value, int) or (isinstance(value, str) and value.startswith("substr(")):
        return str(value)
    if isinstance(value, list):
        return "ARRAY[" + ",".join(sql_literal(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


def rebuild_rollups(url: str) -> None:
    """The rows went in behind the flow's back: `talentgate rollups rebuild` recomputes the
    supervision rollups from them (when this version of talentgate keeps rollups)."""
    step = time.perf_counter()
    env = {**os.environ, **throwaway_keys(), "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-m", "gateway.cli", "rollups", "rebuild"], env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode == 0:
        print(f"  {'supervision rollups':<23} {time.perf_counter() - step:6.1f} s")
    elif "invalid choice" not in done.stderr:
        raise SystemExit(f"talentgate rollups rebuild failed:\n{done.stdout}{done.stderr}")


async def generate(url: str, talents: int) -> None:
    """Migrations, the demo, then the bulk in SQL (unless `bench.generated` says it is done)."""
    from tortoise import Tortoise

    from gateway.demo import seed_demo
    from schema.db import apply_migrations, tortoise_config

    start = time.perf_counter()
    await apply_migrations(url)  # every run: a reused database gets migrations added since
    conn = await asyncpg.connect(url)
    try:
        if await conn.fetchval("SELECT to_regclass('bench.generated') IS NOT NULL"):
            if await conn.fetchval("SELECT bool_or(done) FROM bench.generated"):
                talents = await conn.fetchval("SELECT count(*) FROM talent")
                print(f"reusing the generated database ({talents:,} talents)")
                return
            print("removing an unfinished generation")
            await conn.execute(UNDO)
    finally:
        await conn.close()
    await Tortoise.init(config=tortoise_config(url))
    await seed_demo()
    await Tortoise.close_connections()
    print(f"  migrations + demo seed {time.perf_counter() - start:6.1f} s")
    weighted = " + ".join(f"substr(s, {i + 1}, 1)::int * {w}"
                          for i, w in enumerate((7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)))
    values = {"n": talents, "requests": talents * 6 // 10, "surnames": SURNAMES, "given": GIVEN,
              "education": EDUCATION, "weighted": weighted}  # fmt: skip
    conn = await asyncpg.connect(url)
    try:
        with contextlib.suppress(asyncpg.PostgresError):  # a superuser: no row-by-row foreign key checks
            await conn.execute("SET session_replication_role = replica")
        for name, sql in GENERATE:
            step = time.perf_counter()
            for key in sorted(values, key=len, reverse=True):
                sql = sql.replace(f":{key}", sql_literal(values[key]))
            await conn.execute(sql)
            print(f"  {name:<23} {time.perf_counter() - step:6.1f} s")
        await conn.execute("UPDATE bench.generated SET done = true")
        rebuild_rollups(url)
        counts = await conn.fetch("""SELECT 'talent' AS t, count(*) FROM talent UNION ALL
            SELECT 'card', count(*) FROM card
            UNION ALL SELECT 'active card', count(*) FROM card WHERE status = 'ACTIVE'
            UNION ALL SELECT 'service_request', count(*) FROM service_request
            UNION ALL SELECT 'handoff', count(*) FROM handoff
            UNION ALL SELECT 'evaluation', count(*) FROM evaluation""")
        print(f"generated in {time.perf_counter() - start:.0f} s: "
              + ", ".join(f"{r['t']} {r['count']:,}" for r in counts))  # fmt: skip
    finally:
        await conn.close()


# --- the servers ------------------------------------------------------------------------


def postgraphile_bin() -> Path:
    """PostGraphile 4 from npm, installed once into NPM_DIR (outside the repository)."""
    binary = NPM_DIR / "node_modules" / ".bin" / "postgraphile"
    if not binary.exists():
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        if not (NPM_DIR / "package.json").exists():
            (NPM_DIR / "package.json").write_text('{"name": "talentgate-bench", "private": true}\n')
        print(f"installing postgraphile@{POSTGRAPHILE_VERSION} into {NPM_DIR} …")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", f"postgraphile@{POSTGRAPHILE_VERSION}"],
                       cwd=NPM_DIR, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return binary


def wait_for(process: subprocess.Popen, log: Path, ready: Any, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if ready():
                return
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise SystemExit(f"{what} did not start; see {log}:\n{log.read_text(errors='replace')[-3000:]}")


def start_talentgate(url: str, redis_url: str, tmp: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    log = tmp / "talentgate.log"
    env = {**os.environ, **throwaway_keys(), "DATABASE_URL": url, "REDIS_URL": redis_url,
           "TALENTGATE_DATA_DIR": str(tmp)}  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "gateway.cli", "serve", "--port", str(port)],
                               env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)  # fmt: skip
    wait_for(process, log, lambda: httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200,
             "talentgate serve")  # fmt: skip
    return process, port


def start_postgraphile(url: str, tmp: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    log = tmp / "postgraphile.log"
    command = [str(postgraphile_bin()), "-c", url, "--schema", "public", "--host", "127.0.0.1",
               "--port", str(port), "--disable-graphiql", "--simple-collections", "both", "--dynamic-json",
               "--no-setof-functions-contain-nulls", "--disable-query-log"]  # fmt: skip
    env = {**os.environ, "NODE_ENV": "production"}
    process = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    probe = {"query": "{ __typename }"}
    wait_for(process, log,
             lambda: httpx.post(f"http://127.0.0.1:{port}/graphql", json=probe).status_code == 200,
             "postgraphile")  # fmt: skip
    return process, port


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def gql(port: int, query: str, variables: dict | None = None, token: str = "") -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(f"http://127.0.0.1:{port}/graphql",
                          json={"query": query, "variables": variables or {}},
                          headers=headers, timeout=120)  # fmt: skip
    body = response.json()
    if body.get("errors"):
        raise SystemExit(f"port {port}: {body['errors']}\n{query}")
    return body["data"]


LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) {
  token userErrors { message } } }"""


def login(port: int, username: str) -> str:
    from gateway.demo import DEMO_PASSWORD

    data = gql(port, LOGIN, {"u": username, "p": DEMO_PASSWORD})["login"]
    if not data["token"]:
        raise SystemExit(f"login {username}: {data['userErrors']}")
    return data["token"]


# --- PostGraphile's names, found by introspection ---------------------------------------

INTROSPECT = """{ __schema { types { name kind
  fields { name args { name }
    type { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } }"""


def unwrap(t: dict) -> str:
    while t.get("ofType"):
        t = t["ofType"]
    return t["name"]


def camel(column: str) -> str:
    head, *rest = column.split("_")
    return head + "".join(part.title() for part in rest)


class Names:
    """Field names PostGraphile derived from the tables and constraints."""

    def __init__(self, port: int) -> None:
        types = gql(port, INTROSPECT)["__schema"]["types"]
        self.fields = {t["name"]: {f["name"]: f for f in t["fields"] or []} for t in types}
        self.connection_of = {  # connection type → node type
            name: unwrap(fields["nodes"]["type"]) for name, fields in self.fields.items()
            if name.endswith("Connection") and "nodes" in fields
        }  # fmt: skip

    def field(self, on: str, returns: str, column: str = "") -> str:
        """The field of `on` returning `returns` (a node type, or a connection of it) — for
        several, the one named after the foreign key `column`."""
        found = [name for name, f in self.fields[on].items()
                 if unwrap(f["type"]) == returns or self.connection_of.get(unwrap(f["type"])) == returns]
        if len(found) > 1 and column:
            suffix = "By" + camel(column)[0].upper() + camel(column)[1:]
            found = [name for name in found if name.endswith(suffix)]
        if len(found) != 1:
            raise SystemExit(f"PostGraphile: no single field of {on} returning {returns} ({column}): {found}")
        return found[0]

    def root(self, returns: str, arg: str = "") -> str:
        for name, f in self.fields["Query"].items():
            args = [a["name"] for a in f["args"]]
            if arg and unwrap(f["type"]) == returns and args == [arg]:
                return name
            if not arg and self.connection_of.get(unwrap(f["type"])) == returns and "condition" in args:
                return name
        raise SystemExit(f"PostGraphile: no root field for {returns} {arg}")


# --- the questions ----------------------------------------------------------------------

TG_Q1 = """{ handoffs(first: 50, orderBy: [{field: CREATED_AT, direction: DESC}]) { nodes { id
  serviceRequest { number window { jurisdiction { name } } } applicant { name } } } }"""
TG_Q2 = """query($j: String!) {
  talents(first: 50, filter: {jurisdictionCode: {eq: $j}}, orderBy: [{field: NAME}]) {
  nodes { id name employer { name } category { name } activeCard { number } } } }"""
TG_Q3 = """query($n: String!) { cards(first: 1, filter: {number: {eq: $n}}) { nodes { number status
  tier { code name } holder { name } } } }"""
TG_Q4 = """query($f: SupervisionFilter!) { supervisionStats(filter: $f, groupBy: DEPARTMENT) {
  key name received completed onTime late onTimeRate avgWorkdays overdue extensions satisfactionAvg
  complaints } }"""


def postgraphile_queries(n: Names) -> tuple[str, str, str]:
    handoffs, talents = n.root("Handoff"), n.root("Talent")
    request = n.field("Handoff", "ServiceRequest", "request_id")
    window = n.field("ServiceRequest", "ServiceWindow", "window_id")
    county = n.field("ServiceWindow", "Jurisdiction", "jurisdiction_id")
    applicant = n.field("ServiceRequest", "Talent", "talent_id")  # a handoff's talent_id is no key
    q1 = f"""query($d: Int!) {{ {handoffs}(condition: {{departmentId: $d}},
  orderBy: [CREATED_AT_DESC, ID_DESC], first: 50) {{ nodes {{ id
  {request} {{ number {window} {{ {county} {{ name }} }} {applicant} {{ name }} }} }} }} }}"""
    employer = n.field("Talent", "Employer", "employer_id")
    category = n.field("Talent", "TalentCategory", "category_id")
    cards = n.field("Talent", "Card", "holder_id")
    q2 = f"""query($j: String!) {{ {talents}(condition: {{jurisdictionId: $j}}, orderBy: [NAME_ASC, ID_ASC],
  first: 50) {{ nodes {{ id name {employer} {{ name }} {category} {{ name }}
  {cards}(condition: {{status: "ACTIVE"}}, first: 1) {{ nodes {{ number }} }} }} }} }}"""
    by_number = n.root("Card", "number")
    tier = n.field("Card", "CardTier", "tier_id")
    holder = n.field("Card", "Talent", "holder_id")
    q3 = f"""query($n: String!) {{ {by_number}(number: $n) {{ number status {tier} {{ code name }}
  {holder} {{ name }} }} }}"""
    return q1, q2, q3


def leaves(value: Any) -> list:
    """Every non-null scalar of a result except ids, in order: the rows both servers
    answered (a missing active card is null on one side, an empty list on the other)."""
    if isinstance(value, dict):
        return [x for k, v in value.items() if k != "id" for x in leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in leaves(v)]
    return [] if value is None else [value]


# --- the clients (a process of their own) -------------------------------------------------


def http_request(port: int, body: dict, token: str) -> bytes:
    payload = json.dumps(body, separators=(",", ":")).encode()
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    return (f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Accept: application/json\r\n{auth}Content-Length: {len(payload)}\r\n\r\n").encode() + payload


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length, chunked = 0, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if not chunked:
        return int(head[9:12]), await reader.readexactly(length)
    body = b""
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            return int(head[9:12]), body
        body += chunk[:-2]


async def drive_clients(port: int, requests: list[bytes], clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors, total, sample = 0, 0, ""
    start = time.perf_counter()
    measure_from, until = start + WARM_UP_SECONDS, start + WARM_UP_SECONDS + seconds
    rng = random.Random(5)

    async def client() -> None:
        nonlocal errors, total, sample
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while (now := time.perf_counter()) < until:
                status, body = await exchange(reader, writer, rng.choice(requests))
                total += 1
                if now >= measure_from:
                    latencies.append(time.perf_counter() - now)
                    if status != 200 or b'"errors"' in body[:20000]:
                        errors += 1
                        sample = sample or body[:300].decode(errors="replace")
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    ms = statistics.quantiles([x * 1000 for x in latencies], n=100) if len(latencies) > 1 else [0.0] * 99
    return {"rate": len(latencies) / seconds, "p50": ms[49], "p95": ms[94], "errors": errors,
            "total": total, "count": len(latencies), "sample": sample}  # fmt: skip


def load_process(port: int, requests: list[bytes], clients: int, seconds: float) -> dict[str, Any]:
    """Runs in the client process (multiprocessing, spawn)."""
    return asyncio.run(drive_clients(port, requests, clients, seconds))


# --- statements per request (pg_stat_statements) -----------------------------------------

STATEMENTS = r"""SELECT query, calls, mean_exec_time FROM bench.pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND query !~* 'pg_stat_statements' ORDER BY total_exec_time DESC"""
UTILITY = ("begin", "commit", "rollback", "set ", "reset ", "show ", "discard", "savepoint", "release")


async def _sql(url: str, query: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetch(query)
    finally:
        await conn.close()


def sql(url: str, query: str) -> list[asyncpg.Record]:
    return asyncio.run(_sql(url, query))


def statements_enabled(url: str) -> bool:
    try:
        sql(url, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA bench")
        sql(url, "SELECT bench.pg_stat_statements_reset()")
    except asyncpg.PostgresError as error:
        print(f"pg_stat_statements unavailable ({error}); no statement counts")
        return False
    return True


def statement_counts(url: str) -> tuple[int, int, list[tuple[int, float, str]]]:
    """(all statements, without BEGIN/COMMIT/SET…, the costliest ones: calls, mean ms, text)
    since the last reset."""
    rows = [(r["calls"], r["mean_exec_time"], " ".join(r["query"].split())) for r in sql(url, STATEMENTS)]
    real = [row for row in rows if not row[2].lower().startswith(UTILITY)]
    return sum(row[0] for row in rows), sum(row[0] for row in real), real[:6]


# --- the run ----------------------------------------------------------------------------


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(args: argparse.Namespace, url: str, redis_url: str, tmp: Path) -> None:
    from schema.clock import china_today

    counting = statements_enabled(url)
    tg, tg_port = start_talentgate(url, redis_url, tmp)
    pg, pg_port = start_postgraphile(url, tmp)
    servers = {"talentgate": (tg, tg_port), "PostGraphile": (pg, pg_port)}
    pool = multiprocessing.get_context("spawn").Pool(1)
    try:
        handler = "SELECT department_id FROM app_user WHERE username = 'sjz_police_handler'"
        department = sql(url, handler)[0][0]
        numbers = [r[0] for r in sql(url, """SELECT number FROM card WHERE status = 'ACTIVE'
            AND jurisdiction_id IN ('130102', '130123') AND number NOT LIKE '%-______' ORDER BY id""")]
        numbers = random.Random(3).sample(numbers, min(1000, len(numbers)))
        today = china_today()
        year = {"jurisdictionCode": "130100", "from": today.replace(year=today.year - 1).isoformat(),
                "to": today.isoformat()}  # fmt: skip
        tokens = {u: login(tg_port, u) for u in ("sjz_police_handler", "changan_admin", "sjz_admin")}
        # the card verifier when it may list cards, else the city office
        tokens["verifier"] = login(tg_port, "verifier_demo")
        if not gql(tg_port, TG_Q3, {"n": numbers[0]}, tokens["verifier"])["cards"]["nodes"]:
            print("verifier_demo sees no card through `cards`: Q3 asks as sjz_admin")
            tokens["verifier"] = tokens["sjz_admin"]
        start = time.perf_counter()
        pg_q1, pg_q2, pg_q3 = postgraphile_queries(Names(pg_port))
        print(f"PostGraphile introspected in {time.perf_counter() - start:.1f} s; its queries:\n"
              f"{pg_q1}\n{pg_q2}\n{pg_q3}")  # fmt: skip
        questions = {  # name: (talentgate requests, PostGraphile requests)
            "Q1 handler's 50 newest handoffs": (
                [http_request(tg_port, {"query": TG_Q1}, tokens["sjz_police_handler"])],
                [http_request(pg_port, {"query": pg_q1, "variables": {"d": department}}, "")]),
            "Q2 county's first 50 talents": (
                [http_request(tg_port, {"query": TG_Q2, "variables": {"j": "130102"}},
                              tokens["changan_admin"])],
                [http_request(pg_port, {"query": pg_q2, "variables": {"j": "130102"}}, "")]),
            "Q3 card by number": (
                [http_request(tg_port, {"query": TG_Q3, "variables": {"n": n}}, tokens["verifier"])
                 for n in numbers],
                [http_request(pg_port, {"query": pg_q3, "variables": {"n": n}}, "") for n in numbers]),
            "Q4 supervisionStats by dept": (
                [http_request(tg_port, {"query": TG_Q4, "variables": {"f": year}}, tokens["sjz_admin"])], []),
        }  # fmt: skip
        def compare(tg_query: str, tg_vars: dict, token: str, pg_query: str, pg_vars: dict) -> str:
            try:
                ours = leaves(next(iter(gql(tg_port, tg_query, tg_vars, token).values()))["nodes"])
            except SystemExit as error:
                return f"talentgate failed: {str(error)[:200]}"
            theirs = next(iter(gql(pg_port, pg_query, pg_vars).values()))
            theirs = leaves(theirs.get("nodes", [theirs]))
            if ours == theirs:
                return "same"
            pairs = enumerate(zip(ours, theirs, strict=False))
            at = next((i for i, (x, y) in pairs if x != y), min(len(ours), len(theirs)))
            return (f"DIFFERENT from value {at} of {len(ours)}/{len(theirs)}: "
                    f"{ours[at:at + 6]} / {theirs[at:at + 6]}")  # fmt: skip

        same = [
            compare(TG_Q1, {}, tokens["sjz_police_handler"], pg_q1, {"d": department}),
            compare(TG_Q2, {"j": "130102"}, tokens["changan_admin"], pg_q2, {"j": "130102"}),
            *{compare(TG_Q3, {"n": n}, tokens["verifier"], pg_q3, {"n": n}) for n in numbers[:5]},
        ]
        print("same answers on both sides (Q1, Q2, Q3):", same)
        try:
            start = time.perf_counter()
            stats = gql(tg_port, TG_Q4, {"f": year}, tokens["sjz_admin"])["supervisionStats"]
            print(f"Q4 as sjz_admin: {len(stats)} departments, "
                  f"{sum(r['received'] for r in stats):,} handoffs received "
                  f"in {year['from']} … {year['to']} (first call {time.perf_counter() - start:.1f} s)")
        except SystemExit as error:
            print(f"Q4 left out: {str(error)[:300]}")
            del questions["Q4 supervisionStats by dept"]
        print(f"\n{args.seconds:.0f} s per run after {WARM_UP_SECONDS:.0f} s of warm-up; runs alternate "
              "talentgate / PostGraphile, twice")
        results: dict[tuple[str, int, str], list[dict]] = {}
        busiest: dict[str, list[tuple[int, str]]] = {}
        for question, sides in questions.items():
            for clients in args.clients:
                for _round in range(2):
                    for side, requests in zip(servers, sides, strict=True):
                        if not requests:
                            continue
                        process, port = servers[side]
                        load = load_average()
                        if counting:
                            sql(url, "SELECT bench.pg_stat_statements_reset()")
                        cpu = cpu_seconds(process.pid)
                        figures = pool.apply(load_process, (port, requests, clients, args.seconds))
                        cpu = cpu_seconds(process.pid) - cpu
                        figures["cpu"] = cpu / (args.seconds + WARM_UP_SECONDS)
                        figures["cpu_ms"] = cpu * 1000 / max(figures["total"], 1)
                        if counting:
                            every, real, top = statement_counts(url)
                            figures["statements"] = (every / figures["total"], real / figures["total"])
                            per = figures["total"]
                            busiest[f"{question} · {side}"] = [(c / per, ms, q) for c, ms, q in top]
                        results.setdefault((question, clients, side), []).append(figures)
                        print(f"  {question:<32} {clients:>3} clients  {side:<12} "
                              f"{figures['rate']:7.1f} req/s  p50 {figures['p50']:7.1f} ms  "
                              f"p95 {figures['p95']:7.1f} ms  errors {figures['errors']}"
                              f"  server {figures['cpu']:.2f} cores {figures['cpu_ms']:.1f} ms CPU/req"
                              + (f"  statements/req {figures['statements'][0]:.1f}" if counting else "")
                              + f"  (load {load})")  # fmt: skip
                        if figures["sample"]:
                            print("    first error:", figures["sample"])
        report(args, results, busiest, counting)
    finally:
        pool.close()
        pool.terminate()
        for process, _ in servers.values():
            stop(process)


def report(args: argparse.Namespace, results: dict, busiest: dict, counting: bool) -> None:
    def best(side_runs: list[dict]) -> dict:
        return max(side_runs, key=lambda f: f["rate"])

    def cell(f: dict | None) -> str:
        return f"{f['rate']:7.1f} · {f['p95']:7.1f} ms · {f['cpu_ms']:5.1f} ms" if f else f"{'—':>30}"

    print("\nbest of two runs each (req/s · p95 latency · server CPU per request):")
    print(f"{'query':<32} | clients | {'talentgate':^30} | {'PostGraphile':^30} | req/s TG/PG | CPU TG/PG")
    for (question, clients, side), runs in results.items():
        if side != "talentgate":
            continue
        a = best(runs)
        other = results.get((question, clients, "PostGraphile"))
        b = best(other) if other else None
        ratios = f"{a['rate'] / b['rate']:11.2f} | {a['cpu_ms'] / b['cpu_ms']:9.1f}" if b \
            else f"{'—':>11} | {'—':>9}"  # fmt: skip
        print(f"{question:<32} | {clients:>7} | {cell(a)} | {cell(b)} | {ratios}")
    if not counting:
        print("\n(no statement counts: pg_stat_statements is not loaded in that server)")
        return
    print("\nSQL statements per request (pg_stat_statements, warm-up included; "
          "all · without BEGIN/COMMIT/SET):")
    for (question, clients, side), runs in results.items():
        if clients == args.clients[0]:
            every, real = runs[-1]["statements"]
            print(f"  {question:<32} {side:<12} {every:5.1f} · {real:5.1f}")
    print("\ncostliest statements (last run of each): calls per request, mean execution time")
    for key, top in busiest.items():
        print(f"  {key}")
        for per_request, ms, query in top[:4]:
            print(f"    {per_request:5.2f} × {ms:7.2f} ms  {query[:140]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--talents", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="", help="an existing database (generated on first use)")
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=lambda s: [int(c) for c in s.split(",")], default=[1, 10])
    parser.add_argument("--reuse", nargs="?", const="", default=None, metavar="DIR",
                        help=f"keep the cluster in DIR (default {REUSE_ROOT}/<talents>) "
                             "and reuse it")  # fmt: skip
    args = parser.parse_args()
    cluster = None
    url = args.database_url
    if not url:
        if args.reuse is not None:
            base = Path(args.reuse or REUSE_ROOT / str(args.talents)).resolve()
            if Path.cwd().resolve() in (base, *base.parents) or Path(__file__).parent.parent in base.parents:
                raise SystemExit("--reuse wants a directory outside the repository")
        else:
            base = Path(tempfile.mkdtemp(prefix="talentgate-bench-postgraphile-"))
        cluster = Cluster(base).start()
        if not sql(cluster.admin_url, f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"):
            sql(cluster.admin_url, f"CREATE DATABASE {DATABASE}")
        url = cluster.admin_url.rsplit("/", 1)[0] + f"/{DATABASE}"
        print(f"PostgreSQL cluster in {base} (port {cluster.port})")
    try:
        start = time.perf_counter()
        asyncio.run(generate(url, args.talents))
        print(f"database ready in {time.perf_counter() - start:.0f} s")
        with services(url, args.redis_url) as (_, redis_url, tmp):
            run(args, url, redis_url, tmp)
    finally:
        if cluster is not None:
            cluster.stop(remove=args.reuse is None)


if __name__ == "__main__":
    main()
