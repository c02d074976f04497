"""Report benchmark: submit → PDF ready with one real worker, and PDF render time per page.

    .venv/bin/python bench/report_bench.py [--runs 5]

Uses its own SQLite file and filesystem broker in a temporary directory (or Redis when
CELERY_BROKER_URL=redis://… is set), so it never touches var/. Submissions go one at a time,
so the latency measured is one report's, not a queue's.
"""

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SUBMIT = """
import sys, time
from tests.assessments.reports.factories import make_assessment
from discovery.engagements.services.submission import assessment_submit
verdicts = ["fine_tune", "not_yet", "do_not_fine_tune"]
for i in range({runs}):
    a = make_assessment(verdicts[i % 3], organisation=f"Bench {{i}}", submitted=False)
    started = time.time()
    assessment_submit(assessment=a, role="client", user=None)  # the client's submit; the report is queued on commit
    print(a.reports.get().pk, started, flush=True)
    sys.stdin.readline()  # the benchmark says when the previous report is ready
"""

PER_PAGE = """
import io, time
from pypdf import PdfReader
from assessments.models import Report
from assessments.reports.pdf import html_to_pdf
reports = list(Report.objects.filter(status="ready"))
html_to_pdf(reports[0].html)  # warm-up: the first render in a process loads fonts (as a worker's first task does)
rows = []
for report in reports:
    started = time.perf_counter()
    pdf = html_to_pdf(report.html)
    elapsed = time.perf_counter() - started
    rows.append((elapsed, len(PdfReader(io.BytesIO(pdf)).pages)))
total = sum(e for e, _ in rows)
pages = sum(p for _, p in rows)
print(f"{total / pages * 1000:.0f} {pages / len(rows):.1f}")
"""


def _is_submission(line: str) -> bool:
    parts = line.split()
    return len(parts) == 2 and parts[0].isdigit() and parts[1].replace(".", "", 1).isdigit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    tmp = Path(tempfile.mkdtemp(prefix="report-bench-"))
    database = tmp / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "VAR_DIR": str(tmp / "var"),
        "MEDIA_ROOT": str(tmp / "media"),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    if not env.get("CELERY_BROKER_URL", "").startswith("redis://"):
        env["CELERY_BROKER_URL"] = "filesystem://"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    latencies = []
    try:
        time.sleep(3)  # let the worker connect before the first submission
        submitter = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", SUBMIT.format(runs=runs)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(runs):
            line = submitter.stdout.readline()
            while line and not _is_submission(line):
                line = submitter.stdout.readline()
            pk, started = int(line.split()[0]), float(line.split()[1])
            while True:
                with sqlite3.connect(database, timeout=20) as db:
                    status = db.execute("SELECT status FROM assessments_report WHERE id=?", (pk,)).fetchone()[0]
                if status in ("ready", "failed"):
                    break
                time.sleep(0.05)
            latencies.append(time.time() - started)
            print(f"report {pk}: {status} after {latencies[-1]:.2f} s")
            submitter.stdin.write("\n")
            submitter.stdin.flush()
        submitter.wait(timeout=60)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PER_PAGE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    per_page_ms, pages = out.stdout.split()[-2:]
    print(f"median submit → PDF ready, one worker: {statistics.median(latencies):.2f} s over {runs} reports")
    print(f"PDF render time per page: {per_page_ms} ms ({pages} pages per report on average)")


if __name__ == "__main__":
    main()
