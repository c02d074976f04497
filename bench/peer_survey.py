"""The peer for bench/autosave_bench.py: django-survey-and-report's whole-page POST, served alike.

The peer is not part of this repository (it is AGPL and only measured): check it out somewhere,
give its path with `--peer`, and a Python that has its dependencies with `--peer-python`:

    git clone https://github.com/Pierre-Sassoulas/django-survey /tmp/peer
    python3 -m venv /tmp/peer-venv
    /tmp/peer-venv/bin/pip install 'Django>=5.2,<5.3' pytz pyyaml gunicorn 'psycopg[binary]'

This module writes a settings file into the bench's scratch directory that keeps the peer's own
settings but makes the comparison fair: debug off, logging at WARNING (the peer's dev settings log
every answer at DEBUG), no translation editor, and the same database engine as Discovery's run.
It then creates one survey with four questions on one page, shaped like the section the
autosave bench saves (a text, two choices and a multiple choice), and serves it with gunicorn and
two sync workers, as the bench serves Discovery.
"""

import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

PEER_SETTINGS = """\
import logging
from settings import *  # noqa: F403 - the peer's own settings, then what makes the run fair

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = tuple(app for app in INSTALLED_APPS if app != "rosetta")  # noqa: F405
ROOT_URLCONF = "peer_bench_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
logging.getLogger().setLevel(logging.WARNING)
DATABASES = {"default": %(database)r}
"""

PEER_URLS = """\
from django.urls import include, path

urlpatterns = [path("survey/", include("survey.urls"))]
"""

PEER_SURVEY = """\
import django
django.setup()
from django.core.management import call_command
from survey.models import Question, Survey

call_command("migrate", verbosity=0)
survey = Survey.objects.create(
    name="Bench", description="Bench", need_logged_user=False, display_method=Survey.ALL_IN_ONE_PAGE
)
Question.objects.create(survey=survey, order=1, required=True, text="Summary", type=Question.TEXT)
Question.objects.create(
    survey=survey, order=2, required=True, text="Goals", type=Question.SELECT_MULTIPLE,
    choices="style_voice, structured_output, new_knowledge",
)
Question.objects.create(
    survey=survey, order=3, required=True, text="Consistency", type=Question.RADIO, choices="strict, loose"
)
Question.objects.create(
    survey=survey, order=4, required=True, text="Volume", type=Question.RADIO, choices="high, low"
)
print(survey.pk)
"""


def _database(database_url: str, scratch: str) -> dict:
    """The peer's database on the same engine as Discovery's run (its own database)."""
    if database_url.startswith("postgres"):
        import psycopg

        parts = urllib.parse.urlsplit(database_url)
        name = parts.path.lstrip("/") + "_peer"
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": parts.username or "",
            "PASSWORD": parts.password or "",
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
        }
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": f"{scratch}/peer.sqlite3"}


def serve(checkout: Path, python: str, database_url: str, scratch: str, port: int):
    """Prepare the peer and start its gunicorn; returns (process, survey path)."""
    Path(scratch, "peer_bench_settings.py").write_text(PEER_SETTINGS % {"database": _database(database_url, scratch)})
    Path(scratch, "peer_bench_urls.py").write_text(PEER_URLS)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([scratch, str(checkout)]),
        "DJANGO_SETTINGS_MODULE": "peer_bench_settings",
    }
    made = subprocess.run(  # noqa: S603 - our own interpreter and script
        [python, "-c", PEER_SURVEY], cwd=checkout, env=env, capture_output=True, text=True, check=False
    )
    if made.returncode != 0:
        raise SystemExit(f"the peer could not be prepared:\n{made.stderr[-2000:]}")
    survey_id = made.stdout.strip().splitlines()[-1]
    gunicorn = [python, "-m", "gunicorn", "django.core.wsgi:get_wsgi_application()", "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen(  # noqa: S603
        [*gunicorn, "-w", "2"], cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return server, f"/survey/{survey_id}/"


class PeerClient:
    """One browser answering the peer's survey: a whole-page POST of the four answers."""

    def __init__(self, client, path: str):
        self.client, self.path = client, path

    def open(self) -> None:
        status, _, page = self.client.request("GET", self.path)
        assert status == 200, f"the peer's survey did not load ({status})"
        self.csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        self.fields = [name.decode() for name in re.findall(rb'name="(question_\d+)"', page)]
        assert len(set(self.fields)) == 4, f"the peer's survey shows {sorted(set(self.fields))}"

    def submit(self, n: int) -> float:
        text, goals, consistency, volume = sorted(set(self.fields), key=lambda f: int(f.split("_")[1]))
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.csrf,
                text: "Reply to claim enquiries in our voice.",
                goals: ["style_voice", "structured_output"],
                consistency: "strict",
                volume: ["high", "low"][n % 2],
            },
            doseq=True,
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1/"}
        status, elapsed, _ = self.client.request("POST", self.path, body, headers)
        assert status == 302, f"the peer's POST answered {status} (a refused form would be re-rendered)"
        return elapsed


if __name__ == "__main__":
    sys.exit("run bench/autosave_bench.py --peer PATH")
