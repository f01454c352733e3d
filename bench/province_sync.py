"""The provincial platform's sync: how fast a province gathers a city's feed, and how far
behind it stays under a stream of changes.

    python -m bench.province_sync [--backfill 20000] [--rate 100] [--seconds 20] [--interval 2]

A city deployment (`talentgate serve` on the demo's SQLite data, its own keys) with
`--backfill` more talents of 历下区 written into its database beforehand (its triggers
put them in its change feed). The province is this process: its own SQLite database, the
city registered as a source for 370100, pulled over HTTP by `sync_source` — what the
worker runs every 2 s.

1. Backfill: from cursor zero to caught up; records/s.
2. Stream: `--rate` talents a second written at the city for `--seconds`, the province
   pulling every `--interval` seconds; each talent's lag is the time from its write at
   the city to its row at the province (p50, p95, max), and the source's `lag` figure.

Prints figures with the machine's load average; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from tortoise import Tortoise

from gateway.demo.data import DEMO_PASSWORD
from gateway.embedded_redis import free_port
from gateway.http.health import wait_until_healthy
from resolvers.core.local_keys import throwaway_keys
from resolvers.core.validation import make_resident_id
from resolvers.federation.sync import sync_source
from schema.db import apply_migrations, tortoise_config
from schema.models import Jurisdiction, Source, SourceRecord
from schema.models.enums import JurisdictionLevel

_NOW = "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')"
INSERT = f"""INSERT INTO talent (name, gender, id_kind, id_number, nationality, jurisdiction_id, status,
  custom_fields, created_at, updated_at)
VALUES (?, 'FEMALE', 'RESIDENT_ID', ?, 'CHN', '370102', 'ACTIVE', '{{}}', {_NOW}, {_NOW})"""


class City:
    """The source deployment: its database (written to directly) and its server."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = folder / "city.db"
        self.env = {**os.environ, **throwaway_keys(), "DATABASE_URL": f"sqlite:///{self.db}",
                    "TALENTGATE_DATA_DIR": str(folder), "PROVINCE_KEY": "bench-province"}  # fmt: skip
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.written = 0
        self.process: subprocess.Popen[bytes] | None = None

    def seed(self) -> None:
        subprocess.run([sys.executable, "-m", "gateway.cli", "seed"], env=self.env, check=True,
                       capture_output=True, timeout=600)  # fmt: skip

    def write(self, count: int) -> list[tuple[str, float]]:
        """`count` new talents in one transaction; (ID number, when) of each."""
        numbers = []
        for _ in range(count):
            i = self.written
            self.written += 1
            born = dt.date(1960, 1, 1) + dt.timedelta(days=i // 400)
            numbers.append(make_resident_id("370102", born, 100 + i % 400, False))
        with sqlite3.connect(self.db, timeout=30) as db:
            db.executemany(INSERT, [(f"同步{n[-6:]}", n) for n in numbers])
        now = time.time()
        return [(n, now) for n in numbers]

    def start(self) -> None:
        log = (self.folder / "city.log").open("wb")
        command = [sys.executable, "-m", "gateway.cli", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=log)
        wait_until_healthy(self.base, self.process, self.folder / "city.log")

    def token(self) -> str:
        query = (
            """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"""
        )
        body = httpx.post(f"{self.base}/graphql", json={"query": query, "variables": {
            "u": "shandong_platform", "p": DEMO_PASSWORD}}, timeout=30).json()  # fmt: skip
        return str(body["data"]["login"]["token"])

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)


async def province(folder: Path, city: City) -> int:
    url = f"sqlite:///{folder / 'province.db'}"
    await apply_migrations(url)
    await Tortoise.init(config=tortoise_config(url))
    await Jurisdiction.create(code="370000", name="山东省", level=JurisdictionLevel.PROVINCE)
    await Jurisdiction.create(code="370100", name="济南市", level=JurisdictionLevel.CITY, parent_id="370000")
    source = await Source.create(name="济南市人才服务平台", url=city.base, token=city.token(),
                                 jurisdictions=["370100"], jurisdiction_id="370100")  # fmt: skip
    return source.id


async def backfill(source_id: int, http: httpx.AsyncClient) -> tuple[int, float]:
    started = time.perf_counter()
    while not (await sync_source(source_id, http, pages=1000)).caught_up:
        pass
    return await SourceRecord.all().count(), time.perf_counter() - started


async def stream(city: City, source_id: int, http: httpx.AsyncClient, rate: int, seconds: float,
                 interval: float) -> tuple[list[float], list[float]]:  # fmt: skip
    """Lags (s) of every talent written during the stream, and the source's lag figures."""
    written: dict[str, float] = {}
    stop = threading.Event()

    def writer() -> None:
        tick = 0.1
        while not stop.is_set():
            begun = time.monotonic()
            written.update(city.write(max(1, int(rate * tick))))
            stop.wait(max(0.0, tick - (time.monotonic() - begun)))

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    arrived: dict[str, float] = {}
    figures: list[float] = []
    deadline = time.monotonic() + seconds
    hashes = await _hashes(city)
    while time.monotonic() < deadline or len(arrived) < len(written):
        if time.monotonic() >= deadline:
            stop.set()
        await sync_source(source_id, http, pages=1000)
        now = time.time()
        hashes.update(await _hashes(city, set(written) - set(hashes)))
        stored = set(await SourceRecord.filter(kind="TALENT").values_list("key", flat=True))
        for number, at in written.items():
            if number not in arrived and hashes.get(number) in stored:
                arrived[number] = now - at
        figures.append((await Source.get(id=source_id)).lag_seconds)
        await asyncio.sleep(interval)
        if time.monotonic() > deadline + 120:
            break
    stop.set()
    thread.join()
    return list(arrived.values()), figures


async def _hashes(city: City, numbers: set[str] | None = None) -> dict[str, str]:
    """ID number → idHash, as the city computes it (its PROVINCE_KEY)."""
    from resolvers.core.idhash import id_hash
    from resolvers.core.settings import Settings

    settings = Settings(province_key=city.env["PROVINCE_KEY"])
    return {n: id_hash(settings, n) for n in numbers or ()}


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="talentgate-bench-sync-") as tmp:
        folder = Path(tmp)
        city = City(folder)
        city.seed()
        for _ in range(0, args.backfill, 1000):
            city.write(min(1000, args.backfill - city.written))
        city.start()
        try:
            source_id = await province(folder, city)
            async with httpx.AsyncClient() as http:
                records, took = await backfill(source_id, http)
                print(f"backfill: {records:,} records in {took:.1f} s = {records / took:,.0f} records/s "
                      f"(load {os.getloadavg()[0]:.2f})")  # fmt: skip
                lags, figures = await stream(city, source_id, http, args.rate, args.seconds, args.interval)
            quantiles = statistics.quantiles(lags, n=20) if len(lags) > 1 else [0.0] * 19
            print(f"stream: {len(lags):,} talents at {args.rate}/s for {args.seconds:g} s, pulled every "
                  f"{args.interval:g} s: lag p50 {statistics.median(lags):.2f} s, p95 {quantiles[18]:.2f} s, "
                  f"max {max(lags):.2f} s; source lag figure max {max(figures):.2f} s "
                  f"(load {os.getloadavg()[0]:.2f})")  # fmt: skip
        finally:
            await Tortoise.close_connections()
            city.stop()


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backfill", type=int, default=20_000)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--interval", type=float, default=2.0)
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse()))
