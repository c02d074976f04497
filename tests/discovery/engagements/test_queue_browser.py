"""The queue on a phone (390 px) in headless Chromium: every row's 48-hour state, how long the
answer took or how overdue it is, stays inside the card, and the page passes axe-core."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from discovery.models import Engagement
from tests.browser import PHONE, assert_accessible, page, sign_in  # noqa: F401
from tests.discovery.engagement_factories import make_submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_the_response_time_and_overdue_text_stay_in_view(page, alice):  # noqa: F811
    answered = make_submitted("Linden Software", hours_ago=60)
    Engagement.objects.filter(pk=answered.pk).update(
        first_response_at=answered.submitted_at + timedelta(days=1, hours=3)
    )
    make_submitted("Kestrel Logistics", hours_ago=60)
    sign_in(page)
    page.set_viewport_size(PHONE)
    page.reload()
    for text in ("Answered in 1 d 3 h", "overdue by 12 h"):
        cell = page.get_by_text(text)
        expect(cell).to_be_visible()
        # The text itself (not just its box) ends inside the cards' box, which scrolls sideways
        # and so would hide anything past its edge.
        right = cell.evaluate(
            "el => { const r = document.createRange(); r.selectNodeContents(el);"
            " const box = el.closest('.table-responsive');"
            " return [r.getBoundingClientRect().right, box.getBoundingClientRect().right]; }"
        )
        assert right[0] <= right[1], (text, right)
    assert_accessible(page, "/queue/")
