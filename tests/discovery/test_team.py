"""The team page: admins invite, change, deactivate and reset MFA; consultants get 403."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device

from discovery.engagements.selectors import engagement_queue, engineer_suggestions
from discovery.models import ConsultantProfile, EngagementEvent, TeamEvent
from discovery.roles import CONSULTANTS, is_admin, is_consultant
from tests.discovery.engagement_factories import make_engagement

pytestmark = pytest.mark.django_db

INVITE = {
    "email": "Nia@Discovery.example",
    "first_name": "Nia",
    "last_name": "Park",
    "role": "consultant",
    "title": "ML Engineer",
    "skills": ["rag", "evaluation"],
    "external_load": "1",
}


# Alice's name and email as the member form shows them.
ALICE = {"first_name": "Alice", "last_name": "", "email": "alice@discovery.example"}


def _invite_link() -> str:
    return urlsplit(re.search(r"http\S+/accounts/invite/\S+/", mail.outbox[-1].body).group(0)).path


def test_an_admin_sees_the_team_with_roles_and_mfa(client, ada, alice):
    client.force_login(ada)
    response = client.get(reverse("team"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Alice" in body and "Ada" in body and "Audit trail" in body


@pytest.mark.parametrize("name", ["team", "team-member"])
def test_consultants_and_people_without_a_role_get_403(client, alice, charlie, name):
    args = [alice.pk] if name == "team-member" else []
    for person in (alice, charlie):
        client.force_login(person)
        assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("name", ["team-invite", "team-member-deactivate", "team-member-mfa-reset"])
def test_consultants_cannot_post_team_changes(client, alice, bob, name):
    client.force_login(alice)
    args = [] if name == "team-invite" else [bob.pk]
    assert client.post(reverse(name, args=args), INVITE).status_code == 403
    bob.refresh_from_db()
    assert bob.is_active and not TeamEvent.objects.exists()


def test_an_invitation_creates_the_account_and_emails_a_one_time_link(client, ada, django_capture_on_commit_callbacks):
    client.force_login(ada)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("team-invite"), INVITE)
    assert response.status_code == 302
    profile = ConsultantProfile.objects.get(user__username="nia@discovery.example")
    assert profile.skills == ["rag", "evaluation"] and profile.external_load == 1
    assert is_consultant(profile.user) and not profile.user.has_usable_password()
    assert mail.outbox[-1].to == ["nia@discovery.example"]
    event = TeamEvent.objects.get()
    assert (event.kind, event.actor, event.subject) == (TeamEvent.INVITED, ada, profile.user)

    client.logout()
    link = _invite_link()
    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    set_password = form_page.redirect_chain[-1][0]
    new = {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"}
    assert client.post(set_password, new).status_code == 302
    assert client.post(reverse("login"), {"username": "nia@discovery.example", "password": new["new_password1"]})
    assert client.get(reverse("home")).url == reverse("queue")
    client.logout()
    assert "doesn't work" in client.get(link, follow=True).content.decode()  # used once


def test_an_invitation_link_expires(client, ada, settings, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(ada)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("team-invite"), INVITE)
    client.logout()
    time_machine.shift(settings.PASSWORD_RESET_TIMEOUT + 60)
    assert "doesn't work" in client.get(_invite_link(), follow=True).content.decode()


def test_an_invitation_with_bad_fields_or_a_known_email_is_refused(client, ada, alice):
    client.force_login(ada)
    bad = {**INVITE, "email": "not-an-email", "skills": ["juggling"], "external_load": "-1", "role": "boss"}
    assert client.post(reverse("team-invite"), bad).status_code == 400
    assert client.post(reverse("team-invite"), {**INVITE, "email": alice.email}).status_code == 400
    assert not TeamEvent.objects.exists() and not mail.outbox


def test_an_admin_changes_role_and_staffing_profile(client, ada, alice):
    client.force_login(ada)
    assert client.get(reverse("team-member", args=[alice.pk])).status_code == 200
    data = {**ALICE, "role": "admin", "title": "Principal", "skills": ["fine_tuning"], "external_load": "3"}
    assert client.post(reverse("team-member", args=[alice.pk]), data).status_code == 302
    alice.refresh_from_db()
    alice = type(alice).objects.get(pk=alice.pk)  # fresh permission cache
    assert is_admin(alice) and alice.is_staff
    assert alice.profile.skills == ["fine_tuning"] and alice.profile.external_load == 3
    event = TeamEvent.objects.get()
    assert "role → Admin" in event.message and "external load → 3" in event.message
    profile, match, load = engineer_suggestions(["fine_tuning"])[0]
    assert profile.user == alice and load == 3


def test_a_member_edit_with_bad_input_or_unknown_id_is_refused(client, ada, alice):
    client.force_login(ada)
    bad = {"role": "boss", "title": "", "skills": ["juggling"], "external_load": "x"}
    assert client.post(reverse("team-member", args=[alice.pk]), bad).status_code == 400
    assert client.get(reverse("team-member", args=[999999])).status_code == 404
    assert client.get("/team/" + "9" * 25 + "/").status_code == 404  # no match: the <id:…> converter
    # An admin can't demote themself (the team could be left without one).
    mine = {"first_name": "Ada", "email": ada.email, "role": "consultant", "title": "Head", "external_load": "0"}
    assert client.post(reverse("team-member", args=[ada.pk]), mine).status_code == 400
    assert not TeamEvent.objects.exists()


def test_deactivating_flags_open_engagements_for_reassignment(client, ada, alice):
    led = make_engagement("Harbour Health", lead=alice)
    client.force_login(ada)
    team_page = client.get(reverse("team")).content.decode()
    assert f'action="{reverse("team-member-deactivate", args=[alice.pk])}"' not in team_page  # one click can't
    confirm = client.get(reverse("team-member-deactivate", args=[alice.pk]))
    assert confirm.status_code == 200 and "Deactivate Alice?" in confirm.content.decode()
    assert "1 open engagement(s) they lead" in confirm.content.decode()
    alice.refresh_from_db()
    assert alice.is_active and not TeamEvent.objects.exists()
    assert client.post(reverse("team-member-deactivate", args=[alice.pk])).status_code == 302
    alice.refresh_from_db()
    led.refresh_from_db()
    assert not alice.is_active and led.lead is None
    assert EngagementEvent.objects.get(engagement=led, kind="lead_left").message == "Lead Alice left; reassign"
    assert engagement_queue(user=ada).get(pk=led.pk).needs_reassignment
    assert "Lead left — reassign" in client.get(reverse("queue")).content.decode()
    assert TeamEvent.objects.get().kind == TeamEvent.DEACTIVATED
    assert alice not in [p.user for p, _, _ in engineer_suggestions([])]
    client.logout()
    assert "_auth_user_id" not in client.post(reverse("login"), {"username": "alice", "password": "x"}).client.session


def test_an_admin_cannot_deactivate_themself_or_an_unknown_id(client, ada):
    client.force_login(ada)
    client.post(reverse("team-member-deactivate", args=[ada.pk]))
    ada.refresh_from_db()
    assert ada.is_active and not TeamEvent.objects.exists()
    assert client.post(reverse("team-member-deactivate", args=[999999])).status_code == 404
    assert client.get(reverse("team-member-deactivate", args=[999999])).status_code == 404
    assert client.put(reverse("team-member-deactivate", args=[ada.pk])).status_code == 405


def test_another_admin_resets_a_lost_device_and_it_is_audited(client, ada, alice):
    client.force_login(alice)  # gives Alice a device (see conftest)
    assert user_has_device(alice)
    client.force_login(ada)
    confirm = client.get(reverse("team-member-mfa-reset", args=[alice.pk]))
    assert confirm.status_code == 200 and "Reset two-step sign-in for Alice?" in confirm.content.decode()
    assert user_has_device(alice) and not TeamEvent.objects.exists()
    assert client.post(reverse("team-member-mfa-reset", args=[alice.pk])).status_code == 302
    assert not user_has_device(alice)
    event = TeamEvent.objects.get()
    assert (event.kind, event.actor, event.subject) == (TeamEvent.MFA_RESET, ada, alice)
    assert "Reset MFA for Alice" in client.get(reverse("team")).content.decode()


def test_an_admin_cannot_reset_their_own_mfa_or_an_unknown_id(client, ada):
    client.force_login(ada)
    client.post(reverse("team-member-mfa-reset", args=[ada.pk]))
    assert user_has_device(ada) and not TeamEvent.objects.exists()
    assert client.post(reverse("team-member-mfa-reset", args=[999999])).status_code == 404


def test_a_deactivated_member_is_reactivated_signs_in_again_and_it_is_audited(client, ada, alice):
    client.force_login(ada)
    client.post(reverse("team-member-deactivate", args=[alice.pk]))
    assert "Reactivate" in client.get(reverse("team")).content.decode()
    assert client.post(reverse("team-member-reactivate", args=[alice.pk])).status_code == 302
    alice.refresh_from_db()
    assert alice.is_active
    event = TeamEvent.objects.first()
    assert (event.kind, event.actor, event.subject, event.message) == (
        TeamEvent.REACTIVATED,
        ada,
        alice,
        "Reactivated Alice",
    )
    client.logout()
    assert client.post(reverse("login"), {"username": "alice", "password": "correct horse battery"}).status_code == 302


def test_reactivating_someone_active_an_unknown_id_or_by_get_is_refused(client, ada, alice):
    client.force_login(ada)
    response = client.post(reverse("team-member-reactivate", args=[alice.pk]), follow=True)
    assert "Alice can already sign in." in response.content.decode() and not TeamEvent.objects.exists()
    assert client.post(reverse("team-member-reactivate", args=[999999])).status_code == 404
    assert client.get(reverse("team-member-reactivate", args=[alice.pk])).status_code == 405


def test_an_admin_corrects_a_name_and_email_the_trail_keeps_the_old_name(client, ada, django_user_model):
    # An invited member: their username is their email, so it follows the new address.
    nia = django_user_model.objects.create_user(
        "nia@discovery.example", email="nia@discovery.example", first_name="Nia", password="correct horse battery"
    )
    nia.groups.set(Group.objects.filter(name=CONSULTANTS))
    client.force_login(ada)
    form = client.get(reverse("team-member", args=[nia.pk])).content.decode()
    assert 'value="nia@discovery.example"' in form
    data = {"first_name": "Nia", "last_name": "Park-Lee", "email": " Nia.Park@Discovery.example ", "role": "consultant"}
    response = client.post(reverse("team-member", args=[nia.pk]), {**data, "title": "ML", "external_load": "0"})
    assert response.status_code == 302
    nia.refresh_from_db()
    assert (nia.get_full_name(), nia.email, nia.username) == ("Nia Park-Lee", "nia.park@discovery.example", nia.email)
    event = TeamEvent.objects.get()
    assert event.subject_name == "Nia" and event.kind == TeamEvent.UPDATED
    assert "name → Nia Park-Lee" in event.message
    assert "email nia@discovery.example → nia.park@discovery.example" in event.message
    client.logout()
    signed_in = client.post(
        reverse("login"), {"username": "nia.park@discovery.example", "password": "correct horse battery"}
    )
    assert signed_in.status_code == 302


def test_an_email_that_belongs_to_someone_else_is_refused(client, ada, alice, bob):
    client.force_login(ada)
    data = {**ALICE, "email": bob.email, "role": "consultant", "title": "Architect", "external_load": "0"}
    response = client.post(reverse("team-member", args=[alice.pk]), data)
    assert response.status_code == 400 and "already belongs to someone else" in response.content.decode()
    alice.refresh_from_db()
    assert alice.email == "alice@discovery.example" and not TeamEvent.objects.exists()
    bad = {**data, "email": "not an email", "first_name": ""}
    assert client.post(reverse("team-member", args=[alice.pk]), bad).status_code == 400
