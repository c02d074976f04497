"""The production smoke stack: what the image runs, started here as plain processes (CI has no
docker) on the machine's PostgreSQL and Redis, and asked a few questions through HTTP.

1. collectstatic and migrate under production settings (DISCOVERY_ENV=production);
2. gunicorn, a Celery worker on every queue and beat, with production settings, and nginx in
   front with deploy/nginx.conf (only the upstream, ports, certificate and log paths changed);
3. through nginx over TLS: /healthz, /readyz, the public intake page and one of its hashed
   static files; an intake request whose email the worker sends (a round trip through the
   broker); no client-link token in its log; the proxy's body limits per route. Then the
   worker's queues, and oversized bodies refused with 413 by the app itself (declared, and
   chunked), straight to gunicorn;
4. everything stopped, the database dropped and the Redis databases emptied, whatever happened.

Usage: .venv/bin/python .ci/smoke.py (or `make smoke`). Exits non-zero on the first failure,
printing the tail of each process's log. SMOKE_POSTGRES (default postgres://postgres@127.0.0.1:5432),
SMOKE_REDIS (default redis://127.0.0.1:6379), SMOKE_DATABASE (discovery_smoke) and
SMOKE_REDIS_DB (12; its cache uses the next number) say where it runs.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import redis
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("SMOKE_REDIS", "redis://127.0.0.1:6379").rstrip("/")
DATABASE = os.environ.get("SMOKE_DATABASE", "discovery_smoke")
BROKER_DB = int(os.environ.get("SMOKE_REDIS_DB", "12"))
CACHE_DB = BROKER_DB + 1
MiB = 1024 * 1024
# The site's name, as production's ALLOWED_HOSTS holds a domain and not the address the processes
# listen on (so a check that asks by address, as compose's web health check once did, fails here).
SITE = "discovery.localhost"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # sbin is not on every user's PATH


class SmokeFailed(Exception):
    pass


def step(message: str) -> None:
    print(f"-- {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reset_database() -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')


def drop_database() -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def flush_redis() -> None:
    for db in (BROKER_DB, CACHE_DB):
        redis.Redis.from_url(f"{REDIS}/{db}", socket_timeout=5).flushdb()


NGINX_MAIN = """
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    include {tmp}/site.conf;
}}
"""


def nginx_site(tmp: Path, upstream: int, http_port: int, https_port: int) -> str:
    """deploy/nginx.conf as compose runs it, with this machine's ports, certificate and logs."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in [
        ("server web:8000;", f"server 127.0.0.1:{upstream};"),
        ("listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;"),
        ("listen 443 ssl default_server;", f"listen 127.0.0.1:{https_port} ssl default_server;"),
        ("/etc/nginx/certs/", f"{tmp}/certs/"),
        ("/var/log/nginx/", f"{tmp}/"),
    ]:
        if old not in conf:
            raise SmokeFailed(f"deploy/nginx.conf no longer says {old!r}: update .ci/smoke.py")
        conf = conf.replace(old, new)
    return conf


