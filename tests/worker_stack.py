"""Real Celery workers for the tests marked `worker`: a migrated database, a broker and worker
processes, wired exactly as `make run` and production wire them.

The database is a SQLite file, or a PostgreSQL database of its own when DATABASE_URL points at
PostgreSQL (made from a template migrated once per session, so each test starts in a second).
The broker is a file-system broker in a temporary folder, Redis when CELERY_BROKER_URL says so,
or a throwaway `redis-server` the test starts itself (`ThrowawayRedis`) when it needs to freeze or
stop the broker without touching the shared one.
"""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def on_redis() -> bool:
    return os.environ.get("CELERY_BROKER_URL", "").startswith("redis://")


def _pg_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_pg_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _base_env(tmp: Path) -> dict:
    env = {
        **os.environ,
        "VAR_DIR": str(tmp / "var"),  # the filesystem broker lives under it
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CONSULTANTS_EMAIL": "team@discovery.example",  # someone to tell about a submission
    }
    if not on_redis():
        env["CELERY_BROKER_URL"] = "filesystem://"
    return env


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A database migrated once; each stack gets its own copy (a file copy, or a PostgreSQL
    database made from it as a template)."""
    tmp = tmp_path_factory.mktemp("worker-template")
    env = _base_env(tmp)
    if on_postgres():
        name = f"discovery_worker_template_{uuid.uuid4().hex[:8]}"
        _pg_admin(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = _pg_url(name)
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'template.sqlite3'}"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    if on_postgres():
        yield name
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield tmp / "template.sqlite3"


# A worker whose PDF step first sleeps (argv[1] seconds): a renderer that hangs, for the time limits.
# With FIRST_RENDER_HANGS ("<marker file>:<seconds>", the marker shared by the pool's processes)
# the first render sleeps that long instead: a hang that passes, as when Try again is worth clicking.
SLOW_RENDER_WORKER = """
import os, sys, time, django
django.setup()
from assessments.reports import services
seconds, real = float(sys.argv.pop(1)), services.html_to_pdf
marker, _, hang = os.environ.get("FIRST_RENDER_HANGS", "").rpartition(":")
def slow(html):
    if marker and not os.path.exists(marker):
        open(marker, "w").close()
        time.sleep(float(hang))
    else:
        time.sleep(seconds)
    return real(html)
