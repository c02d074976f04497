import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_a_csp_without_unsafe_inline_and_deny_framing(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_public_home_explains_the_assessment_and_links_to_a_request(client):
    page = client.get("/").content.decode()
    assert "Request a readiness assessment" in page
    assert "2 working days" in page
