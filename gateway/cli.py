"""`talentgate` command line: demo, serve, worker, migrate, keygen, seed, createuser, audit-verify."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import errno
import gc
import getpass
import importlib.util
import logging
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn
from tortoise import Tortoise

from gateway.db import with_orm
from gateway.observability.jobs import observed_settings
from gateway.observability.logs import configure_logging
from resolvers.core.settings import Settings, get_settings, parse_jwt_keys, use_settings
from schema.db import tortoise_config

if TYPE_CHECKING:
    from gateway.embedded_redis import EmbeddedRedis


def event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's where it is installed, else None (asyncio's own loop). uvicorn's
    `loop="uvloop"` does nothing for us: `_serve` runs uvicorn inside a loop of ours (to
    run the worker beside it), so that loop must be uvloop from the start."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def http_parser() -> str:
    """uvicorn's HTTP implementation: httptools where it is installed, else h11."""
    return "httptools" if importlib.util.find_spec("httptools") is not None else "h11"


def settle_gc() -> None:
    """Once start-up has built the schema, the ORM's models and the policy: move what lives
    on into the permanent generation (`gc.freeze`), out of every later collection, and
    collect the young generation less often. Otherwise a full collection walks those
    objects every ~17 requests (~57 ms each: the p95 tail). Request garbage is mostly
    acyclic and freed by reference counting; what is cyclic waits for 50,000 allocations
    instead of 700."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def listen(host: str, port: int) -> socket.socket | None:
    """The server's socket, bound before anything else happens; None (and one line on
    stderr) when the port is taken or the address cannot be had."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
    try:
        sock.bind((host, port))
        sock.listen(2048)  # uvicorn's backlog; a port another socket listens on fails here
    except OSError as exc:
        sock.close()
        busy = exc.errno == errno.EADDRINUSE
        hint = " (another process is listening there: stop it or choose --port)" if busy else ""
        print(f"talentgate: cannot listen on {host}:{port}: {exc.strerror or exc}{hint}", file=sys.stderr)
        return None
    return sock


def run_server(settings: Settings, sock: socket.socket, with_worker: bool,
               redis: EmbeddedRedis | None = None) -> None:  # fmt: skip
    with asyncio.Runner(loop_factory=event_loop_factory()) as runner:
        runner.run(_serve(settings, sock, with_worker, redis))


def start_logging(settings: Settings, default: str) -> None:
    """Every log of the process to standard output: LOG_FORMAT, else `default` (text for the
    demo, json for `serve` and `worker`)."""
    configure_logging(settings.log_format or default)


async def _serve(settings: Settings, sock: socket.socket, with_worker: bool,
                 redis: EmbeddedRedis | None = None) -> None:  # fmt: skip
    """uvicorn and, for the embedded default, the arq worker in the same loop (SQLite
    allows one writer process); the worker is restarted when Redis or the database goes
    away, and the demo's embedded Redis (`redis`) when it dies."""
    from gateway.app import create_app
    from jobs.worker import WorkerSettings, keep_working

    app = create_app(settings, migrate=settings.is_sqlite)
    # X-Forwarded-For is believed only from the configured proxies (none by default).
    http = http_parser()
    # log_config=None: uvicorn's loggers write through ours (start_logging); its access log
    # is replaced by the request lines of gateway/observability/requests.py.
    # On SIGTERM uvicorn stops listening, closes idle connections and waits for the requests
    # in flight, at most drain_seconds.
    config = uvicorn.Config(app, log_level="info", http=http, access_log=False, log_config=None,
                            timeout_graceful_shutdown=max(1, round(settings.drain_seconds)),
                            proxy_headers=bool(settings.trusted_proxies),
                            forwarded_allow_ips=list(settings.trusted_proxies))  # fmt: skip
    server = uvicorn.Server(config)
    loop = asyncio.get_running_loop()
    kind = "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"
    logging.getLogger("uvicorn.error").info("event loop: %s, http: %s", kind, http)
    host, port = sock.getsockname()[:2]
    logging.getLogger("uvicorn.error").info("serving at http://%s:%d", host, port)
    stop = asyncio.Event()
    helpers: list[asyncio.Task[None]] = []
    closing: set[asyncio.Task[None]] = set()

    async def close_in_order() -> None:
        stop.set()  # the worker and the Redis supervisor end first, while the ORM is up
        await asyncio.gather(*helpers, return_exceptions=True)
        server.should_exit = True

    def shut_down() -> None:
        task = asyncio.ensure_future(close_in_order())
        closing.add(task)
        task.add_done_callback(closing.discard)

    def handle_signals() -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, shut_down)

    # uvicorn takes the signals while it starts and gives them back (raised again) when it
    # stops; from the moment it has started they are ours, so the worker stops first.
    handle_signals()
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # the app's lifespan initialises Tortoise first
        if serving.done():
            break
        await asyncio.sleep(0.05)
    settle_gc()  # the app, its schema and the ORM are built: before the first request
    if not serving.done():
        if redis is not None:
            helpers.append(asyncio.create_task(supervise_redis(redis, stop)))
        if with_worker:
            helpers.append(asyncio.create_task(
                keep_working(stop, settings.redis_url, options=observed_settings(WorkerSettings))))
    handle_signals()
    try:
        await serving
    finally:
        stop.set()
        await asyncio.gather(*helpers, return_exceptions=True)


