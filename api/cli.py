"""The `vetted` command: run everything, migrate, create the first admin, verify the audit log."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import typer

from core.config import get_settings

if TYPE_CHECKING:
    from api.demo import DemoResult
    from core.embedded import EmbeddedEngines

app = typer.Typer(help="Vetted: licensed recruitment, verified jobs, safe migration.",
                  no_args_is_help=True)


@contextmanager
def _engines() -> Iterator[EmbeddedEngines]:
    """Database and Redis URLs, starting embedded engines for the ones not configured: the
    application's database URL, and the schema owner's for migrations. The outbox this
    process writes is wired to the tasks that relay it."""
    from api import worker
    from core.embedded import ensure_engines

    worker.wire()

    settings = get_settings()
    engines = ensure_engines(database_url=settings.database_url, redis_url=settings.redis_url,
                             data_dir=settings.data_dir,
                             shared_buffers=settings.embedded_pg_shared_buffers,
                             database_owner_url=settings.database_owner_url)
    try:
        yield engines
    finally:
        engines.stop()


def _migrate(engines: EmbeddedEngines) -> None:
    """Migrate as the schema's owner, then make sure the application's role can sign in."""
    from core.migrate import let_application_sign_in, upgrade

    upgrade(engines.database_owner_url)
    done = let_application_sign_in(engines.database_owner_url, engines.database_url)
    if done:
        typer.echo(done)


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (as the schema's owner)."""
    from core.migrate import application_role_problem

    with _engines() as engines:
        _migrate(engines)
        problem = application_role_problem(engines.database_url)
    if problem:
        typer.echo(f"warning: {problem}, which can switch off the audit log's protection: "
                   f"connect as vetted_app and migrate with DATABASE_OWNER_URL (README.md, "
                   f"Configuration)", err=True)
    typer.echo("schema is up to date")


@app.command("create-admin")
def create_admin(
    email: str = typer.Option(..., help="the admin's e-mail, used to sign in"),
    full_name: str = typer.Option("Administrator", help="the admin's name"),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                                 envvar="VETTED_ADMIN_PASSWORD"),
) -> None:
    """Create the first administrator account."""
    from core import audit
    from core.auth import SYSTEM, Role
    from core.db import UnitOfWork, create_pool
    from core.users import EmailTaken, create_user
    from core.validation import PASSWORD_KINDS, password_plain

    if len(password) < 10:
        raise typer.BadParameter("use at least 10 characters", param_hint="password")
    if password_plain(password):
        raise typer.BadParameter(f"use at least {PASSWORD_KINDS} different characters "
                                 "besides spaces", param_hint="password")

    async def _create(database_url: str) -> int:
        pool = await create_pool(database_url)
        try:
            async with UnitOfWork(pool) as uow:
                user_id = await create_user(uow.conn, email=email, full_name=full_name,
                                            password=password, role=Role.ADMIN)
                await audit.record(uow.conn, actor=SYSTEM, entity_type="user",
                                   entity_id=user_id, action="create",
                                   data={"email": email, "role": Role.ADMIN.value})
                await uow.commit()
                return user_id
        finally:
            await pool.close()

    with _engines() as engines:
        _migrate(engines)
        try:
            user_id = asyncio.run(_create(engines.database_url))
        except EmailTaken as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from exc
    typer.echo(f"admin {email} created (user {user_id})")


@app.command("verify-audit")
def verify_audit(
    checkpoint: bool = typer.Option(False, "--checkpoint", help="then, if the log holds, "
                                    "append a checkpoint of its head to the checkpoint file"),
) -> None:
    """Check the audit log's hash chain against its signed checkpoints; exits 1 and names
    what does not hold."""
    import asyncpg

    from core import audit_checkpoints
    from core.db import create_pool

    settings = get_settings()
    path = settings.resolved_audit_checkpoint_file()
    key = settings.resolved_audit_checkpoint_key()

    async def _verify(database_url: str) -> audit_checkpoints.Taken:
        pool = await create_pool(database_url)
        try:
            async with pool.acquire() as pooled:
                conn = cast(asyncpg.Connection, pooled)
                if checkpoint:
                    return await audit_checkpoints.take(conn, path=path, key=key, full=True)
                return audit_checkpoints.Taken(
                    await audit_checkpoints.verify(conn, path=path, key=key), None)
        finally:
            await pool.close()

    with _engines() as engines:
        taken = asyncio.run(_verify(engines.database_url))
    check = taken.check
    if check.ok:
        against = (f", {check.checkpoints_checked} checkpoints agree" if
                   check.checkpoints_checked else ", no checkpoint yet")
        typer.echo(f"audit chain intact: {check.entries_checked} entries checked{against}")
        if taken.checkpoint is not None:
            typer.echo(f"checkpoint written to {path}: {taken.checkpoint.entries} entries, "
                       f"head {taken.checkpoint.last_id}")
        return
    if check.first_broken_id is not None:
        typer.echo(f"audit chain BROKEN at entry {check.first_broken_id}: {check.problem} "
                   f"({check.entries_checked} entries before it are intact)", err=True)
    else:
        typer.echo(f"audit log TAMPERED: {check.problem}", err=True)
    for finding in check.findings[1:]:
        typer.echo(f"  also: {finding}", err=True)
    if checkpoint:
        typer.echo("no checkpoint written: the log does not hold", err=True)
    raise typer.Exit(1)


