"""Data-protection requests and several respondents: the contact's export lists everyone who
answered their assessments (who, what each said, when invited or removed, links by state and
dates, never a token or its hash), and erasing the contact covers the respondent rows too."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Reconciliation, Respondent, RespondentAnswer
from discovery.models import ClientLink, Contact
from discovery.privacy.services import ERASED, ERASED_LABEL, contact_erase
from tests.discovery.client_helpers import answer_everything, emailed_token, open_link, section_post

pytestmark = pytest.mark.django_db

DANA, SAM = "dana@northwind.example", "sam@northwind.example"


@pytest.fixture
def team(client, django_capture_on_commit_callbacks):
    """The contact (lead respondent) answered everything and invited Dana (data lead), who
    disagreed on the curated examples and wrote the use case in her own words, and Sam, who was
    removed before answering; the lead settled the disagreement naming themselves."""
    engagement = open_link(client, django_capture_on_commit_callbacks)
    answer_everything(client)
    with django_capture_on_commit_callbacks(execute=True):
        for name, email in (("Dana Data", DANA), ("Sam Sales", SAM)):
            client.post("/my/colleagues/", {"name": name, "email": email, "role": "data lead", "sections": ["data"]})
    colleague = Client()
    colleague.get(f"/c/{emailed_token(DANA)}/")
    colleague.post("/my/questions/data/autosave/", section_post("data", curated_examples="under_100"))
    sam = Respondent.objects.get(email=SAM)
    client.post(f"/my/colleagues/{sam.pk}/remove/")
    contact = engagement.contact
    client.post(
        "/my/disagreements/curated_examples/settle/",
        {"value": '"under_100"', "note": f"{contact.name} checked Dana's count."},
    )
    return engagement


def _export(client, ada, contact) -> tuple[dict, str]:
    client.force_login(ada)
    response = client.post(reverse("contact-privacy-export", args=[contact.pk]))
    assert response.status_code == 200
    return json.loads(response.content), response.content.decode()


def test_the_export_lists_every_respondent_with_their_answers_invitation_and_link_state(team, ada):
    data, _ = _export(Client(), ada, team.contact)
    [assessment] = data["engagements"][0]["assessments"]
    by_email = {r["email"]: r for r in assessment["respondents"]}
    lead = next(r for r in assessment["respondents"] if r["lead"])
    assert lead["name"] == team.contact.name and lead["answers"]
    dana = by_email[DANA]
    assert (dana["name"], dana["role"], dana["sections"], dana["invited_by"]) == (
        "Dana Data",
        "data lead",
        ["data"],
        team.contact.name,
    )
    assert dana["invited_at"] and dana["removed_at"] is None
    assert {"question": "curated_examples", "value": "under_100"}.items() <= next(
        a for a in dana["answers"] if a["question"] == "curated_examples"
    ).items()
    [link] = dana["links"]
    assert link["state"] == "usable" and set(link) == {
        "state",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    }
    sam = by_email[SAM]
    assert sam["removed_at"] and sam["removed_by"] == f"Client ({team.contact.name})"
    assert [link["state"] for link in sam["links"]] == ["revoked"]
    [settled] = assessment["disagreements_settled"]
    assert settled["question"] == "curated_examples" and settled["value"] == "under_100"


def test_the_export_never_holds_a_respondents_link_token_or_hash(team, ada):
    _, text = _export(Client(), ada, team.contact)
    assert "token" not in text
    for token_hash in ClientLink.objects.filter(respondent__isnull=False).values_list("token_hash", flat=True):
        assert token_hash not in text
    assert emailed_token(DANA) not in text


def test_erasing_the_contact_covers_the_respondent_rows_and_ends_every_colleagues_link(team, ada):
    contact = Contact.objects.get(pk=team.contact_id)
    name = contact.name
    contact_erase(contact=contact, user=ada, confirm_email=contact.email)
    lead = Respondent.objects.get(assessment__engagement=team, is_lead=True)
    assert (lead.name, lead.email, lead.role) == (ERASED_LABEL, "", "")
    # Colleagues are other people: their rows stay, with the contact taken out of them.
    for colleague in Respondent.objects.filter(is_lead=False):
        assert name not in colleague.invited_by_label and name not in colleague.removed_by_label
    assert Respondent.objects.get(email=SAM).removed_by_label == f"Client ({ERASED})"
    # Free text every respondent typed is blanked; choices stay.
    for own in RespondentAnswer.objects.filter(question_slug="use_case_summary"):
        assert own.value == ""
    assert RespondentAnswer.objects.get(respondent__email=DANA, question_slug="curated_examples").value == "under_100"
    settled = Reconciliation.objects.get()
    assert name not in settled.note and name not in settled.settled_by_label
    assert not ClientLink.objects.usable().filter(engagement=team).exists()
    assert Client().get(f"/c/{emailed_token(DANA)}/")["Location"] == "/request/link-not-valid/"
