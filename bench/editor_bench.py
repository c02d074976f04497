"""Editor page times on the demo data: p50 per page beside the 500 ms target.

    .venv/bin/python bench/editor_bench.py [--runs 9]

Uses its own SQLite file under var/ (migrated and given the demo data once), makes one draft of
the published criteria set and one of the questionnaire, signs in as an admin with Django's
test client and times each editor page RUNS times: the pages an admin opens (home, criteria,
golden panel, questionnaire, publish for either kind) and the posts made while editing (a
condition checked as typed, a criterion saved, a visibility check, a finding acknowledged).
The first visit after an edit computes the logic check; later visits of the same revision
reuse it, which is what an admin going back and forth sees.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'editor_bench.sqlite3'}")
TARGET_MS = 500


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs

    import django

    django.setup()  # models can only be imported once settings are loaded, hence below
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from assessments.models import CriteriaSet, Questionnaire, VersionStatus
    from assessments.selectors import published_criteria_set, published_questionnaire
    from assessments.services.publishing import content_draft_from

    logging.disable(logging.WARNING)  # the request log would bury the table
    setup_test_environment()  # lets the test client talk to the app (ALLOWED_HOSTS: testserver)
    call_command("migrate", verbosity=0)
    if not get_user_model().objects.filter(is_staff=True).exists():
        call_command("load_demo", verbosity=0)
    admin = get_user_model().objects.filter(groups__name="Admins").order_by("pk").first()
    criteria = CriteriaSet.objects.filter(status=VersionStatus.DRAFT).first() or content_draft_from(
        version=published_criteria_set(), user=admin
    )
    questionnaire = Questionnaire.objects.filter(status=VersionStatus.DRAFT).first() or content_draft_from(
        version=published_questionnaire(), user=admin
    )
    criterion = criteria.criteria.order_by("pk").first()
    question = questionnaire.questions.exclude(visible_when="").order_by("pk").first()
    client = Client()
    client.force_login(admin)
    # Past the MFA step as django-otp's login() records it: the bench times pages, not sign-in.
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=admin, name="editor bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    def acknowledge():
        findings = criteria.logic_findings()
        key = findings[0].key if findings else "never_matches:none"
        return client.post(  # and the publish page it leads back to
            reverse("editor-acknowledge", args=["criteria", criteria.pk]),
            {"finding": key, "note": "intended"},
            follow=True,
        )

    pages = {
        "editor home": lambda: client.get(reverse("editor-home")),
        "criteria editor": lambda: client.get(reverse("editor-criteria", args=[criteria.pk])),
        "golden cases panel": lambda: client.get(reverse("editor-golden", args=[criteria.pk])),
        "condition checked as typed": lambda: client.post(
            reverse("editor-validate", args=[criteria.pk]), {"condition": criterion.condition}
        ),
        "criterion saved": lambda: client.post(
            reverse("editor-criterion", args=[criteria.pk, criterion.pk]), {"condition": criterion.condition}
        ),
        "publish criteria (logic check)": lambda: client.get(reverse("editor-publish", args=["criteria", criteria.pk])),
        "acknowledge a finding": acknowledge,
        "questionnaire editor": lambda: client.get(reverse("editor-questionnaire", args=[questionnaire.pk])),
        "visibility checked as typed": lambda: client.post(
            reverse("editor-visibility-validate", args=[questionnaire.pk, question.pk]),
            {"visible_when": question.visible_when},
        ),
        "publish questionnaire": lambda: client.get(
            reverse("editor-publish", args=["questionnaires", questionnaire.pk])
        ),
    }
    print(f"{'page':34} {'first':>9} {'p50':>9}  target")
    slow = 0
    for name, visit in pages.items():
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = visit()
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{name}: HTTP {response.status_code} (expected the page itself)")
        p50 = statistics.median(times)
        slow += p50 > TARGET_MS
        verdict = "ok" if p50 <= TARGET_MS else "SLOW"
        print(f"{name:34} {times[0]:7.0f} ms {p50:6.0f} ms  < {TARGET_MS} ms {verdict}")
    print(f"{len(pages) - slow} of {len(pages)} pages under {TARGET_MS} ms at p50 ({runs} runs each)")


if __name__ == "__main__":
    main()
