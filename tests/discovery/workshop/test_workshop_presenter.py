"""The workshop on the shared screen: internal annotations start collapsed, and presenter mode
leaves every internal field (notes, disagreement, who changed what) out of the page itself."""

import pytest
from django.urls import reverse

from assessments.models import Answer
from discovery.models import ConsultantProfile
from tests.discovery.engagement_factories import make_annotated_workshop

NOTE = "CFO privately doubts the budget"
DETAIL = "CTO says 500, product lead says 80"


@pytest.fixture
def annotated_workshop(alice, bob):
    return make_annotated_workshop(lead=alice, colleague=bob, note=NOTE, detail=DETAIL, confidence="unsure")


def workshop_page(client, engagement) -> str:
    return client.get(reverse("workshop", args=[engagement.pk])).content.decode()


def switch(client, engagement, value, section="0"):
    return client.post(reverse("workshop-presenter", args=[engagement.pk]), {"presenter": value, "section": section})


@pytest.mark.django_db
def test_an_annotated_question_opens_with_its_notes_collapsed(client, annotated_workshop, alice):
    client.force_login(alice)
    html = workshop_page(client, annotated_workshop)
    assert NOTE in html  # still there to edit, outside presenter mode
    assert '<details class="mt-3 workshop-annotations">' in html
    assert 'workshop-annotations" open' not in html


@pytest.mark.django_db
def test_presenter_mode_leaves_notes_disagreement_and_names_out_of_the_page(client, annotated_workshop, alice):
    client.force_login(alice)
    response = switch(client, annotated_workshop, "on", section="0")
    assert response.status_code == 302 and response["Location"].endswith("/workshop/?section=0")
    html = workshop_page(client, annotated_workshop)
    for internal in (NOTE, DETAIL, "never shown to the client", "Stakeholders disagree", "Changes to this answer"):
        assert internal not in html, internal
    assert 'name="note"' not in html and 'name="annotations"' not in html
    assert "Bob" not in html  # who set the answer stays off the shared screen
    assert 'aria-pressed="true"' in html and "Presenter mode: on" in html


@pytest.mark.django_db
def test_presenter_mode_is_remembered_per_consultant(client, annotated_workshop, alice, bob):
    client.force_login(alice)
    switch(client, annotated_workshop, "on")
    assert ConsultantProfile.objects.get(user=alice).presenter_mode is True
    client.logout()
    client.force_login(alice)  # a new session: still on
    assert NOTE not in workshop_page(client, annotated_workshop)
    client.force_login(bob)  # Bob's own setting is untouched
    assert NOTE in workshop_page(client, annotated_workshop)
    client.force_login(alice)
    switch(client, annotated_workshop, "off")
    assert NOTE in workshop_page(client, annotated_workshop)


@pytest.mark.django_db
def test_a_presenter_save_changes_the_answer_and_keeps_the_notes(client, annotated_workshop, alice):
    client.force_login(alice)
    switch(client, annotated_workshop, "on")
    response = client.post(
        reverse("workshop-answer", args=[annotated_workshop.pk, "request_volume"]), {"value": "high", "revision": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Saved." in html
    assert NOTE not in html and "Changes to this answer" not in html
    answer = Answer.objects.get(question_slug="request_volume")
    assert (answer.value, answer.note, answer.disagreement_detail) == ("high", NOTE, DETAIL)
    assert answer.stakeholders_disagree and answer.confidence == "unsure"


@pytest.mark.django_db
def test_a_presenter_conflict_does_not_name_the_colleague(client, annotated_workshop, alice):
    client.force_login(alice)
    switch(client, annotated_workshop, "on")
    html = client.post(
        reverse("workshop-answer", args=[annotated_workshop.pk, "request_volume"]), {"value": "high", "revision": "0"}
    ).content.decode()
    assert "Someone else changed this answer" in html and "a colleague set it" in html and "Bob" not in html


@pytest.mark.django_db
def test_the_switch_is_for_consultants_only(client, annotated_workshop, charlie):
    client.force_login(charlie)
    assert switch(client, annotated_workshop, "on").status_code == 403
    assert not ConsultantProfile.objects.filter(user=charlie).exists()


@pytest.mark.django_db
def test_a_malformed_section_on_the_switch_falls_back_to_the_first(client, annotated_workshop, alice):
    client.force_login(alice)
    response = switch(client, annotated_workshop, "on", section="²")
    assert response.status_code == 302 and response["Location"].endswith("?section=0")
    assert client.get(reverse("workshop-presenter", args=[annotated_workshop.pk])).status_code == 405
