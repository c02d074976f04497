"""The staff API docs page (Swagger UI from drf-spectacular-sidecar) in headless Chromium: the
operations load from the schema, and the page passes axe-core at 1280 and 390 px."""

import pytest

from tests.browser import assert_accessible, page, sign_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consultant_reads_the_api_docs_and_the_page_passes_axe(page, alice):  # noqa: F811
    sign_in(page)
    # Swagger UI draws the operations from the schema after load: axe checks what it drew.
    assert_accessible(page, "/api/v1/docs/", drawn="/api/v1/engagements/")
