"""Every URL, for every persona, with real ids, garbage ids and garbage posts.

The walk covers the whole URL configuration, so a new view is covered the moment it is routed.
It proves two things for each request:

* the server never answers 5xx, whatever the path or the posted fields say;
* a request that was refused (4xx, or sent to sign in / to "link not valid") wrote no row, and a
  request from someone with no role (anonymous, a client, a signed-in user without a role, a
  staff-only user) changed no row that existed before it (public pages may only add rows).

Each request runs inside a transaction that is rolled back, so every request sees the same world.
"""

import hashlib
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from assessments.models import ImpactRun, Report, Respondent, SampleUpload
from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services.baseline import baseline_create
from assessments.services.evaluation import assessment_evaluate
from assessments.services.publishing import content_draft_from
from discovery.api.services import integration_token_create
from discovery.models import ClientLink, OutgoingEmail, SsoDomain, WebhookDelivery
from discovery.roles import ADMINS, CONSULTANTS
from discovery.webhooks.services import webhook_endpoint_create
from tests.assessments.baseline_factories import eval_lines, make_connection
from tests.assessments.reports.factories import make_assessment

pytestmark = pytest.mark.django_db

# Tables a harmless request may write: sign-in bookkeeping, sessions, and audit history.
# History tables only ever gain rows, and every change they record shows in the table they follow.
UNWATCHED_PREFIXES = ("django_session", "axes_", "django_admin_log", "assessments_historical", "django_migrations")

GARBAGE_IDS = {"int": ["9" * 25], "other": ["abc", "²"]}
GARBAGE_POST = {
    "lead": "²",
    "current_lead": "9" * 25,
    "remove": "²",
    "questionnaire": "²",
    "choice-²": "x",
    "choice-1": "\x00",
    "target": "not-a-status",
    "revision": "²",
    "expected_revision": "9" * 25,
    "order": "²",
    "value": "\x00",
    "engineers": ["²", "9" * 25],
    "override_verdict": "made_up",
    "kind": "²",
    "verdict": "²",
    "condition": "1/0",
    "email": "x",
    "annotations": "{",
    "section": "²",
    "present": ["²"],
    "reason": "\x00",
    "note": "\x00",
    "name": "²",
    "create_draft": "1",
    "slug": "²",
    "save": "1",
}
NO_ROLE = ("anonymous", "charlie", "stella")  # may never change a stored row, whatever they reach
REFUSED_LOCATIONS = ("/accounts/login/", "/request/link-not-valid/")


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (f"{namespace}{entry.name}" if entry.name else prefix)


ROUTES = sorted(set(_walk(get_resolver())), key=lambda r: r[1] or r[0])


def _area(route: str) -> str:
    """Routes are walked in groups (one world built per group): the first path segment, and
    for the admin its app and model."""
    parts = [p for p in route.lstrip("^").split("/") if p]
    if not parts:
        return "home"
    if parts[0] == "admin":
        return "/".join(parts[:3]) if len(parts) > 2 and not parts[2].startswith(("(", "<")) else "admin"
    return parts[0]


AREAS = {}
for _route, _name in ROUTES:
    AREAS.setdefault(_area(_route), []).append((_route, _name))


