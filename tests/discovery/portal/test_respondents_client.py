"""Several respondents through their private links: invitations, what a colleague may see and
answer, disagreements on the review page, settling them, and submission waiting for them."""

import pytest
from django.core import mail
from django.test import Client

from assessments.models import Answer, Assessment, Reconciliation, Respondent
from discovery.models import ClientLink, Engagement
from discovery.portal.services.client_links import client_link_reissue
from tests.discovery.client_helpers import answer_everything, emailed_token, open_link, section_post

pytestmark = pytest.mark.django_db

DANA = "dana@northwind.example"


@pytest.fixture
def engagement(client, django_capture_on_commit_callbacks):
    return open_link(client, django_capture_on_commit_callbacks)


def _invite(client, django_capture_on_commit_callbacks, sections=("data", "evaluation")):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/my/colleagues/",
            {"name": "Dana Data", "email": DANA, "role": "data lead", "sections": list(sections)},
        )
    assert response.status_code == 302, response.content.decode()[:1500]


def _colleague(django_capture_on_commit_callbacks) -> Client:
    colleague = Client()
    colleague.get(f"/c/{emailed_token(DANA)}/")
    return colleague


def _answer(engagement, slug):
    return Answer.objects.get(assessment__engagement=engagement, question_slug=slug).value


def test_the_lead_invites_a_colleague_who_gets_their_own_private_link(
    client, engagement, django_capture_on_commit_callbacks
):
    answer_everything(client)
    _invite(client, django_capture_on_commit_callbacks)
    dana = Respondent.objects.get(email=DANA)
    assert dana.sections == ["data", "evaluation"] and not dana.is_lead
    lead = Respondent.objects.get(is_lead=True)
    assert lead.answers.count() == Answer.objects.filter(assessment=dana.assessment, value__isnull=False).count()
    [message] = [m for m in mail.outbox if DANA in m.to]
    assert "Nora North" in message.body
    link = ClientLink.objects.get(respondent=dana)
    assert link.engagement_id == engagement.pk and link.token_hash not in message.body


def test_a_colleague_sees_only_their_sections_and_never_the_leads_pages(
    client, engagement, django_capture_on_commit_callbacks
):
    _invite(client, django_capture_on_commit_callbacks)
    colleague = _colleague(django_capture_on_commit_callbacks)
    assert colleague.get("/my/questions/data/").status_code == 200
    assert colleague.get("/my/questions/use_case/").status_code == 404
    for path in ("/my/colleagues/", "/my/report/"):
        assert colleague.get(path).status_code == 404
    assert colleague.post("/my/submit/").status_code == 404
    # A post naming a question of another section saves nothing there.
    colleague.post(
        "/my/questions/data/autosave/",
        {**section_post("data"), "goals": ["task_behaviour"], "present": ["curated_examples", "goals"]},
    )
    assert not Answer.objects.filter(question_slug="goals", assessment__engagement=engagement).exists()


def test_when_a_colleague_disagrees_the_review_page_shows_who_said_what_and_the_verdict_each_gives(
    client, engagement, django_capture_on_commit_callbacks
):
    answer_everything(client)
    _invite(client, django_capture_on_commit_callbacks)
    colleague = _colleague(django_capture_on_commit_callbacks)
    colleague.post("/my/questions/data/autosave/", section_post("data", curated_examples="under_100"))
    assert _answer(engagement, "curated_examples") is None
    page = client.get("/my/review/").content.decode()
    assert "Where respondents disagree" in page
    assert "Dana Data (data lead)" in page and "Fewer than 100 curated examples" in page
    assert "Not yet" in page and "Fine-tune" in page
    # While it is open the recommendation itself is not decided, and the disputed question is why.
    not_decided = page[page.index('id="not-decided"') :]
    assert "Not decided yet" in not_decided and "#q-curated_examples" in not_decided


def test_submission_waits_for_a_disagreement_that_changes_the_verdict_then_settling_it_lets_it_through(
    client, engagement, django_capture_on_commit_callbacks
):
    answer_everything(client)
    _invite(client, django_capture_on_commit_callbacks)
    colleague = _colleague(django_capture_on_commit_callbacks)
    colleague.post("/my/questions/data/autosave/", section_post("data", curated_examples="under_100"))
    refused = client.post("/my/submit/")
    assert refused.status_code == 400
    assert "Respondents disagree on" in refused.content.decode()
    assert Assessment.objects.get(engagement=engagement).is_open
    settled = client.post(
        "/my/disagreements/curated_examples/settle/", {"value": '"under_100"', "note": "Dana counted them."}
    )
    assert settled.status_code == 302
    assert _answer(engagement, "curated_examples") == "under_100"
    assert Reconciliation.objects.get().settled_by_label == "Client (Nora North)"
    assert client.post("/my/submit/").status_code == 302
    assert Engagement.objects.get(pk=engagement.pk).status == Engagement.SUBMITTED