@app.command("import-vacancies")
def import_vacancies(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                help="JSON Lines (one vacancy per line) or CSV with a header"),
    agency_id: int = typer.Option(..., min=1, help="the agency the vacancies belong to"),
    fmt: str | None = typer.Option(None, "--format", help="jsonl or csv (default: from the "
                                   "file's extension)"),
    batch_size: int = typer.Option(500, min=1, help="lines committed together"),
) -> None:
    """Import vacancies as drafts; exits 2 if any line was bad (each is named). Lines whose
    occupation is not in the list are taken, and named too."""
    from tqdm import tqdm

    from core.clock import utc_today
    from core.db import UnitOfWork, create_pool
    from matching.importer import BadLine, ImportFileError, ImportReport, UnlistedOccupation
    from matching.importer import import_vacancies as run_import

    chosen = (fmt or ("csv" if file.suffix.lower() == ".csv" else "jsonl")).lower()
    if chosen not in ("jsonl", "csv"):
        raise typer.BadParameter("use jsonl or csv", param_hint="--format")
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            total = sum(1 for line in handle if line.strip())
    except UnicodeDecodeError as exc:
        typer.echo(f"import failed: {file} is not UTF-8 text ({exc.reason})", err=True)
        raise typer.Exit(1) from exc
    if chosen == "csv":
        total = max(0, total - 1)  # the header; a quoted cell over several lines overcounts

    def report_bad(entry: BadLine | UnlistedOccupation) -> None:
        tqdm.write(str(entry), file=sys.stderr)

    async def _import(database_url: str) -> ImportReport:
        pool = await create_pool(database_url)
        try:
            with file.open(encoding="utf-8-sig", newline="") as lines:
                return await run_import(
                    lambda: UnitOfWork(pool), lines, agency_id=agency_id,
                    fmt=cast(Any, chosen), today=utc_today(), batch_size=batch_size,
                    total=total, progress=True, on_bad=report_bad, on_unlisted=report_bad,
                )
        finally:
            await pool.close()

    with _engines() as engines:
        try:
            report = asyncio.run(_import(engines.database_url))
        except ImportFileError as exc:
            typer.echo(f"import failed: {exc}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(2)


@app.command()
def reindex() -> None:
    """Rebuild the search index from PostgreSQL (searches keep working meanwhile)."""
    from tqdm import tqdm

    from core.db import connection, create_pool
    from matching import searching
    from matching.embedder import get_embedder
    from matching.search import make_backend

    settings = get_settings()

    async def _reindex(database_url: str) -> int:
        pool = await create_pool(database_url, max_size=4)
        try:
            async with connection(pool) as conn:
                total = await conn.fetchval(
                    "SELECT count(*) FROM vacancy WHERE status = 'published'")
            embedder = get_embedder(settings.embedding_model)
            backend = make_backend(settings.search_backend, pool, settings=settings)
            try:
                with tqdm(total=total, desc=f"reindexing ({backend.name})",
                          unit="vacancy") as bar:
                    return await searching.reindex(pool, backend=backend, embedder=embedder,
                                                   progress=bar.update)
            finally:
                await backend.close()
        finally:
            await pool.close()

    with _engines() as engines:
        count = asyncio.run(_reindex(engines.database_url))
    typer.echo(f"indexed {count} published vacancies")


def _use_engines(engines: EmbeddedEngines) -> None:
    """Point this process's settings at the engines in use, so the work its commits signal
    (the outbox relay, rating recomputation) reaches the broker the worker listens on."""
    os.environ["DATABASE_URL"] = engines.database_url
    os.environ["DATABASE_OWNER_URL"] = engines.database_owner_url
    os.environ["REDIS_URL"] = engines.redis_url
    get_settings.cache_clear()


def _seed_demo(database_url: str) -> DemoResult:
    from api.demo import seed_demo
    from core.db import UnitOfWork, create_pool

    async def _seed() -> DemoResult:
        pool = await create_pool(database_url, max_size=2)
        try:
            async with UnitOfWork(pool) as uow:
                result = await seed_demo(uow, settings=get_settings())
                await uow.commit()
                return result
        finally:
            await pool.close()

    return asyncio.run(_seed())


def _demo_message(result: DemoResult, *, external_database: bool) -> str:
    """What a person starting Vetted needs to know about the demo, logins included."""
    from api.demo import format_logins

    settings = get_settings()
    if result.status == "skipped":
        return "demo not seeded: the database already has accounts of its own"
    lines = []
    if result.status == "seeded":
        lines.append("seeded the demo: agencies, missions in Russia and Kazakhstan, verified "
                     "jobs, migrants, referrals and disputes")
        if external_database:
            lines.append("note: the demo went into DATABASE_URL; a real deployment sets "
                         "DEMO_SEED=false")
    lines.append(format_logins(result.logins, password=settings.demo_password,
                               base_url=f"http://{settings.host}:{settings.port}"))
    return "\n".join(lines)


@app.command("seed-demo")
def seed_demo() -> None:
    """Seed the demo world into a database without accounts (whatever DEMO_SEED says), and
    print the demo logins."""
    external = get_settings().database_url is not None
    with _engines() as engines:
        _migrate(engines)
        _use_engines(engines)
        result = _seed_demo(engines.database_url)
    message = _demo_message(result, external_database=external)
    if result.status == "skipped":
        typer.echo(message, err=True)
        raise typer.Exit(1)
    if result.status == "present":
        typer.echo("the demo is already there")
    typer.echo(message)


def _spawn(name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    typer.echo(f"starting {name}: {' '.join(args)}")
    # Own process group: Ctrl-C reaches the supervisor, which stops children in order.
    return subprocess.Popen(args, env=env, start_new_session=True)  # noqa: S603


@app.command()
def run(
    workers: int = typer.Option(2, help="Celery worker processes"),
) -> None:
    """Run the API, a Celery worker and beat, on embedded engines unless URLs are set."""
    settings = get_settings()
    stop_requested = False

    def _request_stop(signum: int, _frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)

    with _engines() as engines:
        database_url, redis_url = engines.database_url, engines.redis_url
        _migrate(engines)
        demo = None
        if settings.demo_seed:
            _use_engines(engines)
            try:
                result = _seed_demo(database_url)
            except Exception as exc:  # the seed rolled back whole; serve without it
                typer.echo(f"demo not seeded: {exc!r}", err=True)
            else:
                demo = _demo_message(result, external_database=settings.database_url
                                     is not None)
        # The service, worker and beat connect as the application role; the owner's URL
        # is for migrations and stays here.
        env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_OWNER_URL"},
               "DATABASE_URL": database_url, "REDIS_URL": redis_url,
               "SECRET_KEY": settings.resolved_secret_key(),
               "PASSPORT_KEY": settings.resolved_passport_key(),
               # A terminal is read by a person: plain lines, unless LOG_FORMAT says else.
               "LOG_FORMAT": settings.log_format if "log_format" in settings.model_fields_set
               else "text"}
        py = sys.executable
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        children = {
            # Forwarded headers are believed only from TRUSTED_PROXIES (api.app).
            "api": _spawn("api", [py, "-m", "uvicorn", "api.app:create_app", "--factory",
                                  "--no-proxy-headers", "--host", settings.host,
                                  "--port", str(settings.port)], env),
            "worker": _spawn("worker", [py, "-m", "celery", "-A", "api.worker:celery_app",
                                        "worker", "--loglevel=INFO",
                                        f"--concurrency={workers}"], env),
            "beat": _spawn("beat", [py, "-m", "celery", "-A", "api.worker:celery_app",
                                    "beat", "--loglevel=INFO", "-s",
                                    str(settings.data_dir / "celerybeat-schedule")], env),
        }
        typer.echo(f"Vetted is serving on http://{settings.host}:{settings.port} "
                   f"(OpenAPI at /docs); Ctrl-C stops everything")
        if demo:
            typer.echo(demo)
        exit_code = 0
        while not stop_requested:
            for name, proc in children.items():
                if proc.poll() is not None:
                    typer.echo(f"{name} exited with {proc.returncode}; stopping", err=True)
                    exit_code = 1
                    stop_requested = True
            time.sleep(0.5)
        for name in ("beat", "worker", "api"):
            proc = children[name]
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        for name in ("beat", "worker", "api"):
            proc = children[name]
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                typer.echo(f"{name} did not stop in time; killing it", err=True)
                proc.kill()
                proc.wait()
        typer.echo("stopped")
    raise typer.Exit(exit_code)


if __name__ == "__main__":
    app()
