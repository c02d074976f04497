"""What production runs is what the repository says: the image holds every package the project
installs, the compose file puts the proxy in front and a worker on every queue, and the proxy's
body limits are the app's."""

import re
import tomllib
from pathlib import Path

import yaml
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def nginx() -> str:
    return (ROOT / "deploy" / "nginx.conf").read_text()


def test_the_dockerfile_copies_every_package_pyproject_installs_before_installing():
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    top_level = {name.split(".")[0] for name in find_packages(str(ROOT), include=find["include"])}
    assert {"discovery", "assessments", "web"} <= top_level
    dockerfile = (ROOT / "Dockerfile").read_text()
    install = dockerfile.index("RUN pip install .")
    for package in top_level:
        copy = re.search(rf"^COPY {package} \./{package}$", dockerfile, re.MULTILINE)
        assert copy and copy.start() < install, f"the Dockerfile does not copy {package}/ before pip install"
    # The demo data is development's only (demo/__init__.py): neither installed nor in the image.
    assert "demo" not in top_level
    assert not re.search(r"^COPY demo\b", dockerfile, re.MULTILINE)


def test_only_the_proxy_is_published_and_web_trusts_exactly_it():
    services = compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["proxy"]["volumes"]
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert "server web:8000;" in nginx()
    for header in ["X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme"]:
        assert f"proxy_set_header {header};" in nginx()


def test_compose_runs_one_worker_per_queue_and_beat():
    queues = []
    for service in compose()["services"].values():
        command = service.get("command") or []
        if command[:4] == ["celery", "-A", "config", "worker"]:
            (flag,) = [part for part in command if part.startswith("--queues=")]
            queues.append(flag.removeprefix("--queues="))
    assert sorted(queues) == sorted(queue.name for queue in settings.CELERY_TASK_QUEUES)
    assert compose()["services"]["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def _paths(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _paths(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _example(route: str) -> str:
    """A concrete path for a route: each <converter:name> filled with a value it accepts."""
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: "12" if m.group(1) == "id" else "training", route)


def test_the_proxy_says_the_apps_body_limits_for_the_same_routes():
    conf = nginx()
    upload_locations = re.findall(r"location ~ (\S+) \{\s*client_max_body_size (\d+)m;", conf)
    assert upload_locations and {int(size) for _, size in upload_locations} == {settings.UPLOAD_MAX_BODY_BYTES // MiB}
    server_wide = re.search(r"listen 443.*?\n    client_max_body_size (\d+)m;", conf, re.DOTALL)
    assert int(server_wide.group(1)) * MiB == settings.REQUEST_MAX_BODY_BYTES

    def proxy_allows_large(path: str) -> bool:
        return any(re.match(pattern, path) for pattern, _ in upload_locations)

    routes = list(_paths(get_resolver()))
    large = [_example(route) for route, view in routes if getattr(view, "large_body", False)]
    assert len(large) == 3 and all(proxy_allows_large(path) for path in large)
    small = [_example(route) for route, view in routes if not getattr(view, "large_body", False)]
    assert small and not any(proxy_allows_large(path) for path in small)
