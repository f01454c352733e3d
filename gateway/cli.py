"""`talentgate` command line: demo, serve, worker, migrate, seed, createuser, audit-verify."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import getpass
import logging
import os
import signal
import sys
from pathlib import Path

import uvicorn
from arq.worker import create_worker
from tortoise import Tortoise

from gateway.db import apply_migrations, tortoise_config
from gateway.settings import Settings, get_settings, use_settings


async def _with_orm(settings: Settings, work) -> object:
    await apply_migrations(settings.effective_database_url)
    await Tortoise.init(config=tortoise_config(settings.effective_database_url))
    try:
        from permissions.bootstrap import ensure_default_policy

        await ensure_default_policy()
        return await work()
    finally:
        await Tortoise.close_connections()


async def _serve(settings: Settings, host: str, port: int, with_worker: bool) -> None:
    """uvicorn and, for the embedded default, the arq worker in the same loop (SQLite
    allows one writer process)."""
    from gateway.app import create_app
    from jobs.worker import WorkerSettings, redis_settings

    app = create_app(settings, migrate=settings.is_sqlite)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info"))
    tasks = [asyncio.create_task(server.serve())]
    worker = None
    if with_worker:
        while not server.started:  # the app's lifespan initialises Tortoise first
            if tasks[0].done():
                break
            await asyncio.sleep(0.05)
        worker = create_worker(WorkerSettings, redis_settings=redis_settings())
        tasks.append(asyncio.create_task(worker.async_run()))
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: setattr(server, "should_exit", True))
    await tasks[0]
    if worker is not None:
        await worker.close()
        tasks[1].cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await tasks[1]


def cmd_demo(args: argparse.Namespace) -> int:
    from gateway.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
    from gateway.embedded_redis import EmbeddedRedis

    data_dir = Path.cwd() / "talentgate-data"
    data_dir.mkdir(exist_ok=True)
    redis = None
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        redis = EmbeddedRedis(data_dir / "redis").start()
        redis_url = redis.url
    settings = dataclasses.replace(
        get_settings(), data_dir=data_dir, redis_url=redis_url, debug=True
    )
    use_settings(settings)
    try:
        fresh = asyncio.run(_with_orm(settings, seed_demo))
        url = f"http://{args.host}:{args.port}/graphql"
        print(f"talentgate demo — {'demo data loaded' if fresh else 'existing data'} in {data_dir}")
        print(f"GraphQL (GraphiQL in a browser): {url}")
        print(f"Sign in with mutation login; every account's password is {DEMO_PASSWORD}:")
        for username, role, scope in DEMO_ACCOUNTS:
            print(f"  {username:<20} {role:<18} {scope}")
        sys.stdout.flush()
        asyncio.run(_serve(settings, args.host, args.port, with_worker=True))
    finally:
        if redis is not None:
            redis.stop()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = get_settings()
    asyncio.run(_serve(settings, args.host, args.port, with_worker=settings.is_sqlite))
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from jobs.worker import WorkerSettings, redis_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    worker = create_worker(WorkerSettings, redis_settings=redis_settings(), handle_signals=True)
    worker.run()
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = get_settings()
    asyncio.run(_with_orm(settings, lambda: asyncio.sleep(0)))
    print(f"migrations applied to {settings.effective_database_url.split('@')[-1]}")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from gateway.demo import seed_demo

    fresh = asyncio.run(_with_orm(get_settings(), seed_demo))
    print("demo data loaded" if fresh else "demo data already present; nothing done")
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    from gateway.auth.passwords import hash_password
    from permissions.grants import InvalidGrant, add_grant, user_subject, validate_grant
    from schema.models import User

    password = os.environ.get("TALENTGATE_PASSWORD") or getpass.getpass("password: ")
    if len(password) < 8:
        print("password must have at least 8 characters", file=sys.stderr)
        return 2
    try:
        validate_grant(args.role, args.scope)
    except InvalidGrant as exc:
        print(exc, file=sys.stderr)
        return 2

    async def create() -> bool:
        from tortoise.transactions import in_transaction

        async with in_transaction():
            if await User.filter(username=args.username).exists():
                return False
            await User.create(username=args.username, password_hash=hash_password(password))
            await add_grant(user_subject(args.username), args.role, args.scope)
            return True

    if not asyncio.run(_with_orm(get_settings(), create)):
        print(f"user {args.username} exists", file=sys.stderr)
        return 1
    print(f"created {args.username} as {args.role} on {args.scope}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Read-only unless --seal: no migrations, no policy bootstrap."""
    from permissions.audit_chain import ChainReport, seal_pending, verify_chain

    async def verify() -> ChainReport:
        await Tortoise.init(config=tortoise_config(get_settings().effective_database_url))
        try:
            if args.seal:
                await seal_pending()
            return await verify_chain()
        finally:
            await Tortoise.close_connections()

    report = asyncio.run(verify())
    print(report.summary(), file=sys.stdout if report.intact else sys.stderr)
    return 0 if report.intact else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="talentgate", description="Talent service gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, text in (
        ("demo", cmd_demo, "run the demo on ./talentgate-data (SQLite + embedded Redis)"),
        ("serve", cmd_serve, "serve the gateway (DATABASE_URL, REDIS_URL)"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        p.set_defaults(func=func)
    sub.add_parser("worker", help="run an arq worker").set_defaults(func=cmd_worker)
    sub.add_parser("migrate", help="apply migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("seed", help="load the demo data once").set_defaults(func=cmd_seed)
    p = sub.add_parser("createuser", help="create a user with one role grant")
    p.add_argument("username")
    p.add_argument("--role", required=True)
    p.add_argument("--scope", required=True, help="e.g. jur:130102, dept:3")
    p.set_defaults(func=cmd_createuser)
    p = sub.add_parser(
        "audit-verify", help="verify the audit trail's hash chain (exit 1 names the first broken entry)"
    )
    p.add_argument("--seal", action="store_true", help="first seal committed entries the worker has not")
    p.set_defaults(func=cmd_audit_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
