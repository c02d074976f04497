"""The client's autosave against the page's floor: p50 of saving one changed answer vs /healthz.

    .venv/bin/python bench/autosave_bench.py [--clients 4] [--requests 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/discovery_bench .venv/bin/python bench/autosave_bench.py

Migrates the database (a throwaway SQLite file when DATABASE_URL is unset), creates one engagement
with a private link per simulated client, and starts gunicorn (2 sync workers) on a free
127.0.0.1 port. Each client opens its link, loads its first section and then, all clients at once,
posts REQUESTS autosaves that each change one answer (as htmx does on every change). Then the same
clients, at the same concurrency, fetch /healthz, which touches nothing: the floor any request
pays for HTTP, the middleware and the worker. Prints both p50s and their ratio; prints, never
asserts. Target: the autosave's p50 at most half of a whole-page POST of a peer questionnaire
app, i.e. close to the floor.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from datetime import timedelta
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
SECTION = "use_case"
FIELDS = {
    "use_case_summary": "Reply to claim enquiries in our voice.",
    "goals": ["style_voice", "structured_output"],
    "consistency_need": "strict",
}
VOLUMES = ["high", "low"]  # each autosave flips this answer, so every save changes exactly one


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _links(count: int) -> list[str]:
    """`count` fresh engagements, each with an open assessment; their link tokens."""
    import django

    django.setup()
    # Django must be set up before models can be imported, hence the imports in here.
    from django.core.management import call_command
    from django.utils import timezone

    from assessments.models import Assessment
    from assessments.selectors import published_questionnaire
    from discovery.models import Contact, Engagement, Organisation
    from discovery.portal.services.client_links import client_link_issue

    call_command("migrate", verbosity=0)
    run = uuid.uuid4().hex[:8]  # a kept database (DATABASE_URL) gets new organisations on every run
    tokens = []
    for i in range(count):
        name = f"Autosave bench {run} {i}"
        organisation = Organisation.objects.create(name=name, normalised_name=name.lower())
        contact = Contact.objects.create(organisation=organisation, email=f"bench{i}@bench.example", name="Bench")
        now = timezone.now() - timedelta(minutes=5)
        engagement = Engagement.objects.create(
            organisation=organisation,
            contact=contact,
            source=Engagement.SELF_SERVICE,
            use_case_description="Benchmark",
            created_at=now,
            response_due_at=Engagement.response_due_from(now),
        )
        Assessment.objects.create(engagement=engagement, questionnaire=published_questionnaire())
        tokens.append(client_link_issue(engagement=engagement)[1])
    return tokens


class Client:
    """One browser: its cookies, the CSRF token, and timed requests."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers=None) -> tuple[int, float, bytes]:
        headers = {**(headers or {}), "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, elapsed, content

    def open(self, token: str) -> None:
        status, _, _ = self.request("GET", f"/c/{token}/")
        assert status == 302, f"the link did not open a session ({status})"
        status, _, page = self.request("GET", f"/my/questions/{SECTION}/")
        assert status == 200 and "csrftoken" in self.cookies, f"the section did not load ({status})"
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        self.csrf = match.group(1).decode()

    def autosave(self, n: int) -> float:
        fields = {**FIELDS, "request_volume": VOLUMES[n % 2]}
        body = urllib.parse.urlencode({**fields, "present": list(fields)}, doseq=True)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.csrf,
            "HX-Request": "true",
        }
        status, elapsed, _ = self.request("POST", f"/my/questions/{SECTION}/autosave/", body, headers)
        assert status in (200, 204), f"autosave answered {status}"
        return elapsed

    def healthz(self, n: int) -> float:
        status, elapsed, _ = self.request("GET", "/healthz")
        assert status == 200, f"/healthz answered {status}"
        return elapsed


def _concurrently(clients: list[Client], action: str, requests: int) -> list[float]:
    """Each client makes `requests` calls of `action` one after another, all clients at once."""
    times: list[float] = []
    lock = threading.Lock()

    def run(client: Client) -> None:
        mine = [getattr(client, action)(n) for n in range(requests)]
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def _wait_until_serving(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start within 30 s")


ROUND = 5  # requests per client in one round; rounds of each kind alternate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--requests", type=int, default=50, help="requests per client and kind (default 50)")
    parser.add_argument("--peer", type=Path, help="a django-survey-and-report checkout (bench/peer_survey.py)")
    parser.add_argument("--peer-python", default=sys.executable, help="a Python with the peer's dependencies")
    args = parser.parse_args()
    servers: list[subprocess.Popen] = []
    times: dict[str, list[float]] = {"autosave": [], "healthz": [], "submit": []}
    with tempfile.TemporaryDirectory(prefix="autosave-bench-") as scratch:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
        os.environ["VAR_DIR"] = scratch  # the file-system broker and uploads stay in the throwaway dir
        tokens = _links(args.clients)
        port = _free_port()
        env = {**os.environ, "DEBUG": "false", "LOG_LEVEL": "WARNING"}
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "2"]
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        servers.append(server)
        try:
            _wait_until_serving(port, servers[0])
            clients = [Client(port) for _ in tokens]
            for client, token in zip(clients, tokens, strict=True):
                client.open(token)
            kinds = [(clients, "autosave"), (clients, "healthz")]
            if args.peer:
                kinds.append((_peer_clients(args, scratch, servers), "submit"))
            for group, action in kinds:  # warm-up: imports, caches, connections
                _concurrently(group, action, 3)
            # Rounds alternate between the kinds, so a machine that gets busier or quieter during
            # the run weighs on each alike; one kind runs at a time, never two at once.
            for _ in range(max(1, args.requests // ROUND)):
                for group, action in kinds:
                    times[action] += _concurrently(group, action, ROUND)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
    database = os.environ["DATABASE_URL"].split(":", 1)[0]
    save_p50, floor_p50 = (statistics.median(times[kind]) * 1000 for kind in ("autosave", "healthz"))
    print(f"gunicorn, 2 workers, {database}; {args.clients} clients x {args.requests} requests each, in rounds")
    print(f"autosave (one changed answer)  p50 {save_p50:7.1f} ms")
    print(f"/healthz (the floor)           p50 {floor_p50:7.1f} ms")
    print(f"ratio autosave / floor         {save_p50 / floor_p50:7.2f}")
    if times["submit"]:
        peer_p50 = statistics.median(times["submit"]) * 1000
        print(f"peer whole-page POST           p50 {peer_p50:7.1f} ms  (django-survey-and-report, same load)")
        print(f"ratio autosave / peer          {save_p50 / peer_p50:7.2f}  (target: 0.50 or less)")
    else:
        print("peer: not measured (--peer PATH; see bench/peer_survey.py)")


def _peer_clients(args, scratch: str, servers: list) -> list:
    """The peer served beside Discovery (bench/peer_survey.py), one browser per client."""
    from bench import peer_survey

    port = _free_port()
    server, path = peer_survey.serve(args.peer, args.peer_python, os.environ["DATABASE_URL"], scratch, port)
    servers.append(server)
    _wait_until_serving(port, server)
    clients = [peer_survey.PeerClient(Client(port), path) for _ in range(args.clients)]
    for client in clients:
        client.open()
    return clients


if __name__ == "__main__":
    main()
