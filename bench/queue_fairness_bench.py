"""Queue fairness: how long a client's report waits when another client's uploads are queued first.

    .venv/bin/python bench/queue_fairness_bench.py [--uploads 6] [--examples 10000]

Two layouts, each with real Celery workers on its own SQLite file and file-system broker in a
temporary folder: one worker consuming every queue (concurrency 2; production ran one worker
for everything) and a worker per queue (docker-compose.yml: `celery` concurrency 2, `analyses`
concurrency 1). In each, a report is first submitted with nothing queued (the floor, which also
warms the worker), then `--uploads` samples of `--examples` chat examples (10,000 is about 20 MB)
are uploaded and a report submitted straight after. Prints submit → ready for both, beside the
floor. Prints numbers; asserts nothing.
"""

import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sample_bench import write_sample  # noqa: E402

UPLOAD = """
from django.core.files import File
from assessments.services.samples import sample_upload_create
from tests.discovery.engagement_factories import make_assessment_for, make_engagement
assessment = make_assessment_for(make_engagement("Busy Client Ltd"))
for i in range({uploads}):
    with open({path!r}, "rb") as handle:
        sample_upload_create(assessment=assessment, kind="training", upload=File(handle, name=f"s{{i}}.jsonl"))
print("queued")
"""

SUBMIT = """
import time
from tests.assessments.reports.factories import make_assessment
from discovery.engagements.services.submission import assessment_submit
a = make_assessment("not_yet", organisation=f"Other Client {time.time_ns()}", submitted=False)
started = time.time()
assessment_submit(assessment=a, role="client", user=None)
print(a.reports.get().pk, started)
"""

LAYOUTS = {
    "one worker, every queue": [["--concurrency=2"]],
    "a worker per queue": [["--queues=celery", "--concurrency=2"], ["--queues=analyses", "--concurrency=1"]],
}


def manage(env: dict, code: str) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(out.stderr[-2000:])
    return out.stdout.strip().splitlines()[-1]


def report_latency(env: dict, database: Path, timeout: float = 900) -> float:
    pk, started = manage(env, SUBMIT).split()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(database, timeout=20) as db:
            (status,) = db.execute("SELECT status FROM assessments_report WHERE id = ?", (int(pk),)).fetchone()
        if status in {"ready", "failed"}:
            return time.time() - float(started)
        time.sleep(0.1)
    return float("inf")


def run_layout(name: str, template: Path, tmp: Path, sample: Path, uploads: int) -> tuple[float, float]:
    folder = tmp / name.replace(" ", "-").replace(",", "")
    folder.mkdir()
    database = folder / "db.sqlite3"
    shutil.copyfile(template, database)
    env = {
        **os.environ,
        "VAR_DIR": str(folder / "var"),
        "MEDIA_ROOT": str(folder / "media"),
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "SAMPLE_UPLOADS_PER_HOUR": str(uploads + 1),
        "SAMPLE_UPLOAD_BYTES_PER_HOUR": str(10**12),
        "LOG_LEVEL": "WARNING",
    }
    workers = [
        subprocess.Popen(  # noqa: S603 - fixed command
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for args in LAYOUTS[name]
    ]
    try:
        floor = report_latency(env, database)
        manage(env, UPLOAD.format(uploads=uploads, path=str(sample)))
        loaded = report_latency(env, database)
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
    return floor, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=6)
    parser.add_argument("--examples", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fairness-bench-") as directory:
        tmp = Path(directory)
        sample = tmp / "sample.jsonl"
        write_sample(sample, args.examples)
        template = tmp / "template.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{template}", "VAR_DIR": str(tmp / "var")}
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        size = sample.stat().st_size / 1024 / 1024
        print(f"A report submitted right after {args.uploads} uploads of {size:.0f} MB ({args.examples:,} examples):")
        for name in LAYOUTS:
            floor, loaded = run_layout(name, template, tmp, sample, args.uploads)
            print(f"  {name:<24} submit → ready {loaded:6.1f} s   (nothing queued: {floor:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