class Stack:
    def __init__(self, tmp: Path, port: int):
        self.tmp, self.port = tmp, port
        self.http_port, self.https_port = free_port(), free_port()
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "DISCOVERY_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": SITE,
            "SITE_URL": f"https://{SITE}",
            "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
            "CELERY_BROKER_URL": f"{REDIS}/{BROKER_DB}",
            # Production counts rate limits in a cache every web process shares.
            "CACHE_URL": f"{REDIS}/{CACHE_DB}",
            "VAR_DIR": str(tmp / "var"),
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "EMAIL_URL": f"filemail:///{tmp / 'mail'}",  # four slashes: django-environ drops one
            "CONSULTANTS_EMAIL": "team@discovery.example",
            # As docker sets it: the workers' health check names its worker by it.
            "HOSTNAME": socket.gethostname(),
        }
        for name in ["CELERY_TASK_ALWAYS_EAGER", "DEBUG", "PYTEST_ADDOPTS"]:
            self.env.pop(name, None)

    def run(self, *command: str, timeout: float = 300) -> str:
        out = subprocess.run(  # noqa: S603 - fixed commands
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if out.returncode:
            raise SmokeFailed(f"{' '.join(command)} exited {out.returncode}:\n{out.stdout[-3000:]}{out.stderr[-3000:]}")
        return out.stdout

    def start(self, name: str, *command: str) -> None:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - the process owns it until stop()
        # A session of its own: stop() signals the whole group (gunicorn's and the worker's children).
        self.processes[name] = subprocess.Popen(  # noqa: S603 - fixed commands
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise SmokeFailed(f"{name} exited with status {process.returncode}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop within 20 s; killed", file=sys.stderr)
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def print_logs(self) -> None:
        for name in self.processes:
            text = (self.tmp / f"{name}.log").read_text(errors="replace")
            print(f"\n==== {name} log (last 40 lines)\n" + "\n".join(text.splitlines()[-40:]), file=sys.stderr)

    def start_proxy(self) -> None:
        (self.tmp / "certs").mkdir()
        self.run(
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-keyout", str(self.tmp / "certs" / "privkey.pem"), "-out", str(self.tmp / "certs" / "fullchain.pem"),
            timeout=60,
        )  # fmt: skip
        (self.tmp / "site.conf").write_text(nginx_site(self.tmp, self.port, self.http_port, self.https_port))
        (self.tmp / "nginx.conf").write_text(NGINX_MAIN.format(tmp=self.tmp))
        self.run(NGINX, "-t", "-q", "-c", str(self.tmp / "nginx.conf"), timeout=30)
        self.start("nginx", NGINX, "-c", str(self.tmp / "nginx.conf"))

    # --- HTTP -----------------------------------------------------------------------------------

    def proxied(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """(status, headers, body) through nginx over TLS, as a browser asks (a self-signed
        certificate, so it is not verified)."""
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", self.https_port, timeout=30, context=context)
        try:
            conn.request(method, path, body=body, headers={"Host": f"{SITE}:{self.https_port}", **(headers or {})})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """(status, headers, body) from gunicorn, as the proxy would ask: over TLS to it (so
        X-Forwarded-Proto: https), from 127.0.0.1."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {"Host": SITE, "X-Forwarded-Proto": "https", **(headers or {})}
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def raw(self, head: bytes, chunks) -> tuple[int, bytes]:
        """Send ``head`` then each of ``chunks``, stopping when the server hangs up; its status line."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(head)
            try:
                for chunk in chunks:
                    sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused mid-body: what we want to see
            answer = b""
            try:
                while b"\r\n\r\n" not in answer and (part := sock.recv(65536)):
                    answer += part
            except ConnectionResetError:
                pass
        match = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
        return (int(match.group(1)) if match else 0), answer


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailed(message)


def wait_for(what: str, probe, seconds: float, stack: Stack):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        stack.check_alive()
        try:
            result = probe()
        except (OSError, http.client.HTTPException, psycopg.Error):
            result = None
        if result:
            return result
        time.sleep(0.5)
    raise SmokeFailed(f"{what}: not within {seconds:.0f} s")


def smoke(stack: Stack) -> None:
    backend = f"127.0.0.1:{stack.port}"
    step("collectstatic under production settings")
    stack.run(str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0")
    step(f"migrate PostgreSQL database {DATABASE}")
    stack.run(str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v0")

    step("start gunicorn, a worker on every queue, and beat")
    stack.start(
        "gunicorn", str(BIN / "gunicorn"), "config.wsgi", "--bind", backend, "--workers", "2", "--timeout", "30"
    )
    stack.start("worker", str(BIN / "celery"), "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1")
    schedule = stack.tmp / "var" / "beat-schedule"
    stack.start("beat", str(BIN / "celery"), "-A", "config", "beat", "--loglevel=INFO", f"--schedule={schedule}")
    wait_for("gunicorn answers /healthz", lambda: stack.request("GET", "/healthz")[0] == 200, 60, stack)
    step("start nginx in front (deploy/nginx.conf)")
    stack.start_proxy()
    wait_for("nginx answers /healthz", lambda: stack.proxied("GET", "/healthz")[0] == 200, 30, stack)
    host = f"{SITE}:{stack.https_port}"

    step("the proxy's plain-HTTP side: its health check, and a redirect to HTTPS for the rest")
    conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=30)
    for path, status, location in [("/nginx-healthz", 204, None), ("/request/", 301, f"https://{SITE}/request/")]:
        conn.request("GET", path, headers={"Host": SITE})
        response = conn.getresponse()
        response.read()
        expect(response.status == status, f"http://{SITE}{path} answered {response.status}, not {status}")
        expect(response.getheader("Location") == location, f"{path} redirected to {response.getheader('Location')}")
    conn.close()

    step("/readyz through the proxy: database and broker")
    status, _, body = stack.proxied("GET", "/readyz")
    expect(status == 200 and json.loads(body)["status"] == "ok", f"/readyz answered {status}: {body[:300]!r}")

    step("the public intake page and its hashed static files")
    status, headers, body = stack.proxied("GET", "/request/")
    expect(status == 200 and b"Request my assessment" in body, f"/request/ answered {status}")
    css = re.search(rb'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', body)
    expect(css is not None, "the intake page does not link Bootstrap by its hashed name (manifest storage)")
    status, _, _ = stack.proxied("GET", css.group(1).decode())
    expect(status == 200, f"{css.group(1).decode()} answered {status}")
    csrf = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
    expect(csrf is not None, "the intake page set no CSRF cookie")

    step("an intake request: the worker sends its email through the broker")
    form = {
        "organisation": "Smoke Test Ltd",
        "industry": "Testing",
        "name": "Sam Smoke",
        "email": "sam@smoke.example",
        "role": "Tester",
        "use_case": "Check that production starts.",
        "consent": "on",
        "website": "",
        "csrfmiddlewaretoken": csrf.group(1),
    }
    body = urlencode(form).encode()
    status, headers, _ = stack.proxied(
        "POST",
        "/request/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf.group(1)}",
            "Referer": f"https://{host}/request/",
            "Origin": f"https://{host}",
        },
    )
    expect(status == 302 and headers.get("Location") == "/request/sent/", f"the intake post answered {status}")

    def emails_sent():
        with psycopg.connect(f"{POSTGRES}/{DATABASE}", autocommit=True) as conn:
            rows = conn.execute("SELECT status FROM discovery_outgoingemail").fetchall()
        return rows and all(status == "sent" for (status,) in rows)

    wait_for("the worker sends the intake's emails", emails_sent, 60, stack)
    expect(any((stack.tmp / "mail").iterdir()), "the emails marked sent were not written")

    step("the worker consumes every queue")
    queues = stack.run(str(BIN / "celery"), "-A", "config", "inspect", "active_queues", "--timeout", "10", timeout=60)
    for queue in ["celery", "analyses"]:
        expect(f"'name': '{queue}'" in queues, f"the worker does not consume the {queue} queue:\n{queues}")

    step("a client link's token stays out of the proxy's log")
    stack.proxied("GET", "/c/smoke-private-token/")
    # nginx writes the line after it has answered, so the file may lag the response a moment.
    deadline = time.monotonic() + 10
    while "/c/" not in (log := (stack.tmp / "access.log").read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    expect("/c/[redacted]" in log and "smoke-private-token" not in log, "nginx logged a client link's token")

    step("the proxy's body limits: 3 MB for a form, 51 MB for a sample upload")
    octets = {"Content-Type": "application/octet-stream"}
    status, headers, body = stack.proxied("POST", "/request/", b"x" * (4 * MiB), octets)
    expect(status == 413 and b"Nothing was stored" in body, f"a 4 MiB form post through nginx answered {status}")
    expect(headers.get("HX-Reswap") == "afterbegin", "nginx's 413 does not tell htmx where to show it")
    status, _, _ = stack.proxied("POST", "/my/samples/training/upload/", b"x" * (4 * MiB), octets)
    expect(status not in {413, 502}, f"a 4 MiB sample upload was stopped at the proxy ({status})")
    status, _, _ = stack.proxied("POST", "/my/samples/training/upload/", b"x" * (52 * MiB), octets)
    expect(status == 413, f"a 52 MiB sample upload through nginx answered {status}")

    step("oversized bodies are refused with 413 by the app itself (straight to gunicorn)")
    status, _, _ = stack.request(
        "POST", "/request/", b"", {"Content-Length": str(500 * MiB), "Content-Type": "application/octet-stream"}
    )
    expect(status == 413, f"a declared 500 MiB body answered {status}")
    head = (
        f"POST /request/ HTTP/1.1\r\nHost: {SITE}\r\nX-Forwarded-Proto: https\r\n"
        "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    piece = b"x" * (64 * 1024)
    chunks = [b"%x\r\n%s\r\n" % (len(piece), piece)] * (4 * MiB // len(piece)) + [b"0\r\n\r\n"]
    status, _ = stack.raw(head, chunks)
    expect(status == 413, f"a chunked 4 MiB body answered {status}")

    step("docker-compose.yml's health checks for web and the workers pass against this stack")
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    web_check = [part.replace("127.0.0.1:8000", backend) for part in services["web"]["healthcheck"]["test"][1:]]
    stack.run(*[str(BIN / "python") if part == "python" else part for part in web_check], timeout=30)
    for worker in ["worker", "worker-analyses"]:
        shell = services[worker]["healthcheck"]["test"][1].replace("$$", "$").replace("celery ", f"{BIN}/celery ", 1)
        stack.run("sh", "-c", shell, timeout=30)

    step("beat is running and keeps its schedule")
    wait_for("beat writes its schedule", lambda: any(stack.tmp.joinpath("var").glob("beat-schedule*")), 30, stack)
    stack.check_alive()


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="discovery-smoke-"))
    (tmp / "mail").mkdir()
    stack = Stack(tmp, free_port())
    started = time.monotonic()
    ok = False
    try:
        reset_database()
        flush_redis()
        smoke(stack)
        ok = True
    except (SmokeFailed, subprocess.TimeoutExpired, OSError, psycopg.Error, redis.RedisError) as exc:
        print(f"\nSMOKE FAILED: {exc}", file=sys.stderr)
    finally:
        stack.stop()
        if not ok:
            stack.print_logs()
        for cleanup in (drop_database, flush_redis):
            try:
                cleanup()
            except (psycopg.Error, redis.RedisError) as exc:
                print(f"clean-up: {exc}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
    if ok:
        print(f"production smoke stack: all checks passed in {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
