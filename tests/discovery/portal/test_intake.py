"""The public request page: what a request creates, duplicates, and abuse protection."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail

from assessments.models import Assessment
from assessments.selectors import published_questionnaire
from discovery.models import Contact, Engagement, Organisation
from tests.discovery.client_helpers import VALID_REQUEST, emailed_token, request_assessment

pytestmark = pytest.mark.django_db


def test_the_public_home_links_to_the_request_page(client):
    assert 'href="/request/"' in client.get("/").content.decode()


def test_the_request_page_is_public_and_has_a_labelled_form(client):
    response = client.get("/request/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("organisation", "industry", "name", "email", "role", "use_case", "consent"):
        assert f'for="id_{field}"' in html


def test_a_request_creates_organisation_contact_engagement_and_assessment(client, django_capture_on_commit_callbacks):
    response = request_assessment(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/request/sent/"
    engagement = Engagement.objects.get()
    assert engagement.source == Engagement.SELF_SERVICE
    assert engagement.status == Engagement.REQUESTED
    assert engagement.organisation.name == "Northwind Insurance Ltd"
    assert engagement.contact.email == "nora@northwind.example"
    assert engagement.contact.consent_to_contact is True
    assert engagement.response_due_at == Engagement.response_due_from(engagement.created_at)  # working days
    assessment = Assessment.objects.get(engagement=engagement)
    assert assessment.questionnaire == published_questionnaire()


def test_the_use_case_typed_on_the_request_prefills_the_first_question(client, django_capture_on_commit_callbacks):
    request_assessment(client, django_capture_on_commit_callbacks)
    assessment = Assessment.objects.get()
    assert assessment.answer_values() == {"use_case_summary": VALID_REQUEST["use_case"]}
    client.cookies.clear()
    client.get(f"/c/{emailed_token(VALID_REQUEST['email'])}/")
    page = client.get("/my/questions/use_case/").content.decode()
    assert VALID_REQUEST["use_case"] in page.split('id="id-use_case_summary"', 1)[1].split("</textarea>", 1)[0]
    # Still the client's to change.
    client.post(
        "/my/questions/use_case/autosave/", {"use_case_summary": "Summarise claims.", "present": ["use_case_summary"]}
    )
    assert assessment.answer_values()["use_case_summary"] == "Summarise claims."


def test_the_link_is_emailed_and_never_shown_on_screen_or_kept_in_the_session(
    client, django_capture_on_commit_callbacks
):
    response = request_assessment(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nora@northwind.example"]
    token = emailed_token("nora@northwind.example")
    stored_sessions = " ".join(str(s.get_decoded()) for s in Session.objects.all())
    assert token not in stored_sessions and token not in response.serialize().decode()
    sent = client.get("/request/sent/")
    assert sent["Referrer-Policy"] == "no-referrer"
    assert "no-store" in sent["Cache-Control"]
    first = sent.content.decode()
    assert "check your inbox" in first and "/c/" not in first and token not in first
    again = client.get("/request/sent/")
    assert again.status_code == 302  # the confirmation is shown once


def test_a_known_address_gets_the_same_public_answer_as_a_new_one(client, django_capture_on_commit_callbacks):
    first = request_assessment(client, django_capture_on_commit_callbacks)
    new_page = client.get("/request/sent/").content.decode()
    again = request_assessment(client, django_capture_on_commit_callbacks)
    known_page = client.get("/request/sent/").content.decode()
    assert (first.status_code, first["Location"]) == (again.status_code, again["Location"])
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"|"X-CSRFToken": "[^"]*"')
    assert strip.sub("", new_page) == strip.sub("", known_page)
    assert len(mail.outbox) == 2  # the email says the rest: a fresh link to the open request


def test_intake_never_changes_a_known_contact_or_organisation(client, django_capture_on_commit_callbacks):
    organisation = Organisation.objects.create(name="Northwind Insurance Ltd")
    Contact.objects.create(
        organisation=organisation, name="Lena Marsh", role="Managing Editor", email="nora@northwind.example"
    )
    request_assessment(
        client, django_capture_on_commit_callbacks, name="Renamed By Anonymous", role="Attacker", industry="Crime"
    )
    contact = Contact.objects.get()
    assert (contact.name, contact.role, contact.consent_to_contact) == ("Lena Marsh", "Managing Editor", False)
    organisation.refresh_from_db()
    assert organisation.industry == ""
    engagement = Engagement.objects.get()
    assert engagement.contact == contact
    assert engagement.requested_details["name"] == "Renamed By Anonymous"
    assert engagement.requested_details["role"] == "Attacker"
    assert engagement.requested_details["industry"] == "Crime"


def test_a_new_contact_at_a_known_organisation_is_added_without_touching_the_others(
    client, django_capture_on_commit_callbacks
):
    organisation = Organisation.objects.create(name="Northwind Insurance Ltd", industry="Insurance")
    Contact.objects.create(organisation=organisation, name="Lena Marsh", role="Editor", email="lena@northwind.example")
    request_assessment(client, django_capture_on_commit_callbacks)
    assert sorted(Contact.objects.values_list("name", "role")) == [
        ("Lena Marsh", "Editor"),
        ("Nora North", "Head of Claims"),
    ]
    assert Organisation.objects.get().industry == "Insurance"


def test_a_new_organisation_and_contact_are_created_from_what_was_typed(client, django_capture_on_commit_callbacks):
    request_assessment(client, django_capture_on_commit_callbacks)
    engagement = Engagement.objects.get()
    assert (engagement.organisation.industry, engagement.contact.name) == ("Insurance", "Nora North")
    assert engagement.requested_details == {
        "organisation": "Northwind Insurance Ltd",
        "industry": "Insurance",
        "name": "Nora North",
        "role": "Head of Claims",
        "email": "nora@northwind.example",
        "consent_to_contact": True,
    }


def test_an_organisation_is_reused_by_its_normalised_name(client, django_capture_on_commit_callbacks):
    Organisation.objects.create(name="NORTHWIND insurance", industry="Insurance")
    request_assessment(client, django_capture_on_commit_callbacks)
    assert Organisation.objects.count() == 1
    assert Engagement.objects.get().organisation.name == "NORTHWIND insurance"


def test_a_name_that_is_only_a_legal_form_is_refused_with_a_message(client, django_capture_on_commit_callbacks):
    response = request_assessment(client, django_capture_on_commit_callbacks, organisation="Ltd.")
    assert response.status_code == 400
    assert "not only its legal form" in response.content.decode()
    assert not Organisation.objects.exists()


def test_names_in_any_script_are_kept_and_reused_without_their_accents(client, django_capture_on_commit_callbacks):
    Organisation.objects.create(name="Café Nordsjø GmbH")
    Organisation.objects.create(name="株式会社サクラ")
    request_assessment(client, django_capture_on_commit_callbacks, organisation="cafe nordsjø")
    request_assessment(
        client, django_capture_on_commit_callbacks, organisation="株式会社サクラ", email="aoi@sakura.example"
    )
    assert Organisation.objects.count() == 2
    assert sorted(Engagement.objects.values_list("organisation__name", flat=True)) == [
        "Café Nordsjø GmbH",
        "株式会社サクラ",
    ]


@pytest.mark.parametrize("name", ["&" * 200, "\ufdfa" * 200, "a&" * 100])
def test_a_name_whose_key_grows_past_the_column_still_goes_through(client, django_capture_on_commit_callbacks, name):
    # "&" reads " and ", and NFKD turns one ligature into 18 letters: the key is cut to its column
    # (PostgreSQL refuses a longer value; SQLite would not notice).
    response = request_assessment(client, django_capture_on_commit_callbacks, organisation=name)
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.name == name
    assert 0 < len(organisation.normalised_name) <= Organisation._meta.get_field("normalised_name").max_length


def test_the_same_email_with_an_open_engagement_gets_a_fresh_link_not_a_second_engagement(
    client, django_capture_on_commit_callbacks
):
    request_assessment(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    response = request_assessment(client, django_capture_on_commit_callbacks, email="NORA@northwind.example")
    assert response.status_code == 302
    assert Engagement.objects.count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nora@northwind.example"]
    page = client.get("/request/sent/").content.decode()
    assert "check your inbox" in page and "/c/" not in page


def test_a_closed_engagement_does_not_stop_a_new_request(client, django_capture_on_commit_callbacks):
    request_assessment(client, django_capture_on_commit_callbacks)
    Engagement.objects.update(status=Engagement.CLOSED)
    request_assessment(client, django_capture_on_commit_callbacks)
    assert Engagement.objects.count() == 2
    assert Contact.objects.count() == 1


def test_missing_fields_get_clear_messages_and_nothing_is_created(client):
    response = client.post("/request/", {**VALID_REQUEST, "email": "not-an-email", "consent": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert "We need your permission to contact you" in html
    assert Engagement.objects.count() == 0


def test_the_honeypot_refuses_a_bot_and_creates_nothing(client, django_capture_on_commit_callbacks):
    for _ in range(2):  # sending the returned form again with the field filled in still fails
        response = request_assessment(client, django_capture_on_commit_callbacks, website="http://spam.example")
        assert response.status_code == 400
    assert Engagement.objects.count() == 0 and not mail.outbox
    assert "Please check your details below" in response.content.decode()


def test_a_person_caught_by_the_honeypot_gets_their_words_back_and_can_send_again(
    client, django_capture_on_commit_callbacks
):
    response = request_assessment(client, django_capture_on_commit_callbacks, website="autofilled.example")
    html = response.content.decode()
    assert 'value="nora@northwind.example"' in html and VALID_REQUEST["use_case"] in html
    assert "autofilled.example" not in html  # the hidden field comes back empty
    assert request_assessment(client, django_capture_on_commit_callbacks).status_code == 302
    assert Engagement.objects.count() == 1


def test_requests_from_one_ip_are_limited_per_hour(client, settings, django_capture_on_commit_callbacks):
    settings.INTAKE_LIMIT_PER_IP = 2
    for n in range(2):
        assert (
            request_assessment(client, django_capture_on_commit_callbacks, email=f"p{n}@x.example").status_code == 302
        )
    response = request_assessment(client, django_capture_on_commit_callbacks, email="p9@x.example")
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert 'value="p9@x.example"' in response.content.decode()  # what they typed is kept
    assert Engagement.objects.count() == 2


def test_requests_for_one_email_are_limited_per_hour(client, settings, django_capture_on_commit_callbacks):
    settings.INTAKE_LIMIT_PER_EMAIL = 2
    for n in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/request/", VALID_REQUEST, REMOTE_ADDR=f"10.0.0.{n}").status_code == 302
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/request/", VALID_REQUEST, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert len(mail.outbox) == sent  # no third email to the same address


def test_names_are_kept_to_one_line(client, django_capture_on_commit_callbacks):
    request_assessment(client, django_capture_on_commit_callbacks, organisation="Evil\r\nBcc: x@y.example", name="A\nB")
    engagement = Engagement.objects.get()
    assert engagement.organisation.name == "Evil Bcc: x@y.example"
    assert engagement.contact.name == "A B"


def test_a_null_character_in_a_request_is_dropped_and_the_request_goes_through(client):
    # web.middleware drops U+0000 from every field before the form sees it.
    response = client.post("/request/", {**VALID_REQUEST, "organisation": "North\x00wind"})
    assert response.status_code == 302
    assert Engagement.objects.get().organisation.name == "Northwind"


def test_the_link_email_is_an_outbox_row_queued_as_a_task_only_when_the_request_commits(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from discovery import tasks
    from discovery.models import OutgoingEmail

    queued = []
    monkeypatch.setattr(tasks.outgoing_email_send_task, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/request/", VALID_REQUEST)
        assert not queued  # nothing leaves before the engagement is safely stored
    assert len(callbacks) == 1
    callbacks[0]()
    # The task gets the outbox row's id only and the link is issued when it is sent: no token ever
    # sits in the broker or the outbox.
    email = OutgoingEmail.objects.get()
    assert queued == [(email.pk,)]
    assert email.kind == OutgoingEmail.CLIENT_LINK and email.engagement == Engagement.objects.get()