services.html_to_pdf = slow
from celery.__main__ import main
main()
"""


class Stack(SimpleNamespace):
    """One test's world: `env` for every process, `workers`, and helpers to run code and read rows."""

    def start_worker(
        self,
        *,
        pool: str = "solo",
        concurrency: int = 1,
        extra_env: dict | None = None,
        slow_render_seconds: float | None = None,
        queues: str | None = None,
        first_render_hangs_seconds: float | None = None,
    ):
        log = open(self.tmp / f"worker-{len(self.workers)}.log", "wb")  # noqa: SIM115 - closed in stop()
        self.logs.append(log)
        if slow_render_seconds is None:
            command = [sys.executable, "-m", "celery"]
        else:
            command = [sys.executable, "-c", SLOW_RENDER_WORKER, str(slow_render_seconds)]
        command += ["-A", "config", "worker", f"--pool={pool}", "--loglevel=INFO"]
        if pool == "prefork":
            command.append(f"--concurrency={concurrency}")
        if queues:  # as production's one worker per queue; without it, every queue (as `make run`)
            command.append(f"--queues={queues}")
        env = {**self.env, **(extra_env or {})}
        if first_render_hangs_seconds is not None:
            env["FIRST_RENDER_HANGS"] = f"{self.tmp / 'first-render-hung'}:{first_render_hangs_seconds}"
        self.workers.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        return self.workers[-1]

    def worker_log(self, index: int = 0) -> str:
        self.logs[index].flush()
        return (self.tmp / f"worker-{index}.log").read_text(errors="replace")

    def wait_until_ready(self, index: int = 0, *, seconds: float = 60) -> None:
        """Wait for the worker's own "ready" line: it has connected to the broker and consumes."""
        deadline = time.monotonic() + seconds
        while " ready." not in self.worker_log(index):
            assert self.workers[index].poll() is None, f"worker {index} exited:\n{self.worker_log(index)}"
            assert time.monotonic() < deadline, f"worker {index} never became ready:\n{self.worker_log(index)}"
            time.sleep(0.1)

    def manage(self, code: str, *, extra_env: dict | None = None, timeout: float = 120) -> str:
        """Run `code` in `manage.py shell` and return the last line it printed."""
        out = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert out.returncode == 0, out.stderr[-3000:]
        return out.stdout.strip().splitlines()[-1]

    def rows(self, sql: str, *params) -> list[tuple]:
        """Rows of `sql` (placeholders written %s), read straight from the database."""
        if self.pg_name:
            import psycopg

            with psycopg.connect(_pg_url(self.pg_name), autocommit=True) as conn:
                return conn.execute(sql, params).fetchall()
        with sqlite3.connect(self.database, timeout=20) as db:
            return db.execute(sql.replace("%s", "?"), params).fetchall()

    def report(self, pk: int) -> tuple:
        return self.rows("SELECT status, error, pdf, attempts FROM assessments_report WHERE id = %s", pk)[0]

    def wait_for_report(self, pk: int, statuses: set[str], *, seconds: float = 90, poll: float = 0.2) -> tuple:
        deadline = time.monotonic() + seconds
        while True:
            row = self.report(pk)
            if row[0] in statuses or time.monotonic() > deadline:
                return row
            time.sleep(poll)

    def wait_for_email(self, pk: int, *, seconds: float = 60) -> tuple:
        deadline = time.monotonic() + seconds
        while True:
            row = self.rows("SELECT status, attempts, error FROM discovery_outgoingemail WHERE id = %s", pk)[0]
            if row[0] in {"sent", "failed"} or time.monotonic() > deadline:
                return row
            time.sleep(0.2)

    def media_files(self) -> list[str]:
        return sorted(p.name for p in self.media.rglob("*") if p.is_file())

    def kill_database_connections(self) -> int:
        """What a PostgreSQL restart does to every client: terminate each connection to this database."""
        import psycopg

        with psycopg.connect(_pg_url("postgres"), autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (self.pg_name,)
            ).fetchall()
        return len(rows)

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=20)
        for log in self.logs:
            log.close()


@pytest.fixture
def worker_stack(tmp_path, migrated_database):
    """A fresh copy of the migrated database and no worker yet (`start_worker()` starts one; all
    are stopped at the end)."""
    env = _base_env(tmp_path)
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    pg_name = None
    database = tmp_path / "worker.sqlite3"
    if on_postgres():
        pg_name = f"discovery_worker_{uuid.uuid4().hex[:8]}"
        _pg_admin(f'CREATE DATABASE "{pg_name}" TEMPLATE "{migrated_database}"')
        env["DATABASE_URL"] = _pg_url(pg_name)
    else:
        shutil.copyfile(migrated_database, database)
        env["DATABASE_URL"] = f"sqlite:///{database}"
    stack = Stack(
        env=env, tmp=tmp_path, database=database, pg_name=pg_name, media=tmp_path / "media", workers=[], logs=[]
    )
    try:
        yield stack
    finally:
        stack.stop()
        if pg_name:
            _pg_admin(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayRedis:
    """A `redis-server` of the test's own on a free port, to freeze (SIGSTOP), thaw, stop and
    start again: the shared Redis is never touched."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def throwaway_redis(tmp_path):
    redis = ThrowawayRedis(tmp_path)
    try:
        yield redis
    finally:
        redis.stop()


def pool_children(pid: int) -> list[int]:
    """The pool processes of a prefork worker (its children)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]
