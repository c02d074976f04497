"""The OpenAPI schema: valid OpenAPI 3, one operation per endpoint, and Schemathesis's generated
requests (a bounded number per operation) answered without a server error."""

import os

import pytest
import schemathesis
from django.urls import get_resolver
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate

from tests.discovery.api.tokens import bearer, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema_json(client, ada):
    _, raw = make_token(ada, name="Schema reader")
    response = client.get("/api/v1/schema/?format=json", **bearer(raw))
    assert response.status_code == 200
    return (
        response.json()
        if response["Content-Type"].startswith("application/json")
        else __import__("yaml").safe_load(response.content)
    )


def test_the_schema_is_valid_openapi_3(schema_json):
    validate(schema_json)
    assert schema_json["openapi"].startswith("3.")
    assert "integrationToken" in schema_json["components"]["securitySchemes"]


def test_the_schema_has_exactly_the_routed_endpoints(schema_json):
    routed = set()
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) == "" and getattr(pattern, "urlconf_name", None) and "api" in str(pattern.urlconf_name):
            pass
    from discovery.api.urls import api_patterns

    for entry in api_patterns:
        if entry.name not in ("schema", "docs"):
            routed.add("/api/v1/" + str(entry.pattern).replace("<id:pk>", "{id}"))
    assert routed == set(schema_json["paths"])


def test_a_consultant_reads_the_docs_page_and_nobody_else_does(client, alice, charlie):
    assert client.get("/api/v1/docs/")["Location"].startswith("/accounts/login/")
    client.force_login(charlie)
    assert client.get("/api/v1/docs/").status_code == 403
    client.force_login(alice)
    page = client.get("/api/v1/docs/")
    # Its assets are ours (drf-spectacular-sidecar), and its script a file, so the CSP holds.
    assert page.status_code == 200 and b"swagger-ui-dist" in page.content and b"jsdelivr" not in page.content


# More examples on demand (SCHEMA_EXAMPLES=400) when hunting a rare input; 15 keep the suite fast.
EXAMPLES = int(os.environ.get("SCHEMA_EXAMPLES", "15"))


def test_schemathesis_finds_no_server_error(schema_json, ada, transactional_db):
    _, raw = make_token(ada, name="Schemathesis", role="admin")
    from django.core.wsgi import get_wsgi_application

    schema = schemathesis.openapi.from_dict(schema_json)
    app = get_wsgi_application()
    failures = []
    for operation in schema.get_all_operations():

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.ok().as_strategy())
        def run(case):
            response = case.call(app=app, headers={"Authorization": f"Bearer {raw}"})
            if response.status_code >= 500:
                # The query and headers make the failure reproducible from the CI log alone.
                request = f"{case.method} {case.formatted_path} query={case.query} headers={case.headers}"
                failures.append(f"{request}: {response.status_code}")

        run()
    assert not failures, "\n".join(failures)
