"""`make run`: the web server, a Celery worker and Celery beat, started and stopped together.

A newcomer gets the whole product from one command: reports really are rendered by a worker
(on the file-system broker under var/, so no service is needed). Ctrl-C stops all three.
"""

import os
import signal
import subprocess
import sys
import time


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    python = sys.executable
    commands = {
        # No --queues: one worker consumes every queue in CELERY_TASK_QUEUES (analyses included).
        "worker": [python, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [python, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"],
        "web": [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
    }
    processes: dict[str, subprocess.Popen] = {}
    # `kill <pid>` (SIGTERM) must stop all three too, not leave the worker and beat running orphaned.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        for name, command in commands.items():
            processes[name] = subprocess.Popen(command)  # noqa: S603 - fixed commands, no shell
        print(f"\nDiscovery is starting on http://{host}:{port}/ with a Celery worker and beat. Ctrl-C stops all.\n")
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(f"{name} exited with status {process.returncode}; stopping the others.", file=sys.stderr)
                    return process.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