class World:
    """Real objects of every kind a URL can name: two engagements (Alice's and Bob's), a
    report, a client link, a failed email, draft content, an impact run and an uploaded sample
    (failed, its file still held, so Try again has something to do)."""

    def __init__(self, alice, bob):
        self.assessment = make_assessment("fine_tune", lead=alice, organisation="Aurora Airways")
        self.engagement = self.assessment.engagement
        self.other = make_assessment("not_yet", lead=bob, organisation="Borealis Bank").engagement
        # With its evaluation, so the pages that read one (review, "save as golden case") do.
        evaluation = assessment_evaluate(assessment=self.assessment)
        self.evaluation = evaluation
        self.report = Report.objects.create(
            assessment=self.assessment, number=1, status=Report.READY, evaluation=evaluation
        )
        self.link, _ = ClientLink.issue(self.engagement)
        self.email = OutgoingEmail.objects.create(
            kind=OutgoingEmail.CLIENT_LINK, engagement=self.engagement, status=OutgoingEmail.FAILED, error="refused"
        )
        self.questionnaire = published_questionnaire()
        self.criteria_set = published_criteria_set()
        draft_questionnaire = _draft(self.questionnaire, alice)
        draft_criteria = _draft(self.criteria_set, alice)
        self.draft_questionnaire, self.draft_criteria = draft_questionnaire, draft_criteria
        self.run = ImpactRun.objects.create(criteria_set=draft_criteria, started_by=alice)
        self.sample = SampleUpload(assessment=self.assessment, kind="training", status=SampleUpload.FAILED)
        self.sample.file.save("walk.jsonl", ContentFile(b'{"prompt": "a", "completion": "b"}\n'))
        # The integrations: a token, a webhook endpoint with a failed delivery, an allowed SSO domain.
        self.token, _ = integration_token_create(name="Walk CRM", scope="read_write", role="admin", user=alice)
        self.endpoint = webhook_endpoint_create(url="http://127.0.0.1:9/walk", events=["report.ready"], user=alice)
        self.delivery = WebhookDelivery.objects.create(
            endpoint=self.endpoint, event="report.ready", message_id="msg_walk", payload={}, status="failed"
        )
        self.sso_domain = SsoDomain.objects.create(domain="walk.example")
        # A baseline run, prepared (not started: nothing is sent), on a connection with no key.
        self.connection = make_connection(sealed=False, key_variable="WALK_NO_SUCH_KEY")
        # A colleague of the client answering too, so "remove a colleague" has someone to remove.
        self.respondent = Respondent.objects.create(
            assessment=self.assessment, name="Walk Colleague", email="walk.colleague@client.example"
        )
        self.baseline = baseline_create(
            assessment=self.assessment, connection=self.connection, model_id="test-model", eval_lines=eval_lines(2)
        )

    def real(self, route: str, param: str) -> str:
        """A real value for `param` in `route`: the object of the kind the route is about."""
        q, c = self.draft_questionnaire, self.draft_criteria
        by_param = {
            "link_id": self.link.pk,
            "email_id": self.email.pk,
            "assessment_id": self.assessment.pk,
            "criterion_pk": c.criteria.first().pk,
            "rule_pk": c.policy_rules.first().pk,
            "case_pk": c.golden_cases.first().pk,
            "run_pk": self.run.pk,
            "question_pk": q.questions.first().pk,
            "section_pk": q.sections.first().pk,
            "choice_pk": q.questions.filter(choices__isnull=False).first().choices.first().pk,
            "old_pk": self.criteria_set.pk,
            "new_pk": c.pk,
            "token": "not-a-real-token",
            "kind": "criteria",
            "action": "up",
            "app_label": "assessments",
            "delivery_id": self.delivery.pk,
            "respondent": self.respondent.pk,
        }
        if "samples/" in route and (param == "sample_id" or (param == "pk" and route.startswith("my/"))):
            return str(self.sample.pk)
        if route.startswith("my/colleagues/") and param == "pk":
            return str(self.respondent.pk)
        if "baseline/" in route and param == "run_id":
            return str(self.baseline.pk)
        if route.startswith("admin/assessments/modelconnection/"):
            return str(self.connection.pk)
        if "samples/" in route and param == "kind":
            return "training"
        if param in by_param:
            return str(by_param[param])
        by_prefix = {
            "api/v1/organisations/": self.engagement.organisation_id,
            "api/v1/assessments/": self.assessment.pk,
            "api/v1/reports/": self.report.pk,
            "api/v1/evaluations/": self.evaluation.pk,
            "integrations/tokens/": self.token.pk,
            "integrations/webhooks/": self.endpoint.pk,
            "integrations/sso/": self.sso_domain.pk,
        }
        for prefix, pk in by_prefix.items():
            if route.startswith(prefix):
                return str(pk)
        if param == "slug":
            return "use_case" if route.startswith("my/") else "request_volume"
        if route.startswith("reports/"):
            return str(self.report.pk)
        if route.startswith("editor/questionnaires/"):
            return str(q.pk)
        if route.startswith("editor/"):
            return str(c.pk)
        if route.startswith("admin/assessments/questionnaire/"):
            return str(self.questionnaire.pk)
        if route.startswith("admin/assessments/criteriaset/"):
            return str(self.criteria_set.pk)
        if route.startswith("organisations/"):
            return str(self.engagement.organisation_id)
        return str(self.engagement.pk)


def _draft(version, user):
    return content_draft_from(version=version, user=user)


def _params(route: str) -> list[tuple[str, str]]:
    """(converter, name) of each parameter in a route, Django-style or regex-style."""
    params = [(m.group(1) or "str", m.group(2)) for m in re.finditer(r"<(?:(\w+):)?(\w+)>", route)]
    params += [("str", m.group(1)) for m in re.finditer(r"\(\?P<(\w+)>", route)]
    params += [("str", f"group{i}") for i, _ in enumerate(re.findall(r"\(\[\^/\]\+\)", route))]
    return params


def _path(route: str, values: dict[str, str]) -> str:
    path = route.lstrip("^").replace("\\Z", "").replace("$", "")
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], path)
    counter = iter(range(100))
    path = re.sub(r"\(\[\^/\]\+\)", lambda m: values[f"group{next(counter)}"], path)
    return "/" + path.replace("^", "")