REDIS_RESTART_FIRST_SECONDS = 0.5
REDIS_RESTART_MAX_SECONDS = 10.0


async def supervise_redis(redis: EmbeddedRedis, stop: asyncio.Event) -> None:
    """Restart the demo's embedded Redis on its port whenever it exits (0.5 s, then twice
    as long after each failed start up to 10 s), saying so in the log."""
    from gateway.embedded_redis import EmbeddedRedisError

    log = logging.getLogger("talentgate.demo")
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)
        if stop.is_set() or redis.running:
            continue
        code = redis.process.returncode if redis.process is not None else None
        log.warning("embedded Redis on port %d exited (code %s); restarting it", redis.port, code)
        delay = REDIS_RESTART_FIRST_SECONDS
        while not stop.is_set():
            try:
                await asyncio.to_thread(redis.start)
            except EmbeddedRedisError as exc:
                first = str(exc).splitlines()[0]
                log.warning("embedded Redis did not start (%s); trying again in %g s", first, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                delay = min(delay * 2, REDIS_RESTART_MAX_SECONDS)
            else:
                log.warning("embedded Redis restarted on port %d (pid %s)", redis.port, redis.pid)
                break


def cmd_demo(args: argparse.Namespace) -> int:
    if args.province:
        from gateway import province_demo

        # Every node's port is free, or one line and exit 1 before anything is made.
        for port in province_demo.ports_of(args.port).values():
            if (sock := listen(args.host, port)) is None:
                return 1
            sock.close()
        return province_demo.run(args.host, args.port)
    from gateway.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
    from gateway.embedded_redis import EmbeddedRedis

    if (sock := listen(args.host, args.port)) is None:
        return 1
    data_dir = Path.cwd() / "talentgate-data"
    data_dir.mkdir(exist_ok=True)
    redis = None
    configured = get_settings()
    redis_url = configured.redis_url
    if not redis_url:
        redis = EmbeddedRedis(data_dir / "redis").start()
        redis_url = redis.url
    kept_jwt = "JWT_KEYS" in configured.configured_keys
    settings = dataclasses.replace(
        configured, data_dir=data_dir, redis_url=redis_url, debug=True,
        jwt_keys=configured.jwt_keys if kept_jwt else demo_jwt_keys(data_dir),
        audit_checkpoint_keys=configured.audit_checkpoint_keys or demo_checkpoint_keys(data_dir),
    )  # fmt: skip
    use_settings(settings)
    start_logging(settings, "text")
    try:
        fresh = asyncio.run(with_orm(settings, seed_demo))
        base = f"http://{args.host}:{args.port}"
        print(f"talentgate demo — {'demo data loaded' if fresh else 'existing data'} in {data_dir}")
        print(f"Console (人才服务工作台): {base}/console/")
        print(f"GraphQL: {base}/graphql (GraphiQL at {base}/graphiql, after signing in)")
        print(f"Every account's password is {DEMO_PASSWORD}:")
        for username, role, scope in DEMO_ACCOUNTS:
            print(f"  {username:<20} {role:<18} {scope}")
        sys.stdout.flush()
        run_server(settings, sock, with_worker=True, redis=redis)
    finally:
        sock.close()
        if redis is not None:
            redis.stop()
    return 0


def demo_jwt_keys(data_dir: Path) -> dict[str, str]:
    """The demo's session key, made once and kept in its data folder."""
    from resolvers.core.local_keys import kept_secret, new_jwt_key

    return parse_jwt_keys(kept_secret(data_dir, "jwt.key", new_jwt_key("demo")))


DEMO_CHECKPOINT_KEY_FILE = "audit-checkpoint.key"


def demo_checkpoint_keys(data_dir: Path, *, create: bool = True) -> dict[str, str]:
    """The demo's audit checkpoint key, made once and kept in its data folder (elsewhere the
    key comes from AUDIT_CHECKPOINT_KEY); {} when it is not there and not to be made."""
    import secrets

    from resolvers.core.local_keys import kept_secret
    from resolvers.core.settings import parse_checkpoint_keys

    path = data_dir / DEMO_CHECKPOINT_KEY_FILE
    if not create:
        return parse_checkpoint_keys(path.read_text().strip()) if path.exists() else {}
    made = f"demo:{secrets.token_urlsafe(32)}"
    return parse_checkpoint_keys(kept_secret(data_dir, DEMO_CHECKPOINT_KEY_FILE, made))


def keys_refused() -> int | None:
    """`serve` and `worker` sign with the deployment's keys, never with made-up ones."""
    from resolvers.core.local_keys import REQUIRED_KEYS, missing_keys

    missing = missing_keys(get_settings())
    for name in missing:
        print(f"talentgate: {name} is not set; it is {REQUIRED_KEYS[name]}. Make keys with "
              f"`talentgate keygen`, put them in the environment of every server and worker "
              f"of the deployment, and start again.", file=sys.stderr)  # fmt: skip
    return 2 if missing else None


def cmd_keygen(args: argparse.Namespace) -> int:
    from resolvers.core.local_keys import key_id, new_card_key, new_jwt_key, new_secret_key

    kid = key_id()
    print(f"JWT_KEYS={new_jwt_key(kid)}")
    print(f"CARD_SIGNING_KEYS={new_card_key(kid)}")
    print(f"AUDIT_CHECKPOINT_KEY={new_secret_key(kid)}")
    print("# Keep these secret and identical on every host. To rotate, put a new key first "
          "and keep the old one after it (comma-separated) until its tokens have expired.",
          file=sys.stderr)  # fmt: skip
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if (refused := keys_refused()) is not None:
        return refused
    if (sock := listen(args.host, args.port)) is None:
        return 1
    settings = get_settings()
    start_logging(settings, "json")
    if not settings.redis_url:
        print("talentgate: REDIS_URL is not set, so this server queues nothing and runs no "
              "worker: handoffs, notifications, imports and scheduled jobs wait in the database "
              "until a `talentgate worker` with REDIS_URL picks them up.", file=sys.stderr)  # fmt: skip
    try:
        # SQLite allows one writing process: its worker runs in this one.
        run_server(settings, sock, with_worker=settings.is_sqlite and bool(settings.redis_url))
    finally:
        sock.close()
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from jobs.worker import WorkerSettings, keep_working

    if (refused := keys_refused()) is not None:
        return refused
    if not get_settings().redis_url:
        print("talentgate: REDIS_URL is not set; a worker takes its jobs from Redis.", file=sys.stderr)
        return 2
    start_logging(get_settings(), "json")

    async def work() -> None:
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set)
        # through Redis and database outages, until a signal
        await keep_working(stop, options=observed_settings(WorkerSettings))

    asyncio.run(work())
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = get_settings()
    asyncio.run(with_orm(settings, lambda: asyncio.sleep(0)))
    print(f"migrations applied to {settings.effective_database_url.split('@')[-1]}")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from gateway.demo import seed_demo

    fresh = asyncio.run(with_orm(get_settings(), seed_demo))
    print("demo data loaded" if fresh else "demo data already present; nothing done")
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    from permissions.delegation import place_of
    from permissions.grants import InvalidGrant, add_grant, user_subject, validate_grant
    from resolvers.accounts.passwords import hash_password, password_problem
    from schema.models import User

    password = get_settings().createuser_password or getpass.getpass("password: ")
    problem = password_problem(password, args.username)
    if problem is not None:
        print(f"password: {problem[1]}", file=sys.stderr)
        return 2
    try:
        validate_grant(args.role, args.scope)
    except InvalidGrant as exc:
        print(exc.en or exc, file=sys.stderr)  # the command line speaks English
        return 2

    async def create() -> bool:
        from tortoise.transactions import in_transaction

        async with in_transaction():
            if await User.filter(username=args.username).exists():
                return False
            # The account belongs where its grant lies, so the office over that place manages it.
            jurisdiction, department = await place_of([(args.role, args.scope)])
            await User.create(username=args.username, password_hash=hash_password(password),
                              jurisdiction_id=jurisdiction, department_id=department)  # fmt: skip
            await add_grant(user_subject(args.username), args.role, args.scope)
            return True

    if not asyncio.run(with_orm(get_settings(), create)):
        print(f"user {args.username} exists", file=sys.stderr)
        return 1
    print(f"created {args.username} as {args.role} on {args.scope}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Read-only unless --seal: no migrations, no policy bootstrap. Exit 1 when the chain is
    broken or does not hold its newest signed checkpoint (cut off or rewritten at the end),
    or a checkpoint line is forged; 2 when checkpoints exist but no key to verify them."""
    from jobs.audit import checkpoint_file
    from permissions.audit_chain import ChainReport, seal_pending, verify_chain
    from permissions.audit_checkpoint import FILE_NAME, CheckpointReport, check_checkpoints

    settings = get_settings()
    if not settings.audit_checkpoint_keys:  # the demo's directory: the key it keeps there
        settings = dataclasses.replace(
            settings, audit_checkpoint_keys=demo_checkpoint_keys(settings.data_dir, create=False)
        )
    store = checkpoint_file(settings)
    if store is None:
        path = (settings.audit_checkpoint_dir or settings.data_dir) / FILE_NAME
        if path.exists():
            print(f"talentgate: {path} holds audit checkpoints, but AUDIT_CHECKPOINT_KEY is not set "
                  "to verify them", file=sys.stderr)  # fmt: skip
            return 2

    async def verify() -> tuple[ChainReport, CheckpointReport | None]:
        await Tortoise.init(config=tortoise_config(settings.effective_database_url))
        try:
            if args.seal:
                await seal_pending()
            chain = await verify_chain()
            return chain, (await check_checkpoints(store)) if store is not None else None
        finally:
            await Tortoise.close_connections()

    chain, checkpoints = asyncio.run(verify())
    print(chain.summary(), file=sys.stdout if chain.intact else sys.stderr)
    if checkpoints is None:
        print("no audit checkpoint key: entries cut off the end of the chain would go unnoticed "
              "(set AUDIT_CHECKPOINT_KEY and AUDIT_CHECKPOINT_DIR as the worker has them)",
              file=sys.stderr)  # fmt: skip
    else:
        print(checkpoints.summary(), file=sys.stdout if checkpoints.holds else sys.stderr)
    return 0 if chain.intact and (checkpoints is None or checkpoints.holds) else 1


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
        if name == "demo":
            p.add_argument("--province", action="store_true",
                           help="a Shandong province deployment and two cities (济南, 青岛) on ports "
                           "PORT, PORT+1, PORT+2, syncing (省级平台)")  # fmt: skip
    sub.add_parser("worker", help="run an arq worker").set_defaults(func=cmd_worker)
    sub.add_parser("migrate", help="apply migrations").set_defaults(func=cmd_migrate)
    sub.add_parser(
        "keygen", help="print fresh JWT_KEYS, CARD_SIGNING_KEYS and AUDIT_CHECKPOINT_KEY values"
    ).set_defaults(func=cmd_keygen)
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
    p = sub.add_parser("backup", help="write the whole database to a new file (pg_dump, or SQLite's backup)")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="load a backup into the empty database DATABASE_URL names")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("rollups", help="supervision rollups (督办考核): `rebuild` them from the records")
    p.add_argument("action", choices=["rebuild"])
    p.set_defaults(func=cmd_rollups)
    return parser


def cmd_backup(args: argparse.Namespace) -> int:
    from gateway.backup import backup

    return _backup_step(backup, args.file, "backed up to")


def cmd_restore(args: argparse.Namespace) -> int:
    from gateway.backup import restore

    return _backup_step(restore, args.file, "restored from")


def _backup_step(step: Callable[[str, Path], None], file: Path, done: str) -> int:
    from gateway.backup import BackupError

    try:
        step(get_settings().effective_database_url, file)
    except BackupError as error:
        print(f"talentgate: {error}", file=sys.stderr)
        return 1
    print(f"database {done} {file}")
    return 0


def cmd_rollups(args: argparse.Namespace) -> int:
    """Recompute the daily supervision rollups from the records (idempotent): after a bulk
    load or anything else that wrote requests, handoffs or evaluations behind the flow."""
    from resolvers.deadlines.rollups import rebuild

    rows = asyncio.run(with_orm(get_settings(), rebuild))
    print(f"supervision rollups rebuilt: {rows} rows")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
