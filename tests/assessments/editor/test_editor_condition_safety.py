"""No condition an admin types can give the editor a 500, as you type or once it is saved.

The 80 KB and deeply nested conditions are tested in tests/engine/test_condition_safety.py, in
a subprocess: if the guard ever broke, they would crash the test process itself.
"""

import http.client
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from assessments.selectors import published_questionnaire
from assessments.services.publishing import content_draft_from
from tests.assessments.editor_history import draft_with_condition

FAILING = {"1/0": "Division by zero", "1 % 0": "Modulo by zero", "9223372036854775807 + 1": "Integer overflow"}


@pytest.mark.parametrize(("condition", "problem"), FAILING.items())
def test_the_condition_validator_answers_an_evaluation_error_with_the_problem(admin_client, ada, condition, problem):
    draft = draft_with_condition(ada, "fit_style_voice", '"style_voice" in goals')
    response = admin_client.post(reverse("editor-validate", args=[draft.pk]), {"condition": condition})
    assert response.status_code == 200
    assert problem in response.content.decode() and "line 1, column" in response.content.decode()


def test_a_saved_division_by_zero_leaves_the_criteria_editor_showing_the_problem(admin_client, ada):
    draft = draft_with_condition(ada, "fit_style_voice", "1/0")
    rule = draft.policy_rules.first()
    rule.condition = "1 % 0"
    rule.save()
    response = admin_client.get(reverse("editor-criteria", args=[draft.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Division by zero" in page and "Modulo by zero" in page


def test_a_saved_visibility_condition_that_fails_leaves_the_questionnaire_editor_working(admin_client, ada):
    draft = content_draft_from(version=published_questionnaire(), user=ada)
    question = draft.questions.get(slug="knowledge_change_rate")
    url = reverse("editor-visibility-validate", args=[draft.pk, question.pk])
    response = admin_client.post(url, {"visible_when": "1/0"})
    assert response.status_code == 200 and "Division by zero" in response.content.decode()
    question.visible_when = "9223372036854775807 + 1"
    question.save()
    response = admin_client.get(reverse("editor-questionnaire", args=[draft.pk]))
    assert response.status_code == 200


SIXTY = "[" + ",".join(str(i) for i in range(60)) + "]"
# Issue #20's condition (a validate request took 76 s, /healthz waited 74 s): nested maps, with
# padding before each bracket that hid them from the old text guard.
PAD = " " * 30
FROZE_THE_SERVER = f"{SIXTY}.map(a, {SIXTY}.map{PAD}(b, {SIXTY}.map{PAD}(c, a + b + c))).size() > 0"


def _timed(server: str, path: str, body: str | None = None, cookie: str = "") -> tuple[float, int, str]:
    """(seconds, status, page) of one real HTTP request to the live server."""
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(server).netloc, timeout=120)
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    started = time.perf_counter()
    connection.request("POST" if body is not None else "GET", path, body=body, headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()
    return time.perf_counter() - started, response.status, page


def test_a_hostile_condition_is_refused_at_once_and_healthz_answers_meanwhile(live_server, client, ada):
    draft = draft_with_condition(ada, "fit_style_voice", '"style_voice" in goals')
    client.force_login(ada)
    token = "c" * 32  # Django accepts a form token equal to the CSRF cookie
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}"
    form = urllib.parse.urlencode({"condition": FROZE_THE_SERVER, "csrfmiddlewaretoken": token})
    with ThreadPoolExecutor(max_workers=2) as pool:
        checking = pool.submit(_timed, live_server.url, reverse("editor-validate", args=[draft.pk]), form, cookie)
        health = pool.submit(_timed, live_server.url, reverse("healthz"))
        (checked_in, status, page), (healthy_in, health_status, _) = checking.result(), health.result()
    assert status == 200 and "nests one list macro" in page
    assert health_status == 200
    # The condition froze the server for over a minute before the guard; 10 s tells a stall from
    # a loaded test machine (the speed itself is bench/engine_bench.py's).
    assert checked_in < 10.0 and healthy_in < 10.0