def _paths(route: str, world: World) -> list[str]:
    params = _params(route)
    real = {name: world.real(route, name) for _, name in params}
    paths = [_path(route, real)]
    for converter, name in params:
        for garbage in GARBAGE_IDS["int" if converter in ("int", "id") else "other"]:
            paths.append(_path(route, {**real, name: garbage}))
    return list(dict.fromkeys(paths))


def _fingerprint() -> dict[str, dict]:
    """Every watched table as {primary key: hash of the row}."""
    tables = [t for t in connection.introspection.table_names() if not t.startswith(UNWATCHED_PREFIXES)]
    state = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            state[table] = {row[0]: hashlib.sha256(repr(row).encode()).hexdigest() for row in cursor.fetchall()}
    return state


def _changed_rows(before: dict, after: dict) -> list[str]:
    """Rows that existed before and are now different or gone (added rows are not listed)."""
    changed = []
    for table, rows in before.items():
        now = after.get(table, {})
        changed += [f"{table}#{pk}" for pk, digest in rows.items() if now.get(pk) != digest]
    return changed


def _refused(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    return response.status_code in (301, 302) and response["Location"].startswith(REFUSED_LOCATIONS)


@pytest.fixture
def personas(alice, bob, ada, charlie, django_user_model):
    staff_only = django_user_model.objects.create_user("stella", password="x", is_staff=True)
    return {
        "anonymous": None,
        "client": "client",
        "charlie": charlie,
        "stella": staff_only,
        "bob": bob,
        "alice": alice,
        "ada": ada,
    }


def _client_for(persona, world) -> Client:
    client = Client(raise_request_exception=False)
    if persona == "client":
        _, token = ClientLink.issue(world.engagement)
        client.get(f"/c/{token}/")
    elif persona is not None:
        client.force_login(persona)
    return client


def _request(client, method, path, before, *, watch: bool):
    """One request in a transaction that is undone afterwards, so the next one sees `before` again.

    Returns (response, rows changed, rows added); the rows are compared only when `watch` is set
    or the request was refused (comparing costs more than the request).
    """
    with transaction.atomic():
        response = client.get(path) if method == "GET" else client.post(path, GARBAGE_POST)
        changed, added = [], 0
        if watch or _refused(response):
            after = _fingerprint()
            changed = _changed_rows(before, after)
            added = sum(len(set(after.get(t, {})) - set(rows)) for t, rows in before.items())
        transaction.set_rollback(True)
    return response, changed, added


@pytest.mark.parametrize("area", sorted(AREAS))
def test_no_url_answers_5xx_or_lets_someone_without_a_right_write(area, personas, alice, bob):
    assert Group.objects.filter(name__in=[ADMINS, CONSULTANTS]).count() == 2
    world = World(alice, bob)
    problems = []
    paths = [path for route, _ in AREAS[area] for path in _paths(route, world)]
    for label, persona in personas.items():
        client = _client_for(persona, world)
        before = _fingerprint()
        for path in paths:
            for method in ("GET", "POST"):
                response, changed, added = _request(client, method, path, before, watch=label in NO_ROLE)
                where = f"{label} {method} {path}"
                # /readyz answers 503 by design when the broker or database is slow to answer.
                if response.status_code >= 500 and not (path == "/readyz" and response.status_code == 503):
                    problems.append(f"{where}: {response.status_code}")
                elif _refused(response) and (changed or added):
                    problems.append(f"{where}: refused ({response.status_code}) but wrote {changed or added}")
                elif label in NO_ROLE and changed:
                    problems.append(f"{where}: changed {changed}")
    assert not problems, "\n".join(problems)


def test_the_walk_reaches_every_kind_of_route():
    names = {name for _, name in ROUTES}
    for expected in (
        "client-intake",
        "engagement-assign",
        "engagement-email-resend",
        "workshop-attendees",
        "editor-criteria-target",
        "editor-golden-add",
        "editor-golden-action",
        "editor-golden-answers",
        "editor-section-add",
        "editor-section-action",
        "editor-preview",
        "reports:golden-case",
        "client-sample-upload",
        "workshop-sample-retry",
        "client-colleagues",
        "client-disagreement-settle",
        "engagement-disagreements",
        "engagement-disagreement-settle",
        "engagement-respondent-invite",
        "engagement-respondent-remove",
        "client-colleague-remove",
        "engagement-reassess",
        "organisation",
        "organisation-compare",
        "api:engagement-transition",
        "api:report-pdf",
        "api:schema",
        "api-token-revoke",
        "webhook-delivery-replay",
        "sso-domain-remove",
        "oidc_authentication_callback",
    ):
        assert expected in names
    assert any(name.startswith("reports:") for name in names)
    assert any(name.startswith("admin:assessments_questionnaire") for name in names)