def test_settling_without_a_note_is_refused_and_changes_nothing(client, engagement, django_capture_on_commit_callbacks):
    answer_everything(client)
    _invite(client, django_capture_on_commit_callbacks)
    colleague = _colleague(django_capture_on_commit_callbacks)
    colleague.post("/my/questions/data/autosave/", section_post("data", curated_examples="under_100"))
    response = client.post(
        "/my/disagreements/curated_examples/settle/", {"value": '"under_100"', "note": ""}, follow=True
    )
    assert "Say in a note why" in response.content.decode()
    garbled = client.post("/my/disagreements/curated_examples/settle/", {"value": "{not json", "note": "x"})
    assert garbled.status_code == 302
    assert not Reconciliation.objects.exists()


def test_a_colleague_can_not_settle_a_disagreement(client, engagement, django_capture_on_commit_callbacks):
    answer_everything(client)
    _invite(client, django_capture_on_commit_callbacks)
    colleague = _colleague(django_capture_on_commit_callbacks)
    colleague.post("/my/questions/data/autosave/", section_post("data", curated_examples="under_100"))
    response = colleague.post("/my/disagreements/curated_examples/settle/", {"value": '"under_100"', "note": "mine"})
    assert response.status_code == 404
    assert not Reconciliation.objects.exists()


def test_reissuing_the_contacts_link_leaves_a_colleagues_link_working(
    client, engagement, django_capture_on_commit_callbacks, alice
):
    _invite(client, django_capture_on_commit_callbacks)
    client_link_reissue(engagement=engagement, user=alice)
    assert ClientLink.objects.usable().filter(respondent__email=DANA).exists()
    assert (
        not ClientLink.objects.usable()
        .filter(respondent__isnull=True, created_at__lt=ClientLink.objects.latest("created_at").created_at)
        .exists()
    )


def test_an_invitation_with_a_bad_address_is_refused_with_the_form_and_nobody_is_added(client, engagement):
    response = client.post("/my/colleagues/", {"name": "Dana", "email": "not an address"})
    assert response.status_code == 400
    assert not Respondent.objects.filter(is_lead=False).exists()


def test_the_lead_removes_a_colleague_whose_link_stops_working_at_once_and_whose_answer_stops_counting(
    client, engagement, django_capture_on_commit_callbacks
):
    answer_everything(client)
    _invite(client, django_capture_on_commit_callbacks)
    colleague = _colleague(django_capture_on_commit_callbacks)
    colleague.post("/my/questions/data/autosave/", section_post("data", curated_examples="under_100"))
    assert _answer(engagement, "curated_examples") is None  # disputed
    dana = Respondent.objects.get(email=DANA)
    response = client.post(f"/my/colleagues/{dana.pk}/remove/", follow=True)
    assert "Dana Data was removed" in response.content.decode()
    # Her session and her link open nothing any more, even mid-visit.
    assert colleague.get("/my/questions/data/").status_code == 404
    assert not ClientLink.objects.usable().filter(respondent=dana).exists()
    assert Client().get(f"/c/{emailed_token(DANA)}/")["Location"] == "/request/link-not-valid/"
    # Her answer is kept as history; the lead's is the answer again, with no disagreement left.
    dana.refresh_from_db()
    assert dana.is_removed and dana.removed_by_label == "Client (Nora North)"
    assert dana.answers.get(question_slug="curated_examples").value == "under_100"
    lead = Respondent.objects.get(is_lead=True)
    leads = lead.answers.get(question_slug="curated_examples").value
    assert leads is not None and _answer(engagement, "curated_examples") == leads
    assert "Where respondents disagree" not in client.get("/my/review/").content.decode()
    assert "no longer count" in client.get("/my/colleagues/").content.decode()
    event = engagement.events.get(kind="respondent_removed")
    assert event.message == "Client (Nora North) removed Dana Data (data lead) from answering"


def test_a_colleague_can_not_remove_anyone_and_the_lead_can_not_be_removed(
    client, engagement, django_capture_on_commit_callbacks
):
    _invite(client, django_capture_on_commit_callbacks)
    colleague = _colleague(django_capture_on_commit_callbacks)
    lead = Respondent.objects.get(is_lead=True)
    dana = Respondent.objects.get(email=DANA)
    assert colleague.post(f"/my/colleagues/{lead.pk}/remove/").status_code == 404
    refused = client.post(f"/my/colleagues/{lead.pk}/remove/", follow=True)
    assert "The lead respondent can&#x27;t be removed" in refused.content.decode()
    assert not Respondent.objects.filter(removed_at__isnull=False).exists()
    assert client.post("/my/colleagues/999999/remove/").status_code == 404
    assert ClientLink.objects.usable().filter(respondent=dana).exists()


def test_no_colleague_is_removed_once_the_answers_are_submitted(client, engagement, django_capture_on_commit_callbacks):
    answer_everything(client)
    _invite(client, django_capture_on_commit_callbacks)
    assert client.post("/my/submit/").status_code == 302
    dana = Respondent.objects.get(email=DANA)
    response = client.post(f"/my/colleagues/{dana.pk}/remove/", follow=True)
    assert "can be removed only while you are answering" in response.content.decode()
    dana.refresh_from_db()
    assert not dana.is_removed
